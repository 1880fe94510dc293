"""The view model over a database imported from the bundled monograph (and a synthetic one)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from grappe.db import views
from grappe.db.connect import open_readonly

SYNTHETIC = Path(__file__).parent / "fixtures" / "synthetic" / "clusters-lorraine.txt"
FIELDS = {
    "clusters": {"id", "name", "kind", "aliases", "filiere", "created", "territory", "structure", "fte",
                 "members", "directors", "links", "funding", "sources", "uncertain", "documents",
                 "funding_total_eur", "structure_funding"},
    "filieres": {"id", "name", "clusters", "fte", "funding_eur", "documents"},
    "actors": {"id", "name", "kind", "category", "function", "organisation", "roles", "documents"},
    "roles": {"person", "role", "of", "page", "quote", "inferred", "uncertain", "document"},
    "links": {"source", "target", "relation", "page", "quote", "uncertain", "document"},
    "funding": {"recipient", "funder", "amount_eur", "amount_text", "period", "kind", "page", "quote",
                "uncertain", "document", "role", "group", "in_total"},
}


@pytest.fixture(scope="module")
def conn(bundled_db):
    connection = open_readonly(bundled_db)
    yield connection
    connection.close()


def by_name(rows: list[dict], name: str) -> dict:
    return next(r for r in rows if r["name"] == name)


@pytest.mark.parametrize("view", sorted(FIELDS))
def test_every_view_has_its_fields_and_is_json(conn, view) -> None:
    rows = views.VIEWS[view](conn)
    json.dumps(rows)
    for row in rows:
        assert FIELDS[view] <= set(row), view


def test_clusters_view(conn) -> None:
    rows = views.clusters(conn)
    kinds = [r["kind"] for r in rows]
    assert (kinds.count("PC"), kinds.count("GE"), kinds.count("PE")) == (7, 9, 14)
    santé = by_name(rows, "Santé")
    assert santé["kind"] == "PE" and santé["fte"] == 32.0 and santé["territory"] == ["LMCU"]
    assert santé["structure"] == "GIE Eurasanté" and santé["created"] == "décembre 2011"
    assert {"name": "NSL", "relation": "lien pôle de compétitivité"} in santé["links"]
    assert all(s["page"] and s["quote"] for s in santé["sources"])
    ubiquitaire = by_name(rows, "Ubiquitaire")
    assert "created" in ubiquitaire["uncertain"]
    uptex = by_name(rows, "UP-tex")
    assert {"Up Tex", "Uptex"} <= set(uptex["aliases"])
    assert uptex["filiere"] == "Textile, mode, matériaux"


def test_filieres_view(conn) -> None:
    rows = views.filieres(conn)
    santé = by_name(rows, "Santé")
    assert {"Santé", "NSL", "Clubster santé"} <= set(santé["clusters"])
    assert santé["fte"] >= 32.0 + 7.0 + 3.0
    assert by_name(rows, "Numérique")["clusters"]


def test_links_view_carries_evidence(conn) -> None:
    rows = views.links(conn)
    founding = [r for r in rows if r["relation"] == "membre fondateur" and r["source"] == "CLUBTEX"]
    assert founding and founding[0]["page"] in (28, 29) and "membre fondateur" in founding[0]["quote"]
    denied = [r for r in rows if r["source"] == "Images" and r["target"] == "PICOM"
              and r["relation"] == "lien pôle de compétitivité"]
    assert denied and denied[0]["uncertain"] is True


def test_cluster_dossier(conn) -> None:
    dossier = views.cluster_dossier(conn, "ubiquitaire")
    assert dossier["name"] == "Ubiquitaire" and dossier["kind"] == "PE"
    readings = {(r["attribute"], r["value"]) for r in dossier["readings"]}
    assert {("created", "juin 2010"), ("created", "juin 2011")} <= readings
    assert all(r["sources"] and r["sources"][0]["passage_id"] for r in dossier["readings"])
    assert dossier["created"]["value"] == "juin 2010" and dossier["created"]["sources"]
    ids = {row["id"] for row in conn.execute("SELECT id FROM clusters")}
    assert dossier["links"] and all(link["id"] in ids for link in dossier["links"])
    json.dumps(dossier)
    assert views.cluster_dossier(conn, "no-such-cluster") is None


def test_cluster_dossier_funding_is_grouped_by_funder(conn) -> None:
    funded = conn.execute("SELECT recipient_id FROM funding WHERE recipient_type = 'cluster' "
                          "GROUP BY recipient_id ORDER BY COUNT(*) DESC LIMIT 1").fetchone()
    if funded is None:
        pytest.skip("no funding extracted yet")
    dossier = views.cluster_dossier(conn, funded["recipient_id"])
    total = conn.execute("SELECT COUNT(*) FROM funding WHERE recipient_type = 'cluster' AND recipient_id = ?",
                         (funded["recipient_id"],)).fetchone()[0]
    assert sum(len(g["items"]) for g in dossier["funding"]) == total
    assert len({g["funder"] for g in dossier["funding"]}) == len(dossier["funding"])


def test_filiere_and_actor_dossiers(conn) -> None:
    filiere = views.filiere_dossier(conn, "sante")
    assert {c["name"] for c in filiere["clusters"]} >= {"Santé", "NSL", "Clubster santé"}
    assert views.filiere_dossier(conn, "nothing") is None
    actor = conn.execute("SELECT id FROM actors LIMIT 1").fetchone()
    if actor is not None:
        dossier = views.actor_dossier(conn, actor["id"])
        assert dossier["id"] == actor["id"] and "roles" in dossier
    assert views.actor_dossier(conn, "nobody") is None


def test_passage_context(conn) -> None:
    passage_id = conn.execute("SELECT passage_id FROM evidence LIMIT 1").fetchone()[0]
    context = views.passage_context(conn, passage_id, before=2, after=2)
    assert context["passage"]["id"] == passage_id
    assert len(context["before"]) <= 2 and len(context["after"]) <= 2
    assert context["document"] and context["page"] >= 1
    missing = views.passage_context(conn, 10**9)
    assert missing["passage"] is None and missing["before"] == [] and missing["after"] == []


def test_three_monographs_side_by_side(tmp_path) -> None:
    from grappe.importer.pipeline import bundled_document, run_import

    database = tmp_path / "two.db"
    run_import([bundled_document(), SYNTHETIC, SYNTHETIC.with_name("clusters-auvergne.txt")], database)
    conn = open_readonly(database)
    try:
        rows = views.clusters(conn)
        assert by_name(rows, "Hydreos")["kind"] == "PC"
        assert len(by_name(rows, "Hydreos")["documents"]) == 1
        assert by_name(rows, "Santé")["documents"] != by_name(rows, "Hydreos")["documents"]
        kinds = [r["kind"] for r in rows]
        assert kinds.count("PE") == 14 + 3 + 2
        # "le cluster Plastipolis" in one monograph, a pôle de compétitivité in the other: one entity
        shared = [r for r in rows if r["name"] == "Plastipolis"]
        assert len(shared) == 1 and shared[0]["kind"] == "PC" and len(shared[0]["documents"]) == 2
    finally:
        conn.close()
