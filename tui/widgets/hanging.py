"""A line whose wrapped continuation keeps the indent of its text (a quote under its page).

`OptionList` wraps a long option from column 0, which breaks the outline of a dossier: a
quote cited under a fact would run back under the section titles. `Hanging` renders the
head (indent, page) once and wraps the body in the remaining width, padding the following
lines with blanks as wide as the head.
"""

from __future__ import annotations

from textual.content import Content
from textual.css.styles import RulesMap
from textual.strip import Strip
from textual.style import Style
from textual.visual import RenderOptions, Visual

MIN_BODY = 12  # narrower than this, the head is dropped from the wrap and the text folds


class Hanging(Visual):
    """Content split at `hang` cells: the head on the first line, the body wrapped beside it."""

    def __init__(self, content: Content, hang: int) -> None:
        self.content = content
        self.hang = max(0, min(hang, content.cell_length))
        self.head = content[: self.hang]
        self.body = content[self.hang:]

    @property
    def plain(self) -> str:
        return self.content.plain

    def __str__(self) -> str:
        return self.content.plain

    def _head_width(self, width: int) -> int:
        head = self.head.cell_length
        return head if width - head >= MIN_BODY else 0

    def get_optimal_width(self, rules: RulesMap, container_width: int) -> int:
        return self.content.get_optimal_width(rules, container_width)

    def get_height(self, rules: RulesMap, width: int) -> int:
        head = self._head_width(width)
        if not head:
            return self.content.get_height(rules, width)
        return self.body.get_height(rules, width - head)

    def render_strips(
        self, width: int, height: int | None, style: Style, options: RenderOptions
    ) -> list[Strip]:
        head = self._head_width(width)
        if not head:
            return self.content.render_strips(width, height, style, options)
        body = self.body.render_strips(width - head, height, style, options)
        first = self.head.render_strips(head, 1, style, options)
        head_strip = first[0] if first else Strip.blank(head, style.rich_style)
        blank = Strip.blank(head, style.rich_style)
        return [
            Strip.join([head_strip if index == 0 else blank, strip])
            for index, strip in enumerate(body)
        ]
