"""A cluster, actor or filière dossier on its own screen, loaded by a thread worker."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Label

from grappe.tui.widgets.breadcrumbs import Breadcrumbs
from grappe.tui.widgets.dossier import DossierData, DossierView
from grappe.tui.widgets.steady_footer import SteadyFooter

DOSSIER_FUNCTIONS = {"cluster": "cluster_dossier", "actor": "actor_dossier", "filiere": "filiere_dossier"}
KIND_TITLES = {"cluster": "Cluster", "actor": "Acteur", "filiere": "Filière"}


def load_dossier(database: Path, kind: str, entity_id: str) -> dict | None:
    """Read one dossier through `grappe.db.views` with a connection of this thread."""
    from grappe.db import views
    from grappe.db.connect import open_readonly

    function = getattr(views, DOSSIER_FUNCTIONS[kind])
    conn = open_readonly(database)
    try:
        return function(conn, entity_id)
    finally:
        conn.close()


class DetailScreen(Screen[None]):
    """The dossier of one entity; escape goes back, `e` exports it as Markdown."""

    BINDINGS = [
        Binding("escape,backspace", "app.back", "Retour", tooltip="Revenir à l'écran précédent"),
        Binding("e", "export", "Exporter", tooltip="Exporter ce dossier en Markdown"),
    ]

    @dataclass
    class Loaded(Message):
        dossier: dict | None

    @dataclass
    class Failed(Message):
        reason: str

    def __init__(self, database: Path, kind: str, entity_id: str, title: str = "") -> None:
        super().__init__()
        self.database = database
        self.kind = kind
        self.entity_id = entity_id
        self.crumb = title or entity_id
        self.dossier: dict | None = None

    def compose(self) -> ComposeResult:
        yield Breadcrumbs(classes="breadcrumbs")
        yield Label(Text(f"{KIND_TITLES.get(self.kind, '')} — chargement…"), classes="detail-status")
        yield DossierView(id="dossier")
        yield SteadyFooter(compact=True)

    def on_mount(self) -> None:
        self._load()

    @work(thread=True, exclusive=True, exit_on_error=False)
    def _load(self) -> None:
        try:
            kinds = ("cluster", "actor") if self.kind == "any" else (self.kind,)
            dossier = None
            for kind in kinds:
                dossier = load_dossier(self.database, kind, self.entity_id)
                if dossier is not None:
                    self.kind = kind
                    break
        except Exception as error:  # noqa: BLE001 - shown as a status line, the app goes on
            self.post_message(self.Failed(f"{type(error).__name__}: {error}"))
            return
        self.post_message(self.Loaded(dossier))

    @on(Loaded)
    def _show(self, event: Loaded) -> None:
        status = self.query_one(".detail-status", Label)
        if event.dossier is None:
            status.update(Text("Introuvable dans la base."))
            return
        self.dossier = event.dossier
        name = str(event.dossier.get("name") or self.crumb)
        if name != self.crumb:
            self.crumb = name
            self.query_one(Breadcrumbs).refresh_path()
        status.update(Text(f"{KIND_TITLES.get(self.kind, '')} · entrée suit un lien · s ouvre la source"))
        view = self.query_one(DossierView)
        view.data = DossierData(self.kind, event.dossier)
        view.focus()

    @on(Failed)
    def _fail(self, event: Failed) -> None:
        self.query_one(".detail-status", Label).update(Text("Dossier illisible : " + event.reason))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "export":
            return self.dossier is not None
        return True

    def action_export(self) -> None:
        from grappe.db.export import render_dossier_markdown

        if self.dossier is None:
            return
        text = render_dossier_markdown(self.kind, self.dossier)
        self.app.request_export(self.crumb, text)  # type: ignore[attr-defined]
