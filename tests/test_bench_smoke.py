"""`python -m bench --quick` runs every benchmark end to end and writes a complete results.json.

Why a smoke test: the benchmark suite drives the crawler, extraction, storage and
reconciliation through their public APIs; when one of them changes shape, this fails in
`make test` instead of on the next `make bench`. Sizes are tiny, so the figures themselves
mean nothing here; only their presence and type are checked.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from bench.report import KEYS, TARGETS

REPO_ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.timeout(180)
def test_quick_run_writes_every_figure(tmp_path: Path) -> None:
    output = tmp_path / "results.json"
    done = subprocess.run(
        [sys.executable, "-m", "bench", "--quick", "--output", str(output)],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=170,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-5000:]
    results = json.loads(output.read_text(encoding="utf-8"))
    for key in KEYS:
        value = results[key]
        assert isinstance(value, int | float) and not isinstance(value, bool), (key, value)
    assert set(results["targets"]) == set(TARGETS)
    assert results["raw"]["run"]["quick"] is True
    assert results["raw"]["run"]["machine"]["cores"] >= 1
    assert results["raw"]["extraction"]["combined"]["words"] > 0
    assert "target" in done.stdout and "extraction_ratio" in done.stdout
