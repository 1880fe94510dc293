"""A DataTable that paints one-line text cells without Rich's general layout machinery.

DataTable renders every cell through `Console.render_lines(Styled(Padding(cell)))`: two
renderables, wrapping and cropping for a cell that is already one line cut to its column.
That was two thirds of the first paint of a pane (about 25 ms for a screen of rows on the
bundled monograph). Cells that are `Text` of one line no wider than their column are
painted here directly, with the same characters and styles (a test compares both paths);
anything else goes the general way.

The table's own style and the rows' zebra styles are also worked out once per paint: Textual
walks every ancestor's styles again for each line (about a quarter of a first paint).
"""

from __future__ import annotations

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.geometry import Region
from textual.strip import Strip
from textual.widgets import DataTable


def _simple(text: Text) -> bool:
    """Left- or right-justified (or not justified), one line, no tabs or control characters, nothing Rich would
    strip (a right-justified text loses its trailing spaces): the direct path's domain."""
    plain = text.plain
    if text.justify is None and text.style:  # Rich pads an unjustified text with no style
        return False
    if text.justify not in (None, "left", "right") or (text.justify == "right" and plain != plain.rstrip()):
        return False
    return all(ch >= " " and ch != "\x7f" for ch in plain)


class QuickCellTable(DataTable):
    """DataTable with a direct path for one-line `Text` cells."""

    _paint_styles: dict[object, Style] | None = None  # styles worked out during one paint

    def render_lines(self, crop: Region) -> list[Strip]:
        self._paint_styles = {}  # styles cannot change while the lines are painted
        try:
            return super().render_lines(crop)
        finally:
            self._paint_styles = None

    @property
    def rich_style(self) -> Style:
        memo = self._paint_styles
        if memo is None:
            return super().rich_style
        style = memo.get("table")
        if style is None:
            style = memo["table"] = super().rich_style
        return style

    def _get_row_style(self, row_index: int, base_style: Style) -> Style:
        memo = self._paint_styles
        if memo is None:
            return super()._get_row_style(row_index, base_style)
        # What the row's style depends on: header, fixed row, or odd/even (zebra stripes).
        key = (row_index == -1, row_index < self.fixed_rows, row_index % 2, base_style)
        style = memo.get(key)
        if style is None:
            style = memo[key] = super()._get_row_style(row_index, base_style)
        return style

    def _render_cell(
        self,
        row_index: int,
        column_index: int,
        base_style: Style,
        width: int,
        cursor: bool = False,
        hover: bool = False,
    ):  # type: ignore[no-untyped-def]
        if row_index < 0 or column_index < 0:
            return super()._render_cell(row_index, column_index, base_style, width, cursor, hover)
        row_key = self._row_locations.get_key(row_index)
        column_key = self._column_locations.get_key(column_index)
        # The same key as DataTable's own cache, so both paths share it.
        cache_key = (row_key, column_key, base_style, cursor, hover, self._show_hover_cursor,
                     self._update_count, self._pseudo_class_state)
        lines = self._cell_render_cache.get(cache_key)
        if lines is not None:
            return lines
        row = self.rows[row_key]
        cell = self._get_row_renderables(row_index)[1][column_index]
        padding = self.cell_padding
        inner = width - 2 * padding
        if (row.height != 1 or not isinstance(cell, Text) or inner < 0
                or cell.cell_len > inner or not _simple(cell)):
            return super()._render_cell(row_index, column_index, base_style, width, cursor, hover)
        fixed = row_index < self.fixed_rows or column_index < self.fixed_columns
        component_style, post_style = self._get_styles_to_render_cell(
            False, False, fixed, hover, cursor, self.show_cursor, self._show_hover_cursor,
            self.cursor_foreground_priority == "css", self.cursor_background_priority == "css",
        )
        pre_style = base_style + Style.from_meta({"row": row_index, "column": column_index}) + component_style
        lines = [_cell_segments(self.app.console, cell, inner, padding, pre_style, post_style)]
        self._cell_render_cache[cache_key] = lines
        return lines


def _cell_segments(console, cell: Text, inner: int, padding: int, pre: Style, post: Style) -> list[Segment]:  # type: ignore[no-untyped-def]
    """What `Styled(Padding(cell, (0, padding)), pre, post)` renders for a one-line cell."""
    text_style = console.get_style(cell.style) if cell.style else Style.null()
    gap = " " * (inner - cell.cell_len)
    body = [s for s in cell.render(console, end="") if s.text]
    if cell.justify == "right":
        body = ([Segment(gap, text_style)] if gap else []) + body
    else:
        body = body + ([Segment(gap, text_style)] if gap else [])
    edge = [Segment(" " * padding, Style.null())] if padding else []
    return list(Segment.apply_style(edge + body + edge, style=pre, post_style=post))
