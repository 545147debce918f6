"""Two crawler processes sharing one Redis frontier fetch every page once, together, and store
exactly what one process crawling alone stores.

A real ``redis-server`` runs on 127.0.0.1 (no persistence, temporary directory); without it the
tests skip locally and fail under CI. The sources are made slow on purpose (1 s between
requests, one at a time per process) so that the crawl outlasts the 5 s in which an idle
process looks at the shared queue again: otherwise the first process would finish the tiny
sample sites alone and the test would not show any sharing.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner
from scrapy.http import Request
from sqlalchemy import select

from crawler.distributed import (
    _IDLE,
    _LEAVE,
    KEY_PREFIX,
    FrontierDupeFilter,
    FrontierKeys,
    FrontierQueue,
    frontier_name,
)
from crawler.sample_server import SampleServer, write_sources
from crosstally.cli import cli
from crosstally.errors import ConfigError
from models import Capture, CrawlRun, Document
from tests.crawler.conftest import REPO_ROOT, Workspace
from tests.support.databases import Databases
from tests.support.redis import RedisServer, find_redis_server
from tests.support.services import need

CRAWL_TIMEOUT = 180
# Per-page content a crawl stores; found_via/found_on are left out on purpose: which of the
# feed, the listing or a linking article reaches a page first depends on timing, in one
# process as in two.
STORED = ("source_id", "url", "final_url", "http_status", "published_at", "title", "byline")
STORED += ("language", "text", "text_sha256", "version")


@pytest.fixture(scope="module")
def redis_server() -> Iterator[RedisServer]:
    need(find_redis_server() is not None, "redis-server is not installed")
    server = RedisServer.start()
    yield server
    server.stop()


@dataclass
class Crawled:
    workspace: Workspace
    server: SampleServer
    results: list[subprocess.CompletedProcess]


def _slow_sources(server: SampleServer, directory: Path) -> Path:
    write_sources(server.url, directory)
    for path in directory.glob("*.yaml"):
        text = path.read_text(encoding="utf-8")
        assert "concurrency_per_domain: 8" in text
        path.write_text(text.replace("concurrency_per_domain: 8", "concurrency_per_domain: 1"))
    return directory


def _crawl(workspace: Workspace, *args: str, env: dict[str, str]) -> subprocess.Popen:
    command = [sys.executable, "-m", "crosstally", "--data-dir", str(workspace.data_dir)]
    command += ["--database-url", workspace.database_url, "crawl"]
    command += ["--sources-dir", str(workspace.sources_dir), *args]
    return subprocess.Popen(
        command, cwd=REPO_ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


def _finish(process: subprocess.Popen) -> subprocess.CompletedProcess:
    out, err = process.communicate(timeout=CRAWL_TIMEOUT)
    return subprocess.CompletedProcess(process.args, process.returncode, out, err)


@pytest.fixture(scope="module")
def crawled(
    tmp_path_factory: pytest.TempPathFactory,
    redis_server: RedisServer,
    database_backend: Databases,
) -> Iterator[tuple[Crawled, Crawled]]:
    """Two processes on one frontier, and (at the same time, on its own server and database)
    one process alone: the reference."""
    root = tmp_path_factory.mktemp("distributed")
    with SampleServer() as shared_site, SampleServer() as alone_site:
        shared = Workspace(root / "shared", _slow_sources(shared_site, root / "shared-sources"))
        alone = Workspace(root / "alone", _slow_sources(alone_site, root / "alone-sources"))
        env = {k: v for k, v in os.environ.items() if not k.startswith("CROSSTALLY_")}
        shared_env = {**env, "CROSSTALLY_REDIS_URL": redis_server.url}
        processes = [_crawl(shared, "--frontier", "t1", "--delay", "1", env=shared_env)]
        processes.append(_crawl(shared, "--frontier", "t1", "--delay", "1", env=shared_env))
        reference = _crawl(alone, "--delay", "0", env=env)
        results = [_finish(process) for process in processes]
        yield (
            Crawled(shared, shared_site, results),
            Crawled(alone, alone_site, [_finish(reference)]),
        )


def _explain(results: list[subprocess.CompletedProcess]) -> str:
    return "\n".join(f"exit {r.returncode}\n{r.stdout}\n{r.stderr[-3000:]}" for r in results)


def _paths(server: SampleServer) -> Counter[str]:
    """Requested paths, without robots.txt (each crawler of each process reads it once)."""
    return Counter(path for path in server.requested_paths if path != "/robots.txt")


def _stored(workspace: Workspace, base_url: str) -> list[tuple]:
    rows = []
    for document in workspace.all(Document):
        values = [getattr(document, name) for name in STORED]
        rows.append(tuple(v.replace(base_url, "") if isinstance(v, str) else v for v in values))
    return sorted(rows)


def test_both_processes_exit_zero_and_each_recorded_a_run(crawled) -> None:
    shared, alone = crawled
    assert all(r.returncode == 0 for r in shared.results), _explain(shared.results)
    assert alone.results[0].returncode == 0, _explain(alone.results)
    runs = shared.workspace.all(CrawlRun)
    assert [run.status for run in runs] == ["succeeded", "succeeded"]
    assert len({run.pid for run in runs}) == 2


def test_together_they_request_each_page_as_often_as_one_process(crawled) -> None:
    shared, alone = crawled
    paths = _paths(shared.server)
    articles = {p: n for p, n in paths.items() if "/articles/" in p or p.startswith("/ngo/e")}
    assert len(articles) >= 15 and set(articles.values()) == {1}, articles
    # Everything else too (feeds, sitemaps, listing pages; a listing page reached again by a
    # redirect is fetched twice by a single process as well).
    assert paths == _paths(alone.server)


def test_the_work_was_shared(crawled) -> None:
    shared, _ = crawled
    runs = shared.workspace.all(CrawlRun)
    assert all(run.pages_new > 0 for run in runs), [(run.pid, run.stats) for run in runs]
    assert sum(run.pages_new for run in runs) == len(shared.workspace.all(Document))
    warcs = sorted((shared.workspace.data_dir / "warc").glob("crawl-*.warc.gz"))
    assert len(warcs) == 2, warcs  # one per process


def test_stored_documents_equal_a_single_process_crawl(crawled) -> None:
    shared, alone = crawled
    stored = _stored(shared.workspace, shared.server.url)
    assert len(stored) >= 15
    assert stored == _stored(alone.workspace, alone.server.url)
    with shared.workspace.session() as session:
        captured = list(session.scalars(select(Capture.url)))
    assert len(captured) == len(set(captured)) == len(stored)


def test_the_finished_round_leaves_no_keys(crawled, redis_server: RedisServer) -> None:
    assert redis_server.client().keys(f"{KEY_PREFIX}:*") == []


# ---------------------------------------------------------------- the frontier's parts


class _Spider:
    name = "source"


def test_frontier_names_are_checked() -> None:
    assert frontier_name(None, {}) == "default"
    assert frontier_name(None, {"CROSSTALLY_FRONTIER": "nightly-2024.07"}) == "nightly-2024.07"
    assert frontier_name("cli", {"CROSSTALLY_FRONTIER": "env"}) == "cli"
    for bad in ("a b", "x" * 65, "../x", "a:b", "-x"):
        with pytest.raises(ConfigError):
            frontier_name(bad, {})


def test_duplicate_filter_is_per_source_on_canonical_urls(redis_server: RedisServer) -> None:
    client = redis_server.client()
    one = FrontierDupeFilter(client, FrontierKeys.of("f", "one").seen)
    other = FrontierDupeFilter(client, FrontierKeys.of("f", "other").seen)
    assert not one.request_seen(Request("http://a.example/x?utm_source=feed#top"))
    assert one.request_seen(Request("http://a.example/x"))
    assert not other.request_seen(Request("http://a.example/x"))  # another source's crawl
    hop = Request("http://a.example/x", meta={"redirect_urls": ["http://a.example/old"]})
    assert not one.request_seen(hop)  # a redirect hop is never dropped
    client.flushdb()


def test_a_popped_request_is_leased_until_its_process_is_idle(redis_server: RedisServer) -> None:
    client = redis_server.client()
    keys = FrontierKeys.of("f", "src")
    queues = []
    for worker in ("a", "b"):
        queue = FrontierQueue(client, _Spider(), keys.queue)
        queue.lease_key, queue.worker = keys.workers, worker
        queues.append(queue)
    a, b = queues
    a.push(Request("http://a.example/low", priority=0))
    a.push(Request("http://a.example/high", priority=10))
    assert b.pop().url == "http://a.example/high"  # priority order across processes
    idle = client.register_script(_IDLE)
    queued, busy = idle(keys=[keys.queue, keys.workers], args=["a"])
    assert (queued, busy) == (1, 1)  # b holds a lease: a must not close
    assert a.pop().url == "http://a.example/low"
    assert a.pop() is None
    assert idle(keys=[keys.queue, keys.workers], args=["b"]) == [0, 1]  # a is still busy
    leave = client.register_script(_LEAVE)
    client.sadd(keys.seen, "fingerprint")
    all_keys = [keys.queue, keys.workers, keys.seen]
    assert leave(keys=all_keys, args=["a", "0"]) == 0  # stopped early: keys stay
    assert client.exists(keys.seen)
    assert leave(keys=all_keys, args=["a", "1"]) == 1  # finished, nothing left: round over
    assert client.keys(f"{KEY_PREFIX}:*") == []


def test_frontier_needs_a_reachable_redis(tmp_path: Path, monkeypatch) -> None:
    """Refused with one line before anything is crawled or stored (in process: the command
    fails before Scrapy's reactor would start)."""
    sources = tmp_path / "sources"
    write_sources("http://127.0.0.1:9", sources)
    database = tmp_path / "x.sqlite"
    for name in [n for n in os.environ if n.startswith("CROSSTALLY_")]:
        monkeypatch.delenv(name)
    args = ["--data-dir", str(tmp_path), "--database-url", f"sqlite:///{database}", "crawl"]
    args += ["--sources-dir", str(sources)]
    no_redis = CliRunner().invoke(cli, [*args, "--frontier", "x"])
    assert no_redis.exit_code == ConfigError.exit_code
    assert no_redis.stderr == "error: --frontier needs a Redis server: set CROSSTALLY_REDIS_URL\n"
    monkeypatch.setenv("CROSSTALLY_REDIS_URL", "redis://127.0.0.1:9/0")  # nothing listens there
    down = CliRunner().invoke(cli, args)
    assert down.exit_code == ConfigError.exit_code
    assert down.stderr.startswith("error: cannot use the Redis frontier at redis://127.0.0.1:9/0")
    assert not database.exists()
