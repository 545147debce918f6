"""A place for a figure whose text names none: the country in its publisher's name.

"Ministerio Público de Venezuela" publishing "96 personas aprehendidas" says where without
saying it in the text; the country is looked up in the same gazetteer extraction uses, so the
name is the one the document's other figures carry.
"""

from __future__ import annotations

from functools import cache

from extract.gazetteer import Gazetteer, fold_place, gazetteer
from extract.lexicon import available_languages, load_lexicon


@cache
def _table() -> Gazetteer:
    names: dict[str, str] = {}
    for lang in available_languages():
        names.update(load_lexicon(lang).countries)
    return gazetteer(tuple(sorted(names.items())))


@cache
def publisher_country(publisher: str | None) -> str | None:
    """The one country named in a publisher's name, if exactly one is."""
    if not publisher:
        return None
    table = _table()
    words = fold_place(publisher).split()
    found = set()
    for size in (3, 2, 1):
        for start in range(len(words) - size + 1):
            place = table.countries.get(" ".join(words[start : start + size]))
            if place is not None:
                found.add(place.country)
    return found.pop() if len(found) == 1 else None


def settle_countries(facts: list) -> None:
    """A figure whose text names no country the gazetteer knows takes the one its publisher or
    originator is named after, among the countries the archive's figures are placed in: the
    "Ministry of Internal Affairs of the Republic of Kestrava", the "Kestravan Helsinki
    Committee". A known country is never replaced."""
    table = _table()
    named = {f.country for f in facts if f.country}
    if not named:
        return
    _by_originator(facts, table)
    stems = sorted(((fold_place(c), c) for c in named if len(c) >= 4), key=lambda s: -len(s[0]))
    cache: dict[tuple[str, str | None], str | None] = {}
    for fact in facts:
        if fact.country is not None and table.countries.get(fold_place(fact.country)):
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


def _by_originator(facts: list, table: Gazetteer) -> None:
    """A figure whose text names no known country takes the one country every other figure of
    its originator is placed in: an NGO's Spanish statement that never names El Salvador is
    about the El Salvador its English coverage names."""
    countries: dict[str, set[str]] = {}
    for fact in facts:
        if fact.originator and fact.country and table.countries.get(fold_place(fact.country)):
            countries.setdefault(fact.originator, set()).add(fact.country)
    for fact in facts:
        if fact.country is not None and table.countries.get(fold_place(fact.country)):
            continue
        known = countries.get(fact.originator or "")
        if known and len(known) == 1:
            fact.country = next(iter(known))
