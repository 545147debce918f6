"""A local HTTP server for the bundled sample sites in crawler/sample_site/.

Why it exists: the crawler has to be tested over real HTTP (robots.txt, feeds, sitemaps,
pagination, conditional requests, a page that changes between two crawls, hostile
responses) without touching the network, and the demo needs something to crawl. Every
organisation, outlet and person on these sites is invented.

Layout of the site directory:

- ``www/`` is served as is; ``{base_url}`` in text files becomes the server's URL, because
  feeds, sitemaps and canonical links need absolute URLs and the port is only known at start.
- ``revisions/<n>/`` overlays ``www/`` once ``revision >= n`` (see :meth:`SampleServer.advance`).
- ``redirects.txt`` lists permanent redirects; ``hostile/`` holds the text of some pages
  under ``/hostile/``, which are otherwise produced here (they are not linked from the sites).
- ``sources/*.yaml`` are source-file templates, rendered by :func:`write_sources`.

Run ``python -m crawler.sample_server [--port N] [--write-sources DIR]``.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import html
import json
import random
import signal
import socket
import socketserver
import struct
import sys
import threading
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime, parsedate_to_datetime
from functools import cache
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path, PurePosixPath
from types import FrameType, TracebackType
from urllib.parse import unquote, urlsplit

import brotli

SITE_DIR = Path(__file__).with_name("sample_site")
PLACEHOLDER = "{base_url}"
FICTION_NOTICE = "Fictional sample data for crosstally tests"

# Fixed, not file mtimes, so validators survive a fresh checkout and a restart: a crawler that
# stored them in an earlier run still gets 304. Revision overlays are newer, so a client that
# only sends If-Modified-Since still sees the update.
SITE_LAST_MODIFIED = datetime(2024, 7, 25, 22, 0, tzinfo=UTC)
REVISION_LAST_MODIFIED = {2: datetime(2024, 7, 26, 14, 30, tzinfo=UTC)}

HTML = "text/html; charset=utf-8"
RSS = "application/rss+xml"
XML = "application/xml"
TEXT = "text/plain; charset=utf-8"
JSON = "application/json"
CONTENT_TYPES = {".html": HTML, ".xml": XML, ".txt": TEXT, ".json": JSON}

MiB = 1 << 20
GiB = 1 << 30
SLOW_SECONDS = 30.0
BIG_BYTES = 20 * MiB
LONG_LINE_BYTES = MiB
BOMB_BYTES = GiB
# CRC-32 of 1 GiB of zero bytes (the gzip trailer needs it; computing it costs ~0.3 s).
GZIP_BOMB_CRC32 = 0x5B64C2B0


@dataclass
class Reply:
    """One response. ``cacheable`` replies get ETag/Last-Modified and may become 304."""

    status: int
    body: bytes = b""
    content_type: str | None = HTML
    headers: dict[str, str] = field(default_factory=dict)
    last_modified: datetime | None = None
    cacheable: bool = False
    stream: Callable[[], Iterator[bytes]] | None = None
    length: int | None = None

    @property
    def content_length(self) -> int:
        """Streamed bodies declare their length up front; others are measured."""
        return self.length if self.length is not None else len(self.body)

    @property
    def etag(self) -> str:
        return '"' + hashlib.sha256(self.body).hexdigest() + '"'


def page(status: int, title: str, text: str) -> Reply:
    """A small HTML page, for errors and control answers."""
    body = (
        f'<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{html.escape(title)}</title>\n</head>\n<body>\n<h1>{html.escape(title)}</h1>\n"
        f"<p>{html.escape(text)}</p>\n"
        f'<p class="fictional-notice">{FICTION_NOTICE}</p>\n</body>\n</html>\n'
    )
    return Reply(status, body.encode())


def not_found() -> Reply:
    return page(404, "Not found", "There is no page at this address on the sample sites.")


def content_type_for(path: Path) -> str:
    """Feeds are told apart from sitemaps by name (``*feed.xml``): both are plain .xml."""
    if path.name.endswith("feed.xml"):
        return RSS
    return CONTENT_TYPES.get(path.suffix, "application/octet-stream")


def is_text(content_type: str) -> bool:
    return content_type.startswith("text/") or "xml" in content_type or "json" in content_type


def render(path: Path, base_url: str) -> bytes:
    """File bytes with the placeholder replaced (text files only)."""
    data = path.read_bytes()
    if not is_text(content_type_for(path)):
        return data
    return data.decode("utf-8").replace(PLACEHOLDER, base_url).encode("utf-8")


def safe_relative(url_path: str) -> PurePosixPath | None:
    """The file path a URL path maps to, or None if it tries to leave the site."""
    relative = url_path.lstrip("/")
    if url_path.endswith("/"):
        relative += "index.html"
    parts = PurePosixPath(relative).parts
    if "\x00" in relative or any(p.startswith(".") or "\\" in p for p in parts):
        return None
    return PurePosixPath(*parts) if parts else None


def load_redirects(path: Path) -> dict[str, tuple[str, int]]:
    """``from to status`` lines; blank lines and ``#`` comments are ignored."""
    redirects: dict[str, tuple[str, int]] = {}
    if not path.is_file():
        return redirects
    for line in path.read_text("utf-8").splitlines():
        fields = line.split("#", 1)[0].split()
        if len(fields) == 3:
            redirects[fields[0]] = (fields[1], int(fields[2]))
    return redirects


class StaticSite:
    """Maps URL paths to files under ``www/``, honouring revision overlays and redirects."""

    def __init__(self, site_dir: Path) -> None:
        self.www = site_dir / "www"
        self.revisions = site_dir / "revisions"
        self.redirects = load_redirects(site_dir / "redirects.txt")

    def roots(self, revision: int) -> Iterator[tuple[Path, datetime]]:
        """Overlay directories, newest first, then www/, each with its Last-Modified."""
        for number in range(revision, 1, -1):
            overlay = self.revisions / str(number)
            if overlay.is_dir():
                default = SITE_LAST_MODIFIED + timedelta(hours=number - 1)
                yield overlay, REVISION_LAST_MODIFIED.get(number, default)
        yield self.www, SITE_LAST_MODIFIED

    def reply(self, url_path: str, revision: int, base_url: str) -> Reply:
        if url_path in self.redirects:
            target, status = self.redirects[url_path]
            return redirect(base_url + target, status)
        relative = safe_relative(url_path)
        if relative is None:
            return not_found()
        for root, last_modified in self.roots(revision):
            candidate = root / relative
            if candidate.is_file():
                body = render(candidate, base_url)
                ctype = content_type_for(candidate)
                return Reply(200, body, ctype, last_modified=last_modified, cacheable=True)
        if (self.www / relative).is_dir():
            return redirect(base_url + url_path + "/", 301)
        return not_found()


def redirect(location: str, status: int = 302) -> Reply:
    reply = page(status, "Moved", f"This page is at {location}.")
    reply.headers["Location"] = location
    return reply


# --------------------------------------------------------------------------- hostile pages


@cache
def gzip_bomb() -> bytes:
    """A gzip member that inflates to 1 GiB of zeros, built without 1 GiB in memory.

    A full flush makes each compressed MiB independent of what came before, so one such
    segment repeated 1024 times is a valid deflate stream. Deflate cannot beat ~1030:1,
    so the body is about 1 MiB.
    """
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    segment = compressor.compress(bytes(MiB)) + compressor.flush(zlib.Z_FULL_FLUSH)
    final_empty_block = b"\x03\x00"
    header = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\xff"
    trailer = struct.pack("<II", GZIP_BOMB_CRC32, BOMB_BYTES & 0xFFFFFFFF)
    return header + segment * (BOMB_BYTES // MiB) + final_empty_block + trailer


@cache
def brotli_bomb() -> bytes:
    """A brotli stream that inflates to 1 GiB of zeros: under 1 KiB, built in ~0.1 s.

    After a flush the encoder is in a steady state, so the bytes for each further 16 MiB of
    zeros repeat exactly; we compress three segments and repeat the last one.
    """
    segment_size = 16 * MiB
    compressor = brotli.Compressor(quality=5, lgwin=24)
    zeros = bytes(segment_size)
    first, second, third = (compressor.process(zeros) + compressor.flush() for _ in range(3))
    if second != third:
        raise RuntimeError("brotli encoder output did not reach a steady state")
    repeats = BOMB_BYTES // segment_size - 1
    return first + second * repeats + compressor.finish()


def minimal_pdf(text: str) -> bytes:
    """A small, valid one-page PDF (correct xref offsets), for the PDF-as-HTML page."""
    content = b"BT /F1 14 Tf 72 720 Td (" + text.encode("latin-1") + b") Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, obj in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + obj + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def padded_html(total: int, unit: bytes, title: str) -> tuple[int, Callable[[], Iterator[bytes]]]:
    """An HTML document of exactly ``total`` bytes made of repeated ``unit``, streamed."""
    head = f"<!DOCTYPE html>\n<html><head><title>{title}</title></head><body>\n".encode()
    tail = f'<p class="fictional-notice">{FICTION_NOTICE}</p>\n</body></html>\n'.encode()
    filler = total - len(head) - len(tail)
    block = unit * (64 * 1024 // len(unit))
    blocks, rest = divmod(filler, len(block))
    units, spaces = divmod(rest, len(unit))

    def chunks() -> Iterator[bytes]:
        yield head
        for _ in range(blocks):
            yield block
        yield unit * units + b" " * spaces
        yield tail

    return total, chunks


def long_line() -> bytes:
    """One line of exactly 1 MiB: no newline anywhere."""
    head = b"<html><head><title>Long line</title></head><body><p>"
    tail = f'</p><p class="fictional-notice">{FICTION_NOTICE}</p></body></html>'.encode()
    sentence = b"A very long line of text without a single line break. "
    filler = LONG_LINE_BYTES - len(head) - len(tail)
    return head + (sentence * (filler // len(sentence) + 1))[:filler] + tail


class HostilePages:
    """Pages under /hostile/ that misbehave on purpose, for crawler robustness tests."""

    def __init__(self, site_dir: Path, stopping: threading.Event) -> None:
        self.dir = site_dir / "hostile"
        self.stopping = stopping
        self.routes: dict[str, Callable[[str], Reply | None]] = {
            "/hostile/404": lambda _: page(404, "Not found", "This hostile page is missing."),
            "/hostile/500": lambda _: page(500, "Internal Server Error", "Something broke."),
            "/hostile/slow": self.slow,
            "/hostile/redirect-loop": lambda b: redirect(b + "/hostile/redirect-loop-b"),
            "/hostile/redirect-loop-b": lambda b: redirect(b + "/hostile/redirect-loop"),
            "/hostile/big": self.big,
            "/hostile/gzip-bomb": lambda _: self.bomb(gzip_bomb(), "gzip"),
            "/hostile/brotli-bomb": lambda _: self.bomb(brotli_bomb(), "br"),
            "/hostile/pdf-as-html": lambda _: Reply(200, self.pdf()),
            "/hostile/binary-as-html": lambda _: Reply(200, random.Random(7).randbytes(64 * 1024)),
            "/hostile/wrong-charset": self.wrong_charset,
            "/hostile/no-charset": lambda b: self.file("no-charset.html", b, "text/html"),
            "/hostile/malformed": lambda b: self.file("malformed.html", b, HTML),
            "/hostile/empty": lambda _: Reply(200, b""),
            "/hostile/long-line": lambda _: Reply(200, long_line()),
            "/hostile/xxe-feed.xml": lambda b: self.file("xxe-feed.xml", b, RSS),
            "/hostile/billion-laughs.xml": lambda b: self.file("billion-laughs.xml", b, RSS),
            "/hostile/feed.xml": lambda b: self.file("feed.xml", b, RSS),
            "/hostile/disallowed": lambda b: self.file("disallowed.html", b, HTML),
        }

    def reply(self, url_path: str, base_url: str) -> Reply | None:
        """The reply, ``not_found()`` for unknown paths, or None to drop the connection."""
        route = self.routes.get(url_path)
        return route(base_url) if route else not_found()

    def file(self, name: str, base_url: str, content_type: str) -> Reply:
        return Reply(200, render(self.dir / name, base_url), content_type)

    def slow(self, _base_url: str) -> Reply | None:
        """Answers after 30 s, unless the server stops first: then the connection is dropped."""
        if self.stopping.wait(SLOW_SECONDS):
            return None
        return page(200, "Slow page", f"This page took {SLOW_SECONDS:.0f} seconds to answer.")

    def big(self, _base_url: str) -> Reply:
        unit = b"<p>Filler paragraph for a very large page; nothing to see here.</p>\n"
        length, chunks = padded_html(BIG_BYTES, unit, "Big page")
        return Reply(200, stream=chunks, length=length)

    def bomb(self, body: bytes, encoding: str) -> Reply:
        return Reply(200, body, HTML, headers={"Content-Encoding": encoding})

    def pdf(self) -> bytes:
        return minimal_pdf("A PDF document served with a text/html content type.")

    def wrong_charset(self, base_url: str) -> Reply:
        text = render(self.dir / "wrong-charset.html", base_url).decode("utf-8")
        return Reply(200, text.encode("latin-1"), HTML)


# --------------------------------------------------------------------------- HTTP plumbing


def split_target(target: str) -> tuple[str, str]:
    """Path and query of a request target (origin form, or absolute form from a proxy)."""
    if target.startswith(("http://", "https://")):
        parts = urlsplit(target)
        return parts.path or "/", parts.query
    path, _, query = target.partition("#")[0].partition("?")
    return path or "/", query


class _Handler(BaseHTTPRequestHandler):
    """Routes requests to the control paths, the hostile pages or the static site."""

    server: _HTTPServer
    protocol_version = "HTTP/1.1"
    server_version = "crosstally-sample/1.0"
    sys_version = ""
    disable_nagle_algorithm = True  # headers and body are separate writes
    timeout = 30  # idle keep-alive connections are closed after this many seconds

    def setup(self) -> None:
        super().setup()
        self.server.sample._track(self.connection)

    def finish(self) -> None:
        try:
            super().finish()
        finally:
            self.server.sample._untrack(self.connection)

    def log_message(self, format: str, *args: object) -> None:
        """Silent unless verbose: test output stays clean."""
        if self.server.sample.verbose:
            super().log_message(format, *args)

    def do_GET(self) -> None:
        self.respond(head=False)

    def do_HEAD(self) -> None:
        self.respond(head=True)

    def do_POST(self) -> None:
        sample = self.server.sample
        path, query = split_target(self.path)
        sample._record(path, query)
        self.discard_body()
        if path == "/_sample/advance":
            sample.advance()
            self.send(Reply(204, content_type=None), head=False)
        elif path.startswith("/_sample/") and path != "/_sample/status":
            self.send(not_found(), head=False)
        else:
            self.send(self.not_allowed("GET, HEAD"), head=False)

    def discard_body(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        if length > 0:
            self.rfile.read(length)

    def not_allowed(self, allow: str) -> Reply:
        reply = page(405, "Method not allowed", f"Use {allow}.")
        reply.headers["Allow"] = allow
        return reply

    def respond(self, head: bool) -> None:
        sample = self.server.sample
        path, query = split_target(self.path)
        sample._record(path, query)
        reply = sample._route(unquote(path))
        if reply is None:
            self.close_connection = True
            return
        self.send(reply, head)

    def send(self, reply: Reply, head: bool) -> None:
        if reply.cacheable and self.not_modified(reply):
            self.send_response(304)
            self.validator_headers(reply)
            self.end_headers()
            return
        self.send_response(reply.status)
        if reply.content_type:
            self.send_header("Content-Type", reply.content_type)
        if reply.status != 204:
            self.send_header("Content-Length", str(reply.content_length))
        for name, value in reply.headers.items():
            self.send_header(name, value)
        if reply.cacheable:
            self.validator_headers(reply)
        self.end_headers()
        if not head:
            self.write_body(reply)

    def validator_headers(self, reply: Reply) -> None:
        self.send_header("ETag", reply.etag)
        if reply.last_modified:
            self.send_header("Last-Modified", format_datetime(reply.last_modified, usegmt=True))

    def not_modified(self, reply: Reply) -> bool:
        """RFC 9110: If-None-Match wins; If-Modified-Since is used only without it."""
        if_none_match = self.headers.get("If-None-Match")
        if if_none_match is not None:
            tags = {tag.strip().removeprefix("W/") for tag in if_none_match.split(",")}
            return "*" in tags or reply.etag in tags
        since = self.headers.get("If-Modified-Since")
        if not since or reply.last_modified is None:
            return False
        try:
            when = parsedate_to_datetime(since)
        except (TypeError, ValueError):
            return False
        if when.tzinfo is None:
            when = when.replace(tzinfo=UTC)
        return reply.last_modified <= when

    def write_body(self, reply: Reply) -> None:
        """Clients that give up halfway (size limits, timeouts) are expected, not errors."""
        chunks: Iterable[bytes] = reply.stream() if reply.stream else (reply.body,)
        try:
            for chunk in chunks:
                self.wfile.write(chunk)
        except OSError:  # reset, broken pipe, or a client that stalled past the timeout
            self.close_connection = True


class _HTTPServer(ThreadingHTTPServer):
    """Daemon handler threads, no reverse DNS at bind time, no tracebacks unless verbose."""

    daemon_threads = True
    block_on_close = False

    def __init__(self, address: tuple[str, int], sample: SampleServer) -> None:
        self.sample = sample
        super().__init__(address, _Handler)

    def server_bind(self) -> None:
        socketserver.TCPServer.server_bind(self)
        host, port = self.server_address[:2]
        self.server_name, self.server_port = str(host), int(port)

    def handle_error(self, request: object, client_address: object) -> None:
        if self.sample.verbose:
            super().handle_error(request, client_address)  # type: ignore[arg-type]


class SampleServer:
    """Serves the sample sites on 127.0.0.1 in a background thread.

    ``requested_paths`` lets tests assert what a crawler fetched (and did not fetch, e.g.
    robots-disallowed pages); ``advance()`` turns the site into its second revision so that
    re-crawl and change-detection logic can be tested.
    """

    def __init__(
        self,
        host: str = "127.0.0.1",
        port: int = 0,
        site_dir: Path | None = None,
        verbose: bool = False,
    ) -> None:
        self.host = host
        self.port = port
        self.site_dir = Path(site_dir) if site_dir is not None else SITE_DIR
        self.verbose = verbose
        self.url = ""
        self.requested_paths: list[str] = []
        self.revision = 1
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._connections: set[socket.socket] = set()
        self._site = StaticSite(self.site_dir)
        self._hostile = HostilePages(self.site_dir, self._stopping)
        self._httpd: _HTTPServer | None = None
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        """Bind (port 0 picks a free port) and serve in a daemon thread."""
        if self._httpd is not None:
            raise RuntimeError("SampleServer already started")
        gzip_bomb(), brotli_bomb()  # built once per process, before the first request
        self._stopping.clear()
        self._httpd = _HTTPServer((self.host, self.port), self)
        self.port = int(self._httpd.server_address[1])
        visible_host = "127.0.0.1" if self.host in ("", "0.0.0.0") else self.host
        self.url = f"http://{visible_host}:{self.port}"
        self._thread = threading.Thread(
            target=self._httpd.serve_forever,
            kwargs={"poll_interval": 0.05},
            name=f"sample-server-{self.port}",
            daemon=True,
        )
        self._thread.start()

    def stop(self) -> None:
        """Stop serving; also wakes the slow page and closes kept-alive connections."""
        httpd, self._httpd = self._httpd, None
        if httpd is None:
            return
        self._stopping.set()
        httpd.shutdown()
        httpd.server_close()
        with self._lock:
            connections = list(self._connections)
        for connection in connections:
            with contextlib.suppress(OSError):  # already closed by the client
                connection.shutdown(socket.SHUT_RDWR)
        if self._thread is not None:
            self._thread.join(timeout=1)

    def advance(self) -> None:
        """Switch to the next revision: the updated article gets its second version."""
        with self._lock:
            self.revision += 1

    def __enter__(self) -> SampleServer:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()

    # Called from handler threads.

    def _record(self, path: str, query: str) -> None:
        with self._lock:
            self.requested_paths.append(f"{path}?{query}" if query else path)

    def _track(self, connection: socket.socket) -> None:
        with self._lock:
            self._connections.add(connection)

    def _untrack(self, connection: socket.socket) -> None:
        with self._lock:
            self._connections.discard(connection)

    def _route(self, path: str) -> Reply | None:
        if path == "/_sample/status":
            body = json.dumps({"revision": self.revision}).encode()
            return Reply(200, body, JSON, headers={"Cache-Control": "no-store"})
        if path == "/_sample/advance":
            reply = page(405, "Method not allowed", "POST to this address to advance the site.")
            reply.headers["Allow"] = "POST"
            return reply
        if path.startswith("/hostile/"):
            return self._hostile.reply(path, self.url)
        return self._site.reply(path, self.revision, self.url)


def write_sources(base_url: str, dest_dir: Path) -> list[Path]:
    """Render the source-file templates for a running server into ``dest_dir``."""
    dest_dir = Path(dest_dir)
    dest_dir.mkdir(parents=True, exist_ok=True)
    base = base_url.rstrip("/")
    written = []
    for template in sorted((SITE_DIR / "sources").glob("*.yaml")):
        target = dest_dir / template.name
        target.write_text(template.read_text("utf-8").replace(PLACEHOLDER, base), "utf-8")
        written.append(target)
    return written


def main(argv: list[str] | None = None) -> int:
    """Serve until SIGINT or SIGTERM; the URL line is printed last, once everything is ready."""
    parser = argparse.ArgumentParser(
        prog="python -m crawler.sample_server",
        description="Serve the crosstally sample sites (fictional data) on this machine.",
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (127.0.0.1)")
    parser.add_argument("--port", type=int, default=0, help="port (0 picks a free one)")
    parser.add_argument("--write-sources", type=Path, metavar="DIR", help="write source files")
    parser.add_argument("--verbose", action="store_true", help="log requests to stderr")
    args = parser.parse_args(argv)

    stop = threading.Event()

    def on_signal(_signum: int, _frame: FrameType | None) -> None:
        stop.set()

    previous = {sig: signal.signal(sig, on_signal) for sig in (signal.SIGINT, signal.SIGTERM)}
    server = SampleServer(args.host, args.port, verbose=args.verbose)
    try:
        try:
            server.start()
        except OSError as error:
            print(f"cannot listen on {args.host}:{args.port}: {error}", file=sys.stderr)
            return 2
        if args.write_sources:
            paths = write_sources(server.url, args.write_sources)
            print(f"Wrote {len(paths)} source files to {args.write_sources}", flush=True)
        print(f"Sample sites at {server.url}", flush=True)
        while not stop.wait(0.2):
            pass
        return 0
    finally:
        server.stop()
        for sig, handler in previous.items():
            signal.signal(sig, handler)


if __name__ == "__main__":
    sys.exit(main())
