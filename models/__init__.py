"""SQLAlchemy 2 models: one module per domain area, one metadata for Alembic."""

from models.base import Base
from models.claims import Claim, Evidence, Person, PersonMention, ReviewDecision, User
from models.documents import Capture, Document, DocumentLink, Extraction
from models.signatures import DocumentSignature
from models.sources import CrawlError, CrawlRun, Source

__all__ = [
    "Base",
    "Capture",
    "Claim",
    "CrawlError",
    "CrawlRun",
    "Document",
    "DocumentLink",
    "DocumentSignature",
    "Evidence",
    "Extraction",
    "Person",
    "PersonMention",
    "ReviewDecision",
    "Source",
    "User",
]
