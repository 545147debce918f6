"""One crawl frontier shared by several crawler processes, through Redis (scrapy-redis).

With ``CROSSTALLY_REDIS_URL`` set, ``crosstally crawl`` processes (on one machine or many)
that crawl the same source under the same frontier name share its request queue and its
duplicate filter, so together they fetch each page once. Everything else stays per process:
each records its own crawl run (:mod:`crawler.runs`, with its host, so that the stale-run check
of another machine never judges it by a foreign process table) and writes its own WARC file,
and all of them store into the one database, whose document store is idempotent.

Redis keys, per frontier name and source (the generic spider's name, ``source``, is shared by
every source, so scrapy-redis's default ``<spider>:requests`` keys cannot be used)::

    crosstally:frontier:<name>:<source>:queue    sorted set: pickled requests, by priority
    crosstally:frontier:<name>:<source>:seen     set: fingerprints of admitted requests
    crosstally:frontier:<name>:<source>:workers  sorted set: busy processes, by lease expiry

Ending a round: a process whose own engine is idle does not close while the queue still has
requests or another process holds a live lease, because that one may still add requests
(``spider_idle`` raises ``DontCloseSpider``; Scrapy asks again every 5 s). A lease is taken
atomically with every request popped and renewed every few seconds while the process works, so
there is no moment at which a request has left the queue and no one is known to hold it. The
last process to finish with nothing left deletes the round's keys, so the next scheduled crawl
under the same name starts a new round; a process stopped early (Ctrl-C, a crash) leaves them to
the others, and a frontier abandoned by all of them expires after ``CROSSTALLY_FRONTIER_TTL``
seconds (default a day). A process killed hard loses the requests it held; the others wait for
its lease to expire (``WORKER_LEASE`` seconds), and the next round fetches those pages.

The queue holds pickled requests (scrapy-redis's serializer): whoever can write to this Redis
can run code in the crawlers, so it must not be reachable from outside the deployment.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from redis.exceptions import RedisError
from scrapy import signals
from scrapy.exceptions import DontCloseSpider
from scrapy.http import Request
from scrapy_redis.dupefilter import RFPDupeFilter
from scrapy_redis.queue import PriorityQueue
from scrapy_redis.scheduler import Scheduler
from twisted.internet.task import LoopingCall

from crawler.liveness import this_host
from crawler.urls import canonicalize
from crosstally.errors import ConfigError

if TYPE_CHECKING:
    from redis import Redis
    from scrapy.crawler import Crawler
    from scrapy.spiders import Spider

logger = logging.getLogger("crawler.progress")

ENV_FRONTIER = "CROSSTALLY_FRONTIER"
ENV_FRONTIER_TTL = "CROSSTALLY_FRONTIER_TTL"
DEFAULT_FRONTIER = "default"
KEY_PREFIX = "crosstally:frontier"
FRONTIER_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")
# A busy process renews its lease every HEARTBEAT seconds; the others wait this long for a
# process that stopped renewing (killed) before they conclude that the round is over.
WORKER_LEASE = 30
HEARTBEAT = 2.0
FRONTIER_TTL = 24 * 3600

# Pop the highest-priority request and take a lease in one step (see the module docstring).
_POP = """
local popped = redis.call('ZRANGE', KEYS[1], 0, 0)
if #popped == 0 then return false end
redis.call('ZREMRANGEBYRANK', KEYS[1], 0, 0)
local now = redis.call('TIME')
redis.call('ZADD', KEYS[2], tonumber(now[1]) + tonumber(ARGV[2]), ARGV[1])
return popped[1]
"""
# Renew (or drop) this process's lease and push the expiry of every key of the round forward.
_HEARTBEAT = """
if ARGV[4] == '1' then
  local now = redis.call('TIME')
  redis.call('ZADD', KEYS[1], tonumber(now[1]) + tonumber(ARGV[2]), ARGV[1])
end
for i = 1, #KEYS do redis.call('EXPIRE', KEYS[i], ARGV[3]) end
return 0
"""
# This process is idle: drop its lease and expired ones; report {queued, other busy processes}.
_IDLE = """
redis.call('ZREM', KEYS[2], ARGV[1])
local now = redis.call('TIME')
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now[1])
return {redis.call('ZCARD', KEYS[1]), redis.call('ZCARD', KEYS[2])}
"""
# Leaving after a finished crawl: delete the round's keys if nothing is queued or leased.
_LEAVE = """
redis.call('ZREM', KEYS[2], ARGV[1])
local now = redis.call('TIME')
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now[1])
if ARGV[2] == '1' and redis.call('ZCARD', KEYS[1]) == 0 and redis.call('ZCARD', KEYS[2]) == 0 then
  redis.call('DEL', KEYS[1], KEYS[2], KEYS[3])
  return 1
end
return 0
"""


@dataclass(frozen=True)
class FrontierKeys:
    queue: str
    seen: str
    workers: str

    @classmethod
    def of(cls, frontier: str, source_id: str) -> FrontierKeys:
        base = f"{KEY_PREFIX}:{frontier}:{source_id}"
        return cls(queue=f"{base}:queue", seen=f"{base}:seen", workers=f"{base}:workers")

    @property
    def all(self) -> list[str]:
        return [self.workers, self.queue, self.seen]


def frontier_name(option: str | None, env: dict[str, str] | None = None) -> str:
    """``--frontier``, else ``CROSSTALLY_FRONTIER``, else ``default``; checked."""
    name = option or (os.environ if env is None else env).get(ENV_FRONTIER) or DEFAULT_FRONTIER
    if not FRONTIER_NAME.match(name):
        raise ConfigError(
            f"frontier name {name!r}: use 1-64 letters, digits, dots, dashes and underscores"
        )
    return name


def check_redis(redis_url: str) -> None:
    """Fail before the run starts, with one line, when Redis cannot be reached."""
    from redis import Redis
    from redis.exceptions import RedisError

    try:
        Redis.from_url(redis_url, socket_connect_timeout=5, socket_timeout=5).ping()
    except (RedisError, ValueError) as error:
        raise ConfigError(f"cannot use the Redis frontier at {redis_url}: {error}") from None


def scrapy_settings(redis_url: str, frontier: str) -> dict[str, Any]:
    """The Scrapy settings that make a crawl one member of a shared frontier."""
    ttl = int(os.environ.get(ENV_FRONTIER_TTL) or FRONTIER_TTL)
    return {
        "SCHEDULER": "crawler.distributed.FrontierScheduler",
        "SCHEDULER_QUEUE_CLASS": "crawler.distributed.FrontierQueue",
        "DUPEFILTER_CLASS": "crawler.distributed.FrontierDupeFilter",
        # Never flushed by scrapy-redis on close: see FrontierScheduler.close.
        "SCHEDULER_PERSIST": True,
        "REDIS_URL": redis_url,
        "CROSSTALLY_FRONTIER": frontier,
        "CROSSTALLY_FRONTIER_TTL": ttl,
    }


def worker_id(source_id: str) -> str:
    """The lease holder's name: the host and pid its crawl run records, and the source."""
    return f"{this_host()}:{os.getpid()}:{source_id}"


class FrontierQueue(PriorityQueue):
    """scrapy-redis's priority queue; popping also takes this process's lease."""

    def __init__(self, server: Redis, spider: Spider, key: str, serializer: Any = None) -> None:
        super().__init__(server, spider, key, serializer)
        self.lease_key = ""
        self.worker = ""
        self._pop = server.register_script(_POP)

    def pop(self, timeout: int = 0) -> Request | None:
        data = self._pop(keys=[self.key, self.lease_key], args=[self.worker, WORKER_LEASE])
        return self._decode_request(data) if data else None


class FrontierDupeFilter(RFPDupeFilter):
    """Admits each canonical URL once per frontier and source.

    The fingerprint is the spider's own canonical URL (the one its seen set uses). Redirect
    hops are always admitted: their first URL already passed this filter, and dropping a hop
    would leave that URL without any outcome, which is why single-process crawls run without
    Scrapy's duplicate filter at all (see crawler/settings.py)."""

    def request_seen(self, request: Request) -> bool:
        if request.meta.get("redirect_urls"):
            return False
        return super().request_seen(request)

    def request_fingerprint(self, request: Request) -> str:
        identity = f"{request.method} {canonicalize(request.url)}"
        return hashlib.sha1(identity.encode(), usedforsecurity=False).hexdigest()


class FrontierScheduler(Scheduler):
    """scrapy-redis's scheduler with per-source keys, leases and the round's end (see above)."""

    crawler: Crawler
    frontier: str
    ttl: int
    keys: FrontierKeys
    worker: str
    in_hand: int

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> FrontierScheduler:
        scheduler: FrontierScheduler = super().from_crawler(crawler)
        scheduler.crawler = crawler
        scheduler.frontier = crawler.settings["CROSSTALLY_FRONTIER"]
        scheduler.ttl = crawler.settings.getint("CROSSTALLY_FRONTIER_TTL", FRONTIER_TTL)
        scheduler._heartbeat = LoopingCall(scheduler._beat)
        crawler.signals.connect(scheduler._on_idle, signal=signals.spider_idle)
        return scheduler

    def open(self, spider: Spider) -> None:
        self.spider = spider
        source_id = spider.plan.source_id  # type: ignore[attr-defined]
        self.keys = FrontierKeys.of(self.frontier, source_id)
        self.worker = worker_id(source_id)
        self.queue = FrontierQueue(self.server, spider, self.keys.queue, self.serializer)
        self.queue.lease_key, self.queue.worker = self.keys.workers, self.worker
        self.df = FrontierDupeFilter(self.server, self.keys.seen)
        self.in_hand = max(1, self.crawler.settings.getint("CONCURRENT_REQUESTS_PER_DOMAIN"))
        self._beat_script = self.server.register_script(_HEARTBEAT)
        self._idle_script = self.server.register_script(_IDLE)
        self._leave_script = self.server.register_script(_LEAVE)
        logger.info(
            "%s: frontier %r, %d request(s) already queued by other processes",
            source_id,
            self.frontier,
            len(self.queue),
        )
        self._heartbeat.start(HEARTBEAT, now=False)

    def _beat(self) -> None:
        """Renew the lease while this process has work in hand; keep the round's keys alive.
        Errors are logged, not raised: an exception would stop the LoopingCall for good."""
        engine = self.crawler.engine
        try:
            busy = engine is not None and engine.spider is not None and not engine.spider_is_idle()
            args = [self.worker, WORKER_LEASE, self.ttl, "1" if busy else "0"]
            self._beat_script(keys=self.keys.all, args=args)
        except (RedisError, RuntimeError) as error:
            logger.warning("frontier %r: heartbeat failed: %s", self.frontier, error)

    def _on_idle(self, spider: Spider) -> None:
        keys = [self.keys.queue, self.keys.workers]
        queued, busy = self._idle_script(keys=keys, args=[self.worker])
        if queued or busy:
            raise DontCloseSpider(f"frontier {self.frontier}: {queued} queued, {busy} busy")

    def close(self, reason: str) -> None:
        """Leave the round; the last one out of a finished round deletes its keys. Never
        flushes otherwise (scrapy-redis's SCHEDULER_PERSIST=False would, under the others)."""
        if self._heartbeat.running:
            self._heartbeat.stop()
        if not hasattr(self, "keys"):  # never opened
            return
        keys = [self.keys.queue, self.keys.workers, self.keys.seen]
        finished = "1" if reason == "finished" else "0"
        try:
            ended = self._leave_script(keys=keys, args=[self.worker, finished])
        except RedisError as error:  # the keys expire on their own (CROSSTALLY_FRONTIER_TTL)
            logger.warning("frontier %r: could not leave the round: %s", self.frontier, error)
            return
        if ended:
            source_id = self.spider.plan.source_id  # type: ignore[attr-defined]
            logger.info("%s: frontier %r done, its keys deleted", source_id, self.frontier)

    def enqueue_request(self, request: Request) -> bool:
        # scrapy-redis's own passes ``spider=`` to the stats, which Scrapy 2.19 deprecates.
        if not request.dont_filter and self.df.request_seen(request):
            self.df.log(request, self.spider)
            return False
        self.queue.push(request)
        if self.stats:
            self.stats.inc_value("scheduler/enqueued/redis")
        return True

    def next_request(self) -> Request | None:
        # Take from the shared queue only what this process can start now: requests waiting
        # in its own downloader would be kept from the other processes.
        if len(self.crawler.engine.downloader.active) >= self.in_hand:
            return None
        request = self.queue.pop()
        if request is not None and self.stats:
            self.stats.inc_value("scheduler/dequeued/redis")
        return request

    def has_pending_requests(self) -> bool:
        return len(self.queue) > 0
