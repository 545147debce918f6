"""Warm pieces survive memory zones, within the tokenizer's bound, without changing tokens."""

from __future__ import annotations

import pytest
import spacy

from extract.result import InputDoc
from extract.warmth import Warmth


def _tokens(nlp, text: str) -> list[tuple[str, bool]]:
    return [(t.text, t.whitespace_ == " ") for t in nlp.make_doc(text)]


def test_repeated_pieces_stay_after_the_zone_and_single_ones_do_not() -> None:
    nlp = spacy.blank("en")
    text = "Zorblax met Quuxley; Zorblax saw zorblax-7 and zorblax-7 again."
    Warmth(nlp).warm([text])
    with nlp.memory_zone():
        nlp.make_doc(text + " Frobnitz")
    strings = nlp.vocab.strings
    assert "Zorblax" in strings and "zorblax-7" in strings
    assert "Quuxley" not in strings and "Frobnitz" not in strings


def test_most_repeated_pieces_take_the_bounded_room_first() -> None:
    nlp = spacy.blank("en")
    nlp.tokenizer.max_cache_size = 2
    warmth = Warmth(nlp)
    texts = ["alpha beta beta gamma gamma gamma delta delta delta delta"]
    assert warmth.warm(texts) == 2
    assert warmth.warmed == {"delta", "gamma"}
    assert warmth.warm(["beta beta epsilon epsilon"]) == 0  # the room is spent
    assert "epsilon" not in nlp.vocab.strings


def test_a_piece_is_warmed_once() -> None:
    warmth = Warmth(spacy.blank("es"))
    assert warmth.warm(["presos presos políticos políticos"]) == 2
    assert warmth.warm(["presos presos políticos políticos detenidos detenidos"]) == 1


def test_warming_inside_a_zone_is_refused() -> None:
    nlp = spacy.blank("en")
    with nlp.memory_zone(), pytest.raises(RuntimeError, match="memory zone"):
        Warmth(nlp).warm(["again again"])


def test_warm_tokens_are_the_tokens_of_a_cold_tokenizer() -> None:
    """A cache entry replays the tokens of the piece it was made from: text with prefixes,
    suffixes, infixes and special cases tokenises the same warm and cold."""
    text = (
        '"Foro Penal" (NGO) counted 1,234 detainees—152 military—on 07/17/2024, '
        "U.S.-based don't can't e.g. «presos», ¿dónde? 3.5% $1.2m (a)b...c "
    ) * 3
    cold = spacy.blank("en")
    warm = spacy.blank("en")
    Warmth(warm).warm([text])
    with warm.memory_zone():
        assert _tokens(warm, text) == _tokens(cold, text)


def test_extraction_warms_its_pipeline(extractor) -> None:
    from extract.pipeline import load_pipeline

    text = "Snorkwazzle counted 31 political prisoners, Snorkwazzle said. Blorptastic said nothing."
    extractor.extract(InputDoc(id="w", text=text, lang="en"))
    strings = load_pipeline("en").vocab.strings
    assert "Snorkwazzle" in strings
    assert "Blorptastic" not in strings
