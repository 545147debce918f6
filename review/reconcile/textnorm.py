"""Accent- and case-folding shared by the lexicons, so data files stay plain words."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_NON_WORD = re.compile(r"[^\w]+")
# Combining marks left by NFKD ("á" -> "a" + U+0301), dropped with one C-level translate.
_COMBINING = {cp: None for cp in range(0x110000) if unicodedata.combining(chr(cp))}


def fold_text(text: str) -> str:
    """Fold "Foro Penal Venezolano," to "foro penal venezolano": no accents, case, punctuation."""
    stripped = unicodedata.normalize("NFKD", text).translate(_COMBINING)
    return _NON_WORD.sub(" ", stripped.casefold()).strip()


# Subjects, places and attributions repeat endlessly; whole documents do not (see fold_text).
fold = lru_cache(maxsize=65536)(fold_text)


def phrase_pattern(phrases: list[str]) -> re.Pattern[str] | None:
    """One regex matching any folded phrase as whole words, longest alternatives first."""
    folded = sorted({fold(p) for p in phrases if fold(p)}, key=len, reverse=True)
    if not folded:
        return None
    return re.compile(r"\b(?:" + "|".join(re.escape(p) for p in folded) + r")\b")
