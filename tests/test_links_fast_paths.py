"""Links between clusters: the fast paths give what the plain patterns give."""

from __future__ import annotations

import copy
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from grappe.importer.extract import STAGES, links
from grappe.importer.facts import Facts
from grappe.importer.pipeline import bundled_document
from grappe.importer.read import read_document
from grappe.importer.segment import segment

_SYNTHETIC = Path(__file__).parent / "fixtures" / "synthetic"


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


class _Open:
    """A keyword gate that never skips: every sentence is read by the full patterns."""

    def may_match(self, folded: str) -> bool:
        return True


def test_paragraphs_skipped_by_the_word_gates_hold_no_link(monkeypatch) -> None:
    texts = [read_document(bundled_document()).text] + [
        path.read_text("utf-8") for path in sorted(_SYNTHETIC.glob("*.txt"))]
    found = 0
    for number, text in enumerate(texts):
        segmented = segment(text)
        so_far = Facts()
        for stage in STAGES[:3]:  # clusters, actors, roles
            so_far.extend(stage(f"doc{number}", segmented, so_far))
        fast_so_far, plain_so_far = copy.deepcopy(so_far), copy.deepcopy(so_far)
        fast = links.extract(f"doc{number}", segmented, fast_so_far)
        with monkeypatch.context() as patch:
            patch.setattr(links, "_GROUP_WORDS", _Open())
            patch.setattr(links, "_DENIAL_WORDS", _Open())
            patch.setattr(links, "_RELATION_WORDS", _Open())
            plain = links.extract(f"doc{number}", segmented, plain_so_far)
        assert fast.links == plain.links
        # table links a denial makes doubtful, and the clusters it concerns
        assert fast_so_far.links == plain_so_far.links
        assert fast_so_far.clusters == plain_so_far.clusters
        found += len(fast.links)
    assert found > 5
