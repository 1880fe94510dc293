"""The first pane's first page, read in a thread while Textual is still being imported.

Importing Textual and building the first screen take most of the time to the first screen;
the query for the rows it shows need not wait for them. SQLite releases the GIL while it
works, so the read overlaps the import, and the pane shows its rows in its first frame
instead of after a worker's round trip.
"""

from __future__ import annotations

import threading
from pathlib import Path

from grappe.db import browse


class FirstPagePrefetch:
    """Reads `browse.read_first_page` for one pane once; `take` hands it over once."""

    def __init__(self, database: Path, pane: str) -> None:
        self.database = database
        self.query = browse.initial_query(pane)
        self._page: browse.FirstPage | None = None
        self._thread = threading.Thread(target=self._read, name="grappe-prefetch", daemon=True)
        self._thread.start()

    def _read(self) -> None:
        from grappe.db.connect import open_readonly

        try:
            conn = open_readonly(self.database)
            try:
                self._page = browse.read_first_page(conn, self.query)
            finally:
                conn.close()
        except Exception:  # noqa: BLE001 - the pane reads again itself, and reports the failure
            self._page = None

    def ready(self) -> bool:
        """True when the read is over (whether it found a page or not)."""
        return not self._thread.is_alive()

    def take(self, query: browse.PaneQuery, wait: float) -> browse.FirstPage | None:
        """The page if it answers `query`, waiting up to `wait` seconds; None afterwards."""
        self._thread.join(wait)
        if self._thread.is_alive():
            return None
        page, self._page = self._page, None
        return page if page is not None and page.query == query else None
