"""What a crawl run's record says: the per-source counters stored in ``crawl_run.stats``,
the status they add up to, and the summary printed when a run ends.

Pure data and rules, no database: :mod:`crawler.runs` writes them, :mod:`crawler.recorder`
counts them, ``crosstally crawl`` prints them.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

TOTALLED = ("fetched", "new", "changed", "unchanged", "failed")
OK_CLOSE_REASONS = ("finished", "closespider_")
# A source whose spider never closed: the process was stopped hard (a second Ctrl-C, a kill).
KILLED = "killed"


@dataclass
class SourceCounters:
    """Per-source counters, stored as ``CrawlRun.stats[source_id]`` (with the time they were
    saved, ``saved_at``: the run's heartbeat, see :mod:`crawler.runs`)."""

    fetched: int = 0  # HTTP responses received and archived (robots, feeds, pages, errors)
    new: int = 0
    changed: int = 0
    unchanged: int = 0
    failed: int = 0
    skipped: int = 0
    reasons: dict[str, int] = field(default_factory=dict)
    close_reason: str | None = None

    @property
    def pages_done(self) -> int:
        return self.new + self.changed + self.unchanged + self.failed

    def line(self) -> str:
        return (
            f"{self.fetched} fetched, {self.new} new, {self.changed} changed, "
            f"{self.unchanged} unchanged, {self.failed} failed, {self.skipped} skipped"
        )

    def entry(self) -> dict[str, Any]:
        """The counters as stored. Called from the heartbeat's thread while the crawl's
        thread counts: each field is read once, and ``reasons`` copied in one C-level step
        (iterating it could meet a key being added)."""
        values = dict(vars(self))
        values["reasons"] = dict(values["reasons"])
        return values

    @classmethod
    def of(cls, entry: dict[str, Any]) -> SourceCounters:
        return cls(**{k: v for k, v in entry.items() if k in cls.__dataclass_fields__})


@dataclass(frozen=True)
class CrawlSummary:
    """What a finished run did; ``pages_fetched`` counts every HTTP response received
    (all archived), the other page counters count article pages."""

    run_id: int
    status: str
    started_at: datetime
    finished_at: datetime
    pages_fetched: int
    pages_new: int
    pages_changed: int
    pages_unchanged: int
    pages_failed: int
    per_source: dict[str, dict[str, Any]]
    errors_by_reason: dict[str, int]
    warc_files: list[str]

    @property
    def seconds(self) -> float:
        return (self.finished_at - self.started_at).total_seconds()


def totals(stats: dict[str, dict[str, Any]]) -> Counter[str]:
    counted: Counter[str] = Counter()
    for entry in stats.values():
        for key in TOTALLED:
            counted[key] += int(entry.get(key, 0))
    return counted


def run_status(stats: dict[str, dict[str, Any]], counted: Counter[str]) -> str:
    """interrupted: stopped by a signal; failed: nothing worked; partial: something
    failed or a source did not finish; succeeded: everything else."""
    reasons = [str(entry.get("close_reason") or "") for entry in stats.values()]
    if any(reason in ("shutdown", KILLED) for reason in reasons):
        return "interrupted"
    crashed = [entry for entry in stats.values() if "crashed" in entry]
    worked = counted["new"] + counted["changed"] + counted["unchanged"]
    if not stats or len(crashed) == len(stats) or counted["fetched"] == 0:
        return "failed"
    if worked == 0 and counted["failed"] > 0:
        return "failed"
    unfinished = [r for r in reasons if not r.startswith(OK_CLOSE_REASONS)]
    if counted["failed"] or crashed or unfinished:
        return "partial"
    return "succeeded"


def format_summary(summary: CrawlSummary) -> str:
    lines = [
        f"Crawl run {summary.run_id} {summary.status} in {summary.seconds:.1f} s: "
        f"{summary.pages_fetched} responses fetched and archived; pages "
        f"{summary.pages_new} new, {summary.pages_changed} changed, "
        f"{summary.pages_unchanged} unchanged, {summary.pages_failed} failed"
    ]
    for source_id, entry in sorted(summary.per_source.items()):
        line = f"  {source_id}: {SourceCounters.of(entry).line()}"
        if "crashed" in entry:
            line += f" (crashed: {entry['crashed']})"
        lines.append(line)
    if summary.errors_by_reason:
        reasons = ", ".join(f"{k} {v}" for k, v in sorted(summary.errors_by_reason.items()))
        lines.append(f"  errors recorded: {reasons}")
    lines.extend(f"  WARC: {path}" for path in summary.warc_files)
    return "\n".join(lines)
