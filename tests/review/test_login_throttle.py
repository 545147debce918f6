"""Login throttling per account and per address, and argon2 kept off the event loop.

Raw HTTP against the running app. Behind a reverse proxy (``--proxy-headers``) each client's
own address comes from X-Forwarded-For; without it that header is ignored, so it cannot be
used to dodge the per-address count.
"""

from __future__ import annotations

import threading
import time

import httpx
import pytest

from review.web.app import create_app
from review.web.throttle import LoginThrottle, login_keys
from tests.review.conftest import PASSWORD, REVIEWER, VIEWER, running
from tests.review.test_app import token


def attempt(client: httpx.Client, name: str, password: str = "wrong password", **headers):
    data = {"name": name, "password": password, "csrf_token": token(client)}
    return client.post("/login", data=data, headers=headers)


@pytest.fixture
def client(live_server):
    with httpx.Client(base_url=live_server, follow_redirects=False, timeout=30) as client:
        yield client


@pytest.fixture
def proxied(settings, seeded):
    """The app as ``crosstally review --proxy-headers`` serves it behind a proxy on 127.0.0.1."""
    with (
        running(create_app(settings), proxy_headers=True) as base,
        httpx.Client(base_url=base, follow_redirects=False, timeout=30) as client,
    ):
        yield client


def assert_throttled(response: httpx.Response) -> None:
    assert response.status_code == 429
    assert 1 <= int(response.headers["retry-after"]) <= 60
    assert "Too many failed logins" in response.text


def test_the_eleventh_failure_from_one_address_is_throttled(client):
    """Ten names tried from one address, then even a right password waits."""
    for number in range(10):
        assert attempt(client, f"guess{number}").status_code == 401
    assert_throttled(attempt(client, "guess10"))
    assert_throttled(attempt(client, REVIEWER, PASSWORD))


def test_forwarded_for_is_ignored_without_proxy_headers(client):
    for number in range(10):
        forged = {"X-Forwarded-For": f"10.0.0.{number}"}
        assert attempt(client, f"guess{number}", **forged).status_code == 401
    assert_throttled(attempt(client, "guess10", **{"X-Forwarded-For": "10.0.1.1"}))


def test_the_eleventh_failure_on_one_account_is_throttled_from_any_address(proxied):
    for number in range(10):
        response = attempt(proxied, REVIEWER, **{"X-Forwarded-For": f"10.0.0.{number}"})
        assert response.status_code == 401
    elsewhere = {"X-Forwarded-For": "10.9.9.9"}
    assert_throttled(attempt(proxied, REVIEWER, **elsewhere))
    assert_throttled(attempt(proxied, REVIEWER, PASSWORD, **elsewhere))
    # Another account, from an address that has not failed, logs in as usual.
    assert attempt(proxied, VIEWER, PASSWORD, **{"X-Forwarded-For": "10.0.2.1"}).status_code == 303


def test_successful_logins_do_not_count(client):
    for _ in range(12):
        assert attempt(client, REVIEWER, PASSWORD).status_code == 303
    assert attempt(client, REVIEWER).status_code == 401


def test_the_window_slides():
    now = [1000.0]
    throttle = LoginThrottle(limit=3, window=60, clock=lambda: now[0])
    keys = login_keys("Ana", "192.0.2.1")
    for _ in range(3):
        assert throttle.attempt(keys) is None
        now[0] += 10
    assert throttle.attempt(keys) == 30  # the first attempt leaves the window at 1060
    assert throttle.attempt(login_keys(" ana ", "192.0.2.2")) == 30  # same account
    now[0] = 1060.5
    assert throttle.attempt(keys) is None


def test_the_throttle_forgets_the_oldest_keys_past_its_bound():
    throttle = LoginThrottle(limit=1, window=60, clock=lambda: 0.0, max_keys=4)
    for number in range(10):
        assert throttle.attempt([f"address:{number}"]) is None
    assert throttle.attempt(["address:9"]) is not None
    assert throttle.attempt(["address:0"]) is None  # forgotten, not kept forever


def test_password_checks_do_not_hold_up_other_requests(live_server):
    """Static files keep coming while argon2 verifies a burst of logins.

    On the event loop, the verifications queued ahead of the static request would all run
    before it; in the thread pool the static file is served while they are still running.
    """
    logins = 10  # the most one address may try within the minute
    finished: list[tuple[str, float]] = []
    lock = threading.Lock()
    start = threading.Barrier(logins + 1)

    def bad_login(number: int) -> None:
        with httpx.Client(base_url=live_server, timeout=60) as own:
            data = {"name": f"burst{number}", "password": "wrong", "csrf_token": token(own)}
            start.wait()
            assert own.post("/login", data=data).status_code == 401
            with lock:
                finished.append(("login", time.monotonic()))

    burst = [threading.Thread(target=bad_login, args=(n,)) for n in range(logins)]
    for thread in burst:
        thread.start()
    with httpx.Client(base_url=live_server, timeout=60) as other:
        assert other.get("/static/review.css").status_code == 200  # connected and warm
        start.wait()
        time.sleep(0.1)  # the logins are in and verifying
        assert other.get("/static/review.css").status_code == 200
        with lock:
            finished.append(("static", time.monotonic()))
    for thread in burst:
        thread.join()
    order = [kind for kind, _ in sorted(finished, key=lambda item: item[1])]
    assert len(order) == logins + 1 and order.index("static") < logins // 2, order
