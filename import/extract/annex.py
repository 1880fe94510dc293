"""Rows of the annex listing the people interviewed (Structure | Nom | Fonction), re-assembled.

The PDF extraction flattened that 3-column table: a row that fits on one line reads
"PREFECTURE Anne Martin Chargée de mission"; a row whose cells wrap gives each column its own
lines, separated by blank lines (structure lines, then name lines, then function lines),
and the first lines of a wrapped row may trail the previous block. A small state machine
walks the blocks line by line, knowing which column it is in, and decides at each line
whether a new row starts, using the shape of the words (see `people`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from grappe.db.text import fold
from grappe.importer.extract import people
from grappe.importer.extract.annex_lists import list_row
from grappe.importer.segment import Segmented
from grappe.importer.vocab import load_vocabulary

_VOCAB = load_vocabulary("actors")
_TITLES = tuple(fold(t) for t in _VOCAB["interviewee_titles"])
_HEADER_WORDS = frozenset(fold(w) for w in _VOCAB["header_words"])


@dataclass
class AnnexRow:
    """One person of the annex: structure, name and function, and the passages they span."""

    structure: str
    name: str
    function: str
    seqs: list[int] = field(default_factory=list)
    name_seq: int | None = None

    def quote(self) -> str:
        return " | ".join(part for part in (self.structure, self.name, self.function) if part)


@dataclass
class _Parts:
    org: list[str] = field(default_factory=list)
    name: list[str] = field(default_factory=list)
    function: list[str] = field(default_factory=list)


def split_line(line: str) -> _Parts:
    """Cut a line read at the start of a row into structure, name and function words."""
    tokens = [t for t in line.split() if not people.is_title(t)]
    fixed = people.organisation_prefix_length(tokens)
    fidx = people.function_index(tokens)
    if fidx is not None and fidx > 0:
        before = tokens[:fidx]
        start = len(before)
        while start > fixed and len(before) - start < 4 and (
            people.is_name_token(before[start - 1]) or _inner_particle(before, start - 1)
        ):
            start -= 1
        run = [t for t in before[start:] if not people.is_particle(t)]
        if run and people.is_glued_name(run[-1]) and len(run) > 1:
            start = len(before) - 1  # "Org CirieVinst Directrice": the glued word is the name
            run = run[-1:]
        if len(run) == 3 and not (people.is_first_name(run[0]) and people.is_first_name(run[1])):
            start += 1  # "CNRS Rennes Anne X": a town before the name; "Jean François X" kept
        elif not run and len(before) >= 2 and people.is_acronym(before[-1]) \
                and people.is_first_name(before[-2]):
            start = len(before) - 2  # "Anne MARTIN Directrice"
        elif len(run) == 1 and not people.is_glued_name(run[0]) and start > 0:
            start = len(before)  # one capitalised word after a structure is not a name
        if start < len(before):
            return _Parts(before[:start], before[start:], tokens[fidx:])
        return _Parts(org=tokens)
    for i, token in enumerate(tokens):
        if people.is_first_name(token):
            end = i + 1
            while end < len(tokens) and end - i < 4 and (
                people.is_name_token(tokens[end]) or tokens[end - 1].endswith("-")
                or _inner_particle(tokens, end)
            ):
                end += 1
            if end == i + 1 and end < len(tokens) and people.is_acronym(tokens[end]) \
                    and end + 1 == len(tokens) and i > 0:
                end += 1  # "Anne MARTIN" at the end of a line
            return _Parts(tokens[:i], tokens[i:end], tokens[end:])
    # "DIRECCTE Anne-Sophie Xu": acronyms, then two or three words shaped like a name.
    k = 0
    while k < len(tokens) and people.is_acronym(tokens[k]):
        k += 1
    k = max(k, fixed)
    end = k
    while 0 < k and end < len(tokens) and end - k < 3 and people.is_name_token(tokens[end]):
        end += 1
    if k and end - k >= 2 and (end == len(tokens) or people.is_acronym(tokens[end])):
        return _Parts(tokens[:k], tokens[k:end], tokens[end:])
    return _Parts(org=tokens)


def _inner_particle(tokens: list[str], i: int) -> bool:
    """A particle inside a name ("Hervé Le Gall"): between a name word and a name word."""
    return 0 < i < len(tokens) - 1 and people.is_particle(tokens[i]) \
        and people.is_name_token(tokens[i + 1]) \
        and (people.is_name_token(tokens[i - 1]) or people.is_first_name(tokens[i - 1]))


def _split_in_name_column(line: str) -> _Parts:
    """A line read where the name column is expected: name words, then maybe the function."""
    tokens = [t for t in line.split() if not people.is_title(t)]
    fidx = people.function_index(tokens)
    if fidx is None:
        return _Parts(name=tokens)
    return _Parts(name=tokens[:fidx], function=tokens[fidx:])


def _name_like(line: str | None) -> bool:
    """Does this line (the first of the next block) begin with a person's name?"""
    if not line:
        return False
    tokens = line.split()
    if people.is_first_name(tokens[0]) or people.is_glued_name(tokens[0]):
        return True
    fidx = people.function_index(tokens)
    if fidx is not None and 1 <= fidx <= 3:
        return all(people.is_name_token(t) for t in tokens[:fidx])
    return len(tokens) <= 2 and all(people.is_name_token(t) for t in tokens)


def _name_continues(line: str, name: list[str], more_lines: bool) -> bool:
    """Is this first line of a block the rest of a name begun on the structure's line?"""
    tokens = line.split()
    if not tokens or len(tokens) > 2 or people.function_index(tokens) is not None:
        return False
    if not all(people.is_name_token(t) or people.is_acronym(t) for t in tokens):
        return False
    return bool(name) and (name[-1].endswith("-") or len(name) < 2 or more_lines)


class _Builder:
    """The state machine: the row being read and the column it is in."""

    def __init__(self) -> None:
        self.rows: list[AnnexRow] = []
        self.current: _Parts | None = None
        self.column = "org"
        self.seqs: list[int] = []
        self.name_seq: int | None = None

    def close(self) -> None:
        row, self.current = self.current, None
        if row is None or not row.name:
            return
        self.rows.append(AnnexRow(
            structure=_join_structure(row.org), name=people.join_name(row.name),
            function=people.clean_function(" ".join(row.function)),
            seqs=sorted(set(self.seqs)), name_seq=self.name_seq,
        ))

    def start(self, parts: _Parts, seq: int) -> None:
        self.close()
        self.current, self.seqs, self.name_seq = parts, [seq], seq if parts.name else None
        self.column = "function" if parts.function else "name" if parts.name else "org"

    def add(self, seq: int, org: list[str] = (), name: list[str] = (), function: list[str] = ()) -> None:
        assert self.current is not None
        if org:
            self.current.org.append(" ".join(org))
        if name:
            self.current.name.extend(name)
            self.name_seq = self.name_seq if self.name_seq is not None else seq
        if function:
            self.current.function.extend(function)
        self.seqs.append(seq)
        self.column = "function" if self.current.function else "name" if self.current.name else "org"


def _join_structure(lines: list[str]) -> str:
    out = ""
    for line in lines:
        if out.endswith("-") and not out.endswith(" -") and not people.is_acronym(line.split()[0]):
            out += line
        else:
            out = f"{out} {line}" if out else line
    return " ".join(out.split()).strip(" -")


def annex_blocks(segmented: Segmented) -> list[tuple[int, list[str]]]:
    """The blocks (passage index, lines) under the heading of the interviewees' annex."""
    blocks: list[tuple[int, list[str]]] = []
    inside = False
    for seq, passage in enumerate(segmented.passages):
        if passage.kind in ("heading", "subheading") or (
            passage.kind == "annex" and len(passage.text) < 120 and "\n" not in passage.text
            and passage.text[:6].casefold() == "annexe"
        ):
            folded = fold(passage.text)
            inside = any(title in folded for title in _TITLES)
            continue
        if inside and passage.kind != "footnote":
            lines = [line.strip() for line in passage.text.split("\n") if line.strip()]
            lines = [line for line in lines if not _is_header(line)]
            if lines:
                blocks.append((seq, lines))
    return blocks


def _is_header(line: str) -> bool:
    words = {people.bare(w) for w in line.replace("/", " ").split()}
    return len(words) <= 6 and len(words & _HEADER_WORDS) >= 2


def parse_annex(segmented: Segmented) -> list[AnnexRow]:
    """Every row of the interviewees' annex, with glued and wrapped names repaired."""
    blocks = annex_blocks(segmented)
    builder = _Builder()
    for b, (seq, lines) in enumerate(blocks):
        next_first = blocks[b + 1][1][0] if b + 1 < len(blocks) else None
        for li, line in enumerate(lines):
            more_lines = li + 1 < len(lines)
            listed = list_row(line) if builder.column == "function" or not builder.current else None
            if listed:  # "Anne Martin, directrice de l'Agence X": a whole row on its own
                builder.close()
                builder.rows.append(AnnexRow(*listed, seqs=[seq], name_seq=seq))
            elif builder.current is None:
                builder.start(split_line(line), seq)
            elif li == 0:
                if builder.column == "org":
                    _first_name_left_on_structure(builder, line, more_lines)
                    builder.add(seq, **vars(_split_in_name_column(line)))
                elif builder.column == "name" and _name_continues(
                        line, builder.current.name, more_lines):
                    builder.add(seq, name=line.split())
                elif builder.column == "name":
                    builder.add(seq, function=line.split())
                else:
                    builder.start(split_line(line), seq)
            elif builder.column == "org":
                builder.add(seq, org=line.split())
            elif builder.column == "name":
                builder.add(seq, **vars(_split_in_name_column(line)))
            else:
                _within_function(builder, line, seq, next_first)
    builder.close()
    return builder.rows


def _first_name_left_on_structure(builder: _Builder, line: str, more_lines: bool) -> None:
    """"Org Paulette" ⏎⏎ "Dumas" ⏎ "Directrice": a lone surname, then the function, shows
    that the structure's line ended with the first name (even one not in the vocabulary)."""
    assert builder.current is not None
    tokens = line.split()
    org_tokens = " ".join(builder.current.org).split()
    if len(tokens) != 1 or not more_lines or len(org_tokens) < 2:
        return
    last = org_tokens[-1]
    if people.is_first_name(tokens[0]) or not people.is_name_token(last) \
            or not people.is_name_token(tokens[0]):
        return
    rest = builder.current.org[-1].rsplit(None, 1)
    if len(rest) > 1:
        builder.current.org[-1] = rest[0]
    else:
        builder.current.org.pop()
    builder.current.name.append(last)


def _within_function(builder: _Builder, line: str, seq: int, next_first: str | None) -> None:
    """A line after a row's function, in the same block: more function, or a new row."""
    if not line[:1].isupper() and not line[:1].isdigit():
        builder.add(seq, function=line.split())
        return
    parts = split_line(line)
    if parts.name:
        builder.start(parts, seq)
    elif _name_like(next_first):
        builder.start(_Parts(org=line.split()), seq)
    else:
        builder.add(seq, function=line.split())


_CACHE: list[tuple[Segmented, list[AnnexRow]]] = []


def annex_rows(segmented: Segmented) -> list[AnnexRow]:
    """`parse_annex`, computed once per segmented document (actors and roles both need it)."""
    for seen, rows in _CACHE:
        if seen is segmented:
            return rows
    rows = parse_annex(segmented)
    _CACHE[:] = [(segmented, rows)]
    return rows
