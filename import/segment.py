"""Stage 2 — segment: cut a monograph's text into pages, headings, paragraphs, bullets,
tables, footnotes and the annex.

The text is what a PDF extractor left: a line starting with one space begins a page, page
numbers stand alone on a line, footnotes sit where their page ended (after a line of spaces)
with their numbers glued to the words that cite them, tables are flattened into short lines
before their "Tableau N-" caption, and the euro sign became "!".
"""

from __future__ import annotations

from grappe.importer.segment_pages import _Layout, _Pages, _page_number_lines
from grappe.importer.segment_prose import (
    _block_passages,
    _merge_broken_paragraphs,
    _separate_footnote_refs,
)
from grappe.importer.segment_structure import (
    _find_captions,
    _find_footnotes,
    _find_headings,
    _find_table_bodies,
)
from grappe.importer.segment_text import (
    _ANNEX_TITLES,
    Passage,
    Segmented,
    _join_lines,
    restore_euro,
    _squash,
)

__all__ = ["Passage", "Segmented", "restore_euro", "segment"]


def segment(text: str) -> Segmented:
    """Cut clean text (LF line ends) into passages in reading order."""
    lines = text.split("\n")
    number_lines = _page_number_lines(lines)
    warnings: list[str] = []
    skip: set[int] = set(number_lines)

    footnotes = _find_footnotes(lines, skip)
    captions = _find_captions(lines, skip)
    headings = _find_headings(lines, skip, captions)
    tables = _find_table_bodies(lines, skip, headings, captions)
    after_notes = {after for _, after in footnotes.values()}
    in_tables = {k for body in tables.values() for k in body} - after_notes
    pages = _Pages(lines, number_lines, in_tables)
    layout = _Layout(lines)
    table_lines = {k for body in tables.values() for k in body}

    passages: list[Passage] = []
    section_number: str | None = None
    section_title: str | None = None
    in_annex = False
    block: list[int] = []

    def flush() -> None:
        nonlocal block
        if block:
            passages.extend(
                _block_passages(
                    lines, block, pages, section_number, section_title, in_annex, layout
                )
            )
            block = []

    i = 0
    while i < len(lines):
        if i in skip:
            i += 1
            continue
        if i in footnotes:
            flush()
            notes, after = footnotes[i]
            for number, first, note_lines in notes:
                passages.append(
                    Passage("footnote", restore_euro(_join_lines(note_lines)), pages.page(first),
                            first + 1, section_number, section_title, number=str(number))
                )
            i = after
            continue
        if i in headings:
            flush()
            number, title, level, end = headings[i]
            title = restore_euro(title)  # "2.4 Un fonds de 1,5 M!" → "1,5 M€" (section titles too)
            passages.append(
                Passage("heading", title, pages.page(i), i + 1,
                        number if number or level == 1 else section_number,
                        title if level <= 4 else section_title, level=level, number=number)
            )
            if level <= 4:
                section_number, section_title = number, title
                if title.casefold().startswith(_ANNEX_TITLES) and level == 1:
                    in_annex = True
            i = end
            continue
        if i in captions:
            flush()
            number, caption, note = captions[i]
            body = tables.get(i, [])
            cell_lines = [_squash(lines[j]) for j in body if lines[j].strip()]
            if note:
                cell_lines.append(note)
            flags = [] if body else ["caption-without-body"]
            if not body:
                warnings.append(f"Tableau {number} (p. {pages.page(i)}): légende sans corps")
            passages.append(
                Passage("table", restore_euro("\n".join([caption, *cell_lines])),
                        pages.page(body[0] if body else i), (body[0] if body else i) + 1,
                        section_number, section_title, number=number, caption=restore_euro(caption),
                        flags=flags)
            )
            i += 1
            continue
        if i in table_lines:
            i += 1
            continue
        if not lines[i].strip():
            flush()
        else:
            block.append(i)
        i += 1
    flush()

    passages = _merge_broken_paragraphs(passages, lines, pages, layout)
    _separate_footnote_refs(passages, warnings)
    return Segmented(passages, pages.count, warnings)
