"""The pane names above the panes: the active one marked, a click switches panes."""

from __future__ import annotations

from grappe.tui.widgets.pane import EntityPane
from grappe.tui.widgets.pane_tabs import PaneTabs
from helpers import settle


async def test_clicking_a_pane_name_shows_that_pane(make_app):
    app = make_app()
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        tabs = app.screen.query_one(PaneTabs)
        assert tabs.active == "clusters"
        text = tabs.render().plain
        await pilot.click(PaneTabs, offset=(1 + text.index("Acteurs"), 0))  # 1: the padding
        await settle(pilot)
        assert tabs.active == "actors"
        shown = [p.id for p in app.screen.query(EntityPane) if p.display]
        assert shown == ["pane-actors"]
        await pilot.click(PaneTabs, offset=(1 + text.index("Financements"), 0))
        await settle(pilot)
        assert tabs.active == "funding" and app.screen.query_one("#pane-funding").display
        await pilot.click(PaneTabs, offset=(1 + len(text) + 5, 0))  # past the names: nothing
        await settle(pilot)
        assert tabs.active == "funding"


async def test_the_active_name_is_styled_apart(make_app):
    app = make_app()
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        tabs = app.screen.query_one(PaneTabs)
        spans = {tabs.render().plain[s.start:s.end].strip(): s.style for s in tabs.render().spans}
        assert spans["2 Clusters"] != spans["1 Filières"] == spans["3 Acteurs"]
        await pilot.press("3")
        spans = {tabs.render().plain[s.start:s.end].strip(): s.style for s in tabs.render().spans}
        assert spans["3 Acteurs"] != spans["2 Clusters"]
