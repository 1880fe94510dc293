"""Amounts of euros as French monographs write them, read from raw or restored text.

The PDF extraction left "!" where the euro sign was ("385 000!", "1,5 M!", "3M! /an"); the
segmenter restores "€" in passages. Both are read here, with units (k, M, Md, millions
d'euros), ranges ("20 à 30 M€"), yearly markers ("/an") and tables given in k€, without
mistaking years, percentages, staff counts or "!" bullets for money.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass

from grappe.importer.vocab import load_vocabulary

_VOCAB = load_vocabulary("amounts")
MULTIPLIERS: dict[str, int] = dict(_VOCAB["multipliers"])

_SPACE = r"[ \u00a0\u202f]"
# Thousands grouped by spaces or dots ("385 000", "1.500.000"), else plain digits with decimals.
_NUMBER = (
    rf"\d{{1,3}}(?:{_SPACE}\d{{3}})+(?:,\d+)?"
    r"|\d{1,3}(?:\.\d{3})+(?:,\d+)?"
    r"|\d+(?:[,.]\d+)?"
)


def _alternatives(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


_UNIT = _alternatives(list(MULTIPLIERS))
_SIGNS = [s for s in _VOCAB["currency_signs"] if not s.isalpha()]
_WORDS = [s for s in _VOCAB["currency_signs"] if s.isalpha()]
_CURRENCY = (
    rf"(?:{_alternatives(_SIGNS)}"
    rf"|(?:d['’]|de{_SPACE}+)?(?i:{_alternatives(_WORDS)})\b)"
)
_PER_YEAR = rf"(?:{_SPACE}*(?i:{_alternatives(_VOCAB['per_year'])})(?!\w))"
_RANGE = _alternatives(_VOCAB["range_words"])

_AMOUNT = re.compile(
    rf"(?<![\w,.])(?P<low>{_NUMBER})"
    rf"(?:{_SPACE}*(?:{_RANGE}){_SPACE}*(?P<high>{_NUMBER}))?"
    rf"{_SPACE}?(?P<unit>(?:{_UNIT})(?![^\W\d_]))?{_SPACE}?"
    rf"(?P<currency>{_CURRENCY})"
    rf"(?P<per_year>{_PER_YEAR})?"
)
# A bare number in a table given in k€: not a percentage, a staff count, a year or a unit.
# Cells of a flattened table are separated by spaces, so only dots or no-break spaces group
# thousands here ("140 400" is two cells, "1.200" one).
_BARE = re.compile(
    r"(?<![\w,.\-])(?P<low>\d{1,3}(?:[.\u00a0\u202f]\d{3})+(?:,\d+)?|\d+(?:,\d+)?)"
    rf"(?!{_SPACE}?(?:%|[^\W\d_])|[,.]\d|\d)"
)
_YEAR = re.compile(r"(?:19|20)\d\d")
_DOTTED_THOUSANDS = re.compile(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?")
_LEADING_ZERO = re.compile(r"0\d")
_LONE_NUMBER = re.compile(rf"\s*(\d{{1,3}}(?:{_SPACE}\d{{3}})+(?:,\d+)?)\s*")
_SIGN_HINT = re.compile(rf"{_alternatives(_SIGNS)}|(?i:{_alternatives(_WORDS)})")
_YEAR_WORDS = re.compile(
    rf"(?:^|\W)(?:{_alternatives(_VOCAB['year_words'])}){_SPACE}*$", re.IGNORECASE
)
# Where an amount can start: a digit not glued to a word, a comma or a dot (the look-behind of
# `_AMOUNT`). Found by a fast character scan, then `_AMOUNT` is tried there only.
_AMOUNT_START = re.compile(r"\d(?<![\w,.]\d)")
# `_SIGN_HINT` by plain `in` tests; the letters whose case folding `lower()` does not follow
# (long s, dotless/dotted i, Kelvin sign) send the text to the pattern itself.
_HINT_WORDS = tuple(w.lower() for w in _WORDS) if all(w.isascii() for w in _WORDS) else None
_ODD_CASES = ("\u017f", "\u0131", "\u0130", "\u212a")
# `_AMOUNT` needs its currency right after a digit, a space or "d'" (a unit is never glued to
# a word: `(?![^\W\d_])`), so a currency word there is never preceded by a letter and ends on a
# word boundary: "leur", "secteur" and "européen" hold "eur" but name no money. Read in
# `text.lower()`, which keeps every character's kind; a word of the vocabulary shares its
# opening letters with the others, found as one literal (the fast scan of the regex engine).
_WORD_STEM = os.path.commonprefix([w.lower() for w in _WORDS])
_CURRENCY_WORD = re.compile(
    rf"{re.escape(_WORD_STEM)}(?<![^\W\d_]{re.escape(_WORD_STEM)})"
    rf"(?:{_alternatives([w.lower()[len(_WORD_STEM):] for w in _WORDS])})\b"
    if _WORD_STEM else rf"(?<![^\W\d_])(?:{_alternatives([w.lower() for w in _WORDS])})\b"
)
_THOUSANDS = tuple(m.casefold() for m in _VOCAB["thousands_markers"])
_MILLIONS = tuple(m.casefold() for m in _VOCAB["millions_markers"])


@dataclass(frozen=True)
class Amount:
    """One amount found in a text: euros (the low end of a range) and where it stands."""

    eur: float
    text: str
    start: int
    end: int
    high_eur: float | None = None  # the high end of a range ("20 à 30 M€")
    per_year: bool = False


def number_value(text: str) -> float:
    """French-written number → float: "385 000" → 385000, "1,5" → 1.5, "1.500" → 1500."""
    compact = re.sub(_SPACE, "", text)
    if _DOTTED_THOUSANDS.fullmatch(compact):
        compact = compact.replace(".", "")
    return float(compact.replace(",", "."))


def table_scale(text: str) -> int:
    """1000 if `text` says values are in k€ ("en milliers d'euros"), 10⁶ in M€, or 1."""
    folded = " ".join(text.casefold().split())
    if any(marker in folded for marker in _THOUSANDS):
        return 1_000
    if any(marker in folded for marker in _MILLIONS):
        return 1_000_000
    return 1


def find_amounts(text: str, *, bare_scale: int | None = None,
                 lowered: str | None = None) -> list[Amount]:
    """Every amount of euros in `text`, in order.

    With `bare_scale` (a table "en k€"), numbers without a currency sign count too, times
    that scale; percentages, years and numbers followed by a word (ETP, ans) never do.
    `lowered` is `text.lower()` when the caller already has it (or `gate_fold(text)`: the same
    but for ſ, ı and İ, whose texts are read without it).
    """
    if not bare_scale and not _may_hold_amount(text, lowered):
        return []  # most paragraphs speak of no money: skip the full pattern
    found: list[Amount] = []
    taken: list[tuple[int, int]] = []
    for match in _amount_matches(text):
        if _is_year(text, match) or _LEADING_ZERO.match(match.group("low")):
            continue  # a date, or the tail of a number cut by a glued word ("région10 000")
        unit = match.group("unit")
        scale = MULTIPLIERS[unit] if unit else 1
        if not unit and bare_scale and match.group("currency") in ("€", "!"):
            scale = 1  # an explicit euro sign in a k€ table is still euros
        low = number_value(match.group("low")) * scale
        high = number_value(match.group("high")) * scale if match.group("high") else None
        if high is not None and high < low:
            continue  # "2011-2013 €" or "30 - 20 M€" are not ranges of money
        found.append(Amount(low, match.group(0).strip(), match.start(), match.end(), high,
                            bool(match.group("per_year"))))
        taken.append((match.start(), match.end()))
    lone = _LONE_NUMBER.fullmatch(text) if bare_scale and not found else None
    if lone:  # a cell alone on its line: "1 200" is one number, not two cells
        value = number_value(lone.group(1)) * (bare_scale or 1)
        return [Amount(value, lone.group(1), lone.start(1), lone.end(1))]
    if bare_scale:
        for match in _BARE.finditer(text):
            if any(s <= match.start() < e for s, e in taken):
                continue
            raw = match.group("low")
            if _YEAR.fullmatch(raw) or _LEADING_ZERO.match(raw) or _is_footnote_like(text, match):
                continue
            found.append(Amount(number_value(raw) * bare_scale, raw, match.start(), match.end()))
        found.sort(key=lambda a: a.start)
    return found


def _may_name_money(text: str) -> bool:
    """Whether `_SIGN_HINT` matches `text` (a currency sign or word), told without scanning it."""
    if any(map(text.__contains__, _SIGNS)):
        return True
    if _HINT_WORDS is None or any(map(text.__contains__, _ODD_CASES)):
        return bool(_SIGN_HINT.search(text))
    return any(map(text.lower().__contains__, _HINT_WORDS))


def _may_hold_amount(text: str, lowered: str | None = None) -> bool:
    """Whether `_AMOUNT` may match `text` (`lowered`: `text.lower()`, if known): a currency
    sign, or a currency word standing where an amount's currency can (`_may_name_money`
    also counts the "eur" of "leur")."""
    if any(map(text.__contains__, _SIGNS)):
        return True
    if _HINT_WORDS is None or any(map(text.__contains__, _ODD_CASES)):
        return bool(_SIGN_HINT.search(text))
    return _CURRENCY_WORD.search(text.lower() if lowered is None else lowered) is not None


def _amount_matches(text: str) -> Iterator[re.Match[str]]:
    """`_AMOUNT.finditer(text)`, trying the pattern only where a number may start."""
    position = 0
    while (start := _AMOUNT_START.search(text, position)) is not None:
        match = _AMOUNT.match(text, start.start())
        if match:
            yield match
            position = match.end()  # never empty: an amount holds a digit
        else:
            position = start.end()


def parse_amount(text: str) -> float | None:
    """Euros of the first amount in `text` ("1,5 M!" → 1 500 000.0), or None."""
    amounts = find_amounts(text)
    return amounts[0].eur if amounts else None


def _is_year(text: str, match: re.Match[str]) -> bool:
    """A bare year before "!"/"€" ("en 2011 !") is a date, not money."""
    low = match.group("low")
    if match.group("unit") or match.group("high") or not _YEAR.fullmatch(low):
        return False
    return bool(_YEAR_WORDS.search(text[max(0, match.start() - 20) : match.start()]))


def _is_footnote_like(text: str, match: re.Match[str]) -> bool:
    """A number glued after a word ("région10") is a footnote call, not money."""
    before = text[max(0, match.start() - 1) : match.start()]
    return before.isalpha()
