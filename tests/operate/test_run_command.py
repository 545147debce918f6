"""`crosstally run`, the scheduled job: one at a time, only what is due, an honest exit status.

Each test runs the real command as a subprocess against the sample sites, on the database of
the pass (SQLite, or PostgreSQL on the PostgreSQL pass), so the run lock is a file lock in one
pass and an advisory lock in the other.
"""

from __future__ import annotations

import shutil
from datetime import UTC, datetime, timedelta

from sqlalchemy import select, update

from crawler.registry import load_registry
from crawler.sample_server import SampleServer, write_sources
from crawler.storage import sync_sources
from crosstally import migrate
from crosstally.config import Settings
from crosstally.db import make_sessionmaker, session_scope
from crosstally.locking import run_lock
from models import CrawlRun, Document, Source
from tests.operate.conftest import Workspace

DEAD_URL = "http://127.0.0.1:9"  # the discard port: nothing listens, connections are refused
RUN_TIMEOUT = 240


def _settings(workspace: Workspace) -> Settings:
    return Settings(workspace.data_dir, workspace.database_url, workspace.sources_dir)


def _runs(workspace: Workspace) -> list[CrawlRun]:
    return [run for run in workspace.all(CrawlRun) if run.kind == "run"]


def _point_at_dead_server(workspace: Workspace, *source_ids: str) -> None:
    """Rewrite these sources' files so that every request to them is refused."""
    dead = workspace.sources_dir.parent / "dead-sources"
    write_sources(DEAD_URL, dead)
    for source_id in source_ids:
        shutil.copy(dead / f"{source_id}.yaml", workspace.sources_dir / f"{source_id}.yaml")


def _run(workspace: Workspace, *args: str):
    return workspace.crosstally(
        "run", *args, "--sources-dir", str(workspace.sources_dir), timeout=RUN_TIMEOUT
    )


def _requested_sites(server: SampleServer) -> set[str]:
    return {path.split("/")[1] for path in server.requested_paths if path != "/robots.txt"}


def test_a_second_run_while_the_first_holds_the_lock_exits_75(workspace: Workspace) -> None:
    settings = _settings(workspace)
    migrate.upgrade(settings.database_url)
    with run_lock(settings, "run"):
        second = _run(workspace, "--due")
    assert second.returncode == 75, second.stdout + second.stderr
    assert "another crosstally run is running" in second.stderr
    assert "try again" in second.stderr
    assert _runs(workspace) == []  # it did nothing, not even record a run


def test_due_runs_only_sources_whose_interval_has_elapsed(
    workspace: Workspace, sample_server: SampleServer
) -> None:
    settings = _settings(workspace)
    migrate.upgrade(settings.database_url)
    factory = make_sessionmaker(settings)
    sync_sources(factory, list(load_registry(workspace.sources_dir).values()))
    now = datetime.now(UTC)
    with session_scope(factory) as session:  # the sample sources' interval is 6 h
        for source_id, when in (
            ("sample-ngo", now - timedelta(hours=1)),
            ("sample-outlet-a", None),
        ):
            session.execute(
                update(Source).where(Source.id == source_id).values(last_crawled_at=when)
            )
        session.execute(
            update(Source)
            .where(Source.id == "sample-outlet-b")
            .values(last_crawled_at=now - timedelta(hours=7))
        )
    factory.kw["bind"].dispose()

    result = _run(workspace, "--due")
    assert result.returncode == 0, result.stdout + result.stderr
    assert _requested_sites(sample_server) == {"outlet-a", "outlet-b"}
    (run,) = _runs(workspace)
    assert (run.status, run.source_ids) == ("succeeded", ["sample-outlet-a", "sample-outlet-b"])
    assert run.finished_at is not None
    assert run.stats["failed_sources"] == []
    assert run.stats["extracted"] == len(workspace.all(Document)) > 0

    again = _run(workspace, "--due")
    assert again.returncode == 0, again.stdout + again.stderr
    assert "No source is due." in again.stdout
    assert [run.source_ids for run in _runs(workspace)] == [
        ["sample-outlet-a", "sample-outlet-b"],
        [],
    ]


def test_every_source_failing_exits_non_zero(workspace: Workspace) -> None:
    _point_at_dead_server(workspace, "sample-ngo", "sample-outlet-a")
    result = _run(workspace, "sample-ngo", "sample-outlet-a")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "every source failed: sample-ngo, sample-outlet-a" in result.stderr
    (run,) = _runs(workspace)
    assert run.status == "failed"
    assert run.stats["failed_sources"] == ["sample-ngo", "sample-outlet-a"]


def test_some_sources_failing_exit_zero_with_a_warning(workspace: Workspace) -> None:
    _point_at_dead_server(workspace, "sample-outlet-b")
    result = _run(workspace, "sample-ngo", "sample-outlet-b")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "warning: source(s) failed: sample-outlet-b" in result.stderr
    (run,) = _runs(workspace)
    assert run.status == "partial"
    assert run.stats["failed_sources"] == ["sample-outlet-b"]
    with workspace.session() as session:
        stored = set(session.scalars(select(Document.source_id)))
    assert stored == {"sample-ngo"}
