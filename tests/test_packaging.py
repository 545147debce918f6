"""The wheel carries everything crosstally reads at run time, and an installed crosstally
initialises a database from an empty directory with nothing from the checkout.

The full check (fresh virtual environment, pinned requirements, `crosstally demo`) is
.ci/wheel-check, run by .ci/run; this one installs the wheel with ``pip --target`` next to the
project's own dependencies, so it needs no download."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.crawler.conftest import REPO_ROOT

pytestmark = pytest.mark.slow

# Read at run time from inside the package; one of each kind, the migrations all.
PACKAGE_DATA = (
    "migrations/env.py",
    "migrations/script.py.mako",
    "crawler/sample_site/sources/sample-ngo.yaml",
    "crawler/sample_site/www/ngo/feed.xml",
    "crawler/sample_site/hostile/malformed.html",
    "extract/lang/en.yaml",
    "extract/lang/es.yaml",
    "review/reconcile/measures.yaml",
    "review/reconcile/originators.yaml",
    "review/web/templates/base.html",
    "review/web/static/review.css",
)


def _pip(*args: str, cwd: Path) -> None:
    command = [sys.executable, "-m", "pip", "-q", "--disable-pip-version-check", *args]
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel built from a copy of the checkout's files (a stale build/ cannot leak in)."""
    root = tmp_path_factory.mktemp("wheel")
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=REPO_ROOT,
        capture_output=True,
        check=False,
    )
    if listed.returncode != 0:
        pytest.skip("not a git checkout")
    source = root / "src"
    for name in filter(None, listed.stdout.decode().split("\0")):
        origin = REPO_ROOT / name
        if origin.is_file():
            (source / name).parent.mkdir(parents=True, exist_ok=True)
            (source / name).write_bytes(origin.read_bytes())
    dist = root / "dist"
    _pip("wheel", "--no-deps", "--no-build-isolation", "-w", str(dist), str(source), cwd=root)
    (built,) = dist.glob("crosstally-*.whl")
    return built


def test_the_wheel_carries_migrations_sample_sites_lexicons_and_templates(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    missing = [name for name in PACKAGE_DATA if name not in names]
    versions = sorted(p.name for p in (REPO_ROOT / "migrations" / "versions").glob("*.py"))
    missing += [v for v in versions if f"migrations/versions/{v}" not in names]
    assert missing == []


def test_an_installed_crosstally_initialises_an_empty_directory(
    wheel: Path, tmp_path: Path
) -> None:
    site = tmp_path / "site"
    _pip("install", "--no-deps", "--target", str(site), str(wheel), cwd=tmp_path)
    empty = tmp_path / "empty"
    empty.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith("CROSSTALLY_")}
    env["PYTHONPATH"] = str(site)  # before the project's editable install on sys.path

    def crosstally(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "crosstally", *args],
            cwd=empty,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )

    where = subprocess.run(
        [sys.executable, "-c", "import crosstally, migrations; print(migrations.__file__)"],
        cwd=empty,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert Path(where.stdout.strip()).is_relative_to(site)
    init = crosstally("init")
    assert init.returncode == 0, init.stderr
    assert (empty / "data" / "crosstally.sqlite").is_file()
    status = crosstally("status")
    assert status.returncode == 0, status.stderr
    assert "source: 0, document: 0" in status.stdout
