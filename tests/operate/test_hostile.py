"""A hostile web: every misbehaving page of the sample server gets one clear reason, the
crawl finishes, and nothing already stored changes.

The module's crawls run once (``hostile`` fixture): the sample sites first, a snapshot of
what they stored, then every page under /hostile/ (its feed and the two entity feeds as
start URLs, a 3 s timeout so the 30 s page fails fast), then the three oversized responses
alone, to measure their memory without the article extractor's.
"""

from __future__ import annotations

import gzip
import hashlib
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import inspect, select, text
from warcio.archiveiterator import ArchiveIterator

from crawler import settings as crawl_settings
from crawler.archive import ArchivedResponse
from crawler.discovery import TooLarge, gunzip_body, parse_feed, sniff_kind
from crawler.registry import check_http_url
from crawler.sample_server import SITE_DIR, SLOW_SECONDS, SampleServer, write_sources
from crosstally.config import Settings
from crosstally.db import make_sessionmaker, session_scope
from extract.pending import process_pending
from models import Capture, CrawlError, CrawlRun, Document, Extraction, Source
from tests.operate.conftest import (
    Measured,
    Workspace,
    crosstally_command,
    offline_workspace,
    run_measured,
)

# The module's crawls build their databases through Workspace: run on the PostgreSQL pass too.
pytestmark = pytest.mark.database

MiB = 1 << 20
LIMIT = crawl_settings.DOWNLOAD_MAXSIZE
# The pages that must fail, and how. (The feeds are start URLs; everything else is an item
# of /hostile/feed.xml.)
FAILS = {
    "404": "http_404",
    "500": "http_500",
    "slow": "timeout",
    "redirect-loop": "too_many_redirects",
    "disallowed": "robots_disallowed",
    "big": "too_large",
    "gzip-bomb": "too_large",
    "brotli-bomb": "too_large",
    "pdf-as-html": "not_html",
    "binary-as-html": "not_html",
    "empty": "no_text",
    "billion-laughs.xml": "bad_feed",
}
# Pages that must be stored as readable documents: (page, a phrase of their text).
STORED = {
    "wrong-charset": "la eñe de «compañía» y los signos ¿? ¡! no son UTF-8 válido",
    "no-charset": "¿Dónde están? ¡Libérenlos!",
    "long-line": "A very long line of text without a single line break.",
}
# Stored sensibly or refused with a reason, both fine. Its unclosed <title> makes the rest
# of the file title text for any HTML5 parser (browsers show a blank page), so "no_text".
EITHER = {"malformed": ("no_text", "301 presos políticos")}
# Parsed as a feed (entities left unexpanded): no error of its own.
PARSED = ("feed.xml", "xxe-feed.xml")
BOMBS = ("gzip-bomb", "brotli-bomb", "big")
# Peak resident memory of a crawl process. The oversized responses alone: Python, Scrapy
# and SQLAlchemy take ~135 MiB, each bomb may inflate to DOWNLOAD_MAXSIZE (16 MiB) and no
# further; inflating one fully would take over 1 GiB. The whole hostile crawl also loads
# the article extractor and its language model (~100 MiB), and reads the 1 MiB line.
BOMBS_MAX_RSS = 256 * MiB
HOSTILE_MAX_RSS = 400 * MiB


@dataclass
class Hostile:
    server: SampleServer
    workspace: Workspace
    before: dict[str, list[tuple[Any, ...]]]
    warc_before: dict[str, str]
    crawl: Measured
    bombs: Measured
    run_id: int

    def url(self, page: str) -> str:
        return f"{self.server.url}/hostile/{page}"

    def errors(self, run_id: int | None = None) -> list[CrawlError]:
        run_id = run_id or self.run_id
        return [e for e in self.workspace.all(CrawlError) if e.run_id == run_id]

    def documents(self) -> dict[str, Document]:
        return {d.url: d for d in self.workspace.all(Document) if d.source_id == "hostile"}


def snapshot(workspace: Workspace) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of the tables a crawl writes documents to, exactly as stored."""
    with workspace.session() as session:
        return {
            table: [
                tuple(row) for row in session.execute(text(f"SELECT * FROM {table} ORDER BY id"))
            ]
            for table in ("document", "capture", "source")
        }


def warc_digests(data_dir: Path) -> dict[str, str]:
    return {
        path.name: hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted((data_dir / "warc").glob("*.warc.gz"))
    }


def crawl(workspace: Workspace, *args: str) -> Measured:
    command = crosstally_command(workspace, "crawl", "--delay", "0", "--timeout", "3", *args)
    return run_measured(command)


def start_urls(server: SampleServer, *pages: str) -> list[str]:
    return [arg for page in pages for arg in ("--start-url", f"{server.url}/hostile/{page}")]


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Hostile]:
    with SampleServer() as server:
        root = tmp_path_factory.mktemp("hostile")
        write_sources(server.url, root / "sources")
        workspace = Workspace(data_dir=root / "data", sources_dir=root / "sources")
        workspace.crawl("--delay", "0")
        before, warc_before = snapshot(workspace), warc_digests(workspace.data_dir)
        feeds = start_urls(server, "feed.xml", "xxe-feed.xml", "billion-laughs.xml")
        result = crawl(workspace, *feeds, "--source-id", "hostile")
        bombs = crawl(workspace, *start_urls(server, *BOMBS), "--source-id", "bombs")
        (run_id,) = [r.id for r in workspace.all(CrawlRun) if r.source_ids == ["hostile"]]
        yield Hostile(server, workspace, before, warc_before, result, bombs, run_id)


def test_the_crawl_finishes_with_a_partial_run(hostile: Hostile) -> None:
    crawl = hostile.crawl
    assert crawl.returncode == 0, crawl.explain()  # partial: some pages were stored
    assert "Traceback" not in crawl.stderr
    assert re.search(rf"Crawl run {hostile.run_id} partial in [\d.]+ s", crawl.stdout)
    run = next(r for r in hostile.workspace.all(CrawlRun) if r.id == hostile.run_id)
    assert run.status == "partial" and run.finished_at is not None
    assert run.stats["hostile"]["close_reason"] == "finished"
    # The slow page was given up after the timeout (and its retries), not waited for.
    assert crawl.seconds < SLOW_SECONDS


def test_every_hostile_url_gets_one_clear_reason(hostile: Hostile) -> None:
    rows = Counter((e.url, e.reason) for e in hostile.errors())
    by_url = Counter(e.url for e in hostile.errors())
    assert [url for url, n in by_url.items() if n > 1] == [], "one row per URL"
    expected = {hostile.url(page): reason for page, reason in FAILS.items()}
    documents = hostile.documents()
    for page, (reason, phrase) in EITHER.items():
        url = hostile.url(page)
        if url in documents:
            assert phrase in documents[url].text
        else:
            expected[url] = reason
    assert dict.fromkeys(rows, 1) == rows
    assert {url: reason for url, reason in rows} == expected
    # Every page the hostile feed lists has an outcome: a reason or a document.
    listed = {e.url for e in parse_feed(_served(hostile, "feed.xml"), hostile.url("feed.xml"))}
    assert listed - set(expected) - set(documents) - {hostile.url(p) for p in PARSED} == set()


def test_each_failure_is_logged_once_with_its_reason(hostile: Hostile) -> None:
    for error in hostile.errors():
        lines = [line for line in hostile.crawl.stderr.splitlines() if f"url={error.url} " in line]
        assert len(lines) == 1, lines
        assert f"reason={error.reason}" in lines[0]


def test_a_retried_500_is_still_one_row(hostile: Hostile) -> None:
    attempts = hostile.server.requested_paths.count("/hostile/500")
    assert attempts == 1 + crawl_settings.RETRY_TIMES
    assert [e.reason for e in hostile.errors() if e.url.endswith("/500")] == ["http_500"]


def test_bombs_stop_near_the_limit_and_memory_stays_bounded(hostile: Hostile) -> None:
    bombs = hostile.bombs
    assert bombs.returncode == 1, bombs.explain()  # nothing could be stored: a failed run
    run_id = max(r.id for r in hostile.workspace.all(CrawlRun))
    reasons = {e.url.rsplit("/", 1)[1]: e for e in hostile.errors(run_id)}
    assert {page: e.reason for page, e in reasons.items()} == dict.fromkeys(BOMBS, "too_large")
    for page in ("gzip-bomb", "brotli-bomb"):
        match = re.search(r"(\d+) B decompressed so far", reasons[page].detail or "")
        assert match, reasons[page].detail
        assert LIMIT < int(match.group(1)) <= LIMIT + MiB
    # The big page declares 20 MiB up front: refused before its body is read.
    assert "larger than download max size" in (reasons["big"].detail or "")
    assert bombs.max_rss_bytes < BOMBS_MAX_RSS, f"{bombs.max_rss_bytes / MiB:.0f} MiB"
    assert hostile.crawl.max_rss_bytes < HOSTILE_MAX_RSS, f"{hostile.crawl.max_rss_bytes / MiB} MiB"


def test_readable_pages_are_stored_readable(hostile: Hostile) -> None:
    documents = hostile.documents()
    for page, phrase in STORED.items():
        document = documents[hostile.url(page)]
        assert phrase in " ".join(document.text.split()), page
        assert "\ufffd" not in document.text and "Ã" not in document.text, page
    assert len(documents[hostile.url("long-line")].text) > 1_000_000


def test_no_entity_is_expanded_and_no_local_file_is_read(hostile: Hostile) -> None:
    passwd = Path("/etc/passwd")
    first_line = passwd.read_text().splitlines()[0] if passwd.is_file() else ""
    if not first_line.startswith("root:"):
        pytest.skip("no /etc/passwd with a root line to look for")
    canaries = (first_line, "root:x:0:0", "lollollol")
    texts = list(_database_texts(hostile.workspace)) + list(_warc_texts(hostile.workspace))
    assert len(texts) > 100
    leaked = [(where, c) for where, value in texts for c in canaries if c in value]
    assert leaked == []
    feed_errors = {e.url: e for e in hostile.errors() if e.url.endswith(".xml")}
    assert set(feed_errors) == {hostile.url("billion-laughs.xml")}
    assert "amplification" in (feed_errors[hostile.url("billion-laughs.xml")].detail or "")
    # The XXE feed was read (its one item was requested), its entity left alone.
    assert "/hostile/malformed" in hostile.server.requested_paths


def test_nothing_stored_earlier_changes(hostile: Hostile) -> None:
    after = snapshot(hostile.workspace)
    earlier_sources = {row[0] for row in hostile.before["source"]}
    assert hostile.before["document"] == after["document"][: len(hostile.before["document"])]
    assert hostile.before["capture"] == after["capture"][: len(hostile.before["capture"])]
    assert hostile.before["source"] == [r for r in after["source"] if r[0] in earlier_sources]
    warc_after = warc_digests(hostile.workspace.data_dir)
    assert {name: warc_after[name] for name in hostile.warc_before} == hostile.warc_before
    added = len(hostile.documents())
    assert added >= len(STORED)
    assert len(after["document"]) == len(hostile.before["document"]) + added


def test_extraction_is_not_poisoned_by_a_hostile_document(hostile: Hostile) -> None:
    """The 1 MiB line is over spaCy's max_length: it must be recorded as a failure with
    its reason, not fail every batch of every run after it."""
    from extract.runtime import extractor_function, extractor_version

    settings = Settings(hostile.workspace.data_dir, hostile.workspace.database_url, Path())
    factory = make_sessionmaker(settings)
    version = extractor_version()
    stats = process_pending(factory, extractor_function(), version)
    long_line = hostile.documents()[hostile.url("long-line")]
    assert stats.failed == 1 and len(stats.errors) == 1
    assert f"document {long_line.id}: ValueError: [E088]" in stats.errors[0]
    with factory() as session:
        markers = {m.document_id: m for m in session.scalars(select(Extraction))}
        documents = session.scalars(select(Document.id)).all()
    assert set(markers) == set(documents)
    assert markers[long_line.id].status == "failed"
    assert "exceeds maximum" in (markers[long_line.id].error or "")
    assert {m.status for i, m in markers.items() if i != long_line.id} == {"done"}
    again = process_pending(factory, extractor_function(), version)
    assert (again.documents, again.failed) == (0, 0)


# ---------------------------------------------------------------------- non-HTTP schemes

REFUSED_URLS = (
    "file:///etc/passwd",
    "FILE:///etc/passwd",
    "ftp://127.0.0.1/pub/file.html",
    "data:text/html,<p>301 presos</p>",
    "javascript:alert(1)",
    "http:///no-host",
    "/relative/path.html",
)


@pytest.mark.parametrize("url", REFUSED_URLS)
def test_non_http_start_urls_are_refused(tmp_path: Path, url: str) -> None:
    workspace = offline_workspace(tmp_path)
    result = workspace.crosstally("crawl", "--start-url", url)
    assert result.returncode == 2
    assert result.stderr.strip() == (
        f"error: --start-url {url}: only http:// and https:// URLs with a host can be crawled"
    )
    assert not workspace.data_dir.exists()  # refused before anything was created


@pytest.mark.parametrize("url", REFUSED_URLS)
def test_check_http_url_refuses(url: str) -> None:
    with pytest.raises(ValueError, match="must be an http"):
        check_http_url(url)


@pytest.mark.parametrize(
    ("field", "before", "after"),
    [
        ("discovery.feeds.0", '["{base}/ngo/feed.xml"]', '["file:///etc/passwd"]'),
        ("home_url", '"{base}/ngo/"', '"ftp://127.0.0.1/ngo/"'),
    ],
)
def test_non_http_urls_in_source_files_are_refused(
    tmp_path: Path, field: str, before: str, after: str
) -> None:
    base = "http://127.0.0.1:9"
    sources_dir = tmp_path / "sources"
    write_sources(base, sources_dir)
    path = sources_dir / "sample-ngo.yaml"
    original = path.read_text()
    assert before.format(base=base) in original
    path.write_text(original.replace(before.format(base=base), after))
    workspace = offline_workspace(tmp_path)
    commands = (("sources", "--sources-dir", str(sources_dir), "check"),)
    commands += (("crawl", "--sources-dir", str(sources_dir)),)
    for command in commands:
        result = workspace.crosstally(*command)
        assert result.returncode == 2, result.stderr
        assert f"{path}: field '{field}': must be an http(s) URL with a host" in result.stderr
        assert "Traceback" not in result.stderr
    assert not (workspace.data_dir / "warc").exists()


def test_links_to_other_schemes_are_dropped_and_cannot_be_fetched() -> None:
    feed = (
        b'<?xml version="1.0"?><rss version="2.0"><channel>'
        b"<item><link>file:///etc/passwd</link></item>"
        b"<item><link>ftp://127.0.0.1/x.html</link></item>"
        b"<item><link>javascript:alert(1)</link></item>"
        b"<item><link>/ok.html</link></item></channel></rss>"
    )
    assert [e.url for e in parse_feed(feed, "http://127.0.0.1/feed.xml")] == [
        "http://127.0.0.1/ok.html"
    ]
    # Even a request that slipped through could not be downloaded.
    handlers = crawl_settings.DOWNLOAD_HANDLERS
    assert {scheme: handlers.get(scheme, "?") for scheme in ("file", "data", "ftp", "s3")} == (
        dict.fromkeys(("file", "data", "ftp", "s3"))
    )


# ---------------------------------------------------------------------- offline units


def test_unreadable_xml_is_still_the_feed_it_claims_to_be() -> None:
    bomb = (SITE_DIR / "hostile" / "billion-laughs.xml").read_bytes()
    assert sniff_kind(bomb, "application/rss+xml") == "feed"
    assert sniff_kind(bomb, None) == "feed"
    assert sniff_kind(bomb.replace(b"rss", b"doc"), "application/xml") == "other"


def test_gzip_bodies_are_inflated_only_up_to_the_limit() -> None:
    bomb = gzip.compress(bytes(4 * MiB))
    with pytest.raises(TooLarge, match=f"beyond {MiB} bytes"):
        gunzip_body(bomb, MiB)
    assert gunzip_body(gzip.compress(b"<urlset/>"), MiB) == b"<urlset/>"
    assert gunzip_body(b"<urlset/>", MiB) == b"<urlset/>"


def test_a_document_the_extractor_refuses_does_not_block_the_queue(
    migrated_database_url: str, tmp_path: Path
) -> None:
    texts = ["fine one", "POISON", "fine two"]
    factory = _database_with_documents(migrated_database_url, tmp_path, texts)
    calls: list[list[str]] = []

    def extract(documents: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
        calls.append([d["text"] for d in documents])
        for document in documents:
            if document["text"] == "POISON":
                raise ValueError("[E088] Text of length 1048475 exceeds maximum of 1000000")
            yield {"counts": [], "arrests": [], "persons": []}

    stats = process_pending(factory, extract, "v1", batch_size=16)
    assert (stats.documents, stats.failed) == (2, 1)
    assert calls[0] == ["fine one", "POISON", "fine two"]  # the batch, then one by one
    assert _markers(factory) == {"fine one": "done", "POISON": "failed", "fine two": "done"}
    calls.clear()
    assert process_pending(factory, extract, "v1").documents == 0
    assert calls == []  # not retried for the same extractor version...
    # ...unless asked. Alone, its failure proves nothing about it: raised, not recorded.
    with pytest.raises(ValueError, match="E088") as raised:
        process_pending(factory, extract, "v1", retry_failed=True)
    assert calls == [["POISON"]]
    assert "nothing was marked failed" in str(raised.value.__notes__)
    assert _markers(factory)["POISON"] == "failed"  # still one marker, not two

    def cured(documents: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
        yield from ({"counts": [], "arrests": [], "persons": []} for _ in documents)

    assert process_pending(factory, cured, "v1", retry_failed=True).documents == 1
    assert _markers(factory) == dict.fromkeys(("fine one", "POISON", "fine two"), "done")
    assert process_pending(factory, cured, "v2").documents == 3  # a new version: all again


def test_an_extractor_that_fails_everything_marks_nothing(
    migrated_database_url: str, tmp_path: Path
) -> None:
    """A bug or a missing model fails every document: that is the extractor's failure, to
    be raised, not the documents' (which would be skipped for good)."""
    factory = _database_with_documents(migrated_database_url, tmp_path, ["one", "two", "three"])

    def broken(documents: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
        raise NameError("name '_DETERMINERS' is not defined")
        yield {}

    with pytest.raises(NameError, match="_DETERMINERS"):
        process_pending(factory, broken, "v1", batch_size=2)
    assert _markers(factory) == {}


# ---------------------------------------------------------------------- helpers


def _served(hostile: Hostile, page: str) -> bytes:
    from crawler.sample_server import render

    return render(SITE_DIR / "hostile" / page, hostile.server.url)


def _database_texts(workspace: Workspace) -> Iterator[tuple[str, str]]:
    """Every non-empty text value of every table, with where it was found."""
    with workspace.session() as session:
        tables = inspect(session.get_bind()).get_table_names()
        for table in tables:
            for row in session.execute(text(f'SELECT * FROM "{table}"')).mappings():
                for column, value in row.items():
                    if value not in (None, ""):
                        yield f"{table}.{column}", str(value)


def _warc_texts(workspace: Workspace) -> Iterator[tuple[str, str]]:
    """Every archived response body as a reader would see it (content coding undone,
    within the archive's own inflation limit)."""
    for path in sorted((workspace.data_dir / "warc").glob("*.warc.gz")):
        with path.open("rb") as handle:
            for record in ArchiveIterator(handle):
                if record.rec_type != "response":
                    continue
                archived = ArchivedResponse(record.http_headers, record.raw_stream.read())
                try:
                    body = archived.content(limit=64 * MiB)
                except ValueError:
                    continue  # a bomb: it inflates beyond the limit, nothing to read
                yield (
                    f"{path.name}:{record.rec_headers.get_header('WARC-Target-URI')}",
                    (
                        body.decode("utf-8", errors="replace")
                        + body.decode("latin-1", errors="replace")
                    ),
                )


def _database_with_documents(url: str, data_dir: Path, texts: list[str]):
    factory = make_sessionmaker(Settings(data_dir, url, Path()))
    now = datetime.now(UTC)
    with session_scope(factory) as session:
        session.add(
            Source(id="s1", name="S", kind="news", publisher="P", role="secondary", home_url="x")
        )
        session.flush()
        for number, value in enumerate(texts):
            capture = Capture(
                source_id="s1",
                url=f"http://a/{number}",
                http_status=200,
                fetched_at=now,
                warc_path="warc/x.warc.gz",
                warc_offset=number,
                warc_length=1,
                record_id=f"<urn:uuid:{number}>",
                payload_sha256="0" * 64,
            )
            session.add(capture)
            session.flush()
            session.add(
                Document(
                    source_id="s1",
                    url=capture.url,
                    canonical_url=capture.url,
                    final_url=capture.url,
                    http_status=200,
                    fetched_at=now,
                    found_via="start_url",
                    text=value,
                    text_sha256=hashlib.sha256(value.encode()).hexdigest(),
                    capture_id=capture.id,
                )
            )
    return factory


def _markers(factory) -> dict[str, str]:
    with factory() as session:
        rows = session.execute(
            select(Document.text, Extraction.status).join(
                Extraction, Extraction.document_id == Document.id
            )
        ).all()
    texts = [row.text for row in rows]
    assert len(texts) == len(set(texts)), "one marker per document and version"
    return {row.text: row.status for row in rows}


def test_extract_pending_reports_documents_it_could_not_extract(
    migrated_database_url: str, tmp_path: Path
) -> None:
    """The command says which documents failed and why, exits 1 (not the 2 of a usage
    error), and --retry-failed tries them again (here they fail again: a 1 MiB line is over
    spaCy's maximum whatever the run)."""
    from click.testing import CliRunner

    from crosstally.cli import cli

    texts = ["Hay 301 presos políticos.", "x" * 1_100_000, "Fueron detenidas 12 personas."]
    _database_with_documents(migrated_database_url, tmp_path, texts)
    base = ["--database-url", migrated_database_url, "--data-dir", str(tmp_path)]
    result = CliRunner().invoke(cli, [*base, "extract", "--pending"])
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit), result.output
    assert "1 document(s) could not be extracted and are marked failed" in result.output
    assert "--retry-failed" in result.output and "exceeds maximum" in result.output
    # Tried alone again, it fails again: an error message, not a traceback; still failed.
    result = CliRunner().invoke(cli, [*base, "extract", "--pending", "--retry-failed"])
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit), result.output
    assert "error: ValueError: [E088]" in result.output and "nothing was marked" in result.output
    assert CliRunner().invoke(cli, [*base, "extract", "--retry-failed"]).exit_code == 2
