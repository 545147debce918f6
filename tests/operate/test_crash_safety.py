"""Crash safety: ``kill -9`` at random points of crawls and extractions, run again, and the
database ends up as an uninterrupted run leaves it.

The main test drives two workspaces against one sample server through the same revision
sequence (revision 1, then ``advance()`` to revision 2): a *clean* one, crawled and extracted
once per revision, and a *killed* one, where each crawl and each extraction is started and
SIGKILLed again and again before a last run completes (12 crawl and 8 extraction kills).
Kill points are seeded: alternately a random delay between 0.2 s and the typical run time,
and a random amount of progress (documents stored, server requests, extraction markers
committed) plus up to 0.3 s; time alone mostly hits interpreter start-up, which would leave
the writing untested (the test checks that some kills landed after rows were written).
Each round also starts with one kill *inside* a storage transaction (a random page's, a
random document of the first extraction batch), after which exactly the rows committed
before it may exist.
Review decisions are added between kills. After every completed run the invariants are
checked (no duplicate on any natural key, every capture verifies against its WARC and lies
in an intact record, nothing reviewed lost, no run left ``running``); at the end both
databases must hold the same documents, claims, evidence and extraction markers.

``CROSSTALLY_CRASH_SEED`` changes the kill points (the seed is in every failure message).
The last test kills the very first migration; the rows a killed run leaves ``running`` are
tests/operate/test_stale_runs.py's.
"""

from __future__ import annotations

import contextlib
import functools
import os
import random
import signal
import subprocess
import sys
import time
import zlib
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, inspect, select
from sqlalchemy.orm import Session, sessionmaker

from crawler.archive import check_capture, verify_capture
from crawler.sample_server import SampleServer, write_sources
from crosstally import migrate
from crosstally.config import Settings
from crosstally.db import make_engine, make_sessionmaker
from extract.pending import pending_select
from extract.version import extractor_version
from models import (
    Base,
    Capture,
    Claim,
    CrawlRun,
    Document,
    Evidence,
    Extraction,
    Person,
    PersonMention,
    ReviewDecision,
)
from tests.operate.conftest import (
    REPO_ROOT,
    Measured,
    Workspace,
    crosstally_command,
    run_measured,
)

pytestmark = pytest.mark.database  # builds its databases through Workspace

SEED = int(os.environ.get("CROSSTALLY_CRASH_SEED", "20240726"))
CRAWL_KILLS_PER_REVISION = 6  # 12 crawl kills
EXTRACT_KILLS_PER_REVISION = 4  # 8 extraction kills
# (plus one kill inside a transaction per round and stage: see Killer.kill_inside)
MIN_DELAY = 0.2
EXTRACT_BATCH = 4
# Runs the crosstally command line (argv[4:]) with module.function (argv[1], argv[2]) wrapped
# to SIGKILL the process when it returns for the argv[3]-th time: inside a transaction.
KILL_INSIDE = """
import functools, importlib, os, signal, sys
module_name, function_name, after = sys.argv[1], sys.argv[2], int(sys.argv[3])
module = importlib.import_module(module_name)
real = getattr(module, function_name)
calls = 0

@functools.wraps(real)
def then_die(*args, **kwargs):
    global calls
    result = real(*args, **kwargs)
    calls += 1
    if calls == after:
        os.kill(os.getpid(), signal.SIGKILL)
    return result

setattr(module, function_name, then_die)
sys.argv = ["crosstally", *sys.argv[4:]]
from crosstally.cli import main
main()
"""
# Natural keys: no two rows may share one.
NATURAL_KEYS: dict[str, tuple[Any, ...]] = {
    "document (canonical_url, text_sha256)": (Document.canonical_url, Document.text_sha256),
    "document (canonical_url, version)": (Document.canonical_url, Document.version),
    "document (capture_id)": (Document.capture_id,),
    "capture (record_id)": (Capture.record_id,),
    "capture (warc_path, warc_offset)": (Capture.warc_path, Capture.warc_offset),
    "capture (source_id, url, payload_sha256)": (
        Capture.source_id,
        Capture.url,
        Capture.payload_sha256,
    ),
    "claim (document_id, review_key, extractor_version)": (
        Claim.document_id,
        Claim.review_key,
        Claim.extractor_version,
    ),
    "evidence (claim_id, start, end)": (Evidence.claim_id, Evidence.start, Evidence.end),
    "extraction (document_id, extractor_version)": (
        Extraction.document_id,
        Extraction.extractor_version,
    ),
    "person (key)": (Person.key,),
    "person_mention (document_id, start, extractor_version)": (
        PersonMention.document_id,
        PersonMention.start,
        PersonMention.extractor_version,
    ),
}


@dataclass
class Attempt:
    phase: str
    trigger: str  # "after 1.73 s" or "after 12 steps + 0.10 s"
    killed: bool
    stored: int  # rows it had committed (documents, extraction markers)

    def __str__(self) -> str:
        outcome = f"killed, {self.stored} stored" if self.killed else "ran to the end"
        return f"{self.phase:10} {self.trigger:26} {outcome}"


@dataclass(frozen=True)
class Gauge:
    """One measure of a run's progress: how much a run would do now, how much is done."""

    name: str
    left: Callable[[], int]
    done: Callable[[], int]


@dataclass
class Phase:
    """One command to kill repeatedly, and how far along a run of it is."""

    name: str
    command: list[str]
    kills: int
    seconds: float  # a clean run's duration: time-based kills land before it
    stored: Gauge  # rows it commits (documents, extraction markers)
    # Kill triggers, cycled per attempt: a gauge (kill after a random part of what is left
    # of it) or None (kill after a random delay).
    triggers: tuple[Gauge | None, ...]
    between: Callable[[int], None] | None = None  # run after the n-th kill


@dataclass
class Killer:
    """Starts a command and SIGKILLs it, until enough kills. Some attempts are killed after a
    random delay (start-up, migrations, robots.txt and shutdown take most of a run's time),
    others once the run has made a random part of its progress, plus up to 0.3 s, so that
    kills also land while documents, claims and WARC records are being written."""

    rng: random.Random
    log_dir: Path
    attempts: list[Attempt] = field(default_factory=list)

    @property
    def kills(self) -> int:
        return sum(a.killed for a in self.attempts)

    def kill_inside(self, phase: Phase, function: str, calls: int, committed_before: int) -> None:
        """Kill ``phase.command`` inside ``function``'s transaction, when it returns for the
        ``calls``-th time; exactly ``committed_before`` rows may have been committed."""
        module, name = function.rsplit(".", 1)
        command = phase.command
        assert command[1:3] == ["-m", "crosstally"]
        wrapped = [sys.executable, "-c", KILL_INSIDE, module, name, str(calls), *command[3:]]
        stored = phase.stored.done()
        result = run_measured(wrapped)
        assert result.returncode == -signal.SIGKILL, result.explain()
        attempt = Attempt(phase.name, f"in {name} #{calls}", True, phase.stored.done() - stored)
        self.attempts.append(attempt)
        print(attempt)
        assert attempt.stored == committed_before, f"{attempt}: half a transaction kept"

    def kill_repeatedly(self, phase: Phase) -> None:
        done = 0
        upper = phase.seconds  # the typical run time: shrinks as less work is left
        for number in range(5 * phase.kills):
            if done == phase.kills:
                return
            log = self.log_dir / f"{phase.name}-{number}.log"
            stored = phase.stored.done()
            with log.open("w") as output:
                process = subprocess.Popen(
                    phase.command, cwd=REPO_ROOT, stdout=output, stderr=output
                )
                started = time.monotonic()
                gauge = phase.triggers[number % len(phase.triggers)]
                trigger = self._wait(process, phase, upper, gauge)
                killed = process.poll() is None
                if killed:
                    os.kill(process.pid, signal.SIGKILL)
                returncode = process.wait()
            self.attempts.append(Attempt(phase.name, trigger, killed, phase.stored.done() - stored))
            print(self.attempts[-1])
            if not killed:
                assert returncode == 0, f"{phase.name}, seed {SEED}: failed:\n{log.read_text()}"
                upper = min(upper, time.monotonic() - started)
                continue
            done += 1
            if phase.between is not None:
                phase.between(done)
        assert done == phase.kills, f"{phase.name}, seed {SEED}: runs kept ending first"

    def _wait(
        self, process: subprocess.Popen, phase: Phase, upper: float, gauge: Gauge | None
    ) -> str:
        """Wait until it is time to kill (or the process ended); say what triggered."""
        steps = gauge.left() if gauge is not None else 0
        if gauge is None or steps <= 0:  # by time, or nothing left of that kind
            delay = self.rng.uniform(MIN_DELAY, max(upper, MIN_DELAY + 0.5))
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.wait(timeout=delay)
            return f"after {delay:.2f} s"
        start = gauge.done()
        target = self.rng.randint(1, steps)
        extra = self.rng.uniform(0, 0.3)
        deadline = time.monotonic() + 3 * phase.seconds + 30
        while process.poll() is None and gauge.done() - start < target:
            assert time.monotonic() < deadline, f"{phase.name}: no progress, seed {SEED}"
            time.sleep(0.01)
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(timeout=extra)
        return f"after {target} {gauge.name} + {extra:.2f} s"


@dataclass
class Pair:
    """The clean and the killed workspace, crawling one server."""

    server: SampleServer
    clean: Workspace
    killed: Workspace
    killer: Killer
    decisions: list[int] = field(default_factory=list)

    def crawl_command(self, workspace: Workspace) -> list[str]:
        args = ("crawl", "--sources-dir", str(workspace.sources_dir), "--delay", "0")
        return crosstally_command(workspace, *args, "--timeout", "10")

    def extract_command(self, workspace: Workspace) -> list[str]:
        # Small batches: more commits, so more kills land between two of them.
        return crosstally_command(
            workspace, "extract", "--pending", "--batch-size", str(EXTRACT_BATCH)
        )

    def complete(self, command: list[str]) -> Measured:
        result = run_measured(command)
        assert result.returncode == 0, f"seed {SEED}: {result.explain()}"
        return result

    def requests(self) -> int:
        return len(self.server.requested_paths)

    def documents(self, workspace: Workspace | None = None) -> int:
        if workspace is not None:
            return len(workspace.all(Document))
        with self.killed_sessions() as session:
            return session.scalar(select(func.count()).select_from(Document)) or 0

    def markers(self) -> int:
        with self.killed_sessions() as session:
            return session.scalar(select(func.count()).select_from(Extraction)) or 0

    def pending(self) -> int:
        with self.killed_sessions() as session:
            pending = pending_select(extractor_version()).subquery()
            return session.scalar(select(func.count()).select_from(pending)) or 0

    @functools.cached_property
    def killed_sessions(self) -> sessionmaker[Session]:
        """One engine for the many progress polls (Workspace.session makes one per call)."""
        settings = Settings(self.killed.data_dir, self.killed.database_url, Path())
        return make_sessionmaker(settings)


def test_killed_anywhere_then_rerun_matches_an_uninterrupted_run(
    tmp_path: Path, database_backend: Any
) -> None:
    with SampleServer() as server:
        write_sources(server.url, tmp_path / "sources")
        clean = Workspace(tmp_path / "clean", tmp_path / "sources", migrated=False)
        killed = Workspace(tmp_path / "killed", tmp_path / "sources", migrated=False)
        (tmp_path / "logs").mkdir()
        pair = Pair(server, clean, killed, Killer(random.Random(SEED), tmp_path / "logs"))
        for workspace in (clean, killed):
            # A kill during the very first migration is test_kill_during_first_migration_...'s.
            result = workspace.crosstally("init")
            assert result.returncode == 0, result.stderr
        for revision in (1, 2):
            if revision == 2:
                server.advance()
            _crawl_round(pair, revision)
            _extract_round(pair, revision)
        try:
            _assert_same_database(clean, killed)
            _assert_torn_warc_records_do_not_matter(killed)
        finally:
            pair.killed_sessions.kw["bind"].dispose()
    killer = pair.killer
    assert killer.kills == 2 * (CRAWL_KILLS_PER_REVISION + EXTRACT_KILLS_PER_REVISION + 2)
    # The kills must have hit the writing, not only start-up: some attempt was killed after
    # it had stored documents, and some after it had committed extraction markers.
    for kind in ("crawl", "extract"):
        hits = [a for a in killer.attempts if a.phase.startswith(kind) and a.killed and a.stored]
        assert hits, f"seed {SEED}: no {kind} was killed after it had stored anything"


def _crawl_round(pair: Pair, revision: int) -> None:
    before = pair.requests()
    seconds = pair.complete(pair.crawl_command(pair.clean)).seconds

    def review_between(kill: int) -> None:
        if revision == 2 and kill == CRAWL_KILLS_PER_REVISION // 2:
            rng = random.Random(SEED + kill)
            pair.decisions += _review_some_claims(pair.killed, rng, 1, updated_first=False)

    requests = pair.requests() - before  # a re-crawl makes about as many
    documents = Gauge(
        "documents", lambda: pair.documents(pair.clean) - pair.documents(), pair.documents
    )
    phase = Phase(
        f"crawl-r{revision}",
        pair.crawl_command(pair.killed),
        CRAWL_KILLS_PER_REVISION,
        seconds,
        stored=documents,
        triggers=(documents, None, Gauge("requests", lambda: requests, pair.requests)),
        between=review_between,
    )
    # First inside the storage transaction of a random page: capture row flushed, document
    # row not yet. The pages before it were committed one by one.
    page = pair.killer.rng.randint(1, documents.left())
    pair.killer.kill_inside(phase, "crawler.storage._document_row", page, page - 1)
    pair.killer.kill_repeatedly(phase)
    pair.complete(pair.crawl_command(pair.killed))
    _check_invariants(pair.killed, pair.decisions, f"crawl r{revision}")


def _extract_round(pair: Pair, revision: int) -> None:
    seconds = pair.complete(pair.extract_command(pair.clean)).seconds
    markers = Gauge("markers", pair.pending, pair.markers)
    phase = Phase(
        f"extract-r{revision}",
        pair.extract_command(pair.killed),
        EXTRACT_KILLS_PER_REVISION,
        seconds,
        stored=markers,
        triggers=(markers, None),
    )
    # First inside a random batch's transaction, once its documents' rows were written
    # (not committed): that whole batch must be gone, the ones before it kept.
    batches = -(-markers.left() // EXTRACT_BATCH)
    number = pair.killer.rng.randint(1, batches)
    committed = (number - 1) * EXTRACT_BATCH
    pair.killer.kill_inside(phase, "extract.pending.store_extractions", number, committed)
    pair.killer.kill_repeatedly(phase)
    # The version the run used (it hashes the lexicon files, which may change under us).
    stderr = pair.complete(pair.extract_command(pair.killed)).stderr
    version = stderr.split("Extracting pending documents with ", 1)[1].split()[0]
    with pair.killed.session() as session:
        pending = session.scalars(pending_select(version)).all()
        assert pending == [], f"seed {SEED}: documents left unextracted"
    _check_invariants(pair.killed, pair.decisions, f"extract r{revision}")
    if revision == 1:
        # Reviewed before revision 2 re-extracts the updated article: must survive that.
        pair.decisions += _review_some_claims(pair.killed, random.Random(SEED), 3)


def _review_some_claims(
    workspace: Workspace, rng: random.Random, count: int, updated_first: bool = True
) -> list[int]:
    """Accept ``count`` current claims (one of the updated article's first, unless not
    asked), as an analyst would, straight into the database."""
    with workspace.session() as session:
        claims = list(
            session.scalars(
                select(Claim).where(Claim.superseded.is_(False)).order_by(Claim.review_key)
            )
        )
        updated = [c for c in claims if c.document.canonical_url.endswith("updated-story.html")]
        assert updated, "the updated article has claims"
        chosen = ((updated[:1] if updated_first else []) + rng.sample(claims, count))[:count]
        decisions = [
            ReviewDecision(
                review_key=claim.review_key,
                claim_id=claim.id,
                action="accept",
                reviewer="crash-test",
                note=f"seed {SEED}",
            )
            for claim in chosen
        ]
        session.add_all(decisions)
        session.commit()
        return [decision.id for decision in decisions]


def _check_invariants(workspace: Workspace, decisions: list[int], after: str) -> None:
    where = f"after {after}, seed {SEED}"
    with workspace.session() as session:
        for name, columns in NATURAL_KEYS.items():
            assert _duplicates(session, *columns) == [], f"duplicate {name} {where}"
        used = select(Document.id).where(Document.capture_id == Capture.id).exists()
        orphans = session.scalars(select(Capture.id).where(~used)).all()
        assert orphans == [], f"captures without a document {where}"
        documents = list(session.scalars(select(Document)))
        assert documents, where
        for document in documents:
            verdict = check_capture(workspace.data_dir, document.capture)
            assert verdict.ok, f"document {document.id} {where}: {verdict.detail}"
        found = session.scalars(select(ReviewDecision).where(ReviewDecision.id.in_(decisions)))
        found_by_id = {decision.id: decision for decision in found}
        assert sorted(found_by_id) == sorted(decisions), f"review decisions lost {where}"
        current = set(session.scalars(select(Claim.review_key).where(Claim.superseded.is_(False))))
        for decision in found_by_id.values():
            assert decision.review_key in current, f"decision {decision.id} orphaned {where}"
        running = session.scalars(select(CrawlRun.id).where(CrawlRun.status == "running")).all()
        assert running == [], f"runs left running {where}"
    _assert_captures_inside_intact_records(workspace, where)


def _duplicates(session: Session, *columns: Any) -> list[tuple[Any, ...]]:
    query = select(*columns, func.count()).group_by(*columns).having(func.count() > 1)
    return [tuple(row) for row in session.execute(query)]


def _assert_captures_inside_intact_records(workspace: Workspace, where: str) -> None:
    """A kill can tear the last record of a WARC file; no capture may point into it."""
    with workspace.session() as session:
        captures = list(session.scalars(select(Capture)))
    for path in sorted((workspace.data_dir / "warc").glob("*.warc.gz")):
        intact = intact_prefix(path.read_bytes())
        relative = f"warc/{path.name}"
        for capture in (c for c in captures if c.warc_path == relative):
            end = capture.warc_offset + capture.warc_length
            assert end <= intact, f"capture {capture.id} in a torn record of {path.name} {where}"


def intact_prefix(data: bytes) -> int:
    """How many leading bytes of a gzip WARC file are complete gzip members (one per
    record): a record torn by a kill ends the intact prefix."""
    position = 0
    while position < len(data):
        inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
        try:
            inflater.decompress(data[position:], 1 << 20)
            while inflater.unconsumed_tail and not inflater.eof:
                inflater.decompress(inflater.unconsumed_tail, 1 << 20)
        except zlib.error:
            return position
        if not inflater.eof:
            return position
        position = len(data) - len(inflater.unused_data)
    return position


def _assert_same_database(clean: Workspace, killed: Workspace) -> None:
    expected, got = _content(clean), _content(killed)
    for name in expected:
        missing, extra = expected[name] - got[name], got[name] - expected[name]
        assert not missing and not extra, (
            f"seed {SEED}: {name} differ from the uninterrupted run's:\n"
            f"  missing: {sorted(missing.elements())}\n  extra: {sorted(extra.elements())}"
        )


def _content(workspace: Workspace) -> dict[str, Counter[tuple[Any, ...]]]:
    """What an analyst relies on, without ids and times: documents, claims, evidence and
    extraction markers, each as a multiset (so a duplicate shows)."""
    with workspace.session() as session:

        def rows(query: Any) -> Counter[tuple[Any, ...]]:
            return Counter(tuple(row) for row in session.execute(query))

        documents = rows(select(Document.canonical_url, Document.version, Document.text_sha256))
        claims = rows(
            select(
                Document.canonical_url,
                Claim.kind,
                Claim.review_key,
                Claim.value,
                Claim.qualifier,
                Claim.subject,
                Claim.superseded,
            ).join(Document, Claim.document_id == Document.id)
        )
        evidence = rows(
            select(
                Document.canonical_url,
                Document.version,
                Claim.review_key,
                Evidence.start,
                Evidence.end,
                Evidence.quote,
            )
            .join(Claim, Evidence.claim_id == Claim.id)
            .join(Document, Evidence.document_id == Document.id)
        )
        markers = rows(
            select(
                Document.canonical_url,
                Document.version,
                Extraction.extractor_version,
                Extraction.status,
            ).join(Document, Extraction.document_id == Document.id)
        )
    content = {"documents": documents, "claims": claims, "evidence": evidence, "markers": markers}
    assert all(content.values()), f"{workspace.data_dir}: nothing stored?"
    return content


def _assert_torn_warc_records_do_not_matter(workspace: Workspace) -> None:
    """Whatever the kills left: append half a record to the WARC file of the first
    capture, as a kill in mid-write would, and every capture still verifies."""
    with workspace.session() as session:
        captures = list(session.scalars(select(Capture).order_by(Capture.id)))
        document_id = session.scalar(select(Document.id).order_by(Document.id).limit(1))
    first = captures[0]
    path = workspace.data_dir / first.warc_path
    data = path.read_bytes()
    record = data[first.warc_offset : first.warc_offset + first.warc_length]
    path.write_bytes(data + record[: len(record) // 2])
    assert intact_prefix(path.read_bytes()) == len(data)  # the tail is torn indeed
    assert all(verify_capture(workspace.data_dir, capture) for capture in captures)
    result = workspace.crosstally("capture", str(document_id))
    assert result.returncode == 0, result.stderr
    assert "-- verified:" in result.stdout


# --------------------------------------------------------------- the first migration

KILL_MID_MIGRATION = """
import os, signal, sys
from sqlalchemy import event
from sqlalchemy.engine import Engine
from crosstally import migrate
from crosstally.config import Settings
from crosstally.db import make_engine, make_sessionmaker
created = []

@event.listens_for(Engine, "after_cursor_execute")
def kill_after_some_tables(conn, cursor, statement, parameters, context, executemany):
    if statement.lstrip().upper().startswith("CREATE TABLE"):
        created.append(statement)
        if len(created) == 4:
            os.kill(os.getpid(), signal.SIGKILL)

migrate.upgrade(sys.argv[1])
"""


def test_kill_during_first_migration_leaves_nothing_or_everything(database_url: str) -> None:
    """SIGKILL after the fourth CREATE TABLE of the first upgrade: the database holds either
    no table at all or the whole schema with its alembic_version, and the next upgrade
    completes it (SQLite: crosstally.db.make_migration_engine; PostgreSQL: transactional
    DDL of its own)."""
    command = [sys.executable, "-c", KILL_MID_MIGRATION, database_url]
    killed = subprocess.run(command, cwd=REPO_ROOT, capture_output=True, text=True, check=False)
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    schema = set(Base.metadata.tables) | {"alembic_version"}
    left = _tables(database_url)
    assert left in (set(), schema), f"half a schema was committed: {sorted(left)}"
    migrate.upgrade(database_url)  # must complete the schema, not trip over half of it
    assert _tables(database_url) == schema


def _tables(database_url: str) -> set[str]:
    engine = make_engine(database_url)
    try:
        return set(inspect(engine).get_table_names())
    finally:
        engine.dispose()
