"""Reading one sentence's amounts: who receives each, who gives it, what kind, for when.

Each amount is read against what precedes and follows it in its sentence, then against the
sentences before it in its passage, the paragraphs before it in its subsection and the
structure the section is about. A doubtful attribution is flagged, never silently guessed.
"""

from __future__ import annotations

import re

from grappe.importer.amounts import Amount
from grappe.importer.extract import funding_words as words
from grappe.importer.extract.funding_context import SectionContext
from grappe.importer.extract.funding_mentions import VOCAB, Mention, funder_cued
from grappe.importer.extract.funding_records import Reading
from grappe.importer.extract.funding_shares import gives_a_share
from grappe.importer.extract.funding_tables import label_mention

_ARTICLE = r"(?:l['’]\s?|la\s+|le\s+|les\s+)"
_PAYER = re.compile(r"\b(?:" + "|".join(VOCAB["payer_verbs"]) + r")\b", re.IGNORECASE)
# "… 1,3 M€ pour la Région", "… 500 k€ du FEDER", "… 200 k€ par l'Etat"
_AFTER_CUE = re.compile(
    r"\s*(?P<cue>pour|par|de la part d[eu]|du|des|de)\s*"
    r"(?:l['’]\s?|la\s+|le\s+|les\s+|des\s+|du\s+)?",
    re.IGNORECASE,
)
# "… 500 k€ au pôle X", "… accordée par Y à la grappe X"
_TO = re.compile(
    r"\b(?:au|aux|à la|à l['’]|à|pour le|pour la|pour l['’])\s*"
    r"(?:(?:pôle|grappe|cluster|club|association|structure)"
    r"(?:\s+d['’]\s?\w+|\s+de\s+\w+)?\s+)?(?:«\s*)?$",
    re.IGNORECASE,
)
_OWN_AMOUNT = re.compile(r"\s*\([^()]{0,30}$")  # "à 30 % par X (qui finançait 450 k€)"
_WITH = re.compile(r"\s*,?\s*chacune?\s+avec\s+" + _ARTICLE + "?", re.IGNORECASE)
_JOINED = re.compile(r"^\s*(?:et|,)\s*" + _ARTICLE + "?$")

Attribution = tuple[Mention | None, bool, Mention | None]  # recipient, doubtful, payer


class SentenceReader:
    """Reads the amounts of one sentence in order, each against what precedes and follows it."""

    def __init__(self, text: str, start: int, end: int, mentions: list[Mention],
                 amounts: list[Amount], context: SectionContext,
                 passage_recent: Mention | None, footnote: bool = False) -> None:
        self.text, self.start, self.end = text, start, end
        self.mentions, self.amounts, self.context = mentions, amounts, context
        self.passage_recent = passage_recent
        self.footnote = footnote
        self.respective: dict[int, Mention] = {}
        self.funder_positions: set[int] = set()

    def is_giver(self, mention: Mention) -> bool:
        return (mention.funder or funder_cued(self.text, mention)
                or mention.start in self.funder_positions)

    def subject_of_sentence(self) -> Mention | None:
        return self._subject(self.start, self.end)

    def read(self) -> list[Reading]:
        funders = [self._funders(i) for i in range(len(self.amounts))]
        for found in funders:
            self.funder_positions.update(m.start for m in found)
        readings: list[Reading] = []
        previous: Reading | None = None
        previous_end = self.start
        for index, amount in enumerate(self.amounts):
            sentence = self.text[self.start : self.end]
            if words.is_threshold(sentence, amount.start - self.start):
                period = words.period_of(sentence, amount, self.start)
                readings.append(Reading(amount, None, [], "chiffre d'affaires", period,
                                        threshold=True))
                previous_end = amount.end
                continue
            recipient, uncertain, payer = self._recipient(amount, previous)
            uncertain = uncertain or self._several_named_after(amount)
            kind = (words.kind_after(self.text, amount)
                    or words.kind_in_clause(self.text, previous_end, amount)
                    or (previous.kind if previous else None)
                    or words.first_kind(self.text[self.start : amount.start])
                    or words.first_kind(sentence) or "autre")
            following = self.amounts[index + 1].start if index + 1 < len(self.amounts) else self.end
            window = (previous_end - self.start, following - self.start)
            period = (words.period_of(sentence, amount, self.start, window)
                      or (previous.period if previous else None))
            givers = [payer] if payer else funders[index]
            if kind == "autre" and givers:
                kind = "subvention"  # money from a named funder, with no other word for it
            reading = Reading(amount, recipient, givers, kind, period, uncertain)
            readings.append(reading)
            previous_end, previous = amount.end, reading
        return readings

    def _funders(self, index: int) -> list[Mention]:
        amount = self.amounts[index]
        window_start = self.amounts[index - 1].end if index else self.start
        after = _AFTER_CUE.match(self.text, amount.end, min(self.end, amount.end + 40))
        if after:
            named = [m for m in self.mentions if m.start == after.end()]
            if named and (named[0].funder or after.group("cue").casefold().startswith("par")):
                return named[:1]
        position = words.respectively_before(self.text, amount)
        if position is not None:
            self._assign_respectively(index, position)
        if index in self.respective:
            return [self.respective[index]]
        before = [m for m in self.mentions
                  if window_start <= m.start < amount.start and self.is_giver(m)
                  and (not gives_a_share(self.text, m)
                       or _OWN_AMOUNT.match(self.text, m.end, amount.start))]
        if words.for_each(self.text, amount):  # "X et Y … 93 800 € chacun", "… chacun avec Y"
            joined = _WITH.match(self.text, amount.end, min(self.end, amount.end + 40))
            partner = [m for m in self.mentions if joined and m.start == joined.end()]
            if before + partner:
                return before + partner
        if before:
            return before[-1:]
        if index == len(self.amounts) - 1:  # "… apportés par les entreprises": one giver after
            givers = [m for m in self.mentions if amount.end <= m.start and self.is_giver(m)
                      and not gives_a_share(self.text, m)]
            if len({m.key for m in givers}) == 1 and funder_cued(self.text, givers[0]):
                return givers[:1]
        return []

    def _assign_respectively(self, index: int, position: int) -> None:
        """Pair "respectivement A et B" with the last "X et Y" named before it."""
        before = [m for m in self.mentions if m.start < position]
        groups: list[list[Mention]] = []
        for mention in before:
            if groups and _JOINED.match(self.text[groups[-1][-1].end : mention.start]):
                groups[-1].append(mention)
            else:
                groups.append([mention])
        joined = [g for g in groups if len(g) >= 2]
        if not joined:
            return
        for offset, mention in enumerate(joined[-1]):
            if index + offset < len(self.amounts):
                self.respective[index + offset] = mention

    def _recipient(self, amount: Amount, previous: Reading | None) -> Attribution:
        """Who receives the amount, whether that is doubtful, and who pays (payer verbs)."""
        label = self._label(amount)
        if label is not None:
            return label
        named_fund = [m for m in self.mentions
                      if 0 <= amount.start - m.end <= 3 and words.names_a_fund(m.name)
                      and self.text[m.end : amount.start].strip() == "("]
        if named_fund:
            return named_fund[0], False, None
        verb = _PAYER.search(self.text, self.start, amount.start)
        if verb:  # "X, membre du pôle Y, paie une cotisation …", "X paie … à Y": X pays Y
            colon = max(self.text.rfind(c, self.start, verb.start()) for c in ":;")
            clause_start = max(self.start, colon + 1)
            named = [m for m in self.mentions
                     if clause_start <= m.start < self.end and not m.funder]
            if len({m.key for m in named}) >= 2:
                payer = named[0]
                paid = min((m for m in named if m.key != payer.key),
                           key=lambda m: abs(m.start - amount.start))
                return paid, False, payer
        receiver = self._receiver_after(amount)
        if receiver is not None:
            return receiver, False, None
        subject = self._subject(self.start, amount.start)
        if subject is not None:
            return subject, False, None
        if previous is not None and previous.recipient is not None:
            return previous.recipient, previous.uncertain, None
        if self.passage_recent is not None:
            return self.passage_recent, False, None
        topic = self.context.topic()
        recent = None if self.footnote else self.context.recent
        if recent is not None and (topic is None or recent.key != topic.key):
            return recent, True, None  # named in an earlier paragraph of the subsection
        return topic, False, None

    def _several_named_after(self, amount: Amount) -> bool:
        """ "250 k€ (X et Y)": several structures may share the amount, so it is doubtful."""
        opening = self.text.find("(", amount.end, min(self.end, amount.end + 3))
        closing = self.text.find(")", opening) if opening >= 0 else -1
        inside = {m.key for m in self.mentions if opening < m.start < closing and not m.funder}
        return len(inside) >= 2

    def _receiver_after(self, amount: Amount) -> Mention | None:
        """A structure named after the amount, in its clause, as its receiver ("… au pôle X")."""
        stops = [self.text.find(c, amount.end, self.end) for c in ",;"]
        following = [a.start for a in self.amounts if a.start > amount.start]
        clause_end = min([s for s in stops if s >= 0] + following + [self.end])
        for mention in self.mentions:
            if amount.end <= mention.start < clause_end and not self.is_giver(mention):
                if _TO.search(self.text, max(amount.end, mention.start - 45), mention.start):
                    return mention
        return None

    def _subject(self, start: int, end: int) -> Mention | None:
        """The first structure named (or designated: "la SPL", "le GIE") between start and end."""
        named = next((m for m in self.mentions
                      if start <= m.start < end and not self.is_giver(m)
                      and (m.source != "run" or len(self.text[self.start : m.start].split()) <= 3)),
                     None)
        anaphor = self.context.anaphor(self.text, start, end)
        if anaphor is None or anaphor[1] is None:
            return named
        if named is None or anaphor[0] < named.start:
            return anaphor[1]
        return named

    def _label(self, amount: Amount) -> Attribution | None:
        """ "X : 140 k€" lists: X receives; a generic label ("événement") takes the item's."""
        before = self.text[self.start : amount.start]
        if not before.rstrip().endswith(":"):
            return None
        item_start = max(before.rfind(c) for c in (" - ", "\n", ") :", "(", ".", ","))
        item = before[item_start + 1 :] if item_start >= 0 else before
        parts = [p.strip(" -;") for p in re.split(r"[:;]", item)][:-1]
        if not parts or len(parts[-1].split()) > 6:
            return None
        item_offset = self.start + (item_start + 1 if item_start >= 0 else 0)
        label_start = item_offset + item.rfind(parts[-1])
        inside = [m for m in self.mentions
                  if label_start <= m.start < amount.start and not m.funder]
        if inside:
            return inside[-1], False, None
        named = label_mention(parts[-1], self.context.finder)
        if named is not None:
            return named, False, None
        group = label_mention(parts[0], self.context.finder) if len(parts) > 1 else None
        return (group, True, None) if group is not None else None
