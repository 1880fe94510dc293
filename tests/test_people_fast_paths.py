"""Finding people in prose: the fast paths give what the plain scan gives."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from grappe.importer.extract import people
from grappe.importer.extract.people import PersonMention
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
