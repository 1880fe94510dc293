"""Pilot tests of search (ctrl+k and the palette) and of the Markdown export dialog."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input

from grappe.tui.widgets.result_list import ResultList

from grappe.tui.screens.detail import DetailScreen
from grappe.tui.screens.export import ExportScreen
from grappe.tui.screens.passage import PassageScreen
from grappe.tui.screens.search import SearchScreen
from helpers import settle
from sample_db import HOSTILE_NAME


async def test_ctrl_k_searches_at_each_keystroke_and_opens_result(make_app, fake_views):
    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+k")
        assert isinstance(app.screen, SearchScreen)
        await pilot.press(*"texti")
        await settle(pilot)
        results = app.screen.query_one("#search-results", ResultList).lines_text()
        index = next(i for i, r in enumerate(results) if r.startswith("cluster  Textilia"))
        assert index < 3  # names come before passages
        await pilot.press(*["down"] * index, "enter")
        await settle(pilot)
        assert isinstance(app.screen, DetailScreen) and app.screen.entity_id == "textilia"


async def test_search_forgives_accents_and_opens_passages(make_app, fake_views):
    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+k", *"formation")
        await settle(pilot)
        search = app.screen
        assert any(hit.kind == "passage" for hit in search.hits)
        index = next(i for i, hit in enumerate(search.hits) if hit.kind == "passage")
        search.query_one(ResultList).highlight(index)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, PassageScreen)


async def test_search_accepts_any_text(make_app):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+k")
        for text in ['"', "l'état", "AND", "NEAR(", "[/]", "*", "^co", "[@click=app.quit]"]:
            app.screen.query_one(Input).value = text
            await settle(pilot, 2)
        assert app.return_code is None and isinstance(app.screen, SearchScreen)
        await pilot.press("escape")
        assert not isinstance(app.screen, SearchScreen)


async def test_palette_provider_lists_entities(make_app, fake_views):
    from grappe.tui.providers import SearchProvider

    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        provider = SearchProvider(app.screen)
        hits = [hit async for hit in provider.search("Pôle")]
        assert any(HOSTILE_NAME in hit.text for hit in hits)
        ranked = [hit async for hit in provider.search("textil")]
        kinds = [hit.text.split(" ")[0] for hit in ranked]
        assert kinds.index("Passage") > max(i for i, k in enumerate(kinds) if k != "Passage")
        assert ranked == sorted(ranked, key=lambda hit: -hit.score)
        textilia = [hit async for hit in provider.search("textilia")][0]
        textilia.command()
        await settle(pilot)
        assert isinstance(app.screen, DetailScreen) and app.screen.entity_id == "textilia"


async def test_export_marked_rows_to_default_path(make_app, tmp_path):
    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        await pilot.press("down", "space", "e")  # mark the hostile row only
        await settle(pilot)
        assert isinstance(app.screen, ExportScreen)
        assert app.screen.query_one(Input).value == "exports/clusters-selection.md"
        await pilot.press("enter")
        await settle(pilot)
        written = (tmp_path / "exports" / "clusters-selection.md").read_text("utf-8")
        assert "| Cluster |" in written and "1 ligne(s)" in written
        assert "Pôle \\[/\\] Texte \\[NB\\]" in written and "1 500 000 €" in written


async def test_export_filtered_rows_and_confirm_before_overwrite(make_app, tmp_path):
    target = tmp_path / "exports" / "clusters-filtre-textil.md"
    target.parent.mkdir()
    target.write_text("précieux", "utf-8")
    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"textil", "enter")
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        assert app.screen.query_one(Input).value == "exports/clusters-filtre-textil.md"
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ExportScreen)  # asks before overwriting
        assert target.read_text("utf-8") == "précieux"
        assert "remplacer" in str(app.screen.query_one("#export-status").render())
        await pilot.press("escape")
        assert target.read_text("utf-8") == "précieux"
        await pilot.press("e")
        await settle(pilot)
        await pilot.press("enter", "enter")
        await settle(pilot)
        written = target.read_text("utf-8")
        assert "Textilia" in written and "Filatex" in written and "Solaria" not in written


async def test_export_open_dossier(make_app, fake_views, tmp_path):
    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        await pilot.press("down", "down", "down", "enter")
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        box = app.screen.query_one(Input)
        assert box.value == "exports/textilia.md"
        box.value = str(tmp_path / "mine" / "dossier.md")
        await pilot.press("enter")
        await settle(pilot)
        text = (tmp_path / "mine" / "dossier.md").read_text("utf-8")
        assert text.startswith("# Textilia") and "```mermaid" in text and "p. 12" in text
        assert isinstance(app.screen, DetailScreen)


async def test_browsing_never_writes_the_database(make_app, sample_db, fake_views):
    from conftest import file_digest

    before = file_digest(sample_db)
    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        await pilot.press("4", "3", "1", "2", "slash", *"sol", "enter", "ctrl+k", *"region")
        await settle(pilot)
        await pilot.press("escape", "down", "space", "e", "enter")
        await settle(pilot)
    assert file_digest(sample_db) == before
    assert not Path(str(sample_db) + "-journal").exists()
