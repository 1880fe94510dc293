"""Rows into the staging database: multi-row inserts, and the passage id of each (document, seq).

Both serve an import that loads one document at a time: the inserts cost the importing
process (which also feeds the workers) as little CPU as possible, and the id map holds two
numbers per document rather than an entry per passage.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import sqlite_utils

__all__ = ["PassageIds", "insert_rows", "insert_tuples", "next_free_id"]


class PassageIds(Mapping[tuple[str, int], int]):
    """The passage id of each (document id, seq), kept as a first id and a count per document.

    A dict entry per passage cost about 150 bytes each (a million passages at 1 000 documents);
    this keeps two numbers per document when seqs run 0…n-1, as the importer's do.
    """

    def __init__(self) -> None:
        self._runs: dict[str, tuple[int, int]] = {}  # document id → (first id, count)
        self._scattered: dict[tuple[str, int], int] = {}  # documents whose seqs have gaps

    def add(self, document_id: str, seqs: list[int], first_id: int) -> None:
        """Record that the passages of `document_id`, in this seq order, got consecutive ids."""
        if seqs == list(range(len(seqs))):
            self._runs[document_id] = (first_id, len(seqs))
        else:
            for offset, seq in enumerate(seqs):
                self._scattered[(document_id, seq)] = first_id + offset

    def update(self, other: "PassageIds") -> None:  # type: ignore[override]
        self._runs.update(other._runs)
        self._scattered.update(other._scattered)

    def __getitem__(self, key: tuple[str, int]) -> int:
        document_id, seq = key
        run = self._runs.get(document_id)
        if run is not None and isinstance(seq, int) and 0 <= seq < run[1]:
            return run[0] + seq
        return self._scattered[key]

    def __iter__(self) -> Iterator[tuple[str, int]]:
        for document_id, (_, count) in self._runs.items():
            for seq in range(count):
                yield (document_id, seq)
        yield from self._scattered

    def __len__(self) -> int:
        return sum(count for _, count in self._runs.values()) + len(self._scattered)


_JSON_TYPES = (dict, list, tuple)
_MAX_VARIABLES = 999  # per statement, as sqlite-utils assumes (SQLite's historical limit)


def insert_rows(
    db: "sqlite_utils.Database", table: str, rows: Iterable[dict], *, ignore: bool = False
) -> None:
    """Insert dict rows by multi-row INSERT statements (lists and dicts as JSON, as sqlite-utils does).

    sqlite-utils' `insert_all` inspects every value and rebuilds its SQL for every batch: at
    100 documents that was a third of the importing process's CPU, taken from the workers.
    The statements stay multi-row like its own: SQLite then checks the foreign keys pointing at
    the new rows with a query on the child table, which `PRAGMA optimize` (end of `build`)
    takes as the cue to ANALYZE that table; single-row statements would leave the built
    database without those statistics, and the browser's query plans would change.
    Columns are the union of the rows' keys (a missing key is NULL).
    """
    rows = list(rows)
    if not rows:
        return
    columns = list(rows[0])
    columns += sorted(set().union(*rows).difference(columns))
    insert_tuples(db, table, columns, [
        [
            json.dumps(value, default=repr, ensure_ascii=False)
            if isinstance(value, _JSON_TYPES) else value
            for value in map(row.get, columns)
        ]
        for row in rows
    ], ignore=ignore)


def insert_tuples(
    db: "sqlite_utils.Database", table: str, columns: list[str], rows: Sequence[Sequence[object]],
    *, ignore: bool = False,
) -> None:
    """Insert rows given as sequences of plain SQL values in `columns` order (see `insert_rows`)."""
    if not rows:
        return
    verb = "INSERT OR IGNORE" if ignore else "INSERT"
    head = f"{verb} INTO [{table}] ({', '.join(f'[{c}]' for c in columns)}) VALUES "
    one_row = f"({', '.join('?' for _ in columns)})"
    per_statement = max(1, _MAX_VARIABLES // len(columns))
    for start in range(0, len(rows), per_statement):
        chunk = rows[start:start + per_statement]
        db.conn.execute(head + ", ".join([one_row] * len(chunk)), [v for row in chunk for v in row])


def next_free_id(db: "sqlite_utils.Database", table: str) -> int:
    """The id the next row of `table` would get (1 in the fresh database of an import)."""
    return db.execute(f"SELECT coalesce(max(id), 0) + 1 FROM [{table}]").fetchone()[0]
