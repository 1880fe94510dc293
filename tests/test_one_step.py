"""`db.one_step`: rows read in one SQLite step are the rows a cursor gives, in the same order."""

from __future__ import annotations

import sqlite3

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from grappe.db.one_step import fetch_column, fetch_dicts, fetch_tuples

values = st.one_of(
    st.none(),
    st.integers(min_value=-(2**63), max_value=2**63 - 1),
    st.floats(allow_nan=False, allow_infinity=False).map(lambda x: float(f"{x:.12g}")),
    st.text(st.characters(blacklist_categories=("Cs",))),
)


def _cursor_rows(conn: sqlite3.Connection, sql: str, params=()) -> list[dict]:  # type: ignore[no-untyped-def]
    conn.row_factory = sqlite3.Row
    try:
        return [dict(row) for row in conn.execute(sql, params)]
    finally:
        conn.row_factory = None


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(values, values), max_size=30))
def test_rows_and_values_are_those_a_cursor_reads(rows):  # type: ignore[no-untyped-def]
    conn = sqlite3.connect(":memory:")
    conn.execute('CREATE TABLE t(pos INTEGER, a, "b ""quoted"" col")')
    conn.executemany("INSERT INTO t VALUES (?, ?, ?)", [(i, a, b) for i, (a, b) in enumerate(rows)])
    sql = 'SELECT pos, a, "b ""quoted"" col" AS "it\'s b" FROM t ORDER BY pos DESC'
    got = fetch_dicts(conn, sql)
    assert got == _cursor_rows(conn, sql)
    for row, expected in zip(got, _cursor_rows(conn, sql)):
        assert [type(v) for v in row.values()] == [type(v) for v in expected.values()]
    assert fetch_column(conn, sql) == [row["pos"] for row in got]
    assert fetch_tuples(conn, sql) == conn.execute(sql).fetchall()


def test_order_limit_offset_and_parameters_are_kept():
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE t(id TEXT, n INTEGER)")
    conn.executemany("INSERT INTO t VALUES (?, ?)", [(f"r{i}", (i * 7) % 11) for i in range(50)])
    sql = "SELECT id, n FROM t WHERE n > :low ORDER BY n DESC, id LIMIT :limit OFFSET :offset"
    params = {"low": 2, "limit": 9, "offset": 3}
    assert fetch_dicts(conn, sql, params) == _cursor_rows(conn, sql, params)
    assert fetch_column(conn, sql, params) == [r["id"] for r in _cursor_rows(conn, sql, params)]
    assert fetch_dicts(conn, "SELECT id FROM t WHERE n > 100") == []
    assert fetch_column(conn, "SELECT id FROM t WHERE n > ?", (100,)) == []
    assert fetch_tuples(conn, sql, params) == conn.execute(sql, params).fetchall()
    assert fetch_tuples(conn, "SELECT id, n FROM t WHERE n > 100") == []


def test_document_text_stays_data():
    conn = sqlite3.connect(":memory:")
    hostile = 'a "quoted" \\ back\x1b[31m red\n"], {"x": 1} [/b] é€ 𝄞'
    conn.execute("CREATE TABLE t(name TEXT)")
    conn.execute("INSERT INTO t VALUES (?)", (hostile,))
    assert fetch_dicts(conn, "SELECT name FROM t") == [{"name": hostile}]
    assert fetch_column(conn, "SELECT name FROM t") == [hostile]


def test_a_real_keeps_fifteen_significant_digits():
    conn = sqlite3.connect(":memory:")
    row = fetch_dicts(conn, "SELECT 1234567890123.45 AS amount, 2.5 AS fte, 0.1 + 0.2 AS sum")[0]
    assert row == {"amount": 1234567890123.45, "fte": 2.5, "sum": 0.3}


def test_a_blob_is_refused_rather_than_altered():
    conn = sqlite3.connect(":memory:")
    with pytest.raises(sqlite3.OperationalError):
        fetch_dicts(conn, "SELECT x'00ff' AS raw")
