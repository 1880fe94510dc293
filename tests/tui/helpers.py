"""Pilot helpers: wait for workers and redraws, read what a widget shows as plain text."""

from __future__ import annotations


async def settle(pilot, rounds: int = 3) -> None:  # type: ignore[no-untyped-def]
    for _ in range(rounds):
        await pilot.app.workers.wait_for_complete()
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
