"""Which language a text is in, among the languages it may be in (py3langid).

The crawl (a page's language, among its source's languages) and the extractor (a document's
language, among the configured ones) ask the same identifier, so that a page stored by the
crawl and the same page given to ``crosstally extract`` get the same language.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Sequence
from functools import lru_cache
from typing import Any, Literal

LanguageSource = Literal["html_lang", "langid"]
_PRIMARY_SUBTAG = re.compile(r"[a-z]{2,3}")
CLASSIFY_CHARS = 20_000


def primary_subtag(tag: str | None) -> str | None:
    """The language of a declared tag ("es-VE" -> "es", "pt_BR" -> "pt"), or None when the
    tag does not name one."""
    if not tag:
        return None
    primary = tag.strip().split("-")[0].split("_")[0].lower()
    return primary if _PRIMARY_SUBTAG.fullmatch(primary) else None


def detect_language(
    text: str, declared: str | None, languages: Sequence[str]
) -> tuple[str | None, LanguageSource | None]:
    """The language of ``text`` among ``languages`` (any language py3langid knows when
    none is given), and where the answer comes from: the page's own declaration is credited
    when it agrees with the identifier, which decides either way, because pages often keep
    a site-wide ``lang`` on articles in another language."""
    if not text:
        return None, None
    detected = _classify(text, languages)
    if declared and declared == detected:
        return detected, "html_lang"
    return detected, "langid"


def identify_language(text: str, languages: Sequence[str]) -> str:
    """The language of ``text``: one of ``languages`` (any py3langid knows only when it
    knows none of them), also for an empty text, which ``detect_language`` leaves without
    one."""
    return _classify(text, languages)


def _classify(text: str, languages: Sequence[str]) -> str:
    possible = tuple(sorted(set(languages)))
    if len(possible) == 1:
        return possible[0]  # nothing to choose: the model need not even be loaded
    # the opening is enough to tell languages apart and keeps a huge page cheap
    return str(_identifier(possible).classify(text[:CLASSIFY_CHARS])[0])


@lru_cache(maxsize=1)
def _full_identifier() -> Any:
    """py3langid's model, loaded once per process: it takes about 100 MiB."""
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


@lru_cache(maxsize=64)
def _identifier(languages: tuple[str, ...]) -> Any:
    """An identifier restricted to those of ``languages`` py3langid knows (all of its
    languages when it knows none). A shallow copy shares the loaded model (restricting
    only slices it), so each language set costs kilobytes, not another copy of the model:
    at ~100 MiB a set, a crawl of sources with a few different language lists would run out
    of memory long before it ran out of pages."""
    full = _full_identifier()
    labels = set(full.labels)
    known = [code for code in languages if code in labels]
    if not known:
        return full
    identifier = copy.copy(full)
    identifier.set_languages(known)
    return identifier
