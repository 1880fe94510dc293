"""Who is named where in a sentence, so that funding can tie each amount to a giver and a receiver.

Names come from the facts found so far (clusters, organisations and their aliases), from the
generic vocabulary of funders (`funding.toml`), and from what the text itself types as a
name: "le GIE X", acronyms ("ABCD", "QR-bois", "AB2C") and runs of capitalised words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache

from grappe.db import text as db_text
from grappe.importer.extract.keyword_gate import GateSet, gate_fold
from grappe.importer.facts import Facts
from grappe.importer.keys import slug
from grappe.importer.vocab import load_vocabulary

VOCAB = load_vocabulary("funding")
_NOT_NAMES = set(VOCAB["not_names"])
_STOP = {w.casefold() for w in VOCAB["stop_words"]}
_FUNDER_CATEGORIES = {f["category"].casefold() for f in VOCAB["funders"]}
_CLUSTER_WORDS = tuple(w.casefold() for w in VOCAB["cluster_words"])
_CAP = r"[A-ZÀ-ÖØ-Þ]"
_WORD = r"[\w\-’']"
_NAME_RUN = rf"{_CAP}{_WORD}*(?:\s+(?:d['’]|de\s+|du\s+|des\s+)?{_CAP}{_WORD}*)*"
_TYPED_WORDS = "|".join(re.escape(w) for w in sorted(VOCAB["typed_words"], key=len, reverse=True))
# The first letters of the typed words, looked at first (case-blind, as the words are read):
# the regex engine then tries the words at few positions (twice as fast over a passage).
_TYPED_LEAD = "".join(sorted({re.escape(w[0]) for w in VOCAB["typed_words"]}))
_TYPED = re.compile(
    rf"(?=(?i:[{_TYPED_LEAD}]))(?i:\b(?P<type>{_TYPED_WORDS}))\s+(?:«\s*)?"
    rf"(?P<name>[A-Z0-9ÀÉ]{_WORD}*(?:\s+{_CAP}{_WORD}*)*)"
)
# "ABCD", "QR-bois", "Lab7", "MetaVerre": a capital not glued to a word or hyphen, then one of
# three tails. Both patterns open with their capital and check what precedes it afterwards
# (`X(?<![\w\-]X)` matches where `(?<![\w\-])X` does): a pattern opening with a character
# set lets the regex engine jump from capital to capital, twice as fast over a passage.
_ACRONYM = re.compile(
    r"[A-Z](?<![\w\-][A-Z])(?:[A-Z0-9&]+(?:-[A-Za-z0-9]+)*|[a-z]+\d+|[a-z]+[A-Z][A-Za-z]*)"
    r"(?![\w\-])"
)
# `(?<![\w\-]){_NAME_RUN}`, written capital first (see above).
_CAPITALISED_RUN = re.compile(rf"{_CAP}(?<![\w\-]{_CAP}){_NAME_RUN.removeprefix(_CAP)}")
# Each funder's patterns, compiled once (separate patterns scan faster than one alternation).
_FUNDERS = [
    (re.compile(pattern, 0 if spec.get("case") else re.IGNORECASE), spec["name"])
    for spec in VOCAB["funders"]
    for pattern in spec["patterns"]
]
# The words each needs (keyword_gate): one scan tells which patterns a text may hold.
_FUNDER_GATES = GateSet([pattern for pattern, _ in _FUNDERS])
_FUNDER_CUE = re.compile(
    r"(?:\bpar|\bfinancements?|\bsoutenue?s?\s+par|\bde la part d[eu]|\bapports?\s+d[eu])"
    r"\s+(?:l['’]\s?|la\s+|le\s+|les\s+|des\s+|du\s+|de\s+l['’]|de\s+)?$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Mention:
    """A name at a place in a text, with the entity it stands for."""

    start: int
    end: int
    text: str
    key: str
    name: str
    entity_type: str | None  # cluster | actor; None for a name the earlier stages did not know
    funder: bool  # a funder by vocabulary or by category (État, Région, FEDER, entreprises…)
    typed_as: str | None = None  # "GIE", "association"… when introduced by a typed word
    source: str = "known"  # known | funder | typed | acronym | run (a run of capitalised words)


@dataclass(frozen=True)
class _Known:
    key: str
    name: str
    entity_type: str
    funder: bool


class MentionFinder:
    """Finds the names of one document's entities in its sentences."""

    def __init__(self, so_far: Facts) -> None:
        self.known: dict[str, _Known] = {}
        self._folded: dict[str, _Known] = {}  # by folded name, and by folded name without spaces
        self._looked_up: dict[str, _Known | None] = {}  # names recur: fold each once
        self._spelling: dict[str, str] = {}  # key → the first spelling of a funder met
        for cluster in so_far.clusters:
            for name in (cluster.name, *cluster.aliases):
                self._add(name, _Known(cluster.key, cluster.name, "cluster", False))
        for actor in so_far.actors:
            if actor.kind != "organisation":
                continue
            funder = (actor.category or "").casefold() in _FUNDER_CATEGORIES
            for name in (actor.name, *actor.aliases):
                self._add(name, _Known(actor.key, actor.name, "actor", funder))
        for known in list(self.known.items()):
            for head in _heads(known[0]):
                self._folded.setdefault(fold(head), known[1])
        # Longest first, as an alternation of the names would try them.
        self._ranked = sorted(self.known, key=len, reverse=True)

    def _add(self, name: str, known: _Known) -> None:
        name = name.strip()
        if len(name) >= 2 and name not in _NOT_NAMES:
            self.known.setdefault(name, known)
            folded = fold(name)
            self._folded.setdefault(folded, known)
            self._folded.setdefault(folded.replace(" ", ""), known)

    def known_names(self, text: str) -> list[tuple[int, int, str]]:
        """The known names in `text`, as the pattern `(?<!\\w)(?:longest|…|shortest)(?!\\w)`
        finds them from left to right (without compiling one such pattern per document, which
        cost more than the searches): the longest name wins at a start; no overlaps."""
        best_at: dict[int, str] = {}
        length = len(text)
        for name in filter(text.__contains__, self._ranked):  # longest first: the first
            start = text.find(name)  # name kept at a start wins
            while start >= 0:
                end = start + len(name)
                if (start not in best_at and (start == 0 or not _is_word(text[start - 1]))
                        and (end == length or not _is_word(text[end]))):
                    best_at[start] = name
                start = text.find(name, start + 1)
        found, position = [], 0
        for start in sorted(best_at):
            if start >= position:
                name = best_at[start]
                found.append((start, start + len(name), name))
                position = start + len(name)
        return found

    def lookup(self, text: str) -> _Known | None:
        """The known entity named exactly `text` (case- and accent-sensitive, then folded)."""
        if text in self._looked_up:
            return self._looked_up[text]
        folded = fold(text)  # "QR-bois" = "Qr Bois" = "Qrbois"; a name cut by a line-end hyphen too
        found = (self.known.get(text.strip()) or self._folded.get(folded)
                 or self._folded.get(folded.replace(" ", "")))
        self._looked_up[text] = found
        return found

    def find(self, text: str) -> list[Mention]:
        """Every name in `text`, without overlaps, in order (known names win, then funders…)."""
        candidates: list[tuple[int, Mention]] = []
        for start, end, name in self.known_names(text):
            k = self.known[name]
            candidates.append((0, Mention(start, end, name, k.key, k.name, k.entity_type, k.funder)))
        candidates.extend((1, mention) for mention in self.funders_in(text))
        for m in _TYPED.finditer(text):
            name = _trim_name(m.group("name"))
            if not name or name in _NOT_NAMES:
                continue
            typed = m.group("type")
            kind = "cluster" if typed.casefold().startswith(_CLUSTER_WORDS) else "actor"
            start = m.start("name")
            mention = self._generic(start, start + len(name), name, kind, "typed", typed)
            candidates.append((2, mention))
        for m in _ACRONYM.finditer(text):
            if m.group(0) not in _NOT_NAMES:
                mention = self._generic(m.start(), m.end(), m.group(0), None, "acronym")
                candidates.append((3, mention))
        single_known = [(c.start, c.end) for p, c in candidates if p == 0 and " " not in c.text]
        for m in _CAPITALISED_RUN.finditer(text):
            start, name = _strip_stop_words(m.start(), m.group(0))
            if name and len(name.split()) >= 2:
                end = start + len(name)
                # "Plaine Mode" is a place of its own, not the cluster "Mode" it contains.
                inside_known = any(start < s and e <= end for s, e in single_known)
                mention = self._generic(start, end, name, None, "run")
                candidates.append((-1 if inside_known else 4, mention))
        chosen: list[Mention] = []
        taken = bytearray(len(text))
        ranked = sorted(candidates, key=lambda c: (c[0], -(c[1].end - c[1].start), c[1].start))
        for _, mention in ranked:
            if not any(taken[mention.start : mention.end]):
                taken[mention.start : mention.end] = b"\x01" * (mention.end - mention.start)
                chosen.append(mention)
        typed_spans = {(c.start, c.end): c.typed_as for p, c in candidates if p == 2}
        chosen = [replace(m, typed_as=typed_spans[m.start, m.end])
                  if not m.typed_as and typed_spans.get((m.start, m.end)) else m for m in chosen]
        return sorted(chosen, key=lambda m: m.start)

    def funders_in(self, text: str) -> list[Mention]:
        """The funders the vocabulary finds in `text`. The first spelling met of a funder names
        it in the whole document: texts are read in document order, each before its names
        are needed (a heading's funders are noted even when its other names never are)."""
        found: list[Mention] = []
        for index in sorted(_FUNDER_GATES.may_match(gate_fold(text))):
            pattern, canonical = _FUNDERS[index]
            for m in pattern.finditer(text):
                name = m.group(0).strip() if canonical == "{0}" else canonical
                known = self.lookup(m.group(0)) or self.lookup(name)
                key = known.key if known else _slug(name)
                # one spelling per funder in a document: "Lille Métropole", then "Lille métropole"
                name = known.name if known else self._spelling.setdefault(key, name)
                found.append(Mention(m.start(), m.end(), m.group(0), key, name, "actor", True,
                                     source="funder"))
        return found

    def _generic(self, start: int, end: int, name: str, kind: str | None, source: str,
                 typed: str | None = None) -> Mention:
        known = self.lookup(name)
        if known:
            return Mention(start, end, name, known.key, known.name, known.entity_type,
                           known.funder, typed)
        return Mention(start, end, name, _slug(name), name, kind, False, typed, source)


def _is_word(char: str) -> bool:
    """What `\\w` matches in a str pattern (a Unicode letter or digit, or "_")."""
    return char.isalnum() or char == "_"


_PARENTHESISED_ACRONYM = re.compile(r"\(([A-Z][A-Z0-9&\-]{1,})\)")
_HEAD_END = re.compile(r"\s*[-–(]\s*|\s+-\s*")
_APOSTROPHE = re.compile(r"['’]")


@lru_cache(maxsize=4096)
def _slug(name: str) -> str:
    return slug(name)


@lru_cache(maxsize=16384)
def fold(text: str) -> str:
    """`grappe.db.text.fold`, kept: known names and looked-up names recur across documents."""
    return db_text.fold(text)


def _heads(name: str) -> list[str]:
    """Shorter names a composite one answers to: "AB2C-Pôle régional X" → "AB2C", "Y (ABC)" → "ABC"."""
    heads = _PARENTHESISED_ACRONYM.findall(name)
    head = _HEAD_END.split(name, maxsplit=1)[0].strip()
    if head != name and len(head) >= 3 and head not in _NOT_NAMES:
        heads.append(head)
    return [h for h in heads if h not in _NOT_NAMES]


def funder_cued(text: str, mention: Mention) -> bool:
    """True when the words just before a name make it a giver ("financé par X")."""
    return bool(_FUNDER_CUE.search(text[max(0, mention.start - 40) : mention.start]))


def _trim_name(name: str) -> str:
    """Keep the capitalised words of a typed name, dropping a trailing stop word."""
    words = name.split()
    while words and words[-1].casefold() in _STOP:
        words.pop()
    return " ".join(words).rstrip("-’'")


def _strip_stop_words(start: int, run: str) -> tuple[int, str]:
    """Drop leading words such as "Le", "En", "Pour" from a capitalised run."""
    words = run.split()
    offset = 0
    while words and _APOSTROPHE.split(words[0].casefold())[0] in _STOP:
        head = words.pop(0)
        offset = run.index(head, offset) + len(head)
    if not words:
        return start, ""
    rest = run[offset:].lstrip()
    return start + len(run) - len(rest), rest.rstrip("-’'")
