"""From count candidates to claims: one per distinct figure, with source, place, date, total.

A figure repeated in a document ("2,310" in the lead and again in a quote, "the 56 released")
is one claim with several spans. Breakdowns ("of them, 112 are women", "including 88
adolescents", "Of the 2,310, ...") point to the total they are part of. The source comes from
:class:`extract.attribution.SourceFinder`, carried forward from the previous claim when the
sentence names none; the place is the country named nearest the figure, else the document's
main country; ``as_of`` is the date after "as of" / "al", else the publication date.
"""

from __future__ import annotations

import functools
from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from spacy.attrs import LOWER
from spacy.strings import get_string_id
from spacy.tokens import Doc

from extract.attribution import AUTHOR, SourceFinder
from extract.counts import CountCandidate
from extract.dates import DateMention
from extract.doctext import sentence_of, span_text, text_of
from extract.lexicon import Lexicon


@dataclass(slots=True)
class CountClaim:
    """One claim about a number of people, as stored on ``Doc._.ct_counts``."""

    value: int
    qualifier: str
    subject: str
    spans: list[tuple[int, int]]
    token: int
    attributed_to: str | None = None
    place: str | None = None
    as_of: str | None = None
    part_of: int | None = None
    candidates: list[CountCandidate] = field(default_factory=list)


def merge_claims(candidates: list[CountCandidate]) -> list[CountClaim]:
    """One claim per figure: a repeat with the same qualifier, or an anaphoric one ("the 56",
    "los 240"), adds a span to the first mention."""
    claims: list[CountClaim] = []
    for candidate in candidates:
        same = [c for c in claims if c.value == candidate.value]
        match = next(
            (c for c in same if candidate.anaphoric or c.qualifier == candidate.qualifier), None
        )
        if match:
            match.spans.append(candidate.quote_span)
            match.candidates.append(candidate)
            continue
        if candidate.pronoun:
            continue  # "the two", "los dos": anaphoric, never a claim of its own
        claims.append(
            CountClaim(
                value=candidate.value,
                qualifier=candidate.qualifier,
                subject=" ".join(candidate.subject_words),
                spans=[candidate.quote_span],
                token=candidate.token,
                candidates=[candidate],
            )
        )
    return claims


def link_totals(claims: list[CountClaim], doc: Doc, lexicon: Lexicon) -> None:
    """Set ``part_of`` on breakdowns: the claim they refer to or the last total before them."""
    for index, claim in enumerate(claims):
        candidate = claim.candidates[0]
        if not candidate.breakdown:
            continue
        sentence = sentence_of(doc[candidate.token])
        referenced = _referenced_value(doc, candidate, sentence.start_char, lexicon)
        for other_index in range(index - 1, -1, -1):
            other = claims[other_index]
            if referenced is not None:
                if other.value == referenced:
                    claim.part_of = other_index
                    break
                continue
            if not other.candidates[0].breakdown and other.value > claim.value:
                claim.part_of = other_index
                break
        if claim.part_of is not None:  # "women — political prisoners"
            total = claims[claim.part_of].subject.split(" — ")[0]
            if total.lower() != claim.subject.lower():
                claim.subject = f"{claim.subject} — {total}"


def _referenced_value(
    doc: Doc, candidate: CountCandidate, sent_start: int, lexicon: Lexicon
) -> int | None:
    """The total a partitive names earlier in the sentence ("Of the 2,310, ...")."""
    markers = lexicon.anaphoric | lexicon.partitive
    for k in range(candidate.token - 1, 0, -1):
        token = doc[k]
        if token.idx < sent_start:
            break
        digits = token.text.replace(",", "").replace(".", "")
        if token.like_num and digits.isdigit() and doc[k - 1].lower_ in markers:
            return int(digits)
    return None


def attribute(claims: list[CountClaim], doc: Doc, sources: SourceFinder) -> None:
    """The source of each claim. A claim whose sentence names none takes the previous claim's
    source, else the next one in its paragraph ("... 40 homes raided. At least 23 people were
    arrested, according to X"), else the document's author."""
    stated = [sources.source_for(doc[claim.token]) for claim in claims]
    sources.prefer_author([s for s in stated if s and s != AUTHOR])
    stated = [sources.author if s == AUTHOR else s for s in stated]
    previous: str | None = None
    for index, claim in enumerate(claims):
        total = claims[claim.part_of].attributed_to if claim.part_of is not None else None
        source = stated[index] or total or previous
        if source is None:
            paragraph_end = text_of(doc).find("\n\n", doc[claim.token].idx)
            later = [
                s
                for c, s in zip(claims[index + 1 :], stated[index + 1 :], strict=True)
                if s and (paragraph_end < 0 or doc[c.token].idx < paragraph_end)
            ]
            source = later[0] if later else sources.author
        claim.attributed_to = source
        previous = source


def locate(claims: list[CountClaim], doc: Doc, lexicon: Lexicon) -> None:
    """The country of each claim: named in its sentence, else the document's main country."""
    mentions = find_places(doc, lexicon)
    if not mentions:
        return
    counts = Counter(country for _, country in mentions)
    main = max(counts, key=lambda c: (counts[c], -min(p for p, k in mentions if k == c)))
    for claim in claims:
        sentence = sentence_of(doc[claim.token])
        here = [
            (abs(position - doc[claim.token].idx), country)
            for position, country in mentions
            if sentence.start_char <= position < sentence.end_char
        ]
        claim.place = min(here)[1] if here else main


def find_places(doc: Doc, lexicon: Lexicon) -> list[tuple[int, str]]:
    """Countries, demonyms and cities as (character offset, country): the tokens' lowercase
    hashes (one array, no Token objects) are looked up among the names' first words, and only
    the hits are read ("el" is tried only as the start of "el salvador")."""
    sizes = _place_index(lexicon)
    found: list[tuple[int, str]] = []
    skip_to = 0
    for i, lower in enumerate(doc.to_array(LOWER).tolist()):
        if i < skip_to or lower not in sizes:
            continue
        for size in sizes[lower]:
            if i + size > len(doc):
                continue
            key = " ".join(doc[k].lower_ for k in range(i, i + size))
            if key in lexicon.places:
                found.append((doc[i].idx, lexicon.places[key]))
                skip_to = i + size
                break
    return found


@functools.cache
def _place_index(lexicon: Lexicon) -> dict[int, list[int]]:
    """The hash of each place name's first word, with the name lengths to try, longest first."""
    sizes: dict[int, set[int]] = {}
    for name in lexicon.places:
        words = name.split()
        sizes.setdefault(get_string_id(words[0]), set()).add(len(words))
    return {key: sorted(lengths, reverse=True) for key, lengths in sizes.items()}


def date_claims(
    claims: list[CountClaim],
    doc: Doc,
    dates: list[DateMention],
    lexicon: Lexicon,
    published: date | None,
) -> None:
    """``as_of``: a date introduced by "as of"/"al" in the claim's sentence, else publication."""
    for claim in claims:
        sentence = sentence_of(doc[claim.token])
        claim.as_of = published.isoformat() if published else None
        for match in lexicon.as_of_re.finditer(span_text(sentence)):
            position = sentence.start_char + match.end()
            following = [d for d in dates if d.value and position <= d.start <= position + 2]
            if following:
                claim.as_of = following[0].value
                break
