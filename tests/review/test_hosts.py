"""Only the Host names the app is served under are answered (DNS rebinding is refused).

Raw HTTP against the running app: a page on an attacker's name that resolves to 127.0.0.1
sends that name as Host, and gets 400 whatever it asks for.
"""

from __future__ import annotations

import socket
from urllib.parse import urlsplit

import httpx
import pytest

from review.web.app import AppOptions, create_app
from review.web.gate import split_host
from tests.review.conftest import running


def status(base: str, host: str, path: str = "/login") -> int:
    with httpx.Client(base_url=base, timeout=30) as client:
        return client.get(path, headers={"Host": host}).status_code


def raw_status(base: str, request: bytes) -> int:
    """The status line of a hand-written request (httpx always sends a Host)."""
    parts = urlsplit(base)
    with socket.create_connection((parts.hostname, parts.port), timeout=30) as connection:
        connection.sendall(request)
        reply = connection.recv(4096)
    return int(reply.split(b" ", 2)[1])


def test_foreign_hosts_are_refused_on_every_path(live_server):
    port = urlsplit(live_server).port
    for host in ("evil.example", f"evil.example:{port}", f"127.0.0.1.evil.example:{port}"):
        for path in ("/login", "/", "/static/review.css", "/claims/1", "/export/claims.csv"):
            assert status(live_server, host, path) == 400, (host, path)
    with httpx.Client(base_url=live_server, timeout=30) as client:
        forged = client.post("/login", data={"name": "x"}, headers={"Host": "evil.example"})
    assert forged.status_code == 400 and "set-cookie" not in forged.headers


def test_loopback_names_are_served(live_server):
    port = urlsplit(live_server).port
    for host in (f"127.0.0.1:{port}", f"localhost:{port}", f"[::1]:{port}", f"LOCALHOST:{port}"):
        assert status(live_server, host) == 200, host


def test_a_request_without_a_host_is_refused(live_server):
    assert raw_status(live_server, b"GET /login HTTP/1.0\r\n\r\n") == 400


@pytest.fixture
def served_as(settings, seeded):
    """The app answering the loopback names on port 8123 and review.example.org on any port."""
    options = AppOptions(allowed_hosts=("127.0.0.1:8123", "localhost:8123", "review.example.org"))
    with running(create_app(settings, options)) as base:
        yield base


def test_allowed_hosts_with_and_without_a_port(served_as):
    assert status(served_as, "review.example.org") == 200
    assert status(served_as, "review.example.org:443") == 200
    assert status(served_as, "127.0.0.1:8123") == 200
    assert status(served_as, "127.0.0.1:8124") == 400  # a loopback name counts on its port only
    assert status(served_as, "127.0.0.1") == 400
    assert status(served_as, "other.example.org") == 400


@pytest.mark.parametrize(
    ("value", "parsed"),
    [
        ("127.0.0.1:8000", ("127.0.0.1", "8000")),
        ("LocalHost", ("localhost", None)),
        ("[::1]:8000", ("[::1]", "8000")),
        ("::1", ("[::1]", None)),
        ("[::1]", ("[::1]", None)),
        ("host:", None),
        ("host:80x", None),
        ("[::1", None),
        ("[::1]x", None),
        ("", None),
    ],
)
def test_split_host(value, parsed):
    assert split_host(value) == (parsed if parsed is None else tuple(parsed))
