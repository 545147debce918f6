"""Where a figure holds: its country and, when the figure is a region's, the region.

The country is the one named nearest the figure in its sentence, else the document's main
country; a text about a country no gazetteer knows (an invented one, a new name) still has a
place: the place the model tags most often, the dateline aside. The region is the first-level
region the figure's own words put it in ("45 in the state of Zulia", "en el departamento de
León", "51 in Olsk Region"): a region's count never conflicts with the national one, so it is
only set when the text ties the figure to the region, never from a mention elsewhere.
"""

from __future__ import annotations

import functools
import re
from collections import Counter

from spacy.attrs import LOWER
from spacy.strings import get_string_id
from spacy.tokens import Doc, Span

from extract.attribution import _HEAD_DATELINE, located_name
from extract.claims import CountClaim
from extract.doctext import sentence_of, text_of
from extract.gazetteer import Gazetteer, fold_place, for_lexicon
from extract.lexicon import Lexicon
from extract.place_items import place_item

MAX_REGION_WORDS = 4
# "República de Arvena", "Republic of X": the name of a state, whether or not a gazetteer
# knows it (shared with reconciliation's reading of publishers' names)
STATE_OF = re.compile(
    r"\b(?:Republic|Rep[úu]blica|Kingdom|Reino|Principality|Principado)\s+(?:of|de|del)\s+"
    r"(?:the\s+|la\s+|el\s+)?(?P<name>[A-ZÀ-Þ][\w-]+(?:\s+[A-ZÀ-Þ][\w-]+)?)"
)


def locate(claims: list[CountClaim], doc: Doc, lexicon: Lexicon) -> None:
    """Set ``place`` (a country) and ``region`` on every claim of one document."""
    if not claims:
        return
    places = find_places(doc, lexicon)
    main = _main_place(places) or _named_place(doc, lexicon)
    table = for_lexicon(lexicon)
    positions = [c.spans[0][0] for c in claims]
    ends = [c.spans[0][1] for c in claims]
    for index, claim in enumerate(claims):
        sentence = sentence_of(doc[claim.token])
        here = [
            (abs(position - claim.spans[0][0]), country)
            for position, country in places
            if sentence.start_char <= position < sentence.end_char
        ]
        claim.place = min(here)[1] if here else main
        claim.region = _label_place(doc, claim, lexicon, table) or _region(
            doc, claim, sentence, positions, ends, index, lexicon, table
        )
        if claim.region is not None and claim.place is None:
            found = table.region(claim.region)
            claim.place = found.country if found else None


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


def _main_place(places: list[tuple[int, str]]) -> str | None:
    if not places:
        return None
    counts = Counter(country for _, country in places)
    return max(counts, key=lambda c: (counts[c], -min(p for p, k in places if k == c)))


def _named_place(doc: Doc, lexicon: Lexicon) -> str | None:
    """A country the language files do not know: the gazetteer's, else the place entity the
    text names most often, outside its dateline ("VESTBY, May 2 -")."""
    table = for_lexicon(lexicon)
    labels = lexicon.grammar.place_labels
    dateline = _HEAD_DATELINE.match(text_of(doc))
    dateline_end = dateline.end() if dateline else 0
    counts: Counter[str] = Counter()
    first: dict[str, int] = {}
    people = [span for person in doc._.ct_persons or [] for span in person.mentions]
    calendar = {
        m.strip(".") for m in (*lexicon.dates.months, *lexicon.dates.weekdays)
    }  # "Sept 8", "Monday": no place
    for ent in doc.ents:
        mislabelled = ent.label_ in lexicon.grammar.org_labels and located_name(ent, lexicon)
        if ent.label_ not in labels and not mislabelled:
            continue
        if ent.text.isupper():
            continue
        if len(ent) == 1 and ent[0].is_sent_start and not _labels_a_line(ent):
            continue  # "Reiteramos ...": a capitalised first word, not a place
        if any(s < ent.end_char and ent.start_char < e for s, e in people):
            continue  # "said the coordinator, Milica Janković": a person the model took for a place
        if ent.text.lower().strip(".") in calendar or ent.start_char < dateline_end:
            continue  # "Sept 8", the dateline: no place of the figures
        words = {w.lower() for w in ent.text.split()}
        if words & (lexicon.authorities | lexicon.org_words):
            continue  # "Ministerio Público": a body, not a place
        if words <= (lexicon.strong | lexicon.weak | lexicon.name_stopwords):
            continue  # "Civiles: 874" at the start of a table line
        if words & lexicon.region_words:
            continue  # "Olsk Region": a region of a country the text does not name
        known = table.country(ent.text) or table.region(ent.text) or table.country_of_city(ent.text)
        name = known.country if known else ent.text.strip()
        counts[name] += 2 if known else 1
        first.setdefault(name, ent.start_char)
    for token in doc:
        # "the Ostland interior ministry": a state body named after its country
        if (
            token.pos_ == "PROPN"
            and token.dep_ in ("compound", "amod", "nmod", "poss")
            and token.head.lower_ in lexicon.authorities
            # "the Ostland interior ministry", "Ostland's Interior Ministry"
            and 0 < token.head.i - token.i <= (3 if token.dep_ == "poss" else 2)
            and token.idx >= dateline_end
            and token.lower_.strip(".") not in calendar
            and token.lower_ not in lexicon.authorities | lexicon.org_words | lexicon.name_stopwords
            and not token.is_upper
        ):
            known = table.country(token.text)
            name = known.country if known else token.text
            counts[name] += 1
            first.setdefault(name, token.idx)
    for match in STATE_OF.finditer(text_of(doc)):
        # "el Ministerio del Interior de la República de Arvena": a state names its country
        name = match.group("name")
        known = table.country(name)
        name = known.country if known else name
        counts[name] += 3
        first.setdefault(name, match.start())
    if not counts:
        return None
    return max(counts, key=lambda n: (counts[n], -first[n]))


def _label_place(doc: Doc, claim: CountClaim, lexicon: Lexicon, table: Gazetteer) -> str | None:
    """A line of a table of places ("Moscow: 41", "Zulia: 88"): the label is the region."""
    from extract.counts import table_heading, table_label

    for candidate in claim.candidates:
        if not candidate.label:
            continue
        span = doc.char_span(*candidate.quote_span, alignment_mode="expand")
        if span is None:
            continue
        if candidate.placed:  # "Lara, con 8": the item names its place
            figure = doc[candidate.token : candidate.token + 1]
            name = " ".join(t.text for t in place_item(doc, figure, lexicon))
            found = table.region(name)
            if found is not None or table.country(name) is None:
                return found.region if found is not None else name
            continue
        label = " ".join(t.text for t in table_label(doc, span) if not t.is_punct).strip()
        if not label:
            continue
        found = table.region(label)
        if found is not None:
            return found.region
        if _is_city(label, lexicon):
            return label
        heading = {t.lower_ for t in table_heading(doc, span)}
        if heading & lexicon.region_words:
            return label  # "Detentions on February 16-17, by city:": every label is a place
        common = lexicon.strong | lexicon.weak | lexicon.name_stopwords
        if {w.lower() for w in label.split()} <= common:
            continue  # "Hombres: 921", "Adultos: 1.042": a slice, whatever the model tags
        if any(
            e.label_ in lexicon.grammar.place_labels and e.text.strip() == label for e in doc.ents
        ):
            return label
    return None


def _labels_a_line(ent: Span) -> bool:
    """ "Belgrade: 281": a name heading a line of figures."""
    after = ent.doc[ent.end] if ent.end < len(ent.doc) else None
    return after is not None and after.text == ":"


def _region(
    doc: Doc,
    claim: CountClaim,
    sentence: Span,
    positions: list[int],
    quote_ends: list[int],
    index: int,
    lexicon: Lexicon,
    table: Gazetteer,
) -> str | None:
    """The region in the figure's own stretch of its sentence (from the figure before it to
    the one after), introduced by a place preposition and nearer than any country name."""
    start = doc[claim.token].idx  # the figure itself, not its quote's first word
    earlier = [end for k, end in enumerate(quote_ends) if k < index and end > sentence.start_char]
    later = [p for k, p in enumerate(positions) if k > index and p < sentence.end_char]
    low = max(earlier, default=sentence.start_char)
    high = min(later, default=sentence.end_char)
    span = doc.char_span(low, high, alignment_mode="expand")
    if span is None:
        return None
    best: tuple[int, str] | None = None
    # after the figure, only its own clause: "47 detenciones, seguido por Zulia" is not Zulia's
    figure_end = doc[claim.token].idx + len(doc[claim.token])
    end_of_clause = next(
        (t.i for t in span if t.idx > figure_end and t.text in (",", ";")), span.end
    )
    # the figure's own line: "Personas detenidas: 338 / Departamentos: Cauca 122" are two lines
    line_start = text_of(doc).rfind("\n", 0, start) + 1
    line_end = text_of(doc).find("\n", start)
    line_end = len(text_of(doc)) if line_end < 0 else line_end
    tokens = [t for t in span if t.i < end_of_clause and line_start <= t.idx < line_end]
    # before the figure, only its own clause: "347 detenciones, la mayoría en la capital,
    # mientras que el ministerio informó de 229" is not the capital's 229
    breaks = [
        k
        for k, t in enumerate(tokens)
        if t.i < claim.token and t.is_alpha and t.lower_ in lexicon.clause_breaks
    ]
    if breaks:
        tokens = tokens[breaks[-1] + 1 :]
    named = _source_spans(span, claim)
    if tokens:
        stretch = text_of(doc)[tokens[0].idx : tokens[-1].idx + len(tokens[-1])]
        for national in lexicon.national_re.finditer(stretch):
            # "que a nivel nacional contabiliza 148": the whole country's, as a country is
            distance = abs(tokens[0].idx + national.start() - start)
            if best is None or distance < best[0]:
                best = (distance, "")
    for k, token in enumerate(tokens):
        if any(first <= token.idx < last for first, last in named):
            continue  # "los 300 que contabiliza el Centro de Derechos de Tiflis": its name
        after_preposition = token.lower_ in lexicon.place_prepositions_any
        if not after_preposition and not token.is_title:
            continue
        if after_preposition and k + 1 >= len(tokens):
            continue
        if not after_preposition and k > 0 and tokens[k - 1].is_title:
            continue  # inside a name already read from its first word
        name = _capitalised_run(tokens[k + 1 :] if after_preposition else tokens[k:], lexicon)
        if not name:
            continue
        if _with_other_places(tokens[k + 1 :] if after_preposition else tokens[k:], name):
            continue  # "in Tbilisi and other cities": no one region's figure
        listed = _place_list(tokens[k + 1 :] if after_preposition else tokens[k:], name, lexicon)
        if listed is not None:
            # "los departamentos de San Salvador y La Libertad concentran 2.960": the figure of
            # those regions together; with the country among them, a national figure
            distance = abs(token.idx - start)
            together = "" if any(table.country(n) for n in listed[1]) else listed[0]
            if best is None or distance < best[0]:
                best = (distance, together)
            continue
        city = table.city_of(name, claim.place)
        subject_place = not after_preposition and _place_subject(
            token, doc[claim.token], lexicon, city
        )
        if not after_preposition and table.region(name) is None and not subject_place:
            continue  # "Lara es el estado con más casos": only a known region, unintroduced
        if table.country(name) is not None or name.lower() in lexicon.countries:
            distance = abs(token.idx - start)
            if best is None or distance < best[0]:
                best = (distance, "")  # a country is nearer: a national figure
            continue
        found = table.region(name)
        region = found.region if found else (name if _has_region_word(name, lexicon) else None)
        if region is None and subject_place:
            region = name  # "San Ciriaco concentra ... 122 detenciones": the place counts them
        if (
            region is None
            and after_preposition
            and (_is_city(name, lexicon) or table.city_of(name, claim.place))
        ):
            # "police in Moscow detained 35": a city tied to the figure with nothing between
            between = span.doc[min(token.i, claim.token) : max(token.i, claim.token)]
            if not any(t.text in (",", ";", "(") for t in between):
                region = name
        if region is not None:
            distance = abs(token.idx - start)
            if best is None or distance < best[0]:
                best = (distance, region)
    if best is None and low == sentence.start_char:
        return _fronted_place(doc, sentence, claim, lexicon, table)
    return (best[1] or None) if best else None


def _fronted_place(
    doc: Doc, sentence: Span, claim: CountClaim, lexicon: Lexicon, table: Gazetteer
) -> str | None:
    """A sentence that opens on its place ("In Nis, where students blocked the railway, 41
    people have been detained"; "En Masaya, según la ONG, 16 ..."): the place of the first
    figure of the sentence, whatever clauses stand between, unless another place does."""
    tokens = [t for t in sentence if not t.is_space and t.text not in _QUOTES]
    if len(tokens) < 3 or tokens[0].lower_ not in lexicon.place_prepositions_any:
        return None
    name = _capitalised_run(tokens[1:], lexicon)
    if not name or tokens[0].i >= claim.token:
        return None
    after = tokens[0].i + 1 + len(name.split())
    if after >= len(doc) or doc[after].text != "," or after >= claim.token:
        return None  # "In Nis 41 ...": read by the nearer rules; "In Nis they ..." is no opening
    between = doc[after : claim.token]
    if any(t.ent_type_ in lexicon.grammar.place_labels for t in between):
        return None  # "In Nis, as in Novi Sad, ...": more than one place
    if table.country(name) is not None:
        return None
    found = table.region(name)
    if found is not None and found.country == claim.place:
        return found.region
    if _is_city(name, lexicon) or table.city_of(name, claim.place):
        return name
    return None


_QUOTES = frozenset({'"', "'", "“", "”", "«", "»", "‘", "’"})


def _place_list(tokens: list, name: str, lexicon: Lexicon) -> tuple[str, list[str]] | None:
    """The list of places the place named first in ``tokens`` is one of ("Guatemala, Escuintla
    e Izabal", "San Salvador y La Libertad"), as written and name by name; None when a comma
    or a conjunction joins it to no other place name."""
    words = name.split()
    first = next((t for t in tokens if t.text == words[0]), None)
    if first is None:
        return None
    doc = first.doc
    joiners = {","} | lexicon.conjunctions
    start, end = first.i, first.i + len(words)
    names = [doc[start:end].text]
    while end + 1 < len(doc) and doc[end].lower_ in joiners and doc[end + 1].is_title:
        stop = end + 1
        while stop < len(doc) and doc[stop].is_title:
            stop += 1
        if not _names_place(doc[end + 1 : stop], lexicon):
            break
        names.append(doc[end + 1 : stop].text)
        end = stop
    while start >= 2 and doc[start - 1].lower_ in joiners and doc[start - 2].is_title:
        begin = start - 1
        while begin > 0 and doc[begin - 1].is_title:
            begin -= 1
        if not _names_place(doc[begin : start - 1], lexicon):
            break
        names.insert(0, doc[begin : start - 1].text)
        start = begin
    return (doc[start:end].text, names) if len(names) > 1 else None


def _names_place(span: Span, lexicon: Lexicon) -> bool:
    """Capitalised words the model tags as a place, or a name the gazetteer knows."""
    if any(t.ent_type_ in lexicon.grammar.place_labels for t in span):
        return True
    return for_lexicon(lexicon).names_place(span.text)


def _with_other_places(tokens: list, name: str) -> bool:
    """Whether the place named first in ``tokens`` is coordinated with a common noun ("Tbilisi
    and other cities", "Caracas y otras ciudades"): a list of places, not a region. Read on
    the surface: parsers often hang the conjunct on the noun before the place."""
    words = name.split()
    at = next((i for i, t in enumerate(tokens) if t.text == words[-1]), None)
    if at is None or at + 1 >= len(tokens) or tokens[at + 1].pos_ != "CCONJ":
        return False
    for token in tokens[at + 2 : at + 5]:
        if token.is_punct or token.pos_ == "PROPN":
            return False
        if token.pos_ == "NOUN" and token.is_lower:
            return True
    return False


def _source_spans(span: Span, claim: CountClaim) -> list[tuple[int, int]]:
    """Where the figure's source is named in the span: a place in a body's name is not the
    figure's place."""
    text = span.text
    found = []
    for name in {claim.attributed_to, claim.originator} - {None}:
        start = text.find(name)
        while start >= 0 and len(name) > 3:
            found.append((span.start_char + start, span.start_char + start + len(name)))
            start = text.find(name, start + 1)
    return found


def _place_subject(token, figure, lexicon: Lexicon, city: bool = False) -> bool:
    """A place entity that is the subject of the verb the figure hangs from ("X registró 45
    detenciones", "X concentra el mayor número, con 122"): the place whose count it is;
    never a name inside an organisation's ("Comité ... de Derechos Humanos")."""
    if token.i > 0 and token.doc[token.i - 1].lower_ in lexicon.connectors:
        return False
    if token.lower_ in lexicon.org_words | lexicon.authorities:
        return False  # "El Observatorio ... contabiliza 114": a body, whatever the model says
    if token.ent_type_ in lexicon.grammar.place_labels and 0 < figure.i - token.i <= 4:
        between = token.doc[token.i + 1 : figure.i]
        if any(t.pos_ == "ADP" for t in between) and all(
            t.pos_ in ("ADP", "PROPN") or t.text == ":" for t in between
        ):
            return True  # "..., Moscow for 43", "Zulia con 45": the place the figure is for
    # a city of the figure's country is a place whatever label the model gives it
    placed = city or token.ent_type_ in lexicon.grammar.place_labels
    if not placed or not token.dep_.startswith("nsubj"):
        if not (token.dep_ in ("flat", "compound") and token.head.dep_.startswith("nsubj")):
            return False
        token = token.head
        if not (city or token.ent_type_ in lexicon.grammar.place_labels):
            return False
    verb = token.head
    if verb.lemma_.lower() in lexicon.attribution_verbs or _in_person(token):
        return False  # "Ferrand said 54 ...": a speaker, whatever the model tags the name
    return verb.pos_ in ("VERB", "AUX") and any(a.i == verb.i for a in figure.ancestors)


def _in_person(token) -> bool:
    """Whether the token is inside a mention of a person the text names."""
    return any(
        start <= token.idx < end
        for person in token.doc._.ct_persons or []
        for start, end in person.mentions
    )


def _capitalised_run(tokens: list, lexicon: Lexicon) -> str:
    """ "the state of Zulia" -> "Zulia"; "Olsk Region" -> "Olsk Region"; "the capital,
    Dravenik" -> "Dravenik"; "the capital" -> "capital"; "" when none."""
    words: list[str] = []
    kind: str | None = None  # a region word before the name ("state", "capital")
    for token in tokens[: MAX_REGION_WORDS + 4]:
        lower = token.lower_
        if not words and lower in lexicon.region_words:
            kind = token.text
            continue
        if not words and (lower in lexicon.determiners or lower in lexicon.connectors):
            continue
        if not words and kind and token.text == ",":
            continue
        if token.is_title or (token.is_upper and len(token) > 1):
            words.append(token.text)
            continue
        if words and lower in lexicon.region_words:
            words.append(token.text)
        break
    if not words and kind and kind.lower() in lexicon.capital_words:
        return kind  # "143 in the capital": the capital is a place of its own
    return " ".join(words[:MAX_REGION_WORDS])


def region_named(name: str, lexicon: Lexicon) -> bool:
    """Whether a name is a region's ("Sagaing Region", "Zulia"): a place, never a source."""
    return for_lexicon(lexicon).region(name) is not None or (
        _has_region_word(name, lexicon) and len(name.split()) > 1
    )


def _is_city(name: str, lexicon: Lexicon) -> bool:
    return fold_place(name) in _folded_cities(lexicon)


@functools.cache
def _folded_cities(lexicon: Lexicon) -> frozenset[str]:
    return frozenset(fold_place(c) for c in lexicon.cities)


def _has_region_word(name: str, lexicon: Lexicon) -> bool:
    return any(word.lower() in lexicon.region_words for word in name.split())


@functools.cache
def _place_index(lexicon: Lexicon) -> dict[int, list[int]]:
    """The hash of each place name's first word, with the name lengths to try, longest first."""
    sizes: dict[int, set[int]] = {}
    for name in lexicon.places:
        words = name.split()
        sizes.setdefault(get_string_id(words[0]), set()).add(len(words))
    return {key: sorted(lengths, reverse=True) for key, lengths in sizes.items()}
