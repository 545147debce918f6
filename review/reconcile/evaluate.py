"""`python -m review.reconcile.evaluate`: are reconciliation's flags right on story clusters?

A cluster is one story told by several publishers (``tests/reconcile/clusters/``:
``documents.<PART>.jsonl`` and ``gold.<PART>.jsonl``, format in that directory's README). Each
cluster is stored in a database of its own exactly as a crawl stores pages (a source per
publisher, a capture per document), extracted by the real extractor, linked for syndication
and reconciled; its checks are then compared with the flags a careful analyst raised.

Figures, defined so (issue 11):

* a *flag* is a check whose status is ``conflict``, ``mismatch`` or ``decrease``;
* *flag recall*: expected flags for which one flag holds all their values;
* *flag precision*: flags that hold all the values of some expected flag, over all flags;
* *compatible pairs flagged*: gold pairs of figures that must not be flagged whose values
  both stand in one flag, over all such pairs.

A value is held by a flag when one of the flag's claims has that value and comes from that
document (a gold value without ``doc`` matches any document of the cluster).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from review.reconcile.diagnosis import Diagnosis, holds

REPO_ROOT = Path(__file__).resolve().parents[2]
CLUSTERS_DIR = REPO_ROOT / "tests" / "reconcile" / "clusters"
FLAG_STATUSES = frozenset({"conflict", "mismatch", "decrease"})
FETCHED = datetime(2026, 1, 1, tzinfo=UTC)
# The set's "kind" of publisher -> the source kinds crosstally knows.
_KINDS = {"ngo": "ngo", "news": "news", "government": "official", "official": "official"}


class ClusterSetError(RuntimeError):
    """The cluster files are missing or malformed."""


@dataclass(frozen=True)
class Flag:
    kind: str
    status: str
    values: frozenset[tuple[str, int]]
    detail: str


@dataclass
class ClusterScore:
    cluster: str
    expected: int = 0
    recalled: int = 0
    flags: int = 0
    matching: int = 0
    pairs: int = 0
    pairs_flagged: int = 0
    missed: list[dict[str, Any]] = field(default_factory=list)
    false: list[Flag] = field(default_factory=list)
    flagged_pairs: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class Totals:
    clusters: list[ClusterScore] = field(default_factory=list)

    def _sum(self, name: str) -> int:
        return sum(getattr(c, name) for c in self.clusters)

    @property
    def flag_recall(self) -> float:
        expected = self._sum("expected")
        return self._sum("recalled") / expected if expected else 1.0

    @property
    def flag_precision(self) -> float:
        flags = self._sum("flags")
        return self._sum("matching") / flags if flags else 1.0

    @property
    def compatible_flagged(self) -> float:
        pairs = self._sum("pairs")
        return self._sum("pairs_flagged") / pairs if pairs else 0.0

    def metrics(self) -> dict[str, float]:
        return {
            "flag_recall": round(self.flag_recall, 3),
            "flag_precision": round(self.flag_precision, 3),
            "compatible_flagged": round(self.compatible_flagged, 3),
        }

    def summary(self) -> str:
        return (
            f"clusters={len(self.clusters)} flags={self._sum('flags')} "
            f"expected={self._sum('expected')} flag_recall={self.flag_recall:.3f} "
            f"flag_precision={self.flag_precision:.3f} "
            f"compatible_flagged={self.compatible_flagged:.3f} "
            f"({self._sum('pairs_flagged')}/{self._sum('pairs')})"
        )


def _read_jsonl(path: Path) -> list[dict[str, Any]]:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as error:
        raise ClusterSetError(f"{path}: cannot be read ({error.strerror})") from error
    rows = []
    for number, line in enumerate(lines, 1):
        if line.strip():
            try:
                rows.append(json.loads(line))
            except json.JSONDecodeError as error:
                raise ClusterSetError(f"{path}:{number}: not JSON ({error.msg})") from error
    return rows


def load_part(directory: Path, part: str) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    docs = _read_jsonl(directory / f"documents.{part}.jsonl")
    gold = _read_jsonl(directory / f"gold.{part}.jsonl")
    return docs, gold


def parts_in(directory: Path) -> list[str]:
    return sorted(
        p.name.removeprefix("documents.").removesuffix(".jsonl")
        for p in directory.glob("documents.*.jsonl")
        if (directory / p.name.replace("documents.", "gold.", 1)).exists()
    )


# -- storing a cluster as a crawl would --


def _sha(data: str) -> str:
    return hashlib.sha256(data.encode("utf-8")).hexdigest()


def _source_id(publisher: str) -> str:
    return "p-" + _sha(publisher)[:12]


def store_cluster(session: Session, docs: Iterable[dict[str, Any]]) -> dict[int, str]:
    """Sources, captures and documents for a cluster's texts; database id -> gold doc id."""
    from models import Capture, Document, Source

    ids: dict[int, str] = {}
    for number, doc in enumerate(docs, 1):
        publisher = str(doc.get("publisher") or "unknown publisher")
        source_id = _source_id(publisher)
        if session.get(Source, source_id) is None:
            session.add(
                Source(
                    id=source_id,
                    name=publisher,
                    kind=_KINDS.get(str(doc.get("kind")), "news"),
                    publisher=publisher,
                    role=str(doc.get("role") or "secondary"),
                    home_url=f"https://{source_id}.example/",
                )
            )
            session.flush()
        url = str(doc.get("url") or f"https://{source_id}.example/{number}")
        text = str(doc["text"])
        capture = Capture(
            source_id=source_id,
            url=url,
            http_status=200,
            content_type="text/html",
            fetched_at=FETCHED,
            warc_path="eval/none.warc.gz",
            warc_offset=number,
            warc_length=len(text),
            record_id=f"<urn:eval:{number}>",
            payload_sha256=_sha(text),
        )
        session.add(capture)
        session.flush()
        document = Document(
            source_id=source_id,
            url=url,
            canonical_url=url,
            final_url=url,
            http_status=200,
            fetched_at=FETCHED,
            published_at=doc.get("published") or None,
            published_source="meta" if doc.get("published") else "none",
            found_via="start_url",
            title=doc.get("title"),
            language=doc.get("lang"),
            language_source="declared",
            text=text,
            text_sha256=_sha(text),
            capture_id=capture.id,
        )
        session.add(document)
        session.flush()
        ids[document.id] = str(doc["id"])
    return ids


@dataclass(frozen=True)
class ClusterRun:
    """One cluster reconciled: its flags, the engine's result and the set's document ids."""

    flags: list[Flag]
    result: Any  # review.reconcile.result.ReconcileResult
    doc_ids: dict[int, str]  # database document id -> the set's document id


def reconcile_cluster(docs: list[dict[str, Any]], workdir: Path) -> ClusterRun:
    """Store, extract, link and reconcile one cluster in a new SQLite database."""
    from crosstally import migrate
    from crosstally.config import Settings
    from crosstally.db import make_sessionmaker
    from extract.pending import process_pending
    from extract.runtime import extractor_function
    from extract.version import extractor_version
    from models import Claim
    from review.reconcile import reconcile

    workdir.mkdir(parents=True, exist_ok=True)
    url = f"sqlite:///{workdir / 'crosstally.sqlite'}"
    migrate.upgrade(url)
    factory = make_sessionmaker(
        Settings(data_dir=workdir, database_url=url, sources_dir=workdir / "sources")
    )
    with factory() as session, session.begin():
        ids = store_cluster(session, docs)
    process_pending(factory, extractor_function(), extractor_version(), batch_size=64)
    with factory() as session, session.begin():
        result = reconcile(session)
        values = dict(session.execute(select(Claim.id, Claim.value)).all())
        documents = dict(session.execute(select(Claim.id, Claim.document_id)).all())
    flags = [
        Flag(
            check.kind,
            check.status,
            frozenset(
                (ids[documents[cid]], int(values[cid]))
                for cid in check.claim_ids
                if cid in values and values[cid] is not None
            ),
            check.detail,
        )
        for check in result.checks
        if check.status in FLAG_STATUSES
    ]
    return ClusterRun(flags, result, ids)


def score_cluster(cluster: str, flags: list[Flag], gold: dict[str, Any]) -> ClusterScore:
    expected = gold.get("flags") or []
    compatible = gold.get("compatible") or []
    score = ClusterScore(cluster, expected=len(expected), flags=len(flags), pairs=len(compatible))
    for item in expected:
        if any(holds(flag, item["values"]) for flag in flags):
            score.recalled += 1
        else:
            score.missed.append(item)
    for flag in flags:
        if any(holds(flag, item["values"]) for item in expected):
            score.matching += 1
        else:
            score.false.append(flag)
    for pair in compatible:
        if any(holds(flag, pair["values"]) for flag in flags):
            score.pairs_flagged += 1
            score.flagged_pairs.append(pair)
    return score


def evaluate_part(
    directory: Path, part: str, *, errors: bool = False, diagnosis: Diagnosis | None = None
) -> Totals:
    docs, gold = load_part(directory, part)
    by_cluster: dict[str, list[dict[str, Any]]] = {}
    for doc in docs:
        by_cluster.setdefault(str(doc["cluster"]), []).append(doc)
    totals = Totals()
    with tempfile.TemporaryDirectory(prefix="crosstally-clusters-") as tmp:
        for answer in gold:
            cluster = str(answer["cluster"])
            if cluster not in by_cluster:
                raise ClusterSetError(f"{part}: cluster {cluster} has answers but no documents")
            run = reconcile_cluster(by_cluster[cluster], Path(tmp) / cluster)
            score = score_cluster(cluster, run.flags, answer)
            totals.clusters.append(score)
            if diagnosis is not None:
                diagnosis.add(run, answer)
            if errors:
                _print_errors(score)
    return totals


def _print_errors(score: ClusterScore) -> None:
    for item in score.missed:
        print(f"  {score.cluster} MISSED {item.get('kind')}: {_values(item['values'])}")
    for flag in score.false:
        print(f"  {score.cluster} FALSE {flag.status} ({flag.kind}): {flag.detail}")
    for pair in score.flagged_pairs:
        print(f"  {score.cluster} PAIR FLAGGED: {_values(pair['values'])} ({pair.get('why')})")


def _values(items: list[dict[str, Any]]) -> str:
    return ", ".join(f"{i.get('doc', '*')}:{i['value']}" for i in items)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--dir", default=str(CLUSTERS_DIR), help="cluster set directory")
    parser.add_argument("--part", action="append", help="parts to score (default: all)")
    parser.add_argument("--errors", action="store_true", help="list missed and false flags")
    parser.add_argument(
        "--diagnose",
        action="store_true",
        help="count why flags were missed or false, per part, without naming a cluster",
    )
    parser.add_argument("--json", dest="json_out", help="write the per-part metrics here")
    args = parser.parse_args(argv)
    directory = Path(args.dir)
    try:
        parts = args.part or parts_in(directory)
        if not parts:
            raise ClusterSetError(f"no documents.*.jsonl with a gold file in {directory}")
        metrics = {}
        for part in parts:
            diagnosis = Diagnosis() if args.diagnose else None
            totals = evaluate_part(directory, part, errors=args.errors, diagnosis=diagnosis)
            metrics[part] = totals.metrics()
            print(f"reconcile {part}: {totals.summary()}")
            if diagnosis is not None:
                print(diagnosis.report())
    except ClusterSetError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    if args.json_out:
        Path(args.json_out).write_text(json.dumps(metrics, indent=2, sort_keys=True) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
