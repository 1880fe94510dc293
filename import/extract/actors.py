"""Extraction of actors: the organisations and people of the interviewees' annex, and the
people named in the prose (`A. de Martel, vice-présidente du Conseil Régional`).

One person named several ways (`A. de Martel`, `Anne de Martel`) is one actor:
mentions are grouped by surname and first initial. Organisation categories come from the
generic vocabulary of `actors.toml`.
"""

from __future__ import annotations

import re

from grappe.db.text import fold
from grappe.importer.extract import people
from grappe.importer.extract.annex import annex_rows
from grappe.importer.extract.evidence import sentence_at
from grappe.importer.extract.mentions import MentionIndex
from grappe.importer.facts import ActorFact, Evidence, Facts
from grappe.importer.keys import slug
from grappe.importer.segment import Segmented
from grappe.importer.vocab import load_vocabulary

_VOCAB = load_vocabulary("actors")
_PROSE_KINDS = ("paragraph", "bullet", "footnote")
_KIND_MARKERS = frozenset({"PE", "PC", "GE"})
_ACRONYM_IN_PARENS = re.compile(r"\(([A-ZÀ-Þ][A-Za-zÀ-ÿ0-9&.\- ]{1,15})\)")
# A role or function just after a name, in apposition ("X, vice-président du Conseil…,").
_APPOSITION = re.compile(r"^\s*,\s*(?:(?:est|était)\s+(?:aussi\s+|également\s+)?)?([^,.;:]{3,160})")


def _category_patterns() -> list[tuple[str, re.Pattern[str]]]:
    patterns = []
    for category, terms in _VOCAB["categories"].items():
        alternatives = "|".join(re.escape(fold(t)) for t in sorted(terms, key=len, reverse=True))
        patterns.append((category, re.compile(rf"(?<![a-z0-9])(?:{alternatives})(?![a-z0-9])")))
    return patterns


_CATEGORIES = _category_patterns()


def categorise(name: str) -> str:
    """The category of an organisation: the vocabulary term found earliest in its name."""
    folded = fold(name)
    best: tuple[int, int, str] | None = None
    for order, (category, pattern) in enumerate(_CATEGORIES):
        match = pattern.search(folded)
        if match and (best is None or (match.start(), order) < best[:2]):
            best = (match.start(), order, category)
    return best[2] if best else "autre"


def organisation_fact(name: str, evidence: list[Evidence]) -> ActorFact:
    """An organisation with its category and the acronyms it gives in parentheses."""
    aliases = [a.strip() for a in _ACRONYM_IN_PARENS.findall(name)
               if a.strip() not in _KIND_MARKERS and a.strip().isupper()]
    return ActorFact(key=slug(name), name=name, kind="organisation", category=categorise(name),
                     aliases=aliases, evidence=list(evidence))


def _function_after(text: str, end: int) -> str | None:
    """The function given in apposition right after a name, if it starts with a function word."""
    match = _APPOSITION.match(text[end:])
    if not match:
        return None
    phrase = re.split(r",\s*(?:qui|et qui|dont)\b", match.group(1))[0].strip()
    words = phrase.split()
    if words and people.is_function_word(words[0].rstrip(",")) or \
            (len(words) > 1 and people.is_function_word(f"{words[0]}-{words[1]}")):
        return phrase
    return None


def _same_person(a: str, b: str) -> bool:
    """Same surname and first initial; a bare surname ("M. Durand" → `Durand`) matches any."""
    if people.surname_of(a) != people.surname_of(b):
        return False
    bare_surname = len(a.split()) == 1 or len(b.split()) == 1
    return bare_surname or people.initials_of(a) == people.initials_of(b)


def _fuller(a: str, b: str) -> str:
    """The more complete of two spellings (`Anne de Martel` over `A. de Martel`)."""
    def score(name: str) -> tuple[int, int]:
        words = name.split()  # an annex row may leave the name empty
        return (0 if words and "." in words[0] else 1, len(name))
    return a if score(a) >= score(b) else b


class _People:
    """People found so far, merged by surname and first initial."""

    def __init__(self) -> None:
        self.facts: list[ActorFact] = []
        # By surname (merging keeps it: both spellings share it): only these can be the same.
        self._by_surname: dict[str, list[ActorFact]] = {}

    def add(self, name: str, evidence: Evidence, function: str | None = None,
            organisation_key: str | None = None) -> ActorFact:
        namesakes = self._by_surname.setdefault(people.surname_of(name), [])
        for fact in namesakes:
            if _same_person(fact.name, name):
                best = _fuller(fact.name, name)
                for spelling in (fact.name, name):
                    if spelling != best and spelling not in fact.aliases:
                        fact.aliases.append(spelling)
                fact.name = best
                fact.function = fact.function or function
                fact.organisation_key = fact.organisation_key or organisation_key
                if evidence not in fact.evidence:
                    fact.evidence.append(evidence)
                return fact
        fact = ActorFact(key="", name=name, kind="person", function=function,
                         organisation_key=organisation_key, evidence=[evidence])
        self.facts.append(fact)
        namesakes.append(fact)
        return fact


def _organisations_of_functions(persons: list[ActorFact], known: list[ActorFact]) -> None:
    """A person of the prose whose function names a known organisation belongs to it
    ("vice-président du Conseil Régional …")."""
    index = MentionIndex([], [a for a in known if a.kind == "organisation"])
    for person in persons:
        if person.function and person.organisation_key is None:
            found = index.find(person.function, only="actor")
            if found:
                person.organisation_key = found[0].key


def extract(document_id: str, segmented: Segmented, so_far: Facts) -> Facts:
    """Organisations and people of one document, each with the passages that name them."""
    organisations: dict[str, ActorFact] = {}
    known_people = _People()
    for row in annex_rows(segmented):
        seq = row.name_seq if row.name_seq is not None else row.seqs[0]
        evidence = Evidence(document_id, seq, row.quote())
        organisation_key = None
        if row.structure:
            organisation_key = slug(row.structure)  # the key organisation_fact gives it
            if organisation_key in organisations:  # several people of one structure
                organisations[organisation_key].evidence.append(evidence)
            else:
                organisations[organisation_key] = organisation_fact(row.structure, [evidence])
        known_people.add(row.name, evidence, row.function or None, organisation_key)
    for seq, passage in enumerate(segmented.passages):
        if passage.kind not in _PROSE_KINDS:
            continue
        for mention in people.person_mentions(passage.text):
            evidence = Evidence(document_id, seq, sentence_at(passage.text, mention.start))
            known_people.add(mention.name, evidence, _function_after(passage.text, mention.end))
    _organisations_of_functions(known_people.facts, list(organisations.values()) + so_far.actors)
    taken = {a.key for a in so_far.actors} | set(organisations)
    persons: list[ActorFact] = []
    for fact in known_people.facts:
        fact.key = slug(fact.name)
        if fact.key in taken:
            fact.key = slug(f"{fact.name} person")
        taken.add(fact.key)
        persons.append(fact)
    fresh = [o for o in organisations.values() if o.key not in {a.key for a in so_far.actors}]
    return Facts(actors=fresh + persons)
