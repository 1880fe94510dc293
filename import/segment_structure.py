"""Structure found before reading order: footnote blocks, headings, table captions and bodies."""

from __future__ import annotations

import re

from grappe.importer.segment_text import (
    _ANNEX_ITEM,
    _ANNEX_TITLES,
    _CAPTION,
    _FOOTNOTE_START,
    _NUMBERED,
    _PAGE_START,
    _PART_WORDS,
    _PROSE_LENGTH,
    _SEPARATOR,
    _SEPARATOR_START,
    _TERMINAL,
    _TOC_TITLES,
    _UNNUMBERED,
    _blank_or_end,
    _join_lines,
    _squash,
    bullet_match,
)

# The dot leaders and page number a table of contents puts after a title.
_CONTENTS_TAIL = re.compile(r"[\s.…·_-]*\d{0,4}\s*$")


def _find_footnotes(
    lines: list[str], skip: set[int]
) -> dict[int, tuple[list[tuple[int, int, list[str]]], int]]:
    """Footnote blocks: after a separator line of spaces, numbered notes up to the next page.

    Returns, by separator line: the notes (number, first line, lines) and the line after them.
    """
    found: dict[int, tuple[list[tuple[int, int, list[str]]], int]] = {}
    i = 0
    while i < len(lines):
        if not (lines[i].startswith(_SEPARATOR_START) and _SEPARATOR.match(lines[i])):
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


def _find_headings(lines: list[str], skip: set[int],
                   captions: dict[int, tuple[str, str, str]]) -> dict[int, tuple[str | None, str, int, int]]:
    """Numbered and known unnumbered headings, checked against the running numbering (a
    caption, from `_find_captions` with the same `skip`, is none)."""
    found: dict[int, tuple[str | None, str, int, int]] = {}
    path: list[int] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        bare = line.strip()
        if not bare or i in skip or i in captions:
            i += 1
            continue
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
        # `_NUMBERED` opens with `\s?\d`: a line with no digit first or second cannot match.
        match = _NUMBERED.match(line) if line[:2].lstrip()[:1].isdigit() else None
        if match:
            parts = [int(p) for p in match.group(1).split(".")]
            title_lines = [match.group(2), *_heading_continuation(lines, i, skip)]
            end = i + len(title_lines)
            title = _join_lines(title_lines)
            if parts == [1] and path and _drop_table_of_contents(lines, found, i, title):
                path = []
            if _accept_heading(parts, title, path, line, lines, end, skip):
                path = parts
                found[i] = (".".join(map(str, parts)), title, len(parts), end)
                i = end
                continue
        i += 1
    return found


def _drop_table_of_contents(
    lines: list[str], found: dict[int, tuple[str | None, str, int, int]], i: int, title: str
) -> bool:
    """Numbering that starts again at "1" with the same title: what came before was a contents.

    The contents runs from its « Sommaire » heading (else its first entry) to the end of
    the block holding its last numbered entry. Its entries are dropped from the headings,
    and so is any annex title before the part numbered 1. True if a contents was found.
    """
    first = next((k for k, entry in found.items() if entry[0] == "1"), None)
    if first is None or _contents_key(found[first][1]) != _contents_key(title):
        return False
    titles = [k for k, entry in found.items() if k < first and entry[1].casefold() in _TOC_TITLES]
    start = titles[-1] + 1 if titles else first
    end = max(k for k, entry in found.items() if k < i and entry[0] is not None)
    while end + 1 < i and lines[end + 1].strip():
        end += 1
    for k in [k for k in found if start <= k <= end]:
        del found[k]
    for k in [k for k in found if end < k < i and found[k][1].casefold().startswith(_ANNEX_TITLES)]:
        del found[k]
    return True


def _contents_key(title: str) -> str:
    """A title without the dot leaders and page number a table of contents adds."""
    return " ".join(_CONTENTS_TAIL.sub("", title).casefold().split())


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
    """The flattened cell lines of each table: the short-line blocks beside its caption.

    Captions usually follow their table (this genre): the body is found walking back from
    the caption until prose or a heading. A document whose captions mostly stand above
    their tables is read forward instead; and a caption with nothing before it may take
    the short lines after it (three at least, not claimed by another table).
    """
    heading_lines: set[int] = set()
    for start, (_, _, _, end) in headings.items():
        heading_lines.update(range(start, end))
    stops = heading_lines | set(captions)
    order = sorted(captions)
    backward = {cap: _table_side(lines, skip, stops, cap, -1) for cap in order}
    forward = {cap: _table_side(lines, skip, stops, cap, +1) for cap in order}
    above = sum(1 for c in order if not backward[c] and len(forward[c]) >= 3)
    if above > sum(1 for c in order if backward[c]):
        return forward
    bodies = dict(backward)
    claimed = {k for body in backward.values() for k in body}
    for cap in order:
        if not bodies[cap] and len(forward[cap]) >= 3 and not claimed & set(forward[cap]):
            bodies[cap] = forward[cap]
            claimed.update(forward[cap])
    return bodies


def _table_side(lines: list[str], skip: set[int], stops: set[int], cap: int, step: int) -> list[int]:
    """Non-blank lines of the short-line blocks next to a caption, going back (-1) or on (+1)."""
    body: list[int] = []
    block: list[int] = []
    j = cap + step
    while 0 <= j < len(lines):
        if j in stops:
            break
        if j in skip or not lines[j].strip():
            if block:
                if _is_prose(lines, block) or _is_list(lines, block):
                    block = []
                    break
                body.extend(block)
                block = []
        elif _introduces_table(lines[j]):
            break  # "… sont les suivants :" opens (or follows) the table; it is prose
        else:
            block.append(j)
        j += step
    if block and not _is_prose(lines, block) and not _is_list(lines, block):
        body.extend(block)
    return sorted(body)


def _is_list(lines: list[str], block: list[int]) -> bool:
    """A block of bullet items punctuated as a list ("• le cluster X ;") is prose, not cells."""
    return len(block) >= 2 and all(
        bullet_match(lines[k]) and _squash(lines[k]).endswith((";", ".", ",", ":"))
        for k in block
    )


def _introduces_table(line: str) -> bool:
    text = _squash(line)
    return text.endswith(":") and text[:1].isupper() and len(text.split()) >= 5


def _is_prose(lines: list[str], block: list[int]) -> bool:
    return any(len(lines[k].strip()) >= _PROSE_LENGTH for k in block)
