"""From count candidates to claims: one per distinct figure.

A figure repeated in a document ("2,310" in the lead and again in a quote, "the 56 released")
is one claim with several spans. What a claim stands in relation to, who states it, where and
when it holds are filled in by the components that follow (:mod:`extract.count_relations`,
:mod:`extract.count_sources`, :mod:`extract.count_places`, :mod:`extract.count_dates`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from extract.counts import CountCandidate


@dataclass(slots=True)
class CountClaim:
    """One claim about a number of people, as stored on ``Doc._.ct_counts``."""

    value: int
    qualifier: str
    subject: str
    spans: list[tuple[int, int]]
    token: int
    attributed_to: str | None = None
    # The organisation that counted: a spokesperson's organisation, a short form's full name.
    originator: str | None = None
    originator_acronym: str | None = None
    place: str | None = None
    region: str | None = None
    as_of: str | None = None
    # stated | total | history | published | unknown: where ``as_of`` comes from
    as_of_source: str | None = None
    # The period a flow is counted over: {"start": partial date, "end": ..., "text": ...}
    period: dict[str, Any] | None = None
    part_of: int | None = None
    # part | subset | excluded | added | result | history | increment (None: in its own right)
    relation: str | None = None
    # the heading of the table of figures a part is a line of ("Judicial status:")
    table: str | None = None
    # What the parse says the figure counts: head noun lemma, its modifiers, governing verb.
    parse: dict[str, Any] | None = None
    # where the cue of an earlier figure starts ("up from"): what lies before it is not its
    cue: int | None = None
    candidates: list[CountCandidate] = field(default_factory=list)


def merge_claims(candidates: list[CountCandidate]) -> list[CountClaim]:
    """One claim per figure: a repeat with the same qualifier, or an anaphoric one ("the 56",
    "los 240"), adds a span to the first mention."""
    claims: list[CountClaim] = []
    for candidate in candidates:
        same = [
            c
            for c in claims
            if c.value == candidate.value
            # two lines of tables ("Cotopaxi: 9", "Mujeres: 9") are two figures
            and not (candidate.label and c.candidates[0].label)
            and not _listed_apart(c.candidates[-1], candidate)
            and not candidate.another  # "otras 13 salieron": thirteen more, not the same
        ]
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
                parse=candidate.parse,
                candidates=[candidate],
            )
        )
    return claims


LIST_REACH = 15  # tokens within which two equal figures of other things are one list's items


def _listed_apart(first: CountCandidate, second: CountCandidate) -> bool:
    """ "Dos obispos, 13 sacerdotes y dos seminaristas": two equal figures a few words apart
    that count things with different head nouns are two items of one list, not a repeat."""
    heads = [(c.parse or {}).get("head") for c in (first, second)]
    return (
        not second.anaphoric
        and None not in heads
        and heads[0] != heads[1]
        and 0 < second.token - first.token < LIST_REACH
    )
