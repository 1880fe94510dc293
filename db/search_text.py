"""Accent-insensitive matching in Python, for ranking and excerpting a bounded window of passages.

FTS5 finds the passages; this module scores and excerpts the few hundred it returns without
asking FTS5 again (a `snippet()` per passage re-merges a prefix term's whole doclist: measured
11 ms per row over a million passages).
"""

from __future__ import annotations

import math
import re
import unicodedata
from functools import lru_cache

SNIPPET_CHARS = 160


@lru_cache(maxsize=1)
def _variants() -> dict[str, str]:
    """Each ASCII letter with every Latin letter that folds to it (`e` → `eéèêëEÉÈÊË…`)."""
    table: dict[str, set[str]] = {}
    for code in list(range(0x41, 0x5B)) + list(range(0x61, 0x7B)) + list(range(0xC0, 0x250)):
        ch = chr(code)
        base = unicodedata.normalize("NFKD", ch)[:1].lower()
        if base.isascii() and base.isalpha():
            table.setdefault(base, set()).update({ch, ch.lower(), ch.upper()})
    return {base: "".join(sorted(chars)) for base, chars in table.items()}


def _ascii_fold(text: str) -> str:
    return unicodedata.normalize("NFKD", text.casefold()).encode("ascii", "ignore").decode("ascii")


def _word_regex(word: str) -> str:
    folded = _ascii_fold(word)
    if not folded:
        return re.escape(word)
    variants = _variants()
    return "".join(f"[{re.escape(variants[ch])}]" if ch in variants else re.escape(ch) for ch in folded)


def word_pattern(words: list[str], *, word_start: bool = False) -> re.Pattern[str] | None:
    """A regex finding any query word, ignoring case and accents (at a word start if asked).

    The letters are character classes of their variants rather than IGNORECASE and `\\b`,
    which are ten times slower in Python's engine (measured on the bundled monograph).
    """
    if not words:
        return None
    prefix = r"\b" if word_start else ""
    return re.compile(prefix + "(?:" + "|".join(_word_regex(w) for w in words) + ")")


def passage_score(pattern: re.Pattern[str] | None, text: str, section_title: str | None) -> float:
    """Occurrences of the query words, damped by length, with a bonus for the section title."""
    if pattern is None:
        return 0.0
    in_text = len(pattern.findall(text))
    in_title = len(pattern.findall(section_title or ""))
    return (in_text + 0.5 * in_title) / math.log2(2 + len(text) / 80)


def excerpt(pattern: re.Pattern[str] | None, text: str, width: int = SNIPPET_CHARS) -> str:
    """About `width` characters of text around the first match, cut at spaces, on one line."""
    text = " ".join(text.split())
    if len(text) <= width:
        return text
    found = pattern.search(text) if pattern is not None else None
    centre = found.start() if found else 0
    start = max(0, centre - width // 3)
    if start:
        space = text.find(" ", start)
        start = space + 1 if 0 <= space < centre else start
    end = min(len(text), start + width)
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > centre else end
    return ("…" if start else "") + text[start:end] + ("…" if end < len(text) else "")
