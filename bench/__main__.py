"""``python -m bench`` (``make bench``): run the benchmarks, print a table, write results.json.

Why a single entry point: every ratio must compare figures measured in the same run on the same
machine, so one command measures everything (or ``--only`` a part), with sizes as options and
``--quick`` for a smoke run of a few seconds per benchmark. Exit status: 1 when a benchmark
crashed (its figures are then null), or with ``--fail-on-miss`` when a target was missed.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
import traceback
from collections.abc import Callable
from dataclasses import asdict, replace
from datetime import UTC, datetime
from pathlib import Path

from bench import (
    endtoend,
    extraction,
    memory,
    parallel,
    reconciliation,
    report,
    reviewpages,
    storage,
)
from bench.common import Outcome, Sizes, machine_info

DEFAULT_OUTPUT = Path(__file__).resolve().parent / "results.json"
# In run order; memory and reconciliation are run together (see _memory_and_reconciliation).
BENCHMARKS: dict[str, Callable[[Sizes], Outcome]] = {
    "extraction": extraction.run,
    "storage": storage.run,
    "parallel": parallel.run,
    "end_to_end": endtoend.run,
    "memory": memory.run,
    "reconciliation": reconciliation.run,
    "review_pages": reviewpages.run,
}
ALIASES = {
    "e2e": "end_to_end",
    "reconcile": "reconciliation",
    "rss": "memory",
    "review": "review_pages",
}


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bench",
        description="Benchmark crosstally's stages against bare spaCy, Scrapy and SQLAlchemy.",
    )
    parser.add_argument("--quick", action="store_true", help="tiny sizes: a smoke run (<60 s)")
    parser.add_argument(
        "--only",
        action="append",
        metavar="NAME",
        help=f"run only this benchmark (repeatable): {', '.join(BENCHMARKS)}",
    )
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT, help="results.json path")
    parser.add_argument("--seed", type=int, help="generator seed")
    parser.add_argument("--extraction-docs", type=int, help="documents for extraction speed")
    parser.add_argument("--profile-docs", type=int, help="documents for the per-stage profile")
    parser.add_argument("--site-pages", type=int, help="article pages of the end-to-end site")
    parser.add_argument("--parallel-docs", type=int, help="documents for 1 vs 2 workers")
    parser.add_argument(
        "--reconcile-sizes",
        type=lambda s: tuple(int(x) for x in s.split(",")),
        help="claim counts, comma-separated (default 10000,100000,1000000)",
    )
    parser.add_argument("--reconcile-warm-max", type=int, help="largest size also run warm")
    parser.add_argument("--memory-docs", type=int, help="documents of the long extraction run")
    parser.add_argument("--memory-checkpoint", type=int, help="document RSS growth starts at")
    parser.add_argument("--storage-docs", type=int, help="documents stored by each method")
    parser.add_argument(
        "--review-claims", type=int, help="claims of the archive the review app serves"
    )
    parser.add_argument(
        "--fail-on-miss", action="store_true", help="exit 1 when a measured target is missed"
    )
    return parser.parse_args(argv)


def sizes_from(args: argparse.Namespace) -> Sizes:
    sizes = Sizes.quick() if args.quick else Sizes()
    options = {
        "seed": args.seed,
        "extraction_docs": args.extraction_docs,
        "profile_docs": args.profile_docs,
        "site_pages": args.site_pages,
        "parallel_docs": args.parallel_docs,
        "reconcile_sizes": args.reconcile_sizes,
        "reconcile_warm_max": args.reconcile_warm_max,
        "memory_docs": args.memory_docs,
        "memory_checkpoint": args.memory_checkpoint,
        "storage_docs": args.storage_docs,
        "review_claims": args.review_claims,
    }
    sizes = replace(sizes, **{k: v for k, v in options.items() if v is not None})
    if sizes.memory_checkpoint >= sizes.memory_docs:
        raise SystemExit("--memory-checkpoint must be below --memory-docs")
    return sizes


def selected(only: list[str] | None) -> list[str]:
    if not only:
        return list(BENCHMARKS)
    names = [ALIASES.get(n, n) for part in only for n in part.split(",")]
    unknown = sorted(set(names) - set(BENCHMARKS))
    if unknown:
        raise SystemExit(f"unknown benchmark(s) {unknown}; choose from {list(BENCHMARKS)}")
    return [name for name in BENCHMARKS if name in names]


def _timed(name: str, function: Callable[[], Outcome], errors: dict[str, str]) -> Outcome | None:
    print(f"[bench] {name} ...", file=sys.stderr, flush=True)
    started = time.perf_counter()
    load_before = os.getloadavg()
    try:
        outcome = function()
    except Exception:
        errors[name] = traceback.format_exc(limit=8)
        print(f"[bench] {name} FAILED:\n{errors[name]}", file=sys.stderr, flush=True)
        return None
    outcome.seconds = time.perf_counter() - started
    # Other processes on the machine skew timings: the 1-minute load average shows it.
    outcome.raw["load_average_1m"] = {"before": load_before[0], "after": os.getloadavg()[0]}
    print(f"[bench] {name} done in {outcome.seconds:.0f} s", file=sys.stderr, flush=True)
    return outcome


def _memory_and_reconciliation(
    sizes: Sizes, errors: dict[str, str], review: bool = False
) -> dict[str, Outcome]:
    """The memory child extracts while this process seeds the reconciliation databases: RSS
    is insensitive to CPU contention and seeding is not timed, so they share the two cores;
    the reconciliation runs themselves start only after the child has finished. With
    ``review`` the review app is then measured on the largest database, reconciled by the
    cold run (seeding another million claims would only repeat it)."""
    from bench.common import scratch_dir

    outcomes: dict[str, Outcome] = {}
    print("[bench] memory + seeding reconciliation databases ...", file=sys.stderr, flush=True)
    started = time.perf_counter()
    child = memory.MemoryRun(sizes)
    with scratch_dir("reconcile") as root:
        try:
            seeded = reconciliation.seed_all(sizes, root)
        except Exception:
            errors["reconciliation"] = traceback.format_exc(limit=8)
            seeded = None
        found = _timed("memory", lambda: child.finish(overlapped_with="reconciliation seeding"),
                       errors)  # fmt: skip
        if found is not None:
            found.seconds = time.perf_counter() - started
            outcomes["memory"] = found
        if seeded is not None:
            found = _timed("reconciliation", lambda: reconciliation.measure_all(sizes, seeded),
                           errors)  # fmt: skip
            if found is not None:
                outcomes["reconciliation"] = found
        if review:
            largest = (seeded or {}).get(sizes.review_claims, {}).get("settings")
            if "reconciliation" not in outcomes:
                largest = None  # not reconciled: review_pages seeds its own
            found = _timed("review_pages", lambda: reviewpages.run(sizes, largest), errors)
            if found is not None:
                outcomes["review_pages"] = found
    return outcomes


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    sizes = sizes_from(args)
    names = selected(args.only)
    os.environ.setdefault("PYTHONWARNINGS", "ignore")
    started = time.perf_counter()
    outcomes: dict[str, Outcome] = {}
    errors: dict[str, str] = {}
    together = {"memory", "reconciliation"} <= set(names)
    for name in names:
        if together and name in ("memory", "reconciliation", "review_pages"):
            if name == "memory":
                review = "review_pages" in names
                outcomes.update(_memory_and_reconciliation(sizes, errors, review))
            continue
        found = _timed(name, lambda name=name: BENCHMARKS[name](sizes), errors)
        if found is not None:
            outcomes[name] = found
    run = {
        "started_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "wall_seconds": round(time.perf_counter() - started, 1),
        "quick": args.quick,
        "benchmarks": names,
        "sizes": asdict(sizes),
        "output": str(args.output),
        "machine": machine_info(),
        "errors": errors,
    }
    results = report.build(outcomes, run)
    report.write(results, args.output)
    print(report.table(outcomes, results))
    if errors:
        return 1
    missed = [k for k, t in results["targets"].items() if t["pass"] is False]
    return 1 if args.fail_on_miss and missed else 0


if __name__ == "__main__":
    sys.exit(main())
