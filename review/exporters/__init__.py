"""Exporters registered by name, each declaring its file extension and media type.

An exporter turns the rows of :func:`review.exporters.rows.export_rows` into bytes. Output is
deterministic: rows in claim-id order, no timestamp of "now" anywhere, fixed xlsx metadata, so
exporting the same data twice gives byte-identical files.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from crosstally.errors import ConfigError

Rows = list[dict[str, Any]]


@dataclass(frozen=True)
class Exporter:
    name: str
    extension: str
    media_type: str
    render: Callable[[Rows], bytes]
    binary: bool = False  # binary output needs a file, never a terminal
    # Files written beside the main one (CSV: datapackage.json), given its path and the rows.
    sidecar: Callable[[Path, Rows], dict[str, bytes]] | None = None


REGISTRY: dict[str, Exporter] = {}


def register(exporter: Exporter) -> Exporter:
    REGISTRY[exporter.name] = exporter
    return exporter


def get_exporter(name: str) -> Exporter:
    _load_builtins()
    try:
        return REGISTRY[name]
    except KeyError:
        known = ", ".join(sorted(REGISTRY))
        raise ConfigError(f"unknown export format {name!r} (known: {known})") from None


def names() -> list[str]:
    _load_builtins()
    return sorted(REGISTRY)


def _load_builtins() -> None:
    # Importing a module registers its exporter.
    from review.exporters import delimited, htmlpage, jsonfile, markdown, workbook  # noqa: F401
