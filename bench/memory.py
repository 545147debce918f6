"""Benchmark 5: peak RSS, and RSS growth between document 2,000 and 10,000 of one long run.

Why: ``crosstally extract --pending`` and the crawl-then-extract loop run for hours in one
process; spaCy's string store, per-document caches and result objects must not accumulate
(the target is ≤ 10% RSS growth from document 2,000 to 10,000). The run happens in a fresh
child process (``python -m bench.memory``) so that nothing the benchmark driver loaded counts,
and reads ``/proc/self/status`` (VmRSS, VmHWM) every few hundred documents, each time after
trimming the C heap (see :func:`trim_heap`; the untrimmed samples and the high-water mark's
growth are kept in the raw figures too). RSS does not
depend on CPU contention, so the CLI runs this child while it seeds the reconciliation
databases (untimed work) and saves a few minutes of the suite's budget.

The documents are the generator's short news briefs (two paragraphs, about 60 words; names,
figures, agencies and dates as varied as in full articles): 10,000 full articles would take
five minutes of the suite's budget, and what could leak (new strings, cache entries, results)
grows per document and per distinct name or figure, which briefs have as many of as articles.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from typing import Any

from bench.common import Outcome, Sizes, Timer, child_env, mib, peak_rss_bytes, rss_bytes

SAMPLES = 20


def trim_heap() -> bool:
    """Give the C allocator's free pages back to the system before RSS is read.

    Why: glibc keeps freed arenas mapped; between chunks (each freed as its memory zone exits)
    RSS read as-is swung between 243 and 265 MiB from one sample to the next in the same run,
    whatever the code did, so a growth figure from two such samples was luck. Trimmed, a
    sample is what the process still holds. Returns False where there is no glibc."""
    import ctypes
    import ctypes.util

    name = ctypes.util.find_library("c")
    try:
        return bool(ctypes.CDLL(name).malloc_trim(0)) if name else False
    except (OSError, AttributeError):
        return False


def measure(docs: int, checkpoint: int, seed: int) -> dict[str, Any]:
    """The child's work: extract ``docs`` briefs in one ``extract_many`` stream."""
    from bench.extraction import input_docs
    from bench.generate import articles, word_count
    from extract import Extractor
    from extract.pipeline import load_pipeline

    before_load = rss_bytes()
    extractor = Extractor(["en", "es"])
    for lang in ("en", "es"):
        load_pipeline(lang)
    after_load = rss_bytes()
    every = max(1, docs // SAMPLES)
    marks = {checkpoint, docs} | set(range(every, docs + 1, every))
    samples: list[tuple[int, int]] = []
    untrimmed_samples: list[tuple[int, int]] = []
    peaks: list[tuple[int, int]] = []
    words = 0

    def stream() -> Any:
        nonlocal words
        for item in articles(docs, seed, brief=True):
            words += word_count([item.text])
            yield input_docs([item])[0]

    done = 0
    with Timer() as timer:
        for result in extractor.extract_many(stream()):
            result.to_json()
            done += 1
            if done in marks:
                untrimmed = rss_bytes()
                trim_heap()
                samples.append((done, rss_bytes()))
                untrimmed_samples.append((done, untrimmed))
                peaks.append((done, peak_rss_bytes()))
    at = dict(samples)
    return {
        "documents": done,
        "words": words,
        "seconds": round(timer.seconds, 2),
        "checkpoint": checkpoint,
        "rss_before_load": before_load,
        "rss_after_load": after_load,
        "rss_at_checkpoint": at[checkpoint],
        "rss_at_end": at[docs],
        "peak_rss": peak_rss_bytes(),
        "peak_rss_at_checkpoint": dict(peaks)[checkpoint],
        "heap_trimmed": trim_heap(),
        "samples": samples,
        "untrimmed_samples": untrimmed_samples,
    }


class MemoryRun:
    """The child process, started now and read later (the CLI overlaps it with untimed work)."""

    def __init__(self, sizes: Sizes) -> None:
        command = [
            sys.executable,
            "-m",
            "bench.memory",
            str(sizes.memory_docs),
            str(sizes.memory_checkpoint),
            str(sizes.seed),
        ]
        self.started = time.perf_counter()
        self.process = subprocess.Popen(
            command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=child_env()
        )

    def finish(self, overlapped_with: str | None = None) -> Outcome:
        stdout, stderr = self.process.communicate()
        seconds = time.perf_counter() - self.started
        if self.process.returncode:
            raise RuntimeError(f"memory run failed: {stderr[-2000:]}")
        found = json.loads(stdout.strip().splitlines()[-1])
        found["process_seconds"] = round(seconds, 2)
        found["overlapped_with"] = overlapped_with
        growth = (found["rss_at_end"] - found["rss_at_checkpoint"]) / found["rss_at_checkpoint"]
        found["rss_growth"] = round(growth, 4)
        peak_growth = (found["peak_rss"] - found["peak_rss_at_checkpoint"]) / found[
            "peak_rss_at_checkpoint"
        ]
        found["peak_rss_growth"] = round(peak_growth, 4)
        rows = [
            (
                "peak RSS (extraction)",
                f"{mib(found['peak_rss'])} (after loading models: {mib(found['rss_after_load'])})",
            ),
            (
                f"RSS doc {found['checkpoint']:,} -> {found['documents']:,}",
                f"{mib(found['rss_at_checkpoint'])} -> {mib(found['rss_at_end'])} "
                f"({growth:+.1%}) in {found['seconds']:.0f} s"
                + ("" if found["heap_trimmed"] else " (heap not trimmed: no glibc)"),
            ),
            (
                "peak RSS by doc 2,000 -> end",
                f"{mib(found['peak_rss_at_checkpoint'])} -> {mib(found['peak_rss'])} "
                f"({peak_growth:+.1%})",
            ),
        ]
        return Outcome("memory", {"rss_growth": round(growth, 4)}, found, rows)


def run(sizes: Sizes) -> Outcome:
    return MemoryRun(sizes).finish()


if __name__ == "__main__":
    import warnings

    warnings.simplefilter("ignore")
    docs, checkpoint, seed = (int(a) for a in sys.argv[1:4])
    print(json.dumps(measure(docs, checkpoint, seed)))
