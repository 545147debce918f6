"""Which numbers are counts of people (or of repression events), and what they count.

Each number found by :mod:`extract.numbers` first goes through the distractor checks of
:mod:`extract.distractors` (years, dates, ages, durations, money, article numbers...). Then
the number is read in its clause (:mod:`extract.clauses`): the noun phrase it quantifies
("political prisoners"), or, for an elliptical figure ("520 are men", "18 of those searched",
"Mérida, con 75"), the predicate, the partitive phrase or the figure listed before it. Nouns of the
lexicon's ``strong`` class make a count on their own; ``weak`` nouns (people, personas, men)
only when the clause reports a repression event; other nouns (cities, votes, kilometres) never.
The subject is the noun phrase plus the event words of the clause ("people detained").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from spacy.tokens import Doc, Span, Token

from extract.arrest_cues import PASSIVE_SUBJECTS, CueFinder
from extract.clauses import Clauses, governing_verb, predicate_words, unique
from extract.dates import DateMention
from extract.distractors import Distractors, in_phone_number, lower_at
from extract.doctext import sentence_of, text_of
from extract.gazetteer import for_lexicon
from extract.lexicon import Lexicon
from extract.numbers import NumberMention
from extract.place_items import place_item

_QUOTE_CHARS = frozenset({'"', "“", "”", "«", "»", "'", "‘", "’"})
MAX_LEFT, MAX_LEFT_ELLIPTICAL, MAX_RIGHT = 10, 25, 12


# the first day of a range of days before a date ("4 and 11 May", "entre el 5 y el 7 de")
_RANGE_FIRST_DAY = re.compile(
    r"(?<![\d,.])(?P<day>[0-3]?\d)\s*(?:and|y|to|al|a|-|–)\s*(?:el\s+)?$", re.IGNORECASE
)


@dataclass(slots=True)
class CountCandidate:
    """A number read as a count, before repeated mentions are merged into claims."""

    value: int
    qualifier: str
    subject_words: list[str]
    quote_span: tuple[int, int]
    token: int
    anaphoric: bool = False  # "the 56", "los 240": refers back to a figure
    pronoun: bool = False  # "the two were", "los dos están": no figure of its own
    elliptical: bool = False
    breakdown: bool = False
    described: bool = False  # elliptical, saying what it counts itself: "27 son mujeres"
    # What the parse says the figure counts (see :func:`_parse_features`).
    parse: dict[str, Any] | None = None
    label: bool = False  # a figure of a table line: "Mujeres: 125"
    placed: bool = False  # an item of a list of places: "Aragua, con 6" (extract.place_items)
    another: bool = False  # "otras 13", "another 12": a figure besides one told, never a repeat


@dataclass(slots=True)
class _Reading:
    """What surrounds a number in its clause (see :meth:`CountReader._reading`)."""

    sent: Span
    clause_start: int
    phrase: list[Token]
    nouns: list[Token]
    strong: bool
    weak: bool
    partitive: bool
    pronoun: bool
    left: list[Token]
    right: list[Token]
    predicate: list[str]
    near_terms: list[str]
    terms: list[str]
    antecedent: bool
    lower_bound: bool
    upper_bound: bool
    dates: set[int]


class CountReader:
    """Reads the numbers of one parsed document as counts."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.lex = lexicon
        self.distractors = Distractors(lexicon)
        self.clauses = Clauses(lexicon)
        self.cues = CueFinder(lexicon)  # the arrest words, weak ones with their partners

    def read(
        self, doc: Doc, numbers: list[NumberMention], dates: list[DateMention]
    ) -> list[CountCandidate]:
        blocked = [(d.start, d.end) for d in dates if d.kind != "year" or d.value]
        text = text_of(doc)
        for mention in dates:  # "between 4 and 11 May": the 4 is a day, not a count
            if mention.kind == "day_month":
                first = _RANGE_FIRST_DAY.search(text, max(0, mention.start - 16), mention.start)
                if first is not None:
                    blocked.append(first.span("day"))
        spans: list[tuple[NumberMention, Span]] = []
        for number in numbers:
            if any(s < number.end and number.start < e for s, e in blocked):
                continue
            if in_phone_number(text, number):
                continue
            span = doc.char_span(number.start, number.end, alignment_mode="expand")
            if span is not None:
                spans.append((number, span))
        rejected: dict[int, str] = {}
        out: list[CountCandidate] = []
        for index, (number, span) in enumerate(spans):
            reason = self.distractors.reason(doc, span, number, rejected)
            if reason:
                rejected[span.start] = reason
                continue
            bounds = (
                spans[index - 1][1].end if index else 0,
                *(other.start for _, other in spans[index + 1 : index + 4]),
                len(doc),
            )
            candidate = self._read_one(doc, span, number, bounds, out)
            if candidate is None:
                candidate = self._reference(doc, span, number, out)
            if candidate:
                out.append(candidate)
        return out

    def _reference(
        self, doc: Doc, span: Span, number: NumberMention, earlier: list[CountCandidate]
    ) -> CountCandidate | None:
        """ "these 2,310 names", "Of the 2,310": a repeat of an earlier figure is evidence for
        that claim even where it would not be read as a count on its own."""
        if lower_at(doc, span.start - 1) not in self.lex.anaphoric:
            return None
        if not any(c.value == number.value for c in earlier):
            return None
        return CountCandidate(
            value=number.value,
            qualifier="exact",
            subject_words=[],
            quote_span=(number.start, number.end),
            token=span.start,
            anaphoric=True,
            pronoun=True,
        )

    # -- reading one number --

    def _read_one(
        self,
        doc: Doc,
        span: Span,
        number: NumberMention,
        bounds: tuple[int, ...],
        earlier: list[CountCandidate],
    ) -> CountCandidate | None:
        reading = self._reading(doc, span, number, bounds)
        if self._non_target(doc, number, reading.phrase, reading.right):
            return None
        if not self._is_count(reading, span, earlier):
            return None
        return self._candidate(doc, span, number, reading, earlier, bounds)

    def _reading(
        self, doc: Doc, span: Span, number: NumberMention, bounds: tuple[int, ...]
    ) -> _Reading:
        """The number in its clause: the noun phrase it counts, a partitive ("of them"), the
        words around it (windows stop at the next figure) and the event words there."""
        lex = self.lex
        sent = sentence_of(span)
        start, clause_end = self.clauses.clause(doc, span, sent)
        k = span.end
        while k < clause_end and (doc[k].text in _QUOTE_CHARS or doc[k].text in ("-", "–")):
            k += 1
        lower_bound, upper_bound = self.clauses.range(doc, span)
        if lower_bound:
            k = lower_bound  # "between 200 and 300 people": the noun follows the upper bound
        collective = number.in_words and number.text.split()[-1].lower() in lex.number_collectives
        partitive = k < clause_end and doc[k].lower_ in lex.partitive and not collective
        if collective and k < clause_end and doc[k].lower_ in lex.partitive:
            k += 1  # "una veintena de presos", "a dozen of them"
        phrase = self.clauses.noun_phrase(doc, k + 1 if partitive else k, clause_end, partitive)
        words = [w for t in phrase for w in (t.lower_, t.lemma_.lower())]
        nouns = [t for t in phrase if t.pos_ in ("NOUN", "PROPN") or t.lower_ in lex.strong]
        strong = any(w in lex.strong for w in words)
        weak = any(w in lex.weak for w in words)
        if (
            nouns
            and not (strong or weak)
            and all(lex.events.has(t.lower_, t.lemma_.lower()) for t in nouns)
        ):
            nouns = []  # a nominalised participle: "las 35 registradas"
        pronoun = partitive and (not phrase or phrase[0].lower_ in lex.pronouns)
        if not nouns and not partitive and self._partitive_before(doc, span, sent):
            pronoun = True  # "Of these, 71 took place in the capital": a part of the figure before
        after_phrase = phrase[-1].i + 1 if phrase else k + (1 if partitive else 0)
        end = min([clause_end, *(b for b in bounds[1:] if b >= after_phrase)])
        left_size = MAX_LEFT_ELLIPTICAL if not nouns else MAX_LEFT
        left = list(doc[max(start, span.start - left_size) : span.start])
        right = list(doc[after_phrase : min(end, after_phrase + MAX_RIGHT)])
        comma = max((i + 1 for i, t in enumerate(left) if t.text == ","), default=0)
        near_terms = self.clauses.terms(phrase, right, self._own_left(left[comma:], bounds), nouns)
        return _Reading(
            sent=sent,
            clause_start=start,
            phrase=phrase,
            nouns=nouns,
            strong=strong,
            weak=weak,
            partitive=partitive,
            pronoun=pronoun,
            left=left,
            right=right,
            predicate=self.clauses.predicate(right),
            near_terms=near_terms,
            terms=unique(near_terms + self.clauses.terms([], [], left[:comma], []))[:5],
            antecedent=any(
                t.lower_ in lex.antecedents or t.lemma_.lower() in lex.antecedents for t in left
            ),
            lower_bound=bool(lower_bound),
            upper_bound=upper_bound,
            dates=self.clauses.date_tokens(doc),
        )

    def _partitive_before(self, doc: Doc, span: Span, sent: Span) -> bool:
        """ "Of these, 71 ...", "De ellas, 40 ...": the clause opens with a partitive pronoun
        that stands for the figure before, so the bare number counts what that one does."""
        k = span.start - 1
        if k >= sent.start and doc[k].text == ",":
            k -= 1
        return (
            k - 1 >= sent.start
            and doc[k].lower_ in self.lex.pronouns
            and doc[k - 1].lower_ in self.lex.partitive
            and (
                k - 1 == sent.start
                or doc[k - 2].is_punct
                or doc[k - 2].lower_ in self.lex.conjunctions
            )
        )

    def _own_left(self, left: list[Token], bounds: tuple[int, ...]) -> list[Token]:
        """The words before a number that can describe it: not those of a figure before it
        that a conjunction joins ("159 son militares y 146 son civiles": "militares" is what
        159 are, not 146)."""
        previous = bounds[0]
        if not left or previous <= left[0].i:
            return left
        own = [t for t in left if t.i >= previous]
        joins = [k for k, t in enumerate(own) if t.text == "," or t.lower_ in self.lex.conjunctions]
        return own[joins[-1] + 1 :] if joins else own

    def _is_count(self, r: _Reading, span: Span, earlier: list[CountCandidate]) -> bool:
        """Strong nouns count; weak ones with an event; unlisted ones as the detainees of an
        arrest verb; an elliptical figure with a predicate, an event, an antecedent ("the
        figure was ...") or as the next item of a list in its sentence."""
        lex = self.lex
        if earlier and _bare_item(r, lex) and place_item(span.doc, span, lex):
            # "Multan 274 and Gujranwala 189": an item whatever words the parse puts after it
            return earlier[-1].token >= _previous_sentence_start(r.sent)
        if r.partitive and r.nouns and not (r.strong or r.weak) and not r.pronoun:
            return False  # "three of the nine police stations"
        if r.nouns and not r.pronoun:
            unlisted_subject = not (r.strong or r.weak) and any(
                n.dep_ in ("nsubj", "nsubjpass", "nsubj:pass")
                and n.lower_ not in lex.org_anaphors
                and n.lower_ not in lex.document_words
                for n in r.nouns
            )
            return bool(
                r.strong
                or (r.weak and (r.near_terms or r.predicate or self._counted_noun(r.nouns)))
                or (r.weak and listed_after(doc_of(span), earlier, span, r.sent))
                or (r.weak and self._coordinated_with_count(r.nouns))
                # "put the figure at 298 people": the noun the figure is given for
                or (
                    r.weak
                    and any(t.pos_ == "NOUN" and _lemma(t) in lex.antecedents for t in r.left)
                )
                or self._event_head(r.nouns)
                or (unlisted_subject and self._in_custody(r.right))  # "looters remain in custody"
            )
        same_sentence = bool(earlier) and earlier[-1].token >= r.sent.start
        if earlier and place_item(span.doc, span, lex):
            # "Le siguieron Kazán, con más de 150": counts what the figure before it counted
            return earlier[-1].token >= _previous_sentence_start(r.sent)
        label = table_label(span.doc, span)
        if label and (
            self._counting_words(label)
            or (earlier and earlier[-1].label)
            or self._table_counts(span)
            or self._counting_words(table_heading(span.doc, span))
            or self._counting_words(_list_intro(span))
        ):
            return True
        return bool(
            r.predicate
            or r.terms
            or r.antecedent
            or same_sentence
            or (r.pronoun and bool(earlier))
            or self._counted_object(span)
        )

    def _candidate(
        self,
        doc: Doc,
        span: Span,
        number: NumberMention,
        r: _Reading,
        earlier: list[CountCandidate],
        bounds: tuple[int, ...],
    ) -> CountCandidate | None:
        """The subject, qualifier and quote of a number read as a count."""
        lex = self.lex
        elliptical = not r.nouns or r.pronoun
        placed = (
            place_item(doc, span, lex) if (elliptical or _bare_item(r, lex)) and earlier else []
        )
        label = placed or (table_label(doc, span) if elliptical else [])
        if placed:
            # "Aragua, con 6" after "58 adolescentes": the place, and what the figure before counts
            r.predicate = [t.text for t in placed]
            source = next((c for c in reversed(earlier) if not c.placed), earlier[-1])
            intro = [t.text for t in colon_list_intro(span) if self._counting_words([t])]
            # "Departamentos con más detenciones: Cauca 71": what the list's own words count
            subject = r.predicate + (intro or source.subject_words)
        elif label:
            # "Mujeres: 125" in a table of figures: the label says what the figure counts
            r.predicate = [t.text for t in label if not t.is_punct]
            subject = list(r.predicate)
            if _after_item_comma(doc, span):  # an item of a list in running text
                # "Guatemala, 29" under "el desglose ... de las 58 aprehensiones": what it counts
                subject += [
                    t.text
                    for t in _list_intro(span)
                    if t.lower_ in lex.strong or t.lower_ in lex.weak
                ]
        else:
            subject = [t.text for t in r.phrase if t.lower_ not in lex.pronouns] + r.predicate
            subject += r.terms
            verb = span.root.head
            if elliptical and not r.predicate and verb.pos_ == "VERB" and verb.i == span.end:
                # "otras 13 salieron de prisión": with no noun, its verb says what it counts
                subject.insert(0, verb.text)
        has_strong = r.strong or any(w.lower() in lex.strong for w in r.predicate + r.terms)
        if elliptical and not r.predicate and not r.antecedent and not label:
            subject = predicate_words(r.right, self.clauses.date_tokens(doc)) + subject
        if elliptical and not has_strong and earlier and not label:
            totals = [c for c in earlier if not c.breakdown] if r.pronoun or r.antecedent else []
            source = (totals or earlier)[-1]
            # "27 son mujeres y 274 son hombres": a figure that says what it counts does not
            # take the words of a sibling that said what it counts (274 are not women).
            if not (r.predicate and source.described):
                subject = subject + source.subject_words
        if not subject:
            return None
        qualifier, quote_start = self._qualifier(doc, number, r.sent, r.phrase)
        if qualifier == "exact" and (r.lower_bound or r.upper_bound):
            qualifier = "at_least" if r.lower_bound else "up_to"
        before = doc[span.start - 1] if span.start else None
        anaphoric = (
            before is not None
            and before.lower_ in lex.anaphoric
            and before.pos_ in ("DET", "PRON")  # "that" as a conjunction is no determiner
            and quote_start == number.start
        )
        following = doc[span.end] if span.end < len(doc) else None
        pronoun_like = anaphoric and (
            following is None
            or following.is_punct
            or following.pos_ == "AUX"
            or (following.pos_ == "VERB" and "Fin" in following.morph.get("VerbForm"))
        )
        quote_tokens = [*span, *r.phrase, *r.right[: len(r.predicate) + 2]]
        quote_end = max(t.idx + len(t) for t in quote_tokens)
        return CountCandidate(
            value=number.value,
            qualifier=qualifier,
            subject_words=unique(subject),
            quote_span=(quote_start, min(quote_end, r.sent.end_char)),
            token=span.start,
            anaphoric=anaphoric,
            pronoun=pronoun_like,
            elliptical=elliptical,
            breakdown=self._breakdown(doc, span, r.clause_start, r.partitive),
            described=elliptical and bool(r.predicate),
            parse=_label_features(label) if label else _parse_features(span, r, bounds),
            label=bool(label),
            placed=bool(placed),
            another=before is not None and before.lower_ in lex.increment_words,
        )

    def _table_counts(self, span: Span) -> bool:
        """The first line of a table whose later lines say what it counts ("Jau Prison: 503 /
        ... Women's Detention Centre: 11") or that lists places ("Moscow: 187 / St
        Petersburg: 96"): its lines count one thing, so the first line counts it too."""
        text = text_of(span.doc)
        start = text.find("\n", span.end_char)
        labels: list[str] = []
        while start >= 0 and len(labels) < MAX_TABLE_LOOKAHEAD:
            end = text.find("\n", start + 1)
            line = text[start + 1 : end if end >= 0 else len(text)]
            match = _LABEL_LINE.match(line)
            if not match:
                break
            labels.append(re.split(r"[:|]", line, maxsplit=1)[0].strip(" -•·*\t"))
            start = end
        if not labels:
            return False
        lex = self.lex
        words = {w.lower() for label in labels for w in re.findall(r"\w+", label)}
        if words & (lex.strong | lex.weak | lex.antecedents):
            return True
        table = for_lexicon(lex)
        own = " ".join(t.text for t in table_label(span.doc, span)).strip(" -•·*\t")
        return table.names_place(own) and sum(map(table.names_place, labels)) >= len(labels) / 2

    def _counting_words(self, tokens: list[Token]) -> bool:
        lex = self.lex
        return any(
            t.lower_ in lex.strong or t.lower_ in lex.weak or t.lower_ in lex.antecedents
            for t in tokens
        )

    def _coordinated_with_count(self, nouns: list[Token]) -> bool:
        """ "46 hombres y 12 mujeres": a figure coordinated with one that counts counts too."""
        return any(
            c.dep_ == "conj"
            and c.lower_ in self.lex.strong
            and any(g.dep_ == "nummod" or g.like_num for g in c.children)
            for n in nouns
            for c in n.children
        )

    def _counted_noun(self, nouns: list[Token]) -> bool:
        """A generic noun that is the object of a counting verb ("our lists include 779
        people")."""
        return any(
            n.dep_ in ("dobj", "obj") and n.head.lemma_.lower() in self.lex.counting_verbs
            for n in nouns
        )

    def _counted_object(self, span: Span) -> bool:
        """An elliptical figure that is what someone counted ("contabilizaba 2.410"), or the
        predicate of a subjectless "to be" ("En mayo eran 2.300", "there were 95")."""
        number = span.root
        head = number.head
        if number.dep_ in ("dobj", "obj", "attr", "pobj") and (
            head.lemma_.lower() in self.lex.counting_verbs
            or (head.head.lemma_.lower() in self.lex.counting_verbs and head.pos_ == "ADP")
        ):
            return True
        copula = next((c for c in number.children if c.dep_ == "cop"), None)
        if copula is not None:  # Spanish parses "eran 2.300" with the number as the root
            head = number
        if (copula is not None or head.lemma_.lower() in self.lex.copulas) and number.dep_ in (
            "attr",
            "obj",
            "nsubj",
            "ROOT",
            "dobj",
        ):
            subjects = [c for c in head.children if c.dep_.startswith("nsubj") and c.i != number.i]
            return all(
                c.lower_ in self.lex.antecedents or c.lemma_.lower() in self.lex.antecedents
                for c in subjects
            )
        return False

    def _leaves_custody(self, after: list[Token]) -> bool:
        """ "salieron de las cárceles", "walked out of prison": the verb's place is custody."""
        lex = self.lex
        for k, token in enumerate(after[:4]):
            if token.lower_ in lex.custody_prepositions:
                return any(
                    t.pos_ == "NOUN"
                    and (t.lower_ in lex.arrest_weak or _lemma(t) in lex.arrest_weak)
                    for t in after[k : k + 4]
                )
        return False

    def _in_custody(self, right: list[Token]) -> bool:
        """The predicate right after the noun speaks of detention ("remain in custody")."""
        words = self.lex.arrest_words
        return any(t.lower_ in words or t.lemma_.lower() in words for t in right[:6])

    def _event_head(self, nouns: list[Token]) -> bool:
        """An unlisted noun that is the subject or direct object of an event verb ("80
        contractors ... were captured", "guards detained 73 miners")."""
        for noun in nouns:
            head, lemma = noun.head, noun.head.lemma_.lower()
            if head.pos_ != "VERB":
                continue
            if noun.dep_ in ("nsubj", "nsubjpass", "nsubj:pass") and lemma in self.lex.event_verbs:
                return True
            if (
                noun.dep_ in ("dobj", "obj")
                and (lemma in self.lex.arrest_words or self.cues.is_cue(head))
                and lemma not in self.lex.sentencing_verbs
            ):
                # the patient of an arrest verb ("picked up four executives", "se llevaron a
                # 10 personas"); a sentence's object is a penalty
                return True
            if noun.dep_ in PASSIVE_SUBJECTS and self.cues.is_cue(head) and self.cues.passive(head):
                return True  # "four members had been picked up by police"
        return False

    def _non_target(
        self, doc: Doc, n: NumberMention, phrase: list[Token], right: list[Token]
    ) -> bool:
        """Volunteers, turnout, capacity, perpetrators: people who are not targets."""
        lex = self.lex
        if any(t.lower_ in lex.non_target_modifiers for t in phrase):
            return True
        head = next((t for t in phrase if t.pos_ in ("NOUN", "PROPN")), None)
        if (
            head is not None
            and head.dep_ in ("dobj", "obj", "nsubjpass", "nsubj:pass")
            and head.head.lemma_.lower() in lex.event_verbs
        ):
            return False  # "arrested 874 persons for participating in riots": the arrested
        verbs = [t for t in right[:4] if t.pos_ == "VERB"]
        if (
            verbs
            and (
                verbs[0].lower_ in lex.non_target_verbs
                or verbs[0].lemma_.lower() in lex.non_target_verbs
            )
            and not _in_relative_clause(verbs[0], lex)
            and not self._leaves_custody(right[right.index(verbs[0]) + 1 :])
        ):
            # "500 people marched"; not "arrests of people who marched", nor "20 prisoners
            # left the prisons" (a release)
            return True
        before = text_of(doc)[max(0, n.start - 30) : n.start]
        if lex.non_target_before_end.search(before):
            return True
        after_start = phrase[-1].idx + len(phrase[-1]) if phrase else n.end
        return bool(
            lex.non_target_after.match(text_of(doc)[after_start : after_start + 40].lstrip())
        )

    def _qualifier(
        self, doc: Doc, n: NumberMention, sent: Span, phrase: list[Token]
    ) -> tuple[str, int]:
        """The qualifier ("at least", "más de", "or more", "una veintena") and where the
        quote starts (at the qualifier if there is one before the number)."""
        text = text_of(doc)
        before = text[max(sent.start_char, n.start - 40) : n.start]
        match = self.lex.qualifier_before_re.search(before)
        if match and self._topic_preposition(doc, n, match.group("q")):
            match = None
        if match:
            phrase_start = n.start - len(before) + match.start()
            return self.lex.qualifier_before[" ".join(match.group("q").lower().split())], (
                phrase_start
            )
        after_start = phrase[-1].idx + len(phrase[-1]) if phrase else n.end
        for position in (n.end, after_start):
            match = self.lex.qualifier_after_re.match(text, position, position + 20)
            if match:
                return self.lex.qualifier_after[" ".join(match.group("q").lower().split())], n.start
        return n.implied_qualifier or "exact", n.start

    def _topic_preposition(self, doc: Doc, n: NumberMention, word: str) -> bool:
        """ "wrote to the ombudsman about 19 prisoners": a preposition completing a verb of
        speaking or asking, not "roughly"; unless the figure's noun is a subject ("told
        reporters about 30 people were held")."""
        verbs = self.lex.qualifier_prepositions.get(word.lower())
        span = doc.char_span(n.start, n.end, alignment_mode="expand") if verbs else None
        if span is None:
            return False
        node = span.root
        for _ in range(6):
            if node.dep_ in ("nsubj", "nsubjpass", "nsubj:pass"):
                return False
            if node.pos_ in ("VERB", "AUX") or node.head.i == node.i:
                return node.pos_ == "VERB" and _lemma(node) in verbs
            node = node.head
        return False

    def _breakdown(self, doc: Doc, span: Span, start: int, partitive: bool) -> bool:
        left = text_of(doc)[doc[start].idx : span.start_char] if start < span.start else ""
        return partitive or bool(self.lex.breakdown_re.search(left[-40:]))


_MODIFIER_DEPS = frozenset({"amod", "compound", "nmod", "nummod", "advmod", "obl", "pobj"})


def _bare_item(r: _Reading, lexicon: Lexicon) -> bool:
    """ "Multan 274 and Gujranwala 189": the parse hangs the next item of a list on the figure,
    so its "noun phrase" opens with a conjunction."""
    return bool(r.phrase) and r.phrase[0].lower_ in lexicon.conjunctions


def _lemma(token: Token) -> str:
    return (token.lemma_ or token.text).lower()


LABEL_WORDS = 14


def table_label(doc: Doc, span: Span) -> list[Token]:
    """The label before a figure on a line of a table ("Total de presos políticos: 1.046",
    "Hombres: 921 | Mujeres: 125"): the words from the line's (or cell's) start to a colon
    right before the figure; empty when the figure is not laid out so."""
    k = span.start - 1
    if _after_item_comma(doc, span):
        return _list_item_label(doc, span)
    if k < 1 or not (doc[k].text in (":", "|") or _LEADER.match(doc[k].text)):
        return []
    if doc[k].text == "|" and (k < 2 or doc[k - 1].text == "|"):
        return []  # "| Cairo | 1,120 |": the label is the cell before
    words: list[Token] = []
    for j in range(k - 1, max(-1, k - 1 - LABEL_WORDS - 1), -1):
        token = doc[j]
        if token.is_space or token.text in ("|", ";", "•", "·") or "\n" in token.text:
            return list(reversed(words))
        if token.text in (".", ":"):
            return []
        words.append(token)  # "28 other cities: 77": a label may hold a number
    return list(reversed(words)) if j == 0 else []


def _previous_sentence_start(sent: Span) -> int:
    return sentence_of(sent.doc[sent.start - 1]).start if sent.start else 0


def _after_item_comma(doc: Doc, span: Span) -> bool:
    """Whether the figure follows its label's comma ("Guatemala, 29", "Lara, con 8")."""
    k = span.start - 1
    return (k >= 1 and doc[k].text == ",") or (
        k >= 2 and doc[k - 1].text == "," and doc[k].pos_ == "ADP"
    )


def colon_list_intro(span: Span) -> list[Token]:
    """The words before the colon that opens a list of bare items the figure is one of
    ("Departamentos con más detenciones: Cauca 71, Nariño 44"): only names, figures, commas
    and conjunctions stand between the colon and the figure; empty otherwise."""
    sent = sentence_of(span.doc[span.start])
    colon = next((t.i for t in reversed(span.doc[sent.start : span.start]) if t.text == ":"), None)
    if colon is None and sent.start > 0 and span.doc[sent.start - 1].text == ":":
        colon = sent.start - 1  # the parser may end a sentence at the colon
        sent = sentence_of(span.doc[colon])
    if colon is None:
        return []
    between = span.doc[colon + 1 : span.start]
    if not len(between) or not all(
        t.is_title or t.like_num or t.pos_ in ("CCONJ", "PUNCT") for t in between
    ):
        return []
    text = text_of(span.doc)
    if "\n" in text[span.doc[colon].idx : span.start_char]:
        return []  # a heading line and a table under it: read as a table
    line_start = text.rfind("\n", 0, span.doc[colon].idx) + 1
    return [t for t in span.doc[sent.start : colon] if t.idx >= line_start]


def _list_intro(span: Span) -> list[Token]:
    """What a list of figures in running text is a list of: its sentence up to the first colon
    or semicolon ("El desglose por departamento de las 58 aprehensiones es el siguiente:")."""
    sent = sentence_of(span.doc[span.start])
    intro: list[Token] = []
    for token in sent:
        if token.i >= span.start or token.text in (":", ";"):
            break
        intro.append(token)
    return intro


def _list_item_label(doc: Doc, span: Span) -> list[Token]:
    """The label of an item of a list of figures in running text, items parted by semicolons:
    "por departamento: Guatemala, 29; Quetzaltenango, 14; ... y Bolívar, con 4." The figure
    closes its item; the label is the capitalised words after the item boundary."""
    after = doc[span.end] if span.end < len(doc) else None
    if after is not None and not (after.text in (";", ".", ",") or after.pos_ == "CCONJ"):
        return []
    sent = sentence_of(doc[span.start])
    if not any(t.text == ";" for t in sent):
        return []  # "In Caracas, 40 people ...": no list
    k = span.start - 1
    if doc[k].pos_ == "ADP":
        k -= 1
    words: list[Token] = []
    later_item = False  # after a semicolon: the list is under way ("...; resto del país, 3")
    for j in range(k - 1, max(sent.start - 1, k - 1 - LABEL_WORDS - 1), -1):
        token = doc[j]
        if token.text in (";", ":") or (
            token.text == "," and j + 1 < k and doc[j + 1].pos_ == "CCONJ"
        ):
            later_item = token.text != ":"
            break
        if token.text in (".", "|") or token.is_space:
            return []
        words.append(token)
    else:
        return []
    words.reverse()
    while words and (words[0].pos_ == "CCONJ" or words[0].text == ","):
        words.pop(0)
    return words if words and (words[0].is_title or words[0].is_upper or later_item) else []


# dot leaders between a label and its figure ("Distrito Capital ........ 96")
_LEADER = re.compile(r"^[.…·_]{3,}$")
_LABEL_LINE = re.compile(
    r"^[^\S\n]*[-•·*|]?[^\S\n]*[^\n:|]{1,60}?(?:[:|]|[^\S\n]*[.…·_]{3,})[^\S\n]*[\d.,]+"
)
MAX_TABLE_LOOKAHEAD = 12  # lines after a table's first line read to see what it counts
MAX_TITLE = 100  # characters of a title line that can head a table below a blank line
_HEADER_ROW = re.compile(r"^[^\S\n]*\|[^\d\n]*\|[^\S\n]*$")


def table_heading(doc: Doc, span: Span) -> list[Token]:
    """The line that introduces a table ("Detentions on February 16-17, by city:"): the line
    ending with a colon above the run of "label: figure" lines the figure is in."""
    text = text_of(doc)
    if _after_item_comma(doc, span):
        intro = _list_intro(span)  # "El desglose por departamento ... es el siguiente: X, 29; ..."
        if intro and _list_item_label(doc, span):
            return intro
    figure = next((t for t in span if t.like_num), None)
    if figure is not None and figure.i > 0 and doc[figure.i - 1].is_title:
        colon = colon_list_intro(doc[figure.i : figure.i + 1])
        if colon:
            return colon  # "The district-wise breakdown of the arrests is: Lahore 611, ..."
    line_start = text.rfind("\n", 0, span.start_char) + 1
    while line_start > 0:
        previous_start = text.rfind("\n", 0, line_start - 1) + 1
        line = text[previous_start : line_start - 1]
        if _LABEL_LINE.match(line) or _HEADER_ROW.match(line):
            line_start = previous_start
            continue
        short = 0 < len(line.strip()) <= 80 and not any(ch.isdigit() for ch in line)
        if line.rstrip().endswith(":") or short:
            # "Detentions on February 16-17, by city:", "Arrests in April by sex"
            heading = doc.char_span(previous_start, line_start - 1, alignment_mode="expand")
            return list(heading) if heading is not None else []
        if not line.strip() and previous_start > 0:
            # a title, a blank line, then the table ("Detainees in X: update of 31 May\n\n
            # Total: 88"): a title line with no full stop heads the table under it
            title_start = text.rfind("\n", 0, previous_start - 1) + 1
            title = text[title_start : previous_start - 1].strip()
            if (
                0 < len(title) <= MAX_TITLE
                and not title.endswith((".", "!", "?"))
                and not _LABEL_LINE.match(title)
            ):
                heading = doc.char_span(title_start, previous_start - 1, alignment_mode="expand")
                return list(heading) if heading is not None else []
        break
    return []


def _label_features(label: list[Token]) -> dict[str, Any]:
    nouns = [t for t in label if t.pos_ in ("NOUN", "PROPN", "ADJ") and not t.is_punct]
    head = nouns[0] if nouns else label[0]
    return {
        "head": _lemma(head),
        "mods": [_lemma(t) for t in label if t.i != head.i and not t.is_punct][:12],
        "verb": None,
    }


def _in_relative_clause(verb: Token, lexicon: Lexicon) -> bool:
    """A verb whose subject is a relative pronoun ("personas que participaban", "people who
    protested"): it describes the counted people, it is not what the figure did."""
    relatives = lexicon.relative_pronouns | {"que", "who", "which", "that"}
    return verb.dep_ in ("relcl", "acl", "acl:relcl") or any(
        c.dep_.startswith("nsubj") and c.lower_ in relatives for c in verb.children
    )


def doc_of(span: Span) -> Doc:
    return span.doc


def listed_after(doc: Doc, earlier: list[CountCandidate], span: Span, sent: Span) -> bool:
    """A figure listed after a count of its sentence, in apposition to it ("74 personas
    presas, 61 hombres y 13 mujeres", "301: 152 military, 149 civilians"): only the count's
    own words, participles and a comma or colon between them, no finite verb."""
    if not earlier or earlier[-1].token < sent.start:
        return False
    between = doc[earlier[-1].token + 1 : span.start]
    if not any(t.text in (",", ":") for t in between):
        return False
    return not any(t.pos_ in ("VERB", "AUX") and "Fin" in t.morph.get("VerbForm") for t in between)


def _parse_features(span: Span, r: _Reading, bounds: tuple[int, ...]) -> dict[str, Any]:
    """What the parse says a figure counts, for the reconciler's measure taxonomy: the head
    noun's lemma, its modifiers' lemmas (adjectives, complements: "in custody for political
    offences"), and the lemma of the verb that governs the figure. Words, not phrases, so a
    subject phrased in a way no lexicon lists still lands in the right measure."""
    nouns = r.nouns or [t for t in r.phrase if t.pos_ in ("NOUN", "PROPN", "ADJ")]
    # "126 denuncias de detenciones": the first noun is what is counted, the rest its complement
    head = nouns[0] if nouns else None
    if head is None and r.predicate:
        head = next((t for t in r.right if t.text == r.predicate[0]), None)
    verb = governing_verb(head) if head is not None else None
    if verb is None:
        node = span.root
        for _ in range(3):
            if node.pos_ in ("VERB", "AUX") or node.head.i == node.i:
                break
            node = node.head
        verb = node if node.pos_ in ("VERB", "AUX") else None
    mods: list[str] = []
    seen: set[int] = {head.i} if head is not None else set()
    scope = [*r.phrase, *r.right]
    if verb is not None:
        scope += [t for child in verb.children for t in child.subtree]
    # only the figure's own stretch: the words of the figures before and after are theirs,
    # and a comma after the figure (or its verb) ends what can describe it
    low, high = bounds[0], bounds[1] if len(bounds) > 1 else len(span.doc)
    anchor_left = min(span.start, verb.i if verb is not None else span.start)
    anchor_right = max(span.end - 1, verb.i if verb is not None else span.end - 1)
    doc = span.doc
    for k in range(anchor_right + 1, high):
        if doc[k].text in (",", ";", ":", "—", "–") or doc[k].is_space:
            high = k
            break
    for k in range(anchor_left - 1, low - 1, -1):
        if doc[k].text in (";", ":") or doc[k].is_space:
            low = k + 1
            break
    scope = [t for t in scope if low <= t.i < high]
    dates = r.dates
    for token in scope:
        if token.i in seen or token.i == span.root.i or token.like_num or token.i in dates:
            continue
        if token.pos_ in ("NOUN", "ADJ") or (
            token.pos_ == "VERB" and "Part" in token.morph.get("VerbForm")
        ):
            seen.add(token.i)
            mods.append(_lemma(token))
    return {
        "head": _lemma(head) if head is not None else None,
        "mods": mods[:12],
        "verb": _lemma(verb) if verb is not None else None,
        "of": _complement(head),
    }


def _complement(head: Token | None) -> str | None:
    """Whom an event noun is of: "arrests of journalists", "detenciones de periodistas"."""
    if head is None:
        return None
    for child in head.children:
        if child.dep_ == "prep" and child.lower_ in ("of", "de", "del"):
            found = next((g for g in child.children if g.dep_ == "pobj" and g.pos_ == "NOUN"), None)
            if found is not None:
                return _lemma(found)
        if (
            child.dep_ == "nmod"
            and child.pos_ == "NOUN"
            and any(g.dep_ == "case" and g.lower_ in ("de", "del") for g in child.children)
        ):
            return _lemma(child)
    return None
