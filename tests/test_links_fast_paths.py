"""Links between clusters: the fast paths give what the plain patterns give."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from grappe.importer.extract import links
from grappe.importer.pipeline import bundled_document
from grappe.importer.read import read_document
from grappe.importer.segment import segment


def _relation_reference(text: str) -> str | None:
    """relation_in as it read every text with the alternation of all relations first."""
    if not links._ANY_RELATION.search(text):
        return None
    for name, pattern in links._RELATIONS:
        if pattern.search(text):
            return name
    return None


_WORDS = ["coopère", "COOPÉRATION", "partenariat", "collaboration", "collabore", "avec", "le",
          "pôle", "membre", "fondateur", "Membres", "communs", "même", "directeur", "direction",
          "de", "équipe", "partagée", "employé", "par", "bureau", "Bureau", "conseil",
          "d'administration", "friction", "ſynergie", "lıens", "İl", "a", "fondé", "X", "2011"]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(_WORDS), max_size=12), st.sampled_from([" ", "  ", "\n", ", "]))
def test_relation_in_equals_the_plain_reading(words: list[str], separator: str) -> None:
    text = separator.join(words)
    assert links.relation_in(text) == _relation_reference(text)


def test_relation_in_on_the_bundled_document() -> None:
    texts = [p.text for p in segment(read_document(bundled_document()).text).passages]
    assert sum(_relation_reference(t) is not None for t in texts) > 20  # the test reads relations
    for text in texts:
        assert links.relation_in(text) == _relation_reference(text)
