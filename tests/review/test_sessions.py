"""Sessions live on the server: logging out, a new password or a disabled account end them.

Raw HTTP against the running app; the account commands through the real CLI on the same
database while the app serves.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import httpx
import pytest
from click.testing import CliRunner
from sqlalchemy import select, update

from crosstally.cli import cli
from models import AppSession, User
from review.web.auth import verify_password
from tests.review.conftest import PASSWORD, REVIEWER, VIEWER
from tests.review.test_app import login, token

COOKIE = "crosstally_session"
NEW_PASSWORD = "another long password"


def run(settings, *args, input=None):
    return CliRunner().invoke(
        cli,
        ["--database-url", settings.database_url, "--data-dir", str(settings.data_dir), *args],
        input=input,
    )


def refused(result, message: str) -> bool:
    """The command failed, saying ``message`` (as an error line, or as the exception raised)."""
    said = result.output + str(result.exception or "")
    return result.exit_code != 0 and message in said


def client_for(base: str, cookie: str | None = None) -> httpx.Client:
    client = httpx.Client(base_url=base, follow_redirects=False, timeout=30)
    if cookie is not None:
        client.cookies.set(COOKIE, cookie)
    return client


def logged_in(client: httpx.Client) -> bool:
    """A page answers (200), or the app sends the client to the login page (303)."""
    status = client.get("/persons").status_code
    assert status in (200, 303)
    return status == 200


def test_a_cookie_replayed_after_logout_is_refused(live_server, seeded):
    with client_for(live_server) as analyst:
        login(analyst, REVIEWER)
        copied = analyst.cookies[COOKIE]
        csrf = token(analyst, "/persons")
        assert analyst.post("/logout", data={"csrf_token": csrf}).status_code == 303
        assert not logged_in(analyst)
    with client_for(live_server, copied) as thief:
        assert not logged_in(thief)
        accept = {"action": "accept", "csrf_token": csrf}
        assert thief.post(f"/claims/{seeded['provea'].id}/decide", data=accept).status_code == 403


def test_logout_ends_only_that_session(live_server):
    with client_for(live_server) as laptop, client_for(live_server) as desktop:
        login(laptop, REVIEWER)
        login(desktop, REVIEWER)
        logout = {"csrf_token": token(laptop, "/persons")}
        assert laptop.post("/logout", data=logout).status_code == 303
        assert not logged_in(laptop) and logged_in(desktop)


def test_the_database_keeps_only_a_digest_of_the_token(live_server, session):
    with client_for(live_server) as analyst:
        login(analyst, REVIEWER)
        cookie = analyst.cookies[COOKIE]
    session.rollback()
    (stored,) = session.scalars(select(AppSession.token_sha256)).all()
    assert len(stored) == 64 and stored not in cookie


def test_an_expired_session_is_refused(live_server, session):
    with client_for(live_server) as analyst:
        login(analyst, REVIEWER)
        assert logged_in(analyst)
        session.rollback()
        past = datetime.now(UTC) - timedelta(seconds=1)
        session.execute(update(AppSession).values(expires_at=past))
        session.commit()
        assert not logged_in(analyst)


def test_passwd_changes_the_password_and_ends_every_session(live_server, settings):
    with client_for(live_server) as one, client_for(live_server) as two:
        login(one, REVIEWER)
        login(two, REVIEWER)
        changed = run(settings, "users", "passwd", REVIEWER, input=f"{NEW_PASSWORD}\n" * 2)
        assert changed.exit_code == 0, changed.output
        assert "2 session(s) ended" in changed.output and NEW_PASSWORD not in changed.output
        assert not logged_in(one) and not logged_in(two)
        old = {"name": REVIEWER, "password": PASSWORD, "csrf_token": token(one)}
        assert one.post("/login", data=old).status_code == 401
        new = {"name": REVIEWER, "password": NEW_PASSWORD, "csrf_token": token(one)}
        assert one.post("/login", data=new).status_code == 303 and logged_in(one)


def test_passwd_reads_stdin_and_refuses_what_it_cannot_use(settings, seeded, session):
    def password_is(password: str) -> bool:
        session.rollback()
        viewer = session.scalars(select(User).where(User.name == VIEWER)).one()
        return verify_password(viewer.password_hash, password)

    piped = run(settings, "users", "passwd", VIEWER, "--password-stdin", input=NEW_PASSWORD)
    assert piped.exit_code == 0, piped.output
    assert password_is(NEW_PASSWORD)
    mismatch = run(settings, "users", "passwd", VIEWER, input="first password\nsecond one\n")
    assert mismatch.exit_code != 0  # click asks again, then runs out of input
    short = run(settings, "users", "passwd", VIEWER, "--password-stdin", input="short\n")
    assert refused(short, "at least 8 characters")
    assert password_is(NEW_PASSWORD)
    unknown = run(settings, "users", "passwd", "nobody", "--password-stdin", input="x" * 12)
    assert refused(unknown, "no user named 'nobody'")


def test_disable_ends_sessions_and_refuses_logins_until_enabled(live_server, settings):
    with client_for(live_server) as analyst:
        login(analyst, REVIEWER)
        disabled = run(settings, "users", "disable", REVIEWER)
        assert disabled.exit_code == 0 and "1 session(s) ended" in disabled.output
        assert not logged_in(analyst)
        attempt = {"name": REVIEWER, "password": PASSWORD, "csrf_token": token(analyst)}
        refused = analyst.post("/login", data=attempt)
        assert refused.status_code == 401 and "disabled" in refused.text
        assert "disabled" in run(settings, "users", "list").output
        assert run(settings, "users", "enable", REVIEWER).exit_code == 0
        assert "disabled" not in run(settings, "users", "list").output
        login(analyst, REVIEWER)
        assert logged_in(analyst)


@pytest.mark.parametrize("verb", ["disable", "enable"])
def test_unknown_accounts_are_reported(settings, seeded, verb):
    result = run(settings, "users", verb, "nobody")
    assert refused(result, "no user named 'nobody'")
