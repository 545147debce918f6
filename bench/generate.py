"""A seeded generator of realistic English and Spanish NGO releases and news articles.

Why: every benchmark needs inputs of a chosen size that look like what crosstally really reads
(figures with breakdowns, qualifiers, named detainees, agencies, relative and absolute dates,
quotes, boilerplate context) without shipping a corpus. Articles recombine the sentence
templates of :mod:`bench.templates` (taken from the sample site) with varied figures, names,
places and dates. Article ``i`` depends only on ``(seed, i)``, so a smaller run reads a prefix
of a larger one and every run of the suite sees the same texts.
"""

from __future__ import annotations

import random
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta

from bench import templates as t

LANGUAGES = ("en", "es")
FIRST_DAY = date(2023, 1, 1)
DAYS = 900  # publication dates spread over 2023-01-01 .. 2025-06-18
# Paragraph plans (template categories per paragraph) by article kind.
PLANS = {
    "count": (
        ("leads", "breakdowns"),
        ("context", "quotes"),
        ("flows", "context"),
        ("arrests", "context"),
        ("quotes", "context"),
        ("context", "flows"),
    ),
    "arrest": (
        ("arrests", "arrests"),
        ("context", "context"),
        ("arrests", "quotes"),
        ("flows", "context"),
        ("leads", "breakdowns"),
        ("quotes", "context"),
    ),
    "feature": (
        ("context", "context"),
        ("leads", "breakdowns"),
        ("quotes", "context"),
        ("context", "arrests"),
        ("flows", "quotes"),
        ("context", "context"),
    ),
}
BRIEF_PLANS = {
    "count": (("leads", "breakdowns"), ("context",)),
    "arrest": (("arrests",), ("flows",)),
    "feature": (("leads",), ("context", "quotes")),
}


@dataclass(frozen=True, slots=True)
class Article:
    """One generated article; ``text`` is what the extraction stage reads."""

    id: int
    lang: str
    kind: str
    publisher: str
    ngo: bool
    title: str
    author: str
    published: date
    paragraphs: tuple[str, ...]

    @property
    def text(self) -> str:
        return "\n\n".join((self.title, *self.paragraphs))

    @property
    def words(self) -> int:
        return len(self.text.split())

    @property
    def slug(self) -> str:
        return f"{self.id:06d}-{slugify(self.title)[:60].strip('-')}"


def slugify(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", folded).strip("-")


def number(value: int, lang: str) -> str:
    """Figures as each language writes them: 1,412 (en) and 1.412 (es)."""
    if value < 1000:
        return str(value)
    return f"{value:,}".replace(",", "." if lang == "es" else ",")


def _name(rng: random.Random, lang: str) -> tuple[str, str]:
    """A full name and the surname later mentions use ("Marcano")."""
    surname = rng.choice(t.SURNAMES)
    name = f"{rng.choice(t.FIRST_NAMES)} {surname}"
    if lang == "es" and rng.random() < 0.4:
        name += f" {rng.choice(t.SURNAMES)}"
    return name, surname


def _long_date(day: date, lang: str) -> str:
    words = t.LANGS[lang]
    month = words["months"][day.month - 1]
    return words["long_date"].format(month=month, day=day.day, year=day.year)


def _slots(rng: random.Random, lang: str, published: date, publisher: str) -> dict[str, str]:
    """Every slot value of one article, consistent with each other (breakdowns sum up)."""
    words = t.LANGS[lang]
    total = rng.randint(150, 420) if rng.random() < 0.85 else rng.randint(1000, 2600)
    mil = round(total * rng.uniform(0.3, 0.6))
    women = rng.randint(8, min(60, total // 4))
    arrests = rng.randint(40, 260)
    unrel = rng.randint(3, 20)
    asof = published - timedelta(days=rng.randint(0, 4))
    arrested = published - timedelta(days=rng.randint(1, 6))
    hearing = published + timedelta(days=rng.randint(2, 40))
    weekday = words["weekdays"][arrested.weekday()]
    org, org_short = rng.choice(t.ORGS)
    org2 = rng.choice([o for o, _ in t.ORGS if o != org])
    agency, agency_en, agency_es, agency_de = rng.choice(t.AGENCIES)
    person, surname = _name(rng, lang)
    states = rng.sample(t.STATES, 2)
    weekday_phrase = words["weekday_phrase"].format(day=weekday)
    return {
        "total": number(total, lang),
        "total2": number(total + rng.choice([-1, 1]) * rng.randint(3, 25), lang),
        "mil": number(mil, lang),
        "civ": number(total - mil, lang),
        "women": number(women, lang),
        "men": number(total - women, lang),
        "women_word": words["number_words"].get(women, str(women)),
        "arrests": number(arrests, lang),
        "unrel": str(unrel),
        "rel": str(arrests - unrel),
        "releases": str(rng.randint(5, 90)),
        "n_small": str(rng.randint(3, 25)),
        "n_up": str(rng.randint(2, 30)),
        "age": str(rng.randint(19, 71)),
        "weeks_word": words["number_words"][rng.choice([2, 3, 4, 5, 6, 8, 10, 12])],
        "q": rng.choice(words["qualifiers"]),
        "person": person,
        "person_short": surname,
        "person2": _name(rng, lang)[0],
        "person3": _name(rng, lang)[0],
        "lawyer": _name(rng, lang)[0],
        "director": _name(rng, lang)[0],
        "occupation": rng.choice(words["occupations"]),
        "city": rng.choice(t.CITIES),
        "state": states[0],
        "state2": states[1],
        "agency": agency,
        "agency_long": agency_en if lang == "en" else agency_es,
        "agency_de": agency_de,
        "org": org,
        "org_short": org_short,
        "org2": org2,
        "outlet": publisher,
        "pub_long": _long_date(published, lang),
        "asof_long": _long_date(asof, lang),
        "asof_md": words["month_day"].format(month=words["months"][asof.month - 1], day=asof.day),
        "arrest_long": _long_date(arrested, lang),
        "hearing_iso": hearing.isoformat(),
        "hearing_numeric": hearing.strftime("%d/%m/%Y"),
        "weekday": weekday_phrase,
        "weekday_cap": weekday_phrase[:1].upper() + weekday_phrase[1:],
        "year": str(published.year),
        "prev_month": words["months"][(published.month - 2) % 12],
    }


def article(seed: int, index: int, *, brief: bool = False, lang: str | None = None) -> Article:
    """Article ``index`` of the seeded stream (languages alternate: even en, odd es)."""
    rng = random.Random(f"crosstally-bench/{seed}/{index}/{'brief' if brief else 'full'}")
    lang = lang or LANGUAGES[index % len(LANGUAGES)]
    words = t.LANGS[lang]
    kind = rng.choices(("count", "arrest", "feature"), weights=(5, 3, 2))[0]
    ngo = rng.random() < 0.35
    publisher = rng.choice(t.ORGS)[0] if ngo else rng.choice(t.OUTLETS)
    published = FIRST_DAY + timedelta(days=rng.randrange(DAYS))
    slots = _slots(rng, lang, published, publisher)
    pools = {name: list(words[name]) for name in ("leads", "breakdowns", "flows", "arrests")}
    pools |= {name: list(words[name]) for name in ("quotes", "context")}
    for pool in pools.values():
        rng.shuffle(pool)
    plan = (BRIEF_PLANS if brief else PLANS)[kind]
    if not brief:
        plan = plan[: rng.randint(5, len(plan))]
    paragraphs = []
    for categories in plan:
        sentences = [pools[c].pop() for c in categories if pools[c]]
        paragraphs.append(" ".join(s.format(**slots) for s in sentences))
    title = rng.choice(words["headlines"][kind]).format(**slots)
    return Article(
        id=index,
        lang=lang,
        kind=kind,
        publisher=publisher,
        ngo=ngo,
        title=title,
        author=_name(rng, lang)[0],
        published=published,
        paragraphs=tuple(p for p in paragraphs if p),
    )


def articles(count: int, seed: int, *, start: int = 0, brief: bool = False) -> Iterator[Article]:
    """``count`` articles, lazily (a 10,000-document run never holds them all)."""
    for index in range(start, start + count):
        yield article(seed, index, brief=brief)


def word_count(texts: list[str]) -> int:
    """Whitespace words: the one word measure every words/second figure here uses."""
    return sum(len(text.split()) for text in texts)
