"""Faster searches with the same matches: a pattern prefixed by a look-ahead on the characters
its matches can start with.

Python's regex engine tries every alternative of a case-insensitive pattern at every position
of the text (700 ns a character for the relation words of `links`); a one-character test first
skips most positions at once. The look-ahead is computed from the parsed pattern and compiled
with the pattern's own flags (so case-insensitivity expands it exactly as it expands the
pattern); when the first characters cannot be told for sure, the pattern is returned as is.
"""

from __future__ import annotations

import re

try:  # the parser's own vocabulary (Python ≥ 3.11); without it, patterns stay as they are
    from re import _constants as sre
    from re import _parser
except ImportError:  # pragma: no cover
    sre = _parser = None  # type: ignore[assignment]

_CATEGORIES = {} if sre is None else {
    sre.CATEGORY_DIGIT: r"\d", sre.CATEGORY_NOT_DIGIT: r"\D",
    sre.CATEGORY_SPACE: r"\s", sre.CATEGORY_NOT_SPACE: r"\S",
    sre.CATEGORY_WORD: r"\w", sre.CATEGORY_NOT_WORD: r"\W",
}


def gated(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """`pattern` with a look-ahead on its possible first characters, or `pattern` itself.

    Only case-insensitive patterns gain: without IGNORECASE the engine already skips ahead
    to a literal or character-class start by itself.
    """
    if (not isinstance(pattern.pattern, str) or not pattern.flags & re.IGNORECASE
            or pattern.flags & (re.VERBOSE | re.LOCALE) or _parser is None):
        return pattern
    try:
        first = _first_items(list(_parser.parse(pattern.pattern, pattern.flags)))
        if not first:
            return pattern
        charset = "".join(dict.fromkeys(_class_item(op, av) for op, av in first))
        fast = re.compile(f"(?=[{charset}])(?:{pattern.pattern})", pattern.flags)
    except (re.error, _Unknown, RecursionError):
        return pattern
    if fast.groups != pattern.groups or fast.groupindex != pattern.groupindex:
        return pattern
    return fast


class _Unknown(Exception):
    """The first characters of a pattern cannot be told for sure."""


def _first_items(items: list) -> list[tuple]:
    """Charset items (LITERAL, RANGE, CATEGORY) covering every first character of a match."""
    for op, av in items:
        if op is sre.AT:
            continue  # \b, ^…: zero-width, the next element gives the first character
        if op is sre.LITERAL:
            return [(op, av)]
        if op is sre.IN:
            if any(item_op is sre.NEGATE for item_op, _ in av):
                raise _Unknown
            for item_op, _ in av:
                if item_op not in (sre.LITERAL, sre.RANGE, sre.CATEGORY):
                    raise _Unknown
            return list(av)
        if op is sre.BRANCH:
            return [item for branch in av[1] for item in _first_items(list(branch))]
        if op is sre.SUBPATTERN:
            _group, add_flags, del_flags, sub = av
            if add_flags or del_flags:
                raise _Unknown
            return _first_items(list(sub))
        if op in (sre.MAX_REPEAT, sre.MIN_REPEAT) and av[0] >= 1:
            return _first_items(list(av[2]))
        raise _Unknown  # optional parts, any character, look-arounds, back-references…
    raise _Unknown  # the pattern can match the empty string


def _class_item(op: object, av: object) -> str:
    if op is sre.LITERAL:
        return f"\\U{av:08x}"
    if op is sre.RANGE:
        low, high = av  # type: ignore[misc]
        return f"\\U{low:08x}-\\U{high:08x}"
    if av in _CATEGORIES:
        return _CATEGORIES[av]
    raise _Unknown
