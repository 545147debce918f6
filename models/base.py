"""Declarative base, naming convention and shared column types for every model module."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any

from sqlalchemy import JSON, DateTime, MetaData, String, Text
from sqlalchemy.orm import DeclarativeBase, mapped_column

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    return datetime.now(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {
        datetime: DateTime(timezone=True),
        dict[str, Any]: JSON,
        list[Any]: JSON,
    }


intpk = Annotated[int, mapped_column(primary_key=True)]
created = Annotated[datetime, mapped_column(default=utcnow)]
url_str = Annotated[str, mapped_column(Text)]
sha256 = Annotated[str, mapped_column(String(64))]
# Partial dates keep their precision: "2024", "2024-07" or "2024-07-17".
partial_date = Annotated[str | None, mapped_column(String(10))]
