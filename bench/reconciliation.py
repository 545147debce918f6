"""Benchmark 4: ``review.reconcile.reconcile`` over 10k, 100k and 1M synthetic claims in SQLite.

Why: reconciliation reads every current count claim on each run, so it must stay linear in the
number of claims (``reconcile_growth_per_10x`` ≤ 11) and finish 1M claims in under a minute.

The claims are what extraction stores for a large archive: documents from the template bank's
sources (NGOs are primary, outlets secondary), each repeating one originator's figures for one
as-of date (totals, military/civilian and women/men breakdowns pointing at their total with
``part_of_id`` and relation ``part``, arrest flows with stated arithmetic "minus 12 unrelated,
so 102" as ``excluded`` and ``result`` operands, releases, regional counts with their region,
unmatched subjects), every figure dated (by the text, 70%, or by its document, with
``as_of_source`` saying which), with secondaries rounding ("more than 300"), a few
conflicting figures and 5% syndicated copies.

Document texts matter because reconcile MinHashes every new document to link near-duplicates.
They are built from a pool of generated paragraphs whose words were shuffled (eight shuffles
of each): the template bank is small, so unshuffled texts would share far more 4-word shingles
than unrelated real articles do and the LSH would drown in false candidates (an artefact of the
generator, not of crosstally). Each text opens with a paragraph no other document has (two
pooled variants interleaved word by word: near-duplicate detection hashes the opening words)
followed by five pooled paragraphs; texts keep the length and vocabulary of articles, and
syndicated copies stay identical, so the links found are the syndicated pairs.

Each size gets a fresh database, filled by Core ``insert()`` executemany (not the ORM), then
reconciled: ``cold`` (the first run: every fact derived and its derived tables written, every
document MinHashed) is the headline, with the seconds of its stages (linking, deriving facts,
archive-level settling, checks within documents and across them, writing the tables);
``warm`` (a second run, nothing new) shows the steady state, for sizes up to
``reconcile_warm_max`` (a warm 1M run would add most of a minute to the suite).
"""

from __future__ import annotations

import math
import random
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from bench import dbfixture, templates
from bench.common import Outcome, Sizes, Timer, scratch_dir
from bench.dbfixture import DocRow
from bench.generate import FIRST_DAY, article
from models import Claim, DocumentLink, DocumentSignature

EXTRACTOR_VERSION = "bench-synthetic"
# (module, name) of the stages a full run calls, timed by wrapping them
TIMED_STAGES = (
    ("review.reconcile.engine", "link_near_duplicates"),
    ("review.reconcile.engine", "derive"),
    ("review.reconcile.engine", "settle"),
    ("review.reconcile.engine", "document_checks"),
    ("review.reconcile.engine", "group_checks"),
    ("review.reconcile.store", "replace_all"),
)
SYNDICATED_SHARE = 0.05
CONFLICT_SHARE = 0.05
AS_OF_DATES = [FIRST_DAY + timedelta(days=15 * k) for k in range(60)]
PARAGRAPH_POOL_ARTICLES = 600
SHUFFLED_VARIANTS = 8  # word-shuffled variants per pooled paragraph
PARAGRAPHS_PER_TEXT = 6
SUBJECTS = {
    "en": {
        "total": "political prisoners",
        "military": "military personnel",
        "civilians": "civilians",
        "women": "women",
        "men": "men",
        "arrests": "arbitrary arrests",
        "related": "arrests related to the campaign",
        "unrelated": "people with no direct ties to the campaign",
        "released": "political prisoners released",
        "regional": "political prisoners in {state}",
        "noise": "people",
    },
    "es": {
        "total": "presos políticos",
        "military": "militares",
        "civilians": "civiles",
        "women": "mujeres",
        "men": "hombres",
        "arrests": "detenciones arbitrarias",
        "related": "detenciones vinculadas con la campaña",
        "unrelated": "personas sin relación directa",
        "released": "personas excarceladas",
        "regional": "presos políticos en {state}",
        "noise": "personas",
    },
}
# Attributions as written: the template bank's NGOs, aliases from review/originators.yaml
# (which the reconciler folds to one originator), and None (the publisher speaks).
ATTRIBUTIONS = [
    *(name for name, _ in templates.ORGS),
    *(short for _, short in templates.ORGS),
    "Foro Penal",
    "FP",
    "Alfredo Romero, director de Foro Penal",
    "Provea",
    None,
    None,
    None,
]


class ClaimFactory:
    """Documents and their count claims, deterministic in (seed, document index)."""

    def __init__(self, seed: int) -> None:
        self.seed = seed
        self.sources = [row["id"] for row in dbfixture.source_rows()]
        self.paragraphs: dict[str, list[str]] = {"en": [], "es": []}
        self.words: dict[str, list[list[str]]] = {"en": [], "es": []}
        rng = random.Random(f"reconcile-pool/{seed}")
        for index in range(PARAGRAPH_POOL_ARTICLES):
            item = article(seed, index)
            for paragraph in item.paragraphs:
                words = paragraph.split()
                for _ in range(SHUFFLED_VARIANTS):
                    rng.shuffle(words)
                    self.paragraphs[item.lang].append(" ".join(words))
                    self.words[item.lang].append(list(words))
        self.next_claim_id = 1

    def documents(self, target_claims: int) -> Iterator[tuple[DocRow, list[dict[str, Any]]]]:
        """Documents until ``target_claims`` claims are made (the last one may be cut)."""
        made, index, previous = 0, 0, None
        while made < target_claims:
            rng = random.Random(f"reconcile/{self.seed}/{index}")
            if previous is not None and rng.random() < SYNDICATED_SHARE:
                doc, claims = self._syndicate(rng, index, *previous)
            else:
                doc, claims = self._document(rng, index)
            claims = claims[: target_claims - made]
            made += len(claims)
            previous = (doc, claims)
            index += 1
            yield doc, claims

    def _text(self, rng: random.Random, lang: str) -> str:
        """An opening paragraph no other document has (two pooled variants interleaved word
        by word: near-duplicate detection hashes a text's opening words), then pooled ones."""
        first, second = rng.sample(self.words[lang], 2)
        opening = " ".join(w for pair in zip(first, second, strict=False) for w in pair)
        rest = rng.sample(self.paragraphs[lang], PARAGRAPHS_PER_TEXT - 1)
        return "\n\n".join([opening, *rest])

    def _document(self, rng: random.Random, index: int) -> tuple[DocRow, list[dict[str, Any]]]:
        lang = "en" if index % 2 == 0 else "es"
        source = rng.choice(self.sources)
        primary = source in {dbfixture.source_id(name) for name, _ in templates.ORGS}
        as_of = rng.choice(AS_OF_DATES)
        published = as_of + timedelta(days=rng.randint(0, 3))
        doc = DocRow(
            id=index + 1,
            source_id=source,
            url=f"{dbfixture.BASE_URL}/{source}/{index:07d}.html",
            text=self._text(rng, lang),
            language=lang,
            published=published,
        )
        attributed = None if primary else rng.choice(ATTRIBUTIONS)
        claims = self._claims(rng, doc.id, lang, as_of, published, attributed, rounded=not primary)
        return doc, claims

    def _syndicate(
        self, rng: random.Random, index: int, doc: DocRow, claims: list[dict[str, Any]]
    ) -> tuple[DocRow, list[dict[str, Any]]]:
        """A wire copy: the same text and figures on another outlet's page."""
        source = rng.choice(self.sources)
        copy = DocRow(
            id=index + 1,
            source_id=source,
            url=f"{dbfixture.BASE_URL}/{source}/{index:07d}.html",
            text=doc.text,
            language=doc.language,
            published=doc.published,
        )
        offset = self.next_claim_id - claims[0]["id"] if claims else 0
        copied = []
        for claim in claims:
            row = dict(claim, id=claim["id"] + offset, document_id=copy.id)
            if row["part_of_id"] is not None:
                row["part_of_id"] += offset
            copied.append(row)
        self.next_claim_id += len(copied)
        return copy, copied

    def _claims(
        self,
        rng: random.Random,
        doc_id: int,
        lang: str,
        as_of: date,
        published: date,
        attributed: str | None,
        rounded: bool,
    ) -> list[dict[str, Any]]:
        subjects = SUBJECTS[lang]
        # The figures belong to the (originator, date) story, so reports of it agree.
        story = random.Random(f"story/{self.seed}/{attributed}/{as_of}")
        total = story.randint(150, 420)
        military = round(total * story.uniform(0.3, 0.6))
        women = story.randint(8, 60)
        arrests = story.randint(40, 260)
        unrelated = story.randint(3, 20)
        if rng.random() < CONFLICT_SHARE:
            total += rng.randint(1, 12)
        # the text states the date, or extraction dates the figure by its document
        stated = rng.random() >= 0.3
        dated = {"as_of_source": "stated" if stated else "published"}
        when = as_of.isoformat() if stated else published.isoformat()
        place = "Venezuela" if rng.random() < 0.5 else None
        claims: list[dict[str, Any]] = []

        def add(kind: str, value: int, part_of: int | None = None, **extra: Any) -> int:
            qualifier = "exact"
            if rounded and part_of is None and value > 100 and rng.random() < 0.3:
                value, qualifier = value // 100 * 100, "more_than"
            claim_id = self.next_claim_id
            self.next_claim_id += 1
            subject = subjects[kind].format(state=extra.get("region", ""))
            if part_of is not None:
                extra.setdefault("relation", "part")
            claims.append(
                _claim_row(
                    claim_id, doc_id, value, qualifier, subject, place, when, attributed, part_of
                )
                | {"extra": {**dated, **extra}}
            )
            return claim_id

        total_id = add("total", total)
        if rng.random() < 0.6:
            add("military", military, total_id)
            add("civilians", total - military, total_id)
        if rng.random() < 0.4:
            add("women", women, total_id)
            add("men", total - women, total_id)
        if rng.random() < 0.6:
            arrests_id = add("arrests", arrests)
            if rng.random() < 0.5:  # "114 arrests, minus 12 unrelated, so 102"
                add("unrelated", unrelated, arrests_id, relation="excluded")
                add("related", arrests - unrelated, arrests_id, relation="result")
        if rng.random() < 0.2:
            add("released", story.randint(5, 90))
        if rng.random() < 0.4:  # the region in the figure's own words, as extraction keeps it
            add("regional", story.randint(5, 60), region=rng.choice(templates.STATES))
        if rng.random() < 0.4:
            add("noise", rng.randint(3, 25))
        return claims


def _claim_row(
    claim_id: int,
    doc_id: int,
    value: int,
    qualifier: str,
    subject: str,
    place: str | None,
    as_of: str | None,
    attributed: str | None,
    part_of: int | None,
) -> dict[str, Any]:
    return {
        "id": claim_id,
        "kind": "count",
        "document_id": doc_id,
        "review_key": f"{doc_id:x}-{claim_id:x}",
        "extractor_version": EXTRACTOR_VERSION,
        "superseded": False,
        "value": value,
        "qualifier": qualifier,
        "subject": subject,
        "place": place,
        "as_of": as_of,
        "attributed_to": attributed,
        "part_of_id": part_of,
        "extra": {},
        "created_at": dbfixture.FETCHED_AT,
    }


def seed_database(settings: Any, claims: int, seed: int) -> dict[str, Any]:
    """Fill a fresh database with about ``claims`` claims; returns counts and seconds."""
    factory = ClaimFactory(seed)
    engine = dbfixture.engine_for(settings)
    documents = 0
    with Timer() as timer, engine.begin() as connection:
        dbfixture.insert_sources(connection)
        for chunk in dbfixture.chunks(factory.documents(claims), dbfixture.CHUNK // 4):
            dbfixture.insert_documents(connection, (doc for doc, _ in chunk))
            rows = [row for _, doc_claims in chunk for row in doc_claims]
            connection.execute(insert(Claim), rows)
            documents += len(chunk)
    engine.dispose()
    return {"documents": documents, "claims": claims, "insert_seconds": round(timer.seconds, 2)}


@contextmanager
def stage_timer() -> Iterator[dict[str, float]]:
    """Seconds spent in reconcile's stages, by wrapping the module-level names it calls."""
    import importlib

    spent: dict[str, float] = {}
    # Only the stages the current code still has: the reconciler is free to reorganise.
    originals = {}
    for module_name, name in TIMED_STAGES:
        module = importlib.import_module(module_name)
        if hasattr(module, name):
            originals[(module, name)] = getattr(module, name)

    def timed(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            start = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                spent[name] = spent.get(name, 0.0) + time.perf_counter() - start

        return wrapper

    for (module, name), function in originals.items():
        setattr(module, name, timed(name, function))
    try:
        yield spent
    finally:
        for (module, name), function in originals.items():
            setattr(module, name, function)


def reconcile_once(settings: Any) -> dict[str, Any]:
    """One ``reconcile(session)`` plus its commit, as ``crosstally reconcile`` does it."""
    from review.reconcile import reconcile

    engine = dbfixture.engine_for(settings)
    with Session(engine) as session, stage_timer() as stages, Timer() as timer:
        result = reconcile(session)
        session.commit()
    with Session(engine) as session:
        links = session.scalar(select(func.count()).select_from(DocumentLink))
        signed = session.scalar(select(func.count()).select_from(DocumentSignature))
    engine.dispose()
    return {
        "seconds": round(timer.seconds, 3),
        "cpu_seconds": round(timer.cpu_seconds, 3),
        "stage_seconds": {name: round(value, 3) for name, value in stages.items()},
        "claims_read": result.claims,
        "rows": len(result.rows),
        "checks": len(result.checks),
        "measures_updated": result.measures_updated,
        "documents_hashed": result.links.hashed,
        "links_made": result.links.linked,
        "links_total": links,
        "signatures_total": signed,
    }


def per_10x(small: int, large: int, seconds_small: float, seconds_large: float) -> float | None:
    """Growth of the time per tenfold size: the step's time ratio, rescaled when the step is not
    exactly 10x (quick runs)."""
    if seconds_small <= 0 or large <= small:
        return None
    return round((seconds_large / seconds_small) ** (1 / math.log10(large / small)), 2)


def seed_all(sizes: Sizes, root: Path) -> dict[int, dict[str, Any]]:
    """A seeded database per size under ``root`` (not timed as part of the benchmark)."""
    seeded = {}
    for size in sizes.reconcile_sizes:
        settings = dbfixture.new_database(root / f"claims-{size}")
        seeded[size] = {"settings": settings, **seed_database(settings, size, sizes.seed)}
    return seeded


def measure_all(sizes: Sizes, seeded: dict[int, dict[str, Any]]) -> Outcome:
    per_size: dict[str, Any] = {}
    rows = []
    for size in sizes.reconcile_sizes:
        info = dict(seeded[size])
        settings = info.pop("settings")
        cold = reconcile_once(settings)
        warm = reconcile_once(settings) if size <= sizes.reconcile_warm_max else None
        info["database_bytes"] = (settings.data_dir / "crosstally.sqlite").stat().st_size
        per_size[str(size)] = {**info, "cold": cold, "warm": warm}
        linking = cold["stage_seconds"].get("link_near_duplicates", 0.0)
        warm_text = f", warm {warm['seconds']:.2f} s" if warm else ""
        rows.append(
            (
                f"reconcile {size:,} claims",
                f"cold {cold['seconds']:.2f} s (linking {linking:.1f} s){warm_text}; "
                f"{info['documents']:,} documents",
            )
        )
    steps = list(zip(sizes.reconcile_sizes, sizes.reconcile_sizes[1:], strict=False))
    cold_s = {size: per_size[str(size)]["cold"]["seconds"] for size in sizes.reconcile_sizes}
    growth = [per_10x(a, b, cold_s[a], cold_s[b]) for a, b in steps]
    # CPU seconds (this process and any signing workers) grow with the work done, whatever
    # else runs on the machine: the cross-check on the wall-clock growth.
    cold_cpu = {size: per_size[str(size)]["cold"]["cpu_seconds"] for size in sizes.reconcile_sizes}
    cpu_growth = [per_10x(a, b, cold_cpu[a], cold_cpu[b]) for a, b in steps]
    smallest = sizes.reconcile_sizes[0]
    headline = {
        "reconcile_seconds_1m": cold_s[sizes.reconcile_sizes[-1]],
        "reconcile_growth_per_10x": max((g for g in growth if g is not None), default=None),
    }
    rows.append(
        (
            "reconcile growth per 10x (cold)",
            ", ".join(f"{g}x" for g in growth)
            + f" (CPU time: {', '.join(f'{g}x' for g in cpu_growth)})",
        )
    )
    raw = {
        "sizes": list(sizes.reconcile_sizes),
        "largest_size": sizes.reconcile_sizes[-1],
        "headline_run": "cold",
        "warm_runs_up_to": sizes.reconcile_warm_max,
        "growth_per_10x_per_step": growth,
        "cpu_growth_per_10x_per_step": cpu_growth,
        "per_size": per_size,
        # The smallest size signs in-process: its CPU/wall shows how much of a core it got.
        "core_share": round(cold_cpu[smallest] / cold_s[smallest], 3) if cold_s[smallest] else None,
    }
    return Outcome("reconciliation", headline, raw, rows)


def run(sizes: Sizes) -> Outcome:
    with scratch_dir("reconcile") as root:
        return measure_all(sizes, seed_all(sizes, root))
