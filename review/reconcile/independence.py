"""Who asserted a figure first, and which documents stand for one another.

Five outlets repeating one NGO's figure are one assertion with five reports, not five
confirmations. Two things decide it: the attributed originator (aliases as data in
``originators.yaml``: "FP", "Foro Penal Venezolano" and its director are all Foro Penal), and
clusters of near-duplicate documents (linked by :mod:`review.reconcile.duplicates`), counted once.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

import yaml
from sqlalchemy import select, union
from sqlalchemy.orm import Session

from crosstally.errors import ConfigError
from models import Document, DocumentLink, Source
from review.reconcile.textnorm import fold, phrase_pattern

ORIGINATORS_PATH = Path(__file__).with_name("originators.yaml")
# "Observatorio de Presos Políticos (OPP)": a name that defines its own acronym.
_DEFINES_ACRONYM = re.compile(r"^(?P<name>.*\w)\s*\((?P<acronym>[^\W\d_a-z]{2,10})\)$")
# Words an acronym skips: "OPP" is Observatorio de Presos Políticos.
_FUNCTION_WORDS = frozenset(
    {"de", "del", "la", "las", "los", "el", "y", "e", "en", "por", "para"}
    | {"of", "the", "for", "and", "on", "in", "at", "to"}
)


def clean_name(text: str) -> str:
    """Single-spaced, without a trailing acronym definition."""
    text = " ".join(text.split())
    defined = _DEFINES_ACRONYM.match(text)
    return defined.group("name") if defined else text


def initials(name: str) -> str:
    return "".join(word[0] for word in fold(name).split() if word not in _FUNCTION_WORDS)


def _abbreviates(name: str, candidates: Iterable[str]) -> str | None:
    """The one longer name of ``candidates`` that ``name`` is a short form of: its first
    words ("Observatorio") or, written in capitals, its initials ("OPP"); None when there
    is none or more than one."""
    words = fold(name).split()
    acronym = len(words) == 1 and name.isupper() and 2 <= len(name) <= 10
    found = set()
    for other in candidates:
        other_words = fold(other).split()
        starts_with = len(other_words) > len(words) and other_words[: len(words)] == words
        spelled = acronym and other != name and initials(other) == words[0]
        if starts_with or spelled:
            found.add(other)
    return found.pop() if len(found) == 1 else None


class Originators:
    """Maps the free text of ``Claim.attributed_to`` to one name per organisation."""

    def __init__(
        self,
        data: dict[str, list[str]],
        bodies: dict[str, list[str]] | None = None,
        ngo_words: list[str] | None = None,
        generic_bodies: list[str] | None = None,
    ) -> None:
        self._generic = tuple(f"{kind} (" for kind in generic_bodies or [])
        self._bodies = [(name, phrase_pattern(phrases)) for name, phrases in (bodies or {}).items()]
        self._ngo = phrase_pattern(ngo_words or [])
        self._canonical = {
            fold(alias): name for name, aliases in data.items() for alias in [name, *aliases]
        }
        self._pattern = phrase_pattern(list(self._canonical))
        self._names = frozenset(data)

    @cache  # noqa: B019 - lives as long as the (process-wide) alias table
    def normalise(self, attributed_to: str | None) -> str | None:
        """Canonical originator, the text as written when unknown (without an acronym
        definition: "Observatorio de Presos Políticos (OPP)" is the Observatorio de Presos
        Políticos), None when empty."""
        if not attributed_to or not attributed_to.strip():
            return None
        folded = fold(attributed_to)
        if folded in self._canonical:
            return self._canonical[folded]
        found = self._pattern.search(folded) if self._pattern else None
        if found:
            return self._canonical[found.group(0)]
        return clean_name(self._unit_of(attributed_to))

    def _unit_of(self, name: str) -> str:
        """ "Security Bureau, Hong Kong SAR Government" -> "Security Bureau": a named unit,
        then the body it belongs to, is the unit (the text names it so); a name whose first
        part is only a kind of body ("Ministry of Interior, Kingdom of X") stays whole."""
        head, _, parent = name.partition(",")
        head, parent = head.strip(), parent.strip()
        if not parent or len(head.split()) < 2 or not head[:1].isupper():
            return name
        if not any(p is not None and p.search(fold(parent)) for _, p in self._bodies):
            return name
        if any(p is not None and p.search(fold(head)) for _, p in self._bodies):
            return name  # "Policía Nacional, Gobierno de X": a kind the body table reads
        return head

    @cache  # noqa: B019 - lives as long as the (process-wide) alias table
    def body(self, name: str | None, country: str | None) -> str | None:
        """ "Ministerio del Interior de Kestrava" -> "Interior ministry (Kestrava)": a state
        body, named by its kind and country, whatever words and language name it; None for
        anything else (an NGO, a name of the alias table)."""
        if not name or name in self._names or not country:
            return None
        folded = fold(name)
        if self._ngo is not None and self._ngo.search(folded):
            return None
        for kind, pattern in self._bodies:
            if pattern is not None and pattern.search(folded):
                return f"{kind} ({country})"
        return None

    def generic(self, originator: str | None) -> bool:
        """Whether the originator is a body named only in general ("Government (X)")."""
        return bool(originator) and originator.startswith(self._generic)  # type: ignore[union-attr]

    @lru_cache(maxsize=65536)  # noqa: B019 - documents repeat the same few combinations
    def in_document(self, names: frozenset[str], publisher: str | None) -> dict[str, str]:
        """Short forms within one document: the originators its claims name, normalised, each
        mapped to the longer name it abbreviates, if exactly one.

        Why per document: "el Observatorio" or "OPP" means the organisation the same text
        names in full, or the one publishing it, not whichever Observatorio the archive
        knows; across the archive the short form would be ambiguous. Names of the alias
        table are never remapped."""
        candidates = set(names)
        if publisher:
            candidates.add(self.normalise(publisher) or publisher)
        resolved = {}
        for name in names:
            if name not in self._names:
                target = _abbreviates(name, candidates)
                if target is not None:
                    resolved[name] = target
        return resolved

    def __hash__(self) -> int:
        return id(self)


def load_originators(path: Path | None = None) -> Originators:
    path = path or ORIGINATORS_PATH
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        data = raw["originators"]
    except (OSError, yaml.YAMLError, KeyError, TypeError) as error:
        raise ConfigError(f"cannot read originator aliases {path}: {error!r}") from None
    return Originators(
        data,
        raw.get("bodies") or {},
        raw.get("ngo_words") or [],
        raw.get("generic_bodies") or [],
    )


@cache
def default_originators() -> Originators:
    return load_originators()


@dataclass(frozen=True)
class ClusterDoc:
    published_at: str | None
    publisher: str
    primary: bool


def document_clusters(session: Session) -> tuple[dict[int, int], dict[int, ClusterDoc]]:
    """Connected components of linked documents: doc id -> cluster id, and each cluster's lead.

    The lead is the copy that stands for the cluster when a claim names no originator: a
    primary source's own statement if one is in the cluster, else the earliest publication.
    """
    parent: dict[int, int] = {}

    def find(node: int) -> int:
        root = node
        while parent.setdefault(root, root) != root:
            root = parent[root]
        while parent[node] != root:
            parent[node], node = root, parent[node]
        return root

    for a, b in session.execute(select(DocumentLink.document_id, DocumentLink.other_id)):
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    if not parent:
        return {}, {}
    cluster = {doc: find(doc) for doc in parent}
    linked = union(
        select(DocumentLink.document_id.label("id")), select(DocumentLink.other_id.label("id"))
    ).subquery()
    rows = session.execute(
        select(Document.id, Document.published_at, Source.publisher, Source.role)
        .join(Source, Source.id == Document.source_id)
        .where(Document.id.in_(select(linked.c.id)))
    )
    leads: dict[int, tuple[tuple, ClusterDoc]] = {}
    for doc_id, published, publisher, role in rows:
        rank = (role != "primary", published or "9999", doc_id)
        root = cluster[doc_id]
        if root not in leads or rank < leads[root][0]:
            leads[root] = (rank, ClusterDoc(published, publisher, role == "primary"))
    return cluster, {root: lead for root, (_, lead) in leads.items()}
