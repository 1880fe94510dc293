"""One thread and one read-only connection answer every keystroke of a search.

A Textual thread worker per keystroke costs a thread, a connection opened and checked, and
three state messages to the screen: more than the FTS query it runs. This runner keeps one
thread with its own connection for the life of the search screen, skips texts already
overtaken by newer ones, and interrupts a query that a new keystroke makes useless.
"""

from __future__ import annotations

import queue
import sqlite3
import threading
from collections.abc import Callable
from pathlib import Path

from grappe.db.browse import interrupt

_STOP = object()


class SearchRunner:
    """Runs `search(conn, text)` for the latest text submitted; answers via `deliver`."""

    def __init__(
        self,
        database: Path,
        search: Callable[[sqlite3.Connection, str], list],
        deliver: Callable[[str, list], None],
        fail: Callable[[BaseException], None],
    ) -> None:
        self.database = database
        self.search = search
        self.deliver = deliver
        self.fail = fail
        self._texts: queue.SimpleQueue[object] = queue.SimpleQueue()
        self._running: sqlite3.Connection | None = None  # set while a query is in flight
        self._lock = threading.Lock()
        self._thread = threading.Thread(target=self._serve, name="grappe-search", daemon=True)
        self._thread.start()

    def submit(self, text: str) -> None:
        """Search `text`; a query still running for an older text is stopped."""
        self._texts.put(text)
        with self._lock:
            if self._running is not None:
                interrupt(self._running)

    def stop(self) -> None:
        """End the thread after its current query (its connection is closed)."""
        self._texts.put(_STOP)
        with self._lock:
            if self._running is not None:
                interrupt(self._running)

    def _latest(self) -> object:
        """The newest text waiting: older ones are out of date before they start."""
        item = self._texts.get()
        while item is not _STOP:
            try:
                item = self._texts.get_nowait()
            except queue.Empty:
                break
        return item

    def _serve(self) -> None:
        conn: sqlite3.Connection | None = None
        while (text := self._latest()) is not _STOP:
            assert isinstance(text, str)
            try:
                if conn is None and text.strip():
                    from grappe.db.connect import open_readonly

                    conn = open_readonly(self.database)
                hits = self._answer(conn, text) if conn is not None else []
            except Exception as error:  # noqa: BLE001 - reported to the screen, the app goes on
                self.fail(error)
                if conn is not None:
                    conn.close()
                conn = None  # opened again for the next text
                continue
            if self._texts.empty():  # else a newer text is waiting: this answer is stale
                self.deliver(text, hits)
        if conn is not None:
            conn.close()

    def _answer(self, conn: sqlite3.Connection, text: str) -> list:
        if not text.strip():
            return []
        with self._lock:
            self._running = conn
        try:
            return self.search(conn, text)
        finally:
            with self._lock:
                self._running = None
