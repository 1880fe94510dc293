"""Reading the flattened tables of a monograph: list rows, one-row-per-pôle tables, ETP cells.

The PDF extraction kept each table's cells as short lines in reading order, with row and
column borders lost. What can still be read with confidence: a row label followed by a
comma-separated list; a row whose first cell ends with a date in parentheses (`(juin 2010)`);
a count of staff written after a name (`Alpha-tex (9,3 ETP)`).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from grappe.importer.extract.names import cut, fold_token, folded_words
from grappe.importer.segment import Passage, Segmented
from grappe.importer.vocab import load_vocabulary

_VOCAB = load_vocabulary("clusters")
_MONTHS = "|".join(_VOCAB["months"])
# A first-cell date ending its line, alone or after the name: "(juin 2010)", "Bois (fin 2012)".
DATE_LINE = re.compile(r"^(?P<before>.*?)\s*\((?P<date>(?:[^\W\d_]+\s+)?(?:19|20)\d\d)\)\s*$")
_FTE = re.compile(r"\(\s*(\d+(?:[.,]\d+)?)\s*" + re.escape(_VOCAB["fte_unit"]) + r"\s*\)"
                  r"|(?<![\w,.])(\d+(?:[.,]\d+)?)\s*" + re.escape(_VOCAB["fte_unit"]) + r"\b(?!\s*\))")
_LABEL_ALONE = re.compile(r"\s*(?:\(\d+\))?\s*:?\s*")
_LIST_LABELS = sorted(_VOCAB["list_labels"].items(), key=lambda item: -len(item[0]))


@dataclass
class TableRow:
    """One row of a one-row-per-pôle table: its name, date and the lines of its other cells."""

    name: str
    date: str
    cells: list[str] = field(default_factory=list)


_HEADER_CELL = re.compile(r"[^.;:!?]{1,60}")


def tables(segmented: Segmented) -> list[tuple[int, Passage]]:
    """Table passages with their sequence number in the document.

    Rows of staff (`Alpha (3 ETP) Beta (2 ETP)`) that the layout left as prose just above a
    caption are read as the first rows of that table (the caption's passage is cited)."""
    found = []
    for seq, passage in enumerate(segmented.passages):
        if passage.kind != "table":
            continue
        first = seq
        while first > 0 and segmented.passages[first - 1].kind in ("paragraph", "subheading") \
                and _FTE.search(segmented.passages[first - 1].text):
            first -= 1
        headers = 0  # the header cells above those rows ("DAS", "Pôles de compétitivité")
        while first < seq and headers < 4 and first > 0 and segmented.passages[first - 1].kind in (
                "paragraph", "subheading") and _HEADER_CELL.fullmatch(segmented.passages[first - 1].text):
            first, headers = first - 1, headers + 1
        if first < seq:
            caption, *body = passage.text.split("\n")
            rows = [p.text for p in segmented.passages[first:seq]]
            passage = replace(passage, text="\n".join([caption, *rows, *body]))
        found.append((seq, passage))
    return found


def body_lines(passage: Passage) -> list[str]:
    """The cell lines of a table, without its caption and trailing note (`* : …`)."""
    lines = passage.text.split("\n")[1:]
    return [line for line in lines if line.strip() and not line.lstrip().startswith("* :")]


def folded(text: str) -> str:
    return " ".join(folded_words(text))


def list_rows(lines: list[str], glued: Callable[[str], bool] | None = None) -> list[tuple[str, str, list[str]]]:
    """Rows like `Pôles de compétitivité A, B,⏎C` → (kind, label, names) for each labelled row.

    `glued(word)` says whether the document writes a word whole elsewhere: a cell cut inside a
    word (`Alpha Cl` ⏎ `uster`) is then re-joined without a space."""
    rows: list[tuple[str, str, list[str], bool]] = []
    for line in lines:
        words, _starts, ends = cut(line)  # columns shared with the other readers of `line`
        label = _label_at_start(words)
        rest = line[ends[label[1] - 1]:] if label else ""
        alone = label is not None and _LABEL_ALONE.fullmatch(rest) is not None
        if label and (rest.strip(" :") or alone):
            # A label alone on its line ("Grappes d'entreprises (3) :") lists one name a line.
            rows.append((label[0], line[: ends[label[1] - 1]].strip(), [] if alone else [rest], alone))
        elif rows:
            chunks, alone_row = rows[-1][2], rows[-1][3]
            if alone_row and "," not in line or not chunks:
                chunks.append(line)
            else:
                chunks[-1] = _continued(chunks[-1], line, glued)
    return [(kind, label, [n for chunk in chunks for n in _split_names(chunk)])
            for kind, label, chunks, _ in rows]


_WORD_END = re.compile(r"[\w’'\-]+$")
_WORD_START = re.compile(r"[\w’'\-]+")


def _continued(previous: str, line: str, glued: Callable[[str], bool] | None) -> str:
    """`previous` continued by the next line: one word when the line cut a written word."""
    head, tail = previous.rstrip(), line.lstrip()
    if glued and not head.endswith((",", ";")):
        left, right = _WORD_END.search(head), _WORD_START.match(tail)
        if left and right and glued(left.group() + right.group()):
            return head + tail
    return previous + " " + line


def _label_at_start(words: tuple[str, ...]) -> tuple[str, int] | None:
    head = " ".join(words[:6])
    for label, kind in _LIST_LABELS:
        if head == label or head.startswith(label + " "):
            return kind, len(label.split())
    return None


def _split_names(text: str) -> list[str]:
    names = []
    for part in re.split(r"[,;]", text):
        name = " ".join(part.split()).strip(" .:-")
        if name:
            names.append(name)
    return names


def is_pe_table(passage: Passage) -> bool:
    """A table listing pôles with their date of creation, one per row."""
    head = folded(" ".join(passage.text.split("\n")[:4]))
    dated = sum(1 for line in body_lines(passage) if DATE_LINE.match(line.strip()))
    return all(word in head for word in _VOCAB["pe_table_header"]) and dated >= 2


def dated_rows(lines: list[str]) -> list[TableRow]:
    """Rows whose first cell is a name then a `(date)` line; the header is what comes first.

    The name is the line before the date, extended upwards while lines continue one another
    (a line ending with a comma, or the next one starting in lowercase).
    """
    dates = {i: DATE_LINE.match(line.strip()) for i, line in enumerate(lines)}
    date_at = [i for i, match in dates.items() if match]
    starts: list[int] = []
    for i in date_at:
        start = i if dates[i].group("before") else i - 1  # type: ignore[union-attr]
        while start - 1 >= 0 and start - 1 not in date_at and (
            lines[start - 1].rstrip().endswith((",", "-")) or lines[start][:1].islower()
        ):
            start -= 1
        starts.append(max(start, 0))
    rows: list[TableRow] = []
    for n, (start, date_line) in enumerate(zip(starts, date_at)):
        end = starts[n + 1] if n + 1 < len(starts) else len(lines)
        match = dates[date_line]
        name_lines = [*lines[start:date_line], match.group("before")]  # type: ignore[union-attr]
        name = " ".join(" ".join(name_lines).split())
        rows.append(TableRow(name, match.group("date"),  # type: ignore[union-attr]
                             [line.strip() for line in lines[date_line + 1 : end]]))
    return rows


def fte_cells(text: str) -> list[tuple[float, int, int]]:
    """Every `(N ETP)` or `N ETP` of a text: the number and where the cell starts and ends."""
    return [
        (float((m.group(1) or m.group(2)).replace(",", ".")), m.start(), m.end())
        for m in _FTE.finditer(text)
    ]


def join_cells(lines: list[str]) -> str:
    """Cell lines joined (one per line, squashed), so that wrapped cells read as one."""
    return "\n".join(" ".join(line.split()) for line in lines)


def balanced_cells(lines: list[str]) -> list[str]:
    """Lines re-joined while a parenthesis stays open (`Association (ad` + `hoc) X`)."""
    out: list[str] = []
    for line in lines:
        if out and out[-1].count("(") > out[-1].count(")"):
            out[-1] += " " + line
        else:
            out.append(line)
    return out


def is_month_word(word: str) -> bool:
    return fold_token(word) in _VOCAB["months"]
