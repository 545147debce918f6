"""`crosstally users`: accounts for the review app (reviewers change, viewers only look)."""

from __future__ import annotations

import sys

import click
from sqlalchemy import select

from crosstally.config import Settings
from crosstally.db import make_sessionmaker, session_scope
from crosstally.errors import InputError
from models.claims import ROLES


@click.group()
def users() -> None:
    """Manage review-app accounts.

    Example: crosstally users add ana --role reviewer
    """


@users.command("add")
@click.argument("name")
@click.option("--role", type=click.Choice(ROLES), required=True, help="reviewer or viewer.")
@click.option(
    "--password-stdin",
    is_flag=True,
    help="Read the password from the first line of standard input instead of prompting.",
)
@click.pass_obj
def add(settings: Settings, name: str, role: str, password_stdin: bool) -> None:
    """Add an account; the password is prompted twice (hidden) unless --password-stdin.

    Example: printf '%s\\n' "$PASSWORD" | crosstally users add ana --role reviewer --password-stdin
    """
    from review.web.auth import add_user

    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
        if not password:
            raise InputError("no password on standard input")
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    from review.database import require_schema

    with session_scope(make_sessionmaker(settings)) as session:
        require_schema(session)
        add_user(session, name, role, password)
    click.echo(f"Added {role} {name}.")


@users.command("list")
@click.pass_obj
def list_users(settings: Settings) -> None:
    """List accounts with their role and last login.

    Example: crosstally users list
    """
    from models import User
    from review.database import require_schema

    with session_scope(make_sessionmaker(settings)) as session:
        require_schema(session)
        for user in session.scalars(select(User).order_by(User.name)):
            last = user.last_login_at.strftime("%Y-%m-%d %H:%M") if user.last_login_at else "never"
            click.echo(f"{user.name}\t{user.role}\tlast login: {last}")
