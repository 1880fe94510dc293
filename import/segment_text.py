"""Shared by the segmenter's modules: its vocabulary, patterns, passage types and text mending.

The segmenter is split by concern: `segment_pages` (page numbers, line widths),
`segment_structure` (headings, tables, footnote blocks), `segment_prose` (paragraphs,
bullets, footnote calls) and `segment` (the pass that puts them in reading order).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from grappe.importer.vocab import load_vocabulary


_VOCAB = load_vocabulary("segment")
_UNNUMBERED = {h.casefold() for h in _VOCAB["unnumbered_headings"]}
_PART_WORDS = tuple(w.casefold() for w in _VOCAB["part_words"])
_ANNEX_TITLES = tuple(w.casefold() for w in _VOCAB["annex_titles"])
_TOC_TITLES = {w.casefold() for w in _VOCAB["contents_titles"]}
_ANNEX_ITEM = re.compile(_VOCAB["annex_item"], re.IGNORECASE)
_CAPTION = re.compile(_VOCAB["table_caption"], re.IGNORECASE)
_PROSE_LENGTH = int(_VOCAB["prose_line_length"])
_SOURCE_NOTE = re.compile(_VOCAB["source_note"], re.IGNORECASE)

_SEPARATOR = re.compile(r"^ {%d,}$" % int(_VOCAB["footnote_separator_length"]))
# What every separator line starts with: a line starting otherwise is not tried.
_SEPARATOR_START = " " * int(_VOCAB["footnote_separator_length"])

_PAGE_START = re.compile(r"^ (?! )\S")
# A page number alone on its line: "12", "- 12 -", "Page 12", "12/53".
_PAGE_NUMBER = re.compile(
    r"^\s*(?:page\s+)?(?:[-–]\s*)?(\d{1,3})(?:\s*[-–])?(?:\s*/\s*\d{1,3})?\s*$", re.IGNORECASE
)
_NUMBERED = re.compile(r"^\s?(\d{1,2}(?:\.\d{1,2})*)\.?\s+(\S.*)$")
_FOOTNOTE_START = re.compile(r"^(\d{1,3})\s+(\S.*)$")
# Bullet marks: "!" (the extractor's rendering of a bullet glyph), typographic bullets,
# dashes, arrows, Wingdings glyphs left in the private use area, and "1)" list numbers.
_BULLET = re.compile(r"^\s*(?:[!•▪◦●■□➢►▸✓→\-–—*\uf0a7\uf0b7\uf0d8\uf0fc]|\d{1,2}\))\s+(\S.*)$")
# The marks `_BULLET` opens with once its spaces are passed (else a digit): a line opening
# otherwise is not tried (most lines: a one-character test instead of a regex call).
_BULLET_MARKS = frozenset("!•▪◦●■□➢►▸✓→-–—*\uf0a7\uf0b7\uf0d8\uf0fc")


def bullet_match(line: str) -> re.Match[str] | None:
    """`_BULLET.match(line)`, not tried on a line opening with neither a mark nor a digit."""
    first = line.lstrip()[:1]
    if first in _BULLET_MARKS or first.isdigit():
        return _BULLET.match(line)
    return None
_TERMINAL = (".", ":", ";", "?", "!", "»", "…")

# A footnote number glued to the word or closing mark it follows: "région10", "»1", "ETP7,".
# Digits first (fast to scan); the caller checks with _GLUED_AFTER what precedes them.
# Written digit first, what precedes it checked after: `\d(?<!\d\d)` matches where `(?<!\d)\d`
# does, and a pattern opening with a character set is searched twice as fast.
_GLUED_REF = re.compile(r"(\d(?<!\d\d)\d{0,2})(?=[\s.,;:)»]|$)")  # (?<!\d)(\d{1,3})(?=…)
_GLUED_AFTER = re.compile(r"[^\W\d_]|[»)\]’'\"€]")
# A passage can hold a glued call only if a digit follows a letter or a closing mark.
_LETTER_THEN_DIGIT = re.compile(r"\d(?:(?<=[^\W\d_]\d)|(?<=[»)\]’'\"€]\d))")
_WORD_END = re.compile(r"[^\W\d_][\w\-]*$")  # the word a call is glued to
# "Pole7", "région10": `\b[^\W\d_][\w\-]*\d\b`, written letter first (see _GLUED_REF).
_WORD_WITH_DIGITS = re.compile(r"[^\W\d_](?<!\w[^\W\d_])[\w\-]*\d\b")

# The euro sign that became "!" after a number or a unit: "385 000!", "1,5 M!", "en k!".
_EURO_AFTER_NUMBER = re.compile(
    r"(\d)([ \u00a0\u202f]?)((?:M|k|K|Md|Mds)\b)?([ \u00a0\u202f]?)!"
)
_EURO_AFTER_UNIT = re.compile(r"(?<![\w])(M|k|K|Md|Mds)!")


@dataclass
class Passage:
    """One unit of the document in reading order, with where it stands."""

    kind: str  # heading, subheading, paragraph, bullet, table, footnote, annex
    text: str
    page: int
    line: int
    section_number: str | None = None
    section_title: str | None = None
    level: int | None = None
    number: str | None = None  # heading number, table number or footnote number
    caption: str | None = None
    flags: list[str] = field(default_factory=list)
    footnote_refs: list[int] = field(default_factory=list)


@dataclass
class Segmented:
    """A segmented document: its passages, page count and what looked wrong."""

    passages: list[Passage]
    pages: int
    warnings: list[str]

    def of_kind(self, kind: str) -> list[Passage]:
        return [p for p in self.passages if p.kind == kind]


def _euro_after_number(match: re.Match[str]) -> str:
    # "385 000!" → "385 000 €", "1,5 M!" → "1,5 M€"; a no-break space as written is kept.
    digit, before_unit, unit, before_sign = match.groups()
    if unit:
        return f"{digit}{before_unit or ' '}{unit}€"
    return f"{digit}{before_unit or before_sign or ' '}€"


def restore_euro(text: str) -> str:
    """Turn the extraction's "!" back into "€" where it follows an amount or a unit."""
    if "!" not in text:
        return text
    text = _EURO_AFTER_NUMBER.sub(_euro_after_number, text)
    return _EURO_AFTER_UNIT.sub(lambda m: f"{m.group(1)}€", text)


# Breaking whitespace only: no-break spaces (U+00A0, U+202F, U+2007) in "1 500 000 €" are kept.
_BREAKING_SPACES = re.compile(r"[^\S\u00a0\u202f\u2007]+")


def _squash(text: str) -> str:
    if "\u00a0" not in text and "\u202f" not in text and "\u2007" not in text:
        return " ".join(text.split())  # the common case, several times faster
    return _BREAKING_SPACES.sub(" ", text).strip(" \u00a0\u202f\u2007")


# A hyphen ending a line (before breaking whitespace only): the one case where lines are not
# simply joined by a space.
_HYPHEN_AT_LINE_END = re.compile(r"-[^\S\n]*$", re.MULTILINE)


def _join_lines(lines: list[str]) -> str:
    """Re-join wrapped lines: a line ending in a hyphen joins the next without a space."""
    joined = "\n".join(lines)
    if ("\u00a0" not in joined and "\u202f" not in joined and "\u2007" not in joined
            and not _HYPHEN_AT_LINE_END.search(joined)):
        return " ".join(joined.split())  # the common case: every line squashed, joined by spaces
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


def _blank(lines: list[str], i: int) -> bool:
    return i < 0 or i >= len(lines) or not lines[i].strip()


def _blank_or_end(lines: list[str], i: int, skip: set[int]) -> bool:
    return i >= len(lines) or not lines[i].strip() or i in skip
