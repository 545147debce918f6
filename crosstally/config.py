"""Settings come from the environment or CLI options, resolved by one function.

Alembic, the CLI, the crawler and the review app all call :func:`get_settings`, so
the database they touch is always the same one. Every default is relative to the working
directory (``./data``, ``./sources``), never to where crosstally is installed: an installed
package's directory is no place for an organisation's data or its source files. What crosstally
ships (migrations, language files, lexicons, templates, the sample sites) is package data, read
by the module it belongs to from inside the installed package.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from pathlib import Path

ENV_DATABASE_URL = "CROSSTALLY_DATABASE_URL"
ENV_DATA_DIR = "CROSSTALLY_DATA_DIR"
ENV_SOURCES_DIR = "CROSSTALLY_SOURCES_DIR"
ENV_REDIS_URL = "CROSSTALLY_REDIS_URL"
DEFAULT_DATA_DIR = "data"
DEFAULT_SOURCES_DIR = "sources"


@dataclass(frozen=True)
class Settings:
    data_dir: Path
    database_url: str
    sources_dir: Path
    redis_url: str | None = None

    @property
    def warc_dir(self) -> Path:
        return self.data_dir / "warc"

    @property
    def lock_path(self) -> Path:
        return self.data_dir / "crosstally.lock"

    def with_overrides(
        self, *, data_dir: str | Path | None = None, database_url: str | None = None
    ) -> Settings:
        """Options given on the command line win over the environment."""
        new = self
        if data_dir is not None:
            new = replace(new, data_dir=Path(data_dir).resolve())
            if database_url is None and ENV_DATABASE_URL not in os.environ:
                new = replace(new, database_url=default_database_url(new.data_dir))
        if database_url is not None:
            new = replace(new, database_url=database_url)
        return new


def default_database_url(data_dir: Path) -> str:
    return f"sqlite:///{data_dir / 'crosstally.sqlite'}"


def get_settings(env: dict[str, str] | None = None) -> Settings:
    env = dict(os.environ if env is None else env)
    data_dir = Path(env.get(ENV_DATA_DIR) or DEFAULT_DATA_DIR).resolve()
    database_url = env.get(ENV_DATABASE_URL) or default_database_url(data_dir)
    sources_dir = Path(env.get(ENV_SOURCES_DIR) or DEFAULT_SOURCES_DIR).resolve()
    return Settings(
        data_dir=data_dir,
        database_url=database_url,
        sources_dir=sources_dir,
        redis_url=env.get(ENV_REDIS_URL) or None,
    )
