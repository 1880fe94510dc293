"""Prose: blocks into paragraphs, subheadings and bullets, mended over page breaks; footnote calls."""

from __future__ import annotations

import re
from collections import Counter

from grappe.importer.segment_pages import _Layout, _Pages
from grappe.importer.segment_text import (
    _BULLET,
    _GLUED_AFTER,
    _GLUED_REF,
    _LETTER_THEN_DIGIT,
    _NUMBERED,
    _PAGE_NUMBER,
    _SOURCE_NOTE,
    _TERMINAL,
    _WORD_END,
    _WORD_WITH_DIGITS,
    Passage,
    _join_lines,
    bullet_match,
    restore_euro,
    _squash,
)


def _block_passages(
    lines: list[str], block: list[int], pages: _Pages, number: str | None, title: str | None,
    in_annex: bool, layout: _Layout,
) -> list[Passage]:
    """A blank-separated block becomes paragraphs, a subheading, bullets or an annex block."""
    def make(kind: str, members: list[int]) -> Passage:
        if kind == "annex":
            text = "\n".join(_squash(lines[k]) for k in members)
        else:
            text = _join_lines([lines[k] for k in members])
        passage = Passage(kind, restore_euro(text), pages.page(members[0]), members[0] + 1,
                          number, title)
        layout.last_line[id(passage)] = members[-1]
        return passage

    if in_annex:
        return [make("annex", block)]
    out: list[Passage] = []
    current: list[int] = []
    current_kind = "paragraph"
    for k in block:
        previous = current[-1] if current else None
        if bullet_match(lines[k]) and not _is_wrapped_euro(lines, previous, k):
            if current:
                out.append(make(current_kind, current))
            current, current_kind = [k], "bullet"
        elif previous is not None and layout.ends_paragraph(lines[previous], lines[k]):
            out.append(make(current_kind, current))
            current, current_kind = [k], "paragraph"
        else:
            current.append(k)
    if current:
        out.append(make(current_kind, current))
    for passage in out:
        if passage.kind == "bullet":
            passage.text = _strip_bullet(passage.text)
        elif (
            passage.kind == "paragraph"
            and layout.last_line[id(passage)] == passage.line - 1  # one line on its own
            and _looks_like_subheading(passage.text)
        ):
            passage.kind = "subheading"
    return out


def _is_wrapped_euro(lines: list[str], previous: int | None, k: int) -> bool:
    """"! chacun" after a line ending in an amount is the euro sign wrapped, not a bullet."""
    if previous is None or not lines[k].lstrip().startswith("!"):
        return False
    return bool(re.search(r"(?:\d|\b(?:M|k|K|Md|Mds))\s*$", lines[previous]))


def _strip_bullet(text: str) -> str:
    match = _BULLET.match(text)
    return match.group(1) if match else text


def _looks_like_subheading(text: str) -> bool:
    return (
        0 < len(text) <= 70
        and text[:1].isupper()
        and not text.endswith((".", ",", ";", ":", "!", "?", "€"))
        and not _PAGE_NUMBER.match(text)
        and not _SOURCE_NOTE.match(text)
        and len(text.split()) <= 12
    )


def _merge_broken_paragraphs(
    passages: list[Passage], lines: list[str], pages: _Pages, layout: _Layout
) -> list[Passage]:
    """Re-join a paragraph cut by a page break (and its footnotes) or a stray blank line.

    The next block continues the paragraph when the paragraph has no final stop and the
    block starts in lowercase, or the paragraph ends with a comma, or a page break falls
    between them, the paragraph's
    last line was full width (wrapped) and the block does not start a numbered item.
    """
    out: list[Passage] = []
    pending_notes: list[Passage] = []
    for passage in passages:
        if passage.kind == "footnote" and out and out[-1].kind in ("paragraph", "bullet"):
            pending_notes.append(passage)
            continue
        previous = out[-1] if out else None
        if (
            previous is not None
            and previous.kind in ("paragraph", "bullet", "subheading")
            and passage.kind == "paragraph"
            and not previous.text.endswith(_TERMINAL)
            and (
                passage.text[:1].islower()
                or (previous.kind == "paragraph" and previous.text.endswith(","))
                or _continues_over_page(previous, passage, lines, pages, layout)
            )
        ):
            previous.text = _join_lines([previous.text, passage.text])
            if previous.kind == "subheading":
                previous.kind = "paragraph"
            continue
        out.extend(pending_notes)
        pending_notes = []
        out.append(passage)
    out.extend(pending_notes)
    return out


def _continues_over_page(
    previous: Passage, passage: Passage, lines: list[str], pages: _Pages, layout: _Layout
) -> bool:
    last = layout.last_line.get(id(previous))
    if last is None or previous.kind == "subheading":
        return False
    return (
        pages.page(passage.line - 1) > pages.page(last)
        and layout.is_full(lines[last])
        and not _NUMBERED.match(passage.text)
        and not _PAGE_NUMBER.match(passage.text)
    )


def _separate_footnote_refs(passages: list[Passage], warnings: list[str]) -> None:
    """Unglue footnote numbers from the words citing them, in reading order."""
    numbers = sorted(int(p.number) for p in passages if p.kind == "footnote" and p.number)
    if not numbers:
        return
    available = set(numbers)
    prose = [
        p for p in passages
        if p.kind in ("paragraph", "bullet", "heading", "subheading", "annex")
        and _LETTER_THEN_DIGIT.search(p.text)  # only these can hold a glued call
    ]
    glued_names = Counter(
        m.group(0)
        for p in prose
        for m in _WORD_WITH_DIGITS.finditer(p.text)
    )
    expected = numbers[0]
    for passage in prose:
        def replace(match: re.Match[str]) -> str:
            nonlocal expected
            start = match.start()
            if start == 0 or not _GLUED_AFTER.match(passage.text, start - 1):
                return match.group(0)
            value = int(match.group(1))
            word = _WORD_END.search(passage.text, max(0, start - 80), start)
            token = (word.group(0) if word else "") + match.group(1)
            if glued_names.get(token, 0) > 1:
                return match.group(0)  # a name that ends in digits ("Pole7"), used repeatedly
            if re.match(r" [A-ZÀ-Ý]", passage.text[match.end():match.end() + 2]):
                return match.group(0)  # "Bois2 Avenir": a name goes on, a call never does
            if value in available and expected <= value <= expected + 1:
                passage.footnote_refs.append(value)
                expected = value + 1
                return ""
            return match.group(0)

        passage.text = _GLUED_REF.sub(replace, passage.text)
    missing = available - {n for p in passages for n in p.footnote_refs}
    for number in sorted(missing):
        warnings.append(f"note {number}: appel de note introuvable dans le texte")
