"""Finding people in prose: the fast paths give what the plain scan gives."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from grappe.importer.extract import actors, people
from grappe.importer.extract.people import PersonMention
from grappe.importer.facts import ActorFact, Evidence
from grappe.importer.keys import slug
from grappe.importer.pipeline import bundled_document
from grappe.importer.read import read_document
from grappe.importer.segment import segment


def _reference(text: str) -> tuple[PersonMention, ...]:
    """person_mentions as it read every passage, trying the pattern at every capital."""
    found: list[PersonMention] = []
    pos = 0
    while (match := people.search_person(text, pos)) is not None:
        first, surname = match.group("first"), match.group("surname")
        if first != "M." and (first.endswith(".") or people.is_first_name(first)) \
                and people._surname_ok(surname):
            start = match.start("title") if match.group("title") else match.start("first")
            found.append(PersonMention(start, match.end(), " ".join(f"{first} {surname}".split())))
            pos = match.end()
        else:
            pos = match.start("first") + len(first)
    taken = [(m.start, m.end) for m in found]
    for match in people._TITLED.finditer(text):
        if people._surname_ok(match.group("surname")) and all(
                match.end() <= s or match.start() >= e for s, e in taken):
            found.append(PersonMention(match.start(), match.end(), match.group("surname")))
    return tuple(sorted(found, key=lambda m: m.start))


_WORDS = ["Anne", "Marie-Claire", "Jean", "A.", "J.-P.", "M.", "Mme", "Mme.", "Madame", "Dr",
          "Martin", "Monsieur", "Mlle", "Pr", "Projet", "Mmes", "Durand", "de", "Le", "Floch",
          "DUPONT", "Conseil", "Régional", "Région", "Pôle", "Hélène", "HÉLÈNE", "Émile",
          "d’Arc", "la", "directrice", "Æmilie", "Søren", "ß"]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(_WORDS), max_size=10),
       st.lists(st.sampled_from([" ", ", ", "-", ". ", "  ", "\n", "’", "("]), min_size=10,
                max_size=10))
def test_person_mentions_equal_the_plain_scan(words: list[str], separators: list[str]) -> None:
    text = "".join(w + s for w, s in zip(words, separators))
    assert people.person_mentions(text) == _reference(text)


def test_person_mentions_on_the_bundled_document() -> None:
    texts = [p.text for p in segment(read_document(bundled_document()).text).passages]
    assert sum(len(_reference(t)) for t in texts) > 10  # the test reads people
    for text in texts:
        assert people.person_mentions(text) == _reference(text)


class _PeopleReference:
    """actors._People as it compared each new name with every person found so far."""

    def __init__(self) -> None:
        self.facts: list[ActorFact] = []

    def add(self, name: str, evidence: Evidence) -> ActorFact:
        for fact in self.facts:
            if actors._same_person(fact.name, name):
                best = actors._fuller(fact.name, name)
                for spelling in (fact.name, name):
                    if spelling != best and spelling not in fact.aliases:
                        fact.aliases.append(spelling)
                fact.name = best
                if evidence not in fact.evidence:
                    fact.evidence.append(evidence)
                return fact
        fact = ActorFact(key="", name=name, kind="person", evidence=[evidence])
        self.facts.append(fact)
        return fact


_NAMES = ["Anne Martin", "A. Martin", "Martin", "M. Martin", "Alain Martin", "Anne de Martel",
          "A. de Martel", "B. Durand", "Bernard Durand", "Durand", "Anne Durand", "J.-P. Le Floch",
          "Jean-Pierre Le Floch", "Floch", "Marie Claire", "Claire"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_NAMES), max_size=20))
def test_people_merged_by_surname_as_by_comparing_with_everyone(names: list[str]) -> None:
    fast, reference = actors._People(), _PeopleReference()
    for seq, name in enumerate(names):
        evidence = Evidence("doc", seq, name)
        assert fast.add(name, evidence).name == reference.add(name, evidence).name
    assert [(f.name, f.aliases, f.evidence) for f in fast.facts] == [
        (f.name, f.aliases, f.evidence) for f in reference.facts]


def test_an_empty_name_after_a_bare_particle_is_merged_without_error() -> None:
    # Found by test_extract_roles' fuzzing (annex rows "de Directeur", then an empty name):
    # both have no surname, so they are one person; the fuller spelling was read from words.
    found = actors._People()
    found.add("de", Evidence("doc", 1, "de"))
    assert found.add("", Evidence("doc", 2, "")).name == "de"
    assert [f.aliases for f in found.facts] == [[""]]


def test_an_organisation_is_keyed_by_the_slug_of_its_name() -> None:
    # actors.extract reads an annex structure once, then knows it again by this key.
    for name in ["Agence X (AX)", "CCI Grand Lille", "Université de Lille 1", "GIE « Beta »"]:
        assert actors.organisation_fact(name, []).key == slug(name)
