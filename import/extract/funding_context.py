"""What a section is about, so that "la structure", "le GIE" or a bare amount find their recipient.

Headings and subheadings name the structure a section describes ("2.3.2 La Grappe d'entreprises
X", "Le GIE Y et le Pôle d'excellence"); a legal form used alone ("la SPL") designates the
structure the section introduced with that form.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from grappe.importer.extract.funding_mentions import VOCAB, Mention, MentionFinder, funder_cued
from grappe.importer.segment import Passage

_LEGAL_FORMS = list(VOCAB["legal_forms"])
_STRUCTURE_WORDS = ["structure", "grappe", "pôle", "cluster", "club"]
_ANAPHOR = re.compile(
    r"(?i:\b(?:le|la|l['’]\s?|du|de la|de l['’]\s?|au|à la|à l['’]\s?))\s*"
    r"(?P<form>" + "|".join(re.escape(f) for f in _LEGAL_FORMS + _STRUCTURE_WORDS) + r")\b"
    r"(?!\s+(?:d['’]\s?\w+\s+)?[A-Z0-9«])"
)
_FILIERE_BEFORE = re.compile(r"fili[èe]re\s+«?\s*$", re.IGNORECASE)


@dataclass
class SectionContext:
    """The topics of the headings above the current passage and what was said since.

    A heading's names are read only when its topic is asked for (most sections hold no
    amount); the funders it names are noted at once, since the first spelling met of a
    funder names it in the whole document.
    """

    finder: MentionFinder
    headings: dict[int, str] = field(default_factory=dict)  # level → title
    subheading: str | None = None
    section_texts: list[tuple[str, list[Mention] | None]] = field(default_factory=list)
    recent: Mention | None = None  # the last recipient or subject of this subsection
    previous_text: str = ""
    _topics: dict[str, Mention | None] = field(default_factory=dict)  # title → its topic

    def enter_heading(self, passage: Passage) -> None:
        self.finder.funders_in(passage.text)  # in document order, for their spellings
        if passage.kind == "subheading":
            self.subheading = passage.text
        else:
            level = passage.level or 1
            for deeper in [lv for lv in self.headings if lv >= level]:
                del self.headings[deeper]
            self.headings[level] = passage.text
            self.subheading = None
            if level <= 4:
                self.section_texts = []
        self.section_texts.append((passage.text, None))
        self.recent = None

    def remember(self, text: str, mentions: list[Mention] | None,
                 last_recipient: Mention | None) -> None:
        self.section_texts.append((text, mentions))
        if last_recipient is not None:
            self.recent = last_recipient
        self.previous_text = text

    def topic(self) -> Mention | None:
        """The topic of the nearest heading above that has one."""
        titles = [self.headings[level] for level in sorted(self.headings, reverse=True)]
        for title in ([self.subheading] if self.subheading is not None else []) + titles:
            if title not in self._topics:
                self._topics[title] = self._topic_of(title, self.finder.find(title))
            if self._topics[title] is not None:
                return self._topics[title]
        return None

    def _topic_of(self, text: str, mentions: list[Mention]) -> Mention | None:
        for mention in mentions:
            if mention.funder or funder_cued(text, mention):
                continue
            after_filiere = _FILIERE_BEFORE.search(text[: mention.start])
            if after_filiere and self.finder.lookup(mention.text) is None:
                continue  # "La filière X": X is a filière, unless a cluster is named so
            return mention
        return None

    def anaphor(self, text: str, start: int, end: int) -> tuple[int, Mention | None] | None:
        """The first "la SPL", "le GIE", "la structure" between start and end, and its referent."""
        match = _ANAPHOR.search(text, start, end)
        if not match:
            return None
        form = match.group("form")
        if form.casefold() in _STRUCTURE_WORDS:
            return match.start(), self.topic() or self.recent
        return match.start(), self.resolve_form(form)

    def resolve_form(self, form: str) -> Mention | None:
        """The structure introduced as `form` ("le GIE X", "… (SPL)"), or its topic."""
        folded = form.casefold()
        self.section_texts = [(t, self.finder.find(t) if m is None else m)
                              for t, m in self.section_texts]
        # (found once per section: later anaphors in the same section reuse these mentions)
        for text, mentions in reversed(self.section_texts):
            typed = [m for m in mentions or [] if (m.typed_as or "").casefold() == folded]
            if typed:
                return typed[-1]
        marker = re.compile(rf"\({re.escape(form)}\)")
        for text, mentions in reversed(self.section_texts):
            found = marker.search(text)
            if found:
                stop = text.rfind(". ", 0, found.start())
                sentence_start = stop + 2 if stop >= 0 else 0
                for mention in mentions or []:
                    if sentence_start <= mention.start < found.start() and not mention.funder:
                        return mention
        return self.topic()
