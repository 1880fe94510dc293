"""The extractors' fast paths give what the plain rules give (same offsets, same words)."""

from __future__ import annotations

import re
from functools import lru_cache

from hypothesis import given, settings
from hypothesis import strategies as st

from grappe.importer import segment_text
from grappe.importer.extract import funding_mentions
from grappe.importer.extract.evidence import MAX_QUOTE, SENTENCE_END, sentence_at, sentence_spans
from grappe.importer.extract.names import NameIndex
from grappe.importer.pipeline import bundled_document
from grappe.importer.read import read_document
from grappe.importer.segment import segment

_SENTENCE_ALPHABET = "ab .?!…\n\t\u00a0AÉ«\"“(-»)"


def _spans_reference(text: str) -> tuple[tuple[int, int], ...]:
    spans, start = [], 0
    for match in SENTENCE_END.finditer(text):
        spans.append((start, match.start()))
        start = match.end()
    spans.append((start, len(text)))
    return tuple(spans)


def _sentence_at_reference(text: str, position: int) -> str:
    window = 2 * MAX_QUOTE + 200
    low = max(0, position - window)
    while 0 < low < position and text[low].isspace():
        low += 1
    high = min(len(text), position + window)
    start, end = low, high
    for match in SENTENCE_END.finditer(text, low, high):
        if match.end() <= position:
            start = match.end()
        else:
            end = match.start()
            break
    sentence = text[start:end].strip()
    if len(sentence) > MAX_QUOTE:
        offset = max(0, position - start - MAX_QUOTE // 2)
        sentence = ("…" if offset else "") + sentence[offset : offset + MAX_QUOTE].strip() + "…"
    return sentence


@lru_cache(maxsize=1)
def _bundled_texts() -> list[str]:
    return [p.text for p in segment(read_document(bundled_document()).text).passages]


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=_SENTENCE_ALPHABET, max_size=40))
def test_sentence_spans_equal_the_look_behind_rule(text: str) -> None:
    assert sentence_spans(text) == _spans_reference(text)


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=_SENTENCE_ALPHABET, min_size=1, max_size=40), st.data())
def test_sentence_at_equals_the_look_behind_rule(text: str, data: st.DataObject) -> None:
    position = data.draw(st.integers(0, len(text) - 1))
    assert sentence_at(text, position) == _sentence_at_reference(text, position)


_PIECES = ["a", "b.", " ", "  ", "A", "É", "«", "!", "…", "\n", "(", "x" * 97, "y. " * 40]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=60), st.data())
def test_sentence_at_in_long_passages_equals_the_look_behind_rule(pieces: list[str],
                                                                   data: st.DataObject) -> None:
    # Long enough that the scanned window starts and ends inside the passage.
    text = "".join(pieces) or "a"
    position = data.draw(st.integers(0, len(text) - 1))
    assert sentence_at(text, position) == _sentence_at_reference(text, position)


def test_sentence_at_window_opening_on_the_space_after_a_full_stop() -> None:
    text = "x" * 500 + "a. " + "Bcd " * 300
    position = 502 + 1000  # the window opens on the space after "a."
    assert sentence_at(text, position) == _sentence_at_reference(text, position)


def test_bundled_document_sentences_unchanged() -> None:
    for text in _bundled_texts():
        assert sentence_spans(text) == _spans_reference(text)
        for position in range(0, len(text), 97):
            assert sentence_at(text, position) == _sentence_at_reference(text, position)


# The funding mentions' patterns as first written (look-behind first).
_NAME_RUN = r"[A-ZÀ-ÖØ-Þ][\w\-’']*(?:\s+(?:d['’]|de\s+|du\s+|des\s+)?[A-ZÀ-ÖØ-Þ][\w\-’']*)*"
_CAPITALISED_RUN_REFERENCE = re.compile(rf"(?<![\w\-]){_NAME_RUN}")
_ACRONYM_REFERENCE = re.compile(
    r"(?<![\w\-])(?:[A-Z][A-Z0-9&]+(?:-[A-Za-z0-9]+)*|[A-Z][a-z]+\d+|[A-Z][a-z]+[A-Z][A-Za-z]*)"
    r"(?![\w\-])"
)
_NAME_ALPHABET = "AZaz09&-’' dÉé\n_"


def _spans(pattern: re.Pattern[str], text: str) -> list[tuple[int, int]]:
    return [m.span() for m in pattern.finditer(text)]


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=_NAME_ALPHABET, max_size=30))
def test_funding_name_patterns_match_where_the_look_behind_forms_do(text: str) -> None:
    assert _spans(funding_mentions._CAPITALISED_RUN, text) == _spans(_CAPITALISED_RUN_REFERENCE, text)
    assert _spans(funding_mentions._ACRONYM, text) == _spans(_ACRONYM_REFERENCE, text)


def test_funding_name_patterns_on_the_bundled_document() -> None:
    for text in _bundled_texts():
        assert _spans(funding_mentions._CAPITALISED_RUN, text) == _spans(_CAPITALISED_RUN_REFERENCE, text)
        assert _spans(funding_mentions._ACRONYM, text) == _spans(_ACRONYM_REFERENCE, text)


_GLUED_REF_REFERENCE = re.compile(r"(?<!\d)(\d{1,3})(?=[\s.,;:)»]|$)")
_WORD_WITH_DIGITS_REFERENCE = re.compile(r"\b[^\W\d_][\w\-]*\d\b")
_REF_ALPHABET = "aé_1234 .,;:)»-\n’"


def _matches(pattern: re.Pattern[str], text: str) -> list[tuple[tuple[int, int], tuple]]:
    return [(m.span(), m.groups()) for m in pattern.finditer(text)]


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=_REF_ALPHABET, max_size=30))
def test_footnote_call_patterns_match_where_the_look_behind_forms_do(text: str) -> None:
    assert _matches(segment_text._GLUED_REF, text) == _matches(_GLUED_REF_REFERENCE, text)
    assert _matches(segment_text._WORD_WITH_DIGITS, text) == _matches(_WORD_WITH_DIGITS_REFERENCE, text)


def test_footnote_call_patterns_on_the_bundled_text() -> None:
    raw = read_document(bundled_document()).text
    assert _matches(segment_text._GLUED_REF, raw) == _matches(_GLUED_REF_REFERENCE, raw)
    assert _matches(segment_text._WORD_WITH_DIGITS, raw) == _matches(_WORD_WITH_DIGITS_REFERENCE, raw)


def _index() -> NameIndex:
    index = NameIndex(frozenset({"club", "sante", "bois"}))
    for alias, key, kind in [("Alpha-tex", "alpha", "PC"), ("Club des imprimeurs", "club", "GE"),
                             ("Beta 2", "beta", "PE"), ("Santé", "sante", "PE"), ("Bois", "bois", "GE"),
                             ("AB", "ab", "other")]:
        index.add(alias, key, kind)
    return index


_FTE_PIECES = ["Alpha", "-tex", " tex", "Club", " des", " imprimeurs", "Beta", " 2", "Beta2",
               " Santé", " pôle", " le", " AB", " (3 ETP)", " 4 ETP", ",", "\n", " et", "İ", "x"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_FTE_PIECES), max_size=14), st.data())
def test_find_before_equals_find_on_the_beginning(pieces: list[str], data: st.DataObject) -> None:
    text = "".join(pieces)
    # Stops where no word goes on, as at the start of a "(N ETP)" or " N ETP" cell.
    stops = [k for k in range(len(text) + 1)
             if k == len(text) or not text[k].isalnum() or k == 0 or not text[k - 1].isalnum()]
    stop = data.draw(st.sampled_from(stops))
    index = _index()
    for require_type in (True, False):
        assert index.find_before(text, stop, require_type=require_type) == \
            index.find(text[:stop], require_type=require_type)
