"""The detail view of a dossier: a navigable list of fact lines, enter follows, `s` cites."""

from __future__ import annotations

from dataclasses import dataclass

from textual.binding import Binding
from textual.reactive import reactive
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from grappe.tui.messages import OpenEntity, OpenPassage
from grappe.tui.widgets.dossier_lines import Line, dossier_lines
from grappe.tui.widgets.hanging import Hanging


@dataclass(frozen=True)
class DossierData:
    """What the view shows: the dossier kind and its dict."""

    kind: str
    dossier: dict


class DossierView(OptionList):
    """Shows one dossier; every line can be highlighted, lines that name something open it."""

    BINDINGS = [
        Binding("s", "open_source", "Source", tooltip="Ouvrir le passage cité dans son contexte"),
    ]

    data: reactive[DossierData | None] = reactive(None, init=False)
    """The dossier shown; redrawn in `watch_data`."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.lines: list[Line] = []

    def watch_data(self, data: DossierData | None) -> None:
        self.lines = dossier_lines(data.kind, data.dossier) if data else []
        self.set_options(
            Option(Hanging(line.content, line.hang) if line.hang else line.content, id=str(index))
            for index, line in enumerate(self.lines)
        )
        first_target = next((i for i, line in enumerate(self.lines) if line.opens), 0)
        if self.lines:
            self.highlighted = first_target if first_target < 12 else 0

    def line_under_cursor(self) -> Line | None:
        index = self.highlighted
        return self.lines[index] if index is not None and 0 <= index < len(self.lines) else None

    def action_select(self) -> None:
        """Follow the highlighted line: another dossier, or a passage in its context."""
        line = self.line_under_cursor()
        if line is None or line.opens is None:
            return
        kind, target_id, title = line.opens
        if kind == "passage":
            self.post_message(OpenPassage(int(target_id), title))
        else:
            self.post_message(OpenEntity(kind, target_id, title))

    def action_open_source(self) -> None:
        line = self.line_under_cursor()
        candidates = (line.sources if line else []) + [
            source for other in self.lines for source in other.sources
        ]
        for source in candidates:
            if source.get("passage_id") is not None:
                self.post_message(OpenPassage(int(source["passage_id"]), f"p. {source.get('page', '?')}"))
                return
        self.notify("Aucune source pour cette ligne", severity="warning")
