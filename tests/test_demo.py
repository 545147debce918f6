"""`crosstally demo` (what `make demo` runs) crawls, archives, extracts and summarises; a second
demo on the same data directory adds no documents (same port, so the same URLs)."""

from __future__ import annotations

import json
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


def test_demo_reconciles_the_bundled_story_truthfully(tmp_path: Path) -> None:
    """The sample sources tell one story on purpose: a breakdown that adds up two ways, an
    NGO's stated arithmetic, a wire that rounds, and a running count that falls. Each must be
    read as an analyst reads it, and nothing else may be flagged."""
    data = tmp_path / "data"
    run_demo(data)
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "crosstally",
            "--data-dir",
            str(data),
            "reconcile",
            "--format",
            "json",
        ],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    checks = json.loads(done.stdout)["checks"]
    details = [c["detail"] for c in checks]
    breakdowns = [c for c in checks if c["kind"] == "breakdown"]
    assert any(
        "152 + civilians 149 = 301" in d and c["status"] == "ok"
        for c, d in ((c, c["detail"]) for c in breakdowns)
    ), details
    assert any(
        "women 27 + men 274 = 301" in c["detail"] and c["status"] == "ok" for c in breakdowns
    ), details
    # the parts of 301 are political prisoners, like their total
    assert all(c["measure"].startswith("political_prisoners/") for c in breakdowns), details
    # "114 arrests, minus 12 unrelated": stated arithmetic, not a conflict between 114 and 102
    assert any(
        c["kind"] == "arithmetic" and "114 − 12 = 102" in c["detail"] and c["status"] == "ok"
        for c in checks
    ), details
    flagged = [c for c in checks if c["status"] in ("conflict", "mismatch", "decrease")]
    assert not any("114" in c["detail"] and "102" in c["detail"] for c in flagged), flagged
    # the running count that fell from 80 to 77 is the one finding, and it is a decrease
    assert [(c["status"], "77" in c["detail"] and "80" in c["detail"]) for c in flagged] == [
        ("decrease", True)
    ], flagged
