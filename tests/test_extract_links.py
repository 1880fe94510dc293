"""Links between clusters: from the pôles table and from the prose, with relation and evidence."""

from __future__ import annotations

from pathlib import Path

import pytest

from grappe.importer.extract import clusters, links
from grappe.importer.extract.registry import Registry
from grappe.importer.facts import Facts
from grappe.importer.read import read_document
from grappe.importer.segment import segment

SYNTHETIC = Path(__file__).parent / "fixtures" / "synthetic" / "clusters-lorraine.txt"


@pytest.fixture(scope="module")
def extracted(bundled_segmented) -> tuple[Facts, Facts, Registry]:
    table = clusters.extract("npdc", bundled_segmented, Facts())
    prose = links.extract("npdc", bundled_segmented, table)
    return table, prose, Registry.from_facts(table)


def pairs(facts: Facts, registry: Registry) -> dict[frozenset, set[str]]:
    found: dict[frozenset, set[str]] = {}
    for link in facts.links:
        names = frozenset({registry.by_key[link.source_key].name, registry.by_key[link.target_key].name})
        found.setdefault(names, set()).add(link.relation)
    return found


def key(registry: Registry, name: str) -> str:
    return registry.find_exact(name).key  # type: ignore[union-attr]


@pytest.mark.parametrize(("a", "b", "relation"), [
    ("CLUBTEX", "UP-tex", "membre fondateur"),
    ("CLUBTEX", "UP-tex", "adhérents communs"),
    ("CLUBTEX", "UP-tex", "personnel partagé"),
    ("CLUBTEX", "UP-tex", "friction"),
    ("Textile, mode, matériaux (T2M)", "UP-tex", "directeur commun"),
    ("Santé", "NSL", "directeur commun"),  # "les trois structures … ont le même directeur"
    ("Santé", "Clubster santé", "directeur commun"),
    ("NSL", "Clubster santé", "directeur commun"),
    ("Team2", "Eco-activités", "directeur commun"),
    ("PRN", "PICOM", "coopération"),
    ("PRN", "EDIT", "coopération"),  # "les partenariats actifs avec PICOM, … avec le cluster EDIT"
    ("PRN", "Ubiquitaire", "siège dans la gouvernance"),
    ("Images", "PICOM", "siège dans la gouvernance"),
    ("Eco-activités", "Energie 2020", "siège dans la gouvernance"),
    ("Eco-activités", "BTP", "coopération"),
    ("APAF", "MAUD", "coopération"),  # "la convention entre la grappe Plasturgie et MAUD"
    ("PRN", "I-Trans", "relations faibles ou absentes"),
    ("PRN", "UP-tex", "relations faibles ou absentes"),
])
def test_prose_links(extracted, a, b, relation) -> None:
    _table, prose, registry = extracted
    assert relation in pairs(prose, registry).get(frozenset({a, b}), set())


def test_prose_links_carry_their_sentence(extracted, bundled_segmented) -> None:
    _table, prose, registry = extracted
    founding = [l for l in prose.links if l.relation == "membre fondateur"
                and l.source_key == key(registry, "CLUBTEX")]
    assert founding and "membre fondateur" in founding[0].evidence[0].quote
    for link in prose.links:
        assert link.evidence and link.source_key != link.target_key
        for ev in link.evidence:
            assert ev.quote in bundled_segmented.passages[ev.passage_seq].text or ev.quote.endswith("…")


def test_no_link_from_a_third_party_sentence(extracted) -> None:
    """ "La métropole finance … NSL, UP-tex, PICOM" and "L'INRIA travaille avec …" link nobody."""
    _table, prose, registry = extracted
    found = pairs(prose, registry)
    assert frozenset({"NSL", "UP-tex"}) not in found
    assert frozenset({"MAUD", "Ubiquitaire"}) not in found
    # "…réduction des conflits… vis-à-vis de ces deux structures": no friction Santé–Ubiquitaire
    assert frozenset({"Santé", "Ubiquitaire"}) not in found


def test_table_links_pe_to_pc_and_grappes(extracted) -> None:
    table, _prose, registry = extracted
    found = pairs(table, registry)
    assert found[frozenset({"Santé", "NSL"})] == {"lien pôle de compétitivité"}
    assert found[frozenset({"Santé", "Clubster santé"})] == {"lien grappe"}
    assert found[frozenset({"Mécanique", "AIF"})] == {"lien grappe"}
    assert len(table.links) == 32


def test_table_link_denied_by_the_prose_is_uncertain(extracted) -> None:
    """Tableau 4 links Images to PICOM; the prose says Images has no linked PC nor grappe."""
    table, _prose, registry = extracted
    images = key(registry, "Images")
    denied = [l for l in table.links if l.source_key == images]
    assert denied and all(l.uncertain for l in denied)
    assert any("sans pôle de Compétitivité" in ev.quote for ev in denied[0].evidence)
    assert "links" in registry.by_key[images].uncertain
    others = [l for l in table.links if l.source_key != images]
    assert not any(l.uncertain for l in others)


def test_synthetic_links() -> None:
    segmented = segment(read_document(SYNTHETIC).text)
    table = clusters.extract("lorraine", segmented, Facts())
    prose = links.extract("lorraine", segmented, table)
    registry = Registry.from_facts(table)
    found = pairs(prose, registry)
    assert found[frozenset({"Hydreos", "Eau et environnement"})] == {"membre fondateur", "directeur commun"}
    assert found[frozenset({"Plastilor", "MATERALIA"})] == {"coopération"}
    assert found[frozenset({"Plastilor", "Matériaux"})] == {"siège dans la gouvernance"}
    assert found[frozenset({"MATERALIA", "Plastipolis"})] == {"coopération"}
    founder = [l for l in prose.links if l.relation == "membre fondateur"][0]
    assert registry.by_key[founder.source_key].name == "Hydreos"


def test_denial_in_another_wording() -> None:
    """"Il n'a pas de pôle de compétitivité lié" casts doubt on the table's PC link only."""
    path = SYNTHETIC.with_name("clusters-auvergne.txt")
    segmented = segment(read_document(path).text)
    table = clusters.extract("auvergne", segmented, Facts())
    prose = links.extract("auvergne", segmented, table)
    registry = Registry.from_facts(table)
    flags = {(registry.by_key[l.target_key].name, l.uncertain) for l in table.links
             if registry.by_key[l.source_key].name == "Numérique"}
    assert flags == {("Plastipolis", True), ("Auvergne Numérique", False)}
    assert pairs(prose, registry)[frozenset({"Auvergne Numérique", "Plastipolis"})] == {"coopération"}


@pytest.mark.parametrize(("a", "b", "fragment"), [
    # the director of PRN attended meetings launched by Euratechnologies (structure of Ubiquitaire)
    ("PRN", "Ubiquitaire", "réunions de lancement par Euratechnologies"),
    # a person of the pôle Images had collaborated with PICOM before
    ("Images", "PICOM", "qui avait déjà collaboré avec PICOM"),
    # the director of T2M was in contact with UP-tex's president before being recruited
    ("Textile, mode, matériaux (T2M)", "UP-tex", "notamment avec le président d’UP-tex"),
    # "projets collaboratifs" of the GIE, and NSL only in an aside about a laboratory
    ("Santé", "NSL", "projets collaboratifs"),
    ("Santé", "NSL", "dans lequel est impliqué NSL"),
])
def test_no_cooperation_from_a_sentence_that_does_not_state_it(extracted, a, b, fragment) -> None:
    _table, prose, registry = extracted
    ends = {key(registry, a), key(registry, b)}
    wrong = [l for l in prose.links if {l.source_key, l.target_key} == ends and l.relation == "coopération"
             and any(fragment in ev.quote for ev in l.evidence)]
    assert wrong == []


SMALL = (
    "Introduction \n \nLa région compte les pôles de compétitivité Axelera et Techtera, et la grappe "
    "d'entreprises Sporaltec.\n \n 1. Première partie : Les grappes \n \n1.1 La grappe Sporaltec \n \n"
    "La grappe Sporaltec rassemble 40 entreprises. Son directeur, recruté en 2010, était en contact "
    "depuis longtemps avec le président de Techtera. Elle emploie un chargé de mission, qui avait "
    "déjà collaboré avec Axelera. Ses adhérents mènent des projets collaboratifs ; Techtera en "
    "labellise certains. La grappe a créé un laboratoire (dans lequel est impliqué Axelera). "
    "La grappe Sporaltec coopère avec Techtera.\n"
)


def test_tightened_patterns_on_a_small_monograph() -> None:
    """A person's contacts, a relative clause, an adjective and an aside are not links; the
    plain statement is."""
    segmented = segment(SMALL)
    table = clusters.extract("ra", segmented, Facts())
    prose = links.extract("ra", segmented, table)
    registry = Registry.from_facts(table)
    found = {(registry.by_key[l.source_key].name, registry.by_key[l.target_key].name, l.relation,
              l.evidence[0].quote) for l in prose.links}
    assert {(s, t, r) for s, t, r, _ in found} == {("Sporaltec", "Techtera", "coopération")}
    assert all(q.startswith("La grappe Sporaltec coopère") for *_, q in found)
