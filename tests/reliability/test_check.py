"""Promise 12: `grappe check` is read-only, reports integrity and orphans, and fails when wrong."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

from grappe.db.check import check_database
from grappe.db.schema import SCHEMA_VERSION

from .conftest import CONTROL_CHARS, file_state, run_cli


def writable_copy(source: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "copie.db"
    shutil.copyfile(source, copy)
    return copy


def test_sound_database_report(live_db: Path) -> None:
    before = file_state(live_db)
    result = run_cli("check", "--db", live_db)
    assert result.exit_code == 0, result.stdout + result.stderr
    out = result.stdout
    with sqlite3.connect(f"file:{live_db}?mode=ro", uri=True) as conn:
        doc_id, sha = conn.execute("SELECT id, sha256 FROM documents").fetchone()
        passages = conn.execute("SELECT count(*) FROM passages").fetchone()[0]
    for expected in ("quick_check: ok", "passages_fts ok", "names_fts ok", f"version du schéma: {SCHEMA_VERSION}",
                     doc_id, sha, f"passages {passages}", "orphelins: aucun", "aucun problème"):
        assert expected in out, (expected, out)
    assert file_state(live_db) == before
    assert sorted(p.name for p in live_db.parent.iterdir()) == ["grappe.db"]


def test_check_on_the_hostile_database_prints_no_control_character(hostile_db: Path) -> None:
    result = run_cli("check", "--db", hostile_db)
    assert result.exit_code == 0, result.stdout
    assert not CONTROL_CHARS.search(result.stdout.replace("\n", ""))
    assert "Monographie [/] hostile" in result.stdout


def test_orphan_evidence_and_links_are_reported(tmp_path: Path, live_db: Path) -> None:
    copy = writable_copy(live_db, tmp_path)
    with sqlite3.connect(copy) as conn:  # foreign keys are off by default: orphans can be written
        conn.execute("INSERT INTO evidence(fact_type, fact_id, passage_id, quote) VALUES ('cluster', 'absent', 999999, 'q')")
        conn.execute("INSERT INTO links(source_id, target_id, relation) VALUES ('nulle-part', 'ailleurs', 'coopération')")
    report = check_database(copy)
    assert not report.ok
    assert report.orphans["preuves pointant vers un passage absent"] == 1
    assert report.orphans["preuves d'un fait absent"] == 1
    assert report.orphans["liens vers un cluster absent"] == 1
    result = run_cli("check", "--db", copy)
    assert result.exit_code == 1
    assert "liens vers un cluster absent 1" in result.stdout


def test_names_index_out_of_step_is_reported(tmp_path: Path, live_db: Path) -> None:
    copy = writable_copy(live_db, tmp_path)
    with sqlite3.connect(copy) as conn:
        conn.execute("INSERT INTO names_fts(name, entity_type, entity_id) VALUES ('Fantôme', 'cluster', 'fantome')")
    report = check_database(copy)
    assert any("index des noms" in problem for problem in report.problems)


def test_filiere_figures_out_of_step_are_reported(tmp_path: Path, bundled_copy: Path) -> None:
    assert check_database(bundled_copy).ok
    copy = writable_copy(bundled_copy, tmp_path)
    with sqlite3.connect(copy) as conn:
        conn.execute("UPDATE filiere_totals SET funding_eur = coalesce(funding_eur, 0) + 1 "
                     "WHERE filiere_id = (SELECT min(filiere_id) FROM filiere_totals)")
        conn.execute("DELETE FROM filiere_totals WHERE filiere_id = (SELECT max(filiere_id) FROM filiere_totals)")
        conn.execute("INSERT INTO filiere_totals VALUES ('filiere-disparue', 1, NULL, NULL)")
    report = check_database(copy)
    assert not report.ok
    assert "chiffres des filières désynchronisés (3 filière(s)); relancez `grappe import`" in report.problems
    result = run_cli("check", "--db", copy)
    assert result.exit_code == 1 and "chiffres des filières désynchronisés" in result.stdout


def test_rows_without_filter_texts_are_reported(tmp_path: Path, bundled_copy: Path) -> None:
    copy = writable_copy(bundled_copy, tmp_path)
    with sqlite3.connect(copy) as conn:
        conn.execute("DELETE FROM filter_haystacks WHERE pane = 'funding' AND id = (SELECT min(id) FROM "
                     "filter_haystacks WHERE pane = 'funding')")
        conn.execute("INSERT INTO filter_haystacks (pane, id, names) VALUES ('actors', 'personne', 'x')")
    report = check_database(copy)
    assert "textes de filtre désynchronisés (2 ligne(s)); relancez `grappe import`" in report.problems


def test_other_schema_version_is_refused_with_advice(tmp_path: Path, live_db: Path) -> None:
    copy = writable_copy(live_db, tmp_path)
    with sqlite3.connect(copy) as conn:
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    result = run_cli("check", "--db", copy)
    assert result.exit_code == 1
    assert "version de schéma" in result.stderr and "grappe import" in result.stderr


def test_check_uses_the_default_database_path(tmp_path: Path, live_db: Path, monkeypatch) -> None:
    monkeypatch.setenv("GRAPPE_DB", str(live_db))
    assert run_cli("check").exit_code == 0


def test_fresh_import_of_the_bundled_monograph_is_sound(bundled_copy: Path) -> None:
    report = check_database(bundled_copy)
    assert report.ok, report.problems
    assert report.counts["passages"] > 300 and report.fts == {"passages_fts": "ok", "names_fts": "ok"}


def test_entity_missing_from_the_names_index_is_reported(tmp_path: Path, hostile_kb: Path) -> None:
    copy = writable_copy(hostile_kb, tmp_path)
    with sqlite3.connect(copy) as conn:
        conn.execute("INSERT INTO clusters(id, name, kind) VALUES ('invisible', 'Invisible', 'GE')")
    report = check_database(copy)
    assert any("1 entités introuvables" in problem for problem in report.problems), report.problems
