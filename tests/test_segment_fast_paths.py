"""The segmenter's fast paths give what the plain line-by-line rules give."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

import re
import sys

from grappe.importer.segment_pages import _squashed_end
from grappe.importer.segment_text import (
    _CAPTION,
    _CAPTION_OPENS,
    _join_lines,
    _opening_letters,
    _squash,
    caption_match,
)

_ALPHABET = "ab -–.»?…\u00a0\u202f\u2007\t\x0b\r\u2028Éé"


def _join_reference(lines: list[str]) -> str:
    out = ""
    for raw in lines:
        line = _squash(raw)
        if not line:
            continue
        if not out:
            out = line
        elif out.endswith("-") and not out.endswith(" -") and line[:1].islower():
            out += line
        else:
            out += " " + line
    return out


@settings(max_examples=500, deadline=None)
@given(st.lists(st.text(alphabet=_ALPHABET + "\n", max_size=12), max_size=6))
def test_join_lines_equals_the_line_by_line_rule(lines: list[str]) -> None:
    assert _join_lines(lines) == _join_reference(lines)


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=_ALPHABET, max_size=16))
def test_squashed_end_ends_like_the_squashed_line(line: str) -> None:
    for end in (".", "?", "…", "»."):
        assert _squashed_end(line).endswith(end) == _squash(line).endswith(end)


def test_hyphenated_word_is_joined() -> None:
    assert _join_lines(["une éco-", "construction", "durable"]) == "une éco-construction durable"
    assert _join_lines(["Nord -", "Est"]) == "Nord - Est"


def test_caption_gate_keeps_every_character_a_caption_can_open_with() -> None:
    # The gate skips a line whose first character is neither whitespace nor an opening letter:
    # exact only if no other character can open a match, nor pass for `\\s`.
    assert _CAPTION_OPENS is not None
    words = ("tableau 1 - x", "table 1 - x", "figure 1 - x", "graphique 1 - x")
    for code in range(sys.maxunicode + 1):
        char = chr(code)
        if char in _CAPTION_OPENS or char.isspace():
            continue
        assert re.match(r"\s", char) is None, hex(code)
        for word in words:
            assert _CAPTION.match(char + word[1:]) is None, (hex(code), word)


def test_opening_letters_of_other_shapes() -> None:
    assert _opening_letters(re.compile(r"^\s*(?:ab|cd)\d", re.IGNORECASE)) == frozenset("aAcC")
    assert _opening_letters(re.compile(r"^\s*(?:is|x)")) == frozenset("ix")
    assert _opening_letters(re.compile(r"^\s*(?:is|x)", re.IGNORECASE)) == frozenset("iIxX\u0130\u0131")
    assert _opening_letters(re.compile(r"^\s*[a-z]x")) is None
    assert _opening_letters(re.compile(r"^\s*(?:é|x)")) is None


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="tTfFgGaAbBlLeEuU \t\u00a0\u2028x1-:.İıſ", max_size=16))
def test_caption_match_equals_the_pattern(line: str) -> None:
    fast, plain = caption_match(line), _CAPTION.match(line)
    assert (fast and fast.groups()) == (plain and plain.groups())
