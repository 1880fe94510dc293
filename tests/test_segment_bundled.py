"""The bundled monograph's structure, as read from its table of contents."""

from __future__ import annotations

EXPECTED_HEADINGS = [
    "1", "1.1", "1.1.1", "1.1.2", "1.1.3", "1.2", "1.2.1", "1.2.2", "1.2.3", "1.2.4", "1.2.5",
    "1.2.6", "1.3", "2", "2.1", "2.1.1", "2.1.2", "2.1.3", "2.2", "2.2.1", "2.2.2", "2.2.3",
    "2.2.4", "2.2.5", "2.2.6", "2.3", "2.3.1", "2.3.2", "2.3.3", "2.3.4", "2.4", "2.4.1",
    "2.4.2", "2.4.3", "2.4.4", "2.5", "2.5.1", "2.5.2", "2.5.3", "2.5.4", "2.5.5", "3", "3.1",
    "3.2", "3.3", "3.4", "4",
]


def test_every_numbered_heading_of_the_contents_is_found_in_order(bundled_segmented):
    numbers = [p.number for p in bundled_segmented.of_kind("heading") if p.number]
    assert numbers == EXPECTED_HEADINGS


def test_introduction_is_an_unnumbered_top_heading(bundled_segmented):
    first = bundled_segmented.of_kind("heading")[0]
    assert (first.text, first.number, first.level) == ("Introduction", None, 1)


def test_wrapped_heading_is_rejoined(bundled_segmented):
    titles = {p.number: p.text for p in bundled_segmented.of_kind("heading")}
    assert titles["2.3.4"].endswith("et son rôle d’intégrateur")
    assert titles["1.2.4"] == "Les quatorze Pôles d’Excellence Régionaux"


def test_numbered_findings_are_not_headings(bundled_segmented):
    texts = [p.text for p in bundled_segmented.of_kind("heading")]
    assert not any(t.startswith("Certaines agglomérations") for t in texts)


def test_seven_table_captions_and_the_empty_one_is_flagged(bundled_segmented):
    tables = bundled_segmented.of_kind("table")
    assert [t.number for t in tables] == [str(n) for n in range(1, 8)]
    flagged = [t.number for t in tables if "caption-without-body" in t.flags]
    assert flagged == ["6"]


def test_footnotes_one_to_eighteen_are_separated_from_the_prose(bundled_segmented):
    notes = bundled_segmented.of_kind("footnote")
    assert [int(n.number) for n in notes] == list(range(1, 19))
    refs = sorted(r for p in bundled_segmented.passages for r in p.footnote_refs)
    assert refs == list(range(1, 19))
    prose = " ".join(p.text for p in bundled_segmented.passages if p.kind == "paragraph")
    assert "dans la région," in prose and "région10" not in prose
    assert "Team2" in prose  # a name ending in a digit is not a footnote call


def test_pages_run_forward_from_the_introduction_to_the_annex(bundled_segmented):
    pages = [p.page for p in bundled_segmented.passages]
    assert pages == sorted(pages)
    assert bundled_segmented.pages == pages[-1] == 53
    by_number = {p.number: p.page for p in bundled_segmented.of_kind("heading") if p.number}
    assert by_number["2.2.2"] == 25 and by_number["2.2.4"] == 26  # around the lone "24", "26"


def test_three_line_heading_is_whole(bundled_segmented):
    titles = {p.number: p.text for p in bundled_segmented.of_kind("heading")}
    assert titles["3.3"] == (
        "Quelles sont les modalités de fonctionnement des clusters par rapport aux autres "
        "acteurs du territoire dédiés au développement, à la recherche et à l’innovation ?"
    )


def test_annex_headings_and_rows(bundled_segmented):
    annex_headings = [p.text for p in bundled_segmented.of_kind("heading") if p.level == 5]
    assert annex_headings == ["Annexe 1 : lettre de mission", "Annexe 2 : liste des personnes rencontrées"]
    rows = "\n".join(p.text for p in bundled_segmented.of_kind("annex"))
    assert "SGAR Pierre Stussi SGAR" in rows and "RaoutiChehih Directeur général" in rows
    assert all(p.section_number == "4" for p in bundled_segmented.of_kind("annex"))


def test_paragraph_cut_by_footnotes_and_a_page_break_is_one_passage(bundled_segmented):
    texts = [p.text for p in bundled_segmented.of_kind("paragraph")]
    joined = [t for t in texts if "Ensemble et avec deux des neuf écoles" in t]
    assert len(joined) == 1 and "Centrale Lille et l’Ecole des Mines de Douai" in joined[0]
    assert any("le parc de la Haute Borne" in t and "(bâtiments, mise à disposition" in t for t in texts)


def test_euro_artefacts_are_restored_and_bang_bullets_kept(bundled_segmented):
    import re

    prose = [p for p in bundled_segmented.passages if p.kind != "annex"]
    assert not any(re.search(r"\d ?[kM]?!", p.text) for p in prose)
    assert any("385 000 €" in p.text for p in prose)
    assert any("1,5 M€" in p.text for p in prose)
    first_bullets = [p.text for p in bundled_segmented.of_kind("bullet")][:4]
    assert first_bullets[0].startswith("comprendre la place des politiques")
    assert first_bullets[3] == "comprendre les facteurs favorisant ou entravant l’efficacité de l’ensemble."


def test_footnote_texts_are_attached_to_their_numbers(bundled_segmented):
    notes = {n.number: n.text for n in bundled_segmented.of_kind("footnote")}
    assert notes["10"] == "38 000 salariés, 2600 entreprises, et une R&D active"
    assert notes["3"].startswith("Littoral - Côte d’Opale") and notes["3"].endswith("3 sites).")


def test_subheadings_are_short_titles_only(bundled_segmented):
    subheadings = [p.text for p in bundled_segmented.of_kind("subheading")]
    assert "Financement" in subheadings and "Composition, gouvernance" in subheadings
    assert "Des partenariats parfois problématiques" in subheadings
    assert all(len(t) <= 70 and not t.endswith(".") for t in subheadings)
    assert "Source : Conseil régional" not in subheadings


def test_every_passage_points_at_the_line_it_starts_on(bundled_text, bundled_segmented):
    lines = bundled_text.split("\n")
    for passage in bundled_segmented.passages:
        if passage.kind != "table":
            first_word = passage.text.split()[0]
            assert first_word in lines[passage.line - 1], (passage.kind, passage.line, first_word)
