"""Finding known cluster names in text, whatever their spelling (`Alpha-tex`, `Alpha Tex`, `Alphatex`).

Names are compared on a compact key: folded (lowercase, no accents), small words dropped
after the first, separators removed — so `Beta2` = `Beta 2` and `Club des imprimeurs
artisans` = `Club Imprimeurs artisans`. A name that is also an ordinary word of the
document (`Santé`, `Images`) only counts when a typed phrase introduces it (`le pôle
Images`, `le pôle d'excellence santé`), so that "la filière santé" is not a cluster.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import accumulate, compress

from grappe.importer.vocab import load_vocabulary

_VOCAB = load_vocabulary("clusters")
STOPWORDS = frozenset(_VOCAB["stopwords"])
_TYPED = sorted(
    ((tuple(p.split()), kind) for p, kind in _VOCAB["typed_prefixes"].items()),
    key=lambda item: -len(item[0]),
)
_TYPED_BY_LAST: dict[str, list[tuple[tuple[str, ...], str]]] = {}
for _phrase, _kind in _TYPED:
    _TYPED_BY_LAST.setdefault(_phrase[-1], []).append((_phrase, _kind))
_TOKEN = re.compile(r"[^\W_]+")
_TOKEN_SPLIT = re.compile(r"([^\W_]+)")
# The same split where no "_" is written (almost every text): `\w` alone is scanned faster.
_TOKEN_SPLIT_NO_UNDERSCORE = re.compile(r"(\w+)")
_MAX_WORDS = 8


@lru_cache(maxsize=65536)
def fold_token(token: str) -> str:
    """Lowercase, accent-free form of one word."""
    decomposed = unicodedata.normalize("NFKD", token.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).replace("œ", "oe")


# Accented Latin letters → their base letter, one character for one, so offsets stay valid.
_BASE_LETTER = str.maketrans({
    ch: unicodedata.normalize("NFKD", ch)[0]
    for ch in map(chr, range(0xC0, 0x250))
    if len(unicodedata.normalize("NFKD", ch)) > 1 and unicodedata.combining(unicodedata.normalize("NFKD", ch)[1])
})


def _folded_word(word: str) -> str:
    """One word lowercased with its accents dropped (`cut` keeps each result in `_FOLDED`)."""
    folded = word.lower().translate(_BASE_LETTER)
    return folded if folded.isascii() else fold_token(word)


@lru_cache(maxsize=4096)
def tokens(text: str) -> tuple[tuple[str, int, int], ...]:
    """Folded words of `text` with their start and end offsets (cached: texts are re-read)."""
    return tuple(zip(*cut(text)))


def folded_words(text: str) -> tuple[str, ...]:
    """The folded words of `text` alone (`tokens` without offsets), for set and scan tests."""
    return cut(text)[0]


@lru_cache(maxsize=4096)
def cut(text: str) -> tuple[tuple[str, ...], tuple[int, ...], tuple[int, ...]]:
    """`tokens` as three columns (words, starts, ends): long passages need no tuple per word
    (cached and shared: callers read the columns, never change them)."""
    if "\u0130" in text:  # the one character that lower() lengthens: fold word by word
        found = [(fold_token(m.group()), m.start(), m.end()) for m in _TOKEN.finditer(text)]
        return (tuple(w for w, _, _ in found), tuple(s for _, s, _ in found),
                tuple(e for _, _, e in found))
    # Cut once into separators and words (no match object per word); offsets are the running
    # sums of the pieces' lengths.
    pieces = (_TOKEN_SPLIT if "_" in text else _TOKEN_SPLIT_NO_UNDERSCORE).split(text)
    offsets = tuple(accumulate(map(len, pieces)))  # a tuple: its slices below are tuples too
    words = pieces[1::2]
    try:
        folded = tuple(map(_FOLDED.__getitem__, words))
    except KeyError:  # words not met yet: folded once each, then all read again
        if len(_FOLDED) > _FOLDED_MAX:
            _FOLDED.clear()
        for word in words:
            if word not in _FOLDED:
                _FOLDED[word] = _folded_word(word)
        folded = tuple(map(_FOLDED.__getitem__, words))
    # Tuples, not lists: the cache keeps thousands of them, and the cyclic garbage collector
    # stops walking a tuple of ints once it has seen it (measured: 1 ms/doc less collection).
    return folded, offsets[0:-1:2], offsets[1::2]


# Every word folded so far, read with one dict look-up (half the cost of calling an
# lru-cached `_folded_word` for each of the ~25 000 words of a document); emptied past this size.
_FOLDED: dict[str, str] = {}
_FOLDED_MAX = 200_000


def positions_in(text: str, wanted: set[str] | frozenset[str] | dict) -> Iterator[int]:
    """Indices of the words of `text` found in `wanted`, tested in C rather than word by word."""
    folded = folded_words(text)
    return compress(range(len(folded)), map(wanted.__contains__, folded))


@lru_cache(maxsize=16384)
def compact_key(name: str) -> str:
    """Key under which two spellings of one name are equal."""
    words = folded_words(name)
    kept = list(words[:1]) + [w for w in words[1:] if w not in STOPWORDS]
    return "".join(kept)


@lru_cache(maxsize=8)
def common_words(text: str) -> frozenset[str]:
    """Folded words that the document also writes in lowercase (ordinary words)."""
    # Whole lowercase chunks only: the "tex" of "Alpha-tex" is part of a name, not a word.
    chunks = " ".join(chunk for chunk in set(text.split()) if chunk.islower())
    return frozenset(folded_words(chunks))


@dataclass(frozen=True)
class Mention:
    """A known cluster named in a text."""

    key: str
    start: int
    end: int
    typed: str | None  # kind stated by the words before the name (PC/GE/PE/other/any)


@dataclass
class _ScanState:
    """Where `NameIndex._find` stands: mentions so far, first word not read, last mention."""

    found: list[Mention] = field(default_factory=list)
    resume: int = 0
    previous: tuple[int, str | None] = (-9, None)


def _positions(words: tuple[str, ...], wanted: set[str], start: int, stop: int) -> Iterator[int]:
    """Indices from `start` to `stop` of the words found in `wanted`."""
    return compress(range(start, stop), map(wanted.__contains__, words[start:stop]))


class NameIndex:
    """Aliases of known clusters, searchable in free text."""

    def __init__(self, common: frozenset[str] = frozenset()) -> None:
        self.common = common
        self.by_key: dict[str, list[str]] = {}  # compact alias → cluster keys
        self.kind_of: dict[str, str] = {}
        self.needs_type: dict[tuple[str, str], bool] = {}
        self.prefixes: set[str] = set()
        self._distinctive: dict[str, bool] = {}  # alias → its words tell it from prose
        self.version = 0  # changed with every alias (find_before's memo holds for one version)
        self._before: list | None = None  # find_before's scan of its last text

    def add(self, alias: str, cluster_key: str, kind: str) -> None:
        compact = compact_key(alias)
        if not compact:
            return
        self.version += 1
        self.kind_of[cluster_key] = kind
        keys = self.by_key.get(compact)
        if keys is None:  # a new spelling: its prefixes too (a known one has them already)
            keys = self.by_key[compact] = []
            self.prefixes.update([compact[:i] for i in range(1, len(compact) + 1)])
        if cluster_key not in keys:
            keys.append(cluster_key)
        # One spelling made of ordinary words is enough: the name is also written as prose.
        if not self.needs_type.get((compact, cluster_key), False):
            self.needs_type[(compact, cluster_key)] = not self._is_distinctive(alias)

    def set_kind(self, cluster_key: str, kind: str) -> None:
        """A cluster's kind, now known better (the only other way `kind_of` changes than `add`)."""
        self.kind_of[cluster_key] = kind
        self.version += 1  # mentions read before carry the old kind: find_before must read again

    def _is_distinctive(self, alias: str) -> bool:
        """A digit, an acronym or a word the document never writes in lowercase (kept: the
        same aliases are added again and again)."""
        distinctive = self._distinctive.get(alias)
        if distinctive is None:
            distinctive = any(map(str.isdigit, alias)) or any(
                len(w) > 1 and w.isupper() for w in alias.split()
            ) or not all(w in self.common or w in STOPWORDS for w in folded_words(alias))
            self._distinctive[alias] = distinctive
        return distinctive

    def lookup(self, name: str, kind: str | None = None) -> str | None:
        """The cluster a name designates (of `kind` when given), or None."""
        compact = compact_key(name)
        return self._pick(self.by_key.get(compact, []), kind, compact)

    def _pick(self, keys: list[str], kind: str | None, compact: str) -> str | None:
        if kind in (None, "any"):
            return keys[0] if keys else None
        for key in keys:
            if self.kind_of.get(key) == kind:
                return key
        # "la grappe Plasturgie": a cluster of that kind with an alias ending in the name.
        for alias, alias_keys in self.by_key.items():
            if alias != compact and alias.endswith(compact):
                for key in alias_keys:
                    if self.kind_of.get(key) == kind:
                        return key
        return None

    def find(self, text: str, *, require_type: bool = True) -> list[Mention]:
        """Every known cluster named in `text`, longest spelling first, left to right."""
        words, starts, ends = cut(text)
        return self._find(words, starts, ends, positions_in(text, self.prefixes), require_type)

    def find_before(self, text: str, stop: int, *, require_type: bool = True) -> list[Mention]:
        """`find(text[:stop])` for a `stop` where no word goes on (`text[stop]` is no letter or
        digit, or `text[stop - 1]` is none): read from the words of the whole `text`, cut once,
        rather than cutting again each of its beginnings (a table's cells, one by one)."""
        if "\u0130" in text:  # words there are folded one by one: cut the beginning itself
            return self.find(text[:stop], require_type=require_type)
        words, starts, ends = cut(text)
        count = bisect_left(starts, stop)  # the words that start before `stop` end by it
        # A word at least _MAX_WORDS before the end is read as in the whole text: that part of
        # the scan is kept from the previous call on the same text (the next cell of a table)
        # and only the last words are read again, on the beginning alone.
        safe = max(0, count - _MAX_WORDS + 1)
        memo = self._before
        if memo is None or memo[0] is not text or memo[1] != (require_type, self.version) or memo[2] > safe:
            memo = self._before = [text, (require_type, self.version), 0, _ScanState()]
        head = memo[3]
        if memo[2] < safe:  # positions memo[2] … safe - 1, read in the whole text
            self._find(words, starts, ends, _positions(words, self.prefixes, memo[2], safe),
                       require_type, head)
            memo[2] = safe
        tail = _ScanState(list(head.found), head.resume, head.previous)
        return self._find(words[:count], starts, ends, _positions(words, self.prefixes, safe, count),
                          require_type, tail)

    def _find(self, words: tuple[str, ...], starts: tuple[int, ...], ends: tuple[int, ...],
              positions: Iterator[int], require_type: bool,
              state: _ScanState | None = None) -> list[Mention]:
        """The mentions starting at `positions`, after those of `state` (then carried on in it)."""
        if state is None:
            found: list[Mention] = []
            resume = 0  # the first word index not yet read (after the last mention)
            previous: tuple[int, str | None] = (-9, None)  # word index where the last mention ended, its type
        else:
            found, resume, previous = state.found, state.resume, state.previous
        prefixes, by_key, stopwords = self.prefixes, self.by_key, STOPWORDS
        count = len(words)
        for i in positions:  # most words start no name: skipped in C
            if i < resume:
                continue
            joined = words[i]  # a prefix: the first word is kept even if it is a small word
            if joined in by_key:
                best: tuple[int, str] | None = (i, joined)
            else:
                # Most candidates are small words ("de", "l") that the next word already
                # rules out: rejected here without the loop below (which would break at once).
                if i + 1 >= count:  # (_MAX_WORDS > 1: no word after, none to read below)
                    continue
                follower = words[i + 1]
                if follower not in stopwords and joined + follower not in prefixes:
                    continue
                best = None
            j, stop = i + 1, min(count, i + _MAX_WORDS)
            while j < stop:
                word = words[j]
                if word not in stopwords:
                    joined += word
                    if joined not in prefixes:
                        break
                    if joined in by_key:
                        best = (j, joined)
                j += 1
            if best is None:
                continue
            j, compact = best
            typed = self._typed_before(words, i)
            # "les PE BTP et Ecoactivités", "les pôles A, B": a list keeps its type.
            if typed is None and previous[1] and (
                i == previous[0] + 1 or (i == previous[0] + 2 and words[i - 1] in ("et", "ou"))
            ):
                typed = previous[1]
            key = self._pick(self.by_key[compact], typed, compact) if typed else None
            if key is None:  # the first cluster of that spelling that needs no type word
                for candidate in by_key[compact]:
                    if not (require_type and self.needs_type[(compact, candidate)]):
                        key = candidate
                        break
            if key is not None:
                found.append(Mention(key, starts[i], ends[j], typed))
                previous = (j, typed)
            resume = j + 1
        if state is not None:
            state.resume, state.previous = resume, previous
        return found

    @staticmethod
    def _typed_before(words: tuple[str, ...], i: int) -> str | None:
        options = _TYPED_BY_LAST.get(words[i - 1]) if i else None
        if options is None:
            return None
        for phrase, kind in options:
            n = len(phrase)
            if n <= i and words[i - n : i] == phrase:
                return kind
        return None
