"""Pilot helpers: wait for workers, loaded panes and redraws, read what a widget shows as plain text."""

from __future__ import annotations

from time import monotonic

PANES_TIMEOUT = 15.0  # seconds; generous for a loaded 2-core machine


async def settle(pilot, rounds: int = 3) -> None:  # type: ignore[no-untyped-def]
    """Wait for workers, then until every mounted pane shows its rows, laid out."""
    for _ in range(rounds):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
    await wait_for_panes(pilot)


def unready_panes(app) -> list[str]:  # type: ignore[no-untyped-def]
    """The ids of panes that are mounted (or due) but whose rows are not all shown and laid out."""
    from grappe.tui.screens.main import MainScreen
    from grappe.tui.widgets.pane import EntityPane

    waiting = []
    for screen in app.screen_stack:
        if not isinstance(screen, MainScreen):
            continue
        for key in screen.mounted_panes:
            panes = list(screen.query(f"#pane-{key}").results(EntityPane))
            if not panes or not panes[0].is_mounted or not panes[0].loaded:
                waiting.append(key)
                continue
            facets = panes[0].query(".pane-facet")
            if (len(panes[0].documents) > 1 and not facets) or any(not f.is_mounted for f in facets):
                waiting.append(key)  # the document facet comes a frame after the first page
                continue
            table = panes[0].table
            # The table measures new rows on its idle; until then its scroll size is stale.
            rows_height = sum(row.height for row in table.rows.values())
            header = table.header_height if table.show_header else 0
            if table.virtual_size.height != header + rows_height:
                waiting.append(key)
    return waiting


async def wait_for_panes(pilot, timeout: float = PANES_TIMEOUT) -> None:  # type: ignore[no-untyped-def]
    """Poll until no mounted pane is still loading or laying out its rows."""
    deadline = monotonic() + timeout
    while waiting := unready_panes(pilot.app):
        if monotonic() > deadline:
            raise AssertionError(f"panes still loading after {timeout} s: {waiting}")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause(0.02)
    await pilot.pause()


def table_text(table) -> list[list[str]]:  # type: ignore[no-untyped-def]
    """Every row of a DataTable as plain strings."""
    rows = []
    for row_key in table.rows:
        rows.append([getattr(cell, "plain", str(cell)) for cell in table.get_row(row_key)])
    return rows


def options_text(option_list) -> list[str]:  # type: ignore[no-untyped-def]
    prompts = []
    for index in range(option_list.option_count):
        prompt = option_list.get_option_at_index(index).prompt
        prompts.append(getattr(prompt, "plain", str(prompt)))
    return prompts
