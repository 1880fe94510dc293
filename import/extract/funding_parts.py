"""Wholes and their parts in one passage, so that no total counts a budget and its shares twice.

"Le budget de 385 000 €, est financé par X et Y à hauteur de 93 800 € chacun, … les 132 400 €
restants par Z": the budget is a whole, each funder's amount a part of it. A budget or capital
opens a whole; the amounts that follow it in its sentence or the next one, for the same
recipient, given by a named funder, introduced by "dont" or "restants", or computed as a share,
are its parts as long as they add up to no more than the whole (with a margin for "environ").
Fees of a scale ("150 € … 1000 € … selon le chiffre d'affaires") and turnover brackets are
levels, not money received.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from grappe.importer.extract.funding_records import Reading
from grappe.importer.facts import FundingFact

WHOLE_KINDS = {"budget", "capital"}
_MARGIN = 1.1  # "environ 1 M€" parts may overshoot a whole a little
_DONT = re.compile(r"\bdont\s*$", re.IGNORECASE)
_REMAINING_AFTER = re.compile(r"^\s*(?:€\s*)?restants?\b", re.IGNORECASE)
_REMAINING_BEFORE = re.compile(r"\b(?:le\s+reste|les|reste)\s*$", re.IGNORECASE)
DEDUCED = ":déduit"


@dataclass
class Placed:
    """One fact of the passage with the reading it came from and its sentence's index."""

    fact: FundingFact
    reading: Reading
    sentence: int
    share: bool = False  # computed by funding_shares from a whole's percentage


def group_id(document_id: str, seq: int, reading: Reading) -> str:
    """The group a whole names: its document, passage and position, stable across imports."""
    return f"{document_id}:{seq}:{reading.amount.start}"


def assign_parts(text: str, placed: list[Placed], document_id: str, seq: int) -> None:
    """Set role and group on the facts of one passage (in reading order)."""
    _mark_levels(placed)
    _mark_deduced_wholes(placed, document_id, seq)
    whole: list[Placed] = []  # the facts of the open whole's reading
    whole_group, whole_sentence, parts_sum = "", -1, 0.0
    for item in placed:
        fact, reading = item.fact, item.reading
        if fact.role == "level" or (fact.role == "part" and not item.share):
            continue
        if whole and item.sentence > whole_sentence + 1:
            whole = []
        if item.share:
            if whole and fact.group == whole_group:
                parts_sum += fact.amount_eur or 0.0
                for own in whole:
                    own.fact.role, own.fact.group = "whole", whole_group
            continue
        if whole and fact.amount_eur is not None and _same_recipient(whole[0].fact, fact) \
                and reading is not whole[0].reading \
                and _is_part(text, reading, whole[0].reading) and parts_sum + fact.amount_eur <= whole_amount(whole) * _MARGIN:
            parts_sum += fact.amount_eur
            fact.role, fact.group = "part", whole_group
            for own in whole:
                own.fact.role, own.fact.group = "whole", whole_group
            continue
        if reading.kind in WHOLE_KINDS and fact.recipient_key and fact.amount_eur \
                and not (whole and reading is whole[0].reading):
            whole = [p for p in placed if p.reading is reading and not p.share]
            whole_group, whole_sentence, parts_sum = group_id(document_id, seq, reading), item.sentence, 0.0


def whole_amount(whole: list[Placed]) -> float:
    return whole[0].fact.amount_eur or 0.0


def _same_recipient(a: FundingFact, b: FundingFact) -> bool:
    return a.recipient_key is not None and a.recipient_key == b.recipient_key


def _is_part(text: str, reading: Reading, whole: Reading) -> bool:
    """Given by a named funder (a subsidy, or a contribution of the whole's own kind: "un
    capital de 2 M€ … respectivement 1,2 M€ et 800 k€"), "dont X", or "les X restants"."""
    amount = reading.amount
    before = text[max(0, amount.start - 12) : amount.start]
    after = text[amount.end : amount.end + 15]
    if _DONT.search(before) or _REMAINING_AFTER.match(after) or _REMAINING_BEFORE.search(before):
        return True
    return bool(reading.funders) and (reading.kind not in WHOLE_KINDS or reading.kind == whole.kind)


def _mark_levels(placed: list[Placed]) -> None:
    """Turnover brackets, and fees of a sentence giving a scale of them, are levels."""
    by_sentence: dict[int, list[Placed]] = {}
    for item in placed:
        by_sentence.setdefault(item.sentence, []).append(item)
    for items in by_sentence.values():
        thresholds = any(i.reading.threshold for i in items)
        fees = [i for i in items if i.reading.kind == "cotisation" and not i.share]
        scale = len({i.reading.amount.start for i in fees}) >= 2 or (fees and thresholds)
        for item in items:
            if item.reading.threshold or (scale and item in fees):
                item.fact.role = "level"


def _mark_deduced_wholes(placed: list[Placed], document_id: str, seq: int) -> None:
    """A share whose whole was deduced from another amount ("à 30 % par X (qui finançait
    450 k€)"): that amount is a part of the same unstated whole."""
    for item in placed:
        if item.share and item.fact.group and item.fact.group.endswith(DEDUCED):
            for own in placed:
                if not own.share and own.reading is not None \
                        and group_id(document_id, seq, own.reading) + DEDUCED == item.fact.group:
                    own.fact.role, own.fact.group = "part", item.fact.group
