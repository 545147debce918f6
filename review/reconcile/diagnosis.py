"""Why reconciliation missed a flag or raised a false one, counted over a part of the cluster set.

The blind parts of the set must stay unread: their clusters are never printed. What helps
without reading them is the *kind* of failure: a value the extractor never produced, two
figures filed under different measures, places or dates, a flag raised inside one document.
Those counts point at a stage of the pipeline (extraction, facts, checks) without naming a
story, so they can be looked at on every part.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

FLAGS = frozenset({"conflict", "mismatch", "decrease"})


@dataclass
class Diagnosis:
    """Failure kinds over every cluster added, missed flags and false flags apart."""

    missed: Counter[str] = field(default_factory=Counter)
    false: Counter[str] = field(default_factory=Counter)
    facts: Counter[str] = field(default_factory=Counter)

    def add(self, run: Any, gold: dict[str, Any]) -> None:
        facts = run.result.facts
        by_key: dict[tuple[str, int], list[Any]] = {}
        for fact in facts:
            by_key.setdefault((run.doc_ids.get(fact.document_id, "?"), fact.value), []).append(fact)
        self._count_facts(facts)
        for item in gold.get("flags") or []:
            if not _held(run.flags, item["values"]):
                self.missed[_why_missed(item, by_key, run.result.checks)] += 1
        discussed = _discussed(gold)
        compatible = [pair["values"] for pair in gold.get("compatible") or []]
        for flag in run.flags:
            if not any(holds(flag, item["values"]) for item in gold.get("flags") or []):
                self.false[_why_false(flag, compatible, discussed, by_key)] += 1

    def _count_facts(self, facts: list[Any]) -> None:
        for fact in facts:
            self.facts["claims"] += 1
            if fact.measure is None:
                self.facts["no measure"] += 1
            if fact.country is None:
                self.facts["no country"] += 1
            if fact.as_of is None:
                self.facts["no as-of date"] += 1
            if fact.originator is None:
                self.facts["no originator"] += 1

    def report(self) -> str:
        lines = ["  missed flags, by cause:"]
        lines += [f"    {n:3d}  {why}" for why, n in self.missed.most_common()] or ["    none"]
        lines.append("  false flags, by cause:")
        lines += [f"    {n:3d}  {why}" for why, n in self.false.most_common()] or ["    none"]
        claims = self.facts["claims"] or 1
        lines.append(
            "  claims: "
            + ", ".join(
                f"{name} {self.facts[name]} ({self.facts[name] / claims:.0%})"
                for name in ("no measure", "no country", "no as-of date", "no originator")
            )
            + f" of {self.facts['claims']}"
        )
        return "\n".join(lines)


def holds(flag: Any, wanted: list[dict[str, Any]]) -> bool:
    """Whether one of the flag's claims has each wanted value (from its document, if named)."""
    return all(
        any(
            value == int(item["value"]) and (item.get("doc") is None or doc == item["doc"])
            for doc, value in flag.values
        )
        for item in wanted
    )


def _held(flags: list[Any], wanted: list[dict[str, Any]]) -> bool:
    return any(holds(flag, wanted) for flag in flags)


def _discussed(gold: dict[str, Any]) -> set[tuple[str | None, int]]:
    values: set[tuple[str | None, int]] = set()
    for group in (gold.get("flags") or [], gold.get("compatible") or []):
        for item in group:
            values.update((v.get("doc"), int(v["value"])) for v in item["values"])
    return values


def _unusable(fact: Any) -> str | None:
    if fact.measure is None:
        return "a figure has no measure"
    if fact.country is None:
        return "a figure has no country"
    if fact.as_of is None:
        return "a figure has no as-of date"
    if not fact.comparable:
        return f"a figure is not compared ({fact.relation or 'undated flow'})"
    return None


def _why_missed(
    item: dict[str, Any], by_key: dict[tuple[str, int], list[Any]], checks: list[Any]
) -> str:
    kind = str(item.get("kind"))
    chosen = []
    for value in item["values"]:
        found = by_key.get((str(value.get("doc")), int(value["value"])))
        if not found:
            return f"{kind}: a value was not extracted"
        chosen.append(found[0])
    if kind == "mismatch":
        total, parts = chosen[0], chosen[1:]
        if any(part.total_id != total.claim_id for part in parts):
            return "mismatch: parts not linked to their total"
        if len({part.axis for part in parts}) > 1:
            return "mismatch: parts on different axes"
        return "mismatch: linked parts, no mismatch raised"
    for reason in map(_unusable, chosen):
        if reason:
            return f"{kind}: {reason}"
    first, *rest = chosen
    for other in rest:
        if other.measure != first.measure:
            return f"{kind}: measures differ"
        if other.place != first.place:
            return f"{kind}: places differ"
        if other.compared_slice != first.compared_slice:
            return f"{kind}: slices differ"
        if kind == "conflict" and other.compared_on != first.compared_on:
            return "conflict: as-of dates differ"
        if kind == "conflict" and other.originator == first.originator:
            return "conflict: one originator"
        if kind == "decrease" and other.originator != first.originator:
            return "decrease: originators differ"
        if kind == "decrease" and other.period != first.period:
            return "decrease: periods differ"
        if kind == "decrease" and other.compared_on == first.compared_on:
            return "decrease: same as-of date"
    return f"{kind}: same row, not flagged ({_row_detail(chosen, checks)})"


def _row_detail(chosen: list[Any], checks: list[Any]) -> str:
    ids = {fact.claim_id for fact in chosen}
    statuses = sorted({c.status for c in checks if ids <= set(c.claim_ids) | set(c.support)})
    if len({fact.cluster for fact in chosen}) == 1:
        return "one syndication cluster"
    overlap = all(a.interval.overlaps(b.interval) for a in chosen for b in chosen)
    held = "/".join(statuses) if statuses else "no check holds them"
    kinds = "+".join(sorted({"flow" if f.flow else "stock" for f in chosen}))
    if any(f.flow and f.period is None for f in chosen):
        kinds += ", a flow without period"
    return f"{'intervals overlap' if overlap else 'intervals apart'}; {held}; {kinds}"


def _why_false(
    flag: Any,
    compatible: list[list[dict[str, Any]]],
    discussed: set[tuple[str | None, int]],
    by_key: dict[tuple[str, int], list[Any]],
) -> str:
    facts = [f for key in flag.values for f in by_key.get(key, [])[:1]]
    sources = "+".join(sorted({str(f.as_of_source) for f in facts}))
    originators = len({f.originator for f in facts})
    status = f"{flag.status} [{originators} originator(s), as-of {sources}]"
    if len({doc for doc, _ in flag.values}) == 1:
        return f"{status}: within one document"
    if any(holds(flag, pair) for pair in compatible):
        return f"{status}: holds a compatible pair"
    undiscussed = [
        (doc, value)
        for doc, value in flag.values
        if (doc, value) not in discussed and (None, value) not in discussed
    ]
    if undiscussed:
        return f"{status}: holds a figure the gold does not discuss"
    return f"{status}: other"
