"""`scrapy list` / `scrapy crawl source -a source=ID` from the repository root."""

from __future__ import annotations

import os
import subprocess
import sys

from crawler.sample_server import SampleServer
from models import CrawlRun, Document, Source
from tests.crawler.conftest import REPO_ROOT, Workspace


def scrapy(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "scrapy", *args],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, **(env or {})},
        check=False,
    )


def test_scrapy_list_shows_the_generic_spider() -> None:
    result = scrapy("list")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["source"]


def test_scrapy_crawl_records_a_run_of_its_own(
    workspace: Workspace, sample_server: SampleServer
) -> None:
    env = {
        "CROSSTALLY_DATA_DIR": str(workspace.data_dir),
        "CROSSTALLY_SOURCES_DIR": str(workspace.sources_dir),
        "CROSSTALLY_DATABASE_URL": workspace.database_url,
    }
    result = scrapy("crawl", "source", "-a", "source=sample-ngo", env=env)
    assert result.returncode == 0, result.stderr
    assert "Crawl run 1 succeeded" in result.stderr
    (run,) = workspace.all(CrawlRun)
    assert (run.status, run.pages_new, run.source_ids) == ("succeeded", 6, ["sample-ngo"])
    assert len(workspace.all(Document)) == 6
    assert [s.id for s in workspace.all(Source)] == ["sample-ngo"]
    assert list((workspace.data_dir / "warc").glob("crawl-1-*.warc.gz"))
