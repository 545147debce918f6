"""Benchmark 7: the review app over a reconciled archive, on SQLite and on PostgreSQL.

Why: the review pages read reconciliation's derived tables instead of reconciling per request,
and a decision refreshes only what it touches. Two figures say whether that holds at scale:
``review_page_p95_ms_1m``, the 95th percentile of the queue, claim and measure pages' latency
over HTTP with a logged-in session (target < 300 ms), and ``decision_refresh_seconds_1m``, the
time from an analyst's decision until every page and the export show it (target < 2 s), each
the worse of the two databases.

How: the archive is the reconciliation benchmark's synthetic claims (``bench.reconciliation``):
on SQLite its own 1M database after its cold run when both run (else one seeded and reconciled
here), on PostgreSQL the same claims on a throwaway server (``tests/support/postgres.py``),
seeded by the same Core executemany and reconciled once (timed, ``reconcile_seconds``).
``crosstally review`` serves it as its own process; a client logs in as a reviewer and asks for
the queue, claim pages of random claims and every measure page (the largest measure first),
after warming each up once. A decision is timed from the POST (its refresh runs in the
request) until the claim page, its measure's page, the queue and an export of the claim (the
exporter's rows for it, rendered as JSON) all show it: an acceptance, a correction of a claim
in the smallest measure family and one in the largest (the headline is the slowest).
"""

from __future__ import annotations

import contextlib
import json
import random
import re
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bench import dbfixture, reconciliation
from bench.common import REPO_ROOT, Outcome, Sizes, Timer, child_env, scratch_dir
from crosstally import migrate
from crosstally.config import Settings

PAGE_KINDS = ("queue", "claim", "measure")
CLAIM_PAGES = 40
MEASURE_PAGES = 20
ROUNDS = 3
USER, PASSWORD = "bench", "a long enough bench password"
TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


def run(sizes: Sizes, sqlite: Settings | None = None) -> Outcome:
    """Both databases; ``sqlite`` is an already reconciled database of ``sizes.review_claims``
    claims (the reconciliation benchmark's), or None to seed one here."""
    per_backend: dict[str, Any] = {}
    with scratch_dir("review") as root:
        for backend in ("sqlite", "postgresql"):
            with _database(backend, root, sizes, sqlite) as (settings, prepared):
                per_backend[backend] = {**prepared, **measure(settings, root / backend, sizes)}
    p95 = [found["p95_ms"] for found in per_backend.values()]
    refresh = [found["decision_refresh_seconds"] for found in per_backend.values()]
    headline = {
        "review_page_p95_ms_1m": max(p95),
        "decision_refresh_seconds_1m": max(refresh),
    }
    rows = []
    for backend, found in per_backend.items():
        per_kind = ", ".join(f"{kind} {found['pages'][kind]['p95_ms']:.0f}" for kind in PAGE_KINDS)
        decisions = ", ".join(
            f"{name} {case['seconds']:.2f} s" for name, case in found["decisions"].items()
        )
        rows.append((f"review pages p95, {backend}", f"{found['p95_ms']:.0f} ms ({per_kind} ms)"))
        rows.append((f"decision until shown, {backend}", decisions))
    raw = {"claims": sizes.review_claims, "per_backend": per_backend}
    return Outcome("review_pages", headline, raw, rows)


@contextlib.contextmanager
def _database(
    backend: str, root: Path, sizes: Sizes, sqlite: Settings | None
) -> Iterator[tuple[Settings, dict[str, Any]]]:
    if backend == "sqlite" and sqlite is not None:
        yield sqlite, {"prepared_by": "reconciliation benchmark"}
        return
    if backend == "sqlite":
        settings = dbfixture.new_database(root / "sqlite")
        yield settings, _prepare(settings, sizes)
        return
    from tests.support.postgres import PostgresServer

    server = PostgresServer.start()
    try:
        url = server.create_database("bench_review")
        migrate.upgrade(url)
        directory = root / "postgresql"
        directory.mkdir(parents=True, exist_ok=True)
        settings = Settings(data_dir=directory, database_url=url, sources_dir=directory)
        yield settings, _prepare(settings, sizes)
    finally:
        server.stop()


def _prepare(settings: Settings, sizes: Sizes) -> dict[str, Any]:
    """Seed the archive and reconcile it once, as ``crosstally reconcile`` would."""
    from review.reconcile.refresh import full_run

    seeded = reconciliation.seed_database(settings, sizes.review_claims, sizes.seed)
    engine = dbfixture.engine_for(settings)
    if engine.dialect.name == "postgresql":
        # a crawl fills the tables over days and autovacuum keeps their statistics; a million
        # rows inserted a minute ago have none yet
        with engine.connect() as connection:
            connection.exec_driver_sql("ANALYZE")
            connection.commit()
    with Session(engine) as session, Timer() as timer:
        full_run(session)
        session.commit()
    engine.dispose()
    return {**seeded, "reconcile_seconds": round(timer.seconds, 2)}


def measure(settings: Settings, directory: Path, sizes: Sizes) -> dict[str, Any]:
    plan = _plan(settings, sizes)
    with _server(settings, directory) as base, httpx.Client(base_url=base, timeout=120) as client:
        _login(client)
        pages = _pages(client, plan)
        decisions = {
            name: _decision(client, settings, case) for name, case in plan["decisions"].items()
        }
    every = [ms for found in pages.values() for ms in found.pop("samples")]
    return {
        "p95_ms": _p95(every),
        "requests": len(every),
        "pages": pages,
        "decisions": decisions,
        "decision_refresh_seconds": max(case["seconds"] for case in decisions.values()),
        "measure_keys": len(plan["measures"]),
    }


def _plan(settings: Settings, sizes: Sizes) -> dict[str, Any]:
    """The claims and measures to ask for, and the decisions to time, from the tables."""
    from models import ClaimFact, User
    from review.reconcile import read
    from review.web.accounts import add_user

    engine = dbfixture.engine_for(settings)
    rng = random.Random(sizes.seed)
    with Session(engine) as session:
        if session.scalar(select(User.id).where(User.name == USER)) is None:
            add_user(session, USER, "reviewer", PASSWORD)
            session.commit()
        top = session.scalar(select(func.max(ClaimFact.claim_id))) or 0
        claims = sorted(rng.sample(range(1, top + 1), min(CLAIM_PAGES, top)))
        summaries = sorted(read.measures(session), key=lambda m: -m.rows)
        sizes_by_family = dict(
            session.execute(
                select(ClaimFact.family, func.count())
                .where(ClaimFact.family.is_not(None))
                .group_by(ClaimFact.family)
            ).all()
        )
        largest = max(sizes_by_family, key=sizes_by_family.__getitem__)
        smallest = min(sizes_by_family, key=sizes_by_family.__getitem__)
        decisions = {
            "accept": _pick(session, largest, 1, "accept"),
            "correct, smallest family": _pick(session, smallest, 0, "correct"),
            "correct, largest family": _pick(session, largest, 0, "correct"),
        }
        for case, family in zip(decisions.values(), (largest, smallest, largest), strict=True):
            case["family_facts"] = sizes_by_family[family]
    engine.dispose()
    return {
        "claims": claims,
        "measures": [m.key for m in summaries[:MEASURE_PAGES]],
        "decisions": decisions,
    }


def _pick(session: Session, family: str, skip: int, action: str) -> dict[str, Any]:
    """A total of the family (the ``skip``-th by id), and what to decide on it: a correction
    far from every other report of its date, so its conflict is new."""
    from models import Claim, ClaimFact

    cid, value, key = session.execute(
        select(ClaimFact.claim_id, Claim.value, ClaimFact.measure_key)
        .join(Claim, Claim.id == ClaimFact.claim_id)
        .where(ClaimFact.family == family, ClaimFact.relation.is_(None))
        .order_by(ClaimFact.claim_id)
        .offset(skip)
        .limit(1)
    ).one()
    if action == "correct":
        value += 1000
    return {"claim_id": cid, "measure_key": key, "action": action, "value": value}


@contextlib.contextmanager
def _server(settings: Settings, directory: Path) -> Iterator[str]:
    """``crosstally review`` as its own process, on a free port of 127.0.0.1."""
    directory.mkdir(parents=True, exist_ok=True)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    command = [sys.executable, "-m", "crosstally", "--database-url", settings.database_url]
    command += ["--data-dir", str(directory), "review", "--port", str(port)]
    log = (directory / "review.log").open("w")
    process = subprocess.Popen(command, cwd=REPO_ROOT, env=child_env(), stdout=log, stderr=log)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            with contextlib.suppress(httpx.HTTPError):
                if httpx.get(f"{base}/login", timeout=5).status_code == 200:
                    break
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"crosstally review did not start; see {log.name}")
            time.sleep(0.2)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


def _token(client: httpx.Client, path: str) -> str:
    found = TOKEN.search(client.get(path).text)
    if found is None:
        raise RuntimeError(f"no form token on {path}")
    return found.group(1)


def _login(client: httpx.Client) -> None:
    data = {"name": USER, "password": PASSWORD, "csrf_token": _token(client, "/login")}
    if client.post("/login", data=data).status_code != 303:
        raise RuntimeError("the bench reviewer could not log in")


def _paths(plan: dict[str, Any]) -> dict[str, list[str]]:
    measures = [f"/measures/{quote(key, safe='')}" for key in plan["measures"]]
    return {
        "queue": ["/"],
        "claim": [f"/claims/{cid}" for cid in plan["claims"]],
        "measure": ["/measures", *measures],
    }


def _pages(client: httpx.Client, plan: dict[str, Any]) -> dict[str, Any]:
    paths = _paths(plan)
    for kind in PAGE_KINDS:  # warm-up: templates compiled, the first connection made
        _get(client, paths[kind][0])
    samples: dict[str, list[float]] = {kind: [] for kind in PAGE_KINDS}
    slowest: dict[str, tuple[float, str]] = {}
    for _ in range(ROUNDS):
        for kind in PAGE_KINDS:
            for path in paths[kind]:
                ms = _get(client, path)
                samples[kind].append(ms)
                if ms > slowest.get(kind, (0.0, ""))[0]:
                    slowest[kind] = (ms, path)
    return {
        kind: {
            "p95_ms": _p95(found),
            "median_ms": round(statistics.median(found), 1),
            "max_ms": round(max(found), 1),
            "slowest": slowest[kind][1],
            "requests": len(found),
            "samples": found,
        }
        for kind, found in samples.items()
    }


def _get(client: httpx.Client, path: str) -> float:
    start = time.perf_counter()
    response = client.get(path)
    elapsed = (time.perf_counter() - start) * 1000
    if response.status_code != 200:
        raise RuntimeError(f"GET {path}: {response.status_code}")
    return elapsed


def _decision(client: httpx.Client, settings: Settings, case: dict[str, Any]) -> dict[str, Any]:
    """From the POST until the claim page, its measure page, the queue and the claim's export
    row show the decision."""
    cid, action = case["claim_id"], case["action"]
    data = {"action": action, "csrf_token": _token(client, f"/claims/{cid}")}
    if action == "correct":
        data |= {"value": str(case["value"]), "qualifier": "exact"}
    measure = f"/measures/{quote(case['measure_key'], safe='')}"
    start = time.perf_counter()
    response = client.post(f"/claims/{cid}/decide", data=data)
    posted = time.perf_counter() - start
    if response.status_code != 303:
        raise RuntimeError(f"decision on claim {cid}: {response.status_code}")
    while True:
        page = client.get(f"/claims/{cid}").text
        shown = (f">{action}ed<" if action == "accept" else f"exact {case['value']}") in page
        client.get(measure).raise_for_status()
        client.get("/").raise_for_status()
        row = _exported(settings, cid)
        if shown and row["value"] == case["value"] and row["reconcile_status"] is not None:
            break
        if time.perf_counter() - start > 600:
            raise RuntimeError(f"the decision on claim {cid} never showed")
    seconds = time.perf_counter() - start
    return {
        **case,
        "seconds": round(seconds, 3),
        "post_seconds": round(posted, 3),
        "reconcile_status": row["reconcile_status"],
    }


def _exported(settings: Settings, claim_id: int) -> dict[str, Any]:
    """The claim's row as ``crosstally export --format json`` writes it."""
    from review.exporters import get_exporter
    from review.exporters.rows import ExportFilter, export_rows

    engine = dbfixture.engine_for(settings)
    with Session(engine) as session:
        rows = export_rows(session, ExportFilter(statuses=None, claims=frozenset({claim_id})))
    engine.dispose()
    (row,) = json.loads(get_exporter("json").render(rows))
    return row


def _p95(samples: list[float]) -> float:
    ordered = sorted(samples)
    return round(ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))], 1)
