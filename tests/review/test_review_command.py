"""`crosstally review` as a user starts it: its hosts, proxy and cookie options, over raw HTTP.

The app runs in a child process exactly as the command line builds it; the tests speak HTTP
to it on 127.0.0.1.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner

from crosstally.cli import cli
from tests.review.test_app import token

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def review_command(settings, *options: str, **env: str) -> Iterator[str]:
    port = free_port()
    command = [sys.executable, "-m", "crosstally", "--database-url", settings.database_url]
    command += ["--data-dir", str(settings.data_dir), "review", "--port", str(port), *options]
    environment = {**os.environ, **env}
    child = subprocess.Popen(
        command, cwd=ROOT, env=environment, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                httpx.get(f"{base}/static/review.css", timeout=2)
                break
            except httpx.TransportError:
                if child.poll() is not None or time.monotonic() > deadline:
                    output = child.stdout.read().decode() if child.stdout else ""
                    pytest.fail(f"crosstally review did not start: {output}")
                time.sleep(0.2)
        yield base
    finally:
        child.terminate()
        child.wait(timeout=30)


def status(base: str, host: str) -> int:
    return httpx.get(f"{base}/login", headers={"Host": host}, timeout=30).status_code


def test_hosts_and_forwarded_headers_as_the_command_sets_them(settings, seeded):
    names = ("--allowed-host", "review.example.org", "--allowed-host", "b.example:8443")
    with review_command(settings, *names) as base:
        port = int(base.rsplit(":", 1)[1])
        for host in (f"127.0.0.1:{port}", f"localhost:{port}", f"[::1]:{port}"):
            assert status(base, host) == 200, host
        for host in ("review.example.org", "review.example.org:443", "b.example:8443"):
            assert status(base, host) == 200, host
        for host in (f"127.0.0.1:{port + 1}", "b.example", f"evil.example:{port}"):
            assert status(base, host) == 400, host
        # Without --proxy-headers a client cannot choose its address to dodge the throttle.
        with httpx.Client(base_url=base, timeout=30) as client:
            for number in range(11):
                forged = {"X-Forwarded-For": f"10.0.0.{number}"}
                data = {"name": f"n{number}", "password": "wrong", "csrf_token": token(client)}
                response = client.post("/login", data=data, headers=forged)
            assert response.status_code == 429 and response.headers["retry-after"]


def test_secure_cookies_and_allowed_hosts_from_the_environment(settings, seeded):
    environment = {
        "CROSSTALLY_SECURE_COOKIES": "1",
        "CROSSTALLY_ALLOWED_HOSTS": "a.example, b.example",
    }
    with review_command(settings, **environment) as base:
        cookie = httpx.get(f"{base}/login", timeout=30).headers["set-cookie"]
        assert status(base, "a.example") == status(base, "b.example:8443") == 200
        assert status(base, "c.example") == 400
    flags = [part.strip().lower() for part in cookie.split(";")]
    assert cookie.startswith("__Host-crosstally_session=") and "secure" in flags


def test_help_documents_the_options():
    text = CliRunner().invoke(cli, ["review", "--help"]).output
    for option in ("--host", "--allowed-host", "--secure-cookies", "--proxy-headers"):
        assert option in text
    assert "CROSSTALLY_ALLOWED_HOSTS" in text and "CROSSTALLY_SECURE_COOKIES" in text


def test_a_malformed_allowed_host_is_refused(settings):
    result = CliRunner().invoke(
        cli, ["--database-url", settings.database_url, "review", "--allowed-host", "bad:port"]
    )
    assert result.exit_code != 0 and "not a host name" in result.output
