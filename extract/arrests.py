"""Arrests: named persons the text reports as detained, abducted, disappeared or imprisoned.

Which mentions are arrests is decided by :class:`extract.arrest_cues.CueFinder` (the parse
links the name to an arrest word as the one who lost their liberty); names coordinated with a
detainee share the cue. One claim per person, from the mention with the best date: the date
expression attached to the cue, else the last day mentioned in the paragraph or the one
before; a month or year only ("in July 2023", "since 2021") gives no day, so null; "the next
day" / "el mismo día" count from the previous arrest.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import pairwise

from spacy.tokens import Doc, Span, Token

from extract.arrest_cues import CueFinder, noun_phrase_top, possessor
from extract.dates import DAY, DateMention, date_governors, in_dateline
from extract.doctext import sentence_of, span_text, text_of
from extract.lexicon import Lexicon, alternation
from extract.persons import PersonEntity

# date kinds counted from the previous arrest's day ("the next day", "seis días más tarde")
ANCHORED_KINDS = frozenset({"anchor", "anchor_count"})
# how a name hangs from the first name of its list, through its description
COORDINATION_DEPS = frozenset({"conj", "appos", "flat", "flat:name", "compound"})


@dataclass(slots=True)
class ArrestClaim:
    """One person reported as arrested, as stored on ``Doc._.ct_arrests``."""

    person: str
    date: str | None
    place: str | None
    agent: str | None
    status: str | None
    start: int
    end: int


EXCLUDE_REACH = 100  # characters either side of a mention in which an exclusion counts


class ArrestReader:
    """Finds the arrests of one parsed document."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.lex = lexicon
        self.cues = CueFinder(lexicon)
        # where a detention took place: a place or a facility, as the model labels them
        self.place_labels = frozenset(
            lexicon.grammar.place_labels + lexicon.grammar.facility_labels
        )
        conjunctions = alternation(lexicon.conjunctions)
        determiners = alternation(lexicon.determiners)
        # what may stand between two coordinated names: ", ", " and ", ", his colleague "
        self.list_joiner = re.compile(
            rf"^(?:\s*,\s*(?:(?:{determiners})\s[^,;.]{{0,40}}?,\s*)?(?:(?:{conjunctions})\s+)?"
            rf"|\s+(?:{conjunctions})\s+)(?:(?:{determiners})\s+)?(?:[^\W\d_]+\s+){{0,2}}$",
            re.IGNORECASE,
        )

    def read(
        self,
        doc: Doc,
        persons: list[PersonEntity],
        dates: list[DateMention],
        published: date | None = None,
    ) -> list[ArrestClaim]:
        mentions: list[tuple[PersonEntity, Span]] = []
        for person in persons:
            for start, end in person.mentions:
                span = doc.char_span(start, end, alignment_mode="expand")
                if span is not None:
                    mentions.append((person, span))
        self.cues.person_tokens = {t.i for _, span in mentions for t in span}
        cues: dict[int, Token] = {}
        for _, span in mentions:
            if not self._excluded(span):
                cue = self.cues.find(doc, span)
                if cue is not None:
                    cues[span.start] = cue
        self._share_in_lists(doc, mentions, cues)
        self._share_with_pronouns(doc, mentions, cues)
        for _, span in mentions:
            cue = cues.get(span.start)
            if cue is not None and (
                self._in_relative_clause(doc, span, cue) or _speaks_of(cue, span)
            ):
                del cues[span.start]
        chosen: list[tuple[PersonEntity, Span, Token, DateMention | None, bool]] = []
        for person in persons:
            found = [
                (span, cues[span.start], *self._date(doc, span, cues[span.start], dates))
                for p, span in mentions
                if p is person and span.start in cues
            ]
            if found:  # a day in the arrest's sentence, else a month/year there, else nearby
                # ... and a day the cue itself governs before one of its sentence ("ordered on
                # Thursday X held in custody", then "X was detained on Wednesday")
                ranked = sorted(
                    found,
                    key=lambda f: (
                        not f[3],
                        not (f[2] and f[2].precision == DAY),
                        f[2] is None or self._distance(doc, f[2], f[1], f[0])[0] > 0,
                    ),
                )
                chosen.append((person, *ranked[0]))
        chosen.sort(key=lambda c: c[1].start)
        claims = []
        last_day: str | None = None
        last_at = -1  # where the arrest that gave last_day is told
        anchored: dict[int, str] = {}  # an anchored expression dates every name it governs once
        text = text_of(doc)
        for person, span, cue, mention, _ in chosen:
            day = mention.value if mention is not None and mention.precision == DAY else None
            if mention is not None and mention.kind in ANCHORED_KINDS:
                # "detained that day": the day of the arrest told before in its paragraph,
                # else the last day its paragraph states ("The crackdown began on Wednesday")
                told = last_at > text.rfind("\n\n", 0, mention.start)
                base = (last_day if told else None) or _day_before(text, dates, mention.start)
                base = base or last_day
                if mention.start not in anchored and base:
                    anchor = date.fromisoformat(base)
                    anchored[mention.start] = (
                        anchor + timedelta(days=mention.offset or 0)
                    ).isoformat()
                day = anchored.get(mention.start, day)
            if day is None and mention is None and last_day:
                sent = sentence_of(span)
                if self.lex.companions_re.search(span_text(sent)):
                    day = last_day  # "A and B were held with her": the day she was detained
            if day and published and date.fromisoformat(day) > published:
                day = None  # "two days after the capture of X", counted from a wrong anchor
            if day:
                last_day, last_at = day, span.start_char
            start = min(span.start_char, cue.idx)
            end = max(span.end_char, cue.idx + len(cue))
            claims.append(
                ArrestClaim(
                    person=person.name,
                    date=day,
                    place=self._place(doc, cue, span),
                    agent=self._agent(cue),
                    status=self._status(sentence_of(span)),
                    start=start,
                    end=end,
                )
            )
        claims.sort(key=lambda c: c.start)
        return claims

    def _share_in_lists(
        self, doc: Doc, mentions: list[tuple[PersonEntity, Span]], cues: dict[int, Token]
    ) -> None:
        """Names coordinated with a detainee's share the cue: "the artist A and the rapper B,
        both of them jailed since May", "A, B and C were detained"."""
        ordered = sorted((span for _, span in mentions), key=lambda s: s.start)
        self._share_by_coordination(ordered, cues)
        changed = True
        while changed:
            changed = False
            for left, right in pairwise(ordered):
                if (left.start in cues) == (right.start in cues) or sentence_of(
                    left[0]
                ) != sentence_of(right[0]):
                    continue
                between = text_of(doc)[left.end_char : right.start_char]
                match = self.list_joiner.match(between)
                if not match or len(between) > 60:
                    continue
                known = left if left.start in cues else right
                cues[(right if known is left else left).start] = cues[known.start]
                changed = True

    def _excluded(self, span: Span) -> bool:
        """ "condemned in absentia", "la excarcelación de X": a phrase near the mention that
        says no one was held. Only near it: the sentence may go on to other people ("según
        un comité que reclama la excarcelación de los presos")."""
        sent, text = sentence_of(span), text_of(span.doc)
        lo = max(sent.start_char, span.start_char - EXCLUDE_REACH)
        hi = min(sent.end_char, span.end_char + EXCLUDE_REACH)
        return bool(self.lex.arrest_exclude_re.search(text[lo:hi]))

    def _share_with_pronouns(
        self, doc: Doc, mentions: list[tuple[PersonEntity, Span]], cues: dict[int, Token]
    ) -> None:
        """ "Police went to the home of X ... and led him away", "lo subieron a otro vehículo":
        a pronoun the cue befalls stands for the one person its sentence names before it.
        With two people named there the pronoun is left unresolved, and a name that has a
        cue of its own keeps it."""
        named: dict[int, list[tuple[PersonEntity, Span]]] = {}
        for person, span in mentions:
            named.setdefault(sentence_of(span).start, []).append((person, span))
        for token in doc:
            if token.pos_ != "PRON" or token.lower_ not in self.lex.patient_pronouns:
                continue
            if self._excluded(doc[token.i : token.i + 1]):
                continue  # "convicted X in absentia and sentenced him to six years"
            before = [
                (p, s)
                for p, s in named.get(sentence_of(token).start, [])
                if s.end <= token.i and not self.cues.is_source(doc, s)
            ]
            if len({p.name for p, _ in before}) != 1:
                continue
            person, span = before[-1]
            if any(s.start in cues for p, s in mentions if p is person):
                continue
            cue = self.cues.pronoun_cue(token)
            if cue is not None and cue.i > span.end and not self._tells_of_another(span, cue):
                cues[span.start] = cue

    def _tells_of_another(self, span: Span, cue: Token) -> bool:
        """The name is who acts or speaks, so the pronoun is someone else: "X detained him",
        "X wrote on X that he had been taken", "X relató que se la llevaron". A name that
        completes another noun ("the wife of X said they took him") is not the speaker."""
        top = noun_phrase_top(span)
        if top.dep_.startswith("nsubj") and top.head in (cue, *cue.ancestors):
            return True
        return not possessor(span) and any(
            t.pos_ == "VERB" and t.lemma_.lower() in self.lex.attribution_verbs
            for t in span.doc[span.end : cue.i]
        )

    def _share_by_coordination(self, spans: list[Span], cues: dict[int, Token]) -> None:
        """Names the parse coordinates with a detainee's share the cue, however long the
        descriptions between them: "se llevó a A, trabajador de X; a B, empleado de Y, y a
        C", "A, su hermano B y el coordinador C fueron aprehendidos". Only names joined as
        nouns count (never two clauses), and a source ("según A y B") is never a detainee."""
        groups: dict[int, list[Span]] = {}
        for span in spans:
            groups.setdefault(_coordination_root(span.root).i, []).append(span)
        for members in groups.values():
            known = [m for m in members if m.start in cues]
            if not known or len(members) < 2:
                continue
            text = text_of(known[0].doc)
            for member in members:
                lo, hi = sorted((member.start_char, known[0].start_char))
                if (
                    member.start not in cues
                    and "\n\n" not in text[lo:hi]  # a parse may run over a paragraph break
                    and not self.cues.is_source(member.doc, member)
                ):
                    cues[member.start] = cues[known[0].start]

    # -- is this mention an arrest? --

    # -- details --

    def _date(
        self, doc: Doc, span: Span, cue: Token, dates: list[DateMention]
    ) -> tuple[DateMention | None, bool]:
        """The date expression of this arrest and whether it stands in the arrest's own
        sentence. With none there, the last day named earlier in this paragraph or the one
        before ("Among those detained: X" after "27 people were detained this afternoon"), or
        a day opening the next sentence ("X was taken away. At dawn today, ...")."""
        sent = (
            sentence_of(cue)
            if sentence_of(cue).start <= span.start < sentence_of(cue).end
            else sentence_of(span)
        )
        text = text_of(doc)
        # "remanded until 13 March", "QUITO, May 3 —": no arrest happened on those days
        dates = [d for d in dates if not self._period_end(text, d) and not in_dateline(text, d)]
        here = [
            d
            for d in dates
            if sent.start_char <= d.start < sent.end_char and not self._reported_on(doc, d, cue)
        ]
        if (cue.pos_ == "NOUN" and cue.lower_ in self.lex.arrest_weak) or self.cues.is_state(cue):
            # a state ("prisoners", "custody", "is being held"), not an event: only a date
            # attached to it ("in custody since Friday")
            others = [
                t
                for t in sent
                if t.i != cue.i
                and t.head.i in (span.root.i, span.root.head.i, cue.i)
                and self.cues.is_cue(t, strict=False)
            ]  # "sigue detenida X, arrestada el 9 de febrero": the arrest beside the state
            if (
                cue.pos_ == "NOUN"
                and cue.head.pos_ == "VERB"
                and cue.head.lemma_.lower() not in self.lex.state_auxiliaries
            ):
                others.append(cue.head)  # "el lunes quedaron bajo custodia": put in it
            attached = [
                d
                for d in here
                if any(self._distance(doc, d, c, span)[0] == 0 for c in (cue, *others))
            ]
            return (attached[0] if attached else None), True
        if here:
            return min(here, key=lambda d: self._distance(doc, d, cue, span)), True
        if self.cues.is_vague(cue):
            return None, True
        paragraph = text.rfind("\n\n", 0, sent.start_char)
        previous = text.rfind("\n\n", 0, max(0, paragraph)) if paragraph > 0 else -1
        before = text.rfind("\n\n", 0, max(0, previous)) if previous > 0 else -1
        for start in (paragraph, previous, before):
            # a day stated before, not one counted from another ("a week after ..."): that
            # one dates its own sentence's event
            earlier = [
                d
                for d in dates
                if start <= d.start < sent.start_char
                and d.precision == DAY
                and d.kind not in ANCHORED_KINDS
            ]
            if earlier:
                return earlier[-1], False
            if start < 0:
                break
        following = [
            d
            for d in dates
            if sent.end_char <= d.start < sent.end_char + 30
            and "\n" not in text[sent.end_char : d.start]
        ]
        if following and following[0].precision == DAY:
            return following[0], False
        return None, False

    def _in_relative_clause(self, doc: Doc, span: Span, cue: Token) -> bool:
        """ "X, who once spoke for Y, and Z were picked up": Y is named inside what is said
        of X (a clause from ", who" to the next comma), and the arrest is not told there."""
        sent = sentence_of(span)
        for k in range(span.start - 1, sent.start, -1):
            token = doc[k]
            if token.text in (",", ";") and doc[k + 1].lower_ not in self.lex.arrest_relatives:
                return False  # the clause closed before the name
            if token.lower_ in self.lex.arrest_relatives and doc[k - 1].text == ",":
                antecedent = doc[k - 2] if k >= 2 else None
                end = next(
                    (t.i for t in doc[span.end : sent.end] if t.text in (",", ";")), sent.end
                )
                return (
                    antecedent is not None
                    and antecedent.i in self.cues.person_tokens
                    and not k < cue.i < end
                )
        return False

    def _period_end(self, text: str, mention: DateMention) -> bool:
        """ "held until 13 March", "hasta el 13 de marzo": the end of a term, no event's day."""
        before = text[max(0, mention.start - 12) : mention.start].lower().split()
        return bool(before) and (
            before[-1] in self.lex.arrest_until
            or (len(before) > 1 and before[-2] in self.lex.arrest_until)
        )

    def _reported_on(self, doc: Doc, date: DateMention, cue: Token) -> bool:
        """ "detuvo a X, denunciaron este lunes medios locales": the day it was told."""
        return any(  # "said on Thursday that it had detained X"
            h.i != cue.i
            and h.pos_ in ("VERB", "AUX")
            and h.lemma_.lower() in self.lex.attribution_verbs
            and not self.cues.is_cue(h, strict=False)
            for h in date_governors(doc, date)
        )

    def _distance(self, doc: Doc, date: DateMention, cue: Token, span: Span) -> tuple[int, int]:
        tokens = doc.char_span(date.start, date.end, alignment_mode="expand")
        if tokens is None:
            return (99, 99)
        governors = {cue.i}
        if cue.dep_ == "pobj" and cue.head.dep_ == "prep":
            governors.add(cue.head.head.i)  # "in custody since Friday": the verb of the phrase
        elif cue.pos_ == "NOUN" and cue.dep_ in ("obl", "nmod"):
            governors.add(cue.head.i)
        attached = any(t.head.i in governors or t.head.head.i in governors for t in tokens)
        distance = min(abs(tokens.start - cue.i), abs(tokens.start - span.start))
        return (0 if attached else 1, distance)

    def _place(self, doc: Doc, cue: Token, span: Span) -> str | None:
        window = doc[cue.i + 1 : min(sentence_of(cue).end, cue.i + 8)]
        for k, token in enumerate(window):
            if token.lower_ in self.lex.place_prepositions and k + 1 < len(window):
                nxt = window[k + 1]
                if nxt.ent_type_ in self.place_labels and nxt.i not in range(span.start, span.end):
                    ent = next((e for e in doc.ents if e.start <= nxt.i < e.end), None)
                    return ent.text if ent is not None else nxt.text
        return None

    def _agent(self, cue: Token) -> str | None:
        """Who detained: "by plainclothes agents", or the subject of "police detained X"."""
        for child in cue.children:
            if child.lower_ in self.lex.agent_prepositions or child.dep_ == "agent":
                phrase = _phrase([t for t in child.subtree if t.i != child.i])
                if phrase:
                    return phrase
        if cue.lemma_.lower() in self.lex.agent_verbs and not self.cues.passive(cue):
            for child in cue.children:
                if child.dep_ == "nsubj":  # what the parse hangs after the verb is not theirs
                    return _phrase([t for t in child.subtree if t.i < cue.i]) or None
        return None

    def _status(self, sent: Span) -> str | None:
        """The person's state ("whereabouts unknown"), in the arrest's sentence or the next
        one of the paragraph ("... was detained. His whereabouts are unknown.")."""
        text = text_of(sent.doc)
        paragraph_end = text.find("\n", sent.end_char)
        window = text[sent.start_char : paragraph_end if paragraph_end >= 0 else len(text)]
        following = window[sent.end_char - sent.start_char :]
        next_end = following.find(". ")
        window = window[: sent.end_char - sent.start_char + (next_end if next_end >= 0 else 200)]
        match = self.lex.status_re.search(window)
        if not match:
            return None
        return self.lex.status_by_phrase.get(" ".join(match.group(0).lower().split()))


_SUBJECTS = frozenset({"nsubj", "nsubj:pass", "nsubjpass"})


def _speaks_of(cue: Token, span: Span) -> bool:
    """ "X called the detention a blow to media freedom": a detention X's own verb takes as
    its object is someone else's, unless it is X's ("X called his detention unlawful")."""
    verb = cue.head
    return (
        cue.pos_ == "NOUN"
        and cue.dep_ in ("dobj", "obj")
        and verb.pos_ == "VERB"
        and any(c.dep_ in _SUBJECTS and span.start <= c.i < span.end for c in verb.children)
        and span.start < cue.i  # a "subject" after the arrest noun is its misparsed patient
        and not any(c.dep_ in ("poss", "det") and c.pos_ == "PRON" for c in cue.children)
    )


def _day_before(text: str, dates: list[DateMention], position: int) -> str | None:
    """The last day its paragraph states before ``position`` ("The crackdown began on
    Wednesday ... detained that day"): what an anchored expression counts from. Across a
    paragraph break, "detenido el mismo día" counts from the arrest told before."""
    paragraph = text.rfind("\n\n", 0, position)
    days = [
        d.value
        for d in dates
        if paragraph < d.start
        and d.end <= position
        and d.precision == DAY
        and d.value
        and d.kind not in ANCHORED_KINDS
    ]
    return days[-1] if days else None


def _coordination_root(token: Token) -> Token:
    """The first conjunct of the noun coordination a name stands in (through its
    apposition: "al periodista A y a B" coordinates B with A under "periodista")."""
    for _ in range(8):
        if token.dep_ not in COORDINATION_DEPS or token.head.pos_ not in ("NOUN", "PROPN", "PRON"):
            break
        token = token.head
    return token


def _phrase(tokens: list[Token]) -> str:
    """A short noun phrase: up to a comma or eight words, without a dateline ("LIMA.-")."""
    words: list[str] = []
    for token in _same_line(tokens):
        if token.text in (",", "(", ";", ":") or len(words) >= 8:
            break
        if not words and (token.is_punct or (token.is_upper and len(token.text) > 1)):
            continue
        words.append(token.text_with_ws)
    return "".join(words).strip()


def _same_line(tokens: list[Token]) -> list[Token]:
    breaks = [i for i, t in enumerate(tokens) if "\n" in t.text or t.text in (".-", "-", "–")]
    return tokens[breaks[-1] + 1 :] if breaks and breaks[-1] < len(tokens) // 2 else tokens
