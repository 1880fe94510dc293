"""The import pipeline as a library: summary, progress, citations, duplicates, refusals."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest

from conftest import SMALL_MONOGRAPH, pdf_with_text
from grappe.db.errors import InputError
from grappe.importer.pipeline import bundled_document, content_order, prepare, run_import


def test_summary_counts_documents_pages_passages_and_warnings(tmp_path, small_monograph):
    summary = run_import([small_monograph, bundled_document()], tmp_path / "kb.db")
    assert summary.documents == 2 and summary.pages == 53 + 1
    assert summary.passages["table"] == 7 and summary.passages["footnote"] == 19
    assert summary.passages["bullet"] >= 2 + 4
    assert any("Tableau 6" in w and "npdc-2012-clusters.txt" in w for w in summary.warnings)
    assert set(summary.facts) == {"clusters", "filières", "acteurs", "rôles", "liens", "financements"}


def test_progress_reports_each_document_then_the_database(tmp_path, small_monograph):
    other = tmp_path / "autre.txt"
    other.write_text(SMALL_MONOGRAPH.replace("grappe régionale", "autre grappe"), "utf-8")
    calls: list[tuple[int, int, Path]] = []
    target = tmp_path / "kb.db"
    run_import([small_monograph, other], target, progress=lambda *call: calls.append(call))
    # Documents are prepared in content order (the same set, the same database: see content_order).
    first, second = content_order([small_monograph, other])
    assert {first, second} == {small_monograph, other}
    assert calls == [(1, 3, first), (2, 3, second), (3, 3, target)]


def test_citation_sidecar_fills_the_document_row(tmp_path, small_monograph):
    small_monograph.with_suffix(".toml").write_text(
        'title = "Analyse des clusters — Aquitaine"\nauthors = ["A. Auteur", "B. Autrice"]\n'
        'year = 2012\nregion = "Aquitaine"\nsource = "hal-00000000"\n', "utf-8")
    target = tmp_path / "kb.db"
    run_import([small_monograph], target)
    row = sqlite3.connect(target).execute(
        "SELECT title, authors, year, region, source FROM documents").fetchone()
    assert row == ("Analyse des clusters — Aquitaine", '["A. Auteur", "B. Autrice"]', 2012,
                   "Aquitaine", "hal-00000000")


def test_broken_citation_sidecar_is_refused_with_its_name(tmp_path, small_monograph):
    small_monograph.with_suffix(".toml").write_text("title = \n", "utf-8")
    with pytest.raises(InputError, match=r"petite\.toml: citation illisible"):
        run_import([small_monograph], tmp_path / "kb.db")


def test_without_citation_title_comes_from_the_file_name_and_region_from_the_text(tmp_path):
    path = tmp_path / "monographie_aquitaine-2012.txt"
    path.write_text("Introduction\n\nCette étude explore le cas de la Gironde.\n\n"
                    "1. Première partie\n\nTexte de la partie.\n", "utf-8")
    record = prepare(path).record
    assert record.title == "monographie aquitaine 2012"
    assert record.region == "Gironde"


def test_text_without_monograph_structure_is_refused(tmp_path):
    path = tmp_path / "liste.txt"
    path.write_text("pommes\npoires\nscoubidous\n", "utf-8")
    with pytest.raises(InputError, match="aucune structure de monographie"):
        prepare(path)


def test_pdf_with_text_layer_is_imported_with_its_pages(tmp_path):
    path = tmp_path / "etude.pdf"
    path.write_bytes(pdf_with_text([
        ["Introduction", "Cette étude porte sur la grappe du bois."],
        ["1. Première partie : le contexte", "Le pôle reçoit 385 000 € de la Région."],
    ]))
    record = prepare(path).record
    assert (record.encoding, record.pages) == ("pdf", 2)
    kinds = [(p["kind"], p["page"]) for p in record.passages]
    assert kinds == [("heading", 1), ("paragraph", 1), ("heading", 2), ("paragraph", 2)]


def test_undecodable_path_is_stored_readably(tmp_path):
    raw = os.fsencode(tmp_path) + b"/caf\xe9.txt"
    with open(raw, "w", encoding="utf-8") as handle:
        handle.write(SMALL_MONOGRAPH)
    target = tmp_path / "kb.db"
    run_import([Path(os.fsdecode(raw))], target)
    (stored,) = sqlite3.connect(target).execute("SELECT path FROM documents").fetchone()
    assert stored.endswith("caf\\xe9.txt")


def test_pdf_page_number_footers_number_the_pages_and_stay_out_of_the_text(tmp_path):
    path = tmp_path / "etude.pdf"
    path.write_bytes(pdf_with_text([
        ["Introduction", "Cette étude porte sur la grappe du bois et sur", "12"],
        ["ses financeurs régionaux, dont la Région.", "  1. Première partie : le contexte",
         "Le pôle reçoit 385 000 € de la Région.", "- 13 -"],
    ]))
    passages = prepare(path).record.passages
    assert [(p["kind"], p["page"], p["text"]) for p in passages] == [
        ("heading", 12, "Introduction"),
        ("paragraph", 12, "Cette étude porte sur la grappe du bois et sur ses financeurs régionaux, dont la Région."),
        ("heading", 13, "Première partie : le contexte"),
        ("paragraph", 13, "Le pôle reçoit 385 000 € de la Région."),
    ]
