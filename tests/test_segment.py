"""The segmenter, one artefact at a time, on small texts in the monographs' genre."""

from __future__ import annotations

from pathlib import Path

import pytest

from grappe.importer.read import read_document
from grappe.importer.segment import restore_euro, segment

READER = Path(__file__).parent / "fixtures" / "reader"
SEPARATOR = " " * 48


def doc(*lines: str) -> str:
    return "\n".join(lines) + "\n"


def kinds(text: str) -> list[tuple[str, str]]:
    return [(p.kind, p.text) for p in segment(text).passages]


# --- pages ------------------------------------------------------------------------------------

def test_page_starts_and_lone_page_numbers_number_the_pages():
    text = doc(
        "Introduction ", " ", "Premier paragraphe de la page, assez long pour être de la prose. ", " ",
        " Deuxième page : un paragraphe qui commence au début de la page. ", " ",
        " ", " 7 ", " ", "Texte de la page sept, après son numéro isolé. ",
        " Page suivante. ",
    )
    result = segment(text)
    pages = {p.text[:12]: p.page for p in result.passages}
    assert pages == {"Introduction": 5, "Premier para": 5, "Deuxième pag": 6,
                     "Texte de la ": 7, "Page suivant": 8}
    assert result.pages == 8
    assert not any(p.text == "7" for p in result.passages)  # the number is not a passage


def test_pages_never_run_backwards_when_starts_outnumber_page_numbers():
    text = doc(
        " 10 ", " ", "Texte. ", " Début parasite. ", " ", " Autre début parasite. ", " ",
        " Encore un début. ", " ", " 11 ", " ", "Fin. ",
    )
    pages = [p.page for p in segment(text).passages]
    assert pages == sorted(pages) and pages[0] == 10 and pages[-1] == 11


def test_a_number_inside_prose_is_not_a_page_number():
    result = segment(doc("Introduction", "", "Les effectifs sont de", "40", "personnes au total."))
    assert result.pages == 1
    assert "40" in result.passages[1].text


# --- headings ---------------------------------------------------------------------------------

def test_numbered_headings_carry_number_level_and_section():
    text = doc(
        "Introduction", "", "Un paragraphe d'introduction.", "",
        "1. Première partie : contexte", "", "1.1 Le contexte régional", "",
        "Texte de la section.", "", "1.1.1 Une région en mutation", "", "Texte de la sous-section.",
    )
    headings = [(p.number, p.level, p.text) for p in segment(text).of_kind("heading")]
    assert headings == [
        (None, 1, "Introduction"), ("1", 1, "Première partie : contexte"),
        ("1.1", 2, "Le contexte régional"), ("1.1.1", 3, "Une région en mutation"),
    ]
    last = segment(text).passages[-1]
    assert (last.kind, last.section_number, last.section_title) == (
        "paragraph", "1.1.1", "Une région en mutation")


def test_wrapped_heading_is_rejoined_over_two_and_three_lines():
    text = doc(
        "1. Première partie", "", "1.1 Le contexte", "", "Texte.", "",
        " 1.2. Quelles sont les modalités de fonctionnement des clusters par rapport aux ",
        "autres acteurs du territoire dédiés au développement, à la recherche et à ",
        "l’innovation ? ", "", "Texte.", "",
        "1.3 La création du pôle d’excellence et son rôle", "d’intégrateur", "", "Texte.",
    )
    titles = {p.number: p.text for p in segment(text).of_kind("heading")}
    assert titles["1.2"].endswith("à la recherche et à l’innovation ?")
    assert titles["1.3"] == "La création du pôle d’excellence et son rôle d’intégrateur"


def test_heading_followed_directly_by_its_text_keeps_the_text_out():
    text = doc("1. Première partie", "", "1.1 Les labels obtenus",
               "On compte dans la région sept pôles.", "")
    passages = segment(text).passages
    assert passages[1].text == "Les labels obtenus"
    assert (passages[2].kind, passages[2].text) == ("paragraph", "On compte dans la région sept pôles.")


@pytest.mark.parametrize(
    "item",
    [
        "1. Une politique régionale affirmée, mais qui a choisi la concertation.",
        "4. Certaines agglomérations sont parties prenantes du développement des pôles,",
        "2. les pôles se recouvrent",
        "3.5 Un numéro hors de la séquence",
    ],
)
def test_numbered_list_items_are_not_headings(item):
    text = doc("1. Première partie", "", "1.1 Le contexte", "", "1.2 Les acteurs", "",
               "Texte de la section.", "", item, "la suite du point.", "")
    numbers = [p.number for p in segment(text).of_kind("heading")]
    assert numbers == ["1", "1.1", "1.2"]


# --- paragraphs -------------------------------------------------------------------------------

WIDE = "x" * 70


def test_wrapped_lines_are_rejoined_and_a_hyphen_at_line_end_keeps_its_word_whole():
    text = doc("Introduction", "", "Le pôle a peut-", "être été créé", "en 2005.")
    assert kinds(text)[1] == ("paragraph", "Le pôle a peut-être été créé en 2005.")


def test_paragraph_cut_by_a_page_break_and_footnotes_is_rejoined():
    text = doc(
        "Introduction", "",
        "Le pôle coopère avec les universités de la métropole et avec les écoles d’ingénieurs2, ",
        "notamment avec les écoles Centrale et Arts et Métiers qui sont présentes à Villeneuve ",
        SEPARATOR, "2 Voir la liste en annexe. ",
        " Lille et l’Ecole des Mines, qui se sont constituées en PRES en 2009. ",
    )
    passages = segment(text).passages
    assert [p.kind for p in passages] == ["heading", "paragraph", "footnote"]
    assert passages[1].text.endswith("à Villeneuve Lille et l’Ecole des Mines, qui se sont constituées en PRES en 2009.")
    assert passages[1].footnote_refs == [2]


def test_full_width_line_before_a_page_break_continues_even_with_a_capital():
    line = "Le directeur du centre avait participé à la naissance du pôle, avec les chercheurs de "
    text = doc("Introduction", "", line, line + "l’INRIA et ", line, SEPARATOR,
               "1 Note. ", " Lille 1, auquel les industriels se sont joints.")
    paragraphs = segment(text).of_kind("paragraph")
    assert len(paragraphs) == 1 and paragraphs[0].text.endswith("Lille 1, auquel les industriels se sont joints.")


def test_short_sentence_end_then_capital_starts_a_new_paragraph_without_blank_line():
    text = doc(
        "Introduction", "",
        "Ensemble et avec deux des neuf écoles d’ingénieurs, elles se sont constituées en PRES début",
        "2009. Le PRES comporte 22 membres associés.",
        "En matière de santé Lille abrite un important CHRU ainsi que le groupe hospitalier de",
        "l’Institut Catholique.",
    )
    paragraphs = [p.text for p in segment(text).of_kind("paragraph")]
    assert len(paragraphs) == 2
    assert paragraphs[0].endswith("22 membres associés.") and paragraphs[1].startswith("En matière")


def test_short_lines_without_stop_are_subheadings_but_source_notes_are_not():
    text = doc("Introduction", "", "Financement", "", "Le budget est de 1 M! par an.", "",
               "Source : Conseil régional", "")
    assert kinds(text)[1:] == [("subheading", "Financement"),
                               ("paragraph", "Le budget est de 1 M€ par an."),
                               ("paragraph", "Source : Conseil régional")]


# --- tables -----------------------------------------------------------------------------------

def test_table_caption_with_flattened_cells_is_one_block():
    text = doc(
        "1. Première partie", "", "1.1 Les labels", "",
        "On compte dans la région sept pôles de compétitivité et neuf grappes d’entreprises.", "",
        "Pôles de compétitivité I-Trans, UP-tex, MAUD, AQUIMER,", "", "PICOM, NSL, Team2", "",
        "Grappes d’entreprises AIF, CLUBTEX, APAF", "", "Tableau 2- Pôles de compétitivité et grappes",
        "", "En ce qui concerne les investissements d’avenir, les résultats ont été décevants.",
    )
    result = segment(text)
    (table,) = result.of_kind("table")
    assert table.number == "2" and table.caption == "Tableau 2- Pôles de compétitivité et grappes"
    assert table.text.split("\n") == [
        "Tableau 2- Pôles de compétitivité et grappes",
        "Pôles de compétitivité I-Trans, UP-tex, MAUD, AQUIMER,", "PICOM, NSL, Team2",
        "Grappes d’entreprises AIF, CLUBTEX, APAF",
    ]
    assert table.flags == [] and table.section_number == "1.1"
    prose = [p.text for p in result.of_kind("paragraph")]
    assert prose[0].startswith("On compte") and prose[1].startswith("En ce qui concerne")


def test_caption_without_body_is_flagged_and_warned():
    text = doc(
        "Introduction", "",
        "Dans le tableau 2011 en k! ci-dessous, consolidé à partir de toutes ces données, il reste quelques incohérences.",
        "", "Tableau 6- Financements 2011 des filières", "", "2. Deuxième partie", "", "Texte.",
    )
    result = segment(text)
    (table,) = result.of_kind("table")
    assert table.flags == ["caption-without-body"]
    assert any("Tableau 6" in w and "sans corps" in w for w in result.warnings)


def test_euro_in_table_cells_is_restored():
    text = doc("Introduction", "", "Structure Budget", "CD2E 1,5 M!", "PRN 190 000 !", "",
               "Tableau 1- Budgets", "")
    (table,) = segment(text).of_kind("table")
    assert "CD2E 1,5 M€" in table.text and "PRN 190 000 €" in table.text


# --- footnotes --------------------------------------------------------------------------------

def test_glued_footnote_calls_are_separated_and_notes_attached_to_their_numbers():
    text = doc(
        "Introduction", "",
        "Elle a été classée « région en transition »1 par l’Europe, au même titre que neuf",
        "autres régions. Le pôle est implanté dans la région2, où l’on trouve le cabinet Technopolis3.",
        SEPARATOR, "1 Régions définies par un PIB par habitant compris entre 75 et 90%.",
        "2 Voir la carte", "en annexe.", "3 Mission d’appui (janvier 2012).",
    )
    result = segment(text)
    paragraph = result.of_kind("paragraph")[0]
    assert paragraph.footnote_refs == [1, 2, 3]
    assert "« région en transition » par" in paragraph.text
    assert "dans la région, où" in paragraph.text and "Technopolis." in paragraph.text
    notes = {n.number: n.text for n in result.of_kind("footnote")}
    assert notes == {"1": "Régions définies par un PIB par habitant compris entre 75 et 90%.",
                     "2": "Voir la carte en annexe.", "3": "Mission d’appui (janvier 2012)."}
    assert result.warnings == []


def test_names_ending_in_digits_are_not_footnote_calls():
    text = doc(
        "Introduction", "",
        "Le pôle Team2 travaille avec Team2 et la grappe Bois2 Avenir, dans la région1.",
        SEPARATOR, "1 Note.", " Le pôle Team2 a été porté par CD2E. Team2 est à Lille2.",
        SEPARATOR, "2 Seconde note.",
    )
    prose = " ".join(p.text for p in segment(text).of_kind("paragraph"))
    assert prose.count("Team2") == 4 and "Bois2 Avenir" in prose and "CD2E" in prose
    assert "dans la région." in prose and "à Lille." in prose


def test_a_call_without_its_note_is_left_alone_and_a_note_without_call_warned():
    text = doc("Introduction", "", "Le pôle compte 12 membres depuis 2011.", SEPARATOR, "1 Orpheline.")
    result = segment(text)
    assert result.of_kind("paragraph")[0].text == "Le pôle compte 12 membres depuis 2011."
    assert result.warnings == ["note 1: appel de note introuvable dans le texte"]


# --- bullets and the euro artefact ------------------------------------------------------------

def test_bang_bullets_are_bullets_and_euro_bangs_are_euros():
    text = doc(
        "Introduction", "", "Les objectifs sont les suivants :",
        "! comprendre la place des clusters ;", "! étudier les relations entre eux.", "",
        "Le budget de 385 000! est financé par l’Etat et la Région à hauteur de 93 800",
        "! chacun, soit 1,5 M! en tout, dont 500 k! de fonds propres et 10 000 ! de dons.",
    )
    assert kinds(text)[1:] == [
        ("paragraph", "Les objectifs sont les suivants :"),
        ("bullet", "comprendre la place des clusters ;"),
        ("bullet", "étudier les relations entre eux."),
        ("paragraph", "Le budget de 385 000 € est financé par l’Etat et la Région à hauteur de "
                      "93 800 € chacun, soit 1,5 M€ en tout, dont 500 k€ de fonds propres et 10 000 € de dons."),
    ]


@pytest.mark.parametrize(
    ("raw", "restored"),
    [
        ("385 000!", "385 000 €"), ("000 !", "000 €"), ("1,5 M!", "1,5 M€"), ("500 k!", "500 k€"),
        ("3 M! et 10 000 !", "3 M€ et 10 000 €"), ("en k! ci-dessous", "en k€ ci-dessous"),
        ("(3 M! /an)", "(3 M€ /an)"), ("C'est bien !", "C'est bien !"), ("Attention!", "Attention!"),
        ("1,5M!", "1,5 M€"), ("1,5\u202fM!", "1,5\u202fM€"), ("385\u00a0000\u00a0!", "385\u00a0000\u00a0€"),
    ],
)
def test_restore_euro(raw, restored):
    assert restore_euro(raw) == restored


@pytest.mark.parametrize("marker", ["!", "•", "-", "–", "▪", "➢", "\uf0b7", "1)"])
def test_every_bullet_marker_is_recognised_and_stripped(marker):
    text = doc("Introduction", "", "Trois entités :", f"{marker} la première ;", f"{marker} la seconde.")
    assert [k for k in kinds(text) if k[0] == "bullet"] == [
        ("bullet", "la première ;"), ("bullet", "la seconde.")]


# --- annex ------------------------------------------------------------------------------------

def test_annex_blocks_keep_their_rows_and_sub_annexes_are_headings():
    text = doc(
        "1. Première partie", "", "Texte.", "", " 2. ANNEXES ", "", " ",
        "Annexe 1 : lettre de mission ", " Annexe 2 : liste des personnes rencontrées ", " ",
        "Structure / Organisation Nom Fonction ", "", "SGAR Pierre Stussi SGAR ",
        "DIRECCTE Emeline Pavy Chargée de mission ", "", "RaoutiChehih Directeur général ",
    )
    passages = segment(text).passages
    assert [(p.kind, p.text) for p in passages[2:]] == [
        ("heading", "ANNEXES"), ("heading", "Annexe 1 : lettre de mission"),
        ("heading", "Annexe 2 : liste des personnes rencontrées"),
        ("annex", "Structure / Organisation Nom Fonction"),
        ("annex", "SGAR Pierre Stussi SGAR\nDIRECCTE Emeline Pavy Chargée de mission"),
        ("annex", "RaoutiChehih Directeur général"),
    ]
    assert all(p.section_number == "2" for p in passages[2:])


# --- sibling monographs of the same study -----------------------------------------------------

def test_synthetic_aquitaine_monograph_segments_fully():
    result = segment(read_document(READER / "aquitaine.txt").text)
    headings = [(p.number, p.text[:30]) for p in result.of_kind("heading")]
    assert [n for n, _ in headings] == [None, "1", "1.1", "1.2", "2", "2.1", "2.2", "3", "4", None]
    assert headings[2][1] == "Les politiques de la Région et"
    assert result.of_kind("heading")[2].text.endswith("territoires ruraux et urbains")
    assert [t.number for t in result.of_kind("table")] == ["1", "2"]
    assert result.of_kind("table")[1].flags == ["caption-without-body"]
    assert [(n.number, n.page) for n in result.of_kind("footnote")] == [("1", 13), ("2", 14)]
    refs = sorted(r for p in result.passages for r in p.footnote_refs)
    assert refs == [1, 2]
    prose = " ".join(p.text for p in result.passages if p.kind == "paragraph")
    assert "93 800 € chacun" in prose and "12,5 M€" in prose and "500 k€" in prose
    assert prose.count("Bois2 Avenir") == 3
    assert "vérifiés auprès de chacun des financeurs, qui ne disposent pas tous des mêmes " \
           "nomenclatures. Les écarts les plus importants" in prose
    assert [p.kind for p in result.passages][-2:] == ["heading", "annex"]
    assert len(result.of_kind("bullet")) == 3
    assert [p.text for p in result.of_kind("subheading")] == ["Financement"]


def test_synthetic_rhone_alpes_monograph_in_cp1252_with_crlf_segments_fully():
    source = read_document(READER / "rhone-alpes.txt")
    assert source.encoding == "cp1252" and "\r" not in source.text
    result = segment(source.text)
    assert [p.number for p in result.of_kind("heading")] == [None, "1", "1.1", "1.2", "1.2.1", None, None]
    assert [p.text for p in result.of_kind("bullet")] == [
        "le cluster Lumière, créé en 2006 ;", "le cluster Montagne, créé en 2005 ;",
        "le cluster Eco-énergies, créé en 2007."]
    (table,) = result.of_kind("table")
    assert table.text.split("\n")[1:] == ["Cluster Date de création Effectif", "Lumière 2006 3 ETP",
                                          "Montagne 2005 2,5 ETP", "Eco-énergies 2007 4 ETP"]
    assert result.of_kind("paragraph")[1].footnote_refs == [3]
    assert "les industriels rencontrés" in result.of_kind("paragraph")[1].text
    (annex,) = result.of_kind("annex")
    assert annex.text.split("\n") == ["Région Rhône-Alpes Paul Durand Directeur",
                                      "Minalogic Anne Petit Déléguée générale"]
    assert result.passages[-1].page == 12


def test_segmenting_is_deterministic_and_lines_point_into_the_text():
    text = read_document(READER / "aquitaine.txt").text
    first, second = segment(text), segment(text)
    assert first == second
    lines = text.split("\n")
    for passage in first.passages:
        source_line = lines[passage.line - 1]
        if passage.kind in ("paragraph", "heading", "subheading", "footnote", "annex"):
            assert passage.text.split()[0] in source_line, (passage, source_line)
        if passage.kind == "heading" and passage.number:
            assert source_line.lstrip().startswith(passage.number)


def test_paragraph_ending_with_a_comma_goes_on_after_a_blank_line():
    text = doc("Introduction", "", "1. Les structures de soutien comprennent une agence régionale,", "",
               "Nord France Innovation Développement (NFID), qui anime le réseau.")
    assert kinds(text)[1:] == [(
        "paragraph", "1. Les structures de soutien comprennent une agence régionale, "
                     "Nord France Innovation Développement (NFID), qui anime le réseau.")]


from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_GENRE_LINES = st.sampled_from([
    "", " ", " 12 ", "Introduction", "1. Première partie", "1.1 Le contexte", "2.3.4 Titre",
    " Début de page.", "Tableau 3- Légende", "! un point ;", "- un autre", "Texte région10 fin.",
    "1 Une note.", " " * 48, "385 000! et 1,5 M!", "Annexe 2 : liste", "ANNEXES", "x" * 90,
    "suite en minuscules,", "Team2 et Bois2 Avenir", "4", "Source : Région",
])


@settings(max_examples=150, deadline=None)
@given(st.lists(st.one_of(_GENRE_LINES, st.text(max_size=30)), max_size=40))
def test_any_text_segments_without_error_and_pages_run_forward(lines):
    result = segment("\n".join(lines))
    pages = [p.page for p in result.passages]
    assert pages == sorted(pages) and all(p >= 1 for p in pages)
    assert result.pages >= (pages[-1] if pages else 1)
    assert all(p.text.strip() for p in result.passages if p.kind != "table")
    assert all(p.kind in {"heading", "subheading", "paragraph", "bullet", "table", "footnote", "annex"}
               for p in result.passages)


def test_a_table_of_contents_is_not_taken_for_the_headings():
    text = doc(
        "Sommaire", "",
        "Introduction ........................................ 3",
        "1. Première partie : le contexte régional ........... 5",
        "1.1 Les politiques de la Région ...................... 6",
        "2. Deuxième partie : les filières ..................... 9",
        "Annexes", "",
        " Introduction", "", "Cette étude porte sur les clusters de la région.", "",
        "1. Première partie : le contexte régional", "", "1.1 Les politiques de la Région", "",
        "La Région soutient les filières.", "", "2. Deuxième partie : les filières", "",
        "Les filières sont nombreuses.",
    )
    result = segment(text)
    headings = [(p.number, p.text) for p in result.of_kind("heading")]
    assert headings == [
        (None, "Sommaire"), (None, "Introduction"), ("1", "Première partie : le contexte régional"),
        ("1.1", "Les politiques de la Région"), ("2", "Deuxième partie : les filières"),
    ]
    assert not result.of_kind("annex")  # "Annexes" listed in the contents opens no annex
    assert result.passages[-1].section_number == "2"


def test_a_spaced_out_contents_without_page_numbers_opens_no_annex():
    text = doc(
        "Table des matières", "", "1. Première partie : le contexte", "",
        "2. Deuxième partie : les filières", "", "Annexes", "",
        "1. Première partie : le contexte", "", "Texte de la première partie.", "",
        "2. Deuxième partie : les filières", "", "Texte de la deuxième partie.", "",
        "Annexes", "", "Liste des personnes rencontrées",
    )
    result = segment(text)
    assert [p.number for p in result.of_kind("heading")] == [None, "1", "2", None]
    assert [p.text for p in result.of_kind("annex")] == ["Liste des personnes rencontrées"]
    assert [p.text for p in result.of_kind("paragraph")] == [  # the contents stays, as text
        "1. Première partie : le contexte", "2. Deuxième partie : les filières",
        "Texte de la première partie.", "Texte de la deuxième partie."]
    assert result.passages[-1].section_number is None  # inside the real « Annexes »


def test_captions_above_their_tables_take_the_cells_that_follow():
    prose = "Les pôles de la région sont présentés dans les tableaux ci-dessous, avec leurs effectifs."
    text = doc(
        "Introduction", "", prose, "",
        "Tableau 1- Les pôles", "", "Pôle Création Effectif", "Alpha 2005 3 ETP", "Beta 2007 2 ETP", "",
        prose, "",
        "Tableau 2- Les grappes", "", "Grappe Création", "Gamma 2009", "Delta 2010", "",
        prose,
    )
    result = segment(text)
    tables = {t.number: t.text.split("\n")[1:] for t in result.of_kind("table")}
    assert tables == {"1": ["Pôle Création Effectif", "Alpha 2005 3 ETP", "Beta 2007 2 ETP"],
                      "2": ["Grappe Création", "Gamma 2009", "Delta 2010"]}
    assert [p.kind for p in result.passages] == [
        "heading", "paragraph", "table", "paragraph", "table", "paragraph"]


def test_a_caption_without_body_does_not_take_a_subheading_that_follows():
    text = doc(
        "Introduction", "",
        "Le tableau ci-dessous devait présenter les financements de l’année, par filière et par financeur.",
        "", "Tableau 6- Financements 2011", "", "Financement", "",
        "Le budget est de 1 M! par an, financé par la Région et par la métropole, à parts égales.",
    )
    (table,) = segment(text).of_kind("table")
    assert table.flags == ["caption-without-body"]


@pytest.mark.parametrize("label", [" 7 ", " - 7 -", " Page 7", " 7/40", " – 7 –"])
def test_page_number_formats(label):
    text = doc("Introduction", "", "Texte de la page.", "", label, "", "Texte de la page sept.")
    passages = segment(text).passages
    assert [(p.text, p.page) for p in passages] == [
        ("Introduction", 6), ("Texte de la page.", 6), ("Texte de la page sept.", 7)]
