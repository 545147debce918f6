"""The CLI's one error edge (crosstally/cli.py): every command, against an empty database that
``crosstally init`` has not migrated and with a flag it does not have, answers with one line,
``error: <message>``, no traceback, and the exit status README.md documents (2 for both, see
tests/test_docs.py); a worker process killed under ``extract --pending`` is reported as a crash
(1), not as bad input.

In process with click's runner, which goes through the same edge (``CrosstallyGroup.main``),
and once each as a real ``python -m crosstally`` process. On the database of the pass."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from sqlalchemy import inspect, text
from sqlalchemy.engine import make_url

from crawler.sample_server import write_sources
from crosstally import migrate
from crosstally.cli import COMMANDS, cli
from crosstally.db import make_engine
from crosstally.errors import DatabaseNotReady, WorkerCrashed
from tests.crawler.conftest import REPO_ROOT
from tests.operate.test_hostile import _database_with_documents

USAGE_STATUS = 2  # click's usage errors; README.md's table says 2 for bad flags too

# What each command does with the database (the verb's arguments; SOURCES is a valid sources
# directory). Commands that never open it are listed apart, with the reason.
WITH_DATABASE: dict[str, list[str]] = {
    "crawl": ["crawl", "--sources-dir", "SOURCES"],
    "capture": ["capture", "1"],
    "extract": ["extract", "--pending"],
    "reconcile": ["reconcile"],
    "review": ["review", "--port", "0"],
    "export": ["export"],
    "users": ["users", "list"],
    "run": ["run", "--due", "--sources-dir", "SOURCES"],
    "status": ["status"],
}
WITHOUT_DATABASE = {
    "init": "creates or upgrades it (what the others' message asks for)",
    "demo": "initialises its own data directory (tests/test_demo.py)",
    "sources": "reads source files only",
    "serve-sample": "serves the bundled files until stopped",
}


def test_every_command_is_in_one_list() -> None:
    assert set(WITH_DATABASE) | set(WITHOUT_DATABASE) == set(COMMANDS)
    assert not set(WITH_DATABASE) & set(WITHOUT_DATABASE)


@pytest.fixture
def empty_database(database_url: str) -> str:
    """An existing database without a table (a SQLite file is created empty)."""
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite":
        sqlite3.connect(url.database).close()
    return database_url


def _invoke(database_url: str, tmp_path: Path, args: list[str]) -> Result:
    sources = tmp_path / "sources"
    write_sources("http://127.0.0.1:9", sources)
    args = [str(sources) if arg == "SOURCES" else arg for arg in args]
    base = ["--database-url", database_url, "--data-dir", str(tmp_path / "data")]
    return CliRunner().invoke(cli, [*base, *args])


def _one_error_line(stderr: str) -> str:
    lines = stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), stderr
    assert "Traceback" not in stderr
    return lines[0]


@pytest.mark.parametrize("verb", sorted(WITH_DATABASE))
def test_an_unmigrated_database_gets_one_answer_from_every_command(
    verb: str, empty_database: str, tmp_path: Path
) -> None:
    result = _invoke(empty_database, tmp_path, WITH_DATABASE[verb])
    assert result.exit_code == DatabaseNotReady.exit_code, result.output
    line = _one_error_line(result.stderr)
    assert line.endswith("has no crosstally schema: run `crosstally init`"), line
    assert result.stdout == ""
    engine = make_engine(empty_database)
    try:
        assert inspect(engine).get_table_names() == []  # nothing created, nothing migrated
    finally:
        engine.dispose()


@pytest.mark.parametrize("verb", sorted(COMMANDS))
def test_a_bad_flag_gets_one_line_from_every_command(verb: str, tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, [verb, "--no-such-flag"])
    assert result.exit_code == USAGE_STATUS, result.output
    line = _one_error_line(result.stderr)
    assert line == f"error: No such option '--no-such-flag' (see `cli {verb} --help`)"


def test_a_database_behind_ahead_or_missing_is_named_with_what_to_do(
    database_url: str, tmp_path: Path
) -> None:
    if database_url.startswith("sqlite"):
        missing = _invoke(database_url, tmp_path, ["status"])
        path = make_url(database_url).database
        expected = f"error: no database at {path}: run `crosstally init`"
        assert _one_error_line(missing.stderr) == expected
        assert not Path(path).exists()
    migrate.upgrade(database_url, "0001")
    behind = _one_error_line(_invoke(database_url, tmp_path, ["status"]).stderr)
    head = ", ".join(sorted(migrate.head_revisions()))
    assert behind.endswith(
        f"is at revision 0001, this crosstally needs {head}: run `crosstally init` to upgrade it"
    )
    migrate.upgrade(database_url)
    engine = make_engine(database_url)
    try:
        with engine.begin() as connection:
            connection.execute(text("UPDATE alembic_version SET version_num = 'f00d'"))
    finally:
        engine.dispose()
    ahead = _invoke(database_url, tmp_path, ["status"])
    assert ahead.exit_code == DatabaseNotReady.exit_code
    assert _one_error_line(ahead.stderr).endswith(
        f"is at revision f00d, newer than this crosstally ({head}): upgrade crosstally"
    )


def _crosstally(*args: str) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "crosstally", *args]
    return subprocess.run(
        command, cwd=REPO_ROOT, capture_output=True, text=True, timeout=120, check=False
    )


def test_the_real_command_has_the_same_edge(empty_database: str, tmp_path: Path) -> None:
    status = _crosstally("--database-url", empty_database, "status")
    assert status.returncode == DatabaseNotReady.exit_code
    assert "run `crosstally init`" in _one_error_line(status.stderr)
    flag = _crosstally("crawl", "--no-such-flag")
    assert flag.returncode == USAGE_STATUS
    line = _one_error_line(flag.stderr)
    assert line == "error: No such option '--no-such-flag' (see `crosstally crawl --help`)"


def _workers(parent: int) -> list[int]:
    """The extraction workers (multiprocessing's spawned children) of process ``parent``."""
    try:
        children = Path(f"/proc/{parent}/task/{parent}/children").read_text().split()
    except OSError:
        return []
    found = []
    for child in children:
        try:
            cmdline = Path(f"/proc/{child}/cmdline").read_bytes()
        except OSError:
            continue
        if b"spawn_main" in cmdline:
            found.append(int(child))
    return found


def test_a_killed_worker_is_reported_as_a_crash_not_as_bad_input(
    migrated_database_url: str, tmp_path: Path
) -> None:
    texts = [f"Hay {n} presos políticos." for n in range(8)]
    _database_with_documents(migrated_database_url, tmp_path, texts)
    command = [sys.executable, "-m", "crosstally", "--database-url", migrated_database_url]
    command += ["--data-dir", str(tmp_path), "extract", "--pending", "--workers", "2"]
    process = subprocess.Popen(
        command, cwd=REPO_ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    deadline = time.monotonic() + 60
    while not (workers := _workers(process.pid)):
        assert process.poll() is None and time.monotonic() < deadline, "no worker started"
        time.sleep(0.02)
    os.kill(workers[0], signal.SIGKILL)  # while it loads the models, before any document
    _out, err = process.communicate(timeout=300)
    assert process.returncode == WorkerCrashed.exit_code, err
    assert f"worker {workers[0]} exited with status -9" in err
    last = err.splitlines()[-1]
    assert last.startswith("error: 1 worker process(es) ended without reporting"), err
    assert "still pending" in last
