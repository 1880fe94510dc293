"""Strategic domains (DAS) and the clusters each concerns, from flattened correspondence tables.

In these tables the domain label of a row is often vertically centred among its clusters,
so the flattened lines only say for sure that a cluster belongs to a label written on the
same line. A cluster on a line without a label is given to the label read just before it
(or the first one) and that membership is marked uncertain, never silently picked.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from grappe.importer.extract import tables
from grappe.importer.extract.names import STOPWORDS, fold_token, folded_words
from grappe.importer.extract.registry import Registry
from grappe.importer.segment import Passage
from grappe.importer.vocab import load_vocabulary

_VOCAB = load_vocabulary("clusters")
_HEADER_END = re.compile(r"\(\d+\)\s*$")
_NOT_A_DOMAIN = frozenset(_VOCAB["not_a_domain"])
_COUNTS_IN_BRACKETS = re.compile(r"\(\s*[\d.,]*\s*(?:ETP)?\s*\)?|\(\d{4}\)|[*?]")
_STAFF = re.compile(r"\b\d+(?:[.,]\d+)?\s*ETP\)?|\bETP\)")
_LABEL_BEFORE_ACRONYM = re.compile(r"(?:^|[ \t])([A-ZÀ-Ý][\w’'\-]+) \($")


@dataclass
class Domain:
    """A domain label with its clusters: (key, certain) in reading order."""

    name: str
    quote: str
    clusters: list[tuple[str, bool]] = field(default_factory=list)


def is_domain_table(passage: Passage) -> bool:
    lines = tables.body_lines(passage)
    return bool(lines) and any(w in _VOCAB["domain_header"] for w in folded_words(lines[0]))


def read_domains(passage: Passage, registry: Registry) -> list[Domain]:
    """Domain rows of one table, each with the clusters it can be given."""
    lines = tables.body_lines(passage)
    header = max((i for i, line in enumerate(lines[:8]) if _HEADER_END.search(line)), default=None)
    if header is None:  # no "(N)" closing the header: its cells are the lines naming no cluster
        header = next((i for i, line in enumerate(lines) if tables.fte_cells(line)
                       or registry.index.find(line, require_type=False)), 0) - 1
    body = lines[header + 1 :]
    text = "\n".join(body)
    items: list[tuple[int, str, str]] = []  # (line, "label"|"cluster", text or key)

    def labels_between(start: int, end: int) -> None:
        for offset, chunk in _line_chunks(text, start, end):
            line = header + 1 + text.count("\n", 0, offset)
            items.extend((line, "label", piece) for piece in _labels(chunk))

    cursor = 0
    for mention in _cluster_mentions(text, registry):
        labels_between(cursor, mention.start)
        items.append((header + 1 + text.count("\n", 0, mention.start), "cluster", mention.key))
        cursor = mention.end
    labels_between(cursor, len(text))
    items = _join_wrapped_labels(items)
    domains: list[Domain] = []
    pending: list[tuple[int, str]] = []
    for number, what, value in items:
        if what == "label":
            domains.append(Domain(value, lines[number]))
            for line_of, key in pending:  # clusters read before the first label
                domains[-1].clusters.append((key, False))
            pending = []
            continue
        labels_here = [d for d in domains if d.quote == lines[number]]
        if labels_here:
            labels_here[-1].clusters.append((value, True))
        elif domains:
            domains[-1].clusters.append((value, False))
        else:
            pending.append((number, value))
    return [d for d in domains if d.name]


def _cluster_mentions(line: str, registry: Registry) -> list:
    """Names in a row: PC and grappes written with a capital; a PE only before its ETP or `*`."""
    kept = []
    for mention in registry.index.find(line, require_type=False):
        kind = registry.by_key[mention.key].kind
        after = line[mention.end :].lstrip(" )")
        if kind == "PE" and not (after.startswith("*") or tables.fte_cells(after[:12])):
            continue
        if not line[mention.start : mention.start + 1].isupper():
            continue
        window = max(0, mention.start - 40)
        label = _LABEL_BEFORE_ACRONYM.search(line[window : mention.start])
        if label and line[mention.end : mention.end + 1] == ")":
            # "Numérique (PRN)": the cell's word before the acronym is the cluster's label.
            mention = replace(mention, start=window + label.start(1))
        kept.append(mention)
    return kept


def _line_chunks(text: str, start: int, end: int) -> list[tuple[int, str]]:
    """The pieces of text[start:end] on each line, with their offsets."""
    chunks, position = [], start
    for piece in text[start:end].split("\n"):
        chunks.append((position, piece))
        position += len(piece) + 1
    return chunks


def _labels(text: str) -> list[str]:
    cleaned = _COUNTS_IN_BRACKETS.sub(" ", text)
    cleaned = _STAFF.sub(" ", cleaned)
    piece = " ".join(cleaned.split()).strip(" ,;()")
    words = list(folded_words(piece))
    if not words or not any(ch.isalpha() for ch in piece) or words[0] in _NOT_A_DOMAIN:
        return []
    return [piece]


def _join_wrapped_labels(items: list[tuple[int, str, str]]) -> list[tuple[int, str, str]]:
    """`Bâtiment et éco-` + `construction`: a label continued on the next line is one label."""
    out: list[tuple[int, str, str]] = []
    for number, what, value in items:
        if what == "label" and out and out[-1][1] == "label" and out[-1][0] == number - 1 and (
            value[:1].islower() or out[-1][2].endswith(("-", ","))
            or fold_token(out[-1][2].split()[-1]) in STOPWORDS
        ):
            previous = out[-1][2]
            joined = previous + value if previous.endswith("-") and value[:1].islower() else f"{previous} {value}"
            out[-1] = (number, "label", joined)
        else:
            out.append((number, what, value))
    return out


def domain_name(label: str) -> str:
    """`- Santé, nutrition alimentation` → `Santé, nutrition alimentation`."""
    return label.lstrip("-–— ").strip()
