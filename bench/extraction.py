"""Benchmark 1: words/second of crosstally's extraction vs bare ``nlp.pipe`` of the same model.

Why: crosstally adds rule components (numbers, dates, persons, counts, arrests) and a result
conversion on top of the spaCy model; the target is that all of it costs at most 15% of the
model's own throughput (``extraction_ratio`` ≥ 0.85). Both sides run in this process over the
same generated texts, per language, with each side's pipeline loaded and warmed up first and
the same ``batch_size`` (the language file's), in alternating blocks of the documents, each
timed twice per side with the faster time kept (other processes on the machine only ever add
time, so the minimum is the best estimate of the work itself): crosstally as the CLI does it
(``Extractor.extract_many`` + ``DocResult.to_json()``), the baseline as
``list(spacy.load(model).pipe(texts, batch_size=...))``.

Where the time goes comes from a separate, instrumented run (so the headline runs are not
slowed by instrumentation) over documents the timed runs did not see: each crosstally
component's ``__call__`` and dateparser's ``DateDataParser.get_date_data`` are wrapped with CPU
timers (dateparser's result cache is cleared first, as in a fresh process). Shares are of that
run's CPU time; the rest is the spaCy model itself (and a little glue).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from bench.common import Outcome, Sizes, Timer, rate, ratio
from bench.generate import Article, articles, word_count

WARMUP_DOCS = 8
ROUNDS = 4  # alternating blocks, so both sides share any background load on the machine
REPEATS = 2  # each block is timed twice per side and the faster time kept
PROFILE_OFFSET = 1_000_000  # profile documents come from far along the seeded stream


def input_docs(items: Sequence[Article]) -> list[Any]:
    """What ``crosstally extract --pending`` hands the extractor for a stored document."""
    from extract import InputDoc

    return [
        InputDoc(id=str(a.id), text=a.text, lang=a.lang, published=a.published, url=None)
        for a in items
    ]


def batch_size(lang: str) -> int:
    from extract.lexicon import load_lexicon

    return int(load_lexicon(lang).data.batch_size)


def run_crosstally(extractor: Any, docs: Sequence[Any]) -> Timer:
    """Extract ``docs`` and serialise each result as ``extract --jsonl`` does."""
    with Timer() as timer:
        for result in extractor.extract_many(docs):
            result.to_json()
    return timer


def run_bare(nlp: Any, texts: Sequence[str], size: int) -> Timer:
    with Timer() as timer:
        list(nlp.pipe(texts, batch_size=size))
    return timer


def load_bare(lang: str) -> Any:
    """``spacy.load`` of the very model crosstally uses for ``lang`` (lexicon file or env)."""
    import gc
    import warnings

    import spacy

    from extract.pipeline import model_name

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        nlp = spacy.load(model_name(lang))
    # As crosstally's load_pipeline does: a worker holds one copy of each model, frozen out
    # of the cyclic collector. Unfrozen, this second copy would be walked by every full
    # collection that crosstally's allocations trigger, a cost no real worker pays.
    gc.freeze()
    return nlp


@contextmanager
def dateparser_timer() -> Iterator[dict[str, float]]:
    """Wraps ``DateDataParser.get_date_data``: seconds and calls while the block runs."""
    from dateparser.date import DateDataParser

    from extract import dates

    totals: dict[str, float] = {"seconds": 0.0, "calls": 0}
    original = DateDataParser.get_date_data

    def timed(self: Any, *args: Any, **kwargs: Any) -> Any:
        start = time.process_time()
        try:
            return original(self, *args, **kwargs)
        finally:
            totals["seconds"] += time.process_time() - start
            totals["calls"] += 1

    dates.parse_absolute.cache_clear()
    DateDataParser.get_date_data = timed  # type: ignore[method-assign]
    try:
        yield totals
    finally:
        DateDataParser.get_date_data = original  # type: ignore[method-assign]


@contextmanager
def component_timer(languages: Sequence[str]) -> Iterator[dict[str, float]]:
    """CPU seconds inside each of crosstally's components while the block runs.

    Wraps ``__call__`` of each component's class (spaCy calls ``proc(doc)`` for components
    without ``pipe``, so the wrapper sees every document), then restores it."""
    from extract.components import COMPONENTS
    from extract.pipeline import load_pipeline

    spent: dict[str, float] = dict.fromkeys(COMPONENTS, 0.0)
    classes: dict[type, str] = {}
    for lang in languages:
        for name, component in load_pipeline(lang).pipeline:
            if name in COMPONENTS:
                classes[type(component)] = name
    originals = {cls: cls.__call__ for cls in classes}

    def timed(cls: type, original: Callable[..., Any]) -> Callable[..., Any]:
        name = classes[cls]

        def wrapper(self: Any, doc: Any) -> Any:
            start = time.process_time()
            try:
                return original(self, doc)
            finally:
                spent[name] += time.process_time() - start

        return wrapper

    for cls, original in originals.items():
        cls.__call__ = timed(cls, original)  # type: ignore[method-assign]
    try:
        yield spent
    finally:
        for cls, original in originals.items():
            cls.__call__ = original  # type: ignore[method-assign]


def profile_shares(extractor: Any, items: Sequence[Article]) -> dict[str, Any]:
    """One more extraction run, over documents the timed runs did not see (so no cache holds
    their strings), with each component and dateparser timed in CPU seconds; shares are of
    that run's whole CPU time (the rest is spaCy's tokenizer and model, and glue)."""
    docs = input_docs(items)
    with (
        component_timer(["en", "es"]) as spent,
        dateparser_timer() as parsed,
        Timer() as timer,
    ):
        for result in extractor.extract_many(docs):
            result.to_json()
    whole = timer.cpu_seconds
    shares = {name: round(seconds / whole, 4) for name, seconds in spent.items()}
    shares["custom_components"] = round(sum(spent.values()) / whole, 4)
    shares["dateparser"] = round(parsed["seconds"] / whole, 4)
    return {
        "documents": len(docs),
        "words": word_count([item.text for item in items]),
        "cpu_seconds": round(whole, 3),
        "wall_seconds": round(timer.seconds, 3),
        "component_cpu_seconds": {k: round(v, 4) for k, v in spent.items()},
        "dateparser": {"cpu_seconds": round(parsed["seconds"], 4), "calls": parsed["calls"]},
        "shares": shares,
        "note": "dateparser runs inside crosstally_dates; its share is part of that one's",
    }


def run(sizes: Sizes) -> Outcome:
    from extract import Extractor
    from extract.pipeline import load_pipeline, model_name

    extractor = Extractor(["en", "es"])
    items = list(articles(sizes.extraction_docs, sizes.seed))
    loads: dict[str, dict[str, float]] = {}
    bare_nlp: dict[str, Any] = {}
    for lang in ("en", "es"):
        with Timer() as load_ct:
            load_pipeline(lang)
        with Timer() as load_bare_timer:
            bare_nlp[lang] = load_bare(lang)
        loads[lang] = {"crosstally": load_ct.seconds, "bare": load_bare_timer.seconds}
    per_lang: dict[str, Any] = {}
    for lang in ("en", "es"):
        chosen = [a for a in items if a.lang == lang]
        docs, texts = input_docs(chosen), [a.text for a in chosen]
        size, nlp = batch_size(lang), bare_nlp[lang]
        warm = [a for a in articles(2 * WARMUP_DOCS, sizes.seed + 1) if a.lang == lang]
        run_crosstally(extractor, input_docs(warm))
        run_bare(nlp, [a.text for a in warm], size)
        best: dict[str, list[Timer]] = {"crosstally": [], "bare": []}
        for block in range(ROUNDS):
            part = slice(block * len(docs) // ROUNDS, (block + 1) * len(docs) // ROUNDS)
            tries: dict[str, list[Timer]] = {"crosstally": [], "bare": []}
            for attempt in range(REPEATS):
                order = ("bare", "crosstally") if (block + attempt) % 2 else ("crosstally", "bare")
                for side in order:
                    if side == "bare":
                        tries[side].append(run_bare(nlp, texts[part], size))
                    else:
                        tries[side].append(run_crosstally(extractor, docs[part]))
            for side, timed in tries.items():
                best[side].append(min(timed, key=lambda t: t.seconds))
        crosstally_s = sum(t.seconds for t in best["crosstally"])
        bare_s = sum(t.seconds for t in best["bare"])
        crosstally_cpu = sum(t.cpu_seconds for t in best["crosstally"])
        bare_cpu = sum(t.cpu_seconds for t in best["bare"])
        words = word_count(texts)
        per_lang[lang] = {
            "documents": len(docs),
            "words": words,
            "batch_size": size,
            "crosstally_seconds": round(crosstally_s, 3),
            "bare_seconds": round(bare_s, 3),
            "crosstally_words_per_second": round(rate(words, crosstally_s), 1),
            "bare_words_per_second": round(rate(words, bare_s), 1),
            "ratio": ratio(bare_s, crosstally_s),
            "crosstally_cpu_seconds": round(crosstally_cpu, 3),
            "bare_cpu_seconds": round(bare_cpu, 3),
            "cpu_ratio": ratio(bare_cpu, crosstally_cpu),
            "model": model_name(lang),
            "load_seconds": {k: round(v, 3) for k, v in loads[lang].items()},
        }
    words = sum(v["words"] for v in per_lang.values())
    ct_s = sum(v["crosstally_seconds"] for v in per_lang.values())
    bare_s = sum(v["bare_seconds"] for v in per_lang.values())
    ct_cpu = sum(v["crosstally_cpu_seconds"] for v in per_lang.values())
    bare_cpu = sum(v["bare_cpu_seconds"] for v in per_lang.values())
    combined = {
        "documents": len(items),
        "words": words,
        "crosstally_seconds": round(ct_s, 3),
        "bare_seconds": round(bare_s, 3),
        "crosstally_words_per_second": round(rate(words, ct_s), 1),
        "bare_words_per_second": round(rate(words, bare_s), 1),
        "ratio": ratio(bare_s, ct_s),
        "cpu_ratio": ratio(bare_cpu, ct_cpu),
    }
    fresh = list(articles(sizes.profile_docs, sizes.seed, start=PROFILE_OFFSET))
    profile = profile_shares(extractor, fresh)
    rows = [
        (
            f"extraction {lang}",
            f"{v['crosstally_words_per_second']:,.0f} vs bare {v['bare_words_per_second']:,.0f}"
            f" words/s = {v['ratio']}x",
        )
        for lang, v in per_lang.items()
    ]
    rows.append(
        (
            "extraction combined",
            f"{combined['crosstally_words_per_second']:,.0f} vs bare "
            f"{combined['bare_words_per_second']:,.0f} words/s = {combined['ratio']}x "
            f"(CPU time ratio {combined['cpu_ratio']}x)",
        )
    )
    shares = profile["shares"]
    custom = ", ".join(f"{k.removeprefix('crosstally_')} {v:.1%}" for k, v in shares.items()
                       if k.startswith("crosstally_"))  # fmt: skip
    rows.append(("extraction time shares", f"{custom}, dateparser {shares['dateparser']:.1%}"))
    raw = {
        "per_language": per_lang,
        "combined": combined,
        "profile": profile,
        # CPU seconds per wall second of the timed runs: 1.0 on an otherwise idle core.
        "core_share": round((ct_cpu + bare_cpu) / (ct_s + bare_s), 3) if ct_s + bare_s else None,
    }
    return Outcome("extraction", {"extraction_ratio": combined["ratio"]}, raw, rows)
