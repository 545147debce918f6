"""The reconcile and users commands through the real CLI group."""

from __future__ import annotations

import json
import re

from click.testing import CliRunner
from sqlalchemy import select

from crosstally.cli import cli
from models import User
from review.web.auth import verify_password


def run(settings, *args, input=None):
    return CliRunner().invoke(
        cli,
        ["--database-url", settings.database_url, "--data-dir", str(settings.data_dir), *args],
        input=input,
    )


def _conflict(build, session):
    fp = build.source("foro-penal", "Foro Penal")
    provea = build.source("provea", "Provea")
    build.claim(build.document(fp, "Son 301 presos políticos."), 301)
    build.claim(build.document(provea, "Son 290 presos políticos."), 290)
    session.commit()


def test_reconcile_table_and_json(settings, build, session):
    _conflict(build, session)
    table = run(settings, "reconcile")
    assert table.exit_code == 0, table.output
    assert "political_prisoners/Venezuela" in table.output and "conflict" in table.output
    result = run(settings, "reconcile", "--format", "json", "--measure", "political_prisoners")
    data = json.loads(result.output)
    assert data["rows"][0]["status"] == "conflict"
    assert data["rows"][0]["originators"] == ["Foro Penal", "Provea"]
    assert data["checks"][0]["status"] == "conflict"
    assert (
        json.loads(run(settings, "reconcile", "--format", "json", "--measure", "x").output)["rows"]
        == []
    )


def test_json_contracts_of_reconcile_and_export(settings, build, session):
    """What other tools read: the documented keys stay, the new ones are there."""
    _conflict(build, session)
    checks = json.loads(run(settings, "reconcile", "--format", "json").output)["checks"]
    (conflict,) = [c for c in checks if c["status"] == "conflict"]
    for key in ("kind", "status", "claim_ids", "detail", "measure", "date", "why", "slice"):
        assert key in conflict, key
    assert conflict["why"] == (
        "Foro Penal and Provea give 301 and 290 for the same measure, place and date"
    )
    exported = run(settings, "export", "--format", "json", "--all")
    assert exported.exit_code == 0, exported.output
    rows = json.loads(exported.stdout)
    kept = ("claim_id", "value", "measure", "as_of", "originator", "url", "quote")
    added = ("as_of_source", "why", "slice", "relation", "reconcile_status")
    for row in rows:
        assert set(kept + added) <= set(row)
    assert {(r["value"], r["reconcile_status"], r["as_of_source"]) for r in rows} == {
        (301, "conflict", "published"),
        (290, "conflict", "published"),
    }
    assert all(r["why"] == conflict["why"] for r in rows)


def test_status_says_what_reconcile_wrote(settings, build, session):
    _conflict(build, session)
    before = run(settings, "status")
    assert "reconciliation: this database has not been reconciled yet" in before.output
    run(settings, "reconcile")
    after = run(settings, "status")
    assert after.exit_code == 0, after.output
    assert re.search(r"reconciliation: 2 fact\(s\), 1 check\(s\) \(1 conflict\)", after.output)


def test_users_add_with_password_stdin_and_list(settings, session):
    added = run(
        settings,
        "users",
        "add",
        "ana",
        "--role",
        "reviewer",
        "--password-stdin",
        input="correct horse battery\n",
    )
    assert added.exit_code == 0, added.output
    user = session.scalars(select(User)).one()
    assert user.role == "reviewer" and user.password_hash.startswith("$argon2")
    assert verify_password(user.password_hash, "correct horse battery")
    listing = run(settings, "users", "list")
    assert "ana\treviewer\tlast login: never" in listing.output


def test_users_add_prompts_twice(settings, session):
    added = run(
        settings, "users", "add", "vera", "--role", "viewer", input="a long secret\na long secret\n"
    )
    assert added.exit_code == 0, added.output
    assert "a long secret" not in added.output  # hidden input


def test_users_add_refuses_duplicates_and_short_passwords(settings):
    run(settings, "users", "add", "ana", "--role", "viewer", "--password-stdin", input="x" * 12)
    again = run(
        settings, "users", "add", "ana", "--role", "viewer", "--password-stdin", input="y" * 12
    )
    assert again.exit_code == 2 and "already exists" in again.stderr  # an InputError
    short = run(settings, "users", "add", "bo", "--role", "viewer", "--password-stdin", input="x")
    assert short.exit_code == 2 and short.stderr.startswith("error: ")


def test_commands_on_a_database_without_schema_say_so(tmp_path):
    url = f"sqlite:///{tmp_path / 'empty.sqlite'}"
    for args in (["reconcile"], ["export"], ["users", "list"]):
        result = CliRunner().invoke(
            cli, ["--database-url", url, "--data-dir", str(tmp_path), *args]
        )
        assert result.exit_code == 2
        assert "crosstally init" in result.stderr
