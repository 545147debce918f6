"""`python -m extract.evaluate`: score the extractor on the annotated corpus, per language.

Runs the extractor over the corpus (``dev`` and ``seed``), splits predictions and gold by
language, and runs the shared scorer (``eval/score.py`` next to the corpus directory) on each
language as a subprocess, so the figures are exactly the scorer's. Prints each language's
summary line; ``--json OUT`` writes ``{"en": {"counts_f1": ..., ...}, "es": {...}}``.

The corpus directory is ``--corpus``, else env ``CROSSTALLY_CORPUS_DIR``, else
``../shared/corpus`` relative to the repository root.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from extract.partialdate import as_day, parse_partial

REPO_ROOT = Path(__file__).resolve().parent.parent
CORPUS_ENV = "CROSSTALLY_CORPUS_DIR"
SCORER_ENV = "CROSSTALLY_SCORER"
SPLITS = ("dev", "seed")
# Invented documents annotated without looking at the extractor: a check on over-fitting.
HELDOUT_DIR = REPO_ROOT / "tests" / "extract" / "heldout"
# Documents written from the facts of real public pages, per part: A parts are read while
# debugging, B parts are blind (scored only). See that directory's README.
REALPROSE_DIR = REPO_ROOT / "tests" / "extract" / "realprose"


def realprose_parts(directory: Path = REALPROSE_DIR) -> list[str]:
    """Part names ("en-A", ...) that have both a text file and a gold file."""
    return sorted(
        path.name.removeprefix("realprose.").removesuffix(".gold.jsonl")
        for path in directory.glob("realprose.*.gold.jsonl")
        if (directory / path.name.replace(".gold.jsonl", ".jsonl")).exists()
    )


def evaluate_realprose(
    scorer: Path, directory: Path = REALPROSE_DIR
) -> tuple[dict[str, dict[str, float]], dict[str, str]]:
    """Metrics and summary line per real-prose part (each part is one language)."""
    metrics: dict[str, dict[str, float]] = {}
    lines: dict[str, str] = {}
    for part in realprose_parts(directory):
        part_metrics, part_lines = evaluate(directory, splits=(f"realprose.{part}",), scorer=scorer)
        for lang, line in part_lines.items():
            metrics[part] = part_metrics[lang]
            lines[part] = line
    return metrics, lines


class CorpusError(RuntimeError):
    """The corpus or the scorer cannot be found or read."""


def corpus_dir(given: str | Path | None = None) -> Path:
    path = Path(given or os.environ.get(CORPUS_ENV) or REPO_ROOT.parent / "shared" / "corpus")
    return path.resolve()


def scorer_path(corpus: Path) -> Path:
    return Path(os.environ.get(SCORER_ENV) or corpus.parent / "eval" / "score.py")


def _read_jsonl(path: Path) -> list[dict[str, object]]:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as error:
        raise CorpusError(f"{path}: cannot be read ({error.strerror})") from error
    return [json.loads(line) for line in lines if line.strip()]


def load_corpus(
    corpus: Path, splits: Sequence[str] = SPLITS
) -> tuple[list[dict[str, object]], list[dict[str, object]]]:
    """(documents, gold answers) of every split present; an error if there are none."""
    docs: list[dict[str, object]] = []
    gold: list[dict[str, object]] = []
    for split in splits:
        text_file, gold_file = corpus / f"{split}.jsonl", corpus / f"{split}.gold.jsonl"
        if text_file.exists() and gold_file.exists():
            docs += _read_jsonl(text_file)
            gold += _read_jsonl(gold_file)
    if not docs:
        raise CorpusError(
            f"no corpus in {corpus} (expected dev.jsonl and dev.gold.jsonl; "
            f"set --corpus or {CORPUS_ENV})"
        )
    return docs, gold


def _published(value: object) -> date | str | None:
    partial = parse_partial(str(value)) if value else None
    return as_day(partial) or partial


def predict(docs: list[dict[str, object]]) -> list[dict[str, object]]:
    from extract.pipeline import Extractor
    from extract.result import InputDoc

    inputs = [
        InputDoc(
            id=str(d["id"]),
            text=str(d["text"]),
            lang=str(d["lang"]) if d.get("lang") else None,
            published=_published(d.get("published")),
            url=str(d["url"]) if d.get("url") else None,
        )
        for d in docs
    ]
    return [result.to_json() for result in Extractor().extract_many(inputs)]


def score(gold: list[dict[str, object]], pred: list[dict[str, object]], scorer: Path) -> str:
    """The scorer's output for one language (its last line is the summary)."""
    if not scorer.exists():
        raise CorpusError(f"scorer not found: {scorer} (set {SCORER_ENV})")
    with tempfile.TemporaryDirectory() as tmp:
        gold_file, pred_file = Path(tmp) / "gold.jsonl", Path(tmp) / "pred.jsonl"
        for path, rows in ((gold_file, gold), (pred_file, pred)):
            path.write_text(
                "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8"
            )
        done = subprocess.run(
            [sys.executable, str(scorer), "--gold", str(gold_file), "--pred", str(pred_file)],
            capture_output=True,
            text=True,
            check=False,
        )
    if done.returncode != 0:
        raise CorpusError(f"scorer failed: {done.stderr.strip() or done.stdout.strip()}")
    return done.stdout


def parse_summary(output: str) -> dict[str, float]:
    """ "counts_f1=0.945 arrests_f1=0.852 ..." -> {"counts_f1": 0.945, ...}."""
    last = output.strip().splitlines()[-1]
    return {key: float(value) for key, value in (item.split("=") for item in last.split())}


def evaluate(
    corpus: str | Path | None = None,
    *,
    splits: Sequence[str] = SPLITS,
    scorer: Path | None = None,
) -> tuple[dict[str, dict[str, float]], dict[str, str]]:
    """Per-language metrics and the scorer's summary lines."""
    root = corpus_dir(corpus)
    docs, gold = load_corpus(root, splits)
    predictions = {str(p["id"]): p for p in predict(docs)}
    language = {
        str(d["id"]): str(d.get("lang") or predictions[str(d["id"])]["language"]) for d in docs
    }
    metrics: dict[str, dict[str, float]] = {}
    lines: dict[str, str] = {}
    for lang in sorted(set(language.values())):
        lang_gold = [g for g in gold if language.get(str(g["id"])) == lang]
        lang_pred = [p for doc_id, p in predictions.items() if language[doc_id] == lang]
        output = score(lang_gold, lang_pred, scorer or scorer_path(root))
        lines[lang] = output.strip().splitlines()[-1]
        metrics[lang] = parse_summary(output)
    return metrics, lines


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--corpus", help=f"corpus directory (env {CORPUS_ENV})")
    parser.add_argument("--json", dest="json_out", help="write the per-language metrics here")
    parser.add_argument(
        "--heldout",
        action="store_true",
        help=f"also score the project's own held-out documents ({HELDOUT_DIR})",
    )
    parser.add_argument(
        "--realprose",
        action="store_true",
        help=f"also score the real-prose parts, one line each ({REALPROSE_DIR})",
    )
    args = parser.parse_args(argv)
    try:
        metrics, lines = evaluate(args.corpus)
        for lang, line in lines.items():
            print(f"{lang}: {line}")
        scorer = scorer_path(corpus_dir(args.corpus))
        if args.heldout:
            _, held = evaluate(HELDOUT_DIR, splits=("heldout",), scorer=scorer)
            for lang, line in held.items():
                print(f"heldout {lang}: {line}")
        if args.realprose:
            _, prose = evaluate_realprose(scorer)
            for part, line in prose.items():
                print(f"realprose {part}: {line}")
    except CorpusError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    if args.json_out:
        Path(args.json_out).write_text(json.dumps(metrics, indent=2, sort_keys=True) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
