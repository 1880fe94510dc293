"""Pane columns have declared widths, and every cell fits its column (no layout after the rows arrive)."""

from __future__ import annotations

import pytest
from rich.cells import cell_len

from grappe.db.browse import PANES
from grappe.tui.widgets.cells import cell_for, column_widths
from grappe.tui.widgets.pane import EntityPane
from helpers import settle, table_text

ALL_COLUMNS = [(pane.name, column) for pane in PANES.values() for column in pane.columns]


@pytest.mark.parametrize(("pane", "column"), ALL_COLUMNS, ids=[f"{p}-{c.key}" for p, c in ALL_COLUMNS])
def test_every_column_declares_a_width_its_label_fits(pane, column):
    assert column.width >= cell_len(column.label), (pane, column.key)


@pytest.mark.parametrize("value", ["Textilia", "x" * 80, "Pôle [/] Texte " * 6, "東京クラスター" * 6, ""])
@pytest.mark.parametrize("uncertain", ["[]", '["created"]'])
def test_a_name_cell_fits_its_column_and_keeps_its_uncertainty_flag(value, uncertain):
    column = next(c for c in PANES["clusters"].columns if c.key == "name")
    cell = cell_for(column, {"name": value, "uncertain": uncertain})
    assert cell.cell_len <= column.width
    assert cell.plain.endswith(" ⚠") == (uncertain != "[]")
    if cell_len(value) > column.width:
        assert "…" in cell.plain
    else:
        assert cell.plain.startswith(value)


def test_a_large_amount_is_shown_whole():
    column = next(c for c in PANES["funding"].columns if c.key == "amount_eur")
    assert cell_for(column, {"amount_eur": 96_800_000_000}).plain == "96 800 000 000 €"


def test_spare_room_goes_to_growing_columns_only_and_fills_the_table():
    columns = PANES["funding"].columns
    declared = {c.key: c.width for c in columns}
    base_room = sum(w + 2 for w in declared.values())
    assert column_widths(columns, 0) == declared
    assert column_widths(columns, base_room) == declared
    for spare in (1, 7, 38, 200):
        widths = column_widths(columns, base_room + spare)
        assert sum(w + 2 for w in widths.values()) == base_room + spare
        for column in columns:
            grown = widths[column.key] - column.width
            assert grown >= 0 and (column.grow > 0 or grown == 0)


async def test_columns_fit_the_pane_and_refit_on_resize_keeping_rows_and_cursor(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        pane = app.screen.query_one("#pane-clusters", EntityPane)
        table = pane.table
        assert not any(column.auto_width for column in table.columns.values())
        declared = {c.key: c.width for c in pane.pane.columns}
        shown = {str(k.value): c.width for k, c in table.columns.items() if str(k.value) != "mark"}
        assert shown == declared  # 120 columns: the declared widths, every column on screen
        assert sum(c.get_render_width(table) for c in table.columns.values()) <= table.content_size.width
        before = table_text(table)
        await pilot.press("down", "down")
        await pilot.resize_terminal(160, 40)
        await settle(pilot)
        wider = {str(k.value): c.width for k, c in table.columns.items() if str(k.value) != "mark"}
        assert wider["name"] > declared["name"]
        assert all(wider[c.key] == c.width for c in pane.pane.columns if not c.grow)
        assert len(table_text(table)) == len(before) and table.cursor_row == 2
