"""`crosstally serve-sample`: prints its URL, serves, stops on Ctrl-C."""

from __future__ import annotations

import signal
import subprocess
import sys
import urllib.request
from pathlib import Path

from tests.crawler.conftest import REPO_ROOT


def test_serve_sample_serves_until_interrupted(tmp_path: Path) -> None:
    command = [sys.executable, "-m", "crosstally", "serve-sample", "--write-sources", str(tmp_path)]
    process = subprocess.Popen(
        command, cwd=REPO_ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    try:
        assert process.stdout is not None
        assert process.stdout.readline().startswith(f"Wrote 3 source files to {tmp_path}")
        line = process.stdout.readline().strip()
        assert line.startswith("Sample sites at http://127.0.0.1:")
        url = line.removeprefix("Sample sites at ")
        with urllib.request.urlopen(f"{url}/robots.txt", timeout=10) as response:
            assert b"Disallow: /outlet-b/private/" in response.read()
        assert sorted(p.name for p in tmp_path.glob("*.yaml")) == [
            "sample-ngo.yaml",
            "sample-outlet-a.yaml",
            "sample-outlet-b.yaml",
        ]
    finally:
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=10) == 0
