"""Shares of a whole become amounts: "un capital de 1,5 M€ … X (70 %)", "dont 80 % de
subventions", "assuré à 40 % par X, à 30 % par Y (qui finançait 450 k€)".

A share is computed only when the whole is stated; a whole deduced from another share's amount
is flagged uncertain, and so is a share given jointly by several funders.
"""

from __future__ import annotations

import re

from grappe.importer.extract import funding_words as words
from grappe.importer.extract.funding_mentions import Mention
from grappe.importer.extract.funding_parts import DEDUCED
from grappe.importer.extract.funding_records import Reading, make_fact
from grappe.importer.facts import FundingFact
from grappe.importer.segment import Segmented

_PERCENT = r"(?P<pct>\d+(?:,\d+)?)\s?%"
# "X (70 %)", "X à hauteur de 70 %", "X pour 70 %"
_AFTER_NAME = re.compile(
    r"\s*(?:\(\s*|(?:à hauteur de|pour)\s+)(?P<pct>\d+(?:,\d+)?)\s?%(?:\s*\))?", re.IGNORECASE
)
# "à 40 % par X", "40 % apportés par X"
_BY_NAME = re.compile(
    rf"{_PERCENT}\s+(?:[^\W\d_]+\s+){{0,3}}par\s+(?:l['’]\s?|la\s+|le\s+|les\s+|des\s+)?$",
    re.IGNORECASE,
)
# "dont 80 % de subventions", "dont 60 % de fonds publics"
_OF_WHICH = re.compile(
    rf"\bdont\s+{_PERCENT}\s+(?:de\s+|d['’]\s?)(?P<word>[\w’']+(?:\s+[\w’']+){{0,2}})",
    re.IGNORECASE,
)
_JOINED_BEFORE = re.compile(r"^\s*et\s+(?:l['’]\s?|la\s+|le\s+|les\s+)?$")


def gives_a_share(text: str, mention: Mention) -> bool:
    """True when a name comes with a percentage ("X (70 %)", "à 40 % par X"): a share's giver."""
    return bool(_AFTER_NAME.match(text, mention.end)) or bool(
        _BY_NAME.search(text, max(0, mention.start - 40), mention.start))


def _pct(text: str) -> float:
    return float(text.replace(",", ".")) / 100


def share_records(document_id: str, segmented: Segmented, seq: int, text: str, start: int,
                  end: int, mentions: list[Mention], readings: list[Reading]) -> list[FundingFact]:
    """FundingFacts for the shares of one sentence whose whole is known."""
    wholes = [r for r in readings if not r.threshold]
    records: list[FundingFact] = []

    def whole_before(position: int) -> Reading | None:
        found = [r for r in wholes if r.amount.end <= position]
        return found[-1] if found else None

    def add(whole: Reading, pct_text: str, funder: Mention | None, kind: str, position: int,
            uncertain: bool, total: float | None = None) -> None:
        share = Reading(whole.amount, whole.recipient, [], kind, whole.period, whole.uncertain)
        base = whole.amount.eur if total is None else total
        of = whole.amount.text if total is None else f"{_french(total)} € (déduit)"
        record = make_fact(document_id, segmented, seq, share, funder,
                           eur=base * _pct(pct_text), position=position,
                           amount_text=f"{pct_text} % de {of}",
                           uncertain=uncertain or whole.uncertain)
        # A part of the stated whole, or of a whole deduced from `whole`, itself then a part.
        record.role = "part"
        record.group = f"{document_id}:{seq}:{whole.amount.start}" + ("" if total is None else DEDUCED)
        records.append(record)

    for index, mention in enumerate(mentions):  # "X (70 %)"
        match = _AFTER_NAME.match(text, mention.end, end)
        whole = whole_before(mention.start) if match else None
        if whole is None or match is None:
            continue
        previous = mentions[index - 1] if index else None
        joint = (previous is not None and previous.end > whole.amount.end
                 and bool(_JOINED_BEFORE.search(text[previous.end : mention.start])))
        kind = words.first_kind(text[whole.amount.end : mention.start]) or whole.kind
        add(whole, match.group("pct"), None if joint else mention, kind, mention.start, joint)

    by_name = []  # "à 30 % par X"
    for mention in mentions:
        match = _BY_NAME.search(text, max(start, mention.start - 30), mention.start)
        if match:
            by_name.append((match.group("pct"), mention, match.start()))
    whole = whole_before(by_name[0][2]) if by_name else None
    total: float | None = None
    if by_name and whole is None:  # the whole deduced from a share whose amount is given
        for pct_text, mention, _ in by_name:
            paid = [r for r in wholes if any(f.key == mention.key for f in r.funders)]
            if paid:
                whole, total = paid[0], paid[0].amount.eur / _pct(pct_text)
                break
    for pct_text, mention, _ in by_name if whole is not None else []:
        if total is not None and any(f.key == mention.key for f in whole.funders):
            continue  # that share is the stated amount itself
        kind = whole.kind if whole.kind == "capital" else "subvention"  # "assuré à 40 % par X"
        add(whole, pct_text, mention, kind, mention.start, total is not None, total)

    for match in _OF_WHICH.finditer(text, start, end):  # "dont 80 % de subventions"
        whole = whole_before(match.start())
        if whole is not None:
            kind = words.kind_word(match.group("word")) or whole.kind
            add(whole, match.group("pct"), None, kind, match.start(), False)
    return records


def _french(value: float) -> str:
    return f"{value:,.0f}".replace(",", " ")
