"""Snapshots of the main screens in each built-in theme (review every `--snapshot-update`)."""

from __future__ import annotations

import pytest

from helpers import settle


@pytest.mark.parametrize("theme", ["dark", "light", "high-contrast"])
def test_main_screen(snap_compare, make_app, theme):
    assert snap_compare(make_app(theme=theme), terminal_size=(120, 30), run_before=settle)


@pytest.mark.parametrize("theme", ["dark", "light", "high-contrast"])
def test_cluster_dossier(snap_compare, make_app, fake_views, theme):
    async def open_dossier(pilot):  # type: ignore[no-untyped-def]
        await settle(pilot)
        await pilot.press("down", "down", "down", "enter")
        await settle(pilot)

    assert snap_compare(make_app(theme=theme), terminal_size=(120, 40), run_before=open_dossier)


def test_help(snap_compare, make_app):
    async def open_help(pilot):  # type: ignore[no-untyped-def]
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)

    assert snap_compare(make_app(), terminal_size=(100, 30), run_before=open_help)


def test_search(snap_compare, make_app):
    async def search(pilot):  # type: ignore[no-untyped-def]
        await settle(pilot)
        await pilot.press("ctrl+k", *"region")
        await settle(pilot)

    assert snap_compare(make_app(), terminal_size=(100, 30), run_before=search)


def test_funding_pane_small_terminal(snap_compare, make_app):
    async def funding(pilot):  # type: ignore[no-untyped-def]
        await settle(pilot)
        await pilot.press("4")
        await settle(pilot)

    assert snap_compare(make_app(), terminal_size=(80, 24), run_before=funding)
