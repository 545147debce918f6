"""What the whole archive tells about one figure: the names of organisations across languages
and the countries figures are placed in.

Three decisions need more than a figure's own document: an organisation named in Spanish in
one text and in English in another is one originator when both define the same acronym; a
text that names no known country is about the country its publisher or originator is named
after, or where the same originator's other figures are; a state body is one originator per
kind and country whatever words name it. :class:`ArchiveContext` holds what these decisions
read, built from the facts of a full run or from the ``claim_fact`` table for a refresh, and
:func:`settle` applies them to a batch of facts.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from extract.gazetteer import fold_place
from review.reconcile.facts import Fact
from review.reconcile.independence import Originators
from review.reconcile.places import known_country


@dataclass
class ArchiveContext:
    # acronym -> the first full name seen defining it
    acronyms: dict[str, str] = field(default_factory=dict)
    # originator -> the gazetteer countries its figures are placed in
    originator_countries: dict[str, set[str]] = field(default_factory=dict)
    # every country a figure is placed in (known to the gazetteer or not: "Kestrava")
    countries: set[str] = field(default_factory=set)

    def learn(self, facts: Iterable[Fact]) -> None:
        for fact in facts:
            if fact.acronym and fact.originator and fact.originator != fact.acronym:
                self.acronyms.setdefault(fact.acronym, fact.originator)
            if fact.country:
                self.countries.add(fact.country)
                if fact.originator and known_country(fact.country):
                    self.originator_countries.setdefault(fact.originator, set()).add(fact.country)

    @classmethod
    def from_facts(cls, facts: Iterable[Fact]) -> ArchiveContext:
        context = cls()
        facts = list(facts)
        context.learn(facts)
        return context


def settle(facts: list[Fact], context: ArchiveContext, originators: Originators) -> None:
    """Archive-level decisions on a batch of facts, in order: one name per organisation
    (acronyms), a country for figures whose text names none, state bodies by kind and
    country."""
    unify_originators(facts, context)
    settle_countries(facts, context)
    for fact in facts:
        body = originators.body(fact.originator, fact.country)
        if body is not None:
            fact.originator = body
        fact.generic_origin = originators.generic(fact.originator)


def unify_originators(facts: list[Fact], context: ArchiveContext) -> None:
    """Names that define the same acronym ("Mesa de Verificación de Personas Presas Políticas
    (MVPP)", "the Verification Roundtable for Political Prisoners (MVPP)"), and the acronym
    itself, become the first full name seen."""
    if not context.acronyms:
        return
    for fact in facts:
        if fact.acronym and fact.acronym in context.acronyms:
            fact.originator = context.acronyms[fact.acronym]
        elif fact.originator in context.acronyms:
            fact.originator = context.acronyms[fact.originator]


def settle_countries(facts: list[Fact], context: ArchiveContext) -> None:
    """A figure whose text names no country the gazetteer knows takes the one country its
    originator's other figures are placed in, else the one its publisher or originator is
    named after among the archive's countries ("Ministry of Internal Affairs of the Republic
    of Kestrava", "Kestravan Helsinki Committee"). A known country is never replaced."""
    stems = sorted(
        ((fold_place(c), c) for c in context.countries if len(c) >= 4), key=lambda s: -len(s[0])
    )
    cache: dict[tuple[str, str | None], str | None] = {}
    settled: dict[str, set[str]] = {}
    for fact in facts:
        if fact.country is not None and known_country(fact.country):
            continue
        known = context.originator_countries.get(fact.originator or "")
        if known and len(known) == 1:
            fact.country = next(iter(known))
            continue
        key = (fact.publisher, fact.originator)
        if key not in cache:
            words = fold_place(f"{fact.publisher} {fact.originator or ''}").split()
            found = {
                country
                for stem, country in stems
                if country != fact.country and any(w.startswith(stem) for w in words)
            }
            cache[key] = found.pop() if len(found) == 1 else None
        if cache[key] is not None:
            fact.country = cache[key]
            if fact.originator:
                settled.setdefault(fact.originator, set()).add(fact.country)
    # a figure whose text names no country its originator's settled figures share ("Comité
    # Valdoriano" quoted by a weekly named after itself)
    for fact in facts:
        if fact.country is not None and known_country(fact.country):
            continue
        found = settled.get(fact.originator or "")
        if found and len(found) == 1 and fact.country not in found:
            fact.country = next(iter(found))
