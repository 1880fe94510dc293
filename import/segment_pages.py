"""Where each line stands: its page (page starts and lone page numbers) and the usual line width."""

from __future__ import annotations

from grappe.importer.segment_text import _PAGE_NUMBER, _PAGE_START, _PROSE_LENGTH, _blank, _squash


def _page_number(line: str) -> int:
    match = _PAGE_NUMBER.match(line)
    assert match is not None
    return int(match.group(1))


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
            # `_PAGE_START` opens with a space: other lines are not tried.
            if i > 0 and line[:1] == " " and _PAGE_START.match(line) and i not in ignored_starts:
                count += 1
            starts[i] = count
        anchors = sorted((i, _page_number(lines[i])) for i in number_lines)
        # Numbers that would put the first page before page 1, or that run backwards, are
        # labels or list items rather than page numbers.
        kept: list[tuple[int, int]] = []
        for line, number in anchors:
            if number < 1 or number - starts[line] < 0:
                continue
            if kept and (number <= kept[-1][1] or line == kept[-1][0]):
                continue
            kept.append((line, number))
        # The lines between two anchors (and before the first, after the last) share them.
        bounds = [0, *(line for line, _ in kept), len(lines)]
        self.pages = []
        for k in range(len(kept) + 1):
            before = kept[k - 1] if k else None
            after = kept[k] if k < len(kept) else None
            self.pages.extend(self._pages_between(starts, bounds[k], bounds[k + 1], before, after))
        self.count = max(self.pages[-1], 1) if lines else 1

    @staticmethod
    def _pages_between(
        starts: list[int], low: int, high: int, before: tuple[int, int] | None,
        after: tuple[int, int] | None,
    ) -> list[int]:
        """Pages of the lines `low` to `high` (excluded), which lie between the same anchors:
        counted on from the anchor before (back from the one after when there is none before);
        where more starts were counted between two anchors than pages, spread evenly."""
        counted = starts[low:high]
        if before is None and after is None:
            return [n + 1 for n in counted]
        if before is None:
            assert after is not None
            top = after[1] - starts[after[0]]
            return [max(1, top + n) for n in counted]
        first = before[1] - starts[before[0]]
        if after is None or starts[after[0]] - starts[before[0]] <= after[1] - before[1]:
            # Missing starts (pages of figures): the next anchor catches up.
            return [first + n for n in counted]
        # Spurious starts: spread the surplus evenly between the anchors.
        base, expected = starts[before[0]], after[1] - before[1]
        between = starts[after[0]] - base
        return [before[1] + (n - base) * expected // between for n in counted]

    def page(self, line: int) -> int:
        return self.pages[line]


# `_PAGE_NUMBER` opens, once its spaces are passed, with "page", a dash or a digit (or
# nothing): a line opening otherwise is not tried.
_PAGE_NUMBER_OPENERS = frozenset(["", "p", "P", "-", "–"])


def _page_number_lines(lines: list[str]) -> set[int]:
    # A number alone between blank lines, or alone on a page's first line, is a page number.
    return {
        i for i, line in enumerate(lines)
        if ((first := line.lstrip()[:1]) in _PAGE_NUMBER_OPENERS or first.isdigit())
        and _PAGE_NUMBER.match(line)
        and (_blank(lines, i - 1) or _PAGE_START.match(line))
        and _blank(lines, i + 1)
    }


def _squashed_end(line: str) -> str:
    """`_squash(line)` as far as its end goes (without no-break spaces, rstrip ends it alike)."""
    if "\u00a0" in line or "\u202f" in line or "\u2007" in line:
        return _squash(line)
    return line.rstrip()


class _Layout:
    """The document's usual prose line width, and where each passage's last line stands.

    A line much shorter than the usual width that ends a sentence ends its paragraph, even
    when no blank line follows (the extractor often drops them after a page break); a last
    line as wide as the others was wrapped, so the paragraph goes on after a page break.
    """

    def __init__(self, lines: list[str]) -> None:
        lengths = sorted(n for n in map(len, map(str.strip, lines)) if n >= 40)
        self.width = lengths[int(len(lengths) * 0.9)] if lengths else _PROSE_LENGTH
        self.last_line: dict[int, int] = {}

    def is_full(self, line: str) -> bool:
        return len(line.strip()) >= 0.8 * self.width

    def ends_paragraph(self, line: str, following: str) -> bool:
        return (
            _squashed_end(line).endswith((".", "?", "…", "»."))
            and not self.is_full(line)
            and following.strip()[:1].isupper()
        )
