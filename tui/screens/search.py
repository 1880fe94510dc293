"""Search everything (`ctrl+k`): names first, then passages, refreshed at each keystroke."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Input, Label

from grappe.tui.messages import OpenEntity, OpenPassage
from grappe.tui.search_runner import SearchRunner
from grappe.tui.widgets.quick_input import QuickInput
from grappe.tui.widgets.result_list import ResultList

KIND_LABELS = {"cluster": "cluster", "actor": "acteur", "filiere": "filière", "passage": "passage"}
RESULT_LIMIT = 30  # more than a screen shows; fewer lines to lay out per keystroke
SNIPPET_CHARS = 110


def run_search(database: Path, text: str) -> list:
    """`_search_all` on a connection of the calling thread (the command palette's search)."""
    from grappe.db.connect import open_readonly

    conn = open_readonly(database)
    try:
        return _search_all(conn, text)
    finally:
        conn.close()


def _search_all(conn: Any, text: str) -> list:
    """The engine's search, looked up at each call (tests replace it)."""
    from grappe.db import search

    return search.search_all(conn, text, RESULT_LIMIT)


def hit_content(hit) -> Content:  # type: ignore[no-untyped-def]
    """One result on one line, as plain-text Content: kind, title, page, snippet."""
    page = f"  p. {hit.page}" if hit.page is not None else ""
    snippet = " ".join(str(hit.snippet or "").split())
    room = max(0, SNIPPET_CHARS - len(hit.title or ""))
    if len(snippet) > room:
        snippet = snippet[: max(0, room - 1)] + "…" if room > 1 else ""
    return Content.assemble(
        (f"{KIND_LABELS.get(hit.kind, hit.kind):<8} ", "$text-muted"),
        (hit.title or "", "bold"), (page, "$text-muted"),
        (f"  {snippet}" if snippet else "", "$text-muted italic"),
    )


class SearchScreen(ModalScreen[None]):
    """A search box over a result list; enter opens the highlighted result."""

    BINDINGS = [
        Binding("escape", "dismiss", "Fermer"),
        Binding("down", "move(1)", "Suivant", show=False),
        Binding("up", "move(-1)", "Précédent", show=False),
    ]

    crumb = "recherche"

    @dataclass
    class Results(Message):
        text: str
        hits: list

    @dataclass
    class Failed(Message):
        reason: str

    def __init__(self, database: Path, text: str = "") -> None:
        super().__init__()
        self.database = database
        self.initial_text = text
        self.hits: list = []
        self.shown_text: str | None = None
        self.runner: SearchRunner | None = None  # started at the first keystroke

    def compose(self) -> ComposeResult:
        with Vertical(id="search-box"):
            yield QuickInput(self.initial_text, placeholder="rechercher clusters, acteurs, filières, passages…",
                        max_length=256, select_on_focus=False, id="search-input")
            yield Label(Text(""), id="search-status")
            yield ResultList(hit_content, RESULT_LIMIT, id="search-results")

    def on_mount(self) -> None:
        self.set_focus(self.query_one("#search-input", Input))
        if self.initial_text:
            self._search(self.initial_text)

    def on_key(self, event: events.Key) -> None:
        """Letters typed before the box had focus (right after ctrl+k) still go into it."""
        box = self.query_one("#search-input", Input)
        if event.is_printable and not box.has_focus and event.character:
            event.stop()
            event.prevent_default()
            box.insert_text_at_cursor(event.character)
            self.set_focus(box)

    @on(Input.Changed, "#search-input")
    def _typed(self, event: Input.Changed) -> None:
        event.stop()
        self._search(event.value)

    def _search(self, text: str) -> None:
        if self.runner is None:
            self.runner = SearchRunner(self.database, _search_all, self._deliver, self._fail)
        self.runner.submit(text)

    def _deliver(self, text: str, hits: list) -> None:
        """Called in the runner's thread: the answer goes to the screen as a message."""
        self.post_message(self.Results(text, hits))

    def _fail(self, error: BaseException) -> None:
        """Called in the runner's thread: a failed read becomes a notification."""
        self.post_message(self.Failed(type(error).__name__))

    @on(Failed)
    def _show_failure(self, event: Failed) -> None:
        self.notify(f"lecture impossible ({event.reason})", title="Erreur", severity="error", markup=False)

    def on_unmount(self) -> None:
        if self.runner is not None:
            self.runner.stop()

    @on(Results)
    def _show(self, event: Results) -> None:
        if event.text != self.query_one("#search-input", Input).value:
            return  # an older keystroke's answer
        self.show_results(event.text, event.hits)

    def show_results(self, text: str, hits: list) -> None:
        """Put one keystroke's answer on screen."""
        self.hits = hits
        self.shown_text = text
        self.query_one("#search-results", ResultList).show(hits)
        status = f"{len(self.hits)} résultat(s)" if text.strip() else ""
        if text.strip() and not self.hits:
            status = "aucun résultat"
        self.query_one("#search-status", Label).update(Text(status), layout=False)  # fixed size

    def action_move(self, step: int) -> None:
        self.query_one("#search-results", ResultList).move(step)

    @on(Input.Submitted, "#search-input")
    def _submit(self, event: Input.Submitted) -> None:
        event.stop()
        self._open(self.query_one("#search-results", ResultList).highlighted)

    @on(ResultList.Chosen, "#search-results")
    def _chosen(self, event: ResultList.Chosen) -> None:
        event.stop()
        self._open(event.index)

    def _open(self, index: int | None) -> None:
        if index is None or not 0 <= index < len(self.hits):
            return
        hit = self.hits[index]
        self.dismiss()
        if hit.kind == "passage":
            self.app.post_message(OpenPassage(int(hit.id), f"p. {hit.page}" if hit.page else hit.title))
        else:
            self.app.post_message(OpenEntity(hit.kind, hit.id, hit.title))
