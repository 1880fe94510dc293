"""The main screen: four panes (Filières, Clusters, Acteurs, Financements) under tabs."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from textual import on, work
from textual.app import ComposeResult
from textual.worker import Worker, WorkerState
from textual.binding import Binding
from textual.message import Message
from textual.screen import Screen
from textual.widgets import ContentSwitcher

from grappe.db import browse
from grappe.tui.process import resume_after_start
from grappe.tui.prefetch import FirstPagePrefetch
from grappe.tui.widgets.breadcrumbs import Breadcrumbs
from grappe.tui.widgets.pane import EntityPane
from grappe.tui.widgets.pane_tabs import PaneTabs
from grappe.tui.widgets.steady_footer import SteadyFooter

PANES = (
    ("filieres", "Filières"),
    ("clusters", "Clusters"),
    ("actors", "Acteurs"),
    ("funding", "Financements"),
)
EXPORT_LIMIT = 10_000


class MainScreen(Screen[None]):
    """Owns the panes; `1`–`4` and tab switch them, `e` exports what the pane shows."""

    BINDINGS = [
        Binding("1", "show_pane('filieres')", "Filières", show=False),
        Binding("2", "show_pane('clusters')", "Clusters", show=False),
        Binding("3", "show_pane('actors')", "Acteurs", show=False),
        Binding("4", "show_pane('funding')", "Financements", show=False),
        Binding("tab", "next_pane", "Volet suivant", show=False),
        Binding("shift+tab", "previous_pane", "Volet précédent", show=False),
        Binding("e", "export", "Exporter", tooltip="Exporter les lignes marquées, sinon filtrées"),
        Binding("escape", "clear_filter", "Effacer le filtre", show=False),
    ]

    @property
    def crumb(self) -> str:
        """The first breadcrumb: the pane the user came from."""
        tabs = self.query(PaneTabs)
        active = tabs.first().active if tabs else self.initial
        return dict(PANES).get(active, "grappe")

    def __init__(
        self, database: Path, initial: str = "clusters", first_page: FirstPagePrefetch | None = None
    ) -> None:
        super().__init__()
        self.database = database
        self.initial = initial
        self.first_page = first_page
        self.mounted_panes: set[str] = {initial}
        self.pages_ahead: dict[str, FirstPagePrefetch] = {}  # the other panes' first pages

    def compose(self) -> ComposeResult:
        yield Breadcrumbs(classes="breadcrumbs")
        yield PaneTabs(PANES, self.initial, id="pane-tabs")
        # Only the pane on show is built with the screen (in its first layout); the others
        # are mounted when first shown, so the first screen builds one table.
        with ContentSwitcher(initial=f"pane-{self.initial}", id="panes"):
            yield EntityPane(self.initial, dict(PANES)[self.initial], self.database,
                             id=f"pane-{self.initial}", first_page=self.first_page)

    def on_mount(self) -> None:
        # The key hints come one frame after the rows: a Footer is a widget per key, and the
        # rows are what the user opened grappe for.
        self.call_after_refresh(self._mount_footer)

    async def _mount_footer(self) -> None:
        await self.mount(SteadyFooter(compact=True))
        self.refresh_bindings()  # a Footer fills itself when the screen's bindings are published
        self.call_after_refresh(self._first_screen_complete)

    def _first_screen_complete(self) -> None:
        resume_after_start()
        self._read_other_panes_ahead()

    def _read_other_panes_ahead(self) -> None:
        """The other panes' first pages, read in threads while the user reads the first screen.

        A pane shown for the first time then shows its rows as it mounts, instead of after a
        worker's round trip beside the mounting (1 000 documents: the page came 40-90 ms after
        the key). Only when the app was started with a page read ahead (`grappe browse`):
        tests and embedders read each pane when it is shown.
        """
        if self.first_page is None:
            return
        for key, _ in PANES:
            if key not in self.mounted_panes and key not in self.pages_ahead:
                self.pages_ahead[key] = FirstPagePrefetch(self.database, key)

    def on_screen_resume(self) -> None:
        self.query_one(Breadcrumbs).refresh_path()

    def active_pane(self) -> EntityPane | None:
        """The pane on show, once it is mounted."""
        active = self.query_one(PaneTabs).active
        found = list(self.query(f"#pane-{active}").results(EntityPane))
        return found[0] if found else None

    def show_pane(self, key: str) -> None:
        """Show a pane, mounting it the first time (it then loads its first page)."""
        self.query_one(PaneTabs).active = key
        self.query_one(Breadcrumbs).refresh_path()
        switcher = self.query_one(ContentSwitcher)
        if key not in self.mounted_panes:
            self.mounted_panes.add(key)
            switcher.mount(EntityPane(key, dict(PANES)[key], self.database, id=f"pane-{key}",
                                      first_page=self.pages_ahead.pop(key, None)))
        switcher.current = f"pane-{key}"
        for pane in self.query(f"#pane-{key}").results(EntityPane):
            pane.activate()

    @on(PaneTabs.Chosen)
    def _pane_chosen(self, event: PaneTabs.Chosen) -> None:
        event.stop()
        self.show_pane(event.key)

    def action_show_pane(self, key: str) -> None:
        self.show_pane(key)

    def _step_pane(self, step: int) -> None:
        keys = [key for key, _ in PANES]
        current = self.query_one(PaneTabs).active
        self.action_show_pane(keys[(keys.index(current) + step) % len(keys)])

    def action_next_pane(self) -> None:
        self._step_pane(1)

    def action_previous_pane(self) -> None:
        self._step_pane(-1)

    def action_clear_filter(self) -> None:
        pane = self.active_pane()
        if pane is not None:
            pane.clear_filter()

    def action_export(self) -> None:
        pane = self.active_pane()
        if pane is None:
            return
        self._gather_export(pane.pane_query, sorted(pane.marked), pane.label)

    @dataclass
    class ExportReady(Message):
        """The rows to export were read and rendered."""

        title: str
        text: str

    @work(thread=True, exclusive=True, exit_on_error=False, group="export")
    def _gather_export(self, query: browse.PaneQuery, marked_ids: list[str], label: str) -> None:
        from grappe.db.connect import open_readonly
        from grappe.db.export import render_markdown

        conn = open_readonly(self.database)
        try:
            rows = browse.export_rows(conn, query, marked_ids, EXPORT_LIMIT)
        finally:
            conn.close()
        what = "sélection" if marked_ids else (f"filtre {query.filter_text}" if query.filter_text else "")
        title = " — ".join(part for part in (label, what) if part)
        self.post_message(self.ExportReady(title, render_markdown(query.pane, rows, title)))

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """A failed read becomes a notification; the app goes on."""
        if event.state == WorkerState.ERROR:
            self.notify(f"lecture impossible ({type(event.worker.error).__name__})",
                        title="Erreur", severity="error", markup=False)

    @on(ExportReady)
    def _ask_where(self, event: ExportReady) -> None:
        self.app.request_export(event.title, event.text)  # type: ignore[attr-defined]
