"""One browsing pane: a paged, sortable, filterable table of clusters, actors, filières or funding.

Rows arrive a page at a time from a thread worker (`grappe.db.browse`), so a pane over
100 000 rows shows its first page at once and loads more as the cursor nears the end.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.reactive import reactive
from textual.widgets import DataTable

from grappe.db import browse
from grappe.tui.messages import OpenEntity, OpenPassage
from grappe.tui.prefetch import FirstPagePrefetch
from grappe.tui.widgets.cells import cell_for, column_widths, entity_of_row
from grappe.tui.widgets.quick_cells import QuickCellTable
from grappe.tui.widgets.pane_reader import PaneReader
from grappe.tui.widgets.pane_toolbar import PaneToolbar

MARK = "●"
LOAD_AHEAD = 30
SCROLLBAR_ROOM = 2  # kept free whether or not the rows need a scrollbar, so widths never depend on them


class PaneTable(QuickCellTable):
    """The pane's table; space marks the row under the cursor."""

    BINDINGS = [
        Binding("space", "toggle_mark", "Marquer", tooltip="Marquer la ligne pour l'export"),
        Binding("home", "scroll_top", "Début", show=False, tooltip="Première ligne"),
        Binding("end", "scroll_bottom", "Fin", show=False, tooltip="Dernière ligne chargée"),
    ]

    class MarkToggled(Message):
        """The user marked or unmarked the row under the cursor."""

    def action_toggle_mark(self) -> None:
        self.post_message(self.MarkToggled())


class EntityPane(Vertical):
    """A pane over one of the browse queries, owning its filter, facet, sort and marks."""

    BINDINGS = [
        # A priority binding runs before the next key is dispatched, so the letters typed right
        # after `/` (a fast typist, a terminal sending "/word" at once) reach the filter box.
        Binding("slash", "filter", "Filtrer", priority=True, tooltip="Filtrer les lignes (noms et alias)"),
        Binding("o", "sort_next", "Trier", tooltip="Trier sur la colonne suivante"),
        Binding("r", "sort_reverse", "Inverser", show=False, tooltip="Inverser l'ordre du tri"),
        Binding("d", "next_document", "Document", tooltip="Restreindre à un document"),
    ]

    pane_query: reactive[browse.PaneQuery] = reactive(browse.PaneQuery("clusters"), init=False)
    """What the pane shows; changing it reloads the first page."""

    def __init__(
        self, pane: str, label: str, database: Path, *, id: str | None = None,
        first_page: FirstPagePrefetch | None = None,
    ) -> None:
        super().__init__(id=id)
        self.pane = browse.PANES[pane]
        self.label = label
        self.database = database
        self.rows: list[dict] = []
        self.total = 0
        self.marked: set[str] = set()
        self.documents: list[dict] = []
        self.activated = False
        self.composed = False
        self.loading_rows = False
        self.widths = column_widths(self.pane.columns, 0)
        self.first_page = first_page  # handed to the reader
        self.set_reactive(EntityPane.pane_query, browse.initial_query(pane))

    def compose(self) -> ComposeResult:
        yield PaneToolbar(classes="pane-toolbar")
        yield PaneReader(self.database, self.first_page)
        table = PaneTable(cursor_type="row", zebra_stripes=True, classes="pane-table")
        self._add_columns(table)
        yield table

    def _add_columns(self, table: DataTable) -> None:
        # Widths come from the pane definition and the pane's size, never from the rows: the
        # columns do not move when a page of rows arrives (or arrives late).
        table.add_column("", key="mark", width=1)
        for column in self.pane.columns:
            table.add_column(column.label, key=column.key, width=self.widths[column.key])

    def _add_rows(self, rows: list[dict]) -> None:
        table = self.table
        for row in rows:
            row_id = str(row["id"])
            mark = Text(MARK if row_id in self.marked else "")
            cells = [cell_for(column, row, self.widths[column.key]) for column in self.pane.columns]
            table.add_row(mark, *cells, key=row_id)

    def on_resize(self, event: events.Resize) -> None:
        """Share a wider pane's room among the text columns (rebuilding the rows shown)."""
        table = self.table
        mark_room = 1 + 2 * table.cell_padding
        room = self.content_size.width - SCROLLBAR_ROOM - mark_room
        widths = column_widths(self.pane.columns, room, table.cell_padding)
        if widths == self.widths:
            return
        self.widths = widths
        cursor_row = table.cursor_row
        table.clear(columns=True)
        self._add_columns(table)
        self._add_rows(self.rows)
        if 0 < cursor_row < len(self.rows):
            table.move_cursor(row=cursor_row, animate=False)

    def on_mount(self) -> None:
        self.composed = True
        self.activate()

    def activate(self) -> None:
        """Load the first page the first time the pane is shown (panes are deferred)."""
        if not self.composed:
            return  # on_mount activates it
        if not self.activated:
            self.activated = True
            if not self._show_first_page():
                self.load()
        self.table.focus()

    @property
    def table(self) -> PaneTable:
        return self.query_one(PaneTable)

    @property
    def toolbar(self) -> PaneToolbar:
        return self.query_one(PaneToolbar)

    @property
    def reader(self) -> PaneReader:
        return self.query_one(PaneReader)

    @property
    def loaded(self) -> bool:
        """True once every row fetched for the current query is in the table."""
        return self.activated and not self.loading_rows and self.table.row_count == len(self.rows)

    def watch_pane_query(self) -> None:
        self.load()

    def load(self, offset: int = 0) -> None:
        """Fetch a page for the current query (offset 0 replaces the table)."""
        self.loading_rows = True
        self._show_status()
        self.reader.read(self.pane_query, offset, with_documents=not self.documents and offset == 0)

    def _show_first_page(self) -> bool:
        """Show the page read ahead at start-up if it is there already (no worker round trip)."""
        page = self.reader.first_page_if_ready(self.pane_query)
        if page is not None:
            self._show_page(page)
        return page is not None

    @on(PaneReader.PageRead)
    def _show_page(self, event: PaneReader.PageRead) -> None:
        event.stop()
        if event.documents is not None:
            self.documents = event.documents
        if event.query != self.pane_query:
            return  # a stale page from before the filter changed
        table = self.table
        if event.offset == 0:
            if len(self.documents) > 1 and not self.query(".pane-facet"):
                # A frame after the rows: a facet of 1 000 documents is a Select of 1 000
                # options, built in about 30 ms that the first screen need not wait for.
                self.call_after_refresh(self._offer_documents)
            table.clear()
            self.rows = []
            self.total = event.total or 0
        elif event.offset != len(self.rows):
            return
        self._add_rows(event.rows)
        self.rows.extend(event.rows)
        self.loading_rows = False
        self._show_status()

    def _offer_documents(self) -> None:
        self.toolbar.offer_documents(self.documents)
        self.refresh_bindings()  # `d` now has documents to go through

    @on(PaneReader.ReadFailed)
    def _show_failure(self, event: PaneReader.ReadFailed) -> None:
        event.stop()
        self.loading_rows = False
        self._show_status()
        self.notify(event.reason, title=event.title, severity="error", markup=False)

    def _show_status(self) -> None:
        columns = {c.key: c.label for c in self.pane.columns}
        sort = columns.get(self.pane_query.sort or self.pane.default_sort, "")
        arrow = "↓" if self.pane_query.descending else "↑"
        marked = f" · {len(self.marked)} marqué(s)" if self.marked else ""
        shown = f"{len(self.rows)}/{self.total}" if len(self.rows) < self.total else str(self.total)
        loading = "chargement… · " if self.loading_rows else ""
        self.toolbar.show_status(f"{loading}{shown} ligne(s) · tri {sort} {arrow}{marked}")
        self.border_title = Text(f"{self.label} ({self.total})")

    @on(DataTable.RowHighlighted)
    def _load_ahead(self, event: DataTable.RowHighlighted) -> None:
        event.stop()
        near_end = event.cursor_row >= len(self.rows) - LOAD_AHEAD
        if near_end and len(self.rows) < self.total and not self.loading_rows:
            self.load(offset=len(self.rows))

    @on(DataTable.RowSelected)
    def _open_row(self, event: DataTable.RowSelected) -> None:
        event.stop()
        row = self.row_under_cursor()
        target = entity_of_row(self.pane.name, row) if row else None
        if target and target[0] == "passage":
            self.post_message(OpenPassage(int(target[1]), target[2]))
        elif target:
            self.post_message(OpenEntity(*target))

    @on(DataTable.HeaderSelected)
    def _sort_on_header(self, event: DataTable.HeaderSelected) -> None:
        event.stop()
        key = str(event.column_key.value)
        if key == "mark":
            return
        same = (self.pane_query.sort or self.pane.default_sort) == key
        self.pane_query = replace(self.pane_query, sort=key, descending=not self.pane_query.descending if same else False)

    @on(PaneTable.MarkToggled)
    def _toggle_mark(self, event: PaneTable.MarkToggled) -> None:
        event.stop()
        row = self.row_under_cursor()
        if row is None:
            return
        row_id = str(row["id"])
        self.marked.symmetric_difference_update({row_id})
        self.table.update_cell(row_id, "mark", Text(MARK if row_id in self.marked else ""))
        self._show_status()
        if self.table.cursor_row < len(self.rows) - 1:
            self.table.move_cursor(row=self.table.cursor_row + 1)

    def row_under_cursor(self) -> dict | None:
        """The row dict under the table cursor, if any."""
        index = self.table.cursor_row
        return self.rows[index] if 0 <= index < len(self.rows) else None

    async def action_filter(self) -> None:
        box = await self.toolbar.open_filter()
        # Focus now, not after the queued keys: a fast typist's next letters belong to the box.
        self.screen.set_focus(box)

    @on(PaneToolbar.FilterChanged)
    def _filter_changed(self, event: PaneToolbar.FilterChanged) -> None:
        event.stop()
        self.pane_query = replace(self.pane_query, filter_text=event.text)

    @on(PaneToolbar.FilterLeft)
    def _filter_left(self, event: PaneToolbar.FilterLeft) -> None:
        event.stop()
        self.table.focus()

    @on(PaneToolbar.DocumentChosen)
    def _document_chosen(self, event: PaneToolbar.DocumentChosen) -> None:
        event.stop()
        self.pane_query = replace(self.pane_query, document_id=event.document_id)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "next_document":
            return len(self.documents) > 1
        if action == "filter":  # in the box, `/` is a character to type
            return not self.toolbar.filter_has_focus()
        return True

    def action_next_document(self) -> None:
        ids = [None] + [doc["id"] for doc in self.documents]
        following = ids[(ids.index(self.pane_query.document_id) + 1) % len(ids)] if len(ids) > 1 else None
        self.toolbar.choose_document(following)

    def action_sort_next(self) -> None:
        keys = [c.key for c in self.pane.columns]
        current = self.pane_query.sort or self.pane.default_sort
        following = keys[(keys.index(current) + 1) % len(keys)]
        numeric = {c.key for c in self.pane.columns if c.numeric}
        self.pane_query = replace(self.pane_query, sort=following, descending=following in numeric)

    def action_sort_reverse(self) -> None:
        self.pane_query = replace(self.pane_query, descending=not self.pane_query.descending)

    def clear_filter(self) -> bool:
        """Close the filter box; True when there was something to clear."""
        if not self.toolbar.close_filter():
            return False
        self.table.focus()
        return True
