"""The chain of custody of the sample crawls, checked with warcio alone.

Nothing from crawler.archive is used to read the files here: the test walks every WARC
record itself and recomputes each digest.
"""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator

from crawler.archive import verify_capture
from models import Capture, CrawlRun, Document
from tests.crawler.conftest import Scenario


@dataclass
class Record:
    type: str
    offset: int
    length: int
    headers: dict[str, list[str]]
    status: str | None
    uri: str | None
    payload: bytes


def read_warc(path: Path) -> list[Record]:
    records = []
    with path.open("rb") as handle:
        iterator = ArchiveIterator(handle)
        for record in iterator:
            payload = record.raw_stream.read()
            headers: dict[str, list[str]] = {}
            for name, value in record.rec_headers.headers:
                headers.setdefault(name, []).append(value)
            status = record.http_headers.get_statuscode() if record.http_headers else None
            records.append(
                Record(
                    type=record.rec_type,
                    offset=iterator.get_record_offset(),
                    length=0,
                    headers=headers,
                    status=status,
                    uri=record.rec_headers.get_header("WARC-Target-URI"),
                    payload=payload,
                )
            )
            records[-1].length = iterator.get_record_length()
    return records


@pytest.fixture(scope="module")
def warcs(scenario: Scenario) -> dict[str, list[Record]]:
    data_dir = scenario.workspace.data_dir
    return {
        str(path.relative_to(data_dir)): read_warc(path)
        for path in sorted((data_dir / "warc").glob("*.warc.gz"))
    }


def test_one_warc_file_per_run_opening_with_warcinfo(
    scenario: Scenario, warcs: dict[str, list[Record]]
) -> None:
    runs = scenario.workspace.all(CrawlRun)
    assert len(warcs) == len(runs) == 3
    for run in runs:
        name = f"warc/crawl-{run.id}-{run.pid}.warc.gz"
        assert warcs[name][0].type == "warcinfo"


def test_every_capture_verifies_against_the_warc(
    scenario: Scenario, warcs: dict[str, list[Record]]
) -> None:
    captures = scenario.workspace.all(Capture)
    assert len(captures) == len(scenario.workspace.all(Document)) == 19
    for capture in captures:
        record = next(r for r in warcs[capture.warc_path] if r.offset == capture.warc_offset)
        assert record.type == "response"
        assert record.length == capture.warc_length
        assert record.headers["WARC-Record-ID"] == [capture.record_id]
        digest = hashlib.sha256(record.payload).digest()
        assert digest.hex() == capture.payload_sha256
        b32 = base64.b32encode(digest).decode()
        assert record.headers["WARC-Payload-Digest"] == [f"sha256:{b32}"]
        assert record.uri == capture.url
        assert verify_capture(scenario.workspace.data_dir, capture)


def test_request_and_response_records_are_linked(warcs: dict[str, list[Record]]) -> None:
    for records in warcs.values():
        by_id = {r.headers["WARC-Record-ID"][0]: r for r in records}
        responses = [r for r in records if r.type == "response"]
        requests = [r for r in records if r.type == "request"]
        assert responses and len(requests) == len(responses)
        for response in responses:
            (request_id,) = response.headers["WARC-Concurrent-To"]
            request = by_id[request_id]
            assert request.type == "request"
            assert request.headers["WARC-Concurrent-To"] == response.headers["WARC-Record-ID"]
            assert request.uri == response.uri


def test_capture_rows_point_at_their_request_records(
    scenario: Scenario, warcs: dict[str, list[Record]]
) -> None:
    for capture in scenario.workspace.all(Capture):
        ids = {r.headers["WARC-Record-ID"][0]: r for r in warcs[capture.warc_path]}
        assert ids[capture.request_record_id].type == "request"


def test_every_response_is_archived_including_robots_and_feeds(
    scenario: Scenario, warcs: dict[str, list[Record]]
) -> None:
    runs = scenario.workspace.all(CrawlRun)
    for run in runs:
        records = warcs[f"warc/crawl-{run.id}-{run.pid}.warc.gz"]
        responses = [r for r in records if r.type == "response"]
        assert len(responses) == run.pages_fetched
        paths = {r.uri.split("/", 3)[3] for r in responses}
        assert {"robots.txt", "ngo/feed.xml", "outlet-a/sitemap.xml", "outlet-b/news/"} <= paths


def test_unchanged_articles_are_refetched_conditionally(
    scenario: Scenario, warcs: dict[str, list[Record]]
) -> None:
    second = scenario.workspace.all(CrawlRun)[1]
    records = warcs[f"warc/crawl-{second.id}-{second.pid}.warc.gz"]
    articles = [r for r in records if r.type == "response" and r.uri.endswith(".html")]
    assert len(articles) == 18
    assert {r.status for r in articles} == {"304"}
