"""A pane's toolbar: the status line, the filter box and the document facet.

The filter box is mounted on the first `/` and the facet only when there are several
documents: neither costs the first screen anything. The toolbar says what the user asked for
(messages up); the pane decides what it shows and tells the toolbar what to display.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Input, Label

from grappe.tui.widgets.quick_input import QuickInput


class PaneToolbar(Horizontal):
    """Status, filter box and facet of one pane."""

    @dataclass
    class FilterChanged(Message):
        """The filter text changed (every keystroke)."""

        text: str

    class FilterLeft(Message):
        """Enter in the filter box: the table takes the keys again."""

    @dataclass
    class DocumentChosen(Message):
        """A document was chosen in the facet (None: every document)."""

        document_id: str | None

    def compose(self) -> ComposeResult:
        yield Label("", classes="pane-status")

    def show_status(self, status: str) -> None:
        self.query_one(".pane-status", Label).update(Text(status))

    def offer_documents(self, documents: list[dict]) -> None:
        """Mount the document facet once, and only when there are several documents."""
        if len(documents) < 2 or self.query(".pane-facet"):
            return
        from textual.widgets import Select  # only with several documents: not on the first screen

        options = [(Text(doc["region"] or doc["title"]), doc["id"]) for doc in documents]
        facet = Select[str](options, prompt="Tous les documents", compact=True, classes="pane-facet")
        self.mount(facet, before=self.query_one(".pane-status"))

    def choose_document(self, document_id: str | None) -> None:
        """Show a document in the facet (None: every document); the choice is then posted."""
        from textual.widgets import Select

        for facet in self.query(".pane-facet").results(Select):
            facet.value = document_id if document_id is not None else Select.NULL

    async def open_filter(self) -> Input:
        """The filter box, shown (mounted on first use: an Input costs the first screen ~16 ms)."""
        boxes = self.query(".pane-filter")
        if boxes:
            box = boxes.first(Input)
        else:
            box = QuickInput(placeholder="filtrer…", max_length=256, compact=True,
                             select_on_focus=False, classes="pane-filter")
            # Awaited by the key's action: the keys typed next wait for the box.
            await self.mount(box, before=0)
        box.display = True
        return box

    def filter_has_focus(self) -> bool:
        """True while the filter box holds the focus (`has_focus` lags behind the Focus event)."""
        boxes = self.query(".pane-filter")
        return bool(boxes) and self.screen.focused is boxes.first()

    def close_filter(self) -> bool:
        """Empty and hide the filter box; True when it was open."""
        boxes = self.query(".pane-filter")
        if not boxes or not boxes.first().display:
            return False
        box = boxes.first(Input)
        box.value = ""
        box.display = False
        return True

    @on(Input.Changed, ".pane-filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        event.stop()
        self.post_message(self.FilterChanged(event.value))

    @on(Input.Submitted, ".pane-filter")
    def _filter_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if not event.value:
            event.input.display = False
        self.post_message(self.FilterLeft())

    def on_select_changed(self, event: Message) -> None:  # Select.Changed, imported lazily
        from textual.widgets import Select

        if not isinstance(event, Select.Changed) or not event.select.has_class("pane-facet"):
            return
        event.stop()
        document_id = None if event.value is Select.NULL else str(event.value)
        self.post_message(self.DocumentChosen(document_id))
