"""A cited passage shown in its context in the document: the neighbours before and after."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Label, Static

from grappe.tui.widgets.breadcrumbs import Breadcrumbs
from grappe.tui.widgets.steady_footer import SteadyFooter

MAX_PASSAGE_CHARS = 10_000  # a million-character paragraph must not freeze the screen


def load_context(database: Path, passage_id: int) -> dict:
    """The passage and its neighbours, from `grappe.db.views.passage_context`."""
    from grappe.db import views
    from grappe.db.connect import open_readonly

    conn = open_readonly(database)
    try:
        return views.passage_context(conn, passage_id)
    finally:
        conn.close()


def context_passages(context: dict, passage_id: int) -> list[tuple[dict, bool]]:
    """(passage, is_the_cited_one) in document order, whatever shape the context has."""
    if isinstance(context.get("passages"), list):
        items = [p for p in context["passages"] if isinstance(p, dict)]
    else:
        middle = context.get("passage")
        items = [*(context.get("before") or []), *([middle] if isinstance(middle, dict) else []),
                 *(context.get("after") or [])]
    return [(p, str(p.get("id")) == str(passage_id)) for p in items if isinstance(p, dict)]


def passage_content(passage: dict) -> Content:
    text = str(passage.get("text") or "")
    if len(text) > MAX_PASSAGE_CHARS:
        text = text[:MAX_PASSAGE_CHARS] + " … (passage tronqué)"
    heading = " ".join(str(p) for p in (passage.get("kind"), f"p. {passage.get('page')}") if p)
    return Content.assemble((heading + "\n", "$text-muted"), text)


class PassageScreen(Screen[None]):
    """The document around one passage; the cited passage is highlighted and scrolled to."""

    BINDINGS = [Binding("escape,backspace", "app.back", "Retour", tooltip="Revenir au dossier")]

    @dataclass
    class Loaded(Message):
        context: dict

    @dataclass
    class Failed(Message):
        reason: str

    def __init__(self, database: Path, passage_id: int, title: str = "") -> None:
        super().__init__()
        self.database = database
        self.passage_id = passage_id
        self.crumb = title or f"passage {passage_id}"

    def compose(self) -> ComposeResult:
        yield Breadcrumbs(classes="breadcrumbs")
        yield Label(Text("chargement…"), classes="detail-status")
        yield VerticalScroll(id="passages", can_focus=True)
        yield SteadyFooter(compact=True)

    def on_mount(self) -> None:
        self._load()

    @work(thread=True, exclusive=True, exit_on_error=False)
    def _load(self) -> None:
        try:
            context = load_context(self.database, self.passage_id)
        except Exception as error:  # noqa: BLE001 - shown as a status line
            self.post_message(self.Failed(f"{type(error).__name__}: {error}"))
            return
        self.post_message(self.Loaded(context or {}))

    @on(Loaded)
    def _show(self, event: Loaded) -> None:
        context = event.context
        where = [str(context.get(k)) for k in ("document", "section") if context.get(k)]
        if context.get("page") is not None:
            where.append(f"p. {context['page']}")
        self.query_one(".detail-status", Label).update(Text(" · ".join(where)))
        scroll = self.query_one("#passages", VerticalScroll)
        cited = None
        for passage, is_cited in context_passages(context, self.passage_id):
            widget = Static(passage_content(passage), classes="passage cited" if is_cited else "passage")
            scroll.mount(widget)
            cited = widget if is_cited else cited
        if cited is not None:
            self.call_after_refresh(scroll.scroll_to_widget, cited, top=True, animate=False)
        scroll.focus()

    @on(Failed)
    def _fail(self, event: Failed) -> None:
        self.query_one(".detail-status", Label).update(Text("Passage illisible : " + event.reason))
