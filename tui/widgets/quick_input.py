"""An `Input` whose keystrokes repaint the box only, never re-lay out the screen.

Textual's `Input` stores the width of its text as its `virtual_size`, a reactive declared
with `layout=True`: every character typed re-lays the whole screen out (and, under a
modal, repaints everything on it), about a third of a search keystroke's cost. An input
of fixed height has no scrollbar for that size to move, so the size is stored without
the layout; horizontal scrolling reads it at the next paint as before.
"""

from __future__ import annotations

from textual.geometry import Size
from textual.widgets import Input


class QuickInput(Input):
    """`Input` without a screen layout per keystroke (its own height is fixed by CSS)."""

    def _watch_value(self, value: str) -> None:
        if self.styles.auto_dimensions:
            super()._watch_value(value)  # an auto-sized box must grow: keep Textual's path
            return
        self.set_reactive(Input.virtual_size, Size(self.content_width, 1))
        super()._watch_value(value)  # the same size again: no change, no layout
