"""Resolve: one entity per cluster or actor across documents, every reference rewritten."""

from __future__ import annotations

from grappe.importer.facts import (
    ActorFact, AttributeFact, ClusterFact, Evidence, Facts, FiliereFact, FundingFact, LinkFact, RoleFact,
)
from grappe.importer.keys import slug
from grappe.importer.resolve import resolve


def ev(document: str, seq: int = 0, quote: str = "q") -> Evidence:
    return Evidence(document, seq, quote)


def north() -> Facts:
    return Facts(
        clusters=[
            ClusterFact("alpha-tex", "Alpha-tex", "PC", aliases=["Alphatex"], fte=9.3, filiere="textile",
                        evidence=[ev("north", 1)]),
            ClusterFact("beta-2", "Beta 2", "PC", evidence=[ev("north", 2)]),
            ClusterFact("images", "Images", "PE", aliases=["Pôle Images"], evidence=[ev("north", 3)]),
        ],
        filieres=[FiliereFact("textile", "Textile", ["alpha-tex"], evidence=[ev("north", 1)])],
        actors=[
            ActorFact("jeanne-martin", "Jeanne Martin", "person", organisation_key=slug("Région Nord"),
                      evidence=[ev("north", 4)]),
            ActorFact("region-nord", "Région Nord", "organisation", category="collectivité",
                      evidence=[ev("north", 4)]),
        ],
        attributes=[AttributeFact("alpha-tex", "cluster", "created", "2005", evidence=[ev("north", 1)])],
        roles=[RoleFact("jeanne-martin", "directrice", slug("Alpha Tex"), "cluster", evidence=[ev("north", 4)])],
        links=[LinkFact(slug("Beta2"), slug("Alpha tex"), "coopération", evidence=[ev("north", 5)])],
        funding=[FundingFact("385 000 €", "budget", 385000.0, recipient_key=slug("Pôle Images"),
                             recipient_type="cluster", funder_key=slug("Région Nord"), evidence=[ev("north", 6)])],
    )


def south() -> Facts:
    return Facts(
        clusters=[ClusterFact("alphatex", "ALPHATEX", "PC", fte=9.3, evidence=[ev("south", 7)]),
                  ClusterFact("gamma", "Gamma", "other", evidence=[ev("south", 8)])],
        filieres=[FiliereFact("textile", "Textile", ["alphatex"], evidence=[ev("south", 7)])],
        actors=[ActorFact("region-nord", "Région Nord", "organisation", evidence=[ev("south", 9)])],
        attributes=[AttributeFact("alphatex", "cluster", "created", "2007", evidence=[ev("south", 7)])],
        roles=[RoleFact("jeanne-martin", "présidente", "gamma", "cluster", evidence=[ev("south", 9)])],
        links=[LinkFact("alphatex", "unknown-cluster", "friction", evidence=[ev("south", 10)])],
    )


def test_same_cluster_in_two_documents_is_one_entity() -> None:
    merged = resolve([north(), south()])
    alphas = [c for c in merged.clusters if c.kind == "PC" and "ALPHATEX" in {c.name, *c.aliases}]
    assert len(alphas) == 1
    alpha = alphas[0]
    assert alpha.key == "alpha-tex"
    assert {e.document_id for e in alpha.evidence} == {"north", "south"}
    assert len(merged.clusters) == 4


def test_readings_that_disagree_across_documents_are_flagged() -> None:
    merged = resolve([north(), south()])
    created = [a for a in merged.attributes if a.entity_key == "alpha-tex" and a.name == "created"]
    assert {a.value for a in created} == {"2005", "2007"}
    assert all(a.uncertain for a in created)
    assert "created" in next(c for c in merged.clusters if c.key == "alpha-tex").uncertain


def test_references_are_rewritten_to_canonical_keys() -> None:
    merged = resolve([north(), south()])
    assert {(r.person_key, r.of_key) for r in merged.roles} == {
        ("jeanne-martin", "alpha-tex"), ("jeanne-martin", "gamma")}
    assert [(l.source_key, l.target_key) for l in merged.links] == [("beta-2", "alpha-tex")]
    money = merged.funding[0]
    assert (money.recipient_key, money.recipient_type, money.funder_key) == ("images", "cluster", "region-nord")
    jeanne = next(a for a in merged.actors if a.key == "jeanne-martin")
    assert jeanne.organisation_key == "region-nord"


def test_actor_named_in_two_documents_is_one_actor() -> None:
    merged = resolve([north(), south()])
    regions = [a for a in merged.actors if a.name == "Région Nord"]
    assert len(regions) == 1
    assert {e.document_id for e in regions[0].evidence} == {"north", "south"}
    assert regions[0].category == "collectivité"


def test_filieres_merge_and_point_at_canonical_clusters() -> None:
    merged = resolve([north(), south()])
    assert len(merged.filieres) == 1
    assert merged.filieres[0].cluster_keys == ["alpha-tex"]
    assert {e.document_id for e in merged.filieres[0].evidence} == {"north", "south"}


def test_links_to_unknown_clusters_are_dropped_with_a_warning() -> None:
    merged = resolve([north(), south()])
    assert all(l.target_key != "unknown-cluster" for l in merged.links)
    assert any("unknown-cluster" in w for w in merged.warnings)


def test_clusters_of_different_kinds_with_one_name_stay_apart() -> None:
    one = Facts(clusters=[ClusterFact("sante", "Santé", "PE", evidence=[ev("a")])])
    two = Facts(clusters=[ClusterFact("sante", "Santé", "GE", evidence=[ev("b")])])
    merged = resolve([one, two])
    assert sorted((c.key, c.kind) for c in merged.clusters) == [("sante", "PE"), ("sante-ge", "GE")]


def test_one_document_resolves_to_itself(bundled_segmented) -> None:
    from grappe.importer.extract import clusters, links

    table = clusters.extract("npdc", bundled_segmented, Facts())
    table.extend(links.extract("npdc", bundled_segmented, table))
    merged = resolve([table])
    assert len(merged.clusters) == len(table.clusters)
    assert {c.key for c in merged.clusters} == {c.key for c in table.clusters}
    known = {c.key for c in merged.clusters}
    assert all(l.source_key in known and l.target_key in known for l in merged.links)


def test_a_key_is_read_in_its_own_document_first() -> None:
    """"sante" is a pôle in one monograph and a grappe in the other: each link keeps its own."""
    one = Facts(clusters=[ClusterFact("sante", "Santé", "PE", evidence=[ev("a")]),
                          ClusterFact("nsl", "NSL", "PC", evidence=[ev("a")])],
                links=[LinkFact("sante", "nsl", "lien pôle de compétitivité", evidence=[ev("a")])])
    two = Facts(clusters=[ClusterFact("sante", "Santé", "GE", evidence=[ev("b")]),
                          ClusterFact("omega", "Omega", "PC", evidence=[ev("b")])],
                links=[LinkFact("sante", "omega", "coopération", evidence=[ev("b")])],
                roles=[RoleFact("jeanne", "directrice", "sante", "cluster", evidence=[ev("b")])],
                actors=[ActorFact("jeanne", "Jeanne", "person", evidence=[ev("b")])])
    merged = resolve([one, two])
    assert {(l.source_key, l.target_key) for l in merged.links} == {("sante", "nsl"), ("sante-ge", "omega")}
    assert [(r.of_key, r.of_type) for r in merged.roles] == [("sante-ge", "cluster")]


def test_regional_poles_of_one_name_in_two_regions_stay_apart() -> None:
    north = Facts(clusters=[ClusterFact("sante", "Santé", "PE", territory=["Lille"], evidence=[ev("a")])])
    brittany = Facts(clusters=[ClusterFact("sante", "Santé", "PE", territory=["Rennes"], evidence=[ev("b")])])
    again = Facts(clusters=[ClusterFact("sante", "Santé", "PE", territory=["Lille", "Arras"], evidence=[ev("c")])])
    merged = resolve([north, brittany, again])
    assert sorted((c.key, tuple(c.territory)) for c in merged.clusters) == [
        ("sante", ("Lille", "Arras")), ("sante-pe", ("Rennes",))]


def test_a_cluster_is_found_by_its_structure_porteuse(bundled_db) -> None:
    """Searching the GIE that carries the PE Santé lists the structure and the pôle it carries."""
    from grappe.db.connect import open_readonly
    from grappe.db.search import search_names

    conn = open_readonly(bundled_db)
    try:
        hits = search_names(conn, "eurasante", limit=20)
        sante = conn.execute("SELECT id FROM clusters WHERE kind = 'PE' AND structure LIKE '%Eurasant%'").fetchone()[0]
    finally:
        conn.close()
    assert ("cluster", sante) in {(h.kind, h.id) for h in hits}
    assert any(h.kind == "actor" for h in hits)
