"""The look-ahead gate of `regex_gate.gated` must never change a match: same spans, same groups."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from grappe.importer.extract import attributes
from grappe.importer.extract.regex_gate import gated

PATTERNS = [
    re.compile(r"(?:\bsans|n.a\s+pas\s+de|\baucune?)\s+(?P<what>p[ôo]les?|PC|grappes?)", re.I),
    re.compile(r"(?:[ée]quipe(?:\s+d.animation)?\s+de|compte|\bet)\s+(?:[\w’']+\s+){0,2}?(\d+)\s*ETP\b", re.I),
    re.compile(r"(?:(?:friction)|(?:conflit))|(?:(?:membres?\s+fondateurs?)|(?:à\s+l.origine\s+d))", re.I),
    re.compile(r"[A-ZÀ-Ý][\w\-]*\s+(?:fond|cré)[ée]e?", re.I),
    re.compile(r"\b(?:STRASSE|ǅemal|Kelvin|ſoit|İl)\b", re.I),  # letters with unusual case folding
    attributes._CREATED, attributes._MEMBERS, attributes._FTE_PROSE,
]
ALPHABET = "aAeEéÉècCdDfFnNsSpPtTkKıİſßǅǆǄ KMÀà0123456789,.’'-\n"
WORDS = ["sans", "aucun", "PC", "pôles", "équipe", "d'animation", "compte", "et", "3", "ETP",
         "friction", "membres", "fondateurs", "à", "l'origine", "de", "Créée", "FONDÉ", "Strasse",
         "ſoit", "İl", "Kelvin", "ǆemal", "n'a", "pas", "grappes"]


def same_matches(original: re.Pattern[str], fast: re.Pattern[str], text: str) -> None:
    expected = [(m.span(), m.groups()) for m in original.finditer(text)]
    assert [(m.span(), m.groups()) for m in fast.finditer(text)] == expected
    first = original.search(text)
    found = fast.search(text)
    assert (found and (found.span(), found.groupdict())) == (first and (first.span(), first.groupdict()))


@pytest.mark.parametrize("pattern", PATTERNS, ids=lambda p: p.pattern[:30])
def test_gated_pattern_keeps_groups_and_flags(pattern: re.Pattern[str]) -> None:
    fast = gated(pattern)
    assert fast.flags == pattern.flags and fast.groupindex == pattern.groupindex
    assert fast.groups == pattern.groups


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(WORDS), max_size=12), st.text(alphabet=ALPHABET, max_size=40))
def test_gated_patterns_match_exactly_like_the_originals(words: list[str], noise: str) -> None:
    text = " ".join(words) + noise + " ".join(reversed(words))
    for pattern in PATTERNS:
        same_matches(pattern, gated(pattern), text)


def test_first_characters_are_gated_case_insensitively() -> None:
    fast = gated(re.compile(r"(?:sans|aucun)\s+lien", re.I))
    assert fast.pattern.startswith("(?=[")
    assert fast.search("SANS lien") and fast.search("Aucun lien") and not fast.search("un lien")


@pytest.mark.parametrize("source, flags", [
    (r"x?ab", re.I),  # optional first element
    (r"(?=a)ab", re.I),  # look-around
    (r".ab", re.I),  # any character
    (r"[^a]b", re.I),  # negated class
    (r"a|", re.I),  # can match the empty string
    (r"(?i:a)b", 0),  # scoped flags, and not case-insensitive
    (r"abc", 0),  # the engine already skips to literal starts
    (r"a b  # comment", re.I | re.X),
])
def test_patterns_whose_first_characters_are_unsure_stay_as_they_are(source: str, flags: int) -> None:
    pattern = re.compile(source, flags)
    assert gated(pattern) is pattern
