"""Actors: the interviewees' annex re-assembled, organisations categorised, people of the prose."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest

from grappe.importer.extract import actors
from grappe.importer.extract.annex import parse_annex, split_line
from grappe.importer.facts import ClusterFact, Facts
from grappe.importer.read import read_document
from grappe.importer.segment import segment

SYNTHETIC = Path(__file__).parent / "fixtures" / "synthetic" / "actors-armor.txt"
IMPORT_DIR = Path(__file__).parent.parent / "import"

# Every row of "Annexe 2 : liste des personnes rencontrées", read by hand from the monograph:
# (name, words of the structure, function).
ANNEX = [
    ("Pierre Stussi", "SGAR", "SGAR"),
    ("Pascal Oustrière", "SGAR", "Chargé de mission"),
    ("Valérian Pham Ngoc", "DIRECCTE",
     "Chef du service Développement de la Compétitivité, des Compétences, Innovation et Mutations économiques"),
    ("Emeline Pavy", "DIRECCTE", "Chargée de mission D2C"),
    ("Cathy Buquet", "DRRT", "Directrice"),
    ("Fabienne Dupont", "DRRT", "Chargée de mission"),
    ("Jean-Marie Pruvot", "Nord France Innovation Développement", "Directeur"),
    ("Jean Christophe Godest", "Nord France Innovation Développement",
     "Diagnostics et évolution des dispositifs"),
    ("Yannick Giry", "Conseil Régional", "Directeur Adjoint à la SRI (Dir. Action Economique)"),
    ("Marie-Claire Bilbault", "Conseil Régional", "Chef du service Innovation Compétitivité Entreprises"),
    ("Isabelle Wisniewski", "Lille Métropole Communauté Urbaine (LMCU)", "Directrice Entreprises et recherche"),
    ("Philippe Domino", "CCIR", "Directeur CCI Innovation"),
    ("Fabrice Galloo", "Pôle Régional Numérique (PRN)-Grappe", "Directeur général"),
    ("Patrice Gallant", "ClubTex (Grappe)", "Président"),
    ("Jean François Bracq", "ClubTex-Pôle d'excellence régional Textile Mode Matériaux",
     "Directeur général Clubtex et responsable métier T2M"),
    ("Edith Degans", "ClubTex-Uptex (PC)", "Ingénieur de recherche Clubtex- Chargée de projet Uptex"),
    ("Thibaut Defever", "Action Plastugie Artois Flandres -Grappe", "Conseiller en développement technologique"),
    ("Pierre Courquin", "Artois.Comm(Agglo)", "Directeur Développement économique"),
    ("Vincent Leclercq", "Pôle Images (Pôle d'excellence régional)", "Directeur général"),
    ("Christophe Chaillou", "Pôle Images (Pôle d'excellence régional)", "Directeur Recherche Innovation"),
    ("Etienne Vervaecke", "Eurasanté-Pôle Santé (PE)", "Directeur général"),
    ("Raouti Chehih", "Euratechnologies - Pôle Ubiquitaire (PE)", "Directeur général"),
    ("Héric Manusset", "Association des Industries Ferroviaires NPDC-Picardie (AIF)- Grappe", "Directeur général"),
    ("Marc Honoré", "Pôle Textile et Mode matériaux(PE)- Uptex- CETI", "Directeur général"),
    ("Christian Traisnel", "CD2E-Pôle régional Eco Activités", "Directeur général"),
    ("Christine Useille", "Université Lille 2-Service Recherche, valorisation et information scientifique",
     "Directrice"),
    ("Boris Molle", "Université Lille 2", "Chargé de mission SATT"),
    ("Mathieu Defresne", "OSEO", "Délégué Innovation"),
    ("Agnès Laurent-Moreau", "OSEO", "Prochaine déléguée Innovation"),
    ("David Simplot-Ryl", "INRIA Lille", "Directeur général"),
    ("Christian Sergheraert", "Université Lille 2 - PRES", "Président"),
    ("Eric Markiewicz", "Université de Valenciennes -Pôle de recherche transport et mobilité durable",
     "Directeur- Coordinateur du CPER CISIT"),
    ("Isabelle Zeller", "Conseil Régional- DRESTIC", "Directrice DRESTIC"),
]


@pytest.fixture(scope="module")
def bundled_actors(bundled_segmented) -> Facts:
    return actors.extract("doc", bundled_segmented, Facts())


def by_name(facts: Facts, name: str):
    found = [a for a in facts.actors if a.name == name or name in a.aliases]
    assert len(found) == 1, (name, [a.name for a in found])
    return found[0]


def test_every_annex_row_with_structure_and_function(bundled_segmented) -> None:
    rows = [(r.name, r.structure, r.function) for r in parse_annex(bundled_segmented)]
    assert rows == ANNEX


@pytest.mark.parametrize("name", ["Raouti Chehih", "Héric Manusset", "Christian Traisnel"])
def test_glued_names_are_split(bundled_actors, name) -> None:
    assert by_name(bundled_actors, name).kind == "person"
    assert not any(a.name == name.replace(" ", "") for a in bundled_actors.actors)


@pytest.mark.parametrize("name, structure, function", ANNEX)
def test_each_annex_person_has_function_and_organisation(bundled_actors, name, structure, function) -> None:
    person = by_name(bundled_actors, name)
    organisation = {a.key: a for a in bundled_actors.actors}[person.organisation_key]
    assert (person.function, organisation.name, organisation.kind) == (function, structure, "organisation")
    assert person.evidence and name.split()[-1] in person.evidence[0].quote


@pytest.mark.parametrize("structure, category", [
    ("SGAR", "État"), ("DIRECCTE", "État"), ("DRRT", "État"),
    ("Conseil Régional", "collectivité"), ("Lille Métropole Communauté Urbaine (LMCU)", "collectivité"),
    ("Artois.Comm(Agglo)", "collectivité"), ("OSEO", "financeur"), ("INRIA Lille", "recherche"),
    ("Université Lille 2 - PRES", "enseignement supérieur"), ("CCIR", "structure d'appui"),
    ("Pôle Régional Numérique (PRN)-Grappe", "structure d'appui"),
    ("Nord France Innovation Développement", "structure d'appui"),
])
def test_organisation_categories(bundled_actors, structure, category) -> None:
    assert by_name(bundled_actors, structure).category == category


def test_acronym_in_parentheses_is_an_alias(bundled_actors) -> None:
    assert by_name(bundled_actors, "LMCU").name == "Lille Métropole Communauté Urbaine (LMCU)"
    assert "PE" not in by_name(bundled_actors, "Eurasanté-Pôle Santé (PE)").aliases


def test_people_of_the_prose_one_actor_per_person(bundled_actors) -> None:
    saintignon = by_name(bundled_actors, "Pierre de Saintignon")
    assert saintignon.aliases == ["P. de Saintignon"]
    assert len({e.passage_seq for e in saintignon.evidence}) >= 6
    assert saintignon.function.startswith("vice-président du Conseil Régional")
    assert saintignon.organisation_key == by_name(bundled_actors, "Conseil Régional").key
    delannoy = by_name(bundled_actors, "Michel-François Delannoy")
    assert delannoy.function.startswith("vice président de LMCU")
    assert delannoy.organisation_key == by_name(bundled_actors, "LMCU").key
    for name in ("Michel-François Delannoy", "Valérie Létard", "Alain Bocquet", "J. L. Borloo"):
        assert by_name(bundled_actors, name).kind == "person"
    names = {a.name for a in bundled_actors.actors if a.kind == "person"}
    assert not names & {"Valenciennes Métropole", "Zone Union", "Le Fresnoy", "France IT"}
    assert len(names) == len(ANNEX) + 5


def test_keys_unique_and_references_resolve(bundled_actors, bundled_segmented) -> None:
    keys = [a.key for a in bundled_actors.actors]
    assert len(keys) == len(set(keys))
    for actor in bundled_actors.actors:
        assert actor.organisation_key is None or actor.organisation_key in keys
        for evidence in actor.evidence:
            assert evidence.quote and 0 <= evidence.passage_seq < len(bundled_segmented.passages)


def test_known_actors_are_not_emitted_twice(bundled_segmented, bundled_actors) -> None:
    again = actors.extract("doc", bundled_segmented, bundled_actors)
    known = {a.key for a in bundled_actors.actors}
    assert not [a for a in again.actors if a.kind == "organisation" and a.key in known]


@pytest.mark.parametrize("line, org, name, function", [
    ("SGAR Pierre Stussi SGAR", "SGAR", "Pierre Stussi", "SGAR"),
    ("Conseil Régional Yannick Giry Directeur Adjoint", "Conseil Régional", "Yannick Giry", "Directeur Adjoint"),
    ("INRIA Lille David Simplot-Ryl Directeur général", "INRIA Lille", "David Simplot-Ryl", "Directeur général"),
    ("OSEO Agnès Laurent-", "OSEO", "Agnès Laurent-", ""),
    ("DIRECCTE Xavier Kowalczyk", "DIRECCTE", "Xavier Kowalczyk", ""),
    ("PREFECTURE Zorba Quiniou", "PREFECTURE", "Zorba Quiniou", ""),  # unknown first name
    ("SGAR Hervé Le Gall Chargé de mission", "SGAR", "Hervé Le Gall", "Chargé de mission"),
    ("Nord France Innovation", "Nord France Innovation", "", ""),
    ("Pôle Régional Numérique", "Pôle Régional Numérique", "", ""),
    ("CCI Nord Mme Anne Martin Directrice", "CCI Nord", "Anne Martin", "Directrice"),
    ("GIE Alpha Zorba Quiniou Directeur général", "GIE Alpha", "Zorba Quiniou", "Directeur général"),
])
def test_split_line(line, org, name, function) -> None:
    parts = split_line(line)
    assert (" ".join(parts.org), " ".join(parts.name), " ".join(parts.function)) == (org, name, function)


@pytest.fixture(scope="module")
def synthetic():
    segmented = segment(read_document(SYNTHETIC).text)
    clusters = [ClusterFact("nautisme", "Nautisme", "PE"), ClusterFact("pma", "Mer Atlantique", "PC", ["PMA"])]
    return segmented, actors.extract("syn", segmented, Facts(clusters=clusters))


def test_sibling_monograph_annex(synthetic) -> None:
    segmented, facts = synthetic
    rows = [(r.name, r.structure, r.function) for r in parse_annex(segmented)]
    assert rows == [
        ("Hervé Le Gall", "SGAR", "Chargé de mission"),
        ("Solène Quéméner Tanguy", "DREAL", "Chef du service Economie, Emploi et Innovation"),
        ("Bruno Caradec", "Conseil Régional", "Directeur Adjoint à l'innovation"),
        ("Yves Kerjean", "Pôle Nautisme (Pôle d'excellence régional)", "Directeur général"),
        ("Gwenaëlle Trégouët", "Pôle Mer Atlantique (PMA)", "Chargée de mission Europe"),
        ("Loïc Guézennec", "Armor Agro - Pôle Agroalimentaire (PE)", "Directeur général"),
        ("Maëlle Riou", "Ker Innov-Pôle régional Biotechnologies", "Directrice générale"),
        ("Tristan Coat", "Biotech Ouest (PC)", "Président"),
        ("Nathalie Le Bihan", "Université de Bretagne Occidentale", "Directrice de la recherche"),
        ("Sophie Menez-Lagadec", "Conseil Régional", "Chef du service Innovation"),
    ]
    assert by_name(facts, "DREAL").category == "État"
    assert by_name(facts, "Université de Bretagne Occidentale").category == "enseignement supérieur"


def test_sibling_monograph_prose_people(synthetic) -> None:
    _, facts = synthetic
    morvan = by_name(facts, "Jeanne Morvan")
    assert morvan.aliases == ["J. Morvan"] and morvan.function.startswith("vice-présidente du Conseil Régional")
    assert by_name(facts, "G. Le Floch").kind == "person"
    assert by_name(facts, "Paul-André Kervella").kind == "person"


def test_no_monograph_name_in_the_vocabulary_or_code(bundled_segmented) -> None:
    surnames = {r.name.split()[-1].casefold() for r in parse_annex(bundled_segmented)}
    surnames |= {"saintignon", "delannoy", "létard", "bocquet", "clubtex", "uptex", "eurasanté", "lmcu"}
    for relative in ("actors.toml", "roles.toml", "extract/annex.py", "extract/people.py",
                     "extract/actors.py", "extract/roles.py", "extract/roles_inferred.py",
                     "extract/role_targets.py", "extract/mentions.py", "extract/role_mentions.py",
                     "extract/annex_lists.py"):
        words = set(re.findall(r"[\w-]+", (IMPORT_DIR / relative).read_text("utf-8").casefold()))
        assert not words & surnames, relative


def test_actors_stage_is_fast(bundled_segmented) -> None:
    start = time.perf_counter()
    actors.extract("doc", bundled_segmented, Facts())
    assert time.perf_counter() - start < 0.25  # about 10 ms measured; generous for a loaded machine


@pytest.mark.parametrize("text, names", [
    ("sous l'impulsion de P. de Saintignon, vice-président", ["P. de Saintignon"]),
    ("à la demande de J. L. Borloo, et qui", ["J. L. Borloo"]),
    ("selon J.-P. Martin et Mme Durand, le pôle", ["J.-P. Martin", "Durand"]),
    ("dont le maire, Michel-François Delannoy, est", ["Michel-François Delannoy"]),
    ("G. Le Floch a pris la présidence", ["G. Le Floch"]),
    ("à Valenciennes Métropole, dans la Zone de l'Union", []),
    ("Le Conseil Régional et Saint-Pierre Martin", []),
    ("M. Dupont, directeur", ["Dupont"]),
])
def test_person_mentions(text, names) -> None:
    from grappe.importer.extract.people import person_mentions

    assert [m.name for m in person_mentions(text)] == names


def test_interviewees_written_as_a_list() -> None:
    from grappe.importer.segment import Passage, Segmented

    lines = ["- Anne Martin, directrice générale de l'Agence Régionale d'Innovation",
             "- Jean-Paul Durand (CCI Gironde), chargé de mission",
             "- M. Zorba Quiniou, président du Club Alpha"]
    passages = [Passage("heading", "Annexe 3 : liste des personnes interviewées", 9, 0)]
    passages += [Passage("bullet", line, 9, i + 1) for i, line in enumerate(lines)]
    rows = [(r.name, r.structure, r.function) for r in parse_annex(Segmented(passages, 9, []))]
    assert rows == [
        ("Anne Martin", "Agence Régionale d'Innovation", "directrice générale"),
        ("Jean-Paul Durand", "CCI Gironde", "chargé de mission"),
        ("Zorba Quiniou", "Club Alpha", "président"),
    ]
