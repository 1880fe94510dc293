"""The passages' search index, built in a thread while facts are resolved and merged once, finds
what a plain rebuild finds; a failure or Ctrl-C meanwhile stops it and loses nothing (promises 2 and 3)."""

from __future__ import annotations

import re
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
ENDLESS = "WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n) SELECT count(*) FROM n"


def _matches(path: Path, terms: list[str]) -> dict[str, list[int]]:
    conn = sqlite3.connect(path)
    try:
        return {t: [r[0] for r in conn.execute(
            "SELECT rowid FROM passages_fts WHERE passages_fts MATCH ? ORDER BY rowid", (t,))]
            for t in terms}
    finally:
        conn.close()


def _terms(path: Path) -> list[str]:
    """Every word of the passages as a term, and its 2- and 3-letter prefixes (the indexed ones)."""
    conn = sqlite3.connect(path)
    try:
        words = {w for (text,) in conn.execute("SELECT text FROM passages")
                 for w in re.findall(r"[^\W_]{2,}", text)}
    finally:
        conn.close()
    quoted = sorted('"' + w + '"' for w in words)
    prefixes = sorted({'"' + w[:n] + '"*' for w in words for n in (2, 3)})
    return quoted + prefixes


def _indexers() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == "grappe-passage-index"]


def _leftovers(target: Path) -> list[str]:
    return sorted(p.name for p in target.parent.iterdir() if p.name != target.name)


def test_the_index_built_meanwhile_finds_what_a_plain_rebuild_finds(tmp_path: Path) -> None:
    built = tmp_path / "built.db"
    run_import([SYNTHETIC], built)
    conn = sqlite3.connect(built)
    with conn:  # the index agrees with its content table, entry by entry
        conn.execute("INSERT INTO passages_fts(passages_fts, rank) VALUES ('integrity-check', 1)")
        segments = conn.execute("SELECT count(DISTINCT segid) FROM passages_fts_idx").fetchone()[0]
        automerge = conn.execute("SELECT v FROM passages_fts_config WHERE k = 'automerge'").fetchone()
    conn.close()
    assert segments == 1  # merged once at the end
    assert automerge == (4,)  # FTS5's default put back
    rebuilt = tmp_path / "rebuilt.db"
    shutil.copy(built, rebuilt)
    conn = sqlite3.connect(rebuilt)
    with conn:  # FTS5's own rebuild, with its default merging
        conn.execute("INSERT INTO passages_fts(passages_fts, rank) VALUES ('automerge', 4)")
        conn.execute("INSERT INTO passages_fts(passages_fts) VALUES ('rebuild')")
    conn.close()
    terms = _terms(built)
    assert len(terms) > 1000
    found = _matches(built, terms)
    assert sum(len(rows) for rows in found.values()) > 3000  # the comparison is not trivial
    assert found == _matches(rebuilt, terms)
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
