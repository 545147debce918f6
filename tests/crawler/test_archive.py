"""WARC writing, reading and verification (crawler.archive), without a crawl."""

from __future__ import annotations

import base64
import gzip
import hashlib
import zlib
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from types import SimpleNamespace

import brotli
import pytest
from warcio.archiveiterator import ArchiveIterator
from warcio.checker import Checker
from warcio.statusandheaders import StatusAndHeaders

from crawler.archive import (
    ArchivedResponse,
    HttpExchange,
    WarcArchive,
    check_capture,
    close_shared,
    read_capture,
    shared_archive,
    shared_archive_path,
    verify_capture,
)

BODY = gzip.compress("<html><body>Según el Observatorio…</body></html>".encode())


def exchange(url: str = "https://ngo.example.org/a?x=1", body: bytes = BODY) -> HttpExchange:
    return HttpExchange(
        url=url,
        method="GET",
        request_headers=[("User-Agent", "crosstally/0.1"), ("Accept-Encoding", "gzip, br")],
        request_body=b"",
        status=200,
        protocol="HTTP/1.1",
        response_headers=[
            ("Content-Type", "text/html; charset=utf-8"),
            ("Content-Encoding", "gzip"),
            ("Transfer-Encoding", "chunked"),
        ],
        body=body,
        fetched_at=datetime(2024, 7, 16, 12, 0, 0, tzinfo=UTC),
        ip_address="127.0.0.1",
    )


@pytest.fixture
def archive(tmp_path: Path) -> WarcArchive:
    archive = WarcArchive(tmp_path, run_id=7, pid=42)
    yield archive
    archive.close()


def records(path: Path) -> list:
    with path.open("rb") as handle:
        return [
            (r.rec_type, dict(r.rec_headers.headers), r.raw_stream.read())
            for r in ArchiveIterator(handle)
        ]


def test_file_name_and_warcinfo_first(archive: WarcArchive, tmp_path: Path) -> None:
    assert archive.relative_path == "warc/crawl-7-42.warc.gz"
    assert archive.path == tmp_path / "warc" / "crawl-7-42.warc.gz"
    kind, _headers, payload = records(archive.path)[0]
    assert kind == "warcinfo"
    assert b"crosstally" in payload and b"crawl run 7" in payload


def test_exchange_is_written_as_received_and_located(archive: WarcArchive) -> None:
    record = archive.write_exchange(exchange())
    assert record.warc_path == "warc/crawl-7-42.warc.gz"
    assert record.payload_sha256 == hashlib.sha256(BODY).hexdigest()
    http_headers, body = read_capture(archive.data_dir, record)
    assert body == BODY  # still gzip: the bytes the server sent
    assert http_headers.get_statuscode() == "200"
    assert http_headers.get_header("Content-Encoding") == "gzip"
    # The body is stored de-chunked, so the header is renamed, not repeated.
    assert http_headers.get_header("Transfer-Encoding") is None
    assert http_headers.get_header("X-Crosstally-Orig-Transfer-Encoding") == "chunked"


def test_response_and_request_records_name_each_other(archive: WarcArchive) -> None:
    record = archive.write_exchange(exchange())
    (_, info, _), (kind1, response, _), (kind2, request, request_body) = records(archive.path)
    assert (kind1, kind2) == ("response", "request")
    assert response["WARC-Record-ID"] == record.record_id
    assert request["WARC-Record-ID"] == record.request_record_id
    assert response["WARC-Concurrent-To"] == request["WARC-Record-ID"]
    assert request["WARC-Concurrent-To"] == response["WARC-Record-ID"]
    assert response["WARC-Warcinfo-ID"] == info["WARC-Record-ID"]
    assert response["WARC-Target-URI"] == request["WARC-Target-URI"]
    assert response["WARC-IP-Address"] == "127.0.0.1"
    assert response["WARC-Date"] == "2024-07-16T12:00:00.000000Z"
    assert request_body == b""


def test_payload_digest_is_sha256_in_base32(archive: WarcArchive) -> None:
    archive.write_exchange(exchange())
    response = records(archive.path)[1][1]
    expected = base64.b32encode(hashlib.sha256(BODY).digest()).decode()
    assert response["WARC-Payload-Digest"] == f"sha256:{expected}"
    assert response["WARC-Block-Digest"].startswith("sha256:")


def test_warcio_checker_accepts_the_file(archive: WarcArchive) -> None:
    archive.write_exchange(exchange())
    archive.write_exchange(exchange("https://ngo.example.org/b", b""))
    checker = Checker(SimpleNamespace(inputs=[str(archive.path)], verbose=False))
    assert checker.process_all() == 0


def test_each_record_is_on_disk_before_the_file_is_closed(archive: WarcArchive) -> None:
    record = archive.write_exchange(exchange())
    # Not closed: a crash now would lose nothing already written.
    assert verify_capture(archive.data_dir, record)


def test_verification_catches_tampering(archive: WarcArchive) -> None:
    record = archive.write_exchange(exchange())
    assert check_capture(archive.data_dir, record).ok
    forged = replace(record, payload_sha256="0" * 64)
    verdict = check_capture(archive.data_dir, forged)
    assert not verdict.ok and "!= recorded" in verdict.detail
    archive.close()
    data = bytearray(archive.path.read_bytes())
    data[record.warc_offset + record.warc_length // 2] ^= 0xFF
    archive.path.write_bytes(bytes(data))
    assert not verify_capture(archive.data_dir, record)


def test_wrong_location_or_missing_file_fails_verification(
    archive: WarcArchive, tmp_path: Path
) -> None:
    record = archive.write_exchange(exchange())
    other = archive.write_exchange(exchange("https://ngo.example.org/other"))
    swapped = replace(record, warc_offset=other.warc_offset, warc_length=other.warc_length)
    assert "holds record" in check_capture(archive.data_dir, swapped).detail
    moved = replace(record, warc_path="warc/missing.warc.gz")
    assert "is missing" in check_capture(archive.data_dir, moved).detail


def test_one_shared_archive_per_run_and_process(tmp_path: Path) -> None:
    try:
        first = shared_archive(tmp_path, 3)
        assert shared_archive(tmp_path, 3) is first
        assert shared_archive(tmp_path, 4) is not first
        assert shared_archive_path(tmp_path, 3) == first.path
    finally:
        close_shared()
    assert shared_archive_path(tmp_path, 3) is None


@pytest.mark.parametrize(
    ("coding", "encode"),
    [
        ("gzip", gzip.compress),
        ("br", brotli.compress),
        ("deflate", zlib.compress),
        ("deflate", lambda data: zlib.compress(data)[2:-4]),  # raw deflate
        ("identity", lambda data: data),
    ],
)
def test_content_undoes_the_content_coding(coding: str, encode) -> None:
    text = "<p>Según el Observatorio…</p>".encode()
    headers = StatusAndHeaders("200 OK", [("Content-Encoding", coding)], protocol="HTTP/1.1")
    assert ArchivedResponse(headers, encode(text)).content() == text


def test_content_refuses_to_inflate_a_bomb() -> None:
    headers = StatusAndHeaders("200 OK", [("Content-Encoding", "gzip")], protocol="HTTP/1.1")
    bomb = ArchivedResponse(headers, gzip.compress(bytes(2_000_000)))
    with pytest.raises(ValueError, match="inflates beyond 1000000 bytes"):
        bomb.content(limit=1_000_000)
    broken = ArchivedResponse(headers, b"not gzip")
    with pytest.raises(ValueError, match="cannot undo content coding gzip"):
        broken.content()
