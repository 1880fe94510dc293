"""The knowledge base: schema, search index, version check and the all-or-nothing build."""

from __future__ import annotations

import os
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import SMALL_MONOGRAPH, dump, file_digest
from grappe.db import load as load_module
from grappe.db.connect import open_readonly
from grappe.db.errors import DatabaseError
from grappe.db.load import STAGING_PREFIX, build, remove_stale_staging, staging_path
from grappe.db.schema import SCHEMA_VERSION
from grappe.importer import pipeline
from grappe.importer.pipeline import bundled_document, run_import

SCHEMA_DOC = Path(__file__).parent.parent / "db" / "SCHEMA.md"


def staging_files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(STAGING_PREFIX))


@pytest.fixture
def built(tmp_path: Path, small_monograph: Path) -> Path:
    target = tmp_path / "kb" / "grappe.db"
    run_import([small_monograph], target)
    return target


# --- shape and search -------------------------------------------------------------------------

def test_accent_and_case_insensitive_search_finds_eurasante(bundled_db):
    conn = open_readonly(bundled_db)
    rows = conn.execute(
        "SELECT p.text || ' ' || coalesce(p.section_title, '') AS found FROM passages_fts "
        "JOIN passages p ON p.id = passages_fts.rowid WHERE passages_fts MATCH 'eurasante'"
    ).fetchall()
    assert len(rows) > 10 and all("eurasanté" in r["found"].casefold() for r in rows)
    prefix = conn.execute("SELECT count(*) FROM passages_fts WHERE passages_fts MATCH 'EURAS*'")
    assert prefix.fetchone()[0] == len(rows)


def test_bundled_database_holds_clean_text(bundled_db):
    conn = open_readonly(bundled_db)
    (doc,) = conn.execute("SELECT * FROM documents").fetchall()
    assert doc["encoding"] == "utf-8" and len(doc["id"]) == 16 and doc["sha256"].startswith(doc["id"])
    assert doc["pages"] == 53 and doc["region"] == "Nord-Pas de Calais"
    bad = conn.execute(
        "SELECT count(*) FROM passages WHERE text GLOB ?", ("*[\x01-\x08\x0b-\x1f\x7f-\x9f\ufeff]*",)
    ).fetchone()[0]
    assert bad == 0
    kinds = dict(conn.execute("SELECT kind, count(*) FROM passages GROUP BY kind").fetchall())
    assert kinds["table"] == 7 and kinds["footnote"] == 18 and kinds["heading"] >= 48
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"


def test_schema_md_documents_every_table_and_column(built):
    conn = sqlite3.connect(built)
    documented = SCHEMA_DOC.read_text("utf-8")
    tables = [r[0] for r in conn.execute(
        "SELECT name FROM sqlite_schema WHERE type='table' AND name NOT LIKE 'sqlite_%' "
        "AND name NOT LIKE '%fts_%'")]
    assert "passages_fts" in tables and "names_fts" in tables
    for table in tables:
        assert f"`{table}`" in documented, table
        if table.endswith("_fts"):
            continue
        for (_, column, *_rest) in conn.execute(f"PRAGMA table_info({table})"):
            assert re.search(rf"`{column}`", documented), f"{table}.{column}"
    assert f"currently **{SCHEMA_VERSION}**" in documented


# --- opening and versions ---------------------------------------------------------------------

def test_other_schema_version_is_refused_with_advice_to_reimport(built):
    conn = sqlite3.connect(built)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION - 1}")
    conn.commit()
    conn.close()
    with pytest.raises(DatabaseError, match=rf"version de schéma {SCHEMA_VERSION - 1}, grappe attend {SCHEMA_VERSION}.*grappe import"):
        open_readonly(built)


@pytest.mark.parametrize(
    ("setup", "message"),
    [
        (lambda p: None, "base introuvable"),
        (lambda p: p.write_bytes(b""), "base vide"),
        (lambda p: p.write_text("pas une base\n"), "n'est pas une base SQLite"),
        (lambda p: p.mkdir(), "dossier"),
        (lambda p: p.write_bytes(b"SQLite format 3\x00" + b"\xff" * 200), "base endommagée|ouverture"),
    ],
    ids=["missing", "empty", "text", "folder", "garbled"],
)
def test_unusable_database_is_refused_in_one_line_and_no_file_is_created(tmp_path, setup, message):
    path = tmp_path / "grappe.db"
    setup(path)
    existed = path.exists()
    with pytest.raises(DatabaseError, match=message) as caught:
        open_readonly(path)
    assert "\n" not in str(caught.value)
    assert path.exists() == existed


def test_readonly_connection_cannot_write(built):
    before = file_digest(built)
    conn = open_readonly(built)
    with pytest.raises(sqlite3.OperationalError):
        conn.execute("DELETE FROM passages")
    conn.close()
    assert file_digest(built) == before


# --- the all-or-nothing build -----------------------------------------------------------------

def test_same_documents_twice_give_identical_content(tmp_path, small_monograph):
    target = tmp_path / "grappe.db"
    run_import([bundled_document(), small_monograph], target)
    first = dump(target)
    run_import([small_monograph, bundled_document()], target)  # over it, in another order
    assert dump(target) == first
    assert any(line.startswith('INSERT INTO "passages"') for line in first)


def test_failure_during_extraction_leaves_the_previous_database_byte_for_byte(built, small_monograph, monkeypatch):
    before = file_digest(built)
    from grappe.importer import extract

    def explode(*args, **kwargs):
        raise RuntimeError("extracteur en panne")

    monkeypatch.setattr(extract, "extract_all", explode)
    with pytest.raises(RuntimeError):
        run_import([small_monograph], built)
    assert file_digest(built) == before
    assert staging_files(built.parent) == []


def test_interrupt_during_the_build_leaves_the_previous_database_and_no_staging(built, small_monograph):
    before = file_digest(built)
    seen: list[Path] = []

    def progress(done: int, total: int, what: Path) -> None:
        seen.append(what)
        if done == total:  # the last step runs inside the build, before the swap
            assert staging_files(built.parent), "the build should be under way"
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        run_import([small_monograph], built, progress=progress)
    assert seen[-1] == built
    assert file_digest(built) == before
    assert staging_files(built.parent) == []


def test_sqlite_failure_while_writing_is_a_database_error_and_changes_nothing(built, small_monograph, monkeypatch):
    before = file_digest(built)

    def full(*args, **kwargs):
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(pipeline, "load_documents", full)
    with pytest.raises(DatabaseError, match="disk is full"):
        run_import([small_monograph], built)
    assert file_digest(built) == before
    assert staging_files(built.parent) == []


def test_bad_document_among_good_ones_refuses_the_whole_import(built, small_monograph, tmp_path):
    before = file_digest(built)
    empty = tmp_path / "vide.txt"
    empty.write_bytes(b"")
    from grappe.db.errors import InputError

    with pytest.raises(InputError, match="vide"):
        run_import([small_monograph, empty], built)
    assert file_digest(built) == before


def test_first_import_creates_missing_folders(tmp_path, small_monograph):
    target = tmp_path / "deep" / "er" / "grappe.db"
    run_import([small_monograph], target)
    assert open_readonly(target).execute("SELECT count(*) FROM documents").fetchone()[0] == 1
    assert staging_files(target.parent) == []


@pytest.mark.parametrize(
    ("content", "message"),
    [(b"mes notes importantes\n", "pas une base SQLite"), (None, "autre application")],
    ids=["text-file", "foreign-sqlite"],
)
def test_never_overwrites_something_that_is_not_a_grappe_database(tmp_path, small_monograph, content, message):
    target = tmp_path / "precious.db"
    if content is None:
        conn = sqlite3.connect(target)
        conn.execute("CREATE TABLE invoices (id INTEGER)")
        conn.commit()
        conn.close()
    else:
        target.write_bytes(content)
    before = file_digest(target)
    with pytest.raises(DatabaseError, match=message):
        run_import([small_monograph], target)
    assert file_digest(target) == before


def test_database_path_that_is_a_folder_is_refused(tmp_path, small_monograph):
    with pytest.raises(DatabaseError, match="dossier"):
        with build(tmp_path):
            pass


def test_stale_staging_files_of_dead_processes_are_removed_live_ones_kept(tmp_path):
    target = tmp_path / "grappe.db"
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)
    dead_pid = int(dead.stdout)
    stale = target.with_name(f"{STAGING_PREFIX}{target.name}.{dead_pid}.tmp")
    stale_journal = Path(str(stale) + "-journal")
    live = target.with_name(f"{STAGING_PREFIX}{target.name}.{os.getppid()}.tmp")
    other_db = target.with_name(f"{STAGING_PREFIX}other.db.{dead_pid}.tmp")
    user_file = tmp_path / "grappe.db-notes"
    for path in (stale, stale_journal, live, other_db, user_file):
        path.write_bytes(b"x")
    remove_stale_staging(target)
    assert not stale.exists() and not stale_journal.exists()
    assert live.exists() and other_db.exists() and user_file.exists()


def test_a_successful_build_leaves_only_the_target(tmp_path, small_monograph):
    target = tmp_path / "grappe.db"
    run_import([small_monograph], target)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["grappe.db", small_monograph.name])
    assert staging_path(target).name.startswith(STAGING_PREFIX)


def test_small_monograph_rows(built):
    conn = open_readonly(built)
    rows = conn.execute("SELECT seq, kind, page, section_number, text, footnote_refs FROM passages ORDER BY seq").fetchall()
    assert [r["kind"] for r in rows] == [
        "heading", "paragraph", "heading", "heading", "paragraph", "bullet", "bullet", "footnote"]
    assert rows[1]["text"].endswith("dans la région.") and rows[1]["footnote_refs"] == "[1]"
    assert "385 000 €" in rows[4]["text"] and "1,5 M€" in rows[4]["text"]
    assert rows[4]["section_number"] == "1.1"
    assert SMALL_MONOGRAPH.count("\n") > 10


def test_a_symlinked_database_is_rebuilt_in_place_and_the_link_kept(tmp_path, small_monograph):
    real = tmp_path / "real" / "grappe.db"
    run_import([small_monograph], real)
    link = tmp_path / "link.db"
    link.symlink_to(real)
    other = tmp_path / "autre.txt"
    other.write_text(SMALL_MONOGRAPH.replace("grappe régionale", "autre grappe"), "utf-8")
    run_import([small_monograph, other], link)
    assert link.is_symlink()
    assert open_readonly(link).execute("SELECT count(*) FROM documents").fetchone()[0] == 2
