"""The segmenter's fast paths give what the plain line-by-line rules give."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from grappe.importer.segment_pages import _squashed_end
from grappe.importer.segment_text import _join_lines, _squash

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
