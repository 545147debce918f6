"""How the figures of one text relate to each other: parts, stated arithmetic, earlier figures.

One text rarely contradicts itself: when it gives several figures, they are different things
(a part of a total, a subset, an operand, an earlier figure), and the reconciler must know
which, or it sets a text against itself. Relations are read the way a reader reads them:

* a part names its total ("Of the 389, 214 ...", "102 of a total of 114"), or follows a cue
  ("of them", "de ellas", "by region,"), or a verb of inclusion whose subject is the figure
  before it ("the figure included 200 men"), or is coordinated with a part ("152 are military
  and 149 are civilians"), or continues a breakdown with figures that only name a slice
  ("31 are women and 412 are men");
* a subset is a part that need not partition its total ("including 61 women", "among them");
* stated arithmetic: an operand taken away ("minus 12", "de ellas 12 ... por lo que 102") or
  added, and the result it leads to ("so 102", "para un total de 301");
* an earlier figure the text compares with ("up from 250", "frente a los 305").

Every cue is a phrase of the language file's ``relations:`` section.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Token

from extract.claims import CountClaim
from extract.doctext import sentence_of, text_of
from extract.gazetteer import for_lexicon
from extract.lexicon import Lexicon

PART, SUBSET, EXCLUDED, ADDED, RESULT, HISTORY, INCREMENT = (
    "part",
    "subset",
    "excluded",
    "added",
    "result",
    "history",
    "increment",
)
PARTS = frozenset({PART, SUBSET, EXCLUDED, ADDED, RESULT})
CUE_WINDOW = 45  # characters before a figure in which a cue must end
_SIGNED = re.compile(r"(?:^|[\s(])([+−-])\s?$")

# a sentence of figures adding up to a figure told this many tokens before breaks it down,
# within this share of it (the reconciler flags the difference as a mismatch)
SUM_REACH_TOKENS = 60
STEM = 5  # letters two words share to count the same thing ("detenciones", "detenidas")
SUM_SLACK = 0.10


def relate(claims: list[CountClaim], doc: Doc, lexicon: Lexicon) -> None:
    """Set ``relation`` and ``part_of`` on the claims of one document, in reading order."""
    text = text_of(doc)
    in_tables = _tables(claims, text, lexicon, doc)
    for index, claim in enumerate(claims):
        token = doc[claim.token]
        if index in in_tables or claim.relation is not None:
            continue
        before = _before(text, doc, claim)
        if _increment(doc, token, lexicon):
            claim.relation = INCREMENT  # "three further arrests": added to a count told before
            continue
        cue = _cue_start(lexicon.history_re, before)
        if cue is not None:
            claim.relation = HISTORY
            window = max(sentence_of(token).start_char, claim.spans[0][0] - CUE_WINDOW)
            claim.cue = window + cue
            continue
        signed = _SIGNED.search(before[-3:]) if before else None
        if signed is not None:
            total = _last_total(claims, index)
            if total is not None:
                claim.relation = ADDED if signed.group(1) == "+" else EXCLUDED
                claim.part_of = total
            continue
        if _ends_with(lexicon.subtract_re, before):
            total = _last_total(claims, index)
            if total is not None:
                claim.relation, claim.part_of = EXCLUDED, total
            continue
        if _ends_with(lexicon.result_re, before):
            _result(claims, index, doc)
            continue
        if _parenthesised(claims, index, doc):
            claim.relation, claim.part_of = PART, index - 1
            continue
        referenced = _referenced_total(claims, index, doc, lexicon)
        if referenced is not None:
            claim.part_of = referenced
            claim.relation = SUBSET if _ends_with(lexicon.subset_re, before) else PART
            continue
        if claim.candidates[0].breakdown or _opens_breakdown(before, lexicon):
            total = _last_total(claims, index, largest=_names_total(before, lexicon))
            if total is not None:
                claim.part_of = total
                among = _among_opening(claims, index, text, doc, lexicon)
                claim.relation = SUBSET if among or lexicon.subset_re.search(before) else PART
            elif _partitive_opening(claims, index, text, doc, lexicon):
                claim.relation = SUBSET  # "Of those detained, 40 ...": of a total not stated
            continue
        if _included(token, lexicon):
            total = _last_total(claims, index)
            if total is not None:
                claim.relation, claim.part_of = PART, total
            continue
        if _apposed(claims, index, doc):
            claim.relation, claim.part_of = PART, index - 1
            continue
        if _summing_breakdown(claims, index, doc):
            continue
        if _among_opening(claims, index, text, doc, lexicon):
            # "Entre las personas detenidas en mayo figuran 11 trabajadores", "Among those
            # detained were 11 oil workers": some of the detainees the text counted before
            claim.relation, claim.part_of = SUBSET, _last_total(claims, index)
            continue
        _continue_breakdown(claims, index, doc)
        if claim.relation is None and _partitive_opening(claims, index, text, doc, lexicon):
            # "Of the suspects taken into custody ..., 342 were remanded": a part of a total
            # this text does not state
            claim.relation = SUBSET
    _totals_after(claims, doc, lexicon)


def _tables(claims: list[CountClaim], text: str, lexicon: Lexicon, doc: Doc) -> set[int]:
    """Tables of figures ("Hombres: 921 | Mujeres: 125", "- Total: 1,187"): lines of labelled
    figures with no blank line between them. The line labelled as a total (or else the first)
    is the total, the others its parts. Returns the claims read so."""
    entries: list[tuple[int, int, bool]] = []  # (claim index, position, labelled as a total)
    for index, claim in enumerate(claims):
        for candidate in claim.candidates:
            if candidate.label:
                words = {w.lower() for w in candidate.subject_words}
                entries.append((index, candidate.quote_span[0], bool(words & lexicon.antecedents)))
                break
    entries.sort(key=lambda e: e[1])
    blocks: list[list[tuple[int, int, bool]]] = []
    for entry in entries:
        if blocks and "\n\n" not in text[blocks[-1][-1][1] : entry[1]]:
            blocks[-1].append(entry)
        else:
            blocks.append([entry])
    handled: set[int] = set()
    for block in blocks:
        if len(block) < 2:
            continue
        for index, _, _ in block:
            handled.add(index)
        heading = _heading_text(doc, claims[block[0][0]])
        if _nested(claims, block, text):
            continue
        total = _block_total(claims, block, doc, heading, lexicon)
        if total is None:
            continue  # a list of figures of different things ("Detained: 214 / Injured: 96")
        for index, _, _ in block:
            if index != total and claims[index].value < claims[total].value:
                claims[index].relation, claims[index].part_of = PART, total
                claims[index].table = heading
        if any(entry[0] == total for entry in block) and claims[total].table is None:
            claims[total].table = heading  # "Total: 1,268" counts what the heading says
    return handled


def _block_total(
    claims: list[CountClaim],
    block: list[tuple[int, int, bool]],
    doc: Doc,
    heading: str,
    lexicon: Lexicon,
) -> int | None:
    """The figure a table breaks down, when it is a breakdown: a line labelled as the total;
    else, under a heading that says it breaks something down ("by sex", "desglose", "as
    follows"), the figure stated before the table (or its first line); else a first line
    its other lines (or the first few of them) add up to, or a figure before the table all
    its lines add up to. A table that is none of these lists figures of different things."""
    labelled = next((e[0] for e in block if e[2]), None)
    if labelled is not None:
        return labelled
    members = [e[0] for e in block]
    highest = max(claims[i].value for i in members)
    if all(any(c.placed for c in claims[i].candidates) for i in members):
        return _places_total(claims, block, highest, doc, lexicon)
    months = _heading_months(doc, claims, block, lexicon)
    before = _total_before(claims, block, highest, doc, months, lexicon)
    if lexicon.breakdown_heading_re.search(heading):
        return before if before is not None else block[0][0]
    first, rest = claims[block[0][0]].value, sum(claims[i].value for i in members[1:])
    if first and abs(first - rest) <= 0.1 * first:
        return block[0][0]
    # "Political prisoners: 79 / Men: 66 / Women: 14 / Aged over 60: 18": the lines right
    # after the first add up to it, the later ones are more of its parts on other axes
    running = 0
    for k, index in enumerate(members[1:], start=1):
        running += claims[index].value
        if first and k >= 2 and abs(first - running) <= 0.1 * first:
            return block[0][0]
    whole = sum(claims[i].value for i in members)
    if before is not None and abs(claims[before].value - whole) <= 0.1 * claims[before].value:
        return before
    return None


def _nested(claims: list[CountClaim], block: list[tuple[int, int, bool]], text: str) -> bool:
    """An indented table ("People arrested: 2,340 /   students: 212 / Killed: 41"): each
    indented line is a part of the line above it with less indent; lines at the outer level
    are figures of their own. Returns whether the table was read so."""
    indents = [_indent(text, position) for _, position, _ in block]
    if len(set(indents)) < 2:
        return False
    outer = min(indents)
    for k, (index, _, _) in enumerate(block):
        if indents[k] == outer:
            continue
        parent = next((block[j][0] for j in range(k - 1, -1, -1) if indents[j] < indents[k]), None)
        if parent is not None and claims[index].value < claims[parent].value:
            claims[index].relation, claims[index].part_of = PART, parent
            claims[index].table = "indented"
    return True


def _indent(text: str, position: int) -> int:
    line_start = text.rfind("\n", 0, position) + 1
    line = text[line_start:position]
    return len(line) - len(line.lstrip(" \t"))


def _sentence_names(doc: Doc, claim: CountClaim, words: set[str], lexicon: Lexicon) -> bool:
    """Whether a figure's own sentence gives one of ``words`` (month names) as its period
    ("268 arrests in April"; not "1 January to 30 April")."""
    sentence = [w.strip(",.:()") for w in sentence_of(doc[claim.token]).text.lower().split()]
    return any(
        word in words and k > 0 and lexicon.period_during_re.fullmatch(sentence[k - 1])
        for k, word in enumerate(sentence)
    )


def _heading_text(doc: Doc, claim: CountClaim) -> str:
    """The words that introduce a table ("The judicial status of these suspects is as
    follows:"), or "" when the table has none."""
    from extract.counts import table_heading

    for candidate in claim.candidates:
        if candidate.label:
            span = doc.char_span(*candidate.quote_span, alignment_mode="expand")
            if span is not None:
                return " ".join(t.text for t in table_heading(doc, span)).strip() or "table"
    return "table"


def _heading_months(
    doc: Doc, claims: list[CountClaim], block: list[tuple[int, int, bool]], lexicon: Lexicon
) -> set[str]:
    """Month names in a table's heading ("Arrests in April by sex"): the table breaks down the
    figure stated for that month."""
    heading = _heading_text(doc, claims[block[0][0]]).lower().split()
    months = lexicon.dates.months
    return {w.strip(",.:") for w in heading if w.strip(",.:") in months}


def _total_before(
    claims: list[CountClaim],
    block: list[tuple[int, int, bool]],
    above: int,
    doc: Doc,
    months: set[str],
    lexicon: Lexicon,
) -> int | None:
    """The figure in its own right stated before a table and larger than every figure of it:
    the one all its lines, or its first two, add up to, if one does ("Hombres: 1.639 /
    Mujeres: 208" break down 1.847, not the week-old 1.840 mentioned after it), else the last
    mentioned."""
    position = block[0][1]
    pair = claims[block[0][0]].value + claims[block[1][0]].value
    whole = sum(claims[e[0]].value for e in block)
    best: tuple[int, int, int] | None = None
    for index, claim in enumerate(claims):
        if claim.relation is not None or claim.value <= above:
            continue
        starts = [start for start, _ in claim.spans if start < position]
        if not starts:
            continue
        sums = 2 if claim.value == whole else 1 if claim.value == pair else 0
        same_month = bool(months) and _sentence_names(doc, claim, months, lexicon)
        rank = (sums, same_month, max(starts), index)
        if best is None or rank > best:
            best = rank
    return best[-1] if best else None


def _places_total(
    claims: list[CountClaim],
    block: list[tuple[int, int, bool]],
    above: int,
    doc: Doc,
    lexicon: Lexicon,
) -> int | None:
    """The figure a list of places breaks down ("Zulia (20); Carabobo, con 12"): the last one
    stated before it and larger than each, that is not itself one place's figure ("Kazan
    accounted for 700, followed by Samara, with 70": Samara's 70 is no part of Kazan's). Places
    need not add up to it: a list of the main places leaves the others out."""
    position = block[0][1]
    found: tuple[int, int] | None = None
    fitting: tuple[int, int] | None = None
    counted = _list_counts(claims[block[0][0]], doc, lexicon)
    for index, claim in enumerate(claims):
        if claim.relation is not None or claim.value <= above:
            continue
        starts = [start for start, _ in claim.spans if start < position]
        if starts and not _place_subject(doc, claim, lexicon):
            found = max(found or (-1, -1), (max(starts), index))
            if counted and counted & {_stem(w) for w in claim.subject.split()}:
                fitting = max(fitting or (-1, -1), (max(starts), index))
    # "Detenidas: 214 / Heridos: 96 / ... Departamentos con más detenciones: Cauca 71": the
    # figure that counts what the list says it counts, else the last one before it; but a
    # figure the list adds up to exactly, with the place figure that opens its sentence
    # ("Guatemala registra 812, Escuintla 318 e Izabal 117" under 1.247), is its total
    chosen = _summed_by(claims, block, position, doc, lexicon) or fitting or found
    return chosen[1] if chosen else None


def _summed_by(
    claims: list[CountClaim],
    block: list[tuple[int, int, bool]],
    position: int,
    doc: Doc,
    lexicon: Lexicon,
) -> tuple[int, int] | None:
    """The last figure before the list that its places (and the place figure opening the
    list's sentence) add up to."""
    sent = sentence_of(doc[claims[block[0][0]].token])
    members = {index for index, _, _ in block}
    opening = [
        k
        for k, c in enumerate(claims)
        if k not in members
        and sent.start_char <= c.spans[0][0] < position
        and _place_subject(doc, c, lexicon)
    ]
    whole = sum(claims[k].value for k in (*members, *opening))
    found: tuple[int, int] | None = None
    for index, claim in enumerate(claims):
        starts = [start for start, _ in claim.spans if start < sent.start_char]
        if starts and claim.value == whole and index not in opening:
            found = max(found or (-1, -1), (max(starts), index))
    return found


def _list_counts(claim: CountClaim, doc: Doc, lexicon: Lexicon) -> set[str]:
    """The counting words a list's own introduction uses, by stem ("con más detenciones")."""
    from extract.counts import colon_list_intro

    figure = doc[claim.token : claim.token + 1]
    words = [t for t in colon_list_intro(figure) if t.lower_ in lexicon.strong | lexicon.weak]
    return {_stem(t.text) for t in words}


def _stem(word: str) -> str:
    return word.lower()[:STEM]


def _place_subject(doc: Doc, claim: CountClaim, lexicon: Lexicon) -> bool:
    """Whether the figure's clause has a place for its subject ("Kazan accounted for 700")."""
    figure = doc[claim.token]
    table = for_lexicon(lexicon)
    return any(
        t.dep_.startswith("nsubj")
        and (t.ent_type_ in lexicon.grammar.place_labels or table.names_place(t.text))
        for t in sentence_of(figure)
        if t.i < figure.i
    )


def _before(text: str, doc: Doc, claim: CountClaim) -> str:
    """The text of the figure's sentence before it (its qualifier excluded), at most a window."""
    sent = sentence_of(doc[claim.token])
    start = claim.spans[0][0]
    return text[max(sent.start_char, start - CUE_WINDOW) : start].rstrip(" \"“«'")


def _increment(doc: Doc, token: Token, lexicon: Lexicon) -> bool:
    """ "three further arrests", "another 12", "tres capturas más", "otros tres": a figure
    added to one the reader knows, never a count of its own (a "more than" is a qualifier)."""
    words = lexicon.increment_words
    before = doc[token.i - 1] if token.i else None
    if before is not None and before.lower_ in words and before.lower_ not in ("more", "más"):
        return True  # "another 12", "May and June added 683", "se sumaron 12"
    for k in range(token.i + 1, min(len(doc), token.i + 3)):
        word = doc[k]
        if word.is_punct or word.like_num:
            break
        if word.lower_ in words:
            following = doc[k + 1].lower_ if k + 1 < len(doc) else ""
            return following not in ("than", "que", "de", "del")
    return False


def _cue_start(pattern: re.Pattern[str], before: str) -> int | None:
    """Where a cue phrase ending just before a figure starts in ``before``, or None."""
    for match in pattern.finditer(before):
        rest = before[match.end() :]
        if len(rest.split()) <= 2 and not any(ch.isdigit() for ch in rest):
            return match.start()
    return None


def _ends_with(pattern: re.Pattern[str], before: str) -> bool:
    """A cue phrase at the end of the text before a figure (a determiner or comma may follow:
    "frente a los 305", "de ellas, 12")."""
    for match in pattern.finditer(before):
        rest = before[match.end() :]
        if len(rest.split()) <= 2 and not any(ch.isdigit() for ch in rest):
            return True
    return False


def _names_total(before: str, lexicon: Lexicon) -> bool:
    """ "Del total de personas detenidas, 427 ...", "Of the total, ...": the whole, not the
    last figure."""
    return any(w.strip(",.").lower() in lexicon.total_words for w in before.split()[-6:])


def _last_total(claims: list[CountClaim], index: int, largest: bool = False) -> int | None:
    """The figure a part belongs to: the one mentioned last before it (a repeat counts: "1.847
    en toda Venezuela, y 112 de ellos están en Lara. De los detenidos en la entidad, 97 ..."
    breaks down 112) that is a total in its own right and larger than it."""
    claim = claims[index]
    position = claim.spans[0][0]
    best: tuple[int, int] | None = None
    for other, candidate in enumerate(claims):
        if other == index or candidate.relation is not None or candidate.value <= claim.value:
            continue
        starts = [start for start, _ in candidate.spans if start < position]
        if not starts:
            continue
        rank = candidate.value if largest else max(starts)
        if best is None or rank > best[0]:
            best = (rank, other)
    return best[1] if best else None


def _referenced_total(
    claims: list[CountClaim], index: int, doc: Doc, lexicon: Lexicon
) -> int | None:
    """The total a partitive names before the figure in its sentence ("Of the 2,310, ...",
    "De los 301, ..."), or after it ("102 of a total of 114")."""
    claim = claims[index]
    sent = sentence_of(doc[claim.token])
    markers = lexicon.anaphoric | lexicon.partitive
    for k in range(claim.token - 1, max(sent.start, 0), -1):
        token = doc[k]
        digits = token.text.replace(",", "").replace(".", "")
        if token.like_num and digits.isdigit() and doc[k - 1].lower_ in markers:
            value = int(digits)
            for other in range(index - 1, -1, -1):
                if claims[other].value == value and value > claim.value:
                    return other
            break
    text = text_of(doc)
    after = text[claim.spans[0][1] : min(sent.end_char, claim.spans[0][1] + 80)]
    match = lexicon.out_of_re.search(after)
    if match is not None:
        rest = after[match.end() :].lstrip()
        for other in range(index + 1, len(claims)):
            later = claims[other]
            if later.spans[0][0] >= claim.spans[0][1] + match.end() and (later.value > claim.value):
                start = later.spans[0][0] - claim.spans[0][1] - match.end()
                if start <= len(after) - match.end() - len(rest) + 20:
                    return other
                break
    return None


def _partitive_opening(
    claims: list[CountClaim], index: int, text: str, doc: Doc, lexicon: Lexicon
) -> bool:
    """Whether the figure's sentence opens with a partitive phrase and a comma before it ("Of
    the suspects detained on Monday, 342 ...", "De los detenidos el lunes, 40 ..."), with no
    figure of its own in it ("Of the 1,218 suspects, 342" names its total)."""
    claim = claims[index]
    sent = sentence_of(doc[claim.token])
    opening = text[sent.start_char : claim.spans[0][0]]
    return (
        lexicon.breakdown_re.match(opening.lstrip()) is not None
        and opening.rstrip().endswith(",")
        and opening.count(",") == 1
        and not any(
            sent.start_char <= other.spans[0][0] < claim.spans[0][0]
            for k, other in enumerate(claims)
            if k != index
        )
    )


def _among_opening(
    claims: list[CountClaim], index: int, text: str, doc: Doc, lexicon: Lexicon
) -> bool:
    """Whether the figure's sentence opens "among <the detainees> <are>" right before it, with
    no figure of its own in that opening."""
    claim = claims[index]
    sent = sentence_of(doc[claim.token])
    opening = [t for t in doc[sent.start : claim.token] if not t.is_space]
    if len(opening) < 3 or opening[0].lower_ not in lexicon.partitive:
        return False
    verb = next((t for t in reversed(opening) if t.pos_ in ("VERB", "AUX")), None)
    if verb is None or verb.i < claim.token - 3 or any(t.like_num for t in opening):
        return False
    named = opening[1 : verb.i - sent.start]
    return verb.lemma_.lower() in (lexicon.copulas | lexicon.arrest_list_verbs) and any(
        t.lower_ in lexicon.strong or t.lemma_.lower() in lexicon.strong for t in named
    )


def _opens_breakdown(before: str, lexicon: Lexicon) -> bool:
    """ "By region, 143 ...", "Por estados, Zulia ...": a sentence that opens a breakdown."""
    return bool(lexicon.breakdown_opener_re.match(before.lstrip()))


def _included(token: Token, lexicon: Lexicon) -> bool:
    """ "the figure included 200 men", "la cifra incluye a 4 adolescentes": a verb of inclusion
    whose subject is the figure before (an antecedent noun or a pronoun)."""
    node = token
    for _ in range(3):
        node = node.head
        if node.lemma_.lower() in lexicon.include_verbs:
            subjects = [c for c in node.children if c.dep_.startswith("nsubj")]
            return any(
                s.lemma_.lower() in lexicon.antecedents
                or s.lower_ in lexicon.antecedents
                or s.pos_ == "PRON"
                or (s.head.i != s.i and s.head.lemma_.lower() in lexicon.antecedents)
                for s in subjects
            )
        if node.head.i == node.i:
            break
    return False


def _parenthesised(claims: list[CountClaim], index: int, doc: Doc) -> bool:
    """ "19,938 are still in detention (16,149 men and 3,789 women)": figures in a
    parenthesis after a larger one of their sentence break it down."""
    if index == 0:
        return False
    previous, claim = claims[index - 1], claims[index]
    if previous.value <= claim.value or previous.relation not in (None, PART):
        return False
    if sentence_of(doc[previous.token]).start != sentence_of(doc[claim.token]).start:
        return False
    between = doc[previous.token + 1 : claim.token]
    return claim.token > 0 and doc[claim.token - 1].text == "(" and ")" not in between.text


def _apposed(claims: list[CountClaim], index: int, doc: Doc) -> bool:
    """ "74 personas presas, 61 hombres y 13 mujeres", "301: 152 military, 149 civilians": a
    figure listed right after a larger one of its sentence, with nothing but that figure's
    words (participles included) and a comma or colon between them."""
    if index == 0:
        return False
    previous, claim = claims[index - 1], claims[index]
    if previous.relation not in (None, PART) or previous.value <= claim.value:
        return False  # a part may itself break down: "19,938 still held (16,149 men ...)"
    if sentence_of(doc[previous.token]).start != sentence_of(doc[claim.token]).start:
        return False
    between = doc[previous.token + 1 : claim.token]
    if not any(t.text in (",", ":", "(") for t in between):
        return False
    return not any(t.pos_ in ("VERB", "AUX") and "Fin" in t.morph.get("VerbForm") for t in between)


def _continue_breakdown(claims: list[CountClaim], index: int, doc: Doc) -> None:
    """A figure coordinated with a part is a part of the same total; an elliptical figure that
    only says what slice it is ("27 are women") continues the breakdown before it."""
    claim = claims[index]
    if index == 0:
        return
    previous = claims[index - 1]
    if previous.relation not in (PART, SUBSET) or previous.part_of is None:
        return
    same_sentence = sentence_of(doc[previous.token]).start == sentence_of(doc[claim.token]).start
    if "\n\n" in text_of(doc)[doc[previous.token].idx : doc[claim.token].idx]:
        # a table's last line and the paragraph under it: one "sentence" to the parser only
        same_sentence = False
    candidate = claim.candidates[0]
    elliptical = candidate.elliptical and candidate.described
    total = claims[previous.part_of]
    if claim.value >= total.value:
        return
    if same_sentence or (elliptical and _adjacent_sentences(doc, previous, claim)):
        claim.relation, claim.part_of = previous.relation, previous.part_of


def _summing_breakdown(claims: list[CountClaim], index: int, doc: Doc) -> bool:
    """ "887 presos políticos ... 789 son hombres y 98 son mujeres", "... son 46 varones y 12
    muchachas": figures of one sentence that each say what they count (by a predicate or their
    own noun) and together come within a tenth of the figure told just
    before them break it down, whatever words (or none) announce it."""
    sent = sentence_of(doc[claims[index].token])
    if index > 0 and sentence_of(doc[claims[index - 1].token]).start == sent.start:
        return False  # only from the sentence's first figure
    members = [
        k
        for k in range(index, len(claims))
        if sentence_of(doc[claims[k].token]).start == sent.start
    ]
    if len(members) < 2 or any(
        claims[k].relation is not None
        or not (claims[k].candidates[0].described or not claims[k].candidates[0].elliptical)
        for k in members
    ):
        return False
    total_index = _last_total(claims, index)
    if total_index is None:
        return False
    total = claims[total_index]
    total_sent = sentence_of(doc[total.token])
    if total_sent.start == sent.start or sent.start - total_sent.end > SUM_REACH_TOKENS:
        return False
    added = sum(claims[k].value for k in members)
    # figures named by their own nouns ("46 hombres y 12 mujeres") are a breakdown only when
    # they add up exactly: near enough could be any two counts of the sentence
    slack = SUM_SLACK if all(claims[k].candidates[0].described for k in members) else 0
    if not (1 - slack) * total.value <= added <= (1 + slack) * total.value:
        return False
    for k in members:
        claims[k].relation, claims[k].part_of = PART, total_index
    return True


def _adjacent_sentences(doc: Doc, first: CountClaim, second: CountClaim) -> bool:
    a, b = sentence_of(doc[first.token]), sentence_of(doc[second.token])
    return b.start == a.end or (
        b.start > a.end and all(t.is_space or t.is_punct for t in doc[a.end : b.start])
    )


def _result(claims: list[CountClaim], index: int, doc: Doc) -> None:
    """ "... so 102" / "por lo que 102": the result of the operands before it in the sentence.

    After a figure taken away (or a part), the result is what remains of the total; after
    figures with no total ("152 men and 149 women, for a total of 301"), those figures are
    what the result adds up."""
    claim = claims[index]
    sent_start = sentence_of(doc[claim.token]).start
    earlier = [
        k
        for k in range(index)
        if sentence_of(doc[claims[k].token]).start == sent_start and claims[k].relation != HISTORY
    ]
    operands = [k for k in earlier if claims[k].relation in (PART, EXCLUDED)]
    if operands and claims[operands[-1]].part_of is not None:
        total = claims[operands[-1]].part_of
        for k in operands:
            if claims[k].part_of == total and claims[k].relation == PART:
                claims[k].relation = EXCLUDED
        claim.relation, claim.part_of = RESULT, total
        return
    addends = [k for k in earlier if claims[k].relation is None and claims[k].value < claim.value]
    if len(addends) >= 2:
        for k in addends:
            claims[k].relation, claims[k].part_of = ADDED, index


def _totals_after(claims: list[CountClaim], doc: Doc, lexicon: Lexicon) -> None:
    """A part must not point at a figure that is itself only a part or an earlier figure."""
    for claim in claims:
        if claim.part_of is None:
            continue
        total = claims[claim.part_of]
        if total.relation == HISTORY:
            claim.part_of, claim.relation = None, None
