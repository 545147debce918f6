"""Accent- and case-folding shared by the lexicons, so data files stay plain words."""

from __future__ import annotations

import re
from functools import lru_cache

from extract.folding import fold_words

fold_text = fold_words
# Subjects, places and attributions repeat endlessly; whole documents do not (see fold_text).
fold = lru_cache(maxsize=65536)(fold_words)


def phrase_pattern(phrases: list[str]) -> re.Pattern[str] | None:
    """One regex matching any folded phrase as whole words, longest alternatives first."""
    folded = sorted({fold(p) for p in phrases if fold(p)}, key=len, reverse=True)
    if not folded:
        return None
    return re.compile(r"\b(?:" + "|".join(re.escape(p) for p in folded) + r")\b")
