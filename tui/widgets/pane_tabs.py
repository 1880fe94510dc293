"""The row of pane names above the panes: one line of text, the active pane underlined.

Textual's TabbedContent builds a widget per tab, an animated underline and a pane per tab:
about 80 ms of CPU on the first screen for four labels (a sixth of it). One widget drawing
one line does the same job; a click on a name asks for that pane.
"""

from __future__ import annotations

from textual import events
from textual.content import Content
from textual.message import Message
from textual.widget import Widget

GAP = "   "


class PaneTabs(Widget):
    """`1 Filières   2 Clusters   3 Acteurs   4 Financements`, the active one highlighted."""

    COMPONENT_CLASSES = {"pane-tabs--active", "pane-tabs--inactive"}

    class Chosen(Message):
        """The user clicked a pane's name."""

        def __init__(self, key: str) -> None:
            super().__init__()
            self.key = key

    def __init__(self, panes: tuple[tuple[str, str], ...], active: str, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.panes = panes
        self._active = active

    @property
    def active(self) -> str:
        """The key of the pane on show."""
        return self._active

    @active.setter
    def active(self, key: str) -> None:
        if key != self._active:
            self._active = key
            self.refresh()

    def _labels(self) -> list[tuple[str, str]]:
        return [(key, f" {number} {label} ") for number, (key, label) in enumerate(self.panes, start=1)]

    def render(self) -> Content:
        parts: list[str | tuple[str, str]] = []
        for index, (key, label) in enumerate(self._labels()):
            if index:
                parts.append(GAP)
            component = "pane-tabs--active" if key == self._active else "pane-tabs--inactive"
            parts.append((label, self.get_visual_style(component)))  # type: ignore[arg-type]
        return Content.assemble(*parts)

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        x = 0
        for key, label in self._labels():
            if x <= offset.x < x + len(label):
                self.post_message(self.Chosen(key))
                return
            x += len(label) + len(GAP)
