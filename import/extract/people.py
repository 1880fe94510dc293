"""Telling people's names from institutions and functions, word by word, with generic vocabulary.

Names are never listed: a person is recognised by a known French first name, by sitting
between an institution and a function word, or by the shape of the words (capitalised,
not an institution word). Words glued by the PDF extraction (`AnneMartin`) are split.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from grappe.importer.vocab import load_vocabulary

_NON_WORD = re.compile(r"[^a-z0-9]+")
_NAME_PARTS = re.compile(r"[-\s]+")


@lru_cache(maxsize=16384)
def quick_fold(text: str) -> str:
    """`fold` for short words, faster: lowercase, accents dropped, punctuation to spaces
    (cached: the same roles, labels and words are folded again and again)."""
    text = text.casefold().replace("œ", "oe").replace("æ", "ae").replace("’", "'")
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return " ".join(_NON_WORD.sub(" ", ascii_text).split())


_VOCAB = load_vocabulary("actors")
FIRST_NAMES = frozenset(quick_fold(n) for n in _VOCAB["first_names"])
ORGANISATION_WORDS = frozenset(quick_fold(w) for w in _VOCAB["organisation_words"])
NOT_NAME_WORDS = frozenset(quick_fold(w) for w in _VOCAB["not_name_words"])
PARTICLES = frozenset(quick_fold(w) for w in _VOCAB["name_particles"])
FUNCTION_WORDS = frozenset(quick_fold(w) for w in _VOCAB["function_words"] if " " not in w)
ORGANISATION_PREFIXES = frozenset(quick_fold(w) for w in _VOCAB["organisation_prefixes"])
FUNCTION_MODIFIERS = frozenset(quick_fold(w) for w in _VOCAB["function_modifiers"])
_QUALIFIERS = sorted({w for w in _VOCAB["function_qualifiers"]} | set(_VOCAB["function_words"]),
                     key=len, reverse=True)

_TITLE_WORDS = frozenset(_VOCAB["name_titles"])
_EDGE_PUNCT = "-,;:.()«»\"'’"
_UPPER = "A-ZÀ-ÖØ-Þ"
_LOWER = "a-zß-öø-ÿ"
_TITLE = re.compile(rf"^[{_UPPER}][{_LOWER}]+(?:-[{_UPPER}]?[{_LOWER}]+)*-?$")
_WORD_PART = rf"[{_UPPER}][{_LOWER}]+(?:-[{_UPPER}][{_LOWER}]+)*"
_GLUED = re.compile(rf"^{_WORD_PART}(?:{_WORD_PART})+$")
_ACRONYM = re.compile(rf"^[{_UPPER}][{_UPPER}0-9&]{{1,}}-?$")
# A function word glued to the next word by the extraction: "généralAlphatex", "Chargéede".
_GLUED_FUNCTION = re.compile(
    r"\b(" + "|".join(re.escape(w) for w in _QUALIFIERS) + rf")(?=(?-i:[{_UPPER}]))", re.IGNORECASE
)
_GLUED_DE = re.compile(r"\b(chargée?|déléguée?)(de)\b", re.IGNORECASE)


@lru_cache(maxsize=8192)
def bare(token: str) -> str:
    """The folded word without surrounding punctuation."""
    return quick_fold(token.strip(_EDGE_PUNCT))


def is_first_name(token: str) -> bool:
    """A known first name, or a hyphenated compound of them (`Marie-Claire`)."""
    word = bare(token)
    if not word:
        return False
    parts = _NAME_PARTS.split(word)
    return word in FIRST_NAMES or (len(parts) > 1 and all(p in FIRST_NAMES for p in parts))


def organisation_prefix_length(tokens: list[str]) -> int:
    """Words that must stay in the structure: "GIE X", "CCI X" (X not a known first name)."""
    if len(tokens) >= 2 and bare(tokens[0]) in ORGANISATION_PREFIXES and is_name_token(tokens[1]) \
            and not is_first_name(tokens[1]):
        return 2
    return 0


def is_title(token: str) -> bool:
    """`M.`, `Mme`, `Monsieur`…: a civility, never part of the name itself."""
    return token in _TITLE_WORDS


def is_particle(token: str) -> bool:
    return bare(token) in PARTICLES


def is_acronym(token: str) -> bool:
    return bool(_ACRONYM.match(token))


def is_glued_name(token: str) -> bool:
    """Two capitalised words glued together (`AnneMartin`)."""
    return bool(_GLUED.match(token))


def is_name_token(token: str) -> bool:
    """A word that can be part of a person's name (capitalised, not an institution word)."""
    if not (_TITLE.match(token) or is_glued_name(token)):
        return False
    word = bare(token)
    return word not in ORGANISATION_WORDS and word not in NOT_NAME_WORDS \
        and word not in FUNCTION_WORDS


def is_function_word(token: str) -> bool:
    word = bare(token)
    if word in FUNCTION_WORDS:
        return True
    # "Chargéede" (a glued "de") still starts a function.
    return any(word == w + "de" for w in ("charge", "chargee", "delegue", "deleguee"))


def function_index(tokens: list[str]) -> int | None:
    """Index of the first word that starts a function (with a modifier before it), or None."""
    for i, token in enumerate(tokens):
        if is_function_word(token):
            if i > 0 and bare(tokens[i - 1]) in FUNCTION_MODIFIERS:
                return i - 1
            return i
    return None


def split_glued(token: str) -> str:
    """`AnneMartin` → `Anne Martin`; other words unchanged."""
    if not is_glued_name(token):
        return token
    return re.sub(rf"(?<=[{_LOWER}])(?=[{_UPPER}])", " ", token)


def join_name(tokens: list[str]) -> str:
    """A person's name from its words: glued words split, a wrapped `Laurent-`/`Moreau` rejoined."""
    out = ""
    for token in tokens:
        token = split_glued(token)
        if not out:
            out = token
        elif out.endswith("-"):
            out += token
        else:
            out += " " + token
    return out.strip(" -,")


def clean_function(text: str) -> str:
    """Undo the extraction's glued words inside a function (`Directeur généralAlphatex`)."""
    text = _GLUED_FUNCTION.sub(r"\1 ", text)
    text = _GLUED_DE.sub(r"\1 \2", text)
    return " ".join(text.split()).strip(" ,")


@lru_cache(maxsize=4096)
def surname_of(name: str) -> str:
    """Folded last word of a name (the surname, particles aside)."""
    words = [w for w in name.replace(".", ". ").split() if bare(w) not in PARTICLES]
    return bare(words[-1]) if words else ""


def initials_of(name: str) -> str:
    """Folded first letter of the first name (`A. de Martel` → `a`)."""
    first = name.split()[0] if name.split() else ""
    return bare(first)[:1]


_TITLES = sorted((t for t in _VOCAB["name_titles"]), key=len, reverse=True)
_NAME_WORD = rf"[{_UPPER}][{_LOWER}]+(?:-[{_UPPER}][{_LOWER}]+)?"
_PARTICLE = r"(?:(?:[dD]e|[dD]u|des|van|von|[lL]e|[lL]a|di|da)\s+(?=[A-ZÀ-Þ])|d['’])"
_SURNAME = rf"(?:{_NAME_WORD}|[{_UPPER}]{{2,}}(?![{_LOWER}]))"
_LEFT = rf"(?=[{_UPPER}])(?<![\w\-.’'])"
_PERSON = re.compile(
    rf"{_LEFT}(?:(?P<title>{'|'.join(re.escape(t) for t in _TITLES)})\s+)?"
    rf"(?P<first>{_NAME_WORD}|[{_UPPER}]\.(?:\s?-?[{_UPPER}]\.)*)\s+"
    rf"(?P<surname>{_PARTICLE}?{_SURNAME})"
)
_TITLED = re.compile(
    rf"{_LEFT}(?P<title>{'|'.join(re.escape(t) for t in _TITLES)})\s+(?P<surname>{_PARTICLE}?{_SURNAME})"
)


# Where `_PERSON` can start: a capital not glued to a word, a hyphen, a dot or an apostrophe
# (its `_LEFT`). Found by a fast character scan; the pattern is then tried there only.
_PERSON_START = re.compile(rf"[{_UPPER}](?<![\w\-.’'][{_UPPER}])")


def search_person(text: str, pos: int = 0) -> re.Match[str] | None:
    """`_PERSON.search(text, pos)`, trying the pattern only where a name can start."""
    while (start := _PERSON_START.search(text, pos)) is not None:
        match = _PERSON.match(text, start.start())
        if match:
            return match
        pos = start.start() + 1
    return None


# What `_PERSON` can take as a first name, where a name can start: a capitalised word (with a
# hyphenated second part) or an initial. Found in one scan; `person_mentions` accepts only a
# known first name or initials, so a passage with neither names no one by `_PERSON` (most).
_FIRST_CANDIDATE = re.compile(
    rf"[{_UPPER}](?<![\w\-.’'][{_UPPER}])(?:[{_LOWER}]+(?:-[{_UPPER}][{_LOWER}]+)?|\.)"
)


@lru_cache(maxsize=8192)
def _may_open_name(word: str) -> bool:
    """Whether a word found by `_FIRST_CANDIDATE` can be the first name of an accepted mention."""
    return word.endswith(".") or is_first_name(word)


# A title opens `_TITLED` where a name can start, followed by a space: `_FIRST_CANDIDATE`
# finds it there as this word ("Mme." as "Mme"). None when a title is no such word.
_TITLE_FOUND_AS = [_FIRST_CANDIDATE.match(f"{title} ") for title in _TITLES]
_TITLE_WORDS = (frozenset(m.group(0) for m in _TITLE_FOUND_AS)
                if all(_TITLE_FOUND_AS) else None)


def _may_hold_title(text: str, words: list[str]) -> bool:
    """Whether `_TITLED` may match `text`, whose `_FIRST_CANDIDATE` words are `words`."""
    if _TITLE_WORDS is None:
        return any(map(text.__contains__, _TITLES))
    return not _TITLE_WORDS.isdisjoint(words)


@dataclass(frozen=True)
class PersonMention:
    """A person named in running text (`A. de Martel`, `Anne Martin`, `M. Durand`)."""

    start: int
    end: int
    name: str


def _surname_ok(surname: str) -> bool:
    last = bare(surname.replace("’", "'").split("'")[-1].split()[-1])
    return last not in ORGANISATION_WORDS and last not in NOT_NAME_WORDS \
        and last not in FUNCTION_WORDS and last not in FIRST_NAMES


@lru_cache(maxsize=1024)
def person_mentions(text: str) -> tuple[PersonMention, ...]:
    """People named in prose: a known first name or initials (or a title), then a surname."""
    found: list[PersonMention] = []
    pos = 0
    words = _FIRST_CANDIDATE.findall(text)
    opens = any(map(_may_open_name, words))  # else no match is accepted
    while opens and (match := search_person(text, pos)) is not None:
        first, surname = match.group("first"), match.group("surname")
        if first != "M." and (first.endswith(".") or is_first_name(first)) and _surname_ok(surname):
            start = match.start("title") if match.group("title") else match.start("first")
            found.append(PersonMention(start, match.end(), " ".join(f"{first} {surname}".split())))
            pos = match.end()
        else:
            pos = match.start("first") + len(first)  # the surname may start the next name
    taken = [(m.start, m.end) for m in found]
    titled = _TITLED.finditer(text) if _may_hold_title(text, words) else ()
    for match in titled:
        if _surname_ok(match.group("surname")) and all(
                match.end() <= s or match.start() >= e for s, e in taken):
            found.append(PersonMention(match.start(), match.end(), match.group("surname")))
    return tuple(sorted(found, key=lambda m: m.start))
