"""Targets, the printed table and ``results.json``, from the benchmarks' :class:`Outcome`\\ s.

Why one place: other tools read ``results.json`` by its exact top-level names, so the names,
the targets and the pass/fail rule live here and nowhere else.
"""

from __future__ import annotations

import json
import operator
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench.common import Outcome

# top-level key -> (comparison, threshold, benchmark that measures it)
TARGETS: dict[str, tuple[str, float, str]] = {
    "extraction_ratio": (">=", 0.85, "extraction"),
    "end_to_end_ratio": (">=", 0.70, "end_to_end"),
    "parallel_speedup": (">=", 1.7, "parallel"),
    "reconcile_seconds_1m": ("<", 60.0, "reconciliation"),
    "reconcile_growth_per_10x": ("<=", 11.0, "reconciliation"),
    "rss_growth": ("<=", 0.10, "memory"),
    "storage_ratio": (">=", 0.8, "storage"),
    "review_page_p95_ms_1m": ("<", 300.0, "review_pages"),
    "decision_refresh_seconds_1m": ("<", 2.0, "review_pages"),
}
KEYS = tuple(TARGETS)
COMPARE: dict[str, Callable[[float, float], bool]] = {
    ">=": operator.ge,
    "<=": operator.le,
    "<": operator.lt,
}
FULL_SCALE = 1_000_000
# A timed step whose processes got less CPU than this share of the cores they should have had
# (one per single-threaded step, two for the two-worker run) was competing with other processes.
STARVED = 0.8


def evaluate(headline: dict[str, float | None], raw: dict[str, Any]) -> dict[str, Any]:
    """Pass/fail per target; ``pass`` is null when not measured or not measured at scale."""
    targets = {}
    scale = {
        "reconciliation": raw.get("reconciliation", {}).get("largest_size"),
        "review_pages": raw.get("review_pages", {}).get("claims"),
    }
    for key, (op, threshold, bench) in TARGETS.items():
        value = headline.get(key)
        entry: dict[str, Any] = {"value": value, "target": f"{op} {threshold:g}", "pass": None}
        largest = scale.get(bench, FULL_SCALE)
        if value is None:
            entry["note"] = "not measured"
        elif largest != FULL_SCALE:
            entry["note"] = f"measured up to {largest:,} claims, not 1,000,000: not comparable"
        else:
            entry["pass"] = COMPARE[op](value, threshold)
        targets[key] = entry
    return targets


def build(outcomes: dict[str, Outcome], run: dict[str, Any]) -> dict[str, Any]:
    headline: dict[str, float | None] = dict.fromkeys(KEYS)
    raw: dict[str, Any] = {"run": run}
    for name, outcome in outcomes.items():
        headline.update({k: v for k, v in outcome.headline.items() if k in headline})
        raw[name] = {**outcome.raw, "benchmark_seconds": round(outcome.seconds, 2)}
    return {**headline, "raw": raw, "targets": evaluate(headline, raw)}


def write(results: dict[str, Any], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def table(outcomes: dict[str, Outcome], results: dict[str, Any]) -> str:
    """The figures, then the targets, as plain aligned text."""
    lines = []
    machine = results["raw"]["run"]["machine"]
    lines.append(
        f"crosstally bench — {machine['cores']} cores, {machine['cpu'] or 'unknown CPU'}, "
        f"Python {machine['python']}, spaCy {machine['versions'].get('spacy')}"
    )
    rows = [(label, value) for o in outcomes.values() for label, value in o.rows]
    width = max((len(label) for label, _ in rows), default=10)
    lines.append("")
    for label, value in rows:
        lines.append(f"  {label:<{width}}  {value}")
    lines.append("")
    lines.append(f"  {'target':<28} {'value':>10}  {'goal':>8}  result")
    for key, entry in results["targets"].items():
        value = entry["value"]
        shown = "—" if value is None else f"{value:g}"
        verdict = {True: "PASS", False: "FAIL", None: "n/a"}[entry["pass"]]
        note = f"  ({entry['note']})" if entry.get("note") else ""
        lines.append(f"  {key:<28} {shown:>10}  {entry['target']:>8}  {verdict}{note}")
    run = results["raw"]["run"]
    lines.append("")
    starved = {
        name: found["core_share"]
        for name, found in results["raw"].items()
        if isinstance(found, dict) and (found.get("core_share") or 1.0) < STARVED
    }
    if starved:
        shown = ", ".join(f"{name} {share:.0%}" for name, share in starved.items())
        lines.append(
            f"  WARNING: the machine was shared: timed steps got only part of their cores "
            f"({shown}); wall-clock figures are pessimistic, see the CPU cross-checks in raw"
        )
    lines.append(f"  wall time {run['wall_seconds']:.0f} s; results in {run['output']}")
    for name, error in run.get("errors", {}).items():
        lines.append(f"  ERROR in {name}: {error.splitlines()[-1] if error else ''}")
    return "\n".join(lines)
