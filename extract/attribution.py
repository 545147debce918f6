"""Who states a figure: the organisation or person a count is attributed to.

Sources are found the way a reader finds them, in order of strength: an explicit "according
to X" / "según X"; the subject of a speech or reporting verb governing the figure ("Civic Watch
said", "denunció Laura Pineda", "the Centre recognizes"); the speaker of the quotation the figure
stands in; a first-person voice ("our list", "nuestros registros"), which is the document's
author. Pronouns and anaphors ("he said", "the group", "la ONG") resolve to the last person or
organisation mentioned. The caller carries the previous source forward when none is found.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from extract.doctext import sentence_of, span_text, text_of
from extract.lexicon import Lexicon
from extract.persons import NameRun, PersonEntity

AUTHOR = "\x00author"  # placeholder for the document's own voice, resolved once it is known
HEADING_MAX = 160  # a first line longer than this is a paragraph, not a heading
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "nsubj:pass", "csubj"})
_RELATIVE_DEPS = frozenset({"relcl", "acl:relcl", "acl"})
_OWNER_PREPOSITIONS = frozenset({"of", "de", "del"})
SIGNATURE_REACH = 120  # characters from a text's end in which a "— Name" signature is looked for
# clauses whose verb shares the subject of the verb they hang from ("said ... and added")
SHARED_SUBJECT_DEPS = frozenset({"conj", "advcl", "xcomp"})
# "LIMA.-", "QUITO, May 3 -": a dateline, not an organisation
# a word written in lowercase as a word of prose (not inside an address: "media@gpac-x.org")
_LOWER_WORD = re.compile(r"(?<![^\s(«“\"'])[^\W\d_A-ZÀ-Þ][^\W\d_]*(?=[\s,;:!?)»”\"']|\.(?!\w)|$)")
# a name that runs on to its acronym: "... a los Detenidos de Birmania (BDSC, ..."
_ACRONYM_AFTER = re.compile(r"[^.;:()\n]{0,60}?\(([A-Z][\w-]{1,12})(?:\)|,)")
_ACRONYM_CLOSED = re.compile(r"\s*\(([A-Z][\w-]{1,12})\)")
_DATELINE = re.compile(
    r"^[^\S\n]*[A-ZÀ-Þ][A-ZÀ-Þ'’.]+(?:[^\S\n]+[A-ZÀ-Þ][A-ZÀ-Þ'’.]+){0,3}(?=,|\.-|\.–|[^\S\n]+[-–])",
    re.MULTILINE,
)
# "Vilnius, May 21, 2025.", "Vilna, 21 may (ACN).-", "Barquisimeto.-", "Dravenik (ACN).-": a
# mixed-case dateline at the head of a text, the place a story was filed from, not a source
_HEAD_DATELINE = re.compile(
    r"\A\s*[A-ZÀ-Þ][\w'’-]+(?:[^\S\n]+[A-ZÀ-Þ][\w'’-]+){0,3}"
    r"(?:,[^\S\n]*(?=[^\n]{0,40}\d)[^.\n(]{3,40}?)?[^\S\n]*(?:\([^)\n]{1,30}\))?"
    r"[^\S\n]*(?:\.-|\.–|[-–—]|\.(?=\s))"
)
_DATELINE_PREFIX = re.compile(r"^[A-ZÀ-Þ][A-ZÀ-Þ'’. ]+(?:,[^-–—]{0,30})?\s*(?:[-–—]|\.-)\s+")
_NAME_TEXT = re.compile(r"^[^\W\d_][\w\s.'’&,()-]*$")
_QUOTES = re.compile(r"“[^”\n]{3,}?”|«[^»\n]{3,}?»|\"[^\"\n]{3,}?\"")


def _opens_line(text: str, position: int) -> bool:
    """Whether only punctuation comes before ``position`` on its line (or sentence)."""
    start = max(text.rfind("\n", 0, position), text.rfind(". ", 0, position) + 1) + 1
    return not any(c.isalnum() for c in text[start:position])


@dataclass(frozen=True, slots=True)
class Mention:
    start: int
    end: int
    text: str


class SourceFinder:
    """Resolves the source of figures in one parsed document."""

    def __init__(
        self,
        lexicon: Lexicon,
        doc: Doc,
        persons: list[PersonEntity],
        runs: list[NameRun],
    ) -> None:
        self.lex = lexicon
        self.doc = doc
        # month and weekday names: "its report for October" names no author
        self.calendar_words = {w.lower() for w in (*lexicon.dates.months, *lexicon.dates.weekdays)}
        self.person_at: dict[int, PersonEntity] = {}
        for person in persons:
            for start, end in person.mentions:
                span = doc.char_span(start, end, alignment_mode="expand")
                if span is not None:
                    for token in span:
                        self.person_at[token.i] = person
        self.person_starts = sorted(
            (start, person.name) for person in persons for start, _ in person.mentions
        )
        self._org_tail = lexicon.org_tail_re
        self._determiners = lexicon.determiners_re
        self.date_spans = [(d.start, d.end) for d in doc._.ct_dates or []]
        self.orgs = self._organisations(doc, runs)
        self.author = self._author()
        self.quotes = [m.span() for m in _QUOTES.finditer(text_of(doc))]
        self._phrase_cache: dict[int, list[tuple[Token, str]]] = {}
        self._verb_cache: dict[int, list[Token]] = {}
        self._subject_cache: dict[int, str | None] = {}
        # organisations already heard as sources, by position: "la organización" / "the
        # group" most likely means one that has spoken, not any body named in passing
        self.spoken: list[tuple[int, str]] = []
        # figures whose source is a party someone else reports or rejects ("the group's claim
        # that 600 ..."): the next figure is not theirs by default
        self.embedded: set[int] = set()
        self._alleged: set[tuple[int, str]] = set()

    # -- organisations and the document's own voice --

    def _organisations(self, doc: Doc, runs: list[NameRun]) -> list[Mention]:
        """Organisation mentions: the model's ORG entities and capitalized runs with an
        organisation word or an acronym, extended over connectors ("Mechanism for the
        Recognition of ...") and a following "(ACRONYM)"; the longest wins an overlap."""
        text = text_of(doc)
        datelines = [m.span() for m in _DATELINE.finditer(text)]
        head = _HEAD_DATELINE.match(text)
        if head is not None:
            datelines.append(head.span())
        self.datelines = datelines
        candidates: list[tuple[int, int]] = []
        common = self.lex.common_org_words
        for ent in doc.ents:
            if ent.label_ not in self.lex.grammar.org_labels or any(
                t.i in self.person_at for t in ent
            ):
                continue
            words = [t for t in ent if not t.is_stop]
            if not _NAME_TEXT.match(ent.text) or not any(t.is_title or t.is_upper for t in ent):
                continue
            if len(words) == 1 and words[0].lower_ in common:
                continue
            if len(words) == 1 and words[0].pos_ == "ADJ" and _opens_line(text, words[0].idx):
                continue  # "(Unofficial translation ...)": capitalised as a line's first word
            if located_name(ent, self.lex):
                continue  # "documentó 128 detenciones en Lindora": a place the model mislabels
            tokens = list(ent)
            while len(tokens) > 1 and tokens[-1].is_lower:
                tokens.pop()  # "Cemops registró": the model's span ran on into the verb
            while len(tokens) > 1 and (
                tokens[0].is_lower or tokens[0].lower_ in self.lex.determiners
            ):
                tokens.pop(0)  # "a spokesman for the Security Bureau": the body is the name
            start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1])
            if text.count("(", start, end) > text.count(")", start, end):
                # "The X Centre (CLAC" as the model cut it: the acronym's parenthesis closes
                closed = _ACRONYM_CLOSED.match(text, text.rfind("(", start, end) - 1)
                end = closed.end() if closed else text.rfind("(", start, end)
            candidates.append((start, end))
        for run in runs:
            words = [text[s:e] for s, e in run.words]
            lowered = {w.lower().strip("'’") for w in words}
            acronym = (
                len(words) == 1
                and 2 <= len(words[0]) <= 10
                and words[0][:2].isupper()
                and words[0].lower() not in self.lex.name_stopwords
            )
            single_common = len(lowered) == 1 and lowered <= common
            if len(words) == 1 and _common_phrase(text, run.end, self.lex):
                continue  # "Freedom of assembly is guaranteed": a sentence's first word
            if (acronym or lowered & self.lex.org_words) and not single_common:
                # "Detainee Support Ostland": a name whose first word the run left out
                start = run.start if acronym else self._extend_left(doc, run.start)
                candidates.append(self._extend(text, start, run.end))
            elif len(words) > 1 and not single_common:
                start = self._extend_left(doc, run.start)
                if start < run.start:
                    candidates.append(self._extend(text, start, run.end))
        lowercase_words = {m.group(0) for m in _LOWER_WORD.finditer(text)}
        found: list[Mention] = []
        for start, end in sorted(candidates, key=lambda c: (c[0], -(c[1] - c[0]))):
            if any(s <= start < e for s, e in datelines):
                continue
            if " " not in text[start:end] and text[start:end].lower() in lowercase_words:
                continue  # "3/ Menores: ...": a common noun the text also writes in lowercase
            if {w.lower() for w in text[start:end].split()} & self.lex.place_words:
                continue  # "Lenin Prospekt", "Liberty Avenue"
            if found and start < found[-1].end:
                continue
            found.append(Mention(start, end, self._clean(text[start:end])))
        return found

    def _extend_left(self, doc: Doc, start: int) -> int:
        """The start of a capitalised name whose first words the name runs left out (a role
        word such as "Detainee" that also begins an organisation's name)."""
        span = doc.char_span(start, start + 1, alignment_mode="expand")
        if span is None:
            return start
        k = span.start
        while k > 0:
            before = doc[k - 1]
            if not (before.is_title and before.is_alpha) or before.is_sent_start:
                break
            if before.lower_ in self.lex.determiners or before.lower_ in self.lex.titles:
                break
            k -= 1
        return doc[k].idx

    def _extend(self, text: str, start: int, end: int) -> tuple[int, int]:
        """Grow an organisation name over connectors and a following "(ACRONYM)"."""
        while True:
            match = self._org_tail.match(text, end)
            if not match:
                break
            tail = {w.lower() for w in match.group("words").split()}
            to_acronym = _ACRONYM_AFTER.match(text, match.end()) is not None
            stopped = (
                tail & (self.lex.name_stopwords - self.lex.org_words) - self.lex.countries.keys()
            )
            if stopped and not to_acronym:
                break  # "Spring Watch on Thursday"
            if (
                match.group("conn").split()[0].lower() in self.lex.loose_connectors
                and not tail & self.lex.org_words
                and not to_acronym
            ):
                break  # "Comité de Apoyo a los Detenidos de X (BDSC)" goes on to its acronym
            end = match.end()
        acronym = _ACRONYM_CLOSED.match(text, end)
        return (start, acronym.end() if acronym else end)

    def _author(self) -> str | None:
        """The organisation speaking in its own voice: named in a short heading, else the one
        mentioned most often (refined by :meth:`prefer_author` once sources are known)."""
        orgs = [
            m
            for m in self.orgs
            if not self._is_authority(m.text) and not self._of_a_role(m) and not self._addressed(m)
        ]
        if not orgs:
            return self._signer()
        heading_end = text_of(self.doc).find("\n")
        if 0 < heading_end <= HEADING_MAX:
            heading = [m for m in orgs if m.start < heading_end]
            if heading:
                return heading[0].text
        if self._singular_voice():
            # "I wish to inform this House ...": one person speaks in their own name (a
            # minister's statement), and a body the text only names in passing is not them
            orgs = [m for m in orgs if self._subject_mention(m)]
            if not orgs:
                return None
        counts = Counter(_key(m.text) for m in orgs)
        best = max(orgs, key=lambda m: (counts[_key(m.text)], -m.start))
        return best.text

    def _signer(self) -> str | None:
        """A text signed at its end ("... escríbenos. — Salomé García, por el equipo"): with
        no organisation to speak for it, the signer is its voice ("we counted", "nuestro
        listado")."""
        text = text_of(self.doc)
        dash = max(
            text.rfind("—", len(text) - SIGNATURE_REACH),
            text.rfind("–", len(text) - SIGNATURE_REACH),
        )
        if dash < 0 or "\n" in text[dash:].strip():
            return None
        after = dash + 1 + len(text[dash + 1 :]) - len(text[dash + 1 :].lstrip())
        return next((name for start, name in self.person_starts if start == after), None)

    def _root_of(self, mention: Mention) -> Token | None:
        span = self.doc.char_span(mention.start, mention.end, alignment_mode="expand")
        return span.root if span is not None else None

    def _addressed(self, mention: Mention) -> bool:
        """ "inform this House", "pidió al Congreso", "a question from a Legislative Council
        member": a body spoken to, or named as a person's seat, is not the text's voice."""
        root = self._root_of(mention)
        if root is None:
            return False
        grammar = self.lex.grammar
        if root.dep_ in grammar.object_deps and root.head.lemma_.lower() in self.lex.addressing:
            return True  # "inform this House", not "dirige el Centro"
        recipients = set(grammar.recipient_prepositions)
        if any(c.dep_ == "case" and c.lower_ in recipients for c in root.children):
            return root.head.pos_ in ("VERB", "AUX")  # "al Congreso" hanging from a verb
        if root.head.lower_ in recipients and root.head.head.pos_ in ("VERB", "AUX"):
            return True  # "wrote to the Council"
        role = root.head if root.dep_ == "compound" else None
        return (
            role is not None
            and role.lower_ in self.lex.spokesperson_roles
            and role.dep_ not in SUBJECT_DEPS
            and not (role.dep_ == "compound" and role.head.dep_ in SUBJECT_DEPS)
        )

    def _subject_mention(self, mention: Mention) -> bool:
        """Named as a clause's subject, or as the body a speaking role belongs to ("the
        spokesman of the Judiciary said")."""
        root = self._root_of(mention)
        if root is None:
            return False
        if root.dep_ in SUBJECT_DEPS:
            return True
        holder = root.head.head if root.head.dep_ in ("prep", "case") else root.head
        if root.dep_ == "nmod":
            holder = root.head
        return holder.lower_ in self.lex.spokesperson_roles and holder.dep_ in SUBJECT_DEPS

    def _singular_voice(self) -> bool:
        """A first person singular outside quotes and no plural one ("our list" is an
        organisation's voice)."""
        quotes = [m.span() for m in _QUOTES.finditer(text_of(self.doc))]
        numbers = {
            number
            for t in self.doc
            if t.pos_ in ("PRON", "VERB", "AUX", "DET")
            and "1" in t.morph.get("Person")
            and not any(s <= t.idx < e for s, e in quotes)
            for number in t.morph.get("Number") or ["Sing"]
        }
        plural = any(t.lower_ in self.lex.first_person for t in self.doc)
        return numbers == {"Sing"} and not plural

    def _of_a_role(self, mention: Mention) -> bool:
        """ "the Mayor of Bursa Metropolitan Municipality", "el alcalde de X": a body named as
        someone's post is spoken of, it does not speak."""
        words = text_of(self.doc)[max(0, mention.start - 40) : mention.start].lower().split()
        while words and words[-1] in self.lex.determiners:
            words.pop()
        return (
            len(words) >= 2
            and words[-1] in self.lex.org_connectors
            and words[-2] in self.lex.roles
            and words[-2] not in self.lex.spokesperson_roles  # "director of X" speaks for X
        )

    def _is_authority(self, name: str) -> bool:
        """A state body (ministry, police, security service): never a text's own voice."""
        return bool({w.lower() for w in name.split()} & self.lex.authorities)

    def prefer_author(self, stated: list[str]) -> None:
        """With no heading, the organisation the text cites most is the likeliest voice."""
        heading_end = text_of(self.doc).find("\n")
        has_heading = 0 < heading_end <= HEADING_MAX and any(
            m.start < heading_end for m in self.orgs
        )
        orgs = {_key(m.text) for m in self.orgs}
        # a name, not a description ("official media", "rights groups"): only a body the
        # text names can be the one speaking in it
        cited = [s for s in stated if _key(s) in orgs and any(c.isupper() for c in s)]
        if cited and not has_heading:
            counts = Counter(cited)
            self.author = max(cited, key=lambda s: (counts[s], -cited.index(s)))

    # -- resolution --

    def source_for(self, token: Token) -> str | None:
        """The stated source of the figure at ``token``, or None if the text gives none here.

        Candidates in the sentence ("according to X" phrases, subjects of reporting verbs) are
        ranked by how directly they govern the figure in the parse: an ancestor of the figure
        beats a verb of another clause ("... after the government announced it would free 510
        prisoners" belongs to the government even if "según X" opens the sentence)."""
        sent = sentence_of(token)
        depth = {a.i: d for d, a in enumerate(token.ancestors, start=1)}
        candidates = (
            self._according_to(sent, depth, token)
            + self._reporting_verbs(sent, token, depth)
            + self._claim_owner(token)
            + self._document_owner(token, sent)
        )
        named = [c for c in candidates if c[1] != AUTHOR]
        if named:
            best = min(named, key=lambda c: c[0])
            if best in self._alleged:
                self.embedded.add(token.i)
            return best[1]
        # "We counted 88 arrests," said X: inside a quotation "we" is the speaker's voice
        return self._quote_speaker(token) or (AUTHOR if candidates else self._first_person(sent))

    def _according_to(
        self, sent: Span, depth: dict[int, int], token: Token | None = None
    ) -> list[tuple[int, str]]:
        found = []
        text = text_of(self.doc)
        for trigger, source in self._phrases(sent):
            if token is not None and trigger.i > token.i and "\n" in text[token.idx : trigger.idx]:
                continue  # a later line's "(according to official media)" is that line's
            rank = self._governs(trigger, depth)
            if token is not None and self._across_relative(token, trigger):
                rank = 40  # "... Navalny, who died, according to officials, ...": another clause's
            found.append((rank, source))
        return found

    def _across_relative(self, token: Token, trigger: Token) -> bool:
        """A relative pronoun between a figure and a later "according to": the phrase belongs
        to the relative clause, whatever the parse attached it to."""
        if trigger.i <= token.i:
            return False
        relatives = self.lex.relative_pronouns
        return any(t.lower_ in relatives for t in self.doc[token.i + 1 : trigger.i])

    def _phrases(self, sent: Span) -> list[tuple[Token, str]]:
        """The sentence's "according to X" phrases, resolved once per sentence."""
        cached = self._phrase_cache.get(sent.start)
        if cached is not None:
            return cached
        found = []
        for match in self.lex.according_to_re.finditer(span_text(sent)):
            start = sent.start_char + match.end()
            span = self.doc.char_span(start, sent.end_char, alignment_mode="expand")
            trigger = self.doc.char_span(
                sent.start_char + match.start(), start, alignment_mode="expand"
            )
            if span is None or trigger is None:
                continue
            phrase: list[Token] = []
            skip_to = -1
            for t in span:
                if t.i < skip_to:
                    continue
                if not phrase and t.pos_ in ("VERB", "AUX"):
                    # "según informó su portavoz", "según confirmó a este diario su director":
                    # the verb's subject, past its other complements
                    subject = next(
                        (c for c in t.children if c.dep_ in ("nsubj", "nsubj:pass") and c.i > t.i),
                        None,
                    )
                    if subject is not None:
                        skip_to = subject.left_edge.i
                    continue
                if (t.is_punct and t.text not in ("'", "’", "-")) or t.is_space or len(phrase) > 12:
                    break
                phrase.append(t)
            source = self._resolve(phrase, start)
            if source:
                found.append((trigger[0], source))
                self._heard(start, source)
        self._phrase_cache[sent.start] = found
        return found

    def _verbs(self, sent: Span) -> list[Token]:
        """The sentence's speech and reporting verbs, found once per sentence."""
        cached = self._verb_cache.get(sent.start)
        if cached is None:
            verbs = self.lex.attribution_verbs
            cached = [
                t
                for t in sent
                if t.pos_ in ("VERB", "AUX") and (t.lemma_.lower() in verbs or t.lower_ in verbs)
            ]
            self._verb_cache[sent.start] = cached
        return cached

    def _reporting_verbs(
        self, sent: Span, token: Token, depth: dict[int, int]
    ) -> list[tuple[int, str]]:
        found = []
        for verb in self._verbs(sent):
            if verb.i not in depth and not (
                verb.dep_ == "ROOT"
                or (verb.dep_ in ("parataxis", "conj") and verb.head.dep_ == "ROOT")
                # "the figure of 110 published by X": a participle describing the figure's noun
                or (
                    verb.dep_ == "acl"
                    and (verb.head.i in depth or verb.head.i == token.i)
                    and _passive(verb)
                )
                # "los 300 detenidos que contabiliza X", "the 300 arrests the centre counted"
                or (
                    (verb.head.i in depth or verb.head.i == token.i) and self._relative_clause(verb)
                )
            ):
                continue  # a verb of an unrelated clause
            subjects = self._subjects(verb)
            source = None
            for subject in [*self._agents(verb), *subjects]:
                words = _without_clause(subject, verb)
                if words[0].i <= token.i <= words[-1].i:
                    continue  # "30 inmates maintain a protest": not a source
                if subject.i not in self._subject_cache:
                    self._subject_cache[subject.i] = self._resolve(words, subject.idx)
                    self._heard(subject.idx, self._subject_cache[subject.i])
                source = self._subject_cache[subject.i]
                if source:
                    break
            dropped = source is None and not subjects and self.lex.grammar.drops_subjects
            if dropped and verb.i in depth and not any(map(self._is_reporting, verb.ancestors)):
                source = self._last_person_or_org(verb.idx)  # "denunció" with no subject
            if source:
                rank = depth.get(verb.i, 50 + abs(verb.i - token.i))
                if verb.head.i in (token.i, token.head.i) and self._relative_clause(verb):
                    rank = 0  # the clause describes the figure itself
                found.append((rank, source))
                if verb.dep_ == "acl" and _progressive(verb):
                    self._alleged.add((rank, source))
        return found

    def _claim_owner(self, token: Token) -> list[tuple[int, str]]:
        """ "rejected the group's assertion that 600 are held", "las acusaciones de la ONG de
        que ...": a figure in the clause of a noun for what someone alleges is the alleger's,
        not the speaker's who reports or rejects it."""
        nouns = self.lex.claim_nouns
        if not nouns:
            return []
        by = self.lex.agent_prepositions | {"of", "de", "from", "del"}
        clauses = ("acl", "ccomp", "relcl", "acl:relcl")
        child = token
        for depth, noun in enumerate(token.ancestors, start=1):
            if child.dep_ in clauses and noun.lemma_.lower() in nouns:
                owners = [
                    c
                    for c in noun.children
                    if c.i < child.left_edge.i
                    and (
                        c.dep_ in ("poss", "nmod:poss")
                        or (c.dep_ == "prep" and c.lower_ in by)
                        or (c.dep_ == "nmod" and any(g.lower_ in by for g in c.children))
                    )
                ]
                for owner in owners:
                    words = [g for g in owner.subtree if g.dep_ != "case" or g.head.i != owner.i]
                    if owner.dep_ == "prep":
                        words = [g for g in owner.subtree if g.i != owner.i]
                    source = self._resolve(words, words[0].idx) if words else None
                    if source:
                        self._alleged.add((depth, source))
                        return [(depth, source)]
                return []
            child = noun
        return []

    def _document_owner(self, token: Token, sent: Span) -> list[tuple[int, str]]:
        """A figure read off someone's list or register: "la lista de 62 presos que mantiene
        el Mecanismo" (a relative clause on the phrase the figure is in names its keeper),
        "La lista del Mecanismo había caído ... desde 77" (the sentence's subject is a
        named body's document). Ranked below a verb of saying, which names the speaker."""
        documents = self.lex.document_words
        for rank, noun in enumerate(token.ancestors, start=1):
            if noun.pos_ not in ("NOUN", "PROPN") or (
                noun.lower_ not in documents and noun.lemma_.lower() not in documents
            ):
                continue
            for clause in noun.subtree:
                if clause.dep_ not in _RELATIVE_DEPS or token.i in {t.i for t in clause.subtree}:
                    continue
                for subject in clause.children:
                    if subject.dep_ in SUBJECT_DEPS and subject.pos_ in ("PROPN", "NOUN"):
                        found = self._resolve(_without_clause(subject, clause), subject.idx)
                        if found and found != AUTHOR:
                            return [(30 + rank, found)]
            break
        # the sentence's first subject, whatever the parse makes the root ("The register of
        # X had already fallen: it dropped from 55")
        first = next((t for t in sent if t.dep_ in SUBJECT_DEPS and t.i < token.i), None)
        subjects = [t for t in sent.root.children if t.dep_ in SUBJECT_DEPS]
        for subject in ([first] if first is not None else []) + subjects:
            head = subject.pos_ in ("NOUN", "PROPN") and (
                subject.lower_ in documents or subject.lemma_.lower() in documents
            )
            if subject.dep_ not in SUBJECT_DEPS or not head or subject.i == token.i:
                continue
            words = list(subject.subtree)
            if words[0].i <= token.i <= words[-1].i:
                continue
            for owner in subject.children:
                # "La lista del Mecanismo", "the group's register": whose, not when
                of = owner.dep_ == "prep" and owner.lower_ in _OWNER_PREPOSITIONS
                case = owner.dep_ == "nmod" and any(
                    c.dep_ == "case" and c.lower_ in _OWNER_PREPOSITIONS for c in owner.children
                )
                if not (of or case or owner.dep_ in ("poss", "nmod:poss")):
                    continue
                named = [t for t in owner.subtree if t.i != owner.i or not of]
                named = [t for t in named if t.dep_ != "case" and t.lower_ not in ("'s", "’s")]
                if not named or any(s <= t.idx < e for t in named for s, e in self.date_spans):
                    continue
                found = self._resolve(named, named[0].idx)
                if found and found != AUTHOR:
                    return [(45, found)]
        return []

    @staticmethod
    def _relative_clause(verb: Token) -> bool:
        """A clause describing a noun whose object the noun is: its subject tells the figure."""
        if verb.dep_ == "relcl":
            return True
        return verb.dep_ in ("acl", "acl:relcl") and any(
            c.dep_ in ("obj", "dobj") and "Rel" in c.morph.get("PronType") for c in verb.children
        )

    def _subjects(self, verb: Token) -> list[Token]:
        """The verb's own subjects, else those of the verb it hangs from when it has none of
        its own: "X rejected the claims, insisting that ...", "X met the press and said ..."."""
        if verb.dep_ == "acl" and _progressive(verb) and verb.head.pos_ in ("NOUN", "PROPN"):
            return [verb.head]  # "a group alleging that ...": the noun the participle describes
        if (
            verb.dep_ == "advcl"
            and _progressive(verb)
            and verb.head.dep_ != "ROOT"
            and verb.i > 0
            and verb.doc[verb.i - 1].text == ","
        ):
            # "X rejected the claim that 600 are held, saying ...": a reporting participle set
            # off by a comma is the main clause's act, wherever the parse hung it
            verb = verb.sent.root
        node = verb
        for _ in range(3):
            subjects = [
                c
                for c in node.children
                if (c.dep_ in SUBJECT_DEPS and not c.is_space) or _bare_acronym(c, node)
            ]
            if subjects or node.dep_ not in SHARED_SUBJECT_DEPS or node.head.i == node.i:
                return subjects
            if node.dep_ != "conj" and "Fin" in node.morph.get("VerbForm"):
                return subjects  # "... after it said": a finite clause has a subject of its own
            node = node.head
        return []

    def _agents(self, verb: Token) -> list[Token]:
        """ "the figures were published by X", "fue documentado por X": the agent states them
        (only of a passive verb: in "documented 1,046 arrests by the military" the military
        made the arrests)."""
        if not _passive(verb):
            return []
        by = self.lex.agent_prepositions
        found = []
        for child in verb.children:
            if child.dep_ == "agent" or (child.dep_ == "prep" and child.lower_ in by):
                found += [g for g in child.children if g.pos_ in ("NOUN", "PROPN")]
            elif child.dep_ == "obl" and any(
                g.dep_ == "case" and g.lower_ in by for g in child.children
            ):
                found.append(child)
        return found

    def _is_reporting(self, verb: Token) -> bool:
        return (
            verb.lemma_.lower() in self.lex.attribution_verbs
            or verb.lower_ in self.lex.attribution_verbs
        ) and any(c.dep_ in SUBJECT_DEPS for c in verb.children)

    def _governs(self, trigger: Token, depth: dict[int, int]) -> int:
        """How high above the figure the clause an "according to" phrase hangs from is."""
        node = trigger
        for _ in range(4):
            if node.i in depth:
                return depth[node.i]
            if node.head.i == node.i or node.dep_ in ("relcl", "acl", "acl:relcl"):
                break  # "Navalny, who died, according to officials, ...": another clause's
            node = node.head
        return 40

    def _quote_speaker(self, token: Token) -> str | None:
        for start, end in self.quotes:
            if not start <= token.idx < end:
                continue
            after = self.doc.char_span(
                end, min(len(text_of(self.doc)), end + 160), alignment_mode="expand"
            )
            if after is not None:
                for t in list(after)[:6]:
                    if t.is_space and "\n" in t.text:
                        break
                    if (
                        t.lemma_.lower() in self.lex.attribution_verbs
                        or t.lower_ in self.lex.speech_after
                    ):
                        source = self._verb_subject(t)
                        if source:
                            return source
            before = self.doc.char_span(max(0, start - 200), start, alignment_mode="expand")
            if before is not None:
                for t in reversed(list(before)[-12:]):
                    if t.is_space and "\n" in t.text:
                        break
                    if t.lemma_.lower() in self.lex.attribution_verbs:
                        source = self._verb_subject(t)
                        if source:
                            return source
        return None

    def _verb_subject(self, verb: Token) -> str | None:
        for child in verb.children:
            if child.dep_ in SUBJECT_DEPS:
                source = self._resolve(_without_clause(child, verb), child.idx)
                if source:
                    return source
        following = [t for t in self.doc[verb.i + 1 : verb.i + 12]]
        for t in following:
            if t.i in self.person_at:
                return self.person_at[t.i].name
            if t.text in (".", ";", "\n"):
                break
        return None

    def _first_person(self, sent: Span) -> str | None:
        """ "We counted", "registramos", "hemos documentado": the text's own voice, by the
        lexicon's pronouns or by the verb's person (the model's morphology: any plural first
        person verb, not a list of conjugated forms)."""
        if any(
            t.lower_ in self.lex.first_person
            or (
                t.pos_ in ("VERB", "AUX")
                and "1" in t.morph.get("Person")
                and "Plur" in t.morph.get("Number")
            )
            for t in sent
        ):
            return AUTHOR
        return None

    def _resolve(self, tokens: list[Token], position: int) -> str | None:
        """A noun phrase as a source: a person, an organisation, or a resolved anaphor."""
        tokens = _same_paragraph(tokens)
        if not tokens:
            return None
        issuer = self._relative_issuer(tokens)
        if issuer is not None:
            found = self._resolve(issuer, issuer[0].idx)
            if found:
                return found  # "el informe que la ONG publicó": the organisation's
        if all(
            t.is_punct or t.is_space or any(s <= t.idx < e for s, e in self.date_spans) or t.is_stop
            for t in tokens
        ):
            return None  # "May and June added 683": a date is no source
        if any(s <= tokens[0].idx < e for s, e in self.datelines):
            tokens = [t for t in tokens if not any(s <= t.idx < e for s, e in self.datelines)]
            if not tokens:
                return None  # "Vilnius, May 21, 2025.": where the text was filed from
        # a person or organisation heading the phrase speaks; one it belongs to ("X's party")
        # does not, unless the phrase is a document of theirs ("AAPP's records")
        document = _head(tokens).lower_ in self.lex.document_words
        if any(t.lower_ in self.lex.first_person for t in tokens) and not any(
            t.i in self.person_at for t in tokens
        ):
            return AUTHOR  # "our regional office", "nuestra oficina": the text's own voice
        if _head(tokens).lower_ in self.lex.spokesperson_roles:
            body = self._body_of_role(_head(tokens), tokens)
            if body:
                return body  # "a spokesman for the Security Bureau", "el portavoz de la Policía"
        if _head(tokens).lower_ in self.lex.authorities and not any(
            t.i in self.person_at for t in tokens
        ):
            # "the Ostland interior ministry": the body, not the country it belongs to
            return self._remember(position, self._noun_phrase(tokens))
        for t in tokens:
            if t.i in self.person_at and (document or not _possessor(t)):
                return self.person_at[t.i].name
        if any(t.lower_ in self.lex.first_person for t in tokens):
            return AUTHOR  # "our Ministry", "nuestros registros": the text's own voice
        named = " ".join(t.lower_ for t in tokens if t.lower_ not in self.lex.determiners)
        if named in self.lex.places or self._region(named):
            return None  # "Bielorrusia mantiene encarceladas a ...": a place holds, not says
        start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1])
        inside = [
            m
            for m in self.orgs
            if start <= m.start < end
            and m.end - m.start > 1
            and (document or not self._org_possessor(m))
        ]
        if inside:
            return max(inside, key=lambda m: m.end - m.start).text
        following = tokens[-1].i + 1
        while (
            following < len(self.doc)
            and self.doc[following].pos_ == "PROPN"
            and (self.doc[following].is_title)
        ):
            tokens = [*tokens, self.doc[following]]  # an apposition the parse left outside
            following += 1
        words = [t.lower_ for t in tokens]
        head_token = _head(tokens)
        head = head_token.lower_
        if any(w in self.lex.first_person for w in words):
            return AUTHOR  # "our data", "nuestros registros"
        if head in self.lex.person_pronouns:
            return self._last_person(position)
        if head in self.lex.spokesperson_roles and any(
            t.lower_ in self.lex.possessives for t in tokens
        ):
            return self._last_org(position)  # "según confirmó su director": its organisation
        described = self._described_person(tokens, head_token, position)
        if described is not None:
            return described  # "la abogada recordó que ...": the lawyer named before
        if head in self.lex.kinship or head_token.lemma_.lower() in self.lex.kinship:
            return None  # "his wife", "sus familiares": sources of a story, not of figures
        if head in self.lex.document_words:
            own = _own_modifiers(head_token, {t.i for t in tokens})
            qualified = any(
                t.lower_ in self.lex.authorities or (t.is_title and t.pos_ == "PROPN")
                for t in own
                if not any(s <= t.idx < e for s, e in self.date_spans)
                and t.lower_ not in self.calendar_words
            )  # "police figures", not "its report for October", "cifras que la ONG publicó"
            if qualified:  # "police figures", "datos oficiales"
                owner = _named_owner(head_token, tokens)
                if owner:
                    return self._remember(position, owner)  # "el registro del Foro Penal"
                return self._remember(position, self._noun_phrase(tokens))
            if any(t.lower_ in self.lex.possessives for t in own):
                owner = self._clause_subject(head_token)
                if owner is not None:
                    return owner  # "the ministry ... insisting that its figure of 73"
            issued = self._issuer(head_token)
            if issued:
                return issued  # "la Policía difundió un comunicado ... Según esa nota, ..."
            return self._last_org(position)  # "according to the report": its author
        anaphor = next((t for t in tokens if t.lower_ in self.lex.org_anaphors), None)
        if head in self.lex.org_pronouns or anaphor is not None:
            named = anaphor is not None and (
                any(
                    t.is_title
                    and t.i != anaphor.i
                    and t.pos_ == "PROPN"
                    # a place after it says where it sits: "la ONG con sede en Madrid"; one
                    # joined by a hyphen before it too: "the New York-based group"
                    and not (
                        t.ent_type_ in self.lex.grammar.place_labels
                        and (t.i > anaphor.i or _hyphenated(t))
                    )
                    for t in tokens
                )
                or (anaphor.is_title and not anaphor.is_sent_start)
            )
            if named:
                return self._remember(position, self._noun_phrase(tokens))  # "the group Libertas"
            word = anaphor.lower_ if anaphor is not None else ""
            if anaphor is None:
                speaker = self._reporting_subject(head_token)
                if speaker is not None:
                    return speaker  # "OVDA said it had confirmed 117": "it" is OVDA
            found = self._last_org(position, word)
            described = any(
                t.ent_type_ in self.lex.grammar.place_labels and _hyphenated(t) for t in tokens
            )  # "a Geneva-based monitor" with no body named before: that monitor
            if (word in self.lex.authorities or described) and found == AUTHOR:
                return self._noun_phrase(tokens)  # "su oficina de prensa": a body with no name
            return found or self._noun_phrase(tokens)
        if head in self.lex.generic_sources and any(
            t.like_num and t.i != head_token.i for t in tokens
        ):
            return None  # "verified by at least two sources", "tres abogados": a count of
            # unnamed people who confirm a figure, not a body that states it
        if (
            head in self.lex.generic_sources
            and "Plur" not in head_token.morph.get("Number")
            and any(t.lower_ in self.lex.anaphoric for t in tokens if t.i < head_token.i)
            and not any(t.pos_ == "PROPN" for t in tokens)
        ):
            return None  # "la misma fuente", "the source": the one already heard, not a new
            # body; "una fuente policial", "a police source" does name one
        if head in self.lex.antecedents and len(tokens) == 1:
            return None  # "Total recognised: 88": a table's label, not a body that recognises
        if (
            head in self.lex.authorities
            or head in self.lex.generic_sources
            or (head_token.is_title and head_token.pos_ == "PROPN")
        ):
            return self._remember(position, self._noun_phrase(tokens))
        return None

    def _relative_issuer(self, tokens: list[Token]) -> list[Token] | None:
        """The subject of a relative clause on a document word ("the report that the group
        published", "el informe que la ONG publicó"), read off the words, as the small
        models often hang such a clause elsewhere."""
        for k, token in enumerate(tokens[:-2]):
            if token.lower_ not in self.lex.document_words:
                continue
            for j in range(k + 1, min(k + 4, len(tokens) - 1)):
                word = tokens[j]
                if "Rel" in word.morph.get("PronType") or word.tag_ == "WDT":
                    rest = tokens[j + 1 :]
                    end = next(
                        (n for n, t in enumerate(rest) if t.pos_ in ("VERB", "AUX")), len(rest)
                    )
                    subject = [t for t in rest[:end] if not t.is_punct]
                    return subject if subject and end < len(rest) else None
        return None

    def _issuer(self, document: Token) -> str | None:
        """Who issued the document a bare "the statement" or "esa nota" refers to: the
        subject of the verb whose object was the last document named before it, within the
        three sentences before ("police released a statement ... According to the note")."""
        sent = sentence_of(document)
        earliest = sent.start
        for _ in range(3):
            if earliest == 0:
                break
            earliest = sentence_of(self.doc[earliest - 1]).start
        for token in reversed(self.doc[earliest : document.i]):
            if token.lower_ not in self.lex.document_words or token.head.pos_ not in (
                "VERB",
                "AUX",
            ):
                continue
            if token.dep_ not in (*self.lex.grammar.object_deps, "obj", "dobj"):
                continue
            for subject in token.head.children:
                if subject.dep_ in SUBJECT_DEPS:
                    words = _without_clause(subject, token.head)
                    found = self._resolve(words, subject.idx)
                    if found and found != AUTHOR:
                        return found
            return None
        return None

    def _body_of_role(self, role: Token, tokens: list[Token]) -> str | None:
        """The body a role is "for" or "of", when the phrase names one."""
        ids = {t.i for t in tokens}
        for child in role.children:
            if child.i not in ids:
                continue
            if child.lower_ in self.lex.org_connectors:  # "spokesman" -prep-> "for" -> body
                inner = [t for t in child.subtree if t.i != child.i and t.i in ids]
            elif child.dep_ == "nmod" and any(  # "portavoz" -nmod-> "Policía" (case "de")
                g.dep_ == "case" and g.lower_ in self.lex.org_connectors for g in child.children
            ):
                inner = [t for t in child.subtree if t.i in ids and t.dep_ != "case"]
            else:
                continue
            found = self._resolve(inner, inner[0].idx) if inner else None
            if found and found != AUTHOR:
                return found
        return None

    def _described_person(self, tokens: list[Token], head: Token, position: int) -> str | None:
        """A definite description of one person ("the lawyer", "la abogada") is the last
        person named before it with that role beside the name ("his wife, the lawyer X"):
        writers name someone once and then call them by their trade."""
        if (
            len(tokens) != 2
            or tokens[0].lower_ not in self.lex.anaphoric
            or head.i != tokens[1].i
            or head.lower_ not in self.lex.roles
            or head.tag_.endswith("S")  # plural: "the lawyers", a group
            or "Plur" in head.morph.get("Number")
        ):
            return None
        found = None
        for start, name in self.person_starts:
            if start >= position:
                break
            window = self.doc.char_span(max(0, start - 40), start, alignment_mode="expand")
            after = self.doc.char_span(start, min(len(text_of(self.doc)), start + 80), "expand")
            near = [t.lower_ for span in (window, after) if span is not None for t in span]
            if head.lower_ in near:
                found = name
        return found

    def _clause_subject(self, token: Token) -> str | None:
        """The organisation or person that is the subject of the nearest clause above a
        possessed noun ("X rejected ..., insisting that its figure ..."), if one resolves."""
        for verb in list(token.ancestors)[:6]:
            if verb.pos_ not in ("VERB", "AUX"):
                continue
            subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubj:pass")]
            if subjects and subjects[0].lower_ not in self.lex.org_pronouns:
                subject = subjects[0]
                if subject.left_edge.i <= token.i <= subject.right_edge.i:
                    continue
                found = self._resolve(list(subject.subtree), subject.left_edge.idx)
                if found and found != AUTHOR:
                    return found
        return None

    def _reporting_subject(self, pronoun: Token) -> str | None:
        """The source a pronoun subject repeats: the subject of the reporting verb its clause
        hangs from ("X said it had counted ...", "X señaló que ella ...")."""
        for verb in list(pronoun.ancestors)[1:4]:
            if verb.pos_ not in ("VERB", "AUX") or (
                verb.lemma_.lower() not in self.lex.attribution_verbs
            ):
                continue
            subjects = [
                c
                for c in verb.children
                if c.dep_ in ("nsubj", "nsubj:pass") or _bare_acronym(c, verb)
            ]
            if subjects and subjects[0].lower_ not in self.lex.org_pronouns:
                found = self._resolve(list(subjects[0].subtree), subjects[0].left_edge.idx)
                if found and found != AUTHOR:
                    return found
        return None

    def _region(self, name: str) -> bool:
        words = name.split()
        if not words or not all(w[:1].isalpha() for w in words):
            return False
        from extract.count_places import region_named

        return region_named(name, self.lex)

    def _org_possessor(self, mention: Mention) -> bool:
        span = self.doc.char_span(mention.start, mention.end, alignment_mode="expand")
        return span is not None and _possessor(span.root)

    def _noun_phrase(self, tokens: list[Token]) -> str:
        words = []
        for t in self._without_descriptor(tokens):
            if t.text in (",", "(", ";", ":") or t.is_space:
                break
            words.append(t.text_with_ws)
        return self._clean("".join(words))

    def _without_descriptor(self, tokens: list[Token]) -> list[Token]:
        """ "el diario BirGün", "la ONG Cofavic", "the group Libertas": the name, not what
        kind of body it is (a capitalised first word belongs to the name: "Grupo Vanguardia")."""
        kinds = self.lex.org_anaphors | self.lex.generic_sources
        k = 0
        while k < len(tokens) and (
            tokens[k].lower_ in self.lex.determiners
            or (tokens[k].lower_ in kinds and (tokens[k].is_lower or tokens[k].is_upper))
        ):
            k += 1
        if 0 < k < len(tokens) and tokens[k].is_title and tokens[k].pos_ == "PROPN":
            return tokens[k:]
        return tokens

    def _clean(self, text: str) -> str:
        """A name as printed: one line, no surrounding quotes, no dateline ("HAVANA - "), no
        leading article."""
        text = " ".join(text.split()).strip(" ,.;:\"'“”«»")
        text = _DATELINE_PREFIX.sub("", text)
        return self._determiners.sub("", text)

    def _remember(self, position: int, source: str) -> str:
        """A named source found by its noun phrase is the antecedent of a later "the group"."""
        if source and not any(m.start == position for m in self.orgs):
            self.orgs.append(Mention(position, position + 1, source))
            self.orgs.sort(key=lambda m: m.start)
        return source

    def _last_person(self, position: int) -> str | None:
        names = [name for start, name in self.person_starts if start < position]
        return names[-1] if names else None

    def _last_org(self, position: int, anaphor: str = "") -> str | None:
        """The organisation "the group" / "la ONG" refers to: the last one named before it.
        An anaphor naming a state body ("the ministry") wants a name with that word; any
        other ("the group", "la organización") wants a non-governmental one."""
        mentions = [
            m for m in self.orgs if m.start < position and not self._place_name(m.text)
        ]  # "enviados desde Bogotá ... denunció la agencia": a city is no antecedent
        orgs = [m.text for m in mentions]
        if anaphor in self.lex.authorities:
            fitting = [o for o in orgs if anaphor in o.lower().split()]
            return fitting[-1] if fitting else AUTHOR
        fitting = [o for o in orgs if not {w.lower() for w in o.split()} & self.lex.authorities]
        heard = [name for at, name in self.spoken if at < position and name in fitting]
        chosen = heard or fitting or orgs
        return chosen[-1] if chosen else AUTHOR

    def _heard(self, position: int, source: str | None) -> None:
        if source and source != AUTHOR and any(m.text == source for m in self.orgs):
            self.spoken.append((position, source))
            self.spoken.sort()

    def _place_name(self, name: str) -> bool:
        named = " ".join(w for w in name.lower().split() if w not in self.lex.determiners)
        return named in self.lex.places or self._region(named)

    def _last_person_or_org(self, position: int) -> str | None:
        persons = [(s, n) for s, n in self.person_starts if s < position]
        orgs = [(m.start, m.text) for m in self.orgs if m.start < position]
        both = sorted(persons + orgs)
        return both[-1][1] if both else self.author


def located_name(ent: Span, lexicon: Lexicon) -> bool:
    """A name the model labels an organisation right after "in"/"en", with no organisation
    word and not an acronym: where something happened. An unknown town is more often
    mislabelled so than an organisation is named after a bare locative preposition (one
    usually works "for" or "with" a group, or is "in" one through its full name)."""
    if ent.start == 0 or ent.text.isupper():
        return False
    if ent.doc[ent.start - 1].lower_ not in lexicon.locative_prepositions:
        return False
    return not {t.lower_ for t in ent} & (lexicon.org_words | lexicon.authorities)


def _hyphenated(token: Token) -> bool:
    """The token's entity is joined by a hyphen to the next word ("New York-based")."""
    doc, k = token.doc, token.i
    while k + 1 < len(doc) and doc[k + 1].ent_iob_ == "I" and doc[k + 1].ent_type_:
        k += 1
    return k + 1 < len(doc) and doc[k + 1].text in ("-", "‑")


def _named_owner(head: Token, tokens: list[Token]) -> str | None:
    """The name a document word is "of" ("the register of Foro Penal", "el informe de la
    ONG Cofavic"): a run of capitalised proper nouns after the head, connectors between."""
    after = [t for t in tokens if t.i > head.i]
    start = next((k for k, t in enumerate(after) if t.pos_ == "PROPN" and t.is_title), None)
    if start is None:
        return None
    run: list[Token] = []
    for t in after[start:]:
        if (t.pos_ == "PROPN" and (t.is_title or t.is_upper)) or (
            run and t.is_lower and t.pos_ == "ADP"
        ):
            run.append(t)
            continue
        break
    while run and run[-1].is_lower:
        run.pop()
    return " ".join(t.text for t in run) if len(run) >= 1 else None


_NEXT_WORDS = re.compile(r"\s+(\w+)\s+(\w+)")


def _common_phrase(text: str, end: int, lexicon: Lexicon) -> bool:
    """Whether a capitalised word goes on as a common noun phrase: a connector, then a word
    in lower case ("Freedom of assembly", "Libertad de expresión")."""
    match = _NEXT_WORDS.match(text, end)
    return (
        match is not None
        and match.group(1).lower() in lexicon.org_connectors
        and match.group(1).islower()
        and match.group(2).islower()
        and match.group(2).lower() not in lexicon.determiners
    )


def _bare_acronym(token: Token, verb: Token) -> bool:
    """ "OVDA said ...": an acronym right before a verb is its subject, whatever the parse
    made of it (the small models tag unknown acronyms as adverbs)."""
    return (
        token.i == verb.i - 1
        and token.dep_ not in SUBJECT_DEPS
        and token.is_upper
        and token.is_alpha
        and len(token.text) > 1
    )


def _progressive(verb: Token) -> bool:
    """ "alleging", "saying", "denunciando": the participle or gerund of an ongoing act."""
    return "Ger" in verb.morph.get("VerbForm") or (
        "Part" in verb.morph.get("VerbForm") and "Prog" in verb.morph.get("Aspect")
    )


def _without_clause(subject: Token, verb: Token) -> list[Token]:
    """The subject's words, without the verb's own clause when it hangs from the subject
    ("a group alleging that 600 ...": the group, not the figure)."""
    clauses = [c for c in subject.children if _subject_relative(c)]
    if verb.head.i == subject.i:
        clauses.append(verb)
    words = list(subject.subtree)
    if not clauses:
        return words
    # "el ministro, que pidió al Congreso ...": who the subject is, not whom it addressed
    return [
        t for t in words if not any(c.left_edge.i <= t.i <= c.right_edge.i for c in clauses)
    ] or [subject]


def _subject_relative(token: Token) -> bool:
    """A relative clause whose subject is the noun it describes ("X, que pidió ...")."""
    return token.dep_ in ("relcl", "acl:relcl") or (
        token.dep_ == "acl"
        and any(g.dep_ in SUBJECT_DEPS and "Rel" in g.morph.get("PronType") for g in token.children)
    )


def _passive(verb: Token) -> bool:
    if "Pass" in verb.morph.get("Voice"):
        return True
    return any(c.dep_ in ("auxpass", "aux:pass", "nsubjpass", "nsubj:pass") for c in verb.children)


def _possessor(token: Token) -> bool:
    """Whether a name token stands as a possessor or a complement ("X's party", "the wife
    of X") rather than as the head of its phrase."""
    for _ in range(4):
        if token.dep_ in ("poss", "pobj", "nmod"):
            return True
        if token.dep_ not in ("compound", "flat", "flat:name", "appos"):
            return False
        token = token.head
    return False


def _same_paragraph(tokens: list[Token]) -> list[Token]:
    """The part of a phrase after the last line break (a parse can glue a heading on)."""
    breaks = [i for i, t in enumerate(tokens) if t.is_space and "\n" in t.text]
    return tokens[breaks[-1] + 1 :] if breaks else tokens


def _own_modifiers(head: Token, within: set[int]) -> list[Token]:
    """The words that qualify a noun itself: its subtree without relative clauses."""
    found: list[Token] = []
    stack = [c for c in head.children if c.i in within]
    while stack:
        token = stack.pop()
        if token.dep_ in ("relcl", "acl", "acl:relcl", "ccomp", "advcl"):
            continue
        found.append(token)
        stack.extend(c for c in token.children if c.i in within)
    return found


def _head(tokens: list[Token]) -> Token:
    ids = {t.i for t in tokens}
    roots = [t for t in tokens if t.head.i not in ids or t.head.i == t.i]
    return roots[0] if roots else tokens[0]


def _key(text: str) -> str:
    return text.lower()
