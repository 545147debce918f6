"""WARC archiving: every HTTP response the crawl receives, as received (chain of custody).

One gzip WARC file per crawl run and process (``warc/crawl-<run_id>-<pid>.warc.gz`` under
the data directory), opened with a ``warcinfo`` record. Each exchange is a ``response``
record and a ``request`` record that name each other in ``WARC-Concurrent-To``. Every
record is its own gzip member and is flushed at once, so a crash loses at most the
record being written. The ``warc/`` directory is created 0700 and each file 0600
(:mod:`crosstally.files`): what was fetched is the organisation's, not other local users'.

Digests are SHA-256 throughout. The WARC headers carry them the way WARC tools expect,
``WARC-Payload-Digest: sha256:<base32>``; the database keeps the same digest as hex
(``Capture.payload_sha256``). The payload is the HTTP entity body as received: transfer
coding removed, content coding (gzip, br) kept, exactly the bytes the server sent.

The HTTP header block is re-serialised from the headers Scrapy parsed (names
title-cased by Scrapy, order kept). Because the body is stored de-chunked, a
``Transfer-Encoding`` header is renamed ``X-Crosstally-Orig-Transfer-Encoding`` so that
WARC readers do not try to de-chunk it again.
"""

from __future__ import annotations

import base64
import hashlib
import os
import threading
import zlib
from dataclasses import dataclass
from datetime import UTC, datetime
from http import HTTPStatus
from io import BytesIO
from pathlib import Path
from typing import NamedTuple, Protocol
from urllib.parse import urlsplit

import brotli
from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.statusandheaders import StatusAndHeaders
from warcio.utils import Digester
from warcio.warcwriter import WARCWriter

import crosstally
from crosstally.files import private_directory, private_opener

WARC_SUBDIR = "warc"
SOFTWARE = f"crosstally/{crosstally.__version__} (Scrapy, warcio)"
# Bodies are never inflated beyond this when read back (decompression bombs).
CONTENT_LIMIT = 64 * 1024 * 1024
RENAMED_HEADERS = {"transfer-encoding": "X-Crosstally-Orig-Transfer-Encoding"}


@dataclass(frozen=True)
class HttpExchange:
    """One request as sent and the response as received, ready to archive."""

    url: str
    method: str
    request_headers: list[tuple[str, str]]
    request_body: bytes
    status: int
    protocol: str
    response_headers: list[tuple[str, str]]
    body: bytes
    fetched_at: datetime
    ip_address: str | None = None


@dataclass(frozen=True)
class ArchivedRecord:
    """Where a response record sits; field names match the ``Capture`` columns."""

    warc_path: str
    warc_offset: int
    warc_length: int
    record_id: str
    request_record_id: str
    payload_sha256: str
    fetched_at: datetime


class CaptureLocation(Protocol):
    warc_path: str
    warc_offset: int
    warc_length: int
    record_id: str
    payload_sha256: str


class ArchivedResponse(NamedTuple):
    """Headers and body exactly as archived; ``content()`` undoes the content coding."""

    http_headers: StatusAndHeaders
    body: bytes

    def content(self, limit: int = CONTENT_LIMIT) -> bytes:
        """The body with its Content-Encoding (gzip, deflate, br) undone, as a browser
        would read it; ValueError if it cannot be, or would inflate beyond ``limit``."""
        codings = self.http_headers.get_header("Content-Encoding") or ""
        body = self.body
        for coding in reversed([c.strip().lower() for c in codings.split(",") if c.strip()]):
            body = _undo_coding(body, coding, limit)
        return body


def _undo_coding(body: bytes, coding: str, limit: int) -> bytes:
    try:
        if coding in ("gzip", "x-gzip"):
            output = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(body, limit + 1)
        elif coding == "deflate":
            try:
                output = zlib.decompressobj().decompress(body, limit + 1)
            except zlib.error:  # raw deflate, as some servers send it
                output = zlib.decompressobj(-zlib.MAX_WBITS).decompress(body, limit + 1)
        elif coding == "br":
            output = brotli.Decompressor().process(body, output_buffer_limit=limit + 1)
        elif coding == "identity":
            output = body
        else:
            raise ValueError(f"unknown content coding {coding!r}")
    except (zlib.error, brotli.error) as error:
        raise ValueError(f"cannot undo content coding {coding}: {error}") from None
    if len(output) > limit:
        raise ValueError(f"the body inflates beyond {limit} bytes")
    return output


@dataclass(frozen=True)
class Verification:
    ok: bool
    detail: str


class ArchiveError(OSError):
    """The WARC file cannot be written: without it there is no chain of custody."""


class Sha256WARCWriter(WARCWriter):
    """warcio writer whose block digests are SHA-256 too (its default is SHA-1)."""

    @staticmethod
    def _create_digester() -> Digester:
        return Digester("sha256")


def warc_digest(data: bytes) -> str:
    return "sha256:" + base64.b32encode(hashlib.sha256(data).digest()).decode("ascii")


class WarcArchive:
    """Appends exchanges to one WARC file. Not thread-safe by itself: callers in the
    reactor thread are serialised anyway, and :func:`shared_archive` adds a lock."""

    def __init__(self, data_dir: Path, run_id: int, pid: int | None = None) -> None:
        self.data_dir = data_dir
        self.relative_path = f"{WARC_SUBDIR}/crawl-{run_id}-{pid or os.getpid()}.warc.gz"
        self.path = data_dir / self.relative_path
        try:
            private_directory(self.path.parent, within=data_dir)
            self._file = open(self.path, "ab", opener=private_opener)  # noqa: SIM115
            self._writer = Sha256WARCWriter(self._file, gzip=True, warc_version="1.1")
            self._lock = threading.Lock()
            self.warcinfo_id = self._write_warcinfo(run_id)
        except OSError as error:
            raise ArchiveError(f"cannot write WARC file {self.path}: {error}") from error

    def _write_warcinfo(self, run_id: int) -> str:
        record = self._writer.create_warcinfo_record(
            self.path.name,
            {
                "software": SOFTWARE,
                "format": "WARC File Format 1.1",
                "conformsTo": "https://iipc.github.io/warc-specifications/",
                "isPartOf": f"crosstally crawl run {run_id}",
                "description": "HTTP responses as received by a crosstally crawl",
                "robots": "obey",
            },
        )
        self._write(record)
        return record.rec_headers.get_header("WARC-Record-ID")

    def write_exchange(self, exchange: HttpExchange) -> ArchivedRecord:
        """Write the response record, then the request record; return where the
        response record sits."""
        try:
            return self._write_exchange(exchange)
        except OSError as error:
            raise ArchiveError(f"cannot write WARC file {self.path}: {error}") from error

    def _write_exchange(self, exchange: HttpExchange) -> ArchivedRecord:
        with self._lock:
            response_id = self._writer._make_warc_id()
            request_id = self._writer._make_warc_id()
            warc_date = exchange.fetched_at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
            common = {"WARC-Date": warc_date, "WARC-Warcinfo-ID": self.warcinfo_id}
            response_headers = dict(common)
            response_headers |= {
                "WARC-Record-ID": response_id,
                "WARC-Concurrent-To": request_id,
                "WARC-Payload-Digest": warc_digest(exchange.body),
            }
            if exchange.ip_address:
                response_headers["WARC-IP-Address"] = exchange.ip_address
            response = self._writer.create_warc_record(
                exchange.url,
                "response",
                payload=BytesIO(exchange.body),
                length=len(exchange.body),
                warc_headers_dict=response_headers,
                http_headers=_response_status_and_headers(exchange),
            )
            offset, length = self._write(response)
            request_headers = dict(common)
            request_headers |= {"WARC-Record-ID": request_id, "WARC-Concurrent-To": response_id}
            request = self._writer.create_warc_record(
                exchange.url,
                "request",
                payload=BytesIO(exchange.request_body),
                length=len(exchange.request_body),
                warc_headers_dict=request_headers,
                http_headers=_request_status_and_headers(exchange),
            )
            self._write(request)
        return ArchivedRecord(
            warc_path=self.relative_path,
            warc_offset=offset,
            warc_length=length,
            record_id=response_id,
            request_record_id=request_id,
            payload_sha256=hashlib.sha256(exchange.body).hexdigest(),
            fetched_at=exchange.fetched_at,
        )

    def _write(self, record) -> tuple[int, int]:
        offset = self._file.tell()
        self._writer.write_record(record)
        self._file.flush()
        return offset, self._file.tell() - offset

    def close(self) -> None:
        if not self._file.closed:
            self._file.close()


def _response_status_and_headers(exchange: HttpExchange) -> StatusAndHeaders:
    try:
        reason = HTTPStatus(exchange.status).phrase
    except ValueError:
        reason = ""
    headers = [(RENAMED_HEADERS.get(k.lower(), k), v) for k, v in exchange.response_headers]
    statusline = f"{exchange.status} {reason}".strip()
    return StatusAndHeaders(statusline, headers, protocol=exchange.protocol or "HTTP/1.1")


def _request_status_and_headers(exchange: HttpExchange) -> StatusAndHeaders:
    parts = urlsplit(exchange.url)
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    headers = list(exchange.request_headers)
    if not any(name.lower() == "host" for name, _ in headers):
        headers.insert(0, ("Host", parts.netloc))
    return StatusAndHeaders(f"{exchange.method} {target}", headers, protocol="HTTP/1.1")


_shared: dict[tuple[Path, int], WarcArchive] = {}
_shared_lock = threading.Lock()


def shared_archive(data_dir: Path, run_id: int) -> WarcArchive:
    """The one archive of this run in this process, however many crawlers write to it."""
    key = (data_dir.resolve(), run_id)
    with _shared_lock:
        archive = _shared.get(key)
        if archive is None:
            archive = _shared[key] = WarcArchive(data_dir.resolve(), run_id)
        return archive


def shared_archive_path(data_dir: Path, run_id: int) -> Path | None:
    """The run's WARC file in this process, if anything was archived."""
    with _shared_lock:
        archive = _shared.get((data_dir.resolve(), run_id))
        return archive.path if archive else None


def close_shared(run_id: int | None = None) -> None:
    with _shared_lock:
        for key in [k for k in _shared if run_id is None or k[1] == run_id]:
            _shared.pop(key).close()


def read_capture(data_dir: Path, capture: CaptureLocation) -> ArchivedResponse:
    """The archived HTTP headers and the body bytes exactly as received."""
    return _read_record(Path(data_dir), capture)[1]


def check_capture(data_dir: Path, capture: CaptureLocation) -> Verification:
    """Recompute the payload digest from the WARC and compare it with both the
    database and the record's own WARC-Payload-Digest."""
    try:
        warc_headers, archived = _read_record(Path(data_dir), capture)
    except (OSError, ValueError) as error:
        return Verification(False, str(error))
    digest = hashlib.sha256(archived.body).hexdigest()
    if digest != capture.payload_sha256:
        return Verification(False, f"payload sha256 {digest} != recorded {capture.payload_sha256}")
    header = warc_headers.get_header("WARC-Payload-Digest")
    if header != warc_digest(archived.body):
        return Verification(False, f"WARC-Payload-Digest {header} does not match the payload")
    return Verification(True, f"payload sha256 {digest} matches the database and the WARC")


def verify_capture(data_dir: Path, capture: CaptureLocation) -> bool:
    return check_capture(data_dir, capture).ok


def _read_record(
    data_dir: Path, capture: CaptureLocation
) -> tuple[StatusAndHeaders, ArchivedResponse]:
    path = data_dir / capture.warc_path
    try:
        with path.open("rb") as handle:
            handle.seek(capture.warc_offset)
            chunk = handle.read(capture.warc_length)
    except FileNotFoundError:
        raise FileNotFoundError(f"WARC file {path} is missing") from None
    where = f"{path}@{capture.warc_offset}"
    try:
        for record in ArchiveIterator(BytesIO(chunk)):
            if record.rec_type != "response":
                raise ValueError(f"{where} is a {record.rec_type} record, not a response")
            record_id = record.rec_headers.get_header("WARC-Record-ID")
            if record_id != capture.record_id:
                raise ValueError(f"{where} holds record {record_id}, not {capture.record_id}")
            body = record.raw_stream.read()
            return record.rec_headers, ArchivedResponse(record.http_headers, body)
    except (ArchiveLoadFailed, EOFError, zlib.error) as error:
        raise ValueError(f"{where} cannot be read (damaged?): {error}") from None
    raise ValueError(f"{where}: no WARC record there")
