"""The direct cell painter gives the same characters and styles as DataTable's own."""

from __future__ import annotations

from rich.text import Text
from textual.app import App, ComposeResult
from textual.widgets import DataTable

from grappe.tui.widgets.quick_cells import QuickCellTable

CELLS = [
    Text("Textilia", no_wrap=True, justify="left"),
    Text("478 800 €", no_wrap=True, justify="right"),
    Text("", no_wrap=True, justify="left"),
    Text("Pôle [/] Texte [NB] [@click=app.quit]", no_wrap=True, justify="left"),
    Text.assemble(("Nom", "bold"), " ", ("⚠", "red"), no_wrap=True, justify="left"),
    Text("東京 wide", no_wrap=True, justify="right"),
    Text("exactly ten", no_wrap=True, justify="left"),
    Text("tab\there", no_wrap=True, justify="left"),  # not simple: goes the general way
    Text("trailing  ", no_wrap=True, justify="right"),  # idem
    Text("center", no_wrap=True, justify="center"),  # idem
    Text("●"),  # the mark column: not justified
    Text(""),
    Text("styled, not justified", style="italic"),  # goes the general way
]


def _cells(lines) -> list[tuple[str, object]]:  # type: ignore[no-untyped-def]
    return [(ch, seg.style) for line in lines for seg in line for ch in seg.text]


class _TableApp(App[None]):
    def compose(self) -> ComposeResult:
        table = QuickCellTable(cursor_type="row", zebra_stripes=True)
        table.add_column("a", width=11)  # some cells are wider: general way too
        table.add_column("b", width=14)
        for cell in CELLS:
            table.add_row(cell, cell)
        yield table


async def test_direct_cells_match_datatable_cells() -> None:
    app = _TableApp()
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        table = app.query_one(QuickCellTable)
        base = table.rich_style
        compared = 0
        for row in range(len(CELLS)):
            for column in range(2):
                width = table.ordered_columns[column].get_render_width(table)
                for cursor, hover in ((False, False), (True, False), (False, True)):
                    table._cell_render_cache.clear()
                    quick = table._render_cell(row, column, base, width, cursor, hover)
                    table._cell_render_cache.clear()
                    general = DataTable._render_cell(table, row, column, base, width, cursor, hover)
                    assert _cells(quick) == _cells(general), (row, column, cursor, hover)
                    compared += 1
        assert compared == len(CELLS) * 2 * 3


class _FixedRowTableApp(_TableApp):
    def compose(self) -> ComposeResult:
        table = QuickCellTable(cursor_type="row", zebra_stripes=True, fixed_rows=1)
        table.add_column("a", width=11)
        table.add_column("b", width=14)
        for cell in CELLS:
            table.add_row(cell, cell)
        yield table


def _forget_paints(table: QuickCellTable) -> None:
    for cache in (table._line_cache, table._cell_render_cache, table._row_render_cache):
        cache.clear()
    table._styles_cache.clear()


async def test_styles_worked_out_once_per_paint_give_the_same_lines() -> None:
    """The table's and rows' styles memoised during a paint change no character or style."""
    from textual.geometry import Region

    for app in (_TableApp(), _FixedRowTableApp()):
        async with app.run_test(size=(60, 20)) as pilot:
            await pilot.pause()
            table = app.query_one(QuickCellTable)
            region = Region(0, 0, table.size.width, table.size.height)
            for cursor_row in (0, 3):
                table.move_cursor(row=cursor_row, animate=False)
                await pilot.pause()
                _forget_paints(table)
                memoised = table.render_lines(region)
                assert table._paint_styles is None  # the memo lives for one paint only
                _forget_paints(table)
                general = DataTable.render_lines(table, region)
                assert [list(strip) for strip in memoised] == [list(strip) for strip in general]
                zebra = {seg.style.bgcolor for strip in memoised for seg in strip if seg.style}
                assert len(zebra) >= 2  # odd and even rows (and the cursor) really differ
