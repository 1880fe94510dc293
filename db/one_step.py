"""Reading all the rows of a query in one SQLite step, for the app's reader threads.

Python's sqlite3 lets go of the GIL around each row's step and takes it back after. In a
thread, taking it back waits for the main thread to hand it over (up to the 5 ms switch
interval) whenever that thread is busy importing, laying out or painting: measured on 1 000
monographs, the 1 000 rows of the document list took 1 s to read beside a busy main thread,
3 ms alone. Here SQLite builds the whole result as one JSON text (`json_group_array`), so
the thread waits for the GIL once per query, and `json.loads` rebuilds the rows in C.

The rows keep the query's order: SQLite keeps a FROM-clause subquery's ORDER BY when the
outer query aggregates with json_group_array. Values come back with Python's types (int,
float, str, None); a REAL keeps the 15 significant digits SQLite's JSON writes (plenty for
any amount or count the app shows, not a byte-exact float); a BLOB raises
`sqlite3.OperationalError`.
"""

from __future__ import annotations

import json
import sqlite3
from typing import Any

Params = dict[str, Any] | tuple[Any, ...] | list[Any]

_COLUMNS: dict[str, tuple[str, ...]] = {}  # SQL text -> its column names (a bounded set: the
# app's SQL is fixed text, what the user types goes in parameters)


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _literal(name: str) -> str:
    return "'" + name.replace("'", "''") + "'"


def column_names(conn: sqlite3.Connection, sql: str, params: Params = ()) -> tuple[str, ...]:
    """The names of the columns `sql` returns, read once per SQL text (no row is read)."""
    names = _COLUMNS.get(sql)
    if names is None:
        cursor = conn.execute(f"SELECT * FROM ({sql}) LIMIT 0", params)
        names = tuple(column[0] for column in cursor.description)
        cursor.close()
        _COLUMNS[sql] = names
    return names


def fetch_dicts(conn: sqlite3.Connection, sql: str, params: Params = ()) -> list[dict[str, Any]]:
    """Every row of `sql` as a dict of its columns, in the query's order."""
    names = column_names(conn, sql, params)
    pairs = ", ".join(f"{_literal(n)}, q.{_quoted(n)}" for n in dict.fromkeys(names))
    row = conn.execute(f"SELECT json_group_array(json_object({pairs})) FROM ({sql}) AS q",
                       params).fetchone()
    return json.loads(row[0])


def fetch_tuples(conn: sqlite3.Connection, sql: str, params: Params = ()) -> list[tuple[Any, ...]]:
    """Every row of `sql` as a tuple, in the query's order (what `fetchall()` gives)."""
    names = column_names(conn, sql, params)
    values = ", ".join(f"q.{_quoted(n)}" for n in names)
    row = conn.execute(f"SELECT json_group_array(json_array({values})) FROM ({sql}) AS q",
                       params).fetchone()
    return [tuple(values) for values in json.loads(row[0])]


def fetch_column(conn: sqlite3.Connection, sql: str, params: Params = ()) -> list[Any]:
    """The first column of every row of `sql`, in the query's order."""
    names = column_names(conn, sql, params)
    row = conn.execute(f"SELECT json_group_array(q.{_quoted(names[0])}) FROM ({sql}) AS q",
                       params).fetchone()
    return json.loads(row[0])
