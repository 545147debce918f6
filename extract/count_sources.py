"""Who states each figure (``attributed_to``, as the text names the source) and which
organisation counted it (``originator``).

The source is found by :class:`extract.attribution.SourceFinder`; a sentence that names none
takes the previous figure's source, else the next one in its paragraph, else the document's
own voice. The originator is what the reconciler compares: the organisation behind a
spokesperson ("its director, Mira Lund", "dijo Alfonso Rivas, director del OPP", "X, of Y,
said"), the full name behind a short form the same text introduces ("el Observatorio",
"OPP"), and nobody for a generic source ("human rights groups") or a dateline.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc

from extract.attribution import AUTHOR, SourceFinder
from extract.claims import CountClaim
from extract.doctext import text_of
from extract.lexicon import Lexicon

# "Name (ACR)": a name that defines its own acronym
_DEFINES = re.compile(r"^(?P<name>.*\w)\s*\((?P<acronym>[^\W\d_a-z][\w-]{1,11})\)$")
_FUNCTION_WORDS = frozenset(
    {"de", "del", "la", "las", "los", "el", "y", "e", "en", "por", "para", "pro"}
    | {"of", "the", "for", "and", "on", "in", "at", "to"}
)
_ARTICLES = frozenset({"the", "el", "la", "los", "las"})
ROLE_REACH = 90  # characters around a person's name in which their role is read


def attribute(claims: list[CountClaim], doc: Doc, sources: SourceFinder) -> None:
    """The source of each claim. A claim whose sentence names none takes the previous claim's
    source, else the next one on its line ("... 40 homes raided. At least 23 people were
    arrested, according to X"), else the document's author."""
    stated = [sources.source_for(doc[claim.token]) for claim in claims]
    own = [s for s, c in zip(stated, claims, strict=True) if c.token not in sources.embedded]
    sources.prefer_author([s for s in own if s and s != AUTHOR])
    alleged = set(stated) - set(own)
    if sources.author in alleged:
        sources.author = None  # a party whose claim the text reports or rejects is not its voice
    stated = [sources.author if s == AUTHOR else s for s in stated]
    previous: str | None = None
    for index, claim in enumerate(claims):
        total = claims[claim.part_of].attributed_to if claim.part_of is not None else None
        source = stated[index] or total or previous
        if source is None and not any(c.label for c in claim.candidates):
            # on to a later figure's source on the same line only: the lines of a table or a
            # list are statements of their own ("Killed (according to official media): 4"
            # says nothing of the lines above it)
            paragraph_end = text_of(doc).find("\n", doc[claim.token].idx)
            later = [
                s
                for c, s in zip(claims[index + 1 :], stated[index + 1 :], strict=True)
                if s and (paragraph_end < 0 or doc[c.token].idx < paragraph_end)
            ]
            source = later[0] if later else sources.author
        claim.attributed_to = source or sources.author
        if claim.token not in sources.embedded:
            previous = source


class Originators:
    """Resolves sources to organisations within one document."""

    def __init__(self, doc: Doc, sources: SourceFinder, lexicon: Lexicon) -> None:
        self.doc = doc
        self.text = text_of(doc)
        self.lex = lexicon
        self.sources = sources
        self.orgs = [m for m in sources.orgs if len(m.text) > 1]
        self.persons = {name for _, name in sources.person_starts}
        self.full_names = self._full_names()

    def _full_names(self) -> dict[str, str]:
        """Short form -> the one longer name of the text it stands for ("OPP", "Observatorio"
        -> "Observatorio de Presos Políticos", "the Network" -> "X Rights Network"); names
        that define their acronym included."""
        names = {_clean(m.text) for m in self.orgs}
        resolved: dict[str, str] = dict(acronyms(self.text))
        names |= set(resolved.values())
        for m in self.orgs:
            defined = _DEFINES.match(" ".join(m.text.split()))
            known = resolved.get(defined.group("acronym"), "") if defined else ""
            if defined and len(defined.group("name")) > len(known):
                resolved[defined.group("acronym")] = defined.group("name")
        for name in names:
            if name in resolved:
                continue
            longer = {
                other
                for other in names
                if other != name
                and (
                    _starts(other, name)
                    or _initials(other) == name.lower()
                    or _ends_with_head(other, name)
                )
            }
            if len(longer) == 1:
                resolved[name] = longer.pop()
        return resolved

    def originator(self, source: str | None, position: int) -> str | None:
        """The organisation behind ``source`` (a person, a short name, a body), or None."""
        if not source:
            return None
        name = _clean(source)
        if name in self.persons:
            return self._organisation_of(name, position) or name
        if self._generic(name):
            return None
        if name in self.full_names:
            return self.full_names[name]
        if name in self.full_names.values():
            return name  # already the long name a shorter one stands for
        # "the legal aid group Asistencia Legal Humanitaria": the name inside the description
        inside = [full for full in set(self.full_names.values()) if full in name and full != name]
        return max(inside, key=len) if inside else name

    def acronym_of(self, name: str | None) -> str | None:
        """The acronym the text defines for an organisation's name ("MVPP"): the same
        organisation named in another language elsewhere defines the same one."""
        if not name:
            return None
        if name in self.full_names and name.isupper():
            return name
        for short, full in self.full_names.items():
            if full == name and short.isupper() and len(short) >= 2:
                return short
        return None

    def _generic(self, name: str) -> bool:
        words = [w.lower() for w in name.split()]
        return bool(words) and all(
            w in self.lex.generic_sources or w in self.lex.determiners or w in _FUNCTION_WORDS
            for w in words
        )

    def _organisation_of(self, person: str, position: int) -> str | None:
        """The organisation a person speaks for, from the words around a mention of them:
        "X, director of Y", "Y's director, X", "its/the group's director, X"."""
        for start in self._mentions(person):
            end = start + len(person)
            after = self.text[end : end + ROLE_REACH]
            before = self.text[max(0, start - ROLE_REACH) : start]
            org = self._org_after_role(after, end) or self._org_before_role(before, start)
            if org:
                return self.full_names.get(org, org)
        return None

    def _mentions(self, person: str) -> list[int]:
        found = []
        at = self.text.find(person)
        while at >= 0:
            found.append(at)
            at = self.text.find(person, at + 1)
        return found

    def _org_after_role(self, after: str, offset: int) -> str | None:
        """ "Mira Lund, director of Detainee Support Ostland, said" """
        stripped = after.lstrip(" ,(")
        if not after.startswith((",", " (")):
            return None
        owner = _OWNER_ROLE.match(stripped)
        if owner is not None and self._is_role(owner.group("role")):
            # "X, the ministry's spokeswoman", "X, Amnesty's researcher"
            return self._owner(owner.group("owner"), offset + len(after) - len(stripped))
        if not self._starts_with_role(stripped):
            return None
        limit = offset + len(after) - len(stripped) + min(len(stripped), ROLE_REACH)
        clause = stripped.split(",")[0].split(".")[0].lower().split()
        if any(w in self.lex.org_anaphors for w in clause[1:6]):
            return self._last_org(offset)  # "portavoz de la institución": the one named before
        for mention in self.orgs:
            if offset < mention.start < limit:
                between = self.text[offset : mention.start]
                if "." in between.replace(".-", "") or "\n" in between:
                    return None
                return _clean(mention.text)
        return None

    def _org_before_role(self, before: str, start: int) -> str | None:
        """ "The group's director, Mira Lund", "el director del OPP, Alfonso Rivas", "its
        spokesperson, X": the organisation named in, or referred to by, the role before."""
        # "su director, el abogado X": a title of the name's own may follow the comma
        kept = before.rstrip(" ")
        for _ in range(3):
            last = kept.rsplit(None, 1)
            if len(last) < 2 or not (
                last[1].lower() in self.lex.determiners
                or last[1].lower() in self.lex.roles
                or self._is_role(last[1])
            ):
                break
            kept = last[0].rstrip(" ")
        before = kept + " "
        tail = before.rstrip(" ,")
        if not before.rstrip(" ").endswith(",") or "\n" in tail[-60:]:
            return None
        words = tail.split()
        # "The group's director, X", "El portavoz del Poder Judicial iraní, X": a role among
        # the last words before the name
        role_at = next(
            (
                k
                for k in range(len(words) - 1, max(-1, len(words) - 7), -1)
                if self._is_role(words[k])
            ),
            None,
        )
        if role_at is None:
            return None
        role_start = start - len(before) + len(" ".join(words[:role_at]))
        for mention in reversed(self.orgs):
            if role_start - 40 < mention.start < start and mention.end <= start:
                return _clean(mention.text)
        phrase = " ".join(words[role_at:])
        body = self._authority_phrase(phrase)
        return body or self._last_org(start)

    def _owner(self, owner: str, position: int) -> str | None:
        """The organisation a possessive before a role names: one of the text's organisations
        ("Amnesty's"), the last one named for an anaphor ("the group's"), the last body of that
        kind for a state body named by its kind ("the ministry's")."""
        words = owner.lower().split()
        if not words:
            return None
        for mention in self.orgs:
            if mention.start <= position < mention.end:
                return _clean(mention.text)
        if words[-1] in self.lex.authorities:
            bodies = [
                m
                for m in self.orgs
                if m.start < position and words[-1] in {w.lower() for w in m.text.split()}
            ]
            if bodies:
                return _clean(bodies[-1].text)
        if words[-1] in self.lex.org_anaphors:
            return self._last_org(position)
        return None

    def _authority_phrase(self, phrase: str) -> str | None:
        """ "portavoz del Poder Judicial iraní" -> "Poder Judicial iraní": a state body a
        spokesperson speaks for, named only in the role's words."""
        words = phrase.split()[1:]  # the role word itself is no body
        for k, word in enumerate(words):
            if word.lower().strip(",") in self.lex.authorities:
                start = k
                while start > 0 and words[start - 1][:1].isupper():
                    start -= 1
                return " ".join(words[start:]).strip(" ,")
        return None

    def _last_org(self, position: int) -> str | None:
        """The organisation "the group", "its", "la ONG" refers to: the last named before."""
        authorities = self.lex.authorities
        named = [
            m
            for m in self.orgs
            if m.start < position and not {w.lower() for w in m.text.split()} & authorities
        ]
        return _clean(named[-1].text) if named else None

    def _starts_with_role(self, text: str) -> bool:
        words = text.split()
        for size in (3, 2, 1):
            phrase = " ".join(words[:size]).lower().strip(",")
            if self._is_role(phrase):
                return True
        return (
            bool(words)
            and words[0].lower() in self.lex.determiners
            and len(words) > 1
            and (self._is_role(words[1]))
        )

    def _is_role(self, word: str) -> bool:
        word = word.lower().strip(",.")
        return word in self.lex.titles or word in self.lex.spokesperson_roles


# "(MVPP)", "(FEPT, por sus siglas en inglés)", "(KHC, by its English initials)"
_ACRONYM = re.compile(r"\((?P<acronym>[^\W\d_a-z][^\W_]{1,11})(?:,[^)\n]{0,40})?\)")
_NAME_WORD = re.compile(r"[^\W\d_][\w'’.-]*$")
# "the ministry's spokeswoman", "Amnesty International's researcher": an owner and a role
_OWNER_ROLE = re.compile(
    r"(?:the\s+)?(?P<owner>[\w.-]+(?:\s+[\w.-]+){0,5}?)['’]s?\s+(?P<role>[\w-]+)", re.IGNORECASE
)


_KNOWN_AS = re.compile(
    r"(?P<name>(?:[A-ZÀ-Þ][\w'’-]*[^\S\n]+(?:(?:of|for|the|and|de|del|la|las|los|y|para|por)"
    r"[^\S\n]+)*){1,10}[A-ZÀ-Þ][\w'’-]*),?[^\S\n]+(?:known[^\S\n]+by[^\S\n]+its|"
    r"conocid[oa][^\S\n]+por[^\S\n]+sus|by[^\S\n]+its|por[^\S\n]+sus)[^\S\n]+"
    r"(?:\w+[^\S\n]+)?(?:initials|acronym|siglas)(?:[^\S\n]+en[^\S\n]+\w+)?,?[^\S\n]+"
    r"(?P<acronym>[A-Z][A-Z0-9-]{1,11})\b"
)


def acronyms(text: str) -> list[tuple[str, str]]:
    """ "Mesa de Verificación de Personas Presas Políticas (MVPP)": (acronym, name) pairs,
    the name being the capitalised words before the parenthesis whose initials the acronym
    spells, in order (connecting words may be skipped)."""
    found = []
    for match in _KNOWN_AS.finditer(text):  # "the Verification Table ..., known by its
        name = re.sub(r"^(?:The|El|La|Los|Las)\s+", "", match.group("name").strip())
        found.append((match.group("acronym"), name))  # Spanish initials MVPP"
    for match in _ACRONYM.finditer(text):
        acronym = match.group("acronym")
        if not acronym[:2].isupper():
            continue
        window = text[max(0, match.start() - 160) : match.start()]
        window = window[window.rfind("\n") + 1 :]  # a name never runs across lines
        words = window.split()
        name: list[str] = []
        letters = acronym.lower().replace("-", "")
        # "(FEPT, por sus siglas en inglés)": the acronym of the name in another language,
        # whose initials need not spell it; the capitalised name before it is the name
        noted = "," in match.group(0)
        for word in reversed(words):
            bare = word.strip(',;:"“”«»')
            if (bare != word and name) or word.endswith("."):
                break  # "... el Gobierno. El Centro de X (CLAC)": not across a sentence
            if not _NAME_WORD.match(bare):
                break
            if noted and not bare[0].isupper() and bare.lower() not in _FUNCTION_WORDS:
                break
            name.insert(0, bare)
            if bare[0].isupper() and _spells(letters, name):
                found.append((acronym, " ".join(name)))
                break
            if len(name) > 12:
                break
        if noted and name and not any(a == acronym for a, _ in found):
            while name and (not name[0][0].isupper() or name[0].lower() in _ARTICLES):
                name.pop(0)
            if len(name) >= 2:
                found.append((acronym, " ".join(name)))
    return found


def _spells(letters: str, name: list[str]) -> bool:
    """Whether the capitalised words' initials spell the acronym, exactly or with at most two
    words it skips ("Mesa de Verificación de Personas Presas Políticas" is MVPP)."""
    initials = [w[0].lower() for w in name if w[0].isupper()]
    if "".join(initials) == letters:
        return True
    if len(initials) >= 3 and sorted(initials) == sorted(letters):
        return True  # a name translated, its acronym kept: "Venezuelan ... Observatory (OPPV)"
    return (
        len(letters) <= len(initials) <= len(letters) + 2
        and initials[0] == letters[0]
        and _subsequence(letters, initials)
    )


def _subsequence(letters: str, initials: list[str]) -> bool:
    it = iter(initials)
    return all(letter in it for letter in letters)


def originate(claims: list[CountClaim], doc: Doc, originators: Originators) -> None:
    for claim in claims:
        claim.originator = originators.originator(claim.attributed_to, claim.spans[0][0])
        claim.originator_acronym = originators.acronym_of(claim.originator)


def _clean(text: str) -> str:
    text = " ".join(text.split()).strip(" ,.;:\"'“”«»")
    defined = _DEFINES.match(text)
    return defined.group("name") if defined else text


def _words(name: str) -> list[str]:
    return [w.lower() for w in re.findall(r"[^\W\d_]+", name)]


def _starts(longer: str, short: str) -> bool:
    a, b = _words(longer), _words(short)
    return len(a) > len(b) > 0 and a[: len(b)] == b


_HEAD_ENDS = frozenset({"for", "of", "on", "to", "against"})


def _ends_with_head(longer: str, short: str) -> bool:
    """ "the Network" for "Ethiopian Lawyers' Rights Network", "the Institute" for "Gulf
    Institute for Detainee Rights": an English name's head noun (its last word, or the word
    before its first "for"/"of") standing alone (capitalised, so a name, not "the network")."""
    a, b = _words(longer), _words(short)
    if len(b) != 1 or len(a) < 2 or not short[:1].isupper():
        return False
    cut = next((k for k, w in enumerate(a) if k > 0 and w in _HEAD_ENDS), len(a))
    return b[0] in (a[-1], a[cut - 1])


def _initials(name: str) -> str:
    return "".join(w[0] for w in _words(name) if w not in _FUNCTION_WORDS)
