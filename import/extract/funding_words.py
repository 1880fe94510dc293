"""The words around an amount: what kind of money it is, for when, and whether it is money at all.

All vocabulary comes from `funding.toml`; these helpers only look left and right of an amount.
"""

from __future__ import annotations

import re
from functools import lru_cache

from grappe.importer.amounts import Amount
from grappe.importer.extract.funding_mentions import VOCAB

KINDS: dict[str, list[str]] = VOCAB["kinds"]
_ALL_KIND_WORDS = sorted((w for ws in KINDS.values() for w in ws), key=len, reverse=True)
_KIND_WORD = re.compile(
    r"(?<!\w)(?:" + "|".join(map(re.escape, _ALL_KIND_WORDS)) + r")(?:s|x)?(?!\w)", re.IGNORECASE
)
_KIND_OF_WORD = {w.casefold(): kind for kind, words in KINDS.items() for w in words}
_KIND_AFTER = re.compile(r"^\s*(?:de\s+|d['’]\s?)(?P<word>[\w’' ]{3,30})", re.IGNORECASE)
_CLAUSE_BREAK = re.compile(r"[,;:]")
_TURNOVER = re.compile("|".join(re.escape(w) for w in KINDS["chiffre d'affaires"]), re.IGNORECASE)
_THRESHOLD = re.compile(
    r"(?:^|\W)(?:" + "|".join(map(re.escape, VOCAB["threshold_words"])) + r")\s*$",
    re.IGNORECASE,
)
_EACH = re.compile(r"^\s*,?\s*(?:" + "|".join(VOCAB["each_words"]) + r")\b", re.IGNORECASE)
_RESPECTIVELY = re.compile(r"(?:" + "|".join(VOCAB["respectively_words"]) + r")\W*$", re.IGNORECASE)
_PERIODS = {name: re.compile(pattern, re.IGNORECASE) for name, pattern in VOCAB["periods"].items()}
_FUND_NAME = re.compile(r"^(?:" + "|".join(map(re.escape, KINDS["fonds"])) + r")\b", re.IGNORECASE)


def kind_word(word: str) -> str | None:
    """The kind a signal word stands for ("cotisations" → cotisation), or None."""
    match = _KIND_WORD.search(word)
    return _kind_of(match.group(0)) if match else None


def _kind_of(found: str) -> str | None:
    folded = found.casefold()
    return _KIND_OF_WORD.get(folded) or _KIND_OF_WORD.get(folded[:-1])


def _nearest(found: list[re.Match[str]]) -> str | None:
    """The last kind found, preferring any other to "total" ("investissement total")."""
    kinds = [_kind_of(m.group(0)) for m in found]
    specific = [k for k in kinds if k and k != "total"]
    return specific[-1] if specific else (kinds[-1] if kinds else None)


def kind_after(text: str, amount: Amount) -> str | None:
    """Kind named right after an amount: "1,3 M€ d'investissement"."""
    match = _KIND_AFTER.match(text[amount.end : amount.end + 40])
    return kind_word(match.group("word")) if match else None


def kind_in_clause(text: str, clause_start: int, amount: Amount) -> str | None:
    """The kind word nearest before the amount, within its clause (up to a comma or colon)."""
    before = text[clause_start : amount.start]
    breaks = list(_CLAUSE_BREAK.finditer(before))
    clause = before[breaks[-1].end() :] if breaks else before
    return _nearest(list(_KIND_WORD.finditer(clause)))


def first_kind(text: str) -> str | None:
    """The first kind word of a stretch of text (a sentence's subject: "Les cotisations…")."""
    match = _KIND_WORD.search(text)
    return _kind_of(match.group(0)) if match else None


def is_threshold(sentence: str, amount_start: int) -> bool:
    """A bracket of turnover ("à moins de 1 M€ de chiffre d'affaires"), not money given."""
    before = sentence[max(0, amount_start - 20) : amount_start]
    return bool(_TURNOVER.search(sentence)) and bool(_THRESHOLD.search(before))


def for_each(text: str, amount: Amount) -> bool:
    """True when "chacun" follows: the amount is given by each funder named before it."""
    return bool(_EACH.match(text[amount.end : amount.end + 15]))


def respectively_before(text: str, amount: Amount) -> int | None:
    """Where "respectivement" stands just before the amount, else None."""
    window_start = max(0, amount.start - 20)
    match = _RESPECTIVELY.search(text[window_start : amount.start])
    return window_start + match.start() if match else None


def names_a_fund(name: str) -> bool:
    """A named fund ("Fonds Régional d'Innovation") receives the amount in parentheses after it."""
    return bool(_FUND_NAME.match(name))


def period_of(sentence: str, amount: Amount, offset: int,
              window: tuple[int, int] | None = None) -> str | None:
    """The period of an amount: "/an", "2011-2013", "sur trois ans", or the year nearest to it.

    A year counts only within `window` (sentence offsets between the neighbouring amounts).
    """
    if amount.per_year:
        return "/an"
    position = amount.start - offset
    low, high = window or (0, len(sentence))
    end = amount.end - offset
    duration = _PERIODS["duration"].search(sentence[end : min(high, end + 25)])
    if duration:  # "… 250 000 € sur trois ans"
        return duration.group(0)
    stated, all_years = _sentence_periods(sentence)
    if stated:
        return stated
    years = [(start, year) for start, year in all_years if low <= start < high]
    if years:
        return min(years, key=lambda y: abs(y[0] - position))[1]
    return None


@lru_cache(maxsize=256)
def _sentence_periods(sentence: str) -> tuple[str | None, tuple[tuple[int, str], ...]]:
    """The period a sentence states for all its amounts (a range of years, yearly), and its
    years with their offsets (kept: a sentence is read again for each of its amounts)."""
    for name in ("range", "plain_range"):
        match = _PERIODS[name].search(sentence)
        if match:
            return f"{match.group(1)}-{match.group(2)}", ()
    if _PERIODS["yearly"].search(sentence):
        return "/an", ()
    return None, tuple((m.start(), m.group(0)) for m in _PERIODS["year"].finditer(sentence))
