"""A search keystroke repaints the results in place: fixed-size list, no screen layout."""

from __future__ import annotations

from textual.widgets import Input

from grappe.tui.widgets.result_list import ResultList

from grappe.tui.screens.search import RESULT_LIMIT, SearchScreen
from helpers import settle


async def test_results_list_keeps_its_size_and_moves_only_over_hits(make_app):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+k", *"textilia")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, SearchScreen)
        results = screen.query_one("#search-results", ResultList)
        assert len(results.lines_text()) == RESULT_LIMIT
        shown = [line for line in results.lines_text() if line.strip()]
        assert len(shown) == len(screen.hits) >= 1
        await pilot.press(*["down"] * (RESULT_LIMIT + 5))
        assert results.highlighted == len(screen.hits) - 1  # never onto a blank line
        await pilot.press(*["backspace"] * 20, *"zzzzqqq")
        await settle(pilot)
        assert len(results.lines_text()) == RESULT_LIMIT and not screen.hits
        assert "aucun résultat" in str(screen.query_one("#search-status").render())


async def test_typing_in_the_search_never_lays_the_screen_out(make_app, monkeypatch):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+k", *"te")
        await settle(pilot)
        screen = app.screen
        layouts = []
        original = screen._refresh_layout
        monkeypatch.setattr(screen, "_refresh_layout", lambda *a, **k: (layouts.append(a), original(*a, **k)))
        await pilot.press(*"xtilia")
        await settle(pilot)
        assert screen.shown_text == "textilia"
        assert layouts == []


async def test_long_search_text_scrolls_in_its_box(make_app):
    app = make_app()
    async with app.run_test(size=(60, 20)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+k", *("a" * 120))
        await settle(pilot)
        box = app.screen.query_one("#search-input", Input)
        assert box.value == "a" * 120
        assert box.scroll_x > 0  # the cursor at the end stays in view
