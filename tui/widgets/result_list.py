"""Search results, one line per hit, repainted line by line.

A keystroke's answer mostly repeats the previous one (typing `texti` then `textil`), and
painting a line of styled text costs far more than the FTS query behind it. `OptionList`
rebuilds and repaints every option on each update; this list keeps `limit` lines (blank
after the hits, so its size never changes and the screen is never laid out again), keeps
the strips a hit rendered, and marks dirty only the lines whose hit or highlight changed.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable

from textual import events
from textual.content import Content
from textual.geometry import Region, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.visual import Visual


class ResultList(ScrollView, can_focus=False):
    """A fixed-length list of one-line results; `highlighted` is the one enter opens."""

    COMPONENT_CLASSES = {"result-list--line", "result-list--highlighted"}

    class Chosen(Message):
        """The user clicked a result."""

        def __init__(self, result_list: ResultList, index: int) -> None:
            super().__init__()
            self.result_list = result_list
            self.index = index

        @property
        def control(self) -> ResultList:
            """The list clicked (lets `@on(ResultList.Chosen, "#id")` select it)."""
            return self.result_list

    def __init__(
        self, render: Callable[[Hashable], Content], limit: int, *, id: str | None = None
    ) -> None:
        super().__init__(id=id)
        self.render_hit = render
        self.limit = limit
        self.hits: list[Hashable] = []
        self.highlighted: int | None = None
        self._contents: dict[Hashable, Content] = {}
        self._strips: dict[tuple[Hashable, bool, int, object], Strip] = {}
        self.virtual_size = Size(0, limit)

    # -- what the screen asks for

    def show(self, hits: list[Hashable]) -> None:
        """Show a new answer, repainting only the lines that differ from the last one."""
        hits = list(hits[: self.limit])
        previous, self.hits = self.hits, hits
        self._contents = {hit: self._contents.get(hit) or self.render_hit(hit) for hit in hits}
        if len(self._strips) > 8 * self.limit:  # keep the strips of recent answers only
            self._strips.clear()
        old_highlight = self.highlighted
        self.highlighted = 0 if hits else None
        for index in range(self.limit):
            before = previous[index] if index < len(previous) else None
            after = hits[index] if index < len(hits) else None
            if before != after or index in (old_highlight, self.highlighted):
                self.refresh_line(index)
        if self.highlighted == 0:
            self.scroll_to(y=0, animate=False, immediate=True)

    def move(self, step: int) -> None:
        """Move the highlight by `step`, never onto a blank line."""
        if not self.hits:
            return
        current = self.highlighted if self.highlighted is not None else -1
        self.highlight(max(0, min(len(self.hits) - 1, current + step)))

    def highlight(self, index: int) -> None:
        """Highlight the hit at `index` and keep it in view."""
        if not 0 <= index < len(self.hits) or index == self.highlighted:
            return
        if self.highlighted is not None:
            self.refresh_line(self.highlighted)
        self.highlighted = index
        self.refresh_line(index)
        self.scroll_to_region(Region(0, index, 1, 1), animate=False, immediate=True)

    def lines_text(self) -> list[str]:
        """The plain text of every line, blank ones included (for tests and exports)."""
        texts = [self._contents[hit].plain for hit in self.hits]
        return texts + [""] * (self.limit - len(texts))

    # -- painting

    def render_line(self, y: int) -> Strip:
        index = y + self.scroll_offset.y
        width = self.scrollable_content_region.width
        highlighted = index == self.highlighted
        component = "result-list--highlighted" if highlighted else "result-list--line"
        style = self.get_visual_style(component)
        if index >= len(self.hits):
            return Strip.blank(width, style.rich_style)
        hit = self.hits[index]
        key = (hit, highlighted, width, style)
        strip = self._strips.get(key)
        if strip is None:
            content = self._contents[hit]
            if content.cell_length > width:
                content = content.truncate(max(0, width - 1)) + "…"
            strips = Visual.to_strips(self, content, width, 1, style)
            strip = (strips[0] if strips else Strip.blank(0)).extend_cell_length(width, style.rich_style)
            self._strips[key] = strip
        return strip

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._strips.clear()  # a new theme: the kept strips have the old colours

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        index = offset.y + self.scroll_offset.y
        if 0 <= index < len(self.hits):
            self.highlight(index)
            self.post_message(self.Chosen(self, index))
