"""The funding stage's fast paths skip only texts where the plain rules find nothing."""

from __future__ import annotations

import re
import sys
from functools import lru_cache
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from grappe.importer import amounts
from grappe.importer.extract import (
    extract_all, funding, funding_context, funding_mentions, funding_words,
)
from grappe.importer.extract.keyword_gate import gate_fold
from grappe.importer.pipeline import bundled_document
from grappe.importer.read import read_document
from grappe.importer.segment import segment

_SYNTHETIC = Path(__file__).parent / "fixtures" / "synthetic"
_EVERYTHING = "".join(chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c < 0xE000)
# Pieces of amounts and of ordinary words that hold "eur" ("leur", "secteur", "européen").
_PIECES = ["5", "12", "1,5", "385 000", " ", "\u00a0", "\u202f", "\n", "M", "k", "Md", "mille",
           "millions", "eur", "EUR", "Eur", "euro", "euros", "EUROS", "euroſ", "eurOS", "l", "s",
           "o", "é", "d'", "d’", "de ", "€", "!", "/an", "à", "-", "leur", "secteur",
           "européen",
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


def test_currency_word_letters_match_case_blind_only_what_the_gate_reads_as_them() -> None:
    # The gate reads text.lower() (or gate_fold: the same but for ſ, ı and İ), and sends texts
    # holding ſ, ı or İ to the full hint pattern.
    for char in {c.lower() for w in amounts._WORDS for c in w}:
        for other in re.findall(re.escape(char), _EVERYTHING, re.IGNORECASE):
            assert other.lower() == char or other in amounts._ODD_CASES, (char, other)


def test_lowering_keeps_what_kind_of_character_each_is() -> None:
    # Letters, digits and other word characters stay what they are (the gate's look-behind
    # and word boundary read the lowered text).
    for kind in (r"[^\W\d_]", r"\w"):
        where = {m.start() for m in re.finditer(kind, _EVERYTHING)}
        assert where == {m.start() for m in re.finditer(kind, gate_fold(_EVERYTHING))}
        plain = _EVERYTHING.replace("\u0130", "")  # the one character lower() lengthens
        assert {m.start() for m in re.finditer(kind, plain)} == {
            m.start() for m in re.finditer(kind, plain.lower())}


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


def _period_reference(sentence: str, amount: amounts.Amount, offset: int,
                      window: tuple[int, int] | None = None) -> str | None:
    """period_of before sentence-wide findings were kept per sentence."""
    periods = funding_words._PERIODS
    if amount.per_year:
        return "/an"
    position = amount.start - offset
    low, high = window or (0, len(sentence))
    end = amount.end - offset
    duration = periods["duration"].search(sentence[end : min(high, end + 25)])
    if duration:
        return duration.group(0)
    for name in ("range", "plain_range"):
        match = periods[name].search(sentence)
        if match:
            return f"{match.group(1)}-{match.group(2)}"
    if periods["yearly"].search(sentence):
        return "/an"
    years = [m for m in periods["year"].finditer(sentence) if low <= m.start() < high]
    if years:
        return min(years, key=lambda m: abs(m.start() - position)).group(0)
    return None


_SENTENCE_PIECES = ["Le pôle a reçu ", "5 M€", "120 000 €", " en 2011", " et 2012",
                    " 2010-2013",
                    " sur trois ans", " par an", " annuels", ", puis ", " entre 2009 et 2011",
                    " de 2008 à 2010", " période 2011–2014", " 1999", " 20100"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_SENTENCE_PIECES), max_size=10), st.data())
def test_period_of_equals_the_plain_reading(pieces: list[str], data: st.DataObject) -> None:
    sentence = "".join(pieces)
    found = amounts.find_amounts(sentence)
    for index, amount in enumerate(found):
        low = found[index - 1].end if index else 0
        high = found[index + 1].start if index + 1 < len(found) else len(sentence)
        window = data.draw(st.sampled_from([None, (low, high)]))
        assert funding_words.period_of(sentence, amount, 0, window) == \
            _period_reference(sentence, amount, 0, window)


def test_period_of_on_the_bundled_document() -> None:
    read = 0
    for text in _bundled_texts():
        for amount in amounts.find_amounts(text):
            read += 1
            assert funding_words.period_of(text, amount, 0) == _period_reference(text, amount, 0)
    assert read > 20


class _EagerContext(funding_context.SectionContext):
    """SectionContext as it was: every heading's names read, and its topic kept, on entry."""

    def enter_heading(self, passage) -> None:  # type: ignore[no-untyped-def]
        mentions = self.finder.find(passage.text)
        super().enter_heading(passage)
        self._topics.setdefault(passage.text, self._topic_of(passage.text, mentions))
        self.section_texts[-1] = (passage.text, mentions)


def _funding_both_ways(document_id: str, text: str) -> tuple[list, list]:
    segmented = segment(text)
    facts = extract_all(document_id, segmented)
    lazy = funding.extract(document_id, segmented, facts).funding
    saved = funding.SectionContext
    funding.SectionContext = _EagerContext
    try:
        eager = funding.extract(document_id, segmented, facts).funding
    finally:
        funding.SectionContext = saved
    return lazy, eager


def test_lazy_heading_topics_give_the_eager_records() -> None:
    texts = [read_document(bundled_document()).text] + [
        path.read_text("utf-8") for path in sorted(_SYNTHETIC.glob("funding-*.txt"))]
    for number, text in enumerate(texts):
        lazy, eager = _funding_both_ways(f"doc{number}", text)
        assert len(lazy) > 5 and lazy == eager


def test_a_funder_keeps_the_spelling_of_the_heading_that_names_it_first() -> None:
    text = ("Introduction \n \nCette étude porte sur les clusters. \n \n"
            " 1. Première partie : Les structures \n \n"
            "1.1 Le pôle Alpha et Lille Métropole \n \n"
            "Le pôle Alpha a reçu 200 000 € de Lille métropole en 2011. La structure a reçu "
            "50 000 € de la Région. \n \n1.2 Financement \n \n"
            "Lille métropole verse 30 000 € au pôle Alpha. \n")
    lazy, eager = _funding_both_ways("doc", text)
    assert lazy == eager
    assert [(r.funder_name, r.recipient_name) for r in lazy if r.amount_eur != 50_000] == [
        ("Lille Métropole", "Alpha"), ("Lille Métropole", "Alpha")]


_TYPED_PLAIN = re.compile(
    rf"(?i:\b(?P<type>{funding_mentions._TYPED_WORDS}))\s+(?:«\s*)?"
    rf"(?P<name>[A-Z0-9ÀÉ]{funding_mentions._WORD}*(?:\s+{funding_mentions._CAP}"
    rf"{funding_mentions._WORD}*)*)"
)
_TYPED_PIECES = ["le ", "la ", "GIE ", "gie ", "Société ", "SOCIÉTÉ ", "ſociété ", "ſpl ",
                 "pôle ", "PÔLE ", "Pôle d'excellence ", "grappe d’entreprises ", "technopôle ",
                 "Centre ", "Alpha", "« Beta »", " ", "  ", "\n", "X", "2", "-", "Association ",
                 "Parc ", "cluster", "Club ", "SAS ", "SEM "]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(_TYPED_PIECES), max_size=10))
def test_typed_names_found_where_the_plain_pattern_finds_them(pieces: list[str]) -> None:
    text = "".join(pieces)
    found = [(m.span(), m.groupdict()) for m in funding_mentions._TYPED.finditer(text)]
    assert found == [(m.span(), m.groupdict()) for m in _TYPED_PLAIN.finditer(text)]


def test_typed_names_on_the_bundled_document() -> None:
    matched = 0
    for text in _bundled_texts():
        found = [(m.span(), m.groupdict()) for m in funding_mentions._TYPED.finditer(text)]
        assert found == [(m.span(), m.groupdict()) for m in _TYPED_PLAIN.finditer(text)]
        matched += len(found)
    assert matched > 10
