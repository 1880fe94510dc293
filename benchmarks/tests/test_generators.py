"""The generators stay honest: deterministic, distinct names, the genre the segmenter reads,
and a large database with the real schema. Run by hand: `pytest benchmarks/tests`."""

from __future__ import annotations

import json
import re
import sqlite3

from benchmarks.corpus import generate
from benchmarks.large_db import build_large
from grappe.db.schema import SCHEMA_VERSION
from grappe.importer.segment import segment


def test_same_seed_same_bytes_and_document_i_independent_of_n(tmp_path):
    first = generate(2, 3, tmp_path / "a")
    again = generate(2, 3, tmp_path / "b")
    alone = generate(1, 3, tmp_path / "c")
    assert [p.read_bytes() for p in first] == [p.read_bytes() for p in again]
    assert first[0].read_bytes() == alone[0].read_bytes()
    assert first[0].read_bytes() != first[1].read_bytes()


def test_names_are_distinct_between_documents(tmp_path):
    paths = generate(3, 5, tmp_path)
    truths = [json.loads(p.with_name(p.stem + ".truth.json").read_text("utf-8")) for p in paths]
    clusters = [{c["name"] for c in t["clusters"] if c["kind"] != "PE"} for t in truths]
    people = [{p["name"] for p in t["people"]} for t in truths]
    regions = {t["region"] for t in truths}
    assert len(regions) == 3
    for i in range(3):
        for j in range(i + 1, 3):
            assert not clusters[i] & clusters[j]
            assert not people[i] & people[j]


def test_text_has_the_genre_artefacts(tmp_path):
    path = generate(1, 11, tmp_path)[0]
    text = path.read_text("utf-8")
    truth = json.loads(path.with_name(path.stem + ".truth.json").read_text("utf-8"))
    assert 120_000 < len(text.encode("utf-8")) < 190_000
    assert re.search(r"^ \S", text, re.M)  # page starts
    assert re.search(r"^ \d{1,3} $", text, re.M)  # lone page numbers
    assert re.search(r"\d !|\d!|M!|k!", text)  # the euro artefact
    assert re.search(r"^! \w", text, re.M)  # "!" bullets
    assert [int(n) for n in re.findall(r"^\s?Tableau (\d+)-", text, re.M)] == [1, 2, 3, 4, 5]
    assert "Annexe 2 : liste des personnes rencontrées" in text
    flat = " ".join(text.split())  # names may wrap across lines
    for cluster in truth["clusters"]:
        if cluster["kind"] == "GE":
            assert f"La grappe d’entreprises {cluster['name']}" in flat
        if cluster["kind"] == "PC":
            assert f"Le pôle de compétitivité {cluster['name']}" in flat
            assert cluster["director"] in flat


def test_segmenter_reads_the_structure(tmp_path):
    path = generate(1, 13, tmp_path)[0]
    segmented = segment(path.read_text("utf-8"))
    tables = segmented.of_kind("table")
    assert [t.number for t in tables] == ["1", "2", "3", "4", "5"]
    assert all("légende sans corps" not in w for w in segmented.warnings)
    assert not [w for w in segmented.warnings if "introuvable" in w]  # every footnote cited
    footnotes = segmented.of_kind("footnote")
    assert len(footnotes) >= 3
    assert segmented.pages >= 40
    assert segmented.of_kind("annex")


def test_large_db_has_the_real_schema_and_searchable_names(tmp_path):
    path = tmp_path / "large.db"
    counts = build_large(path, clusters=300, actors=300, passages=2000, documents=4)
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert conn.execute("SELECT count(*) FROM clusters").fetchone()[0] == 300
    assert conn.execute("SELECT count(*) FROM passages").fetchone()[0] == counts["passages"]
    name = conn.execute("SELECT name FROM clusters LIMIT 1").fetchone()[0]
    word = name.split()[-1] if name.startswith("Club") else name.split()[0]
    hits = conn.execute("SELECT count(*) FROM names_fts WHERE names_fts MATCH ?",
                        ('"' + word + '"',)).fetchone()[0]
    assert hits >= 1
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    assert conn.execute("INSERT INTO passages_fts(passages_fts) VALUES ('integrity-check')")
