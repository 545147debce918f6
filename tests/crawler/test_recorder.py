"""Failure reasons, run status and the run summary (crawler.recorder, crawler.summary)."""

from __future__ import annotations

import logging
from collections import Counter

import pytest
from scrapy.exceptions import (
    CannotResolveHostError,
    DownloadCancelledError,
    DownloadConnectionRefusedError,
    DownloadTimeoutError,
    IgnoreRequest,
)
from scrapy.http import Request, Response
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure

from crawler import runs, storage
from crawler.recorder import NoiseFilter, classify_failure
from crawler.summary import SourceCounters, format_summary, run_status, totals
from models import CrawlError


def http_error(status: int) -> HttpError:
    response = Response("https://x.org/a", status=status, request=Request("https://x.org/a"))
    return HttpError(response, "Ignoring non-200 response")


@pytest.mark.parametrize(
    ("error", "reason"),
    [
        (http_error(404), "http_404"),
        (http_error(503), "http_503"),
        (IgnoreRequest("Forbidden by robots.txt"), "robots_disallowed"),
        (IgnoreRequest("Filtered offsite request to 'evil.example'"), "offsite"),
        (IgnoreRequest("... exceeded DOWNLOAD_MAXSIZE (16777216 B) ..."), "too_large"),
        (IgnoreRequest("max redirections reached"), "too_many_redirects"),
        (IgnoreRequest("something else"), "ignored"),
        (DownloadTimeoutError("took longer than 30.0 seconds"), "timeout"),
        (CannotResolveHostError("no.such.host"), "dns"),
        (DownloadConnectionRefusedError("refused"), "connection_refused"),
        (
            DownloadCancelledError(
                "Received 17000000 bytes which is larger than download max size"
            ),
            "too_large",
        ),
        (RuntimeError("boom"), "fetch_error"),
    ],
)
def test_each_failure_has_one_stable_reason(error: Exception, reason: str) -> None:
    assert classify_failure(Failure(error))[0] == reason


def test_unknown_failures_keep_their_type_in_the_detail() -> None:
    assert classify_failure(RuntimeError("boom")) == ("fetch_error", "RuntimeError: boom")


def entry(**counts) -> dict:
    return {**SourceCounters(fetched=10, **counts).__dict__, "close_reason": "finished"}


@pytest.mark.parametrize(
    ("stats", "status"),
    [
        ({"a": entry(new=3)}, "succeeded"),
        ({"a": entry(unchanged=3, skipped=2)}, "succeeded"),
        ({"a": entry(new=3, failed=1)}, "partial"),
        ({"a": entry(new=3), "b": {**entry(), "crashed": "ValueError"}}, "partial"),
        ({"a": {**entry(new=1), "close_reason": "closespider_timeout"}}, "succeeded"),
        ({"a": {**entry(new=1), "close_reason": "cancelled"}}, "partial"),
        ({"a": entry(failed=4)}, "failed"),
        ({"a": {**entry(), "fetched": 0}}, "failed"),
        ({}, "failed"),
        ({"a": {**entry(new=1), "close_reason": "shutdown"}}, "interrupted"),
        ({"a": entry(new=1), "b": {"close_reason": "killed"}}, "interrupted"),
    ],
)
def test_run_status(stats: dict, status: str) -> None:
    counted: Counter[str] = Counter()
    for value in stats.values():
        for key in ("fetched", "new", "changed", "unchanged", "failed"):
            counted[key] += value.get(key, 0)
    assert totals(stats) == counted
    assert run_status(stats, counted) == status


def test_finish_crawl_totals_sources_and_counts_errors(
    migrated_database_url: str, tmp_path
) -> None:
    factory = storage.session_factory(migrated_database_url, str(tmp_path))
    run = runs.open_run(factory, "crawl", ["a", "b"])
    run.track("a", SourceCounters(fetched=5, new=2, failed=1, close_reason="finished"))
    run.track("b", SourceCounters(fetched=3, unchanged=2, close_reason="finished"))
    with factory() as session:
        session.add(CrawlError(run_id=run.id, source_id="a", url="https://x.org/", reason="dns"))
        session.commit()
    summary = run.finish_crawl(warc_files=["warc/crawl-1-2.warc.gz"])
    assert (summary.status, summary.pages_fetched, summary.pages_new) == ("partial", 8, 2)
    assert (summary.pages_unchanged, summary.pages_failed) == (2, 1)
    assert summary.errors_by_reason == {"dns": 1}
    assert summary.seconds >= 0
    text = format_summary(summary)
    assert text.splitlines()[0].startswith(f"Crawl run {run.id} partial in ")
    assert "  a: 5 fetched, 2 new, 0 changed, 0 unchanged, 1 failed, 0 skipped" in text
    assert "errors recorded: dns 1" in text and "WARC: warc/crawl-1-2.warc.gz" in text


def test_noise_filter_keeps_our_progress_and_library_warnings() -> None:
    noise = NoiseFilter("WARNING")

    def passes(name: str, level: int) -> bool:
        return noise.filter(logging.LogRecord(name, level, __file__, 1, "m", None, None))

    assert passes("crawler.progress", logging.INFO)
    assert passes("source", logging.INFO)
    assert not passes("scrapy.core.engine", logging.INFO)
    assert passes("scrapy.core.engine", logging.WARNING)
    assert not passes("trafilatura.core", logging.ERROR)
