"""The fast word cutter of `names.tokens` gives the words and offsets of a plain regex scan."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from grappe.importer.extract import names

_ALPHABET = "aAéÉèçÇœŒßİΣσς’'_-–0123456789 \n\t«»€.,;:()KÅﬁ"


def _reference(text: str) -> tuple[tuple[str, int, int], ...]:
    """Each regex match folded on its own (the definition the fast cutter must keep)."""
    if len(text.lower()) != len(text):
        return tuple((names.fold_token(m.group()), m.start(), m.end()) for m in names._TOKEN.finditer(text))
    return tuple((names._folded_word(m.group()), m.start(), m.end()) for m in names._TOKEN.finditer(text))


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=_ALPHABET, max_size=60) | st.text(max_size=40))
def test_tokens_equal_a_regex_scan(text: str) -> None:
    names.cut.cache_clear()
    names.tokens.cache_clear()
    assert names.tokens(text) == _reference(text)
    assert names.folded_words(text) == tuple(w for w, _, _ in _reference(text))


def test_tokens_of_a_french_sentence() -> None:
    text = "Le pôle « Alpha-tex » (œuvre), créé en 2006_bis."
    assert [w for w, _, _ in names.tokens(text)] == [
        "le", "pole", "alpha", "tex", "oeuvre", "cree", "en", "2006", "bis"]
    assert all(names.fold_token(text[s:e]) == w for w, s, e in names.tokens(text))


def test_only_one_character_is_lengthened_by_lower() -> None:
    """`cut` tests for U+0130 alone before cutting the whole text at once."""
    import sys

    lengthened = [c for c in range(sys.maxunicode + 1)
                  if not 0xD800 <= c < 0xE000 and len(chr(c).lower()) != 1]
    assert lengthened == [0x130]


_PERSON_ALPHABET = "AaBbÉéÀàMm .-'’\n,Ø"


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=_PERSON_ALPHABET, max_size=40), st.integers(min_value=0, max_value=10))
def test_person_search_equals_the_pattern_search(text: str, pos: int) -> None:
    from grappe.importer.extract import people

    expected = people._PERSON.search(text, pos)
    found = people.search_person(text, pos)
    assert (found and (found.span(), found.groupdict())) == (
        expected and (expected.span(), expected.groupdict()))


def test_person_search_on_names() -> None:
    from grappe.importer.extract import people

    for text in ["M. Jean Dupont", "selon Anne-Marie Le Floch,", "l’Anne Martin", "x-Jean Dupont Paul Durand"]:
        expected = people._PERSON.search(text)
        found = people.search_person(text)
        assert (found and found.span()) == (expected and expected.span())


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(alphabet="abAB é_-", min_size=2, max_size=5), min_size=1, max_size=6, unique=True),
       st.text(alphabet="abAB é_-.1", max_size=40))
def test_known_names_equal_the_alternation_pattern(names: list[str], text: str) -> None:
    import re

    from grappe.importer.extract.funding_mentions import MentionFinder
    from grappe.importer.facts import Facts

    finder = MentionFinder(Facts())
    finder._ranked = sorted(names, key=len, reverse=True)
    pattern = re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, finder._ranked)) + r")(?!\w)")
    expected = [(m.start(), m.end(), m.group(0)) for m in pattern.finditer(text)]
    assert finder.known_names(text) == expected
