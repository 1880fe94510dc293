"""The role stages' fast paths skip only passages where the plain patterns find nothing."""

from __future__ import annotations

import re
import sys

from hypothesis import given, settings
from hypothesis import strategies as st

from grappe.importer.extract.keyword_gate import gate_fold
from grappe.importer.extract.mentions import MentionIndex
from grappe.importer.extract.names import folded_words
from grappe.importer.extract.role_mentions import _DEFINITE_ROLE
from grappe.importer.extract.role_targets import _HEAD_WORDS, ROLE, VOCAB, may_hold_role
from grappe.importer.extract.roles_inferred import _ANY_ROLE
from grappe.importer.facts import ActorFact, ClusterFact
from grappe.importer.pipeline import bundled_document
from grappe.importer.read import read_document
from grappe.importer.segment import segment

_EVERYTHING = "".join(chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c < 0xE000)
_ROLE = re.compile(ROLE, re.IGNORECASE)


def test_head_letters_match_case_blind_only_what_gate_fold_turns_into_them() -> None:
    for char in {c for word in _HEAD_WORDS for c in word}:
        for other in re.findall(re.escape(char), _EVERYTHING, re.IGNORECASE):
            assert gate_fold(other) == char, (char, other)


def test_head_letters_match_case_blind_only_what_cut_folds_as_them() -> None:
    # may_hold_role compares the words `cut` folds; dotless ı sends a text the other way.
    for char in {c for word in _HEAD_WORDS for c in word}:
        for other in re.findall(re.escape(char), _EVERYTHING, re.IGNORECASE):
            if other != "\u0131":
                assert folded_words(f"x{other}x") == folded_words(f"x{char}x"), (char, other)


def _words() -> list[str]:
    heads = [w for h in VOCAB["role_heads"] for w in re.split(r"[\s-]+", h)]
    odd = [h.upper().replace("I", "İ") for h in heads] + [h.replace("s", "ſ").replace("i", "ı")
                                                          for h in heads]
    others = ["général", "le", "du", "pôle", "x", "Vice"]
    return heads + [h.upper() for h in heads] + odd + others


@settings(max_examples=600, deadline=None)
@given(st.lists(st.sampled_from(_words()), max_size=8),
       st.sampled_from([" ", "-", "  ", "\n", ", ", "\u00a0"]))
def test_role_gate_is_open_wherever_a_role_matches(words: list[str], separator: str) -> None:
    text = separator.join(words)
    if _ROLE.search(text) or _ANY_ROLE.search(text) or _DEFINITE_ROLE.search(text):
        assert may_hold_role(text), text


def test_role_gate_on_the_bundled_document() -> None:
    texts = [p.text for p in segment(read_document(bundled_document()).text).passages]
    assert sum(bool(_ANY_ROLE.search(t)) for t in texts) > 10  # the test reads roles
    for text in texts:
        if _ANY_ROLE.search(text):
            assert may_hold_role(text)
    assert sum(not may_hold_role(t) for t in texts) > len(texts) // 2  # it skips


def test_mention_index_reads_a_text_once_and_gives_each_caller_its_own_list() -> None:
    clusters = [ClusterFact(key="alpha-tex", name="Alpha Tex", kind="GE", aliases=["ATX"]),
                ClusterFact(key="images", name="Images", kind="PE")]
    index = MentionIndex(clusters, [ActorFact(key="cci", name="CCI Nord", kind="organisation")])
    text = "le directeur d'Alpha-tex et de la CCI Nord (ATX), pôle Images"
    first = index.find(text)
    assert [m.key for m in first] == ["alpha-tex", "cci", "alpha-tex", "images"]
    first.clear()
    assert index.find(text) == MentionIndex(clusters, [ActorFact(
        key="cci", name="CCI Nord", kind="organisation")]).find(text)
    assert [m.key for m in index.find(text, only="cluster")] == ["alpha-tex", "alpha-tex", "images"]
    assert index.clusters_in("images", relaxed=True) == ["images"]
    assert index.clusters_in("images") == []
