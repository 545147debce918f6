"""Benchmark 2: a 2,000-page generated site, crawled, archived, stored, extracted and stored.

Why: each stage can be fast on its own and the whole still slow (per-page commits, WARC
writing, HTML parsing, process start-up). The whole is compared with what no crawler can
avoid: running the spaCy models over the same texts (``end_to_end_ratio`` = crosstally's
pages/second over bare ``nlp.pipe`` pages/second, target ≥ 0.70), and the crawl alone with a
bare Scrapy crawl of the same site that stores nothing (:mod:`bench.barecrawl`).

Steps, each timed on the wall clock as a user would run them, in fresh temporary directories:

1. bare Scrapy crawl of the site (own process);
2. ``crosstally run --sources-dir DIR bench-site`` (own process; one source file pointing at
   the site's sitemap index, politeness as the bundled sample sources: no delay, 8 concurrent
   requests, robots.txt obeyed; every response archived to WARC, every article stored; the
   crawl runs in a child process while the parent extracts and stores what it has stored,
   then reconciles), model loading included;
3. bare ``nlp.pipe`` over the stored document texts, per stored language, model load included
   (as step 2 includes it).

Step 2 uses both cores (crawl and extraction overlap, as ``crosstally run`` does for a user);
step 3 uses one. ``raw.cpu_ratio`` gives the same comparison in CPU seconds, which does not
credit the overlap.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from bench import barecrawl
from bench.common import (
    Outcome,
    Sizes,
    Timer,
    child_env,
    rate,
    ratio,
    scratch_dir,
)
from bench.extraction import batch_size, load_bare
from bench.generate import articles, word_count
from bench.site import ARTICLE_PATTERN, SiteServer
from crosstally import migrate
from crosstally.config import Settings
from crosstally.db import make_engine
from models import Capture, Claim, CrawlRun, Document

SOURCE_ID = "bench-site"
CONCURRENCY = 8  # concurrency_per_domain of the bundled sample sources


def source_file(site: SiteServer, pages: int) -> str:
    pattern = ARTICLE_PATTERN.replace("\\", "\\\\")
    return f"""id: {SOURCE_ID}
name: Generated benchmark site
kind: news
publisher: Benchmark Publisher
role: secondary
languages: [en, es]
home_url: "{site.base_url}/"
verified_offline: true
allowed_domains: ["127.0.0.1"]
discovery:
  sitemaps: ["{site.sitemap_url}"]
  article_pattern: "{pattern}"
crawl: {{interval: 6h, max_depth: 2, max_age_days: 36500, max_pages: {pages + 100}}}
politeness: {{download_delay: 0, concurrency_per_domain: {CONCURRENCY}, obey_robots: true}}
"""


def crawl_bare(site: SiteServer) -> dict[str, Any]:
    command = [
        sys.executable,
        "-m",
        "bench.barecrawl",
        site.sitemap_url,
        ARTICLE_PATTERN,
        str(CONCURRENCY),
    ]
    site.reset_requests()
    with Timer() as timer:
        done = subprocess.run(command, capture_output=True, text=True, env=child_env())
    if done.returncode:
        raise RuntimeError(f"bare crawl failed: {done.stderr[-2000:]}")
    found = json.loads(done.stdout.strip().splitlines()[-1])
    return {
        **found,
        "seconds": round(timer.seconds, 3),
        "cpu_seconds": round(timer.cpu_seconds, 3),
        "server_requests": site.requests,
    }


def run_crosstally(site: SiteServer, root: Path, pages: int) -> tuple[Settings, dict]:
    """``crosstally run --sources-dir DIR bench-site``: the scheduled job as a user runs it
    (crawl in a child process, extraction of what it stores alongside, then reconciliation)."""
    sources = root / "sources"
    sources.mkdir()
    (sources / f"{SOURCE_ID}.yaml").write_text(source_file(site, pages), encoding="utf-8")
    data = root / "data"
    settings = Settings(
        data_dir=data, database_url=f"sqlite:///{data / 'crosstally.sqlite'}", sources_dir=sources
    )
    data.mkdir(parents=True, exist_ok=True)
    migrate.upgrade(settings.database_url)  # what `crosstally init` does, outside the timing
    command = [sys.executable, "-m", "crosstally", "--data-dir", str(data)]
    command += ["--database-url", settings.database_url, "run", "--sources-dir", str(sources)]
    command += [SOURCE_ID]
    site.reset_requests()
    with Timer() as timer:
        done = subprocess.run(command, capture_output=True, text=True, env=child_env())
    if done.returncode:
        raise RuntimeError(f"crosstally run failed: {done.stdout[-1000:]} {done.stderr[-2000:]}")
    warc_bytes = sum(p.stat().st_size for p in (data / "warc").glob("*"))
    return settings, {
        "seconds": round(timer.seconds, 3),
        "cpu_seconds": round(timer.cpu_seconds, 3),
        "server_requests": site.requests,
        "warc_bytes": warc_bytes,
        "crawl_seconds": _crawl_seconds(settings),
        "summary": done.stdout.strip().splitlines()[-1:],
    }


def _crawl_seconds(settings: Settings) -> float | None:
    """How long the crawl itself took (its crawl_run row), inside the run's wall time."""
    engine = make_engine(settings.database_url)
    with engine.connect() as connection:
        row = connection.execute(
            select(CrawlRun.started_at, CrawlRun.finished_at).where(CrawlRun.kind == "crawl")
        ).first()
    engine.dispose()
    if row is None or row.finished_at is None:
        return None
    return round((row.finished_at - row.started_at).total_seconds(), 3)


def stored_texts(settings: Settings) -> dict[str, Any]:
    engine = make_engine(settings.database_url)
    with engine.connect() as connection:
        texts = connection.execute(select(Document.language, Document.text)).all()
        captures = connection.scalar(select(func.count()).select_from(Capture))
        claims = connection.scalar(select(func.count()).select_from(Claim))
    engine.dispose()
    by_lang: dict[str, list[str]] = {}
    for lang, text in texts:
        by_lang.setdefault(lang or "en", []).append(text)
    return {"by_lang": by_lang, "documents": len(texts), "captures": captures, "claims": claims}


def bare_pipe(by_lang: dict[str, list[str]]) -> dict[str, Any]:
    """spacy.load + list(nlp.pipe(...)) per language, as step 3 loads and runs its models."""
    seconds: dict[str, float] = {}
    cpu = 0.0
    for lang, texts in sorted(by_lang.items()):
        with Timer() as timer:
            nlp = load_bare(lang)
            list(nlp.pipe(texts, batch_size=batch_size(lang)))
        seconds[lang] = round(timer.seconds, 3)
        cpu += timer.cpu_seconds
        del nlp
    return {
        "seconds_per_language": seconds,
        "seconds": round(sum(seconds.values()), 3),
        "cpu_seconds": round(cpu, 3),
    }


def run(sizes: Sizes) -> Outcome:
    from extract.pipeline import model_name

    items = list(articles(sizes.site_pages, sizes.seed + 2))
    with SiteServer(items) as site, scratch_dir("e2e") as root:
        bare_crawl = crawl_bare(site)
        settings, job = run_crosstally(site, root, len(items))
        stored = stored_texts(settings)
    pages = stored["documents"]
    if pages < 0.95 * len(items):
        raise RuntimeError(f"crosstally stored {pages} of {len(items)} pages")
    by_lang = stored.pop("by_lang")
    pipe = bare_pipe(by_lang)
    words = sum(word_count(texts) for texts in by_lang.values())
    e2e_pps = rate(pages, job["seconds"])
    pipe_pps = rate(pages, pipe["seconds"])
    bare_crawl_pps = rate(bare_crawl["pages"], bare_crawl["seconds"])
    crawl_pps = rate(pages, job["crawl_seconds"] or 0.0)
    raw = {
        "site_pages": len(items),
        "stored_documents": pages,
        "stored_words": words,
        "languages": {lang: len(texts) for lang, texts in by_lang.items()},
        "models": {lang: model_name(lang) for lang in by_lang},
        "crosstally": {
            "run": job,
            "seconds": job["seconds"],
            "pages_per_second": round(e2e_pps, 2),
            "crawl_pages_per_second": round(crawl_pps, 2),
            **stored,
        },
        "bare_scrapy": {**bare_crawl, "pages_per_second": round(bare_crawl_pps, 2)},
        "bare_nlp_pipe": {**pipe, "pages_per_second": round(pipe_pps, 2)},
        "crawl_ratio_vs_bare_scrapy": ratio(crawl_pps, bare_crawl_pps),
        # The same comparison in CPU seconds: crawl and extraction overlap on two cores, so
        # the wall-clock ratio above is what a user waits for, this one what the work costs.
        "cpu_ratio": ratio(pipe["cpu_seconds"], job["cpu_seconds"]),
        "core_share": round(pipe["cpu_seconds"] / pipe["seconds"], 3) if pipe["seconds"] else None,
        "concurrency_per_domain": CONCURRENCY,
        "scrapy_settings": barecrawl.settings(CONCURRENCY),
    }
    value = ratio(e2e_pps, pipe_pps)
    rows = [
        (
            f"end to end ({pages:,} pages)",
            f"{e2e_pps:.1f} pages/s (run {job['seconds']:.0f} s, its crawl "
            f"{job['crawl_seconds'] or 0:.0f} s) vs bare nlp.pipe {pipe_pps:.1f} pages/s = "
            f"{value}x",
        ),
        (
            "end to end, CPU",
            f"{job['cpu_seconds']:.0f} s vs bare nlp.pipe {pipe['cpu_seconds']:.0f} s = "
            f"{raw['cpu_ratio']}x",
        ),
        (
            "crawl vs bare Scrapy",
            f"{crawl_pps:.1f} vs {bare_crawl_pps:.1f} pages/s = "
            f"{raw['crawl_ratio_vs_bare_scrapy']}x",
        ),
    ]
    return Outcome("end_to_end", {"end_to_end_ratio": value}, raw, rows)
