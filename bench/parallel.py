"""Benchmark 3: ``extract --pending`` with 1 and with 2 worker processes; the speed-up.

Why: extraction is CPU-bound and models load once per process, so on this 2-core machine two
workers should finish close to twice as fast (target ``parallel_speedup`` ≥ 1.7). Both runs
use ``extract.pending.run_workers`` (spawned processes, each loading its models, SQLite split
by document id modulo the worker count) over identical copies of one database holding the same
generated documents; each is timed from the call to the return, so process start-up and model
loading count, as they do for a user. Document ids are shuffled so that neither worker's share
is all one language.

That start-up (a fresh interpreter importing spaCy and loading both models, about 1.8 s) is
paid once in either configuration, so it caps the speed-up of a short job: it is measured on
its own (one worker, two documents) and reported with the speed-up of the work after it. The
default 960 documents are a modest backlog (a new extractor version re-reads every stored
document); at 480 the one-worker run was 15 s, an eighth of it start-up.
"""

from __future__ import annotations

import random
from typing import Any

from bench import dbfixture
from bench.common import Outcome, Sizes, Timer, rate, scratch_dir
from bench.generate import articles, word_count
from bench.storage import copy_database


def run_pending(settings: Any, workers: int) -> dict[str, Any]:
    from extract.pending import run_workers

    with Timer() as timer:
        stats = run_workers(settings, workers)
    if stats.errors:
        raise RuntimeError(f"{workers} worker(s) failed: {stats.errors[:3]}")
    return {
        "workers": workers,
        "seconds": round(timer.seconds, 3),
        # CPU of the worker processes (children): near ``workers * seconds`` when each worker
        # had a core to itself; lower when other processes shared the machine.
        "cpu_seconds": round(timer.cpu_seconds, 3),
        "cores_used": round(timer.cpu_seconds / timer.seconds, 2) if timer.seconds else None,
        "documents": stats.documents,
        "claims": stats.claims,
        "evidence": stats.evidence,
    }


def _database(root: Any, items: list[Any], ids: list[int]) -> Any:
    rows = (dbfixture.article_row(a, doc_id) for a, doc_id in zip(items, ids, strict=True))
    return dbfixture.database_with(root, rows)


def run(sizes: Sizes) -> Outcome:
    items = list(articles(sizes.parallel_docs, sizes.seed + 3))
    words = word_count([a.text for a in items])
    # Shuffled ids: the generator alternates languages, and SQLite workers split documents by
    # id modulo the worker count, so sequential ids would give one worker every English text.
    ids = list(range(1, len(items) + 1))
    random.Random(sizes.seed).shuffle(ids)
    # one document per language (the generator alternates them): start-up and a first batch
    first_two = list(articles(2, sizes.seed + 4))
    with scratch_dir("parallel") as root:
        template = _database(root / "template", items, ids)
        startup = run_pending(_database(root / "startup", first_two, [1, 2]), 1)
        runs = {}
        for workers in (1, 2):
            settings = copy_database(template, root / f"workers-{workers}")
            runs[workers] = run_pending(settings, workers)
    one, two = runs[1], runs[2]
    if one["documents"] != len(items) or two["documents"] != len(items):
        raise RuntimeError(f"expected {len(items)} documents, got {one} / {two}")
    speedup = round(one["seconds"] / two["seconds"], 3) if two["seconds"] else None
    start = startup["seconds"]
    after_start = (one["seconds"] - start, two["seconds"] - start)
    work_speedup = round(after_start[0] / after_start[1], 3) if after_start[1] > 0 else None
    for found in runs.values():
        found["words_per_second"] = round(rate(words, found["seconds"]), 1)
        found["documents_per_second"] = round(rate(len(items), found["seconds"]), 2)
    raw = {
        "documents": len(items),
        "words": words,
        "runs": {str(k): v for k, v in runs.items()},
        # one worker over two documents: process start, imports, both models, a first batch
        "startup_seconds": start,
        "speedup_after_startup": work_speedup,
        # Share of the cores each run should have had (1 for one worker, 2 for two) that it got.
        "core_share": min(one["cores_used"] or 0.0, (two["cores_used"] or 0.0) / 2),
    }
    rows = [
        (
            "extract --pending 1 vs 2 workers",
            f"{one['seconds']:.1f} s vs {two['seconds']:.1f} s = {speedup}x "
            f"({len(items):,} documents; cores busy {one['cores_used']} vs {two['cores_used']})",
        ),
        (
            "  of which worker start-up",
            f"{start:.1f} s (either way); the work after it: {work_speedup}x",
        ),
    ]
    return Outcome("parallel", {"parallel_speedup": speedup}, raw, rows)
