"""`crosstally users`: accounts for the review app (reviewers change, viewers only look)."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager

import click
from sqlalchemy import select
from sqlalchemy.orm import Session

from crosstally.config import Settings
from crosstally.db import make_sessionmaker, session_scope
from crosstally.errors import InputError
from models.accounts import ROLES

PASSWORD_STDIN_HELP = (
    "Read the password from the first line of standard input instead of prompting."
)


@click.group()
def users() -> None:
    """Manage review-app accounts.

    Example: crosstally users add ana --role reviewer
    """


def _password(password_stdin: bool) -> str:
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
        if not password:
            raise InputError("no password on standard input")
        return password
    return click.prompt("Password", hide_input=True, confirmation_prompt=True)


@contextmanager
def _accounts(settings: Settings) -> Iterator[Session]:
    """One transaction on a database that has the review tables (a clear error otherwise)."""
    from review.database import require_schema

    with session_scope(make_sessionmaker(settings)) as session:
        require_schema(session)
        yield session


@users.command("add")
@click.argument("name")
@click.option("--role", type=click.Choice(ROLES), required=True, help="reviewer or viewer.")
@click.option("--password-stdin", is_flag=True, help=PASSWORD_STDIN_HELP)
@click.pass_obj
def add(settings: Settings, name: str, role: str, password_stdin: bool) -> None:
    """Add an account; the password is prompted twice (hidden) unless --password-stdin.

    Example: printf '%s\\n' "$PASSWORD" | crosstally users add ana --role reviewer --password-stdin
    """
    from review.web.accounts import add_user

    password = _password(password_stdin)
    with _accounts(settings) as session:
        add_user(session, name, role, password)
    click.echo(f"Added {role} {name}.")


@users.command("passwd")
@click.argument("name")
@click.option("--password-stdin", is_flag=True, help=PASSWORD_STDIN_HELP)
@click.pass_obj
def passwd(settings: Settings, name: str, password_stdin: bool) -> None:
    """Set a new password (prompted twice, hidden) and end every session of the account.

    Example: crosstally users passwd ana
    """
    from review.web.accounts import get_user, set_password

    with _accounts(settings) as session:
        get_user(session, name)  # an unknown name is refused before asking for a password
    password = _password(password_stdin)
    with _accounts(settings) as session:
        ended = set_password(session, name, password)
    click.echo(f"Password of {name} changed; {ended} session(s) ended.")


@users.command("disable")
@click.argument("name")
@click.pass_obj
def disable(settings: Settings, name: str) -> None:
    """Refuse the account's logins and end its sessions (undo with `users enable`).

    Example: crosstally users disable ana
    """
    from review.web.accounts import disable_user

    with _accounts(settings) as session:
        ended = disable_user(session, name)
    click.echo(f"Disabled {name}; {ended} session(s) ended.")


@users.command("enable")
@click.argument("name")
@click.pass_obj
def enable(settings: Settings, name: str) -> None:
    """Let a disabled account log in again.

    Example: crosstally users enable ana
    """
    from review.web.accounts import enable_user

    with _accounts(settings) as session:
        changed = enable_user(session, name)
    click.echo(f"Enabled {name}." if changed else f"{name} was not disabled.")


@users.command("list")
@click.pass_obj
def list_users(settings: Settings) -> None:
    """List accounts with their role, last login and whether they are disabled.

    Example: crosstally users list
    """
    from models import User

    with _accounts(settings) as session:
        for user in session.scalars(select(User).order_by(User.name)):
            last = user.last_login_at.strftime("%Y-%m-%d %H:%M") if user.last_login_at else "never"
            state = "\tdisabled" if user.disabled_at else ""
            click.echo(f"{user.name}\t{user.role}\tlast login: {last}{state}")
