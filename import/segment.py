"""Stage 2 — segment: cut a monograph's text into pages, headings, paragraphs, bullets,
tables, footnotes and the annex.

The text is what a PDF extractor left: a line starting with one space begins a page, page
numbers stand alone on a line, footnotes sit where their page ended (after a line of spaces)
with their numbers glued to the words that cite them, tables are flattened into short lines
before their "Tableau N-" caption, and the euro sign became "!".
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from grappe.importer.vocab import load_vocabulary

_VOCAB = load_vocabulary("segment")
_UNNUMBERED = {h.casefold() for h in _VOCAB["unnumbered_headings"]}
_PART_WORDS = tuple(w.casefold() for w in _VOCAB["part_words"])
_ANNEX_TITLES = tuple(w.casefold() for w in _VOCAB["annex_titles"])
_ANNEX_ITEM = re.compile(_VOCAB["annex_item"], re.IGNORECASE)
_CAPTION = re.compile(_VOCAB["table_caption"], re.IGNORECASE)
_PROSE_LENGTH = int(_VOCAB["prose_line_length"])
_SOURCE_NOTE = re.compile(_VOCAB["source_note"], re.IGNORECASE)
_SEPARATOR = re.compile(r"^ {%d,}$" % int(_VOCAB["footnote_separator_length"]))

_PAGE_START = re.compile(r"^ (?! )\S")
_PAGE_NUMBER = re.compile(r"^\s*(\d{1,3})\s*$")
_NUMBERED = re.compile(r"^\s?(\d{1,2}(?:\.\d{1,2})*)\.?\s+(\S.*)$")
_FOOTNOTE_START = re.compile(r"^(\d{1,3})\s+(\S.*)$")
_BULLET = re.compile(r"^\s*(?:[!•▪◦●■\-–—*]|\d{1,2}\))\s+(\S.*)$")
_TERMINAL = (".", ":", ";", "?", "!", "»", "…")
# A footnote number glued to the word or closing mark it follows: "région10", "»1", "ETP7,".
# Digits first (fast to scan); the caller checks that a letter or closing mark precedes them.
_GLUED_REF = re.compile(r"(?<!\d)(\d{1,3})(?=[\s.,;:)»]|$)")
_GLUED_AFTER = re.compile(r"[^\W\d_]|[»)\]’'\"€]")
# The euro sign that became "!" after a number or a unit: "385 000!", "1,5 M!", "en k!".
_EURO_AFTER_NUMBER = re.compile(
    r"(\d)([ \u00a0\u202f]?)((?:M|k|K|Md|Mds)\b)?([ \u00a0\u202f]?)!"
)
_LETTER_THEN_DIGIT = re.compile(r"\d(?:(?<=[^\W\d_]\d)|(?<=[»)\]’'\"€]\d))")
_WORD_END = re.compile(r"[^\W\d_][\w\-]*$")
_WORD_WITH_DIGITS = re.compile(r"\b[^\W\d_][\w\-]*\d\b")
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


def _join_lines(lines: list[str]) -> str:
    """Re-join wrapped lines: a line ending in a hyphen joins the next without a space."""
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


class _Pages:
    """Page of every line: page starts counted, then calibrated on lone page numbers.

    A line starting with one space usually begins a page, but flattened table cells start
    that way too, so starts inside a table body are ignored unless a footnote block (the
    end of a page) comes just before. Lone page numbers are anchors: the count runs on from
    each; where two anchors are closer than the starts counted between them (spurious
    starts), the pages in between are spread evenly, so pages never run backwards.
    """

    def __init__(self, lines: list[str], number_lines: set[int], ignored_starts: set[int]) -> None:
        starts = [0] * len(lines)  # starts[i]: page starts counted on lines 1..i
        count = 0
        for i, line in enumerate(lines):
            if i > 0 and _PAGE_START.match(line) and i not in ignored_starts:
                count += 1
            starts[i] = count
        anchors = sorted((i, int(lines[i].strip())) for i in number_lines)
        # Numbers that would put the first page before page 1, or that run backwards, are
        # labels or list items rather than page numbers.
        kept: list[tuple[int, int]] = []
        for line, number in anchors:
            if number - starts[line] < 0:
                continue
            if kept and (number <= kept[-1][1] or line == kept[-1][0]):
                continue
            kept.append((line, number))
        self.pages = [0] * len(lines)
        following = 0  # index in `kept` of the first anchor after line i
        for i in range(len(lines)):
            while following < len(kept) and kept[following][0] <= i:
                following += 1
            before = kept[following - 1] if following else None
            after = kept[following] if following < len(kept) else None
            self.pages[i] = self._page_at(i, starts, before, after)
        self.count = max(self.pages[-1], 1) if lines else 1

    @staticmethod
    def _page_at(
        i: int, starts: list[int], before: tuple[int, int] | None, after: tuple[int, int] | None
    ) -> int:
        if before is None and after is None:
            return starts[i] + 1
        if before is None:
            assert after is not None
            return max(1, after[1] - (starts[after[0]] - starts[i]))
        forward = before[1] + (starts[i] - starts[before[0]])
        if after is None:
            return forward
        counted = starts[after[0]] - starts[before[0]]
        expected = after[1] - before[1]
        if counted <= expected:
            return forward  # missing starts (pages of figures): the next anchor catches up
        # Spurious starts: spread the surplus evenly between the anchors.
        return before[1] + (starts[i] - starts[before[0]]) * expected // counted

    def page(self, line: int) -> int:
        return self.pages[line]


def _page_number_lines(lines: list[str]) -> set[int]:
    # A number alone between blank lines, or alone on a page's first line, is a page number.
    return {
        i for i, line in enumerate(lines)
        if _PAGE_NUMBER.match(line)
        and (_blank(lines, i - 1) or _PAGE_START.match(line))
        and _blank(lines, i + 1)
    }


def _blank(lines: list[str], i: int) -> bool:
    return i < 0 or i >= len(lines) or not lines[i].strip()


def segment(text: str) -> Segmented:
    """Cut clean text (LF line ends) into passages in reading order."""
    lines = text.split("\n")
    number_lines = _page_number_lines(lines)
    warnings: list[str] = []
    skip: set[int] = set(number_lines)

    footnotes = _find_footnotes(lines, skip)
    headings = _find_headings(lines, skip)
    captions = _find_captions(lines, skip)
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
                        section_number, section_title, number=number, caption=caption,
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


def _find_footnotes(
    lines: list[str], skip: set[int]
) -> dict[int, tuple[list[tuple[int, int, list[str]]], int]]:
    """Footnote blocks: after a separator line of spaces, numbered notes up to the next page.

    Returns, by separator line: the notes (number, first line, lines) and the line after them.
    """
    found: dict[int, tuple[list[tuple[int, int, list[str]]], int]] = {}
    i = 0
    while i < len(lines):
        if not _SEPARATOR.match(lines[i]):
            i += 1
            continue
        j = i + 1
        notes: list[tuple[int, int, list[str]]] = []
        while j < len(lines) and not _PAGE_START.match(lines[j]):
            match = _FOOTNOTE_START.match(lines[j])
            if match and (not notes or int(match.group(1)) == notes[-1][0] + 1):
                notes.append((int(match.group(1)), j, [match.group(2)]))
            elif notes:
                notes[-1][2].append(lines[j])
            elif lines[j].strip():
                break  # not a footnote block after all
            j += 1
        if notes:
            found[i] = (notes, j)
            skip.update(range(i + 1, j))
            i = j
        else:
            skip.add(i)
            i += 1
    return found


def _find_headings(lines: list[str], skip: set[int]) -> dict[int, tuple[str | None, str, int, int]]:
    """Numbered and known unnumbered headings, checked against the running numbering."""
    found: dict[int, tuple[str | None, str, int, int]] = {}
    path: list[int] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        if i in skip or not line.strip() or _CAPTION.match(line):
            i += 1
            continue
        bare = line.strip()
        stripped = _squash(bare) if len(bare) < 45 or bare[:6].casefold() == "annexe" else ""
        if stripped and len(stripped) < 40 and stripped.casefold().rstrip(" :.") in _UNNUMBERED:
            found[i] = (None, stripped.rstrip(" :."), 1, i + 1)
            i += 1
            continue
        annex = _ANNEX_ITEM.match(stripped) if stripped else None
        if annex and path and (
            _blank_or_end(lines, i + 1, skip) or _PAGE_START.match(lines[i + 1])
        ):
            found[i] = (None, stripped, 5, i + 1)
            i += 1
            continue
        match = _NUMBERED.match(line)
        if match:
            parts = [int(p) for p in match.group(1).split(".")]
            title_lines = [match.group(2), *_heading_continuation(lines, i, skip)]
            end = i + len(title_lines)
            title = _join_lines(title_lines)
            if _accept_heading(parts, title, path, line, lines, end, skip):
                path = parts
                found[i] = (".".join(map(str, parts)), title, len(parts), end)
                i = end
                continue
        i += 1
    return found


def _heading_continuation(lines: list[str], i: int, skip: set[int]) -> list[str]:
    """The wrapped lines of a numbered heading: the rest of its block, all in lowercase.

    A heading wraps onto at most three more lines that start in lowercase and end the
    block; anything else after the first line is the text that follows the heading.
    """
    block: list[str] = []
    k = i + 1
    while k < len(lines) and not _blank_or_end(lines, k, skip) and len(block) <= 3:
        block.append(lines[k])
        k += 1
    if not block or len(block) > 3 or not _blank_or_end(lines, k, skip):
        return []
    text = lines[i].rstrip()
    for line in block:
        if _squash(text).endswith(_TERMINAL) or not line.strip()[:1].islower():
            return []
        text = line
    return block


def _blank_or_end(lines: list[str], i: int, skip: set[int]) -> bool:
    return i >= len(lines) or not lines[i].strip() or i in skip


def _accept_heading(
    parts: list[int], title: str, path: list[int], line: str, lines: list[str], end: int,
    skip: set[int],
) -> bool:
    first = title[:1]
    if not (first.isupper() or first in "«\"“'"):
        return False
    if title.endswith((",", ";")) or len(title) > 200:
        return False
    depth = len(parts)
    if depth > 1:
        parent = parts[:-1]
        if path[: depth - 1] != parent:
            return False
        current = path[depth - 1] if len(path) >= depth else 0
        return current < parts[-1] <= current + 3
    # A one-number line is a part heading only in sequence and when it reads like one;
    # numbered findings ("4. Certaines agglomérations …,") are list items.
    top = path[0] if path else 0
    if not (top < parts[0] <= top + 2):
        return False
    following = next((lines[k] for k in range(end, min(end + 4, len(lines))) if lines[k].strip() and k not in skip), "")
    if following.strip()[:1].islower():
        return False
    folded = title.casefold()
    return any(word in folded for word in _PART_WORDS) or title.isupper() or (
        bool(_PAGE_START.match(line)) and len(title) < 90 and not title.endswith(".")
    )


def _find_captions(lines: list[str], skip: set[int]) -> dict[int, tuple[str, str, str]]:
    """Table captions: number, caption text, and a note that trails after a run of spaces."""
    found: dict[int, tuple[str, str, str]] = {}
    for i, line in enumerate(lines):
        if i in skip:
            continue
        match = _CAPTION.match(line)
        if not match:
            continue
        pieces = re.split(r"\s{5,}", line.strip(), maxsplit=1)
        caption = _squash(pieces[0])
        note = _squash(pieces[1]) if len(pieces) > 1 else ""
        found[i] = (match.group(1), caption, note)
    return found


def _find_table_bodies(
    lines: list[str], skip: set[int], headings: dict, captions: dict
) -> dict[int, list[int]]:
    """Walk back from each caption over short-line blocks until prose or a heading."""
    heading_lines: set[int] = set()
    for start, (_, _, _, end) in headings.items():
        heading_lines.update(range(start, end))
    bodies: dict[int, list[int]] = {}
    for cap in sorted(captions):
        body: list[int] = []
        block: list[int] = []
        j = cap - 1
        stop = False
        while j >= 0 and not stop:
            if j in heading_lines or j in captions:
                stop = True
            elif j in skip or not lines[j].strip():
                if block:
                    if _is_prose(lines, block) or _is_list(lines, block):
                        stop = True
                        block = []
                    else:
                        body.extend(block)
                        block = []
            elif _introduces_table(lines[j]):
                stop = True  # "… sont les suivants :" opens the table; it is prose
            else:
                block.append(j)
            j -= 1
        if block and not _is_prose(lines, block) and not _is_list(lines, block):
            body.extend(block)
        bodies[cap] = sorted(body)
    return bodies


def _is_list(lines: list[str], block: list[int]) -> bool:
    """A block of bullet items punctuated as a list ("• le cluster X ;") is prose, not cells."""
    return len(block) >= 2 and all(
        _BULLET.match(lines[k]) and _squash(lines[k]).endswith((";", ".", ",", ":"))
        for k in block
    )


def _introduces_table(line: str) -> bool:
    text = _squash(line)
    return text.endswith(":") and text[:1].isupper() and len(text.split()) >= 5


def _is_prose(lines: list[str], block: list[int]) -> bool:
    return any(len(lines[k].strip()) >= _PROSE_LENGTH for k in block)


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
        if _BULLET.match(lines[k]) and not _is_wrapped_euro(lines, previous, k):
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


class _Layout:
    """The document's usual prose line width, and where each passage's last line stands.

    A line much shorter than the usual width that ends a sentence ends its paragraph, even
    when no blank line follows (the extractor often drops them after a page break); a last
    line as wide as the others was wrapped, so the paragraph goes on after a page break.
    """

    def __init__(self, lines: list[str]) -> None:
        lengths = sorted(len(line.strip()) for line in lines if len(line.strip()) >= 40)
        self.width = lengths[int(len(lengths) * 0.9)] if lengths else _PROSE_LENGTH
        self.last_line: dict[int, int] = {}

    def is_full(self, line: str) -> bool:
        return len(line.strip()) >= 0.8 * self.width

    def ends_paragraph(self, line: str, following: str) -> bool:
        return (
            _squash(line).endswith((".", "?", "…", "»."))
            and not self.is_full(line)
            and following.strip()[:1].isupper()
        )


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
                return match.group(0)  # a name that ends in digits ("Team2"), used repeatedly
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
