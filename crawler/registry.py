"""The source registry: one small YAML file per source under sources/, one typed model.

Adding a source never touches Python; a broken file is reported with its path and the
field at fault, and nothing is crawled from a registry that does not validate.
"""

from __future__ import annotations

import hashlib
import re
from datetime import timedelta
from pathlib import Path
from typing import Annotated, Literal
from urllib.parse import urlsplit

import yaml
from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from crosstally.errors import ConfigError

ALLOWED_SCHEMES = ("http", "https")
_INTERVAL = re.compile(r"^\s*(\d+)\s*([smhdw])\s*$")
_UNITS = {"s": "seconds", "m": "minutes", "h": "hours", "d": "days", "w": "weeks"}


def check_http_url(value: str) -> str:
    """Only http(s) URLs with a host: file:// and friends would read local files."""
    parts = urlsplit(value)
    if parts.scheme.lower() not in ALLOWED_SCHEMES or not parts.hostname:
        raise ValueError(f"must be an http(s) URL with a host, got {value!r}")
    return value


def check_regex(value: str) -> str:
    try:
        re.compile(value)
    except re.error as error:
        raise ValueError(f"not a valid regular expression: {error}") from None
    return value


HttpUrl = Annotated[str, AfterValidator(check_http_url)]
Regex = Annotated[str, AfterValidator(check_regex)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Listing(Strict):
    url: HttpUrl
    link_pattern: Regex
    next_pattern: Regex | None = None
    max_pages: int = Field(default=20, ge=1, le=10_000)


class Discovery(Strict):
    feeds: list[HttpUrl] = []
    sitemaps: list[HttpUrl] = []
    listings: list[Listing] = []
    article_pattern: Regex | None = None

    @model_validator(mode="after")
    def _something_to_crawl(self) -> Discovery:
        if not (self.feeds or self.sitemaps or self.listings):
            raise ValueError("needs at least one of feeds, sitemaps or listings")
        return self


class CrawlLimits(Strict):
    interval: timedelta = timedelta(hours=6)
    max_depth: int = Field(default=3, ge=0, le=20)
    max_age_days: int = Field(default=365, ge=1)
    max_pages: int = Field(default=5_000, ge=1)

    @field_validator("interval", mode="before")
    @classmethod
    def _parse_interval(cls, value: object) -> object:
        if isinstance(value, str):
            match = _INTERVAL.match(value)
            if not match:
                raise ValueError("use a number and a unit, e.g. 30m, 6h, 1d")
            return timedelta(**{_UNITS[match.group(2)]: int(match.group(1))})
        return value


class Politeness(Strict):
    download_delay: float = Field(default=1.0, ge=0)
    concurrency_per_domain: int = Field(default=2, ge=1, le=32)
    obey_robots: bool = True
    user_agent: str | None = None


class SourceConfig(Strict):
    """One source, as declared in its file."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]{1,62}$")
    # At most the columns' length: PostgreSQL refuses longer names where SQLite stores them.
    name: str = Field(min_length=1, max_length=200)
    kind: Literal["ngo", "news", "social", "official"]
    publisher: str = Field(min_length=1, max_length=200)
    role: Literal["primary", "secondary"]
    languages: list[Annotated[str, Field(pattern=r"^[a-z]{2}$")]] = Field(min_length=1)
    home_url: HttpUrl
    verified_offline: bool = False
    allowed_domains: list[str] = Field(min_length=1)
    discovery: Discovery
    crawl: CrawlLimits = CrawlLimits()
    politeness: Politeness = Politeness()
    notes: str | None = None

    @model_validator(mode="after")
    def _urls_inside_allowed_domains(self) -> SourceConfig:
        urls = [self.home_url, *self.discovery.feeds, *self.discovery.sitemaps]
        urls += [listing.url for listing in self.discovery.listings]
        for url in urls:
            if not domain_allowed(urlsplit(url).hostname or "", self.allowed_domains):
                raise ValueError(f"{url} is outside allowed_domains {self.allowed_domains}")
        return self


class LoadedSource(BaseModel):
    model_config = ConfigDict(frozen=True)

    config: SourceConfig
    path: Path
    sha256: str


def domain_allowed(host: str, allowed: list[str]) -> bool:
    host = host.lower()
    return any(host == d.lower() or host.endswith("." + d.lower()) for d in allowed)


def load_source(path: Path) -> LoadedSource:
    """Parse and validate one file; errors name the file and the field."""
    try:
        raw = path.read_bytes()
        data = yaml.safe_load(raw)
    except OSError as error:
        raise ConfigError(f"{path}: cannot read: {error.strerror}") from None
    except yaml.YAMLError as error:
        raise ConfigError(f"{path}: not valid YAML: {error}") from None
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: expected a mapping of fields at the top level")
    try:
        config = SourceConfig.model_validate(data)
    except ValidationError as error:
        raise ConfigError(f"{path}: {_describe(error)}") from None
    if config.id != path.stem:
        raise ConfigError(f"{path}: field 'id': {config.id!r} must match the file name")
    return LoadedSource(config=config, path=path, sha256=hashlib.sha256(raw).hexdigest())


def _describe(error: ValidationError) -> str:
    problems = []
    for item in error.errors():
        field = ".".join(str(part) for part in item["loc"]) or "(top level)"
        message = item["msg"].removeprefix("Value error, ")
        problems.append(f"field '{field}': {message}")
    return "; ".join(problems)


def source_files(directory: Path) -> list[Path]:
    if not directory.is_dir():
        raise ConfigError(f"sources directory {directory} does not exist")
    return sorted(p for p in directory.glob("*.y*ml") if p.suffix in (".yaml", ".yml"))


def load_registry(directory: Path) -> dict[str, LoadedSource]:
    """Every source in the directory; all problems reported at once."""
    sources: dict[str, LoadedSource] = {}
    problems: list[str] = []
    for path in source_files(directory):
        try:
            loaded = load_source(path)
        except ConfigError as error:
            problems.append(str(error))
            continue
        if loaded.config.id in sources:
            problems.append(f"{path}: field 'id': {loaded.config.id!r} is also used elsewhere")
        sources[loaded.config.id] = loaded
    if problems:
        raise ConfigError("invalid source files:\n  " + "\n  ".join(problems))
    return sources


def select(registry: dict[str, LoadedSource], ids: list[str]) -> list[LoadedSource]:
    unknown = [i for i in ids if i not in registry]
    if unknown:
        known = ", ".join(sorted(registry)) or "none"
        raise ConfigError(f"unknown source(s): {', '.join(unknown)} (known: {known})")
    return [registry[i] for i in ids] if ids else list(registry.values())
