"""Funding totals count a whole and its parts once, everywhere a total appears, and a cluster
shows the money of its structure porteuse apart — checked on the bundled monograph as read by
hand, and as a property over random wholes and parts."""

from __future__ import annotations

import sqlite3
from collections import defaultdict

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from grappe.db import views
from grappe.db.browse import PaneQuery, fetch_page
from grappe.db.connect import open_readonly
from grappe.db.funding_totals import bar_amounts
from grappe.db.schema import create_schema


@pytest.fixture(scope="module")
def conn(bundled_db):
    connection = open_readonly(bundled_db)
    yield connection
    connection.close()


def _cluster(conn, cluster_id: str) -> dict:
    return next(r for r in views.clusters(conn) if r["id"] == cluster_id)


def _pane(conn, pane: str) -> dict[str, dict]:
    return {str(r["id"]): r for r in fetch_page(conn, PaneQuery(pane), 0, 1000)}


def test_clubtex_budget_and_its_funders_count_once(conn) -> None:
    # 2.3.2: "budget prévisionnel 2012 … de 385 000 € … 93 800 € chacun … 65 000 € … les
    # 132 400 € restants": the budget is the whole, the four amounts its parts.
    rows = [r for r in views.funding(conn) if r["recipient"] == "CLUBTEX"]
    (whole,) = [r for r in rows if r["role"] == "whole"]
    parts = [r for r in rows if r["role"] == "part"]
    assert whole["amount_eur"] == 385_000 and whole["kind"] == "budget" and whole["in_total"]
    assert sorted(p["amount_eur"] for p in parts) == [65_000, 93_800, 93_800, 132_400]
    assert {p["group"] for p in parts} == {whole["group"]} and not any(p["in_total"] for p in parts)
    assert sum(p["amount_eur"] for p in parts) == whole["amount_eur"]
    assert _cluster(conn, "clubtex")["funding_total_eur"] == 385_000
    assert _pane(conn, "clusters")["clubtex"]["funding_eur"] == 385_000
    dossier = views.cluster_dossier(conn, "clubtex")
    bars = {g["funder"]: g["total_eur"] for g in dossier["funding"]}
    assert bars["État"] == 93_800 and bars["Entreprises"] == 132_400
    assert sum(bars.values()) == 385_000 == dossier["funding_total_eur"]
    (budget,) = [i for g in dossier["funding"] for i in g["items"] if i["role"] == "whole"]
    assert sorted(p["amount_eur"] for p in budget["parts"]) == [65_000, 93_800, 93_800, 132_400]
    assert all(i["part_of"]["amount_eur"] == 385_000
               for g in dossier["funding"] for i in g["items"] if i["role"] == "part")


def test_spl_capital_and_its_three_shares(conn) -> None:
    # 2.1.3: "La SPL a un capital de 1,5 M€, avec comme actionnaires Lille Métropole (70%), la
    # Région (20%) et la ville de Lille (10%)"; the SPL carries the PE Ubiquitaire.
    rows = [r for r in views.funding(conn) if r["kind"] == "capital" and r["page"] == 23]
    (whole,) = [r for r in rows if r["role"] == "whole"]
    shares = {r["funder"]: r["amount_eur"] for r in rows if r["role"] == "part"}
    assert whole["amount_eur"] == 1_500_000
    assert shares == {"Lille Métropole": 1_050_000, "Conseil Régional": 300_000, "ville de Lille": 150_000}
    structure = _cluster(conn, "ubiquitaire")["structure_funding"]
    assert "Euratechnologies" in structure["received_by"] and structure["structure"] == "SPL Euratechnologies"
    # the capital once, plus the 5 M€ a year of the shareholders' contracts (its turnover)
    assert structure["total_eur"] == 1_500_000 + 5_000_000
    dossier = views.cluster_dossier(conn, "ubiquitaire")
    assert "structure porteuse" in dossier["structure_funding"]["title"]
    assert dossier["structure_funding"]["total_eur"] == 6_500_000
    assert all(i["sources"] for g in dossier["structure_funding"]["funding"] for i in g["items"])
    assert dossier["funding"] == [] and dossier["funding_total_eur"] is None  # not merged


def test_gie_budget_with_its_subsidies_and_the_firms_share(conn) -> None:
    # 2.4.3: "Le budget annuel du GIE est de 3,9 M€ dont 80% de subventions … Mais environ 1M€
    # sont donc apportés par les entreprises"; footnote 6 gives LMCU's 720 k€ to Eurasanté.
    structure = _cluster(conn, "sante")["structure_funding"]
    assert structure["structure"] == "GIE Eurasanté" and "Eurasanté" in structure["received_by"]
    budget = [f for f in structure["funding"] if f["amount_eur"] == 3_900_000]
    parts = [f for f in structure["funding"] if f["role"] == "part" and f["group"] == budget[0]["group"]]
    assert budget[0]["role"] == "whole" and sorted(p["amount_eur"] for p in parts) == [1_000_000, 3_120_000]
    assert structure["total_eur"] == 3_900_000 + 720_000
    dossier = views.cluster_dossier(conn, "sante")
    assert dossier["structure_funding"]["total_eur"] == 4_620_000
    assert sum(g["total_eur"] for g in dossier["structure_funding"]["funding"]) == 4_620_000


def test_cd2e_budget_deduced_shares_and_fee_levels(conn) -> None:
    # 2.5.3: "un budget de 1,5 M€, dont 800 k€ consacrés aux salons" (a part); "assuré à 40 % par
    # le Conseil régional, à 30% par l'Etat (qui finançait 450 k€)" (two parts of a whole only
    # deduced); fees of 140 € and 400 € are a scale; Europe 400 à 500 k€.
    structure = _cluster(conn, "eco-activites")["structure_funding"]
    roles = {(f["amount_eur"], f["role"]) for f in structure["funding"]}
    assert {(1_500_000, "whole"), (800_000, "part"), (450_000, "part"), (600_000, "part"),
            (140, "level"), (400, "level"), (400_000, "standalone")} <= roles
    assert structure["total_eur"] == 1_500_000 + 450_000 + 600_000 + 400_000


def test_fee_scale_and_turnover_brackets_are_not_money_received(conn) -> None:
    # 2.1.2: the PRN receives 190 000 € from the State and has 47 000 € of its own; fees "démarrant
    # à 150 € à moins de 1 M€ de chiffre d'affaires, pour atteindre 1000 € … 10 000 €".
    assert _cluster(conn, "prn")["funding_total_eur"] == 190_000 + 47_000
    levels = sorted(r["amount_eur"] for r in views.funding(conn) if r["role"] == "level" and r["page"] == 21)
    assert levels == [150, 1_000, 10_000, 1e6, 20e6, 150e6]
    assert _cluster(conn, "up-tex")["funding_total_eur"] == 5_000  # CLUBTEX's fee, really paid


def test_filiere_totals_add_their_clusters_counted_once(conn) -> None:
    clusters = {r["name"]: r for r in views.clusters(conn)}
    pane = _pane(conn, "filieres")
    for filiere in views.filieres(conn):
        totals = [clusters[name]["funding_total_eur"] for name in filiere["clusters"]
                  if clusters[name]["funding_total_eur"] is not None]
        assert filiere["funding_eur"] == (sum(totals) if totals else None), filiere["name"]
        assert pane[filiere["id"]]["funding_eur"] == filiere["funding_eur"], filiere["name"]
        dossier = views.filiere_dossier(conn, filiere["id"])
        assert dossier["funding_eur"] == filiere["funding_eur"]
    textile = next(f for f in views.filieres(conn) if f["name"] == "Textile, mode, matériaux")
    assert textile["funding_eur"] == 385_000 + 5_000  # CLUBTEX and UP-tex's fee


def test_no_total_counts_a_whole_and_its_parts(conn) -> None:
    received: dict[str, float] = defaultdict(float)
    wholes = {r["group"] for r in views.funding(conn) if r["role"] == "whole"}
    for row in views.funding(conn):
        if row["role"] == "part" and row["group"] in wholes:
            assert not row["in_total"]
        if row["role"] == "level" or row["kind"] == "chiffre d'affaires":
            assert not row["in_total"]
        if row["in_total"] and row["recipient"] and row["amount_eur"]:
            received[row["recipient"]] += row["amount_eur"]
    bound: dict[str, float] = defaultdict(float)  # wholes + standalone + parts of no whole
    for row in views.funding(conn):
        if row["recipient"] and row["amount_eur"] and row["role"] in ("whole", "standalone", "part") \
                and not (row["role"] == "part" and row["group"] in wholes):
            bound[row["recipient"]] += row["amount_eur"]
    assert received and all(received[k] <= bound[k] for k in received)
    pane = _pane(conn, "clusters")
    for cluster in views.clusters(conn):
        assert pane[cluster["id"]]["funding_eur"] == cluster["funding_total_eur"], cluster["id"]
        if cluster["funding_total_eur"] is not None:
            assert cluster["funding_total_eur"] == pytest.approx(received[cluster["name"]])
            dossier = views.cluster_dossier(conn, cluster["id"])
            assert sum(g["total_eur"] for g in dossier["funding"]) == pytest.approx(cluster["funding_total_eur"])


# --- the rule as a property over random wholes and parts ------------------------------------

_GROUP = st.tuples(
    st.one_of(st.none(), st.integers(1, 10_000)),  # the whole, or none (deduced)
    st.lists(st.integers(1, 5_000), max_size=4),  # its parts
)


@settings(max_examples=60, deadline=None)
@given(groups=st.lists(_GROUP, max_size=4), standalone=st.lists(st.integers(1, 5_000), max_size=3),
       levels=st.lists(st.integers(1, 500), max_size=2))
def test_bars_add_up_to_the_sql_total(groups, standalone, levels) -> None:
    db = sqlite3.connect(":memory:")
    db.row_factory = sqlite3.Row
    create_schema(db)

    def add(amount: float, role: str, group: str | None, kind: str = "subvention") -> None:
        db.execute("INSERT INTO funding (recipient_id, recipient_type, amount_eur, amount_text, kind, role, "
                   "group_id) VALUES ('x', 'cluster', ?, '', ?, ?, ?)", (amount, kind, role, group))

    expected = float(sum(standalone))
    for index, (whole, parts) in enumerate(groups):
        group = f"d:{index}"
        if whole is not None:
            add(whole, "whole", group, "budget")
        for part in parts:
            add(part, "part", group)
        expected += whole if whole is not None else sum(parts)
    for amount in standalone:
        add(amount, "standalone", None)
    for amount in levels:
        add(amount, "level", None, "cotisation")
    add(1e6, "standalone", None, "chiffre d'affaires")
    total = db.execute("SELECT COALESCE(SUM(amount_eur), 0) FROM funding_received").fetchone()[0]
    assert total == expected
    rows = db.execute("SELECT * FROM funding").fetchall()
    assert sum(bar_amounts(rows).values()) == pytest.approx(expected)
    assert all(value >= 0 for value in bar_amounts(rows).values())


def test_every_cluster_shows_the_same_structure_money_in_view_and_dossier(conn) -> None:
    from grappe.db.export import render_dossier_markdown

    shown = 0
    for cluster in views.clusters(conn):
        dossier = views.cluster_dossier(conn, cluster["id"])
        mine, theirs = cluster["structure_funding"], dossier["structure_funding"]
        assert (mine is None) == (theirs is None), cluster["id"]
        if mine is not None:
            shown += 1
            assert mine["total_eur"] == pytest.approx(theirs["total_eur"])
            assert mine["received_by"] == theirs["received_by"]
            text = render_dossier_markdown("cluster", dossier)
            assert "Financements reçus par la structure porteuse" in text
    assert shown == 3  # the SPL, the GIE and the association CD2E
    text = render_dossier_markdown("cluster", views.cluster_dossier(conn, "clubtex"))
    assert text.count("part de 385 000 € budget 2012") == 4


def test_structure_names_match_across_accents_ligatures_and_legal_forms() -> None:
    from grappe.db.funding_totals import StructureIndex, structure_pool, structure_rows

    db = sqlite3.connect(":memory:")
    db.row_factory = sqlite3.Row
    create_schema(db)
    for name, amount in (("Œnologie-Sãnté Pôle", 10.0), ("Sãnté", 20.0), ("Pôle Œnologie 50%_x", 30.0)):
        db.execute("INSERT INTO funding (recipient_name, amount_eur, amount_text, kind) "
                   "VALUES (?, ?, '', 'budget')", (name, amount))
    rows, received_by = structure_rows(db, "GIE Oenologie Santé")
    assert [r["amount_eur"] for r in rows] == [10.0] and received_by == "Œnologie-Sãnté Pôle"
    assert StructureIndex(structure_pool(db)).find("GIE Oenologie Santé")[0] == rows
    assert structure_rows(db, "Association (ad hoc)") == ([], None)  # nothing distinctive
    assert [r["amount_eur"] for r in structure_rows(db, "SPL 50%_x")[0]] == [30.0]
