"""Text folding, one place for the whole pipeline: how names, subjects, places and lexicon
phrases are compared ("Núñez" is "nunez", "Foro Penal Venezolano," is "foro penal venezolano").

Two strengths, because two kinds of key exist: ``fold`` keeps punctuation (stored identity
keys of persons and counts are built with it, so it must never change), ``fold_words`` also
turns punctuation into spaces (gazetteer names, lexicon phrases, reconciliation's words).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_NON_WORD = re.compile(r"[^\w]+")
# Combining marks left by NFKD ("á" -> "a" + U+0301), dropped with one C-level translate.
_COMBINING = {cp: None for cp in range(0x110000) if unicodedata.combining(chr(cp))}


def strip_accents(text: str) -> str:
    return unicodedata.normalize("NFKD", text).translate(_COMBINING)


@lru_cache(maxsize=1 << 16)
def _fold(text: str) -> str:
    return " ".join(strip_accents(text).lower().split())


def fold(text: str | None) -> str:
    """Lowercase, accent-free, single-spaced, punctuation kept."""
    return _fold(text) if text else ""


def fold_words(text: str) -> str:
    """Lowercase (casefolded), accent-free, punctuation as spaces, single-spaced."""
    return " ".join(_NON_WORD.sub(" ", strip_accents(text).casefold()).split())
