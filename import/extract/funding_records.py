"""One amount as read in its context, and the FundingFact it becomes with its evidence."""

from __future__ import annotations

from dataclasses import dataclass

from grappe.importer.amounts import Amount
from grappe.importer.extract.evidence import cite
from grappe.importer.extract.funding_mentions import Mention
from grappe.importer.facts import FundingFact
from grappe.importer.segment import Segmented


@dataclass
class Reading:
    """One amount as read in its sentence or table row, before it becomes a FundingFact."""

    amount: Amount
    recipient: Mention | None
    funders: list[Mention]
    kind: str
    period: str | None
    uncertain: bool = False
    threshold: bool = False  # a bracket of turnover, not money given or received


def make_fact(document_id: str, segmented: Segmented, seq: int, reading: Reading,
              funder: Mention | None, *, amount_text: str | None = None, eur: float | None = None,
              position: int | None = None, quote: str | None = None,
              uncertain: bool | None = None) -> FundingFact:
    """A FundingFact citing the sentence (or the given quote) of passage `seq`."""
    recipient = reading.recipient
    where = None if quote else (reading.amount.start if position is None else position)
    return FundingFact(
        amount_text=amount_text or reading.amount.text,
        kind=reading.kind,
        amount_eur=reading.amount.eur if eur is None else eur,
        recipient_key=recipient.key if recipient else None,
        recipient_type=recipient.entity_type if recipient else None,
        recipient_name=recipient.name if recipient else None,
        funder_key=funder.key if funder else None,
        funder_name=funder.name if funder else None,
        period=reading.period,
        uncertain=reading.uncertain if uncertain is None else uncertain,
        evidence=[cite(document_id, segmented, seq, position=where, quote=quote)],
    )
