"""Reading a pane's pages in a thread worker: the pane asks, the reader posts what it read.

A new first page stops the query still running for an older one (a filter typed letter by
letter must not pile up abandoned queries). The first page of the first pane may already have
been read while the app started (`FirstPagePrefetch`): it is handed over once, never read twice.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from textual import work
from textual.message import Message
from textual.widget import Widget
from textual.worker import Worker, WorkerState

from grappe.db import browse
from grappe.tui.prefetch import FirstPagePrefetch


class PaneReader(Widget):
    """The pane's reading, without anything to show (hidden by the app's stylesheet)."""

    @dataclass
    class PageRead(Message):
        """One page of rows for a query; `documents` with a first page when they were read."""

        query: browse.PaneQuery
        offset: int
        rows: list[dict]
        total: int | None
        documents: list[dict] | None

    @dataclass
    class ReadFailed(Message):
        """The database could not be read; the pane says so and goes on."""

        title: str
        reason: str

    def __init__(self, database: Path, first_page: FirstPagePrefetch | None = None) -> None:
        super().__init__(classes="pane-reader")
        self.database = database
        self.first_page = first_page  # read ahead while the app started, used once
        self._connection: Any = None  # the connection of the query in flight

    def first_page_if_ready(self, query: browse.PaneQuery) -> PageRead | None:
        """The page read ahead at start-up, if it is there already and answers `query`."""
        if self.first_page is None or not self.first_page.ready():
            return None
        return self._take_first_page(query, wait=0)

    def _take_first_page(self, query: browse.PaneQuery, wait: float) -> PageRead | None:
        if self.first_page is None:
            return None
        page, self.first_page = self.first_page.take(query, wait=wait), None
        if page is None:
            return None
        return self.PageRead(query, 0, page.rows, page.total, page.documents)

    def read(self, query: browse.PaneQuery, offset: int, with_documents: bool) -> None:
        """Read a page in a worker (offset 0 first stops the query in flight)."""
        if offset == 0 and self._connection is not None:
            browse.interrupt(self._connection)
        self._read(query, offset, with_documents)

    @work(thread=True, exclusive=True, exit_on_error=False, group="pane")
    def _read(self, query: browse.PaneQuery, offset: int, with_documents: bool) -> None:
        from grappe.db.connect import open_readonly
        from grappe.db.errors import GrappeError

        if offset == 0:  # the page read ahead at start-up, if still being read: wait for it
            page = self._take_first_page(query, wait=30)
            if page is not None:
                self.post_message(page)
                return
        try:
            conn = open_readonly(self.database)
        except GrappeError as error:
            self.post_message(self.ReadFailed("Lecture impossible", str(error)))
            return
        self._connection = conn
        documents = None
        try:
            if with_documents:
                documents = browse.documents(conn)
            rows, total = browse.fetch_page_and_total(conn, query, offset)
        except Exception as error:
            if browse.is_interrupted(error):
                return  # superseded by a newer query
            raise
        finally:
            if self._connection is conn:
                self._connection = None
            conn.close()
        self.post_message(self.PageRead(query, offset, rows, total, documents))

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """A read that raised becomes a notification; the app goes on."""
        if event.state == WorkerState.ERROR:
            event.stop()
            name = type(event.worker.error).__name__
            self.post_message(self.ReadFailed("Erreur", f"lecture impossible ({name})"))
