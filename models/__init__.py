"""SQLAlchemy 2 models: one module per domain area, one metadata for Alembic."""

from models.accounts import AppSession, User
from models.base import Base
from models.claims import Claim, Evidence, Person, PersonMention, ReviewDecision
from models.documents import Capture, Document, DocumentLink, Extraction
from models.reconcile import CheckClaim, ClaimFact, ReconcileCheck, ReconcileRow
from models.signatures import DocumentSignature
from models.sources import CrawlError, CrawlRun, Source

__all__ = [
    "AppSession",
    "Base",
    "Capture",
    "CheckClaim",
    "Claim",
    "ClaimFact",
    "CrawlError",
    "CrawlRun",
    "Document",
    "DocumentLink",
    "DocumentSignature",
    "Evidence",
    "Extraction",
    "Person",
    "PersonMention",
    "ReconcileCheck",
    "ReconcileRow",
    "ReviewDecision",
    "Source",
    "User",
]
