"""Keys typed faster than a frame (a terminal sending "/word" at once) all reach the box."""

from __future__ import annotations

from textual import events
from textual.widgets import Input

from grappe.tui.screens.search import SearchScreen
from helpers import settle

KEY_NAMES = {"/": "slash", " ": "space"}


def burst(app, keys: list[str]) -> None:  # type: ignore[no-untyped-def]
    """Queue every key at once, as the terminal driver does with a fast typist's input.

    `Pilot.press` waits for the app to be idle after each key, which hides the bug this
    guards against: a key that moves focus must take effect before the next key is routed.
    """
    for key in keys:
        character = key if len(key) == 1 else None
        event = events.Key(KEY_NAMES.get(key, key), character)
        event.set_sender(app)
        app._driver.send_message(event)


async def test_letters_right_after_slash_reach_the_filter(make_app):
    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        everything = len(app.screen.active_pane().rows)
        burst(app, list("/texti"))
        await settle(pilot)
        box = app.screen.query_one(".pane-filter", Input)
        assert box.value == "texti"
        pane = app.screen.active_pane()
        assert pane is not None and pane.pane_query.filter_text == "texti"
        names = [row["name"] for row in pane.rows]
        assert "Textilia" in names and len(names) < everything


async def test_slash_inside_the_filter_is_typed_not_a_new_filter(make_app):
    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        burst(app, list("/a/b"))
        await settle(pilot)
        assert app.screen.query_one(".pane-filter", Input).value == "a/b"


async def test_letters_right_after_ctrl_k_reach_the_search(make_app):
    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        burst(app, ["ctrl+k", *"textilia"])
        await settle(pilot, rounds=5)
        assert isinstance(app.screen, SearchScreen)
        assert app.screen.query_one("#search-input", Input).value == "textilia"
        assert app.screen.shown_text == "textilia"
        assert any(hit.title == "Textilia" for hit in app.screen.hits)


async def test_ctrl_k_in_the_search_box_does_not_open_a_second_search(make_app):
    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        burst(app, ["ctrl+k", *"abc", "home", "ctrl+k"])
        await settle(pilot)
        assert isinstance(app.screen, SearchScreen)
        assert len(app.screen_stack) == 2
        assert app.screen.query_one("#search-input", Input).value == ""  # ctrl+k deleted to the end
