"""Roles: who directs, presides, vice-presides which cluster — in one sentence or across places."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from grappe.importer.extract import actors, roles
from grappe.importer.facts import ClusterFact, Facts
from grappe.importer.read import read_document
from grappe.importer.segment import segment

SYNTHETIC = Path(__file__).parent / "fixtures" / "synthetic" / "actors-armor.txt"

# Clusters as the monograph spells them (what the clusters stage hands over), keyed by hand.
CLUSTERS = [
    ClusterFact("prn", "PRN", "GE", aliases=["Pôle régional numérique"]),
    ClusterFact("clubtex", "CLUBTEX", "GE", aliases=["ClubTex"]),
    ClusterFact("t2m", "Textile, Mode et Matériaux", "PE", aliases=["T2M"]),
    ClusterFact("up-tex", "UP-tex", "PC", aliases=["Uptex", "Up Tex"]),
    ClusterFact("sante", "Santé", "PE"),
    ClusterFact("clubster", "Clubster Santé", "GE"),
    ClusterFact("nsl", "Nutrition Santé Longévité", "PC", aliases=["NSL"]),
    ClusterFact("team2", "Team2", "PC", aliases=["Team 2"]),
    ClusterFact("eco", "Eco-activités", "PE"),
    ClusterFact("images", "Images", "PE"),
    ClusterFact("ubiquitaire", "Ubiquitaire", "PE"),
    ClusterFact("aif", "AIF", "GE"),
    ClusterFact("picom", "PICOM", "PC"),
    ClusterFact("i-trans", "I-Trans", "PC"),
]


def run(document_id: str, segmented, clusters) -> Facts:
    so_far = Facts(clusters=list(clusters))
    so_far.extend(actors.extract(document_id, segmented, so_far))
    found = roles.extract(document_id, segmented, so_far)
    so_far.extend(found)
    return so_far


@pytest.fixture(scope="module")
def bundled(bundled_segmented) -> Facts:
    return run("doc", bundled_segmented, CLUSTERS)


def person_key(facts: Facts, name: str) -> str:
    return next(a.key for a in facts.actors if a.name == name or name in a.aliases)


def role(facts: Facts, name: str, of_key: str):
    found = [r for r in facts.roles if r.person_key == person_key(facts, name) and r.of_key == of_key]
    assert len(found) == 1, (name, of_key, found)
    return found[0]


def quotes(fact) -> list[str]:
    return [e.quote for e in fact.evidence]


# Directors and presidents the annex names directly (the row's structure names the cluster).
@pytest.mark.parametrize("name, of_key, expected_role", [
    ("Fabrice Galloo", "prn", "directeur général"),
    ("Jean François Bracq", "clubtex", "directeur général"),
    ("Patrice Gallant", "clubtex", "président"),
    ("Vincent Leclercq", "images", "directeur général"),
    ("Raouti Chehih", "ubiquitaire", "directeur général"),
    ("Héric Manusset", "aif", "directeur général"),
])
def test_annex_directors(bundled, name, of_key, expected_role) -> None:
    fact = role(bundled, name, of_key)
    assert (fact.role, fact.of_type, fact.inferred, fact.uncertain) == (expected_role, "cluster", False, False)
    assert f"| {name} |" in quotes(fact)[0]  # the annex row first, then any unnamed mention


def test_the_function_names_its_own_cluster(bundled) -> None:
    # "Directeur général Clubtex et responsable métier T2M": each part goes to its cluster.
    assert role(bundled, "Jean François Bracq", "t2m").role == "responsable métier"
    assert role(bundled, "Christophe Chaillou", "images").role == "directeur recherche innovation"


def test_director_of_t2m_also_directs_up_tex(bundled) -> None:
    for of_key in ("t2m", "up-tex"):
        fact = role(bundled, "Marc Honoré", of_key)
        assert fact.role == "directeur général" and fact.inferred and not fact.uncertain
        assert any("Marc Honoré | Directeur général" in q for q in quotes(fact))
        assert any(q.startswith("Le directeur de T2M est également directeur général du pôle UP-tex")
                   for q in quotes(fact))


def test_three_health_structures_share_their_director(bundled) -> None:
    direct = role(bundled, "Etienne Vervaecke", "sante")
    assert direct.role == "directeur général" and direct.inferred
    for of_key in ("clubster", "nsl"):
        fact = role(bundled, "Etienne Vervaecke", of_key)
        assert fact.inferred and not fact.uncertain and fact.role == "directeur"
        texts = quotes(fact)
        assert any("ont de plus le même directeur" in q for q in texts)
        assert any("Etienne Vervaecke | Directeur général" in q for q in texts)
        assert any("Clubster Santé" in q for q in texts) and any("(NSL)" in q for q in texts)
        assert len({e.passage_seq for e in fact.evidence}) >= 5  # sentence, 3 bullets, annex


def test_team2_is_directed_by_the_director_of_cd2e(bundled) -> None:
    assert role(bundled, "Christian Traisnel", "eco").role == "directeur général"
    fact = role(bundled, "Christian Traisnel", "team2")
    assert fact.inferred and fact.role == "directeur"
    assert any("La direction de Team2 sera donc assumée par le directeur de CD2E" in q for q in quotes(fact))
    assert any("CD2E-Pôle régional Eco Activités | Christian Traisnel" in q for q in quotes(fact))


def test_presidents_and_vice_presidents_from_the_prose(bundled) -> None:
    assert role(bundled, "Pierre de Saintignon", "ubiquitaire").role == "président"
    assert role(bundled, "Michel-François Delannoy", "images").role == "président"
    assert role(bundled, "Valérie Létard", "images").role == "vice-présidente"
    assert role(bundled, "Alain Bocquet", "images").role == "vice-président"
    council = role(bundled, "Pierre de Saintignon", "conseil-regional")
    assert (council.role, council.of_type) == ("vice-président", "actor")
    assert "P. de Saintignon, vice-président du Conseil Régional" in council.evidence[0].quote
    lmcu = role(bundled, "Michel-François Delannoy", "lille-metropole-communaute-urbaine-lmcu")
    assert lmcu.role == "vice-président"


def test_the_director_next_to_a_name_is_not_that_person(bundled) -> None:
    # "Le directeur du pôle a accompagné P. de Saintignon": no directorship for him.
    key = person_key(bundled, "Pierre de Saintignon")
    assert not [r for r in bundled.roles if r.person_key == key and r.role.startswith("directeur")]


def test_relative_clause_roles_are_flagged_uncertain(bundled) -> None:
    # "…, dont la présidente, Valérie Létard, …": whose présidente is a reading of the clause.
    fact = role(bundled, "Valérie Létard", "valenciennes-metropole")
    assert fact.role == "présidente" and fact.uncertain
    hainaut = role(bundled, "Alain Bocquet", "communaute-d-agglomeration-de-la-porte-du-hainaut")
    assert hainaut.role == "président" and hainaut.uncertain
    organisations = {a.key: a for a in bundled.actors}
    assert organisations["valenciennes-metropole"].category == "collectivité"
    assert organisations["tourcoing"].category == "collectivité"  # "dont le maire, …"


def test_university_president_vice_presides_nsl(bundled) -> None:
    fact = role(bundled, "Christian Sergheraert", "nsl")
    assert fact.role == "vice-président" and fact.inferred
    assert any("dont le président assure la vice-présidence de NSL" in q for q in quotes(fact))


def test_every_role_points_at_a_known_person_and_has_evidence(bundled, bundled_segmented) -> None:
    people = {a.key for a in bundled.actors if a.kind == "person"}
    organisations = {a.key for a in bundled.actors if a.kind == "organisation"}
    clusters = {c.key for c in CLUSTERS}
    for fact in bundled.roles:
        assert fact.person_key in people
        assert fact.of_key in (clusters if fact.of_type == "cluster" else organisations)
        assert fact.evidence and all(e.quote for e in fact.evidence)
        assert all(0 <= e.passage_seq < len(bundled_segmented.passages) for e in fact.evidence)
        assert len(fact.evidence) == len(set(fact.evidence))
        if fact.inferred:
            assert len({e.passage_seq for e in fact.evidence}) >= 2


def test_roles_stage_is_fast(bundled_segmented) -> None:
    so_far = Facts(clusters=list(CLUSTERS))
    so_far.extend(actors.extract("doc", bundled_segmented, so_far))
    start = time.perf_counter()
    roles.extract("doc", bundled_segmented, so_far)
    assert time.perf_counter() - start < 0.3  # about 20 ms measured; generous for a loaded machine


@pytest.fixture(scope="module")
def sibling() -> Facts:
    clusters = [
        ClusterFact("nautisme", "Nautisme", "PE"), ClusterFact("pma", "Mer Atlantique", "PC", ["PMA"]),
        ClusterFact("agro", "Agroalimentaire", "PE"), ClusterFact("valorial", "Valorial Plus", "GE"),
        ClusterFact("tm", "Terres Marines", "PC", ["TM"]), ClusterFact("biotech", "Biotech Ouest", "PC"),
    ]
    return run("syn", segment(read_document(SYNTHETIC).text), clusters)


def test_sibling_monograph_roles(sibling) -> None:
    assert role(sibling, "Yves Kerjean", "nautisme").role == "directeur général"
    carried = role(sibling, "Yves Kerjean", "pma")
    assert carried.inferred and any("Le directeur de Nautisme est également" in q for q in quotes(carried))
    for of_key in ("valorial", "tm"):
        shared = role(sibling, "Loïc Guézennec", of_key)
        assert shared.inferred and any("le même directeur" in q for q in quotes(shared))
    assumed = role(sibling, "Maëlle Riou", "biotech")
    assert assumed.inferred and any("La direction de Biotech Ouest" in q for q in quotes(assumed))
    assert role(sibling, "Tristan Coat", "biotech").role == "président"
    assert role(sibling, "Claire Abgrall", "tm").role == "présidente"  # "La présidente de X est Y"
    assert role(sibling, "G. Le Floch", "nautisme").role == "président"
    assert role(sibling, "Jeanne Morvan", "conseil-regional").role == "vice-présidente"
    mayor = role(sibling, "Paul-André Kervella", "quimper")
    assert mayor.role == "maire" and mayor.uncertain


def test_sibling_monograph_without_clusters_still_gives_roles_to_structures() -> None:
    facts = run("syn", segment(read_document(SYNTHETIC).text), [])
    fact = role(facts, "Yves Kerjean", "pole-nautisme-pole-d-excellence-regional")
    assert fact.of_type == "actor" and fact.role == "directeur général"


def test_generated_sibling_monographs(tmp_path) -> None:
    """Monographs of invented regions and names (the benchmark generator, with its ground truth):
    every interviewee, every director and president of every cluster."""
    import json

    from grappe.importer.extract import clusters as clusters_stage
    from grappe.importer.extract.annex import parse_annex
    from grappe.importer.extract.role_targets import role_family

    corpus = pytest.importorskip("benchmarks.corpus")
    for path in corpus.generate(2, 7, tmp_path):
        truth = json.loads(path.with_name(path.stem + ".truth.json").read_text("utf-8"))
        segmented = segment(read_document(path).text)
        rows = {(r.name, r.structure, r.function) for r in parse_annex(segmented)}
        assert rows == {(p["name"], p["organisation"], p["function"]) for p in truth["people"]}
        facts = Facts()
        facts.extend(clusters_stage.extract("gen", segmented, facts))
        facts.extend(actors.extract("gen", segmented, facts))
        facts.extend(roles.extract("gen", segmented, facts))
        names = {a.key: a.name for a in facts.actors}
        key_of = {n: c.key for c in facts.clusters for n in (c.name, *c.aliases)}
        found = {(names[r.person_key], r.of_key, role_family(r.role)) for r in facts.roles}
        for cluster in truth["clusters"]:
            assert (cluster["director"], key_of[cluster["name"]], "directeur") in found, cluster["name"]
            if cluster["president"]:
                assert (cluster["president"], key_of[cluster["name"]], "president") in found


from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from grappe.importer.segment import Passage, Segmented

_WORDS = st.sampled_from([
    "Conseil", "Régional", "Directeur", "général", "Président", "de", "du", "pôle", "Anne",
    "Martin", "AnneMartin", "GIE", "CCI", "Alpha", "(PE)", "-", "Grappe", "est", "également",
    "la", "direction", "sera", "assumée", "par", "le", "même", "trois", "structures", ",", ".",
    "dont", "vice-présidente", "M.", "A.", "Laurent-", "Chargée", "de", "mission", "[/]", "",
])
_LINES = st.lists(st.lists(_WORDS, max_size=9).map(" ".join), min_size=1, max_size=4).map("\n".join)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(prose=st.lists(_LINES, max_size=4), annex=st.lists(_LINES, max_size=6))
def test_any_text_extracts_without_error(prose, annex) -> None:
    passages = [Passage("heading", "La filière Alpha", 1, 0, "1", "La filière Alpha", 1, "1")]
    passages += [Passage("paragraph", text, 1, i, "1", "La filière Alpha") for i, text in enumerate(prose)]
    passages.append(Passage("heading", "Annexe 2 : liste des personnes rencontrées", 2, 50))
    passages += [Passage("annex", text, 2, 60 + i) for i, text in enumerate(annex)]
    facts = run("fuzz", Segmented(passages, 2, []), [ClusterFact("alpha", "Alpha", "PE")])
    people = {a.key for a in facts.actors if a.kind == "person"}
    assert len({a.key for a in facts.actors}) == len(facts.actors)
    assert all(r.person_key in people and r.evidence for r in facts.roles)


def test_a_titled_surname_is_the_person_named_in_full() -> None:
    text = ("1.1 Le pôle d'excellence régional « Nautisme »\n\n"
            "Anne Durand dirige la filière. M. Durand, présidente du pôle, a signé la convention.\n")
    passages = [Passage("heading", "Le pôle d'excellence régional « Nautisme »", 1, 0, "1.1",
                        "Le pôle d'excellence régional « Nautisme »", 2, "1.1"),
                Passage("paragraph", text.split("\n\n")[1].strip(), 1, 2, "1.1", "Nautisme")]
    facts = run("t", Segmented(passages, 1, []), [ClusterFact("nautisme", "Nautisme", "PE")])
    durand = [a for a in facts.actors if a.kind == "person"]
    assert [(a.name, a.aliases) for a in durand] == [("Anne Durand", ["Durand"])]
    assert [(r.person_key, r.role, r.of_key) for r in facts.roles] == [("anne-durand", "présidente", "nautisme")]


def test_unnamed_mentions_of_a_known_director_are_evidence(bundled) -> None:
    prn = role(bundled, "Fabrice Galloo", "prn")
    assert not prn.inferred
    assert any(q.startswith("Le directeur du PRN a par ailleurs participé") for q in quotes(prn))
    assert any("pour le directeur du pôle, ce statut" in q for q in quotes(prn))  # section 2.1.2
    clubtex = quotes(role(bundled, "Jean François Bracq", "clubtex"))
    assert any("le directeur de CLUBTEX participe" in q for q in clubtex)
    assert any("son directeur est présent dans le bureau" in q for q in clubtex)
    assert any("Son président, quant à lui" in q for q in quotes(role(bundled, "Patrice Gallant", "clubtex")))
    # A department's director is not "le directeur du pôle".
    assert len(role(bundled, "Christophe Chaillou", "images").evidence) == 1
    # The director of the Centre INRIA is no cluster's director.
    assert not any("directeur du Centre" in q for r in bundled.roles for q in quotes(r))
