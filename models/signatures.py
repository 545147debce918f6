"""MinHash signatures of document texts, kept so near-duplicate detection stays incremental.

The reconciler links syndicated copies with datasketch's MinHashLSH; hashing every text again on
each run would dominate its cost on a large archive, so each document's signature is stored once
(keyed by the text digest it was computed from) and only new documents are hashed.
"""

from __future__ import annotations

from sqlalchemy import ForeignKey, LargeBinary
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, created, sha256


class DocumentSignature(Base):
    __tablename__ = "document_signature"

    document_id: Mapped[int] = mapped_column(ForeignKey("document.id"), primary_key=True)
    text_sha256: Mapped[sha256]
    num_perm: Mapped[int]
    # datasketch affine32 hash values: little-endian uint32 bytes (num_perm * 4 bytes).
    hashvalues: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[created]
