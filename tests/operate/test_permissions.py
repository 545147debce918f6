"""Everything crosstally creates in its data directory is its user's alone, whatever the umask.

Each test runs under umask 0022, the one cron, systemd and most shells give, under which a
file created without an explicit mode is readable by every local user. Subprocesses inherit
the umask, so ``crosstally init`` and ``crosstally crawl`` run as a user's cron job would.
"""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

from crawler.sample_server import SampleServer, write_sources
from crosstally.config import Settings, default_database_url
from crosstally.db import make_engine
from crosstally.locking import run_lock
from review.web.auth import SECRET_FILE, session_secret
from tests.operate.conftest import REPO_ROOT, Workspace
from tests.support.databases import Databases

PRIVATE = {"directory": 0o700, "file": 0o600}


@pytest.fixture
def umask_022() -> Iterator[None]:
    previous = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(previous)


def _modes(root: Path) -> dict[str, tuple[str, int]]:
    """``root`` and everything under it: relative path -> (kind, permission bits)."""
    found = {}
    for path in [root, *root.rglob("*")]:
        mode = path.lstat().st_mode
        kind = "directory" if stat.S_ISDIR(mode) else "file"
        found[str(path.relative_to(root))] = (kind, stat.S_IMODE(mode))
    return found


def _not_private(root: Path) -> dict[str, str]:
    return {
        name: f"{kind} {mode:04o}"
        for name, (kind, mode) in _modes(root).items()
        if mode != PRIVATE[kind]
    }


def _init(data_dir: Path, *database: str) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "crosstally", "--data-dir", str(data_dir), *database, "init"]
    return subprocess.run(
        command, cwd=REPO_ROOT, capture_output=True, text=True, timeout=120, check=False
    )


def test_init_creates_a_private_data_directory_and_sqlite_files(
    tmp_path: Path, umask_022: None
) -> None:
    data_dir = tmp_path / "data"
    result = _init(data_dir)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stderr == ""  # a directory init created needs no warning
    assert "crosstally.sqlite" in _modes(data_dir)

    # Held open with a write in it, the database has its -wal and -shm files beside it.
    engine = make_engine(default_database_url(data_dir))
    try:
        with engine.begin() as connection:
            connection.execute(text("CREATE TABLE permission_probe (x INTEGER)"))
        created = set(_modes(data_dir))
        assert {"crosstally.sqlite-wal", "crosstally.sqlite-shm"} <= created
        assert _not_private(data_dir) == {}
    finally:
        engine.dispose()


def test_the_first_connection_creates_the_sqlite_file_private(
    tmp_path: Path, umask_022: None
) -> None:
    engine = make_engine(default_database_url(tmp_path))
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    finally:
        engine.dispose()
    assert _modes(tmp_path)["crosstally.sqlite"] == ("file", 0o600)


def test_init_warns_once_about_an_open_data_directory_and_leaves_its_mode(
    tmp_path: Path, umask_022: None
) -> None:
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    data_dir.chmod(0o755)
    result = _init(data_dir)
    assert result.returncode == 0, result.stdout + result.stderr
    warnings = result.stderr.splitlines()
    assert len(warnings) == 1, result.stderr
    assert warnings[0].startswith(f"warning: the data directory {data_dir} is open to other")
    assert "0755" in warnings[0]
    assert stat.S_IMODE(data_dir.stat().st_mode) == 0o755


def test_a_crawl_archives_into_private_directories_and_files(
    tmp_path: Path, umask_022: None, database_backend: Databases
) -> None:
    with SampleServer() as server:
        sources_dir = tmp_path / "sources"
        write_sources(server.url, sources_dir)
        workspace = Workspace(tmp_path / "data", sources_dir, migrated=False)
        initialised = _init(workspace.data_dir, "--database-url", workspace.database_url)
        assert initialised.returncode == 0, initialised.stdout + initialised.stderr
        workspace.crawl()
    created = _modes(workspace.data_dir)
    assert created["warc"] == ("directory", 0o700)
    assert any(name.endswith(".warc.gz") for name in created), created
    assert _not_private(workspace.data_dir) == {}


def test_lock_files_are_private_whether_taken_shared_or_exclusive(
    tmp_path: Path, umask_022: None
) -> None:
    data_dir = tmp_path / "data"
    settings = Settings(data_dir, default_database_url(data_dir), tmp_path / "sources")
    with run_lock(settings, "crawl", shared=True), run_lock(settings, "run"):
        pass
    assert {"crosstally-crawl.lock", "crosstally-run.lock"} <= set(_modes(data_dir))
    assert _not_private(data_dir) == {}


def test_the_review_apps_secret_is_private(tmp_path: Path, umask_022: None) -> None:
    data_dir = tmp_path / "data"
    session_secret(Settings(data_dir, default_database_url(data_dir), tmp_path / "sources"))
    assert SECRET_FILE in _modes(data_dir)
    assert _not_private(data_dir) == {}
