"""Extraction of funding: every amount of the document as a record, with its receiver and giver.

Each amount is read in its sentence: the structure it belongs to (named, "la structure", "le
GIE", the section's subject), the funder ("financé par X", "de l'État", "X et Y … chacun",
"respectivement"), its kind and period. Shares ("X (70 %)", "dont 80 % de subventions",
"à 30 % par X") become amounts when the whole is known. Doubtful readings are flagged.
"""

from __future__ import annotations

from bisect import bisect_left

from grappe.importer.amounts import find_amounts
from grappe.importer.extract.evidence import sentence_spans
from grappe.importer.extract.funding_context import SectionContext
from grappe.importer.extract.funding_mentions import Mention, MentionFinder
from grappe.importer.extract.funding_parts import DEDUCED, Placed, assign_parts
from grappe.importer.extract.funding_records import Reading, make_fact
from grappe.importer.extract.funding_sentence import SentenceReader
from grappe.importer.extract.funding_shares import share_records
from grappe.importer.extract.funding_tables import table_records
from grappe.importer.extract.keyword_gate import folded_passage
from grappe.importer.facts import Facts, FundingFact
from grappe.importer.segment import Segmented

_PROSE = ("paragraph", "bullet", "footnote", "annex")


def extract(document_id: str, segmented: Segmented, so_far: Facts) -> Facts:
    """Return the funding facts of one document."""
    finder = MentionFinder(so_far)
    context = SectionContext(finder)
    facts = Facts()
    for seq, passage in enumerate(segmented.passages):
        if passage.kind in ("heading", "subheading"):
            context.enter_heading(passage)
            if find_amounts(passage.text):  # rare: "Un budget de 3 M€ pour le pôle"
                facts.funding.extend(_passage_records(document_id, segmented, seq, context))
        elif passage.kind == "table":
            facts.funding.extend(table_records(document_id, segmented, seq, context))
        elif passage.kind in _PROSE:
            facts.funding.extend(_passage_records(document_id, segmented, seq, context))
    return facts


def _passage_records(document_id: str, segmented: Segmented, seq: int,
                     context: SectionContext) -> list[FundingFact]:
    text = segmented.passages[seq].text
    # Links lowered every paragraph for its word gates (kept per text): no second lower().
    amounts = find_amounts(text, lowered=folded_passage(text))
    if not amounts:
        context.remember(text, None, None)  # names are looked for later, only if needed
        return []
    mentions = context.finder.find(text)
    records: list[FundingFact] = []
    passage_recent: Mention | None = None
    last_recipient: Mention | None = None
    footnote = segmented.passages[seq].kind == "footnote"  # read out of the flow of its section
    mention_starts = [m.start for m in mentions]
    amount_starts = [a.start for a in amounts]
    placed: list[Placed] = []
    for sentence, (start, end) in enumerate(sentence_spans(text)):
        # Both lists are in text order: slicing keeps a long paragraph linear, not quadratic.
        inside = mentions[bisect_left(mention_starts, start):bisect_left(mention_starts, end)]
        sentence_amounts = amounts[bisect_left(amount_starts, start):bisect_left(amount_starts, end)]
        reader = SentenceReader(text, start, end, inside, sentence_amounts, context,
                                passage_recent, footnote)
        readings = reader.read()
        for reading in readings:
            for funder in ([None] if reading.threshold else reading.funders or [None]):
                fact = make_fact(document_id, segmented, seq, reading, funder)
                records.append(fact)
                placed.append(Placed(fact, reading, sentence))
        for fact in share_records(document_id, segmented, seq, text, start, end, inside,
                                  readings):
            records.append(fact)
            placed.append(Placed(fact, _whole_of(fact, readings), sentence, share=True))
        subject = reader.subject_of_sentence()
        resolved = [r.recipient for r in readings if r.recipient is not None]
        passage_recent = resolved[-1] if resolved else (subject or passage_recent)
        last_recipient = resolved[-1] if resolved else last_recipient
    if not footnote:
        context.remember(text, mentions, last_recipient)
    assign_parts(text, placed, document_id, seq)
    return records


def _whole_of(share: FundingFact, readings: list[Reading]) -> Reading:
    """The reading a share was computed from (its group ends with that amount's position)."""
    position = (share.group or "").removesuffix(DEDUCED).rsplit(":", 1)[-1]
    found = [r for r in readings if str(r.amount.start) == position]
    return found[0] if found else readings[0]

