"""Clusters, their kinds, spellings, attributes and filières, read from the bundled monograph
(expected values from our own reading of its tables and prose) and from a synthetic one."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from grappe.importer.extract import clusters
from grappe.importer.extract.names import compact_key
from grappe.importer.extract.registry import Registry
from grappe.importer.facts import Facts
from grappe.importer.read import read_document
from grappe.importer.segment import segment

IMPORT_DIR = Path(__file__).resolve().parents[1] / "import"
SYNTHETIC = Path(__file__).parent / "fixtures" / "synthetic" / "clusters-lorraine.txt"

PC = ["I-Trans", "UP-tex", "MAUD", "AQUIMER", "PICOM", "NSL", "Team2"]
GE = ["AIF", "CLUBTEX", "APAF", "PRN", "Clubster santé", "Nord Package", "Euralogistic",
      "Initiative Cités", "Club des imprimeurs artisans"]
PE = ["Textile, mode, matériaux (T2M)", "Plasturgie", "BTP", "Automobile", "Ferroviaire",
      "Logistique", "Images", "Ubiquitaire", "Santé", "Agroalimentaire", "Energie 2020",
      "Eco-activités", "Bois", "Mécanique"]


@pytest.fixture(scope="module")
def facts(bundled_segmented) -> Facts:
    return clusters.extract("npdc", bundled_segmented, Facts())


@pytest.fixture(scope="module")
def registry(facts: Facts) -> Registry:
    return Registry.from_facts(facts)


def cluster(registry: Registry, name: str, kind: str | None = None):
    found = registry.find_exact(name, kind)
    assert found is not None, f"{name} not found"
    return found


@pytest.mark.parametrize(("kind", "names"), [("PC", PC), ("GE", GE), ("PE", PE)])
def test_every_cluster_of_the_tables_with_its_kind(facts, registry, kind, names) -> None:
    for name in names:
        assert cluster(registry, name, kind).kind == kind, name
    assert len([c for c in facts.clusters if c.kind == kind]) == len(names)


def test_no_duplicates(facts) -> None:
    keys = [c.key for c in facts.clusters]
    assert len(keys) == len(set(keys))
    spellings = [(compact_key(s), c.kind) for c in facts.clusters for s in {c.name, *c.aliases}]
    owners: dict = {}
    for c in facts.clusters:
        for s in {c.name, *c.aliases}:
            owners.setdefault((compact_key(s), c.kind), set()).add(c.key)
    assert all(len(v) == 1 for v in owners.values()), [k for k, v in owners.items() if len(v) > 1]
    assert spellings


@pytest.mark.parametrize(("spellings", "kind"), [
    (["UP-tex", "Up Tex", "Uptex", "UP-Tex"], "PC"),
    (["Team2", "Team 2"], "PC"),
    (["CLUBTEX", "Club Tex", "ClubTex"], "GE"),
    (["T2M", "Textile, mode, matériaux", "Textile, Mode et Matériaux (T2M)"], "PE"),
    (["NSL", "Nutrition, santé, longévité"], "PC"),
    (["PRN", "Pôle régional numérique"], "GE"),
    (["Club des imprimeurs artisans", "Club Imprimeurs artisans"], "GE"),
    (["Eco-activités", "Ecoactivités"], "PE"),
])
def test_spellings_are_one_cluster(registry, spellings, kind) -> None:
    keys = {cluster(registry, s).key for s in spellings}
    assert len(keys) == 1
    assert cluster(registry, spellings[0]).kind == kind


def test_other_clusters_are_other(registry) -> None:
    assert cluster(registry, "EDIT").kind == "other"  # a cluster of Rhône-Alpes
    assert cluster(registry, "France IT").kind == "other"


PE_ROWS = [
    ("T2M", "juin 2011", ["LMCU (chef de file)", "Cambrai", "Calais"], "Association PromoTex",
     {"UP-tex", "MAUD", "Team2"}, {"CLUBTEX", "Nord Package"}),
    ("Plasturgie", "décembre 2008", ["Artois.Comm"], "Association APAF, grappe",
     {"UP-tex", "MAUD"}, {"Nord Package", "APAF"}),
    ("BTP", "juin 2010", ["Artois.Comm"], "Artois.Comm", {"Team2"}, set()),
    ("Automobile", "décembre 2010", [], "Association (ad hoc) Pôle Automobile",
     {"I-Trans"}, {"APAF", "Euralogistic"}),
    ("Ferroviaire", "fin 2012", ["Valenciennes"], None, {"I-Trans"}, {"AIF", "Euralogistic"}),
    ("Logistique", "décembre 2008", ["Lens-Liévin", "Hénin-Carvin"], "CCI Artois",
     {"I-Trans"}, {"Euralogistic"}),
    ("Images", "décembre 2008", ["LMCU", "Valenciennes", "Porte du Hainaut"],
     "Association (ad hoc) Pôle Images", {"PICOM"}, set()),
    ("Ubiquitaire", "juin 2010", ["LMCU"], "SPL Euratechnologies", {"PICOM"}, {"PRN"}),
    ("Santé", "décembre 2011", ["LMCU"], "GIE Eurasanté", {"NSL", "AQUIMER"}, {"Clubster santé"}),
    ("Agroalimentaire", "juin 2009", ["Arras", "Cambrai"], "Association (ad hoc) AGROE",
     {"NSL", "AQUIMER"}, set()),
    ("Energie 2020", "juin 2011", ["Dunkerque"], "Association (ad hoc) Energie 2020", {"Team2"}, set()),
    ("Eco-activités", "juin 2009", ["Artois comm", "Lens-Liévin", "Hénin-Carvin", "CA du Douaisis", "LMCU"],
     "Association CD2E", {"Team2", "UP-tex", "MAUD"}, set()),
    ("Bois", "décembre 2008", ["7 vallées", "Amiens", "Avesnois"], "Association Nord Picardie Bois",
     set(), {"Nord Package"}),
    ("Mécanique", "décembre 2009", ["Maubeuge"], "Association (ad hoc) Mécanov", set(), {"AIF"}),
]


@pytest.mark.parametrize(("name", "created", "territory", "structure", "pcs", "ges"), PE_ROWS,
                         ids=[row[0] for row in PE_ROWS])
def test_pe_table_rows(facts, registry, name, created, territory, structure, pcs, ges) -> None:
    pe = cluster(registry, name, "PE")
    table_dates = [a.value for a in facts.attributes
                   if a.entity_key == pe.key and a.name == "created" and a.evidence[0].passage_seq == pe.evidence[0].passage_seq]
    assert table_dates == [created]
    assert pe.territory == territory
    assert pe.structure == structure
    linked = [link for link in facts.links if link.source_key == pe.key]
    names = {registry.by_key[link.target_key].name: link.relation for link in linked}
    assert {n for n, r in names.items() if "compétitivité" in r} == pcs
    assert {n for n, r in names.items() if "grappe" in r} == ges


def test_ferroviaire_flattened_cells_are_flagged(registry) -> None:
    assert "structure" in cluster(registry, "Ferroviaire", "PE").uncertain


FTE = [("UP-tex", 9.3), ("CLUBTEX", 2.5), ("APAF", 3.0), ("Plasturgie", 3.0), ("MAUD", 6.6),
       ("Nord Package", 1.0), ("BTP", 2.0), ("Bois", 1.0), ("Team2", 0.5), ("Automobile", 1.5),
       ("I-Trans", 8.5), ("AIF", 3.6), ("Logistique", 3.0), ("Euralogistic", 3.0), ("Images", 5.0),
       ("Ubiquitaire", 5.0), ("PICOM", 6.8), ("PRN", 3.0), ("Santé", 32.0), ("NSL", 7.0),
       ("Clubster santé", 3.0), ("Agroalimentaire", 3.0), ("AQUIMER", 7.5), ("Eco-activités", 20.0),
       ("Energie 2020", 3.0), ("Mécanique", 1.0), ("T2M", 5.0)]


@pytest.mark.parametrize(("name", "fte"), FTE, ids=[n for n, _ in FTE])
def test_fte_of_the_recap_table(registry, name, fte) -> None:
    assert cluster(registry, name).fte == pytest.approx(fte)


def test_no_fte_where_the_table_gives_none(registry) -> None:
    for name in ("Ferroviaire", "Club des imprimeurs artisans", "Initiative Cités"):
        assert cluster(registry, name).fte is None


@pytest.mark.parametrize(("name", "readings"), [
    ("Ubiquitaire", {"juin 2010", "juin 2011"}),
    ("Images", {"décembre 2008", "2009"}),
])
def test_contradicted_creation_dates_keep_every_reading(facts, registry, name, readings) -> None:
    pe = cluster(registry, name, "PE")
    found = [a for a in facts.attributes if a.entity_key == pe.key and a.name == "created"]
    assert {a.value for a in found} == readings
    assert all(a.uncertain and a.evidence for a in found)
    assert "created" in pe.uncertain


def test_agreeing_dates_are_not_flagged(facts, registry) -> None:
    for name in ("Santé", "T2M"):
        pe = cluster(registry, name, "PE")
        assert "created" not in pe.uncertain
        assert not any(a.uncertain for a in facts.attributes if a.entity_key == pe.key and a.name == "created")


def test_prose_attributes(registry) -> None:
    assert cluster(registry, "PRN").created == "fin 2006"
    assert cluster(registry, "PRN").location == "Marcq-en-Barœul"
    assert cluster(registry, "CLUBTEX").members == 77
    assert cluster(registry, "Clubster santé").members == 150
    assert cluster(registry, "Clubster santé").created == "1996"
    assert "club" in cluster(registry, "PRN").summary
    assert cluster(registry, "CLUBTEX").summary.startswith("CLUBTEX est né")
    assert cluster(registry, "Pôle régional numérique").key == cluster(registry, "PRN").key


def test_filieres(facts, registry) -> None:
    by_name = {f.name: f for f in facts.filieres}
    members = {name: {registry.by_key[k].name for k in f.cluster_keys} for name, f in by_name.items()}
    assert {"PRN", "Ubiquitaire"} <= members["Numérique"]  # "2.1. La filière numérique"
    assert {"T2M", "Textile, mode, matériaux (T2M)"} & members["Textile, mode, matériaux"]
    assert {"UP-tex", "CLUBTEX"} <= members["Textile, mode, matériaux"]
    assert {"Santé", "NSL", "Clubster santé"} <= members["Santé"]
    assert len({c.filiere for c in facts.clusters if c.kind == "PE"}) == 14  # one filière per pôle
    assert cluster(registry, "Clubster santé").filiere == by_name["Santé"].key
    assert cluster(registry, "AIF").filiere == by_name["Ferroviaire"].key


def test_a_common_noun_is_never_an_alias(facts, registry) -> None:
    """Tableau 3/7 write the grappe "Numérique (PRN)": "numérique" is a filière, not its name."""
    prn = cluster(registry, "PRN")
    assert not {"Numérique", "Numérique (PRN)"} & set(prn.aliases)
    for c in facts.clusters:
        for alias in c.aliases:
            assert not registry.is_generic(alias), (c.name, alias)
    assert registry.index.find("la filière numérique se structure") == []


def test_a_pole_presented_in_a_filiere_section_takes_its_filiere(facts, registry) -> None:
    """"2.1. La filière numérique" presents PRN and the pôle Ubiquitaire: one filière, the pôle's
    name an alias of it; no second filière named after the pôle."""
    by_key = {f.key: f for f in facts.filieres}
    numerique = by_key[cluster(registry, "PRN").filiere]
    assert numerique.name == "Numérique" and "Ubiquitaire" in numerique.aliases
    assert cluster(registry, "Ubiquitaire", "PE").filiere == numerique.key
    assert cluster(registry, "PICOM").filiere == numerique.key  # same recap line as Ubiquitaire
    assert "Ubiquitaire" not in {f.name for f in facts.filieres}
    images = by_key[cluster(registry, "Images", "PE").filiere]
    assert images.name == "Images- Création numérique" and "Images" in images.aliases
    names = [k for f in facts.filieres for k in {compact_key(s) for s in [f.name, *f.aliases]}]
    assert len(names) == len(set(names))  # no spelling names two filières


def test_every_cluster_has_evidence(facts, bundled_segmented) -> None:
    for c in facts.clusters:
        assert c.evidence, c.name
        for ev in c.evidence:
            assert ev.quote and 0 <= ev.passage_seq < len(bundled_segmented.passages)


def test_synthetic_monograph_imports_with_its_own_names() -> None:
    segmented = segment(read_document(SYNTHETIC).text)
    facts = clusters.extract("lorraine", segmented, Facts())
    registry = Registry.from_facts(facts)
    kinds = {c.name: c.kind for c in facts.clusters}
    assert kinds == {
        "Hydreos": "PC", "MATERALIA": "PC", "Fibres-Énergivie": "PC", "Véhicule du Futur": "PC",
        "Pôle Bois Vosges": "GE", "MECATEAM": "GE", "Plastilor": "GE",
        "Eau et environnement": "PE", "Matériaux": "PE", "Forêt bois": "PE", "Plastipolis": "other",
    }
    water = cluster(registry, "Eau et environnement")
    assert water.territory == ["Metz Métropole"] and water.structure == "Association Lorraine Eau"
    assert "created" in water.uncertain  # "(mars 2009)" in the table, "créé en mars 2010" in the prose
    assert cluster(registry, "Matériaux").territory == ["Nancy", "Épinal"]
    assert cluster(registry, "Plastilor").fte == 1.5 and cluster(registry, "Plastilor").members == 45
    assert cluster(registry, "Plastilor").location == "Saint-Avold"
    assert cluster(registry, "MECATEAM").fte == 2.5
    links = {(registry.by_key[l.source_key].name, registry.by_key[l.target_key].name) for l in facts.links}
    assert ("Forêt bois", "Pôle Bois Vosges") in links and ("Matériaux", "Plastilor") in links


MONOGRAPH_NAMES = re.compile(r"clubtex|eurasant|up-?tex|i-trans|picom|team ?2|aquimer", re.IGNORECASE)
MINE = ["extract/clusters.py", "extract/links.py", "extract/tables.py", "extract/names.py",
        "extract/registry.py", "extract/attributes.py", "extract/filieres.py", "extract/domains.py",
        "extract/pe_table.py", "resolve.py",
        "clusters.toml", "links.toml"]


@pytest.mark.parametrize("relative", MINE)
def test_no_monograph_name_in_the_importer(relative) -> None:
    text = (IMPORT_DIR / relative).read_text("utf-8")
    assert not MONOGRAPH_NAMES.search(text)


def test_strategic_domains_with_certain_and_doubtful_memberships(facts, registry) -> None:
    """Tableau 3: a cluster on its domain's line is certain; elsewhere it is kept but doubtful."""
    by_name = {f.name: f for f in facts.filieres}
    for domain in ("Matériaux avancés", "Bâtiment et éco-construction", "Transports ferroviaires",
                   "Commerce du futur", "Traitement des déchets sites et sols pollués", "E-santé"):
        assert domain in by_name, domain
    readings = {(a.entity_key, registry.by_key[a.value].name, a.uncertain)
                for a in facts.attributes if a.entity_type == "filiere" and a.name == "cluster"}
    building = by_name["Bâtiment et éco-construction"].key
    commerce = by_name["Commerce du futur"].key
    assert (building, "Team2", False) in readings  # "Bâtiment et éco-construction Team2 (2010)"
    assert (commerce, "PICOM", False) in readings and (commerce, "PRN", False) in readings
    assert (commerce, "NSL", True) in readings  # read after the label, not on its line: doubtful
    assert (by_name["Matériaux avancés"].key, "UP-tex", True) in readings
    assert {registry.by_key[k].name for k in by_name["Transports ferroviaires"].cluster_keys} >= {"I-Trans", "AIF"}


def test_typed_phrases_name_clusters_of_any_monograph() -> None:
    text = (
        "Introduction\n\nLa région compte les pôles de compétitivité Axelera, Lyonbiopôle et Minalogic, "
        "ainsi que le pôle de compétitivité Imaginove (jeux vidéo). La grappe d'entreprises « Alpes "
        "Outdoor » rassemble 40 entreprises. Il n'y a pas de pôle de compétitivité « Textile ».\n\n"
        "1. Première partie : contexte\n\nLe pôle de compétitivité Techtera, créé en 2005, coopère avec "
        "la grappe Alpes Outdoor et le cluster Sporaltec.\n"
    )
    facts = clusters.extract("ra", segment(text), Facts())
    assert {(c.name, c.kind) for c in facts.clusters} == {
        ("Axelera", "PC"), ("Lyonbiopôle", "PC"), ("Minalogic", "PC"), ("Imaginove", "PC"),
        ("Alpes Outdoor", "GE"), ("Techtera", "PC"), ("Sporaltec", "other"),
    }
    assert next(c for c in facts.clusters if c.name == "Techtera").created == "2005"


@pytest.mark.parametrize(("lines", "expected"), [
    (["Pôles de compétitivité A-tex, Beta 2,", "Gamma", "Grappes d’entreprises Delta, Club", "santé"],
     [("PC", ["A-tex", "Beta 2", "Gamma"]), ("GE", ["Delta", "Club santé"])]),
    (["Pôles de compétitivité (2) :", "Axelera", "Minalogic", "Grappes d’entreprises", "Alpes Outdoor, Sporaltec"],
     [("PC", ["Axelera", "Minalogic"]), ("GE", ["Alpes Outdoor", "Sporaltec"])]),
])
def test_list_tables(lines, expected) -> None:
    from grappe.importer.extract.tables import list_rows

    assert [(kind, names) for kind, _label, names in list_rows(lines)] == expected


def test_pole_rows_with_the_date_alone_or_after_the_name() -> None:
    from grappe.importer.extract.tables import dated_rows

    rows = dated_rows(["Pôles d’excellence", "(date de création)", "Eau (mars 2009)", "Metz Association X",
                       "Forêt,", "bois (juin 2011)", "Épinal", "Textile, mode,", "matériaux (T2M)",
                       "(juin 2011)", "LMCU"])
    assert [(r.name, r.date, r.cells) for r in rows] == [
        ("Eau", "mars 2009", ["Metz Association X"]), ("Forêt, bois", "juin 2011", ["Épinal"]),
        ("Textile, mode, matériaux (T2M)", "juin 2011", ["LMCU"])]


def test_second_synthetic_monograph() -> None:
    """Another layout: the list's first label cut off as prose, dates after the names, a GIP."""
    path = SYNTHETIC.with_name("clusters-auvergne.txt")
    facts = clusters.extract("auvergne", segment(read_document(path).text), Facts())
    registry = Registry.from_facts(facts)
    assert {(c.name, c.kind) for c in facts.clusters} == {
        ("Céréales Vallée", "PC"), ("Plastipolis", "PC"), ("Auvergne Numérique", "GE"),
        ("Thermalia", "GE"), ("Agro-ressources", "PE"), ("Numérique", "PE")}
    digital = cluster(registry, "Numérique", "PE")
    assert (digital.created, digital.territory, digital.structure) == ("avril 2011", ["Vichy Val d’Allier"], "GIP Numerica")
    grappe = cluster(registry, "Auvergne Numérique")
    assert (grappe.created, grappe.location) == ("2007", "Aubière")
    assert grappe.summary.startswith("La grappe Auvergne Numérique est une association")


def test_qualified_kinds_and_regional_clusters() -> None:
    text = (
        "Introduction\n\nLa région compte le pôle de compétitivité à vocation mondiale Aerospace Valley "
        "et le cluster régional Arve Industries. Le cluster régional Coriolis travaille avec la grappe "
        "labellisée Alpes Outdoor.\n\n1. Première partie : contexte\n\n"
        "Pôles de compétitivité à vocation mondiale Aerospace Valley, Minalogic\n"
        "Clusters régionaux Arve Industries, Imaginove\n\nTableau 2- Les clusters de la région\n\n"
        "Fin du texte de la partie.\n"
    )
    facts = clusters.extract("ra", segment(text), Facts())
    assert {(c.name, c.kind) for c in facts.clusters} == {
        ("Aerospace Valley", "PC"), ("Minalogic", "PC"), ("Arve Industries", "other"),
        ("Imaginove", "other"), ("Coriolis", "other"), ("Alpes Outdoor", "GE")}


def test_third_synthetic_monograph() -> None:
    """Row tables ("Cluster | Date | Effectif"), kinds from section titles, pronouns, two dates."""
    path = SYNTHETIC.with_name("clusters-rhone.txt")
    facts = clusters.extract("rhone", segment(read_document(path).text), Facts())
    registry = Registry.from_facts(facts)
    assert {(c.name, c.kind) for c in facts.clusters} == {
        ("Lumen", "other"), ("Altitude", "other"), ("Ecotherm", "other"), ("Nanoval", "PC"), ("Vitiflor", "GE")}
    assert [(cluster(registry, n).created, cluster(registry, n).fte) for n in ("Lumen", "Ecotherm")] == [
        ("2006", 3.0), ("2007", 4.0)]
    altitude = cluster(registry, "Altitude")  # "2005" in the table, "créé en 2004" in the prose
    assert "created" in altitude.uncertain
    assert {a.value for a in facts.attributes if a.entity_key == altitude.key and a.name == "created"} == {"2004", "2005"}
    nanoval = cluster(registry, "Nanoval")  # "Le pôle compte 250 membres. Il est situé à Grenoble"
    assert (nanoval.members, nanoval.location) == (250, "Grenoble")
    assert cluster(registry, "Lumen").location is None
    vitiflor = cluster(registry, "Vitiflor")  # "La grappe compte 45 membres et 2,5 ETP."
    assert (vitiflor.members, vitiflor.fte) == (45, 2.5)


def test_list_rows_with_counts_and_qualifiers() -> None:
    text = ("Introduction\n\nTexte d'introduction de la monographie, qui présente les clusters.\n\n"
            "1. Première partie : contexte\n\n"
            "Pôles de compétitivité (3) Axelera, Minalogic, Tenerrdis\n"
            "Grappes d'entreprises labellisées : Alpes Outdoor, Sporaltec\n\n"
            "Tableau 2- Les clusters de la région\n\nFin du texte de la partie.\n")
    facts = clusters.extract("ra", segment(text), Facts())
    assert [(c.name, c.kind) for c in facts.clusters] == [
        ("Axelera", "PC"), ("Minalogic", "PC"), ("Tenerrdis", "PC"), ("Alpes Outdoor", "GE"), ("Sporaltec", "GE")]


def test_euro_restored_in_headings_and_captions() -> None:
    """The "!" of the PDF extraction is "€" in section titles and table captions too."""
    text = ("Introduction \n \nTexte.\n \n 1. Première partie : Un fonds de 1,5 M! \n \n"
            "Le fonds de 500 000! finance.\n \n1.1 Les 300 k! du pôle \n \nTexte.\n \n"
            "Tableau 1- Budget de 40 000! \n \nA 10 000! \nB 20 000! \n")
    passages = segment(text).passages
    headings = [p.text for p in passages if p.kind == "heading"]
    assert "Première partie : Un fonds de 1,5 M€" in headings and "Les 300 k€ du pôle" in headings
    assert not any("!" in p.text or "!" in (p.section_title or "") for p in passages)
    assert [p.caption for p in passages if p.kind == "table"] == ["Tableau 1- Budget de 40 000 €"]


def test_a_kind_word_ending_a_name_types_nothing_and_known_names_win() -> None:
    """"Rhodia Cluster Jean Dupont Directeur" (an annex row) names no cluster "Jean Dupont";
    "le pôle d'excellence Chimie verte Sud" is the known pôle, not a new "Chimie"."""
    text = (
        "Introduction \n \nLa grappe d'entreprises Rhodia Cluster rassemble 40 entreprises. Le pôle "
        "d'excellence « Chimie verte Sud » est récent.\n \n 1. Première partie : Les pôles \n \n"
        "1.1 Le pôle d'excellence Chimie verte Sud \n \nLe pôle d'excellence Chimie verte Sud a été "
        "créé en 2010.\n \nRhodia Cluster Jean Dupont Directeur\n"
    )
    facts = clusters.extract("sud", segment(text), Facts())
    assert {(c.name, c.kind) for c in facts.clusters} == {("Rhodia Cluster", "GE"), ("Chimie verte Sud", "PE")}


def test_a_cluster_placed_only_by_a_strategic_domain_keeps_that_filiere_flagged(facts, registry) -> None:
    """Tableau 3 alone places Initiative Cités (next to "Mécanique", on another line): its
    filière is that reading, marked uncertain rather than left empty or asserted."""
    by_key = {f.key: f for f in facts.filieres}
    cites = cluster(registry, "Initiative Cités")
    assert by_key[cites.filiere].name == "Mécanique" and "filiere" in cites.uncertain
    assert "filiere" not in cluster(registry, "CLUBTEX").uncertain
