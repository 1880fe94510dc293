"""Amounts in flattened tables: each row's label receives, a header row of funders gives.

A table whose caption, or the sentence announcing it, says "en k€" has its bare numbers read
in thousands of euros. Tables that are not about money (key figures of a region) still yield
their amounts, with no recipient.
"""

from __future__ import annotations

import re

from grappe.importer.amounts import find_amounts, table_scale
from grappe.importer.extract import funding_words as words
from grappe.importer.extract.funding_context import SectionContext
from grappe.importer.extract.funding_mentions import VOCAB, Mention, MentionFinder
from grappe.importer.extract.funding_records import Reading, make_fact
from grappe.importer.facts import FundingFact
from grappe.importer.keys import slug
from grappe.importer.segment import Segmented

_GENERIC = {w.casefold() for w in VOCAB["stop_words"]} | {
    w.casefold() for t in VOCAB["typed_words"] for w in re.split(r"[\s’']+", t)
}
_MONEY_KINDS = {"budget", "subvention", "capital", "fonds", "cotisation", "investissement"}
_TOTAL = re.compile(r"^\s*(?:sous-)?total\b", re.IGNORECASE)
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")


def label_mention(label: str, finder: MentionFinder) -> Mention | None:
    """The structure a row or list label names: a known or typed name, or the label if a name."""
    label = label.strip(" -–:;()")
    found = finder.find(label)
    if found and all(m.funder for m in found):
        return None  # "Etat : 90 k€" names who gives, not who receives
    found = [m for m in found if not m.funder]
    if found:
        return found[-1]
    meaningful = [w for w in re.split(r"[\s’']+", label) if w and w.casefold() not in _GENERIC]
    if not label or not meaningful or not label[:1].isupper():
        return None
    if all(w[:1].islower() for w in meaningful):
        return None
    known = finder.lookup(label)
    if known:
        return Mention(0, len(label), label, known.key, known.name, known.entity_type, known.funder)
    return Mention(0, len(label), label, slug(label), label, None, False)


def table_records(document_id: str, segmented: Segmented, seq: int,
                  context: SectionContext) -> list[FundingFact]:
    """One FundingFact per amount of a table passage."""
    lines = segmented.passages[seq].text.split("\n")
    caption = lines[0]
    scale = table_scale(segmented.passages[seq].text)  # the caption or a line says "en k€"
    if scale == 1:
        scale = table_scale(context.previous_text)  # or the sentence announcing it
    if not find_amounts(segmented.passages[seq].text, bare_scale=scale if scale > 1 else None):
        return []
    financial = scale > 1 or words.first_kind(caption) in _MONEY_KINDS
    year = _YEAR.search(caption)
    kind = (words.first_kind(caption) or "subvention") if financial else "autre"
    header: list[Mention] = []
    header_total = False
    pending_label, label_line = "", 0
    records: list[FundingFact] = []
    for amount in find_amounts(caption):  # "Tableau 4- Financements : total 12 M€"
        caption_kind = "total" if re.search(r"\btotal\b", caption, re.IGNORECASE) else kind
        reading = Reading(amount, None, [], caption_kind, year.group(0) if year else None)
        records.append(make_fact(document_id, segmented, seq, reading, None, quote=caption))
    for number, line in enumerate(lines[1:], start=1):
        amounts = find_amounts(line, bare_scale=scale if scale > 1 else None)
        if not amounts:
            year = _YEAR.search(line) or year  # "Budget 2012" heading a column
            givers = [m for m in context.finder.find(line) if m.funder]
            if len(givers) >= 2:
                header, header_total = givers, bool(re.search(r"\btotal\b", line, re.IGNORECASE))
            elif line.strip():
                pending_label, label_line = line, number
            continue
        own_label = line[: amounts[0].start].strip()
        if own_label:
            pending_label, label_line = own_label, number
        label = pending_label  # cells flattened one per line keep the label of their row
        quote = "\n".join(lines[label_line : number + 1]) if number - label_line < 6 else line
        total_row = bool(_TOTAL.match(label))
        recipient = label_mention(label, context.finder) if financial and not total_row else None
        columns = len(amounts) in (len(header), len(header) + int(header_total)) and bool(header)
        # A row with one cell per funder and its total: the total is the whole, the cells its parts.
        with_total = columns and header_total and len(amounts) == len(header) + 1
        for index, amount in enumerate(amounts):
            funder = header[index] if columns and index < len(header) else None
            row_kind = "total" if total_row or (columns and index >= len(header)) else kind
            row_year = _YEAR.search(line) or year
            period = row_year.group(0) if row_year else None
            reading = Reading(amount, recipient, [], row_kind, period)
            record = make_fact(document_id, segmented, seq, reading, funder, quote=quote)
            if with_total:
                record.role = "whole" if index == len(header) else "part"
                record.group = f"{document_id}:{seq}:row{number}"
            records.append(record)
    return records
