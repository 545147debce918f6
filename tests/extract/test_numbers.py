"""Numbers as monitors write them: both thousands separators, words, collective nouns."""

from __future__ import annotations

import pytest

from extract.lexicon import load_lexicon
from extract.numbers import NumberFinder


def values(lang: str, text: str) -> list[int]:
    return [m.value for m in NumberFinder(load_lexicon(lang)).find(text)]


@pytest.mark.parametrize(
    ("lang", "text", "expected"),
    [
        ("en", "3,718 detainees", [3718]),
        ("en", "a list of 17,209 names", [17209]),
        ("es", "3.718 detenidos", [3718]),
        ("es", "unas 5,430 personas", [5430]),
        ("en", "Forty-two people", [42]),
        ("en", "one hundred and five prisoners", [105]),
        ("en", "a dozen students and two dozen relatives", [12, 24]),
        ("es", "veintisiete estudiantes", [27]),
        ("es", "treinta y uno presos", [31]),
        ("es", "una veintena de presos", [20]),
        ("es", "dos mil doscientos manifestantes", [2200]),
        ("es", "5 mil detenidos", [5000]),
        ("en", "seven and eight", [7, 8]),
    ],
)
def test_values(lang: str, text: str, expected: list[int]) -> None:
    assert values(lang, text) == expected


def test_collective_nouns_imply_an_approximation() -> None:
    (mention,) = NumberFinder(load_lexicon("es")).find("una veintena de presos")
    assert mention.implied_qualifier == "about"
    assert mention.text == "una veintena"


@pytest.mark.parametrize(
    "text", ["48.5% of the vote", "Article 12.3", "at 10:00", "Law 120/2021", "G20", "the 5M"]
)
def test_numbers_inside_other_tokens_are_not_read_as_integers(text: str) -> None:
    assert all(v not in (48, 5, 12, 3, 10, 120, 20) for v in values("en", text))


def test_a_bare_million_is_not_a_number() -> None:
    assert values("en", "rewards of US$3 million") == []
