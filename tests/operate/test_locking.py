"""The run lock, exclusive and shared, and the migration lock, on the database of the pass.

On SQLite the run lock is a file in the data directory (``flock``); on PostgreSQL it is an
advisory lock in the database, so it also holds between machines. Each ``run_lock`` call opens
its own file descriptor or database session, so taking it twice in this one process is what
two processes would see.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from crosstally.config import Settings
from crosstally.locking import RunLocked, run_lock
from tests.crawler.conftest import REPO_ROOT


@pytest.fixture
def settings(database_url: str, tmp_path: Path) -> Settings:
    return Settings(tmp_path / "data", database_url, REPO_ROOT / "sources")


def test_a_held_lock_refuses_a_second_holder_with_status_75(settings: Settings) -> None:
    with run_lock(settings, "run"):
        with pytest.raises(RunLocked) as refused, run_lock(settings, "run"):
            pass
        assert refused.value.exit_code == 75
        assert "another crosstally run is running" in str(refused.value)
        with run_lock(settings, "crawl"):  # another name is another lock
            pass
    with run_lock(settings, "run"):  # released
        pass


def _refused(settings: Settings, name: str, shared: bool = False) -> bool:
    try:
        with run_lock(settings, name, shared=shared):
            return False
    except RunLocked:
        return True


def test_shared_holders_run_together_and_exclude_an_exclusive_one(settings: Settings) -> None:
    with run_lock(settings, "crawl", shared=True), run_lock(settings, "crawl", shared=True):
        assert _refused(settings, "crawl")
    with run_lock(settings, "crawl"):
        assert _refused(settings, "crawl", shared=True)
    assert not _refused(settings, "crawl", shared=True)  # all released
    assert not _refused(settings, "crawl")


def test_a_lock_is_released_when_its_holder_fails(settings: Settings) -> None:
    with pytest.raises(ZeroDivisionError), run_lock(settings, "run"):
        _ = 1 / 0
    with run_lock(settings, "run"):
        pass


UPGRADE = "import sys; from crosstally import migrate; migrate.upgrade(sys.argv[1])"


def test_concurrent_upgrades_of_a_fresh_database_wait_for_each_other(database_url: str) -> None:
    """Crawler processes started together all upgrade the database first: without the
    migration lock all but one fail with "table ... already exists"."""
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", UPGRADE, database_url],
            cwd=REPO_ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(3)
    ]
    errors = [process.communicate(timeout=120)[1] for process in processes]
    assert [process.returncode for process in processes] == [0, 0, 0], errors
