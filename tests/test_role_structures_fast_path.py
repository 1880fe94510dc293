"""Roles inferred from structures porteuses: the fast path gives what the plain reading gives."""

from __future__ import annotations

from pathlib import Path

from grappe.importer.extract import STAGES, roles, roles_inferred
from grappe.importer.extract.people import quick_fold
from grappe.importer.extract.role_targets import RoleBook, Target, role_family
from grappe.importer.extract.roles_inferred import _plain, _structure_words
from grappe.importer.facts import ClusterFact, Evidence, Facts
from grappe.importer.pipeline import bundled_document
from grappe.importer.read import read_document
from grappe.importer.segment import segment

_SYNTHETIC = Path(__file__).parent / "fixtures" / "synthetic"


def _contains_words(label: str, wanted: list[str]) -> bool:
    words = quick_fold(label).split()
    n = len(wanted)
    return any(words[i:i + n] == wanted for i in range(len(words) - n + 1))


def _reference(so_far: Facts, book: RoleBook) -> None:
    """infer_from_structures as it compared each role's label with each cluster, word by word."""
    evidence_of = {a.entity_key: a.evidence for a in so_far.attributes
                   if a.entity_type == "cluster" and a.name == "structure"}
    for cluster in so_far.clusters:
        wanted = _structure_words(cluster)
        if not wanted:
            continue
        holders = [r for r in list(book.roles) if r.of_key != cluster.key and _plain(r.role)
                   and _contains_words(book.labels.get(id(r), ""), wanted)]
        known = {(r.person_key, role_family(r.role)) for r in book.roles if r.of_key == cluster.key}
        families: dict[str, set[str]] = {}
        for holder in holders:
            families.setdefault(role_family(holder.role), set()).add(holder.person_key)
        for holder in holders:
            if (holder.person_key, role_family(holder.role)) in known:
                continue
            doubtful = len(families[role_family(holder.role)]) > 1
            more = evidence_of.get(cluster.key) or cluster.evidence[:1]
            book.add(holder.person_key, holder.role, Target("cluster", cluster.key, doubtful),
                     [*holder.evidence, *more], inferred=True)


def _roles_both_ways(document_id: str, text: str) -> tuple[Facts, Facts]:
    segmented = segment(text)
    so_far = Facts()
    for stage in STAGES[:2]:  # clusters, actors
        so_far.extend(stage(document_id, segmented, so_far))
    fast = roles.extract(document_id, segmented, so_far)
    saved = roles_inferred.infer_from_structures
    roles_inferred.infer_from_structures = _reference
    try:
        plain = roles.extract(document_id, segmented, so_far)
    finally:
        roles_inferred.infer_from_structures = saved
    return fast, plain


def test_structure_roles_equal_the_plain_reading_on_documents() -> None:
    texts = [read_document(bundled_document()).text] + [
        path.read_text("utf-8") for path in sorted(_SYNTHETIC.glob("*.txt"))]
    inferred = 0
    for number, text in enumerate(texts):
        fast, plain = _roles_both_ways(f"doc{number}", text)
        assert fast.roles == plain.roles
        inferred += sum(r.inferred for r in fast.roles)
    assert inferred > 0


def _book(labels: list[tuple[str, str, str]]) -> RoleBook:
    book = RoleBook()
    for number, (person, role, label) in enumerate(labels):
        evidence = [Evidence("doc", number, label or role)]
        book.add(person, role, Target("actor", f"org-{number}"), evidence, label=label or None)
    return book


def test_structure_roles_on_labels_that_hold_the_name_or_only_part_of_it() -> None:
    clusters = [ClusterFact(key="alpha", name="Alpha", kind="PE",
                            structure="Association Alpha Tex"),
                ClusterFact(key="beta", name="Beta", kind="GE", structure="GIE Beta, Lille"),
                ClusterFact(key="gamma", name="Gamma", kind="PC", structure="Gamma")]
    labels = [("anne", "directrice", "Association ALPHA-TEX"),
              ("bob", "président", "Alpha Texte"),
              ("carl", "directeur général", "GIE Beta"), ("dora", "directeur adjoint", "GIE Beta"),
              ("ed", "président", "Le Gamma club"), ("fay", "directeur", ""),
              ("gus", "directrice", "Alpha Tex et Gamma")]
    so_far = Facts(clusters=clusters)
    fast, plain = _book(labels), _book(labels)
    roles_inferred.infer_from_structures(so_far, fast)
    _reference(so_far, plain)
    assert fast.roles == plain.roles
    assert {(r.person_key, r.of_key) for r in fast.roles if r.inferred} == {
        ("anne", "alpha"), ("carl", "beta"), ("ed", "gamma"), ("gus", "alpha"), ("gus", "gamma")}
