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
    _NUMBERED,
    _PAGE_NUMBER,
    _PAGE_START,
    _join_lines,
    _squash,
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
    page_numbers = _openers(_PAGE_NUMBER, ("age 12", " 12", ""))
    assert {c for c in page_numbers if not c.isspace() and not c.isdigit()} <= _PAGE_NUMBER_OPENERS
    numbered = _openers(_NUMBERED, (" Titre", "2 Titre"))
    assert all(c.isspace() or c.isdigit() for c in numbered)
    assert _openers(_PAGE_START, ("x",)) == {" "}
    bullets = _openers(_BULLET, (" x", ") x", "1) x"))
    assert {c for c in bullets if not c.isspace() and not c.isdigit()} <= _BULLET_MARKS


_ALL = "".join(map(chr, range(sys.maxunicode + 1)))


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


def _page_at_reference(i: int, starts: list[int], before: tuple[int, int] | None,
                       after: tuple[int, int] | None) -> int:
    if before is None and after is None:
        return starts[i] + 1
    if before is None:
        return max(1, after[1] - (starts[after[0]] - starts[i]))
    forward = before[1] + (starts[i] - starts[before[0]])
    if after is None:
        return forward
    counted = starts[after[0]] - starts[before[0]]
    expected = after[1] - before[1]
    if counted <= expected:
        return forward
    return before[1] + (starts[i] - starts[before[0]]) * expected // counted


_PAGE_LINES = [" Début de page", "texte courant", "", "12", "3", "- 7 -", "Page 40", "1", " 2", "x"]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(_PAGE_LINES), max_size=40), st.data())
def test_pages_between_anchors_equal_the_line_by_line_rule(lines: list[str], data: st.DataObject) -> None:

    numbers = [i for i, line in enumerate(lines) if _PAGE_NUMBER.match(line)]
    number_lines = set(data.draw(st.lists(st.sampled_from(numbers), unique=True))) if numbers else set()
    ignored = set(data.draw(st.lists(st.integers(0, max(0, len(lines) - 1)), max_size=5)))
    _check_pages(lines, number_lines, ignored)


def test_pages_spread_where_too_many_starts_were_counted() -> None:
    # Pages 5 and 6 are one page apart, but three page starts are counted between them.
    lines = ["x", "5", "", " Début", "t", " Début", "t", " Début", "t", "6", "t", " Début", "t"]
    pages = _check_pages(lines, {1, 9}, set())
    assert pages[1] == 5 and pages[9] == 6 and pages[-1] == 7 and pages[5] in (5, 6)


def _check_pages(lines: list[str], number_lines: set[int], ignored: set[int]) -> list[int]:
    from grappe.importer.segment_pages import _Pages

    pages = _Pages(lines, number_lines, ignored)
    # The reference walks every line with the anchors `_Pages` kept (its own rule for those).
    starts, count = [], 0
    for i, line in enumerate(lines):
        if i > 0 and _PAGE_START_REFERENCE.match(line) and i not in ignored:
            count += 1
        starts.append(count)
    kept = _kept_anchors(lines, number_lines, starts)
    following, expected = 0, []
    for i in range(len(lines)):
        while following < len(kept) and kept[following][0] <= i:
            following += 1
        expected.append(_page_at_reference(i, starts, kept[following - 1] if following else None,
                                           kept[following] if following < len(kept) else None))
    assert pages.pages == expected
    return pages.pages


_PAGE_START_REFERENCE = re.compile(r"^ (?! )\S")


def _kept_anchors(lines: list[str], number_lines: set[int], starts: list[int]) -> list[tuple[int, int]]:
    from grappe.importer.segment_pages import _page_number

    kept: list[tuple[int, int]] = []
    for line, number in sorted((i, _page_number(lines[i])) for i in number_lines):
        if number < 1 or number - starts[line] < 0:
            continue
        if kept and (number <= kept[-1][1] or line == kept[-1][0]):
            continue
        kept.append((line, number))
    return kept
