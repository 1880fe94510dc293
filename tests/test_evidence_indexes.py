"""Evidence's indexes are made after an import fills the table, and are the schema's own."""

from __future__ import annotations

import sqlite3

import pytest

from grappe.db.schema import EVIDENCE_INDEXES, create_schema, evidence_indexes_after


def _index_sql(conn: sqlite3.Connection) -> dict[str, str]:
    return dict(conn.execute(
        "SELECT name, sql FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'evidence' AND sql IS NOT NULL"
    ).fetchall())


@pytest.fixture
def conn() -> sqlite3.Connection:
    conn = sqlite3.connect(":memory:", isolation_level=None)
    create_schema(conn)
    conn.execute("INSERT INTO documents VALUES ('d', 't', '[]', NULL, NULL, NULL, 'p', 'h', 'utf-8', 1, 0, 1)")
    conn.execute("INSERT INTO passages (id, document_id, seq, page, line, kind, text) VALUES (1, 'd', 0, 1, 1, 'paragraph', 'x')")
    return conn


def _add_evidence(conn: sqlite3.Connection, count: int) -> None:
    conn.executemany("INSERT INTO evidence (fact_type, fact_id, passage_id, quote) VALUES ('cluster', ?, 1, 'q')",
                     [(f"c{i}",) for i in range(count)])


def test_the_schema_declares_every_evidence_index_once(conn):
    assert sorted(_index_sql(conn)) == sorted(s.split()[2] for s in EVIDENCE_INDEXES)


def test_an_empty_table_is_filled_without_its_indexes_and_gets_them_back_identical(conn):
    before = _index_sql(conn)
    conn.execute("BEGIN")
    with evidence_indexes_after(conn):
        assert _index_sql(conn) == {}
        _add_evidence(conn, 50)
    conn.execute("COMMIT")
    assert _index_sql(conn) == before
    assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    plan = " ".join(r[3] for r in conn.execute(
        "EXPLAIN QUERY PLAN SELECT passage_id FROM evidence WHERE fact_type = 'cluster' AND fact_id = 'c3'"))
    assert "evidence_fact_passage" in plan


def test_a_table_that_holds_evidence_keeps_its_indexes(conn):
    _add_evidence(conn, 3)
    statements: list[str] = []
    conn.set_trace_callback(statements.append)
    with evidence_indexes_after(conn):
        assert _index_sql(conn) != {}
        _add_evidence(conn, 3)
    conn.set_trace_callback(None)
    assert not [s for s in statements if s.upper().startswith(("DROP", "CREATE"))]


def test_a_failed_load_rolls_the_dropped_indexes_back(conn):
    before = _index_sql(conn)
    conn.execute("BEGIN")
    with pytest.raises(RuntimeError):
        with evidence_indexes_after(conn):
            _add_evidence(conn, 5)
            raise RuntimeError("extraction failed")
    conn.execute("ROLLBACK")
    assert _index_sql(conn) == before
    assert conn.execute("SELECT count(*) FROM evidence").fetchone() == (0,)
