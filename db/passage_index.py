"""Indexing the passages for search in a thread, while the importer resolves facts.

At the end of an import two long jobs wait for each other: resolve (pure Python, one core)
and the FTS5 index of every passage (pure SQLite: `rebuild` reads and tokenizes the passage
table in C, without the GIL). They need nothing from each other, so the index is built by a
thread on its own connection to the staging file while the main thread resolves; the second
core, idle at that point, does the indexing. When this landed, at 1 000 monographs the index
took about 8 s and resolve 14 s; on 100, the end of the import went from 2.4-2.5 s to
2.0-2.1 s. Resolve has since become faster than the index (5.5 s): the importer makes the
facts' rows in the time left (`import/pipeline.py`, `_batches_made_while`).

The import's transaction is committed first (the thread must see the passages and take the
write lock); the caller's connection is back in a transaction when the block ends. On any
failure or interruption the indexing is stopped and awaited before the error goes on, so
nothing writes to the staging file once it is discarded.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from grappe.db.connect import database_path
from grappe.db.schema import index_passages


class _Indexer(threading.Thread):
    def __init__(self, path: Path) -> None:
        super().__init__(name="grappe-passage-index", daemon=True)
        self.path = path
        self.error: BaseException | None = None
        self._conn: sqlite3.Connection | None = None
        self._opened = threading.Event()

    def run(self) -> None:
        try:
            conn = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
        except BaseException as error:  # noqa: BLE001 - handed to the waiting thread
            self.error = error
            self._opened.set()
            return
        self._conn = conn
        self._opened.set()
        try:
            conn.execute("PRAGMA journal_mode = OFF")  # as the import's own connection
            conn.execute("PRAGMA synchronous = OFF")
            conn.execute("BEGIN IMMEDIATE")
            index_passages(conn)
            conn.execute("COMMIT")
        except BaseException as error:  # noqa: BLE001 - handed to the waiting thread
            self.error = error
        finally:
            conn.close()

    def running(self) -> bool:
        """True while the index is being built (the caller may prepare other work meanwhile)."""
        return self.is_alive()

    def stop(self) -> None:
        """Interrupt the indexing and wait for the thread to let go of the file."""
        self._opened.wait()
        # An interrupt reaches only a statement already running: repeated until the thread
        # ends, it also stops one that was about to start.
        while self.is_alive():
            if self._conn is not None:
                try:
                    self._conn.interrupt()
                except sqlite3.ProgrammingError:  # closed: the job is over
                    pass
            self.join(0.02)


@contextmanager
def passages_indexed_meanwhile(conn: sqlite3.Connection) -> Iterator[_Indexer]:
    """Index the passages in a thread for the duration of the block (see the module's doc).

    The block must not use `conn` (the thread holds the write lock); it gets the indexing
    thread, whose `running()` tells whether the index is still being built.
    """
    path = database_path(conn)
    if conn.in_transaction:
        conn.execute("COMMIT")
    indexer = _Indexer(Path(path))
    indexer.start()
    try:
        yield indexer
    except BaseException:
        indexer.stop()
        raise
    indexer.join()
    if indexer.error is not None:
        raise indexer.error
    conn.execute("BEGIN")
