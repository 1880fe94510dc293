"""Catalogue rows 19–37: interrupted imports and damaged, missing or busy knowledge bases.

Promises 2 (all-or-nothing, including Ctrl+C, SIGKILL and a full disk), 4 (reading never
writes), 5 (no database created by accident) and 12 (`grappe check` is read-only).
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from grappe.db import load as load_module
from grappe.db.check import check_database
from grappe.db.connect import open_readonly
from grappe.db.errors import DatabaseError
from grappe.importer import pipeline
from grappe.importer.pipeline import run_import

from .conftest import REPO, file_state, run_cli, subprocess_env, write_monograph

# A grappe import that pauses inside the build (after every row is written, before the
# commit and swap) and says so by creating a marker file.
SLOW_IMPORT = """
import sys, time
from pathlib import Path
import grappe.importer.pipeline as pipeline
marker = Path(sys.argv[1])
original = pipeline.load_documents
def slow_load_documents(*args, **kwargs):
    result = original(*args, **kwargs)
    marker.write_text("building")
    time.sleep(60)
    return result
pipeline.load_documents = slow_load_documents
sys.argv = ["grappe", *sys.argv[2:]]
from grappe.tui.cli import main
main()
"""


def start_slow_import(tmp_path: Path, target: Path) -> tuple[subprocess.Popen, Path]:
    source = write_monograph(tmp_path / "nouvelle.txt", (tmp_path / "ancienne.txt").read_text("utf-8")
                             .replace("Test Grappe", "Nouvelle Grappe"))
    marker = tmp_path / "marker"
    proc = subprocess.Popen(
        [sys.executable, "-c", SLOW_IMPORT, str(marker), "import", str(source), "--db", str(target)],
        env=subprocess_env(tmp_path), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 30
    while not marker.exists():
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            out, err = proc.communicate()
            pytest.fail(f"the import never reached the build: {err.decode()[-2000:]}")
        time.sleep(0.02)
    return proc, marker


def staging_files(target: Path) -> list[str]:
    return sorted(p.name for p in target.parent.iterdir() if p.name.startswith(load_module.STAGING_PREFIX))


def test_row19_ctrl_c_mid_import_exits_130_and_keeps_the_old_database(tmp_path: Path, live_db: Path) -> None:
    before = file_state(live_db)
    proc, _ = start_slow_import(tmp_path, live_db)
    assert staging_files(live_db), "the build should be under way in a staging file"
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == 130, err.decode()
    assert "interrompu" in err.decode()
    assert "Traceback" not in err.decode()
    assert file_state(live_db) == before
    assert sorted(p.name for p in live_db.parent.iterdir()) == ["grappe.db"]


def test_row21_sigkill_mid_build_leaves_old_database_and_next_run_cleans_up(tmp_path: Path, live_db: Path) -> None:
    before = file_state(live_db)
    proc, _ = start_slow_import(tmp_path, live_db)
    proc.kill()
    proc.wait(timeout=30)
    assert file_state(live_db) == before
    left = staging_files(live_db)
    assert left, "a killed build leaves its staging file (removed by the next run)"
    report = check_database(live_db)
    assert report.ok, report.problems
    assert report.leftovers == left
    run_import([write_monograph(tmp_path / "suivante.txt")], live_db)
    assert staging_files(live_db) == []
    assert sorted(p.name for p in live_db.parent.iterdir()) == ["grappe.db"]


def test_row20_disk_full_during_build(tmp_path: Path, live_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    original = pipeline.load_documents

    def load_on_a_full_disk(db, documents):
        pages = db.conn.execute("PRAGMA page_count").fetchone()[0]
        db.conn.execute(f"PRAGMA max_page_count = {pages}")  # SQLite's own way to simulate it
        return original(db, documents)

    monkeypatch.setattr(pipeline, "load_documents", load_on_a_full_disk)
    before = file_state(live_db)
    result = run_cli("import", write_monograph(tmp_path / "gros.txt"), "--db", live_db)
    assert result.exit_code not in (0, 70), result.stderr
    assert result.stderr.count("\n") == 1 and "full" in result.stderr
    assert file_state(live_db) == before
    assert sorted(p.name for p in live_db.parent.iterdir()) == ["grappe.db"]
    assert not (tmp_path / "logs").exists(), "a full disk is an expected fault, not a crash"


def test_row20_no_space_at_the_swap(tmp_path: Path, live_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def full(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(load_module.os, "replace", full)
    before = file_state(live_db)
    result = run_cli("import", write_monograph(tmp_path / "doc.txt"), "--db", live_db)
    monkeypatch.undo()
    assert result.exit_code not in (0, 70), result.stderr
    assert "No space left" in result.stderr
    assert file_state(live_db) == before
    assert sorted(p.name for p in live_db.parent.iterdir()) == ["grappe.db"]


HOT_JOURNAL = """
import os, sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("PRAGMA cache_size = 2")  # dirty pages spill to the file: the journal becomes hot
conn.execute("BEGIN")
conn.execute("UPDATE passages SET text = text || randomblob(300)")
conn.execute("INSERT INTO warnings(document_id, stage, message) WITH RECURSIVE n(i) AS "
             "(SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3000) SELECT 'x', 'y', hex(randomblob(200)) FROM n")
os._exit(0)  # dies mid-transaction, as a power loss would
"""


def make_hot_journal(db: Path, tmp_path: Path) -> None:
    subprocess.run([sys.executable, "-c", HOT_JOURNAL, str(db)], check=True, env=subprocess_env(tmp_path))
    assert Path(str(db) + "-journal").exists()


def test_row22_hot_journal_read_only_open_explains_and_deletes_nothing(tmp_path: Path, live_db: Path) -> None:
    make_hot_journal(live_db, tmp_path)
    journal = Path(str(live_db) + "-journal")
    before, journal_before = file_state(live_db), file_state(journal)
    with pytest.raises(DatabaseError, match="import interrompu"):
        open_readonly(live_db)
    result = run_cli("check", "--db", live_db)
    assert result.exit_code == 1
    assert "import interrompu" in result.stderr
    assert file_state(live_db) == before and file_state(journal) == journal_before


def test_row22_reimport_over_a_hot_journal_gives_a_readable_database(tmp_path: Path, live_db: Path) -> None:
    make_hot_journal(live_db, tmp_path)
    run_import([write_monograph(tmp_path / "reprise.txt")], live_db)
    conn = open_readonly(live_db)  # the old journal must not poison the new build
    assert conn.execute("SELECT count(*) FROM documents").fetchone()[0] == 1
    assert check_database(live_db).ok


def test_row23_stale_staging_files_removed_only_when_ours_and_dead(tmp_path: Path, live_db: Path) -> None:
    folder = live_db.parent
    dead = folder / f"{load_module.STAGING_PREFIX}grappe.db.999999999.tmp"
    alive = folder / f"{load_module.STAGING_PREFIX}grappe.db.1.tmp"  # pid 1 is always alive
    other_target = folder / f"{load_module.STAGING_PREFIX}autre.db.999999999.tmp"
    backup = folder / "grappe.db-sauvegarde"
    for path in (dead, Path(str(dead) + "-journal"), alive, other_target, backup):
        path.write_bytes(b"leftover")
    run_import([write_monograph(tmp_path / "doc.txt")], live_db)
    remaining = sorted(p.name for p in folder.iterdir())
    assert dead.name not in remaining and dead.name + "-journal" not in remaining
    assert {alive.name, other_target.name, backup.name, "grappe.db"} == set(remaining)


def test_row24_no_wal_anywhere_and_live_database_in_rollback_mode(live_db: Path) -> None:
    sources = [p for folder in ("db", "import", "tui") for p in (REPO / folder).rglob("*.py")]
    offenders = [str(p) for p in sources if "journal_mode = wal" in p.read_text("utf-8").lower().replace("=", " = ").replace("  ", " ")]
    assert offenders == []
    conn = open_readonly(live_db)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"


def test_row25_reader_open_during_import_keeps_its_snapshot(tmp_path: Path, live_db: Path) -> None:
    reader = open_readonly(live_db)
    old_text = [r[0] for r in reader.execute("SELECT text FROM passages ORDER BY id")]
    reader.execute("BEGIN")
    reader.execute("SELECT count(*) FROM passages").fetchone()  # holds a read lock on the old file
    new_source = write_monograph(
        tmp_path / "neuve.txt", (tmp_path / "ancienne.txt").read_text("utf-8").replace("Test Grappe", "Grappe Neuve")
    )
    run_import([new_source], live_db)  # row 26: the reader never blocks the import
    assert [r[0] for r in reader.execute("SELECT text FROM passages ORDER BY id")] == old_text
    reader.rollback()
    fresh = open_readonly(live_db)
    assert fresh.execute("SELECT count(*) FROM passages WHERE text LIKE '%Grappe Neuve%'").fetchone()[0] == 1


@pytest.mark.parametrize(
    "args",
    [["check"], ["browse"], ["show", "Textile"], ["search", "textile"], ["export", "clusters"]],
    ids=lambda a: a[0],
)
def test_row27_missing_database_is_never_created(tmp_path: Path, args: list[str]) -> None:
    missing = tmp_path / "mistyped.db"
    result = run_cli(*args, "--db", missing)
    assert result.exit_code != 0
    assert "introuvable" in result.stderr and "grappe import" in result.stderr
    assert result.stderr.count("\n") == 1
    assert not missing.exists()
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("mistyped")) == []


def test_row27_open_readonly_never_creates(tmp_path: Path) -> None:
    missing = tmp_path / "sub" / "absent.db"
    with pytest.raises(DatabaseError, match="introuvable"):
        open_readonly(missing)
    assert not missing.exists() and not missing.parent.exists()


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"Ceci est un texte, pas une base.\n", "pas une base SQLite"),  # row 28
        (b"", "base vide"),  # row 29
    ],
    ids=["row28-text", "row29-empty"],
)
def test_row28_29_not_a_database(tmp_path: Path, content: bytes, words: str) -> None:
    fake = tmp_path / "grappe.db"
    fake.write_bytes(content)
    before = file_state(fake)
    with pytest.raises(DatabaseError, match=words):
        open_readonly(fake)
    result = run_cli("check", "--db", fake)
    assert result.exit_code == 1 and words in result.stderr
    assert file_state(fake) == before


def test_row28_import_refuses_to_overwrite_a_file_that_is_not_grappe(tmp_path: Path) -> None:
    precious = tmp_path / "thèse.db"
    precious.write_bytes(b"Mon texte le plus important.\n" * 100)
    before = file_state(precious)
    result = run_cli("import", write_monograph(tmp_path / "doc.txt"), "--db", precious)
    assert result.exit_code == 1 and "refuse" in result.stderr
    assert file_state(precious) == before


@pytest.mark.parametrize("seed", range(8))
def test_row30_garbled_database_is_reported_by_check(tmp_path: Path, bundled_copy: Path, seed: int) -> None:
    import random

    rng = random.Random(seed)
    damaged = tmp_path / "grappe.db"
    data = bytearray(bundled_copy.read_bytes())
    page = 4096
    first = rng.choice([0, 1, 3])  # page 1 holds the schema: garble it in some runs
    for offset in range(page * first, min(len(data), page * 40), page * rng.choice([1, 2, 3])):
        start = offset + rng.randrange(100 if offset else 120, page - 600)
        data[start: start + 500] = rng.randbytes(500)  # scribble over many pages
    damaged.write_bytes(bytes(data))
    before = file_state(damaged)
    result = run_cli("check", "--db", damaged)
    shown = result.stdout + result.stderr
    assert result.exit_code == 1, shown[-1500:]
    assert "Traceback" not in shown and "erreur inattendue" not in shown
    assert "problèmes" in result.stdout or "endommagée" in result.stderr or "n'est pas une base" in result.stderr
    assert file_state(damaged) == before
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("grappe")) == ["grappe.db"]


def test_row30_truncated_database_is_reported(tmp_path: Path, bundled_copy: Path) -> None:
    truncated = tmp_path / "grappe.db"
    truncated.write_bytes(bundled_copy.read_bytes()[: 4096 * 20])
    result = run_cli("check", "--db", truncated)
    assert result.exit_code == 1
    assert "Traceback" not in result.stdout + result.stderr
    assert (result.stdout + result.stderr).strip()


def test_row31_directory_as_database(tmp_path: Path) -> None:
    folder = tmp_path / "grappe.db"
    folder.mkdir()
    with pytest.raises(DatabaseError, match="dossier"):
        open_readonly(folder)
    assert run_cli("check", "--db", folder).exit_code == 1
    result = run_cli("import", write_monograph(tmp_path / "doc.txt"), "--db", folder)
    assert result.exit_code == 1 and "dossier" in result.stderr
    assert list(folder.iterdir()) == []


def test_row32_read_only_connection_cannot_write(live_db: Path) -> None:
    before = file_state(live_db)
    conn = open_readonly(live_db)
    for statement in ("INSERT INTO warnings(document_id, stage, message) VALUES ('x', 'y', 'z')",
                      "DELETE FROM passages", "CREATE TABLE notes(x)", "PRAGMA user_version = 99"):
        with pytest.raises(sqlite3.DatabaseError):
            conn.execute(statement)
            conn.commit()
    conn.close()
    assert file_state(live_db) == before


def test_row33_immutable_uri_never_used() -> None:
    sources = [p for folder in ("db", "import", "tui") for p in (REPO / folder).rglob("*.py")]
    assert [str(p) for p in sources if "immutable=" in p.read_text("utf-8")] == []


def test_row36_fts_out_of_sync_is_reported_by_check(tmp_path: Path, live_db: Path) -> None:
    assert check_database(live_db).fts == {"passages_fts": "ok", "names_fts": "ok"}
    with sqlite3.connect(live_db) as conn:  # a writer that bypasses the importer
        conn.execute("UPDATE passages SET text = 'texte modifié hors import' WHERE seq = 1")
    before = file_state(live_db)
    result = run_cli("check", "--db", live_db)
    assert result.exit_code == 1
    assert "passages_fts" in result.stdout and "grappe import" in result.stdout
    assert file_state(live_db) == before


def test_row36_imported_text_is_findable(hostile_db: Path) -> None:
    conn = open_readonly(hostile_db)
    found = conn.execute("SELECT count(*) FROM passages_fts WHERE passages_fts MATCH 'esrever'").fetchone()[0]
    assert found >= 1


def test_row37_connection_usable_from_a_worker_thread(live_db: Path) -> None:
    conn = open_readonly(live_db)
    results: list[object] = []

    def worker() -> None:
        try:
            results.append(conn.execute("SELECT count(*) FROM passages").fetchone()[0])
        except Exception as error:  # noqa: BLE001 - the assertion reports it
            results.append(error)

    thread = threading.Thread(target=worker)
    thread.start()
    thread.join(10)
    assert isinstance(results[0], int) and results[0] > 0


def test_row22_browse_explains_a_hot_journal(tmp_path: Path, live_db: Path) -> None:
    make_hot_journal(live_db, tmp_path)
    before = file_state(live_db)
    result = run_cli("browse", "--db", live_db)
    assert result.exit_code == 1
    assert "import interrompu" in result.stderr and result.stderr.count("\n") == 1
    assert file_state(live_db) == before and Path(str(live_db) + "-journal").exists()


def test_row27_plain_grappe_with_a_mistyped_grappe_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    missing = tmp_path / "typo" / "grape.db"
    monkeypatch.setenv("GRAPPE_DB", str(missing))
    result = run_cli()
    assert result.exit_code == 1 and "introuvable" in result.stderr
    assert not missing.exists() and not missing.parent.exists()


def test_row30_garbled_schema_text_is_a_damaged_database_not_a_crash(tmp_path: Path, bundled_copy: Path) -> None:
    data = bytearray(bundled_copy.read_bytes())
    data[data.find(b"CREATE TABLE documents") + 7] = 0x81  # SQLite then quotes undecodable bytes
    damaged = tmp_path / "grappe.db"
    damaged.write_bytes(bytes(data))
    with pytest.raises(DatabaseError, match="endommagée"):
        open_readonly(damaged)
    result = run_cli("check", "--db", damaged)
    assert result.exit_code == 1 and "endommagée" in result.stderr, result.stderr


def test_row30_undecodable_passage_text_is_reported(tmp_path: Path, bundled_copy: Path) -> None:
    data = bundled_copy.read_bytes().replace("développement".encode(), b"d\xff\xfeveloppement")
    damaged = tmp_path / "grappe.db"
    damaged.write_bytes(data)
    result = run_cli("check", "--db", damaged)
    assert result.exit_code == 1, result.stdout + result.stderr
    assert "passages_fts" in result.stdout and "Traceback" not in result.stdout + result.stderr
