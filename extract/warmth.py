"""Keeping a worker's most repeated words warm across memory zones.

Each chunk of documents runs inside ``nlp.memory_zone()`` so that a long run's memory stays
flat. The price: spaCy's tokenizer never writes its cache inside a zone, and the lexemes a
zone creates are dropped at its exit, so every chunk was tokenised from scratch, prefix,
suffix and infix rules word by word, about 7% of the model's own time (measured by
``bench/extraction.py`` against a bare ``nlp.pipe``, whose cache stays warm).

A :class:`Warmth` tokenises, outside any zone, the whitespace-delimited pieces that repeat
within a chunk, before the chunk enters its zone: they become permanent cache entries and
lexemes, hit from then on inside every zone. Only up to the tokenizer's own bound
(``Tokenizer.max_cache_size``) pieces are ever warmed, so what stays is bounded as the zone
intends; frequent pieces come first, so the bound is spent on the words that recur.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from spacy.language import Language

MIN_REPEATS = 2  # a piece seen once in a chunk is as likely a name or a figure as a word


class Warmth:
    """The pieces already warmed for one pipeline, and the room left under its bound."""

    def __init__(self, nlp: Language) -> None:
        self.nlp = nlp
        self.room = int(getattr(nlp.tokenizer, "max_cache_size", 0))
        self.warmed: set[str] = set()

    def warm(self, texts: Sequence[str]) -> int:
        """Warm the repeated pieces of ``texts`` not warmed before; returns how many.

        Must run outside a memory zone (inside one, nothing would be kept)."""
        if self.room <= 0:
            return 0
        if self.nlp.vocab.in_memory_zone:
            raise RuntimeError("warming inside a memory zone keeps nothing")
        counts = Counter(piece for text in texts for piece in text.split())
        fresh = [
            piece
            for piece, seen in counts.most_common()
            if seen >= MIN_REPEATS and piece not in self.warmed
        ][: self.room]
        if fresh:
            # One text, the pieces separated by single spaces: each piece is then exactly
            # the cache key the tokenizer computes when it meets it in a document.
            self.nlp.tokenizer(" ".join(fresh))
            self.warmed.update(fresh)
            self.room -= len(fresh)
        return len(fresh)
