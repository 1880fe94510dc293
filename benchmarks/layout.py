"""Lays text out the way a PDF text extractor left the real monograph: wrapped lines ending
in a space, pages that start with one space, footnotes after a line of spaces at the page's
end, occasional lone page numbers, and "!" where the euro sign was."""

from __future__ import annotations

import textwrap
from dataclasses import dataclass, field

PAGE_LINES = 46
WIDTH = 100


def eur(amount: float, style: int = 0) -> str:
    """An amount as the extraction spelled it: "385 000!", "1,5 M!", "500 k!", "65 000 !"."""
    if amount >= 1_000_000 and style % 3 == 1:
        millions = f"{amount / 1_000_000:.1f}".replace(".", ",").replace(",0", "")
        return f"{millions} M!"
    if amount < 1_000_000 and amount % 1000 == 0 and style % 3 == 2:
        return f"{int(amount // 1000)} k!"
    grouped = f"{int(amount):,}".replace(",", " ")
    return f"{grouped} !" if style % 2 else f"{grouped}!"


def french(x: float) -> str:
    """9.3 → "9,3"; 3.0 → "3"."""
    return f"{x:g}".replace(".", ",")


@dataclass
class Line:
    text: str
    breakable: bool  # a page may start on this line (prose, not inside a table)
    notes: list[tuple[int, str]] = field(default_factory=list)


class Layout:
    """Accumulates the document's lines, then cuts them into pages."""

    def __init__(self) -> None:
        self.lines: list[Line] = []
        self.note_count = 0
        self._pending: list[tuple[int, str]] = []

    def footnote(self, text: str) -> str:
        """Register a footnote; return its number, to glue to the word that cites it."""
        self.note_count += 1
        self._pending.append((self.note_count, text))
        return str(self.note_count)

    def blank(self, spaced: bool = False) -> None:
        self.lines.append(Line(" " if spaced else "", True))

    def heading(self, text: str) -> None:
        self.blank()
        self.lines.append(Line(text + " ", False))
        self.blank(spaced=True)

    def paragraph(self, text: str, *, width: int = WIDTH) -> None:
        glued = text.replace(" :", "\x01:").replace(" ;", "\x01;").replace(" ?", "\x01?")
        wrapped = textwrap.wrap(glued, width=width, break_on_hyphens=False) or [""]
        for position, piece in enumerate(wrapped):
            self.lines.append(Line(piece.replace("\x01", " ") + " ", position > 0))
        self.lines[-1].notes.extend(self._pending)
        self._pending = []
        self.blank(spaced=True)

    def bullet(self, text: str, mark: str = "!") -> None:
        self.paragraph(f"{mark} {text}")

    def cells(self, cells: list[str], caption: str) -> None:
        """A flattened table: short cell lines, blank lines between rows, then its caption."""
        self.blank()
        for cell in cells:
            self.lines.append(Line(cell + " " if cell else "", False))
        self.lines.append(Line("", False))
        self.lines.append(Line(caption + " ", False))
        self.blank()

    def raw(self, text: str) -> None:
        self.lines.append(Line(text, False))

    def render(self) -> str:
        """Cut into pages: footnotes and sometimes a page number close a page."""
        out: list[str] = []
        notes: list[tuple[int, str]] = []
        on_page = 0
        page = 1
        for line in self.lines:
            starts_page = on_page >= PAGE_LINES and line.breakable and line.text.strip()
            if starts_page:
                if notes:
                    out.append(" " * 48)
                    for number, text in notes:
                        out.extend(_note_lines(number, text))
                    notes = []
                page += 1
                if page % 7 == 0:
                    out.append(f" {page} ")
                out.append(" " + line.text.lstrip())
                on_page = 0
            else:
                out.append(line.text)
            on_page += 1
            notes.extend(line.notes)
        if notes:
            out.append(" " * 48)
            for number, text in notes:
                out.extend(_note_lines(number, text))
        return "\n".join(out) + "\n"


def _note_lines(number: int, text: str) -> list[str]:
    wrapped = textwrap.wrap(f"{number} {text}", width=WIDTH + 20, break_on_hyphens=False)
    return [piece + " " for piece in wrapped]
