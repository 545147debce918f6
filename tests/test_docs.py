"""Every command and setting is documented where users look: the README."""

from __future__ import annotations

from pathlib import Path

import pytest

from crosstally.cli import COMMANDS
from crosstally.config import ENV_DATA_DIR, ENV_DATABASE_URL, ENV_SOURCES_DIR

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("verb", sorted(COMMANDS))
def test_every_command_is_in_the_readme(verb: str) -> None:
    assert f"`crosstally {verb}" in README


@pytest.mark.parametrize("name", [ENV_DATA_DIR, ENV_DATABASE_URL, ENV_SOURCES_DIR])
def test_every_setting_is_in_the_readme(name: str) -> None:
    assert name in README


def test_the_two_commands_are_in_the_readme() -> None:
    assert "make demo" in README and "make test" in README
