"""Is this mention of a person an arrest? The cue that says so, found in the parse.

A mention is an arrest when an arrest word of the lexicon governs it as the one who lost
their liberty: up the parse ("X was detained", "police detained X", "including X"), down it
("X, who was arrested", "X, detenida en 2019"), right after it ("X, de 38 años, capturado el
sábado"), right before it ("imprisoned blogger X", "two of the prisoners, X and Y"), or after a
list trigger ("Among those detained were A and B"). Weak cues ("taken", "prisión") need a
partner word nearby ("taken from his home"); a person introduced by "according to" is a
source, never a detainee.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from extract.doctext import sentence_of, text_of
from extract.lexicon import Lexicon
from extract.numbers import NumberFinder

# relations a detainee's name can hang from on the way up to the arrest cue
CLIMB_DEPS = frozenset(
    {
        "nsubjpass",
        "nsubj:pass",
        "nsubj",
        "dobj",
        "obj",
        "appos",
        "conj",
        "compound",
        "flat",
        "flat:name",
        "nmod",
        "pobj",
        "prep",
        "attr",
        "iobj",
        "obl",
        "case",
        "npadvmod",
    }
)
_QUOTE_CHARS = frozenset({'"', "“", "”", "«", "»"})
# what opens an item of a list of names ("- A", "• B", or nothing: a name alone on its line)
_ITEM_MARKERS = frozenset({"", "-", "–", "—", "•", "*", "·", "▪"})
MAX_LIST_ITEMS = 30  # lines of a list looked back over for its heading
DOWN_DEPS = frozenset({"relcl", "acl", "appos", "amod", "acl:relcl", "compound", "nmod", "advcl"})


class CueFinder:
    """Finds the arrest cue of a person's mention, for one language's lexicon."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.lex = lexicon
        self.person_tokens: set[int] = set()  # every person mention's tokens, per document
        self.numbers = NumberFinder(lexicon)

    def is_cue(self, token: Token, strict: bool = True) -> bool:
        """An arrest word; a weak one ("taken", "prison") only with a partner nearby."""
        lower, lemma = token.lower_, token.lemma_.lower()
        if lower not in self.lex.arrest_words and lemma not in self.lex.arrest_words:
            return False
        if self.reflexive(token):
            return True  # "se llevaron a X": taking someone away for oneself is an arrest
        weak = lower in self.lex.arrest_weak or lemma in self.lex.arrest_weak
        if weak and any(
            c.dep_ in PASSIVE_SUBJECTS and c.lemma_.lower() in self.lex.held_things
            for c in token.children
        ):
            return False  # "the vigil was held a week after ...": an event held, no one
        if strict and weak:
            if lower in self.lex.arrest_passive and any(
                c.dep_ in PASSIVE_SUBJECTS and any(t.i in self.person_tokens for t in c.subtree)
                for c in token.children
            ):
                return True  # a person held, not "talks were held"
            doc = token.doc
            near = doc[
                max(sentence_of(token).start, token.i - 5) : min(
                    sentence_of(token).end, token.i + 6
                )
            ]
            partners = self.lex.arrest_partners  # any form: "policías" as "policía"
            return any(
                t.lower_ in partners or t.lemma_.lower() in partners for t in near if t.i != token.i
            )
        return True

    def reflexive(self, token: Token) -> bool:
        return token.lemma_.lower() in self.lex.reflexive_cues and any(
            c.lower_ in self.lex.reflexive_pronouns for c in token.children
        )

    def is_state(self, cue: Token) -> bool:
        """The cue tells the person's state, not the arrest: "the jailed bishop X", "X is
        being held", "están detenidos", "cumplía condena". Such a cue dates no arrest unless a
        date hangs from it ("held since Friday")."""
        if cue.lower_ in self.lex.state_words or cue.lemma_.lower() in self.lex.state_words:
            return True
        text = text_of(cue.doc)
        line_end = text.find("\n", cue.idx)
        if text[cue.idx : line_end if line_end >= 0 else len(text)].rstrip().endswith(":"):
            return True  # a list's heading ("Detenidos:") tells everyone's state, not a day
        if cue.dep_ == "amod" and cue.head.pos_ in ("NOUN", "PROPN"):
            # "the jailed bishop X", "el periodista detenido"; but a participle after the name
            # with complements of its own tells the event ("X, detenida a su regreso a Bakú")
            return cue.i < cue.head.i or not any(c.dep_ in _EVENT_COMPLEMENTS for c in cue.children)
        helpers = [c for c in cue.children if c.dep_ in ("aux", "auxpass", "aux:pass", "cop")]
        if cue.dep_ in ("xcomp", "acomp") and cue.head.pos_ in ("VERB", "AUX"):
            helpers.append(cue.head)  # "X remains detained", "sigue preso"
        return any(
            h.lemma_.lower() in self.lex.state_auxiliaries and "Pres" in h.morph.get("Tense")
            for h in helpers
        ) and not any(h.lemma_.lower() in self.lex.perfect_auxiliaries for h in helpers)

    def is_vague(self, cue: Token) -> bool:
        """ "police had held her colleague earlier": a time the text never gives."""
        return any(c.dep_ == "advmod" and c.lower_ in self.lex.vague_times for c in cue.children)

    def find(self, doc: Doc, span: Span) -> Token | None:
        if self.is_source(doc, span):
            return None  # "según la investigadora X": she reports, she was not detained
        root = span.root
        anchors = [root]
        if root.dep_ in ("appos", "flat", "compound", "flat:name") and root.head.pos_ == "NOUN":
            anchors.append(root.head)  # "el líder comunitario X, detenido el martes"
        outer = _outer_noun(span)
        if outer is not None:
            anchors.append(outer)  # "police detain the director of Abzas Media, X, and ..."
        found = [self._cue_above(a, span) for a in anchors]
        found += [self._cue_below(a, span) for a in anchors]
        found += [
            self._cue_after(doc, span),
            self._cue_before(doc, span),
            self._cue_list(doc, span),
            self._cue_heading(doc, span),
            self._cue_before_colon(doc, span),
            self._cue_numeral_anaphor(doc, span),
        ]
        cues = [c for c in found if c is not None]
        verbal = [c for c in cues if c.pos_ in ("VERB", "ADJ", "AUX")]
        return (verbal or cues or [None])[0]

    def pronoun_cue(self, pronoun: Token) -> Token | None:
        """The cue a pronoun hangs from as the one who lost their liberty ("led him away",
        "she was detained", "se lo llevaron")."""
        return self._cue_above(pronoun, pronoun.doc[pronoun.i : pronoun.i + 1])

    def is_source(self, doc: Doc, span: Span) -> bool:
        """ "according to X", "según la investigadora X" (with no cue in between)."""
        offset = max(sentence_of(span).start_char, span.start_char - 45)
        matches = list(self.lex.according_to_re.finditer(text_of(doc)[offset : span.start_char]))
        if not matches:
            return False
        between = doc.char_span(
            offset + matches[-1].end(), span.start_char, alignment_mode="expand"
        )
        return not any(self.is_cue(t) for t in between or [])

    def _cue_above(self, root: Token, span: Span) -> Token | None:
        """Up the parse: "X was detained", "police detained X", "including X, Y and Z"."""
        token = root
        for _ in range(6):
            head = token.head
            if head.i == token.i or token.dep_ not in CLIMB_DEPS:
                return None
            if token.dep_ == "prep" and token.lower_ not in self.lex.list_prepositions:
                if head.pos_ == "NOUN" and self.is_cue(head) and _named_in_apposition(root, token):
                    return head  # "the arrest of the lawyer X": X is the lawyer arrested
                return None
            inside = head.i in range(span.start, span.end)
            if not inside and token.dep_ == "appos":
                # "two of the prisoners, X and Y, ...": the phrase X stands in apposition to
                cue = self._cue_in_phrase(head, span)
                if cue is not None:
                    return cue
            if not inside and any(c.dep_ == "cop" for c in head.children):
                # "Uno de los detenidos es el músico X": the predicate noun carries the copula
                cue = self._cue_in_siblings(head, token)
                if cue is not None:
                    return cue
            if not inside and self.is_cue(head):
                if token.dep_.startswith("nsubj") and head.pos_ in ("VERB", "AUX"):
                    passive = self.passive(head) or (
                        head.lemma_.lower() in self.lex.intransitive_verbs
                    )
                    return head if passive else None
                if head.pos_ == "NOUN" and token.dep_ in ("pobj", "nmod", "prep"):
                    if _complement_of_another_noun(root, head) or _owned_by_another(head, span):
                        return None  # "la detención de la hija de X", "Turki's detention"
                    return head if _steps(root, head) <= 2 else None  # "the arrest of X"
                return head
            if (
                not inside
                and head.pos_ in ("VERB", "AUX")
                and head.lower_ not in self.lex.list_prepositions
            ):
                if (
                    head.lemma_.lower() in self.lex.state_verbs
                    or head.lower_ in self.lex.state_verbs
                ):
                    return self._cue_in_siblings(head, token)
                if token.dep_ in ("obj", "dobj"):
                    predicative = self._predicative_cue(head, token)
                    if predicative is not None:
                        return predicative  # "dio por detenidos a X", "listed X as detained"
                if token.dep_.startswith("nsubj"):
                    if self.passive(head) and self._custody_complement(head) is not None:
                        # "X was kept in custody", "fue enviado a prisión": the verb is the
                        # event (and dates it), its complement says it is custody
                        return head
                    postverbal = self._postverbal_subject_of_main_clause(head, token)
                    if postverbal is not None:
                        return postverbal
                    return self._cue_in_clause(head)
                return None
            token = head
        return None

    def _postverbal_subject_of_main_clause(self, verb: Token, subject: Token) -> Token | None:
        """ "fueron capturados, camino a una reunión a la que nunca llegaron, el profesor X":
        a subject set off by a comma after a relative clause's verb is the main clause's,
        when that one is a passive cue with no subject of its own."""
        if verb.dep_ not in ("acl", "relcl", "acl:relcl") or subject.i < verb.i:
            return None
        if not any(t.text == "," for t in verb.doc[verb.i : subject.i]):
            return None
        for ancestor in verb.ancestors:
            if ancestor.pos_ in ("VERB", "AUX"):
                if (
                    self.is_cue(ancestor)
                    and self.passive(ancestor)
                    and not any(
                        c.dep_.startswith("nsubj") and "Tim" not in c.morph.get("AdvType")
                        for c in ancestor.children
                    )  # "El martes fueron aprehendidos": a day the parse takes for a subject
                ):
                    return ancestor
                return None
        return None

    def passive(self, verb: Token) -> bool:
        children = list(verb.children)
        if any(c.dep_ in ("auxpass", "aux:pass", "nsubjpass", "nsubj:pass") for c in children):
            return True
        participle = verb.tag_ == "VBN" or "Part" in verb.morph.get("VerbForm")
        if not participle:
            return False
        auxiliaries = [c.lemma_.lower() for c in children if c.dep_ in ("aux", "cop")]
        return not auxiliaries or any(a in self.lex.passive_auxiliaries for a in auxiliaries)

    def _cue_in_siblings(self, head: Token, came_from: Token) -> Token | None:
        """ "Among those detained was X": the cue hangs from the same verb."""
        for child in head.children:
            if child.i == came_from.i:
                continue
            for token in child.subtree:
                if self.is_cue(token, strict=False) and abs(token.i - child.i) < 8:
                    return token
        return None

    def _cue_in_phrase(self, head: Token, span: Span) -> Token | None:
        """A detainee noun in the phrase a name is in apposition to ("one of the detainees")."""
        for child in head.children:
            if child.dep_ in ("relcl", "acl", "acl:relcl", "appos") or child.i in range(
                span.start, span.end
            ):
                continue
            for token in child.subtree:
                if token.pos_ == "NOUN" and self.is_cue(token, strict=False):
                    return token
        return None

    def _predicative_cue(self, verb: Token, came_from: Token) -> Token | None:
        """An arrest participle the verb says of its object, marked "por"/"como"/"as"."""
        for child in verb.children:
            if child.i == came_from.i or child.pos_ not in ("ADJ", "VERB"):
                continue
            marked = any(
                c.lower_ in self.lex.predicative_markers and c.i < child.i for c in child.children
            ) or (child.i > 0 and child.doc[child.i - 1].lower_ in self.lex.predicative_markers)
            if marked and self.is_cue(child, strict=False):
                return child
        return None

    def _custody_complement(self, verb: Token) -> Token | None:
        """A custody noun the verb puts its object in: "kept in custody", "sent to prison",
        "puesto bajo arresto"."""
        for prep in verb.children:
            if prep.dep_ not in ("prep", "obl") or prep.i < verb.i:
                continue
            objects = [c for c in prep.children if c.dep_ == "pobj"]
            nouns = [prep] if prep.pos_ == "NOUN" else objects
            for noun in nouns:
                if self.is_cue(noun, strict=False) and self._in_custody(noun):
                    return noun
        return None

    def _cue_in_clause(self, verb: Token) -> Token | None:
        """ "X died in custody after being arrested": a subjectless cue in X's own clause;
        "X went to ask about him and was detained", "X fue a preguntar y quedó detenida": a
        verb coordinated with X's, with no subject of its own, that is one (or whose
        complement is one)."""
        clauses = [verb, *(c for c in verb.children if c.dep_ in ("advcl", "xcomp"))]
        for clause in clauses:
            for child in clause.children:
                if child.dep_ not in ("advcl", "xcomp", "conj") or (
                    clause is not verb and child.dep_ != "conj"
                ):
                    continue
                if any(c.dep_.startswith("nsubj") or _negation(c) for c in child.children):
                    continue  # "questioned as a witness but not arrested"
                if self.is_cue(child) and (child.dep_ != "conj" or self.passive(child)):
                    return child
                if child.dep_ == "conj":
                    complement = next(
                        (
                            c
                            for c in child.children
                            if c.dep_ in ("xcomp", "acomp", "obj")
                            and c.pos_ in ("ADJ", "VERB")
                            and self.is_cue(c)
                        ),
                        None,
                    )
                    if complement is not None:
                        return complement
        return None

    def _cue_below(self, root: Token, span: Span) -> Token | None:
        """Down the parse: "X, who was arrested", "X, detenida en 2019", "imprisoned blogger X"."""
        frontier = [(root, True)]
        for _ in range(4):
            nxt = []
            for token, first in frontier:
                for child in token.children:
                    if child.i in range(span.start, span.end):
                        nxt.append((child, True))
                        continue
                    if first and child.dep_ not in DOWN_DEPS:
                        continue
                    if child.dep_.startswith("nsubj") or child.dep_ in ("ccomp", "parataxis"):
                        continue
                    if (
                        self.is_cue(child)
                        and (child.pos_ != "NOUN" or self._in_custody(child))
                        and not self._has_own_subject(child)
                        and not self._describes_another(child, span, root)
                    ):
                        return child
                    nxt.append((child, False))
            frontier = nxt
        return None

    def _cue_after(self, doc: Doc, span: Span) -> Token | None:
        """ "X, de 38 años, detenida el sábado", "X, held in custody since 2020"."""
        owned = possessor(span)
        for token in doc[span.end : min(sentence_of(span).end, span.end + 25)]:
            if token.lower_ in self.lex.relative_pronouns:
                owned = False  # "noticias de X, quien fue detenido": the clause is X's
            if self.is_cue(token) and (token.pos_ != "NOUN" or self._in_custody(token)):
                if owned and _subject_holds(token, span):
                    return None  # "the husband of the blogger X, was detained": he was
                if self._acts(token, span):
                    return None  # "X took power in 2021": X did the taking
                return None if self._has_own_subject(token, after=span.end) else token
            if token.text in (";", ".", ":") or token.i in self.person_tokens:
                return None
            if token.pos_ == "VERB" and not (
                token.lemma_.lower() in self.lex.state_verbs
                or token.lower_ in self.lex.bridge_words
                or token.lemma_.lower() in self.lex.bridge_words
            ):
                return None
        return None

    def _cue_nominal(self, doc: Doc, span: Span) -> Token | None:
        """ "del arresto del defensor de derechos humanos X", "the arrest of rights lawyer X",
        read off the words when the parse hangs the name elsewhere: an event noun, "of", then
        only the person's description. Another name's relative ("la hija de X") or a "de"
        before a capitalised word ("el abogado de X") makes it someone else's arrest."""
        start = max(sentence_of(span).start, span.start - 9)
        for k in range(span.start - 1, start, -1):
            token, before = doc[k], doc[k - 1]
            if token.lower_ in self.lex.kinship or token.is_punct or token.pos_ in ("VERB", "AUX"):
                return None
            if token.pos_ == "ADP" and (
                token.lower_ not in self.lex.patient_prepositions
                or (doc[k + 1].is_title and k + 1 != span.start)
            ):
                return None  # "el abogado de Juan X", "the bodyguard for X": theirs
            if (
                token.lower_ in self.lex.patient_prepositions
                and before.pos_ == "NOUN"
                and self.is_cue(before, strict=False)
                and before.lower_ not in self.lex.arrest_weak
            ):
                return before
            if token.pos_ not in ("DET", "ADP", "NOUN", "ADJ") or token.is_title:
                return None
        return None

    def _cue_before(self, doc: Doc, span: Span) -> Token | None:
        """ "police detained the lawyer X", "imprisoned blogger X", "political prisoner X"."""
        nominal = self._cue_nominal(doc, span)
        if nominal is not None:
            return nominal
        for k in range(span.start - 1, max(sentence_of(span).start, span.start - 4) - 1, -1):
            token = doc[k]
            if token.is_punct:
                return self._cue_before_comma(doc, span, k)
            if token.dep_ == "agent":
                return None  # "led by opposition leader X": X leads, no one takes X
            if self.is_cue(token, strict=False) and (
                token.pos_ in ("VERB", "ADJ") or k == span.start - 1
            ):
                return token
        return None

    def _cue_before_comma(self, doc: Doc, span: Span, comma: int) -> Token | None:
        """ "two of the prisoners, X and Y, began...": a name set off by commas after a
        detainee noun (the apposition closes with a comma or continues as a list)."""
        if comma != span.start - 1 or doc[comma].text != "," or comma == 0:
            return None
        noun = doc[comma - 1]
        after = lower_text(doc, span.end)
        closes = after == "," or after in self.lex.conjunctions
        if noun.pos_ == "NOUN" and self.is_cue(noun, strict=False) and closes:
            return noun
        return None

    def _acts(self, cue: Token, span: Span) -> bool:
        """The name is the active subject of the cue verb: the one who takes, not the taken."""
        lemma = cue.lemma_.lower()
        return (
            cue.pos_ == "VERB"
            and "Fin" in cue.morph.get("VerbForm")
            and cue.tag_ != "VBN"
            and not self.passive(cue)
            and lemma not in self.lex.intransitive_verbs
            and lemma not in self.lex.state_verbs  # "X permanece detenido": X is held
            and cue.lower_ not in self.lex.state_words
            and any(c.dep_ in ("dobj", "obj") for c in cue.children)  # not "X detained, charged"
            and any(c.dep_ == "nsubj" and c.i in range(span.start, span.end) for c in cue.children)
        )

    def _has_own_subject(self, cue: Token, after: int = -1) -> bool:
        """ "X, who was with A when she was detained": the cue's subject is someone else
        (a relative pronoun standing for X does not count)."""
        if any(c.lower_ in self.lex.relative_pronouns for c in cue.subtree if c.i < cue.i):
            return False  # "X, a quien la policía capturó": the clause's object is X
        return any(
            c.dep_.startswith("nsubj")
            and c.i > after
            and c.lower_ not in self.lex.relative_pronouns
            and c.lower_ not in self.lex.bridge_words
            and c.i not in self.person_tokens
            for c in cue.children
        )

    @staticmethod
    def _describes_another(cue: Token, span: Span, root: Token) -> bool:
        """ "a total that took in people jailed before 2018": a participle of another noun."""
        head = cue.head
        return (
            cue.dep_ in ("amod", "acl")
            and head.pos_ in ("NOUN", "PROPN")
            and head.i not in range(span.start, span.end)
            and head.i != root.i
            and head.i != root.head.i
        )

    def _in_custody(self, noun: Token) -> bool:
        """ "in custody", "behind bars", "bajo custodia", "en prisión preventiva"; never a
        detainee noun with its article ("siguió a los detenidos": the others were)."""
        doc = noun.doc
        if noun.lower_ not in self.lex.arrest_weak and any(c.dep_ == "det" for c in noun.children):
            return False
        return any(
            doc[k].lower_ in self.lex.custody_prepositions
            for k in range(max(sentence_of(noun).start, noun.i - 3), noun.i)
        )

    def _cue_heading(self, doc: Doc, span: Span) -> Token | None:
        """ "Whereabouts unknown:\n- A, journalist\n- B": a name opening an item of a list
        whose heading says what happened to everyone on it (a detention word or a status)."""
        text = text_of(doc)
        line_start = text.rfind("\n", 0, span.start_char) + 1
        opening = text[line_start : span.start_char].strip()
        if opening not in _ITEM_MARKERS:
            return None
        cursor = line_start - 1
        for _ in range(MAX_LIST_ITEMS):
            previous_start = text.rfind("\n", 0, max(cursor, 0)) + 1
            line = text[previous_start:cursor].strip()
            if not line:
                return None  # a blank line ends the list before any heading
            if line[:1] in _ITEM_MARKERS - {""}:
                cursor = previous_start - 1
                continue
            if not line.endswith(":"):
                return None
            heading = doc.char_span(previous_start, cursor, alignment_mode="expand")
            if heading is None:
                return None
            cues = [t for t in heading if self.is_cue(t, strict=False)]
            if cues:
                return cues[0]
            if self.lex.status_re.search(line):
                return heading[0]  # "Whereabouts unknown:": their state says they are held
            return None
        return None

    def _cue_before_colon(self, doc: Doc, span: Span) -> Token | None:
        """ "Police picked up four executives: the chief executive A, B and C", "quedaron bajo
        custodia cinco de sus familiares: su hija, A; sus hermanos B y C": a name listed
        after a colon that closes an arrest of a number of people. Only descriptions may
        stand between the colon and the name; a finite verb there ends the list."""
        sent = sentence_of(span)
        colons = [t for t in doc[sent.start : span.start] if t.text == ":"]
        if not colons:
            return None
        colon = colons[-1]
        if any(
            t.pos_ == "AUX" or "Fin" in t.morph.get("VerbForm") or t.text in _QUOTE_CHARS
            for t in doc[colon.i + 1 : span.start]
        ):
            return None
        for token in reversed(doc[sent.start : colon.i]):
            verb = token if token.pos_ in ("VERB", "ADJ") else token.head
            if token.pos_ == "NOUN" and not self._in_custody(token):
                continue
            if self.is_cue(token) and verb.pos_ in ("VERB", "ADJ", "AUX"):
                people = [
                    c
                    for c in verb.children
                    if c.dep_.startswith("nsubj") or c.dep_ in ("obj", "dobj")
                ]
                if any(t.like_num and t.i < colon.i for c in (*people, token) for t in c.subtree):
                    return token
        return None

    def _cue_numeral_anaphor(self, doc: Doc, span: Span) -> Token | None:
        """ "Agents detained seven members of the community on Sunday. HRANA identified the
        seven as A, B and C": names given for a definite numeral ("the seven", "los cinco")
        share the arrest of the count it takes up, told up to two paragraphs before."""
        sent = sentence_of(span)
        numeral = next(
            (
                t
                for t in reversed(doc[sent.start : span.start])
                if t.like_num
                and t.i > 0
                and doc[t.i - 1].pos_ == "DET"
                and "Def" in doc[t.i - 1].morph.get("Definite")
            ),
            None,
        )
        if (
            numeral is None
            or any(
                (t.pos_ == "AUX" or "Fin" in t.morph.get("VerbForm") or t.text in (".", ";"))
                and t.lemma_.lower() not in self.lex.state_verbs  # "los cuatro son A, B y C"
                for t in doc[numeral.i + 1 : span.start]
            )
        ):
            return None
        value = self.numbers.value_of(numeral.text)
        text = text_of(doc)
        paragraph = text.rfind("\n\n", 0, sent.start_char)
        reach = text.rfind("\n\n", 0, paragraph) if paragraph > 0 else -1
        window = doc.char_span(max(reach, 0), sent.start_char, alignment_mode="contract")
        if value is None or window is None:
            return None
        for token in reversed(window):
            if not token.like_num or self.numbers.value_of(token.text) != value:
                continue
            head = token
            for _ in range(3):
                head = head.head
                if self.is_cue(head) and head.pos_ in ("VERB", "ADJ"):
                    return head
        return None

    def _cue_list(self, doc: Doc, span: Span) -> Token | None:
        """ "Among those detained were A, B and C", "including A": a cue before the trigger."""
        sent = sentence_of(span)
        before = text_of(doc)[sent.start_char : span.start_char]
        opener = self.lex.arrest_list_openers_re.match(before)
        if opener is not None and sent.start > 0:
            return self._cue_opened_list(doc, span, sent, opener.end())
        matches = list(self.lex.arrest_list_re.finditer(before))
        if not matches:
            return None
        trigger = doc.char_span(
            sent.start_char + matches[-1].start(),
            sent.start_char + matches[-1].end(),
            alignment_mode="expand",
        )
        if trigger is None:
            return None
        between = doc[trigger.end : span.start]
        if any(
            t.like_num
            or t.text in _QUOTE_CHARS
            or t.lower_ in self.lex.speech_after
            or (
                t.pos_ in ("VERB", "AUX")
                and not (
                    self.is_cue(t)
                    or t.lemma_.lower() in self.lex.state_verbs
                    or t.lemma_.lower() in self.lex.arrest_list_verbs
                )
            )
            for t in between
        ):
            return None  # the trigger's list ended before the name
        cues = [t for t in doc[sent.start : trigger.end] if self.is_cue(t, strict=False)]
        if not cues and any(t.lower_ in self.lex.pronouns for t in trigger) and sent.start > 0:
            # "Among them was X" / "Entre ellos figura X": "them" are the previous sentence's
            before = sent.start - 1
            while before > 0 and doc[before].is_space:
                before -= 1  # a line break between the sentences may parse as one of its own
            previous = sentence_of(doc[before])
            cues = [t for t in previous if self.is_cue(t) and t.pos_ in ("VERB", "ADJ")]
        return cues[-1] if cues else None

    def _cue_opened_list(self, doc: Doc, span: Span, sent: Span, opened: int) -> Token | None:
        """ "Five of her relatives were detained. They are her daughter, X; her brothers Y and
        Z": the sentence before says who were detained; its verbal cue is the list's."""
        between = doc.char_span(sent.start_char + opened, span.start_char, alignment_mode="expand")
        if between is not None and any(
            t.like_num or t.pos_ in ("VERB", "AUX") or t.text in (".", ":") for t in between
        ):
            return None  # the list ended, or the name is not one of it
        before = sent.start - 1
        while before > 0 and doc[before].is_space:
            before -= 1
        previous = sentence_of(doc[before])
        cues = [t for t in previous if self.is_cue(t) and t.pos_ in ("VERB", "ADJ")]
        return cues[-1] if cues else None


PASSIVE_SUBJECTS = frozenset({"nsubjpass", "nsubj:pass"})
# what a participle governs when it tells an event, not a state: where, when, after what
_EVENT_COMPLEMENTS = frozenset(
    {"obl", "obj", "advcl", "prep", "nmod", "advmod", "agent", "npadvmod"}
)


def _negation(token: Token) -> bool:
    """A negating child ("not arrested", "no fue detenido"): the model's label, or the
    morphology's polarity."""
    return token.dep_ == "neg" or "Neg" in token.morph.get("Polarity")


def noun_phrase_top(span: Span) -> Token:
    """The noun a name stands for, through appositions and flat names ("the blogger X")."""
    token = span.root
    for _ in range(4):
        if token.dep_ in ("appos", "flat", "flat:name", "compound") and token.head.pos_ in (
            "NOUN",
            "PROPN",
        ):
            token = token.head
        else:
            break
    return token


def possessor(span: Span) -> bool:
    """The name is another noun's complement: "the husband of the blogger X", "la madre
    de X"."""
    top = noun_phrase_top(span)
    if top.dep_ == "pobj" and top.head.dep_ == "prep" and top.head.lower_ in ("of", "de"):
        return top.head.head.pos_ in ("NOUN", "PROPN")
    if top.dep_ == "nmod" and top.head.pos_ in ("NOUN", "PROPN"):
        return any(c.dep_ == "case" and c.lower_ in ("de", "del") for c in top.children)
    return False


def _subject_holds(cue: Token, span: Span) -> bool:
    """The cue's subject is a larger phrase the name only sits in."""
    return any(
        c.dep_.startswith("nsubj")
        and c.i not in range(span.start, span.end)
        and c.left_edge.i <= span.start
        and span.end - 1 <= c.right_edge.i
        for c in cue.children
    )


def _outer_noun(span: Span) -> Token | None:
    """ "the director of Abzas Media, X,": a name set off by commas after an organisation's
    name stands for the whole phrase, so for the noun the organisation complements."""
    root, doc = span.root, span.doc
    if root.dep_ != "appos" or root.head.pos_ != "PROPN" or span.start == 0:
        return None
    if doc[span.start - 1].text != ",":
        return None
    org = root.head
    if org.dep_ == "pobj" and org.head.dep_ == "prep" and org.head.head.pos_ == "NOUN":
        return org.head.head
    if org.dep_ == "nmod" and org.head.pos_ == "NOUN":
        return org.head
    return None


def lower_text(doc: Doc, i: int) -> str:
    return doc[i].lower_ if 0 <= i < len(doc) else ""


def _named_in_apposition(root: Token, prep: Token) -> bool:
    """Whether the name is the preposition's object or in apposition to it ("of the lawyer
    X"), not hung from a noun further down ("of the lawyer of X", "of X's brother")."""
    if root.dep_ == "pobj":
        return root.head.i == prep.i  # "the detention of opposition leader X"
    if root.dep_ not in ("appos", "compound", "flat", "flat:name"):
        return False
    noun = root.head
    return noun.head.i == prep.i and noun.dep_ in ("pobj", "nmod") and noun.pos_ == "NOUN"


def _complement_of_another_noun(root: Token, cue: Token) -> bool:
    """Whether the name completes a noun other than the cue ("the daughter of X")."""
    if root.dep_ not in ("nmod", "pobj"):
        return False
    governor = root.head.head if root.head.pos_ == "ADP" else root.head
    return governor.pos_ == "NOUN" and governor.i != cue.i


def _owned_by_another(noun: Token, span: Span) -> bool:
    """The arrest noun has a possessor that is not the name ("Turki's detention", "his
    arrest"): it is that one's arrest, whatever the parse hangs from it."""
    return any(c.dep_ == "poss" and c.i not in range(span.start, span.end) for c in noun.children)


def _steps(token: Token, ancestor: Token) -> int:
    steps = 0
    while token.i != ancestor.i and steps < 10:
        token = token.head
        steps += 1
    return steps
