"""The passages' search index, built in a thread while facts are resolved, is the index a plain
rebuild gives; a failure or Ctrl-C meanwhile stops it and loses nothing (promises 2 and 3)."""

from __future__ import annotations

import shutil
import sqlite3
import threading
from pathlib import Path

import pytest

import grappe.db.passage_index as passage_index
import grappe.importer.resolve as resolve_module
from grappe.db.errors import GrappeError
from grappe.importer.pipeline import run_import

from .conftest import file_state

SYNTHETIC = Path(__file__).parents[1] / "fixtures" / "synthetic"
SHADOW_TABLES = ("passages_fts_data", "passages_fts_idx", "passages_fts_docsize", "passages_fts_config")
ENDLESS = "WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n) SELECT count(*) FROM n"


def _shadow(path: Path) -> dict[str, list[tuple]]:
    conn = sqlite3.connect(path)
    try:
        return {t: conn.execute(f"SELECT * FROM {t} ORDER BY 1").fetchall() for t in SHADOW_TABLES}
    finally:
        conn.close()


def _indexers() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == "grappe-passage-index"]


def _leftovers(target: Path) -> list[str]:
    return sorted(p.name for p in target.parent.iterdir() if p.name != target.name)


def test_the_index_built_meanwhile_is_the_index_a_rebuild_gives(tmp_path: Path) -> None:
    built = tmp_path / "built.db"
    run_import([SYNTHETIC], built)
    rebuilt = tmp_path / "rebuilt.db"
    shutil.copy(built, rebuilt)
    conn = sqlite3.connect(rebuilt)
    with conn:
        conn.execute("INSERT INTO passages_fts(passages_fts) VALUES ('rebuild')")
    conn.close()
    index = _shadow(built)
    assert index["passages_fts_docsize"], "the synthetic monographs have passages"
    assert index == _shadow(rebuilt)
    assert not _indexers()


def test_a_failed_indexing_is_one_line_and_the_previous_database_stays(tmp_path, live_db, monkeypatch) -> None:
    before = file_state(live_db)

    def failing(conn: sqlite3.Connection) -> None:
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(passage_index, "index_passages", failing)
    with pytest.raises(GrappeError) as raised:
        run_import([SYNTHETIC], live_db)
    message = str(raised.value)
    assert "\n" not in message and str(live_db.name) in message and "disk I/O error" in message
    assert file_state(live_db) == before
    assert _leftovers(live_db) == []
    assert not _indexers()


def test_ctrl_c_during_resolve_stops_the_indexing_and_loses_nothing(tmp_path, live_db, monkeypatch) -> None:
    before = file_state(live_db)
    started = threading.Event()

    def endless(conn: sqlite3.Connection) -> None:  # only an interrupt ends it
        started.set()
        conn.execute(ENDLESS).fetchone()

    def interrupted_resolve(*args, **kwargs):  # type: ignore[no-untyped-def]
        assert started.wait(10), "the indexing thread never started"
        raise KeyboardInterrupt

    monkeypatch.setattr(passage_index, "index_passages", endless)
    monkeypatch.setattr(resolve_module, "resolve", interrupted_resolve)
    with pytest.raises(KeyboardInterrupt):
        run_import([SYNTHETIC], live_db)
    assert not _indexers()  # stopped and joined before the interrupt went on
    assert file_state(live_db) == before
    assert _leftovers(live_db) == []
