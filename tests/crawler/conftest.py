"""Fixtures for the Collect stage: the sample server on 127.0.0.1 and crawls run as
subprocesses (the Twisted reactor cannot be restarted inside the test process)."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from crawler.sample_server import SampleServer, write_sources
from crosstally.config import Settings
from crosstally.db import make_sessionmaker
from models import Capture, Document
from tests.support.databases import DATABASES, Databases

REPO_ROOT = Path(__file__).resolve().parents[2]
CRAWL_TIMEOUT = 120


@dataclass
class Workspace:
    """A data directory, its database and the sample source files.

    The database is of the backend under test (tests/support/databases.py): a SQLite file in
    the data directory, or a fresh PostgreSQL database on the PostgreSQL pass; ``migrated``
    (the default) as `crosstally init` leaves it, since no other command creates the schema."""

    data_dir: Path
    sources_dir: Path
    database_url: str = ""
    migrated: bool = True

    def __post_init__(self) -> None:
        if not self.database_url:
            self.database_url = DATABASES.new_url(self.data_dir, migrated=self.migrated)

    def crosstally(self, *args: str, timeout: float = CRAWL_TIMEOUT) -> subprocess.CompletedProcess:
        """Run ``python -m crosstally --data-dir DIR --database-url URL ARGS...``."""
        command = [sys.executable, "-m", "crosstally", "--data-dir", str(self.data_dir)]
        command += ["--database-url", self.database_url, *args]
        return subprocess.run(
            command, cwd=REPO_ROOT, capture_output=True, text=True, timeout=timeout, check=False
        )

    def crawl(self, *args: str) -> subprocess.CompletedProcess:
        result = self.crosstally("crawl", "--sources-dir", str(self.sources_dir), *args)
        assert result.returncode == 0, f"crawl failed:\n{result.stdout}\n{result.stderr}"
        return result

    def session(self) -> Session:
        settings = Settings(self.data_dir, self.database_url, self.sources_dir)
        return make_sessionmaker(settings)()

    def all(self, model) -> list:
        with self.session() as session:
            return list(session.scalars(select(model).order_by(model.id)))


@pytest.fixture
def sample_server() -> Iterator[SampleServer]:
    """A fresh server per test: advance() changes its state."""
    server = SampleServer()
    server.start()
    yield server
    server.stop()


@pytest.fixture
def workspace(
    tmp_path: Path, sample_server: SampleServer, database_backend: Databases
) -> Workspace:
    sources_dir = tmp_path / "sources"
    write_sources(sample_server.url, sources_dir)
    return Workspace(data_dir=tmp_path / "data", sources_dir=sources_dir)


@dataclass
class Counts:
    documents: int
    captures: int


@dataclass
class Scenario:
    server: SampleServer
    workspace: Workspace
    crawls: list[subprocess.CompletedProcess]
    counts: list[Counts]
    requested_before_advance: list[str]


def _counts(workspace: Workspace) -> Counts:
    with workspace.session() as session:
        return Counts(
            documents=session.scalar(select(func.count()).select_from(Document)),
            captures=session.scalar(select(func.count()).select_from(Capture)),
        )


@pytest.fixture(scope="session")
def scenario(
    tmp_path_factory: pytest.TempPathFactory, database_backend: Databases
) -> Iterator[Scenario]:
    """Three crawls of the sample sites, shared by the tests that read their results:
    1. everything; 2. nothing changed; 3. after ``advance()`` (the updated article)."""
    server = SampleServer()
    server.start()
    try:
        root = tmp_path_factory.mktemp("sample-crawl")
        write_sources(server.url, root / "sources")
        workspace = Workspace(data_dir=root / "data", sources_dir=root / "sources")
        crawls, counts = [], []
        for step in range(3):
            if step == 2:
                requested = list(server.requested_paths)
                server.advance()
            crawls.append(workspace.crawl())
            counts.append(_counts(workspace))
        yield Scenario(server, workspace, crawls, counts, requested)
    finally:
        server.stop()
