"""Skipping regex scans that cannot match: the words every match of a pattern must contain.

A regex scan costs about 20 ns a character even behind `regex_gate`; testing `word in text`
costs almost nothing. From the parsed pattern we take literal runs that every match must
contain (the longest run of a sequence, one run per alternative of a branch) and look for
them in the text folded by `gate_fold`. When none is there the pattern cannot match, so the
scan is skipped; when the words cannot be told for sure the pattern is always scanned.

Runs keep ASCII characters only, lowercased: under IGNORECASE an ASCII character matches
itself in either case and, for four letters, one more character (`ſ`, `ı`, `İ`, Kelvin `K`),
which `gate_fold` maps onto the ASCII letter (checked over every code point by the tests).
A case-sensitive run is looked for in the folded text too: a weaker test, still necessary.
"""

from __future__ import annotations

import re
from functools import lru_cache

try:  # the parser's own vocabulary (Python ≥ 3.11); without it, nothing is skipped
    from re import _constants as sre
    from re import _parser
except ImportError:  # pragma: no cover
    sre = _parser = None  # type: ignore[assignment]

# Characters that IGNORECASE matches with an ASCII letter but that lower() does not turn into it.
_ODD_CASES = {"\u017f": "s", "\u0131": "i", "\u0130": "i"}


def gate_fold(text: str) -> str:
    """`text` lowercased for word tests, one character for one (offsets stay valid)."""
    if "\u017f" in text or "\u0131" in text or "\u0130" in text:
        for odd, letter in _ODD_CASES.items():
            text = text.replace(odd, letter)
    return text.lower()


@lru_cache(maxsize=4096)
def folded_passage(text: str) -> str:
    """`gate_fold` of a passage, kept: attributes and links test the same passages."""
    return gate_fold(text)


def needed_words(pattern: re.Pattern[str]) -> tuple[str, ...] | None:
    """Lowercase words one of which is in `gate_fold` of any text `pattern` matches, or None."""
    if (not isinstance(pattern.pattern, str) or pattern.flags & (re.VERBOSE | re.LOCALE)
            or _parser is None):
        return None
    try:
        words = _required(list(_parser.parse(pattern.pattern, pattern.flags)))
    except (re.error, RecursionError):
        return None
    return tuple(sorted(words)) if words else None


class KeywordGate:
    """A pattern with the words its matches need: `may_match` is a cheap necessary test."""

    def __init__(self, pattern: re.Pattern[str]) -> None:
        self.pattern = pattern
        self.words = needed_words(pattern)

    def may_match(self, folded: str) -> bool:
        """False only when `folded` (from `gate_fold`) holds none of the needed words."""
        words = self.words
        if words is None:
            return True
        for word in words:
            if word in folded:
                return True
        return False


def _required(items: list) -> frozenset[str] | None:
    """Words one of which every match of this sequence contains (None when unknown)."""
    choices: list[frozenset[str]] = []
    run = ""
    for op, av in items:
        if op is sre.LITERAL and av < 128:
            run += chr(av).lower()
            continue
        if run:
            choices.append(frozenset([run]))
            run = ""
        inner: frozenset[str] | None = None
        if op is sre.SUBPATTERN:
            inner = _required(list(av[3]))
        elif op is sre.BRANCH:
            branches = [_required(list(branch)) for branch in av[1]]
            if all(branches):
                inner = frozenset().union(*branches)  # type: ignore[arg-type]
        elif op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT) and av[0] >= 1:
            inner = _required(list(av[2]))
        elif op is sre.ATOMIC_GROUP:
            inner = _required(list(av))
        if inner:
            choices.append(inner)
    if run:
        choices.append(frozenset([run]))
    if not choices:
        return None
    # The most selective choice: its shortest word longest, then the fewest words.
    return max(choices, key=lambda words: (min(map(len, words)), -len(words)))


class GateSet:
    """Several gated patterns tested together: one scan of the folded text tells which may match."""

    def __init__(self, patterns: list[re.Pattern[str]]) -> None:
        self.gates = [KeywordGate(p) for p in patterns]
        self.always = frozenset(i for i, g in enumerate(self.gates) if g.words is None)
        gates_of: dict[str, set[int]] = {}
        for i, gate in enumerate(self.gates):
            for word in gate.words or ():
                gates_of.setdefault(word, set()).add(i)
        # A word found at a place stands for every needed word it begins with (they are there too).
        self._gates_from: dict[str, frozenset[int]] = {
            found: frozenset(i for word, ids in gates_of.items() if found.startswith(word) for i in ids)
            for found in gates_of
        }
        longest_first = sorted(gates_of, key=len, reverse=True)
        # At every position (a look-ahead never consumes), the longest needed word found there.
        self._scan = (re.compile("(?=(" + "|".join(map(re.escape, longest_first)) + "))")
                      if longest_first else None)

    def may_match(self, folded: str) -> frozenset[int]:
        """Indices of the patterns whose needed words are in `folded` (from `gate_fold`)."""
        if self._scan is None:
            return self.always
        found = set(self._scan.findall(folded))
        if not found:
            return self.always
        return self.always.union(*(self._gates_from[word] for word in found))
