"""A place for a figure whose text names none: the country in its publisher's name.

"Ministerio Público de Venezuela" publishing "96 personas aprehendidas" says where without
saying it in the text; the country is looked up in the same gazetteer extraction uses, so the
name is the one the document's other figures carry.
"""

from __future__ import annotations

from functools import cache

from extract.count_places import STATE_OF as _STATE_OF
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
    state = _STATE_OF.search(publisher)
    if state is not None:
        known = _table().countries.get(fold_place(state.group("name")))
        return known.country if known is not None else state.group("name")
    table = _table()
    words = fold_place(publisher).split()
    found = set()
    for size in (3, 2, 1):
        for start in range(len(words) - size + 1):
            place = table.countries.get(" ".join(words[start : start + size]))
            if place is not None:
                found.add(place.country)
    return found.pop() if len(found) == 1 else None


@cache  # a million figures name a few hundred places
def canonical_country(name: str) -> str:
    """One name per country, whatever the text wrote ("Türkiye", "Turquía", "Turkey")."""
    known = _table().countries.get(fold_place(name))
    return known.country if known is not None else name


@cache  # asked several times per figure, of a few hundred distinct places
def known_country(name: str) -> bool:
    """Whether the gazetteer knows ``name`` as a country (not a city, not an invented one)."""
    return _table().countries.get(fold_place(name)) is not None
