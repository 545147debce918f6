"""MinHash signatures of new documents, computed in worker processes when there are many.

Signing is pure CPU work per document (shingle the opening words, hash, take minima), so a large
first run spreads it over the machine's cores: the main process reads texts in chunks and writes
signatures, forked workers compute them. Small runs (tests, a daily crawl) stay in-process.
"""

from __future__ import annotations

import os
import re
import zlib
from collections import deque
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from datetime import UTC, datetime
from multiprocessing import get_context

from datasketch import MinHash
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from models import Claim, Document, DocumentSignature

NUM_PERM = 32
SEED = 1  # datasketch's default; sketches compare only under the same seed and scheme
HASHFUNC = zlib.crc32  # C speed; datasketch's affine permutations make the 32 functions from it
SCHEME = "affine32"  # stored hash values are uint32; the scheme is not in them, so fix it here
DTYPE = "<u4"
SHINGLE_WORDS = 4
MAX_WORDS = 80
MAX_CHARS = MAX_WORDS * 12  # enough text for MAX_WORDS words; read no more than that
MIN_WORDS = 12  # shorter texts are boilerplate-sized; their shingles match by chance
CHUNK = 1000
PARALLEL_FROM = 5_000  # documents; below this, starting processes costs more than it saves
MAX_WORKERS = 4
_WORD = re.compile(r"\w+")


def shingles(text: str) -> set[bytes]:
    """Word 4-grams of the opening words, case-folded (empty when too short to compare).

    Accents are kept: copies of one wire text have the same ones, and folding them costs more
    than all the hashing.
    """
    words = _WORD.findall(text[:MAX_CHARS].casefold())[:MAX_WORDS]
    if len(words) < MIN_WORDS:
        return set()
    grams = zip(*(words[i:] for i in range(SHINGLE_WORDS)), strict=False)
    return {" ".join(gram).encode() for gram in grams}


def signatures(texts: list[str]) -> list[bytes]:
    """Hash values per text as little-endian uint32 bytes; ``b""`` for a text too short.

    One MinHash is cleared and refilled per text: ``MinHash.bulk`` copies a fresh one per item,
    and rebuilding its permutations costs more than hashing a text's shingles.
    """
    sketch = MinHash(NUM_PERM, seed=SEED, scheme=SCHEME, hashfunc=HASHFUNC)
    out = []
    for text in texts:
        grams = shingles(text or "")
        if not grams:
            out.append(b"")
            continue
        sketch.clear()
        sketch.update_batch(grams)
        out.append(sketch.hashvalues.astype(DTYPE).tobytes())
    return out


def sign_new_documents(session: Session) -> dict[int, bytes]:
    """Sign every document with a current count and no signature yet; return the new ones."""
    pending = [
        doc_id
        for (doc_id,) in session.connection().execute(
            select(Document.id)
            .outerjoin(DocumentSignature, DocumentSignature.document_id == Document.id)
            .where(
                DocumentSignature.document_id.is_(None),
                # Only documents that carry a current count matter for independence.
                Document.id.in_(
                    select(Claim.document_id).where(
                        Claim.kind == "count", Claim.superseded.is_(False)
                    )
                ),
            )
            .order_by(Document.id)
        )
    ]
    signed: dict[int, bytes] = {}
    created = datetime.now(UTC)
    for ids, digests, values in _computed(session, pending):
        rows = [
            {
                "document_id": doc_id,
                "text_sha256": digest,
                # num_perm 0 marks a text too short to compare: signed, never linked.
                "num_perm": NUM_PERM if value else 0,
                "hashvalues": value,
                "created_at": created,
            }
            for doc_id, digest, value in zip(ids, digests, values, strict=True)
        ]
        session.connection().execute(DocumentSignature.__table__.insert(), rows)
        signed.update(zip(ids, values, strict=True))
    return signed


def _texts(session: Session, pending: list[int]) -> Iterator[tuple[list[int], list, list[str]]]:
    for start in range(0, len(pending), CHUNK):
        chunk = pending[start : start + CHUNK]
        rows = session.connection().execute(
            select(Document.id, Document.text_sha256, func.substr(Document.text, 1, MAX_CHARS))
            .where(Document.id.in_(chunk))
            .order_by(Document.id)
        )
        ids, digests, texts = [], [], []
        for doc_id, digest, text in rows:
            ids.append(doc_id)
            digests.append(digest)
            texts.append(text)
        yield ids, digests, texts


def _computed(session: Session, pending: list[int]) -> Iterator[tuple[list, list, list[bytes]]]:
    workers = min(MAX_WORKERS, os.cpu_count() or 1)
    if len(pending) < PARALLEL_FROM or workers < 2:
        for ids, digests, texts in _texts(session, pending):
            yield ids, digests, signatures(texts)
        return
    # Forked workers run only the pure function above; they never touch the database.
    with ProcessPoolExecutor(workers, mp_context=get_context("fork")) as pool:
        in_flight: deque[tuple[list, list, Future]] = deque()
        for ids, digests, texts in _texts(session, pending):
            in_flight.append((ids, digests, pool.submit(signatures, texts)))
            if len(in_flight) > 2 * workers:  # bounded: texts are not all held at once
                ids_, digests_, future = in_flight.popleft()
                yield ids_, digests_, future.result()
        while in_flight:
            ids_, digests_, future = in_flight.popleft()
            yield ids_, digests_, future.result()
