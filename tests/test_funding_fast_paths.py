"""The funding stage's fast paths skip only texts where the plain rules find nothing."""

from __future__ import annotations

import re
import sys
from functools import lru_cache

from hypothesis import given, settings
from hypothesis import strategies as st

from grappe.importer import amounts
from grappe.importer.extract.keyword_gate import gate_fold
from grappe.importer.pipeline import bundled_document
from grappe.importer.read import read_document
from grappe.importer.segment import segment

_EVERYTHING = "".join(chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c < 0xE000)
# Pieces of amounts and of ordinary words that hold "eur" ("leur", "secteur", "européen").
_PIECES = ["5", "12", "1,5", "385 000", " ", "\u00a0", "\u202f", "\n", "M", "k", "Md", "mille",
           "millions", "eur", "EUR", "Eur", "euro", "euros", "EUROS", "euroſ", "eurOS", "l", "s",
           "o", "é", "d'", "d’", "de ", "€", "!", "/an", "à", "-", "leur", "secteur", "européen",
           "ı", "İ", "ſ", "K", "_", "²", "x", "."]


def _reference(text: str) -> list[amounts.Amount]:
    """find_amounts as if every text might name money (the money gate forced open)."""
    saved = amounts._may_hold_amount
    amounts._may_hold_amount = lambda text, lowered=None: True
    try:
        return amounts.find_amounts(text)
    finally:
        amounts._may_hold_amount = saved


@lru_cache(maxsize=1)
def _bundled_texts() -> list[str]:
    return [p.text for p in segment(read_document(bundled_document()).text).passages]


def test_currency_word_letters_match_case_blind_only_what_lower_gives_or_an_odd_case() -> None:
    # The gate reads text.lower(); ſ, ı and İ send a text to the full hint pattern instead.
    for char in {c.lower() for w in amounts._WORDS for c in w}:
        for other in re.findall(re.escape(char), _EVERYTHING, re.IGNORECASE):
            assert other.lower() == char or other in amounts._ODD_CASES, (char, other)


@settings(max_examples=600, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=16))
def test_money_gate_is_open_wherever_the_amount_pattern_matches(pieces: list[str]) -> None:
    text = "".join(pieces)
    if amounts._AMOUNT.search(text):
        assert amounts._may_hold_amount(text)
        assert amounts._may_hold_amount(text, gate_fold(text))
    assert amounts.find_amounts(text) == _reference(text)
    assert amounts.find_amounts(text, lowered=gate_fold(text)) == _reference(text)


def test_money_gate_on_the_bundled_document() -> None:
    texts = _bundled_texts()
    assert sum(bool(amounts._AMOUNT.search(t)) for t in texts) > 20  # the test reads money
    for text in texts:
        assert amounts.find_amounts(text, lowered=gate_fold(text)) == _reference(text)


def test_money_gate_closes_on_words_that_only_hold_eur() -> None:
    for text in ["leurs secteurs", "Le FEDER européen", "5 keur", "en 2011, leur budget"]:
        assert not amounts._may_hold_amount(text)
    for text in ["5 euros", "3 millions d'EUROS", "12 eur.", "1,5 M€", "3 millions d'euroſ"]:
        assert amounts._may_hold_amount(text)
