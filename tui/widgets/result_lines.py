"""Search results as a list of fixed length whose lines are painted once per hit.

A keystroke's answer mostly repeats the previous one (typing `texti` then `textil`), and
painting a line of styled text costs more than the FTS query behind it. Each hit keeps its
`ResultLine` (and the strips it rendered) from one keystroke to the next; the list always
has `limit` options, blank ones disabled after the hits, so its size never changes and a
keystroke never lays the screen out again (a list that grows or shrinks toggles its
scrollbar, which re-lays the whole modal and repaints everything on it).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable

from textual.content import Content
from textual.css.styles import RulesMap
from textual.strip import Strip
from textual.style import Style
from textual.visual import RenderOptions, Visual
from textual.widgets.option_list import Option


class ResultLine(Visual):
    """One result on exactly one line, cut with an ellipsis; its height costs nothing to know."""

    def __init__(self, content: Content) -> None:
        self.content = content
        self._rendered: dict[tuple[int, Style], list[Strip]] = {}

    @property
    def plain(self) -> str:
        return self.content.plain

    def __str__(self) -> str:
        return self.content.plain

    def get_optimal_width(self, rules: RulesMap, container_width: int) -> int:
        return self.content.cell_length

    def get_height(self, rules: RulesMap, width: int) -> int:
        return 1

    def render_strips(self, width: int, height: int | None, style: Style, options: RenderOptions) -> list[Strip]:
        if width <= 0:
            return []
        key = (width, style)
        strips = self._rendered.get(key)
        if strips is None:
            content = self.content
            if content.cell_length > width:
                content = content.truncate(width - 1) + "…"
            strips = content.render_strips(width, 1, style, options)[:1]
            if len(self._rendered) > 8:  # highlighted, plain, a resize or two
                self._rendered.clear()
            self._rendered[key] = strips
        return strips


BLANK = ResultLine(Content(""))


class ResultLines:
    """Options for the results list, reusing the line of a hit already shown."""

    def __init__(self, render: Callable[[Hashable], Content], limit: int) -> None:
        self.render = render
        self.limit = limit
        self.shown: dict[Hashable, ResultLine] = {}

    def options(self, hits: list) -> list[Option]:
        """Exactly `limit` options: one per hit, then blank disabled ones."""
        hits = hits[: self.limit]
        lines = [self.shown.get(hit) or ResultLine(self.render(hit)) for hit in hits]
        self.shown = dict(zip(hits, lines))
        options = [Option(line) for line in lines]
        options += [Option(BLANK, disabled=True) for _ in range(self.limit - len(options))]
        return options
