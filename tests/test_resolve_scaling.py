"""Resolve's shortcuts for large imports (key memo, short evidence lists scanned, GC paused)
give exactly what the plain computations give, and leave no state behind."""

from __future__ import annotations

import gc

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import grappe.importer.resolve as resolve_module
from grappe.importer.extract.names import compact_key, tokens
from grappe.importer.facts import (
    ActorFact, AttributeFact, ClusterFact, Evidence, Facts, FiliereFact, FundingFact, LinkFact, RoleFact,
)
from grappe.importer.keys import slug
from grappe.importer.resolve import resolve
from grappe.importer.resolve_memo import KIND_WORDS
from grappe.importer.resolve_memo import EvidenceSets as _EvidenceSets
from grappe.importer.resolve_memo import KeyForms as _KeyForms

WORDS = ["pole", "Pôle", "de", "competitivite", "grappe", "d", "entreprises", "excellence", "cluster",
         "Images", "Santé", "Alpha", "tex", "Beta2", "des", "la", "GE", "pc"]
NAMES = ["Alpha-tex", "Alpha Tex", "ALPHATEX", "Beta 2", "Beta2", "Images", "Pôle Images",
         "Santé", "Club des artisans", "Club Artisans", "Gamma"]
PEOPLE = ["Jeanne Martin", "Paul Durand", "Région Nord", "Région nord", "CCI Nord"]

evidence = st.builds(Evidence, st.sampled_from(["d1", "d2"]), st.integers(0, 3), st.sampled_from(["q", "r"]))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 2), st.lists(evidence, max_size=12)), max_size=12))
def test_evidence_extend_is_append_of_the_new_items(operations):
    sets, targets = _EvidenceSets(), [[], [], []]
    expected = [[], [], []]
    for index, items in operations:
        sets.extend(targets[index], items)
        for item in items:
            if item not in expected[index]:
                expected[index].append(item)
    assert targets == expected


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(WORDS), max_size=6), st.sampled_from([" ", "-"]))
def test_lookup_forms_match_the_kind_phrase_rule(words, separator):
    key = separator.join(words)
    spaced = key.replace("-", " ")
    folded = [w for w, _, _ in tokens(spaced)]
    rests = tuple(" ".join(folded[len(phrase):]) for phrase in KIND_WORDS
                  if tuple(folded[: len(phrase)]) == phrase and len(folded) > len(phrase))
    forms = _KeyForms()
    assert forms.lookup_forms(key) == (compact_key(spaced), rests)
    assert forms.lookup_forms(key) == (compact_key(spaced), rests)  # read back from the memo
    assert forms.slug(key) == slug(key) and forms.compact(key) == compact_key(key)


def document(number: int, draw: st.DrawFn) -> Facts:
    """One document's facts, its names drawn from a small pool so that documents overlap."""
    name = st.sampled_from(NAMES)
    person = st.sampled_from(PEOPLE)
    doc = f"doc{number}"
    quotes = st.lists(st.builds(Evidence, st.just(doc), st.integers(0, 4), st.sampled_from(["q", "r"])),
                      max_size=10)
    clusters = [ClusterFact(slug(n), n, draw(st.sampled_from(["PC", "GE", "PE", "other"])),
                            aliases=draw(st.lists(name, max_size=2)), territory=draw(st.lists(
                                st.sampled_from(["Nord", "Bretagne"]), max_size=1)),
                            created=draw(st.sampled_from([None, "2005", "2007"])), evidence=draw(quotes))
                for n in draw(st.lists(name, max_size=4))]
    actors = [ActorFact(slug(p), p, "organisation" if p.startswith(("Région", "CCI")) else "person",
                        organisation_key=draw(st.sampled_from([None, "region-nord", "cci-nord"])),
                        aliases=draw(st.lists(person, max_size=1)), evidence=draw(quotes))
              for p in draw(st.lists(person, max_size=4))]
    raw = st.sampled_from([slug(n) for n in NAMES + PEOPLE] + ["pole-images", "pole-de-competitivite-alpha-tex",
                                                              "unknown"])
    return Facts(
        clusters=clusters, actors=actors,
        filieres=[FiliereFact("textile", "Textile", draw(st.lists(raw, max_size=3)), evidence=draw(quotes))],
        attributes=[AttributeFact(draw(raw), draw(st.sampled_from(["cluster", "actor", "filiere"])), "created",
                                  draw(st.sampled_from(["2005", "2007"])), evidence=draw(quotes))
                    for _ in range(draw(st.integers(0, 3)))],
        roles=[RoleFact(draw(raw), "président", draw(raw), draw(st.sampled_from(["cluster", "actor"])),
                        evidence=draw(quotes)) for _ in range(draw(st.integers(0, 3)))],
        links=[LinkFact(draw(raw), draw(raw), "coopération", evidence=draw(quotes))
               for _ in range(draw(st.integers(0, 3)))],
        funding=[FundingFact("1 €", "budget", 1.0, recipient_key=draw(raw), funder_key=draw(raw),
                             evidence=draw(quotes)) for _ in range(draw(st.integers(0, 2)))],
    )


@st.composite
def corpora(draw: st.DrawFn) -> list[Facts]:
    return [document(number, draw) for number in range(draw(st.integers(1, 5)))]


@settings(max_examples=60, deadline=None)
@given(corpora())
def test_resolve_equals_its_plain_computation(corpus):
    shortcut = resolve(corpus)
    assert resolve(corpus) == shortcut  # nothing kept from one resolve to the next
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(resolve_module, "slug", slug)  # no memo: the shared cached functions
        patch.setattr(resolve_module, "compact_key", compact_key)
        patch.setattr(_EvidenceSets, "SCAN_UP_TO", -1)  # a set for every evidence list
        plain = resolve(corpus)
    assert plain == shortcut


@pytest.fixture
def collector_state():
    """The collector enabled with nothing frozen, whatever earlier tests left; put back after."""
    enabled, frozen = gc.isenabled(), gc.get_freeze_count()
    gc.unfreeze()
    gc.enable()
    yield
    if frozen:
        gc.freeze()
    if not enabled:
        gc.disable()


def test_resolve_restores_the_collector_and_forgets_its_memo(collector_state):
    corpus = [Facts(clusters=[ClusterFact("alpha-tex", "Alpha-tex", "PC", evidence=[Evidence("d", 1, "q")])],
                    roles=[RoleFact("nobody", "président", "alpha-tex", "cluster")])]
    resolve(corpus)
    assert gc.isenabled() and gc.get_freeze_count() == 0  # the caller froze nothing: neither does resolve
    gc.disable()
    resolve(corpus)
    assert not gc.isenabled()
    gc.enable()
    memo = resolve_module._forms
    assert not memo.slugs and not memo.compacts and not memo.lookups
    assert not resolve_module._evidence._seen


def test_resolve_freezes_its_result_for_a_caller_that_freezes(collector_state):
    gc.freeze()  # as the importer does with the facts it keeps
    before = gc.get_freeze_count()
    merged = resolve([Facts(clusters=[ClusterFact("gamma", "Gamma", "GE", evidence=[Evidence("d", 1, "q")])])])
    assert gc.isenabled()
    assert gc.get_freeze_count() > before
    assert not any(obj is merged.clusters for obj in gc.get_objects())  # frozen: out of every generation


def test_resolve_forgets_its_memo_when_it_fails(monkeypatch, collector_state):
    def failing(*_args):
        raise RuntimeError("boom")

    monkeypatch.setattr(resolve_module, "_links", failing)
    with pytest.raises(RuntimeError):
        resolve([Facts(clusters=[ClusterFact("gamma", "Gamma", "GE")])])
    assert gc.isenabled()
    assert not resolve_module._forms.compacts and not resolve_module._forms.slugs
