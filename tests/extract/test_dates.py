"""Date resolution against the publication date, rule by rule (the annotation guide's)."""

from __future__ import annotations

from datetime import date

import pytest

from extract.dates import DateFinder
from extract.lexicon import load_lexicon
from extract.numbers import NumberFinder

# 2024-07-17 is a Wednesday; 2024-01-10 a Wednesday too
PUBLISHED = date(2024, 7, 17)


def resolve(lang: str, text: str, published: date | None = PUBLISHED) -> list[tuple[str, ...]]:
    lexicon = load_lexicon(lang)
    finder = DateFinder(lexicon, NumberFinder(lexicon))
    return [(m.text, m.value, m.precision) for m in finder.find(text, published)]


@pytest.mark.parametrize(
    ("lang", "text", "expected"),
    [
        ("en", "He was detained today at dawn.", ("today at dawn", "2024-07-17", "day")),
        ("en", "She was arrested yesterday.", ("yesterday", "2024-07-16", "day")),
        ("en", "Police came last night.", ("last night", "2024-07-16", "day")),
        ("en", "He was taken last Monday.", ("last Monday", "2024-07-15", "day")),
        ("en", "Police detained him on Wednesday.", ("Wednesday", "2024-07-10", "day")),
        ("en", "He was detained ten days ago.", ("ten days ago", "2024-07-07", "day")),
        ("en", "She was arrested on July 17, 2024.", ("July 17, 2024", "2024-07-17", "day")),
        ("en", "He was detained on 4 December.", ("4 December", "2023-12-04", "day")),
        ("en", "He has been held since March 2023.", ("March 2023", "2023-03", "month")),
        ("en", "She was detained in February.", ("February", "2024-02", "month")),
        ("en", "in custody since last November", ("last November", "2023-11", "month")),
        ("en", "imprisoned since 2021", ("2021", "2021", "year")),
        ("en", "detained on October 3 last year", ("October 3", "2023-10-03", "day")),
        ("en", "on 07/11/2024", ("07/11/2024", "2024-07-11", "day")),
        ("es", "Fue detenido hoy en la madrugada.", ("hoy en la madrugada", "2024-07-17", "day")),
        ("es", "Lo detuvieron ayer.", ("ayer", "2024-07-16", "day")),
        ("es", "Se lo llevaron anoche.", ("anoche", "2024-07-16", "day")),
        ("es", "Fue detenida el pasado martes.", ("El pasado martes", "2024-07-16", "day")),
        ("es", "Fue detenida el miércoles.", ("el miércoles", "2024-07-10", "day")),
        ("es", "el jueves pasado fue arrestado", ("el jueves pasado", "2024-07-11", "day")),
        ("es", "Fue detenido hace diez días.", ("hace diez días", "2024-07-07", "day")),
        ("es", "Fue detenido hace una semana.", ("hace una semana", "2024-07-10", "day")),
        (
            "es",
            "hace exactamente dos semanas",
            ("hace exactamente dos semanas", "2024-07-03", "day"),
        ),
        ("es", "hace apenas tres días", ("hace apenas tres días", "2024-07-14", "day")),
        ("es", "Caracas, 17 de julio de 2024", ("17 de julio de 2024", "2024-07-17", "day")),
        ("es", "detenida desde agosto de 2023", ("agosto de 2023", "2023-08", "month")),
        ("es", "informó este miércoles", ("este miércoles", "2024-07-17", "day")),
        ("es", "el 07/11/2024", ("07/11/2024", "2024-11-07", "day")),
    ],
)
def test_each_form(lang: str, text: str, expected: tuple[str, ...]) -> None:
    found = resolve(lang, text)
    assert any(f[1:] == expected[1:] and f[0].lower() == expected[0].lower() for f in found), found


def test_a_weekday_on_the_same_weekday_is_a_week_earlier() -> None:
    # "el pasado martes" in a Tuesday article is 7 days earlier
    assert resolve("es", "el pasado martes", date(2024, 7, 16))[0][1] == "2024-07-09"


def test_anchored_expressions_follow_the_previous_day() -> None:
    found = resolve("en", "He was detained on 3 June and his colleague the next day.")
    assert [f[1] for f in found] == ["2024-06-03", "2024-06-04"]
    found = resolve("es", "Fue detenido el 5 de marzo de 2020 y su hermano el mismo día.")
    assert [f[1] for f in found] == ["2020-03-05", "2020-03-05"]


@pytest.mark.parametrize(
    ("lang", "text", "expected"),
    [
        (
            "es",
            "detuvo el lunes 18 de enero de 2021 a",
            ("el lunes 18 de enero de 2021", "2021-01-18"),
        ),
        (
            "es",
            "arrestada el jueves 17 de septiembre",
            ("el jueves 17 de septiembre", "2023-09-17"),
        ),
        ("en", "detained on Monday, January 18, 2021", ("Monday, January 18, 2021", "2021-01-18")),
        (
            "en",
            "arrested on Thursday 17 September 2020",
            ("Thursday 17 September 2020", "2020-09-17"),
        ),
    ],
)
def test_a_weekday_before_a_written_date_is_that_date(lang, text, expected) -> None:
    # not "the last Monday before publication" and a second date beside it: one date
    assert [f[:2] for f in resolve(lang, text)] == [expected]


def test_a_weekday_before_a_counted_day_stays_its_own_date() -> None:
    found = resolve("en", "arrested on Wednesday, one day after the vigil on 15 July")
    assert found[0][:2] == ("Wednesday", "2024-07-10")


def test_without_a_publication_date_relative_forms_stay_unresolved() -> None:
    found = dict((f[0], f[1]) for f in resolve("en", "yesterday, on 3 May 2024", None))
    assert found == {"yesterday": None, "3 May 2024": "2024-05-03"}


def test_may_the_verb_is_not_a_month() -> None:
    assert resolve("en", "They may be released in May.") == [("May", "2024-05", "month")]


def test_dateparser_reads_numeric_dates_with_the_language_fixed() -> None:
    from extract.dates import parse_absolute

    assert parse_absolute("03/04/2024", "en", "") == ("2024-03-04", "day")
    assert parse_absolute("03/04/2024", "es", "") == ("2024-04-03", "day")
    assert parse_absolute("x" * 200, "en", "") is None  # bounded input


@pytest.mark.parametrize("lang", ["en", "es"])
def test_numeric_dates_read_directly_agree_with_dateparser(lang: str) -> None:
    """The direct reading of "05/10/2016" (the language file's ``numeric_order``) must give
    what dateparser gives for the language, or step aside: every day/month pair, both
    orders' impossible ones included, three separators, padded or not."""
    from extract.dates import parse_absolute, read_numeric

    order = load_lexicon(lang).dates.numeric_order
    assert order is not None
    read = 0
    for first in (1, 5, 12, 13, 28, 31):
        for second in (1, 2, 9, 12, 13, 30):
            for separator in "/.-":
                for text in (
                    f"{first:02d}{separator}{second:02d}{separator}2019",
                    f"{first}{separator}{second}{separator}2024",
                ):
                    direct = read_numeric(text, order)
                    parsed = parse_absolute(text, lang, "")
                    if direct is not None:
                        read += 1
                        assert parsed == (direct, "day"), (text, direct, parsed)
    assert read > 100  # most of the grid is read without dateparser
    assert read_numeric("31/02/2024", order) is None  # no such day: dateparser decides
    assert read_numeric("05/10/2016", None) is None  # no declared order: dateparser


def test_a_day_inside_the_stated_period_dates_an_event_not_the_count(run) -> None:
    # "linked to the 31 March shutdown call, between 30 March and 2 April": the count runs
    # to the end of its period; the day inside it is the call's
    result = run(
        "The Legal Defence Forum has recorded 214 arrests of people linked to the 31 March "
        "shutdown call, between Monday 30 March and Thursday 2 April 2026.",
        published="2026-04-03",
    )
    (count,) = result.counts
    assert count.as_of == "2026-04-02"
