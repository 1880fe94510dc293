"""The segmenter's fast paths give what the plain line-by-line rules give."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

import re
import sys

from grappe.importer.segment_pages import _PAGE_NUMBER_OPENERS, _squashed_end
from grappe.importer.segment_text import (
    _BULLET,
    _BULLET_MARKS,
    _CAPTION,
    _CAPTION_OPENS,
    _NUMBERED,
    _PAGE_NUMBER,
    _PAGE_START,
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


def _openers(pattern: re.Pattern[str], tails: tuple[str, ...]) -> set[str]:
    """Every character `c` for which `pattern` matches some line `c + tail` (all code points,
    one scan: the lines are joined and the pattern read line by line)."""
    multiline = re.compile(pattern.pattern, pattern.flags | re.MULTILINE)
    found: set[str] = set()
    for tail in tails:
        lines = "\n".join(chr(code) + tail for code in range(sys.maxunicode + 1) if chr(code) != "\n")
        found.update(lines[m.start()] for m in multiline.finditer(lines))
    return found


def test_line_gates_keep_every_character_a_pattern_can_open_with() -> None:
    # Each gate skips a line by its first characters: exact only if no other character can
    # open a match, and if `\\s` and `\\d` are `isspace` and (within) `isdigit`.
    assert {m.group() for m in re.finditer(r"\s", _ALL)} == {c for c in _ALL if c.isspace()}
    assert all(c.isdigit() for c in re.findall(r"\d", _ALL))
    assert _CAPTION_OPENS is not None
    captions = _openers(_CAPTION, ("ableau 1 - x", "igure 1 - x", "raphique 1 - x"))
    assert captions and {c for c in captions if not c.isspace()} <= _CAPTION_OPENS
    page_numbers = _openers(_PAGE_NUMBER, ("age 12", " 12", ""))
    assert {c for c in page_numbers if not c.isspace() and not c.isdigit()} <= _PAGE_NUMBER_OPENERS
    numbered = _openers(_NUMBERED, (" Titre", "2 Titre"))
    assert all(c.isspace() or c.isdigit() for c in numbered)
    assert _openers(_PAGE_START, ("x",)) == {" "}
    bullets = _openers(_BULLET, (" x", ") x", "1) x"))
    assert {c for c in bullets if not c.isspace() and not c.isdigit()} <= _BULLET_MARKS


_ALL = "".join(map(chr, range(sys.maxunicode + 1)))


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


@settings(max_examples=300, deadline=None)
@given(st.integers(0, 40), st.text(alphabet=" \tx\u00a0", max_size=4), st.text(alphabet=" x", max_size=3))
def test_separator_start_is_needed_by_every_separator(spaces: int, tail: str, head: str) -> None:
    from grappe.importer.segment_text import _SEPARATOR, _SEPARATOR_START

    line = head + " " * spaces + tail
    assert bool(_SEPARATOR.match(line)) == bool(line.startswith(_SEPARATOR_START) and _SEPARATOR.match(line))


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=" \t\u00a0!•-–*x1)2é\uf0b7", max_size=12))
def test_bullet_match_equals_the_pattern(line: str) -> None:
    from grappe.importer.segment_text import bullet_match

    fast, plain = bullet_match(line), _BULLET.match(line)
    assert (fast and fast.groups()) == (plain and plain.groups())
