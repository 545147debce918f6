"""Every command, setting and exit status is documented where users look: the README; and the
deployment guide's links lead somewhere."""

from __future__ import annotations

import importlib
import pkgutil
import re
from pathlib import Path

import pytest

import crosstally
from crosstally.cli import COMMANDS, INTERRUPTED
from crosstally.config import ENV_DATA_DIR, ENV_DATABASE_URL, ENV_SOURCES_DIR
from crosstally.errors import CrosstallyError

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
USAGE_ERROR = 2  # click's status for a bad flag or value


@pytest.mark.parametrize("verb", sorted(COMMANDS))
def test_every_command_is_in_the_readme(verb: str) -> None:
    assert f"`crosstally {verb}" in README


@pytest.mark.parametrize("name", [ENV_DATA_DIR, ENV_DATABASE_URL, ENV_SOURCES_DIR])
def test_every_setting_is_in_the_readme(name: str) -> None:
    assert name in README


def test_the_two_commands_are_in_the_readme() -> None:
    assert "make demo" in README and "make test" in README


def _subclasses(cls: type) -> set[type]:
    found = set()
    for sub in cls.__subclasses__():
        found |= {sub, *_subclasses(sub)}
    return found


def test_every_exit_status_is_in_the_readme_table() -> None:
    """The statuses of every domain error (modules of the crosstally package define some of
    their own), of a usage error and of Ctrl-C each have a row of the README's exit-status
    table."""
    for module in pkgutil.walk_packages(crosstally.__path__, "crosstally."):
        if module.name != "crosstally.__main__":
            importlib.import_module(module.name)
    statuses = {cls.exit_code for cls in _subclasses(CrosstallyError)}
    statuses |= {CrosstallyError.exit_code, USAGE_ERROR, INTERRUPTED, 0}
    rows = {int(n) for n in re.findall(r"^\| (\d+) \| ", README, flags=re.MULTILINE)}
    assert statuses <= rows, sorted(statuses - rows)


def test_the_deployment_guide_links_lead_somewhere() -> None:
    guide = ROOT / "docs" / "deployment.md"
    links = re.findall(r"\]\(([^)#]+)(?:#[^)]*)?\)", guide.read_text(encoding="utf-8"))
    assert links and all((guide.parent / link).is_file() for link in links), links
