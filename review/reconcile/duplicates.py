"""Near-duplicate documents: MinHash signatures banded for candidates, stored as links.

Wire copy republished by several outlets is one report, not several. Each document that carries
a current count is signed once (:mod:`review.reconcile.signing`: a datasketch MinHash over word
4-shingles of its opening words, stored in ``document_signature``); new signatures are looked up
in a banded index of all of them, and each pair found becomes a :class:`DocumentLink`:
``syndicated`` from an estimated Jaccard similarity of 0.9, ``near_duplicate`` from 0.5.

32 permutations in 8 bands of 4 rows keep the index small for a million-claim archive. With
these bands a pair at similarity 0.9 is found with probability > 0.999, at 0.7 with 0.89 and at
0.5 with 0.40: syndicated copies are always linked, loosely similar texts sometimes.

The index is datasketch's ``MinHashLSH`` banding (a candidate shares all rows of at least one
band; the estimate is the share of equal hash values) done on the stored bytes themselves: a
band is a slice of the little-endian signature, so a million-claim archive's few hundred
thousand signatures are bucketed without building a sketch object or hashing a band per
document, and the candidates and estimates are the ones ``MinHashLSH`` gives.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

import numpy as np
from sqlalchemy import select, true
from sqlalchemy.orm import Session

from models import Document, DocumentLink, DocumentSignature
from review.reconcile.signing import DTYPE, NUM_PERM, sign_new_documents

LSH_BANDS = (8, 4)  # bands x rows = NUM_PERM
NEAR_DUPLICATE = 0.5  # estimated Jaccard from which two texts are linked at all
SYNDICATED = 0.9  # ... and from which they are the same copy
CHUNK = 1000


@dataclass(frozen=True)
class LinkStats:
    hashed: int
    linked: int


def link_near_duplicates(session: Session) -> LinkStats:
    """Sign documents not yet signed, then link each new one to the documents it shares a band
    with that are near-duplicates."""
    new = sign_new_documents(session)
    if not new:
        return LinkStats(0, 0)

    signed = {doc_id: values for doc_id, values in new.items() if values}
    new_ids = sorted(signed)
    old = session.connection().execute(
        select(DocumentSignature.document_id, DocumentSignature.hashvalues).where(
            DocumentSignature.num_perm == NUM_PERM,
            DocumentSignature.document_id.not_in(sorted(new)) if len(new) < 1000 else true(),
        )
    )
    for doc_id, values in old:
        if doc_id not in new:  # signed on an earlier run
            signed[doc_id] = values
    buckets = _buckets(signed)
    existing = set(session.execute(select(DocumentLink.document_id, DocumentLink.other_id)))
    links: dict[tuple[int, int], float] = {}
    for doc_id in new_ids:
        values = signed[doc_id]
        found = set()
        for table, band in zip(buckets, _bands(values), strict=True):
            found.update(table[band])
        for other in found:
            pair = (min(doc_id, other), max(doc_id, other))
            if other == doc_id or pair in existing or pair in links:
                continue
            similarity = _jaccard(values, signed[other])
            if similarity >= NEAR_DUPLICATE:
                links[pair] = similarity
    # Versions of one page are not syndication; the crawler chains them already.
    canonical = _canonical_urls(session, sorted({d for pair in links for d in pair}))
    rows = [
        {
            "document_id": a,
            "other_id": b,
            "kind": "syndicated" if sim >= SYNDICATED else "near_duplicate",
            "similarity": round(sim, 4),
            "created_at": datetime.now(UTC),
        }
        for (a, b), sim in sorted(links.items())
        if canonical[a] != canonical[b]
    ]
    if rows:
        session.connection().execute(DocumentLink.__table__.insert(), rows)
    return LinkStats(len(new), len(rows))


def _bands(values: bytes) -> list[bytes]:
    """A signature's bands: consecutive runs of rows of its stored little-endian values."""
    width = LSH_BANDS[1] * np.dtype(DTYPE).itemsize
    return [values[k * width : (k + 1) * width] for k in range(LSH_BANDS[0])]


def _buckets(signed: dict[int, bytes]) -> list[dict[bytes, list[int]]]:
    """Per band, the documents whose signatures have each value of it."""
    buckets: list[dict[bytes, list[int]]] = [{} for _ in range(LSH_BANDS[0])]
    for doc_id, values in signed.items():
        for table, band in zip(buckets, _bands(values), strict=True):
            table.setdefault(band, []).append(doc_id)
    return buckets


def _jaccard(one: bytes, other: bytes) -> float:
    """The estimated Jaccard similarity: the share of hash values two signatures share."""
    a, b = np.frombuffer(one, dtype=DTYPE), np.frombuffer(other, dtype=DTYPE)
    return float(np.count_nonzero(a == b)) / float(NUM_PERM)


def _canonical_urls(session: Session, ids: list[int]) -> dict[int, str]:
    urls: dict[int, str] = {}
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        rows = session.connection().execute(
            select(Document.id, Document.canonical_url).where(Document.id.in_(chunk))
        )
        urls.update((doc_id, url) for doc_id, url in rows)
    return urls
