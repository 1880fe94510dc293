"""`?`: every key of the app, gathered from the bindings of the widgets that own them."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Label

EXTRA_KEYS = [
    ("Volets", "entrée", "Ouvrir le dossier de la ligne"),
    ("Volets", "clic sur un en-tête", "Trier sur cette colonne"),
    ("Dossier", "entrée", "Suivre le lien (cluster, acteur, passage)"),
    ("Partout", "ctrl+p", "Palette de commandes (thèmes, recherche)"),
    ("Partout", "ctrl+q", "Quitter"),
]


def key_sections() -> list[tuple[str, list[Binding]]]:
    """(section, bindings) for every screen and widget that declares keys."""
    from grappe.tui.app import GrappeApp
    from grappe.tui.screens.detail import DetailScreen
    from grappe.tui.screens.main import MainScreen
    from grappe.tui.screens.passage import PassageScreen
    from grappe.tui.screens.search import SearchScreen
    from grappe.tui.widgets.dossier import DossierView
    from grappe.tui.widgets.pane import EntityPane, PaneTable

    owners = [
        ("Partout", GrappeApp), ("Volets", MainScreen), ("Volets", EntityPane), ("Volets", PaneTable),
        ("Dossier", DetailScreen), ("Dossier", DossierView), ("Passage", PassageScreen),
        ("Recherche", SearchScreen),
    ]
    sections: dict[str, list[Binding]] = {}
    for section, owner in owners:
        for binding in owner.BINDINGS:
            if isinstance(binding, Binding):
                sections.setdefault(section, []).append(binding)
    return list(sections.items())


class HelpScreen(ModalScreen[None]):
    """A table of all keys; escape or `?` closes it."""

    BINDINGS = [Binding("escape,question_mark,q", "dismiss", "Fermer")]

    crumb = "aide"

    def compose(self) -> ComposeResult:
        with Vertical(id="help-box"):
            yield Label(Text("Touches de grappe"), id="help-title")
            yield DataTable(id="help-keys", cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("Où", "Touche", "Action")
        for section, bindings in key_sections():
            for binding in bindings:
                keys = ", ".join(self.app.get_key_display(Binding(k.strip(), binding.action))
                                 for k in binding.key.split(","))
                table.add_row(Text(section), Text(keys), Text(binding.tooltip or binding.description))
        for section, keys, action in EXTRA_KEYS:
            table.add_row(Text(section), Text(keys), Text(action))
        table.focus()
