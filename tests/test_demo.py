"""`crosstally demo` (what `make demo` runs) crawls, archives, extracts and summarises; a second
demo on the same data directory adds no documents (same port, so the same URLs)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]


def run_demo(data_dir: Path) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "crosstally", "--data-dir", str(data_dir), "demo"],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    return done.stdout


def summary(output: str) -> tuple[int, int, int]:
    match = re.search(r"documents: (\d+) stored, (\d+) with a verified capture digest", output)
    claims = re.search(r"claims:\s+(\d+) with", output)
    assert match and claims, output[-2000:]
    return int(match.group(1)), int(match.group(2)), int(claims.group(1))


def test_demo_twice_adds_no_documents(tmp_path: Path) -> None:
    documents, verified, claims = summary(run_demo(tmp_path / "data"))
    assert documents == verified > 0
    assert claims > 0
    again = summary(run_demo(tmp_path / "data"))
    assert again == (documents, verified, claims)
