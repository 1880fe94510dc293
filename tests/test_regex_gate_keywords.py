"""The words of `keyword_gate` are necessary: a text the pattern matches always holds one."""

from __future__ import annotations

import re
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from grappe.importer.extract import attributes, funding_mentions, links
from grappe.importer.extract.keyword_gate import GateSet, KeywordGate, gate_fold, needed_words

PATTERNS = [
    attributes._CREATED, attributes._MEMBERS, attributes._MEMBERS_OF_THESE,
    attributes._FTE_PROSE, attributes._LOCATION, links._DENIAL, links._GROUP,
    funding_mentions._TYPED,
    *[pattern for pattern, _ in funding_mentions._FUNDERS],
    re.compile(r"\b(?:STRASSE|Kelvin|ſoit|İl|ıl)\b", re.I),  # letters with unusual case folding
    re.compile(r"(?i:EUR)|(?-i:Mds)", re.I),
]
WORDS = ["sans", "aucun", "PC", "pôles", "liés", "équipe", "compte", "45", "3", "ETP", "membres",
         "entreprises", "créée", "FONDÉ", "en", "2006", "lancé", "situé", "à", "Lille", "les",
         "trois", "structures", "État", "Région", "conseil", "régional", "FEDER", "l'Europe",
         "Métropole", "de", "Roubaix", "grappe", "GIE", "Alpha", "STRASSE", "ſoit", "İl", "ıl",
         "KELVIN", "Kelvin", "eur", "MDS", "Mds", "n'a", "pas", "regroupe", "ces"]


_GATES = [KeywordGate(pattern) for pattern in PATTERNS]
_GATE_SET = GateSet(PATTERNS)
_EVERYTHING = "".join(chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c < 0xE000)


def test_ascii_letters_match_under_ignorecase_only_what_gate_fold_maps_onto_them() -> None:
    # Every character IGNORECASE matches with some ASCII character, then which one it matches.
    for other in set(re.findall(r"[\x00-\x7f]", _EVERYTHING, re.IGNORECASE)):
        equal = [chr(c) for c in range(128) if re.fullmatch(re.escape(chr(c)), other, re.IGNORECASE)]
        assert equal and all(gate_fold(other) == char.lower() for char in equal), other


def test_gate_fold_keeps_offsets() -> None:
    assert len(gate_fold(_EVERYTHING)) == len(_EVERYTHING)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(WORDS), max_size=14), st.sampled_from([" ", "  ", " - ", "\n"]))
def test_a_matching_text_always_holds_a_needed_word(words: list[str], separator: str) -> None:
    text = separator.join(words)
    for pattern in PATTERNS:
        if pattern.search(text):
            assert _GATES[PATTERNS.index(pattern)].may_match(gate_fold(text)), (pattern.pattern, text)


@pytest.mark.parametrize("source, flags, expected", [
    (r"(?:\bsans|n.a\s+pas\s+de|\baucune?)\s+(?P<what>p[ôo]les?)", re.I, ("aucun", "pas", "sans")),
    (r"compte\s+(\d+)\s+(?:membres|adh[ée]rents)", re.I, ("compte",)),
    (r"\bFEDER\b", 0, ("feder",)),
])
def test_needed_words_of_a_pattern(source: str, flags: int, expected: tuple[str, ...]) -> None:
    assert needed_words(re.compile(source, flags)) == expected


@pytest.mark.parametrize("source", [r"\d+ ?€", r"x?", r"[A-Z]{2,}", r"(?:abc|\d+)", r"é+"])
def test_no_words_when_a_match_needs_none(source: str) -> None:
    pattern = re.compile(source, re.I)
    assert needed_words(pattern) is None
    assert KeywordGate(pattern).may_match("")


def test_a_text_without_the_words_is_skipped() -> None:
    gate = KeywordGate(re.compile(r"\bconseil[- ]r[ée]gional\b", re.I))
    assert gate.may_match(gate_fold("Le CONSEIL régional"))
    assert not gate.may_match(gate_fold("La Région"))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(WORDS), max_size=14), st.sampled_from([" ", "", "-"]))
def test_a_gate_set_passes_exactly_the_patterns_whose_words_are_there(words: list[str],
                                                                     separator: str) -> None:
    folded = gate_fold(separator.join(words))
    expected = {i for i, gate in enumerate(_GATES) if gate.may_match(folded)}
    assert _GATE_SET.may_match(folded) == expected


def test_a_gate_set_sees_words_inside_longer_ones() -> None:
    gates = GateSet([re.compile("tropole"), re.compile("tropole d"), re.compile("rope")])
    assert gates.may_match("la metropole de lille") == {0, 1}
    assert gates.may_match("l'europe") == {2}
    assert gates.may_match("rien") == set()
