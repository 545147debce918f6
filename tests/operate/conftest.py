"""Fixtures for the Operate checks: the sample server (optionally recording request
headers), workspaces, and subprocesses whose peak memory and exit are observed.

Crawls run as subprocesses (Scrapy's reactor cannot restart inside the test process),
which is also what lets the crash tests kill them. Workspaces get a database of the
backend under test (tests/support/databases.py), so these checks also run on the
PostgreSQL pass.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from crawler.sample_server import SampleServer, write_sources
from tests.crawler.conftest import REPO_ROOT, Workspace
from tests.support.databases import Databases

__all__ = ["REPO_ROOT", "Measured", "RecordingSampleServer", "SeenRequest", "Workspace"]


@dataclass
class SeenRequest:
    """One request as the sample server received it, and the status it answered."""

    path: str
    headers: dict[str, str]
    status: int | None = None


class RecordingSampleServer(SampleServer):
    """:class:`SampleServer` that also keeps every request's headers and response status
    (SampleServer itself records paths only), to check what a crawler actually sent."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.requests: list[SeenRequest] = []

    def start(self) -> None:
        super().start()
        assert self._httpd is not None
        seen = self.requests
        base: Any = self._httpd.RequestHandlerClass

        class Recording(base):  # type: ignore[misc,valid-type]
            def respond(self, head: bool) -> None:
                self.crosstally_seen = SeenRequest(self.path, dict(self.headers.items()))
                seen.append(self.crosstally_seen)
                super().respond(head)

            def send_response(self, code: int, message: str | None = None) -> None:
                self.crosstally_seen.status = code
                super().send_response(code, message)

        self._httpd.RequestHandlerClass = Recording


@pytest.fixture
def sample_server() -> Iterator[SampleServer]:
    with SampleServer() as server:
        yield server


@pytest.fixture
def workspace(
    tmp_path: Path, sample_server: SampleServer, database_backend: Databases
) -> Workspace:
    sources_dir = tmp_path / "sources"
    write_sources(sample_server.url, sources_dir)
    return Workspace(data_dir=tmp_path / "data", sources_dir=sources_dir)


def crosstally_command(workspace: Workspace, *args: str) -> list[str]:
    command = [sys.executable, "-m", "crosstally", "--data-dir", str(workspace.data_dir)]
    return [*command, "--database-url", workspace.database_url, *args]


def offline_workspace(root: Path) -> Workspace:
    """For commands that must refuse their input before touching any database."""
    data_dir = root / "data"
    return Workspace(data_dir, root / "sources", f"sqlite:///{data_dir / 'crosstally.sqlite'}")


@dataclass
class Measured:
    """A finished subprocess: exit status, output, wall time and peak resident memory."""

    returncode: int
    stdout: str
    stderr: str
    seconds: float
    max_rss_bytes: int
    command: list[str] = field(default_factory=list)

    def explain(self) -> str:
        return f"{' '.join(self.command)} -> {self.returncode}\n{self.stdout}\n{self.stderr}"


# Spawns the command, waits, writes the command's own peak RSS (KiB) to argv[1], and ends
# as the command did (the same exit status, or the same signal).
_MEASURE = (
    "import os, resource, subprocess, sys\n"
    "code = subprocess.call(sys.argv[2:])\n"
    "with open(sys.argv[1], 'w') as out:\n"
    "    out.write(str(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss))\n"
    "if code < 0:\n"
    "    os.kill(os.getpid(), -code)\n"
    "sys.exit(code)\n"
)


def run_measured(command: list[str], timeout: float = 180) -> Measured:
    """Run to completion and measure the command's peak resident memory.

    Not with ``os.wait4`` on the command itself: Linux carries the parent's high-water RSS
    into a child across fork and exec, so once this test process has loaded spaCy (~500 MiB)
    every child would seem to use as much. A small Python process spawns the command and
    reports ``RUSAGE_CHILDREN``, whose only child is the command.
    """
    with (
        tempfile.TemporaryFile("w+") as out,
        tempfile.TemporaryFile("w+") as err,
        tempfile.NamedTemporaryFile("r") as rss,
    ):
        started = time.monotonic()
        process = subprocess.Popen(
            [sys.executable, "-c", _MEASURE, rss.name, *command],
            cwd=REPO_ROOT,
            stdout=out,
            stderr=err,
            text=True,
            start_new_session=True,  # a timeout kills the command too, not only the wrapper
        )
        try:
            returncode = process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
            pytest.fail(f"{' '.join(command)} did not finish in {timeout} s")
        seconds = time.monotonic() - started
        out.seek(0)
        err.seek(0)
        max_rss = int(rss.read() or 0) * 1024
        return Measured(returncode, out.read(), err.read(), seconds, max_rss, command)
