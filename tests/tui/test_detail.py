"""Pilot tests of dossiers, links, sources in context, history and breadcrumbs."""

from __future__ import annotations

from textual.widgets import Static

from grappe.tui.screens.detail import DetailScreen
from grappe.tui.screens.main import MainScreen
from grappe.tui.screens.passage import PassageScreen
from grappe.tui.widgets.breadcrumbs import Breadcrumbs
from grappe.tui.widgets.dossier import DossierView
from helpers import options_text, settle
from sample_db import HOSTILE_NAME


async def open_textilia(pilot) -> None:  # type: ignore[no-untyped-def]
    await settle(pilot)
    await pilot.press("down", "down", "down", "enter")
    await settle(pilot)


async def test_cluster_dossier_shows_every_fact_with_sources(make_app, fake_views):
    app = make_app()
    async with app.run_test(size=(160, 45)) as pilot:
        await open_textilia(pilot)
        assert isinstance(app.screen, DetailScreen)
        lines = options_text(app.screen.query_one(DossierView))
        text = "\n".join(lines)
        assert lines[0].startswith("Textilia") and "grappe d'entreprises" in lines[0]
        assert "Monographies : Monographie Nord, Monographie Sud" in text
        assert "Filière : Textile" in text and "ETP : 9,3" in text and "Membres : 120" in text
        assert "Création : juin 2010  ⚠ incertain" in text
        assert "juin 2011" in text  # the other reading is shown, not hidden
        assert "Jeanne Martin — directrice" in text
        assert "coopération : Filatex" in text
        assert f"[/bold] membre : {HOSTILE_NAME}" in text  # markup-like text shown verbatim
        assert "p. 12 « La Région finance Textilia » — Monographie Nord" in text
        assert "« Le pôle Textilia est une grappe d'entreprises [NB] »" in text
        region = next(line for line in lines if line.strip().startswith("Région"))
        etat = next(line for line in lines if line.strip().startswith("État"))
        assert "385 000 €" in region and "93 800 €" in etat
        assert region.count("█") > etat.count("█") >= 1  # one bar per funder, to scale


async def test_links_are_navigable_and_escape_goes_back(make_app, fake_views):
    app = make_app()
    async with app.run_test(size=(160, 45)) as pilot:
        await open_textilia(pilot)
        view = app.screen.query_one(DossierView)
        view.highlighted = next(i for i, line in enumerate(view.lines) if line.opens == ("cluster", "filatex", "Filatex"))
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, DetailScreen) and app.screen.entity_id == "filatex"
        crumbs = app.screen.query_one(Breadcrumbs).render()
        assert "Clusters › Textilia › Filatex" in str(crumbs)
        await pilot.press("escape")
        assert isinstance(app.screen, DetailScreen) and app.screen.entity_id == "textilia"
        await pilot.press("backspace")
        assert isinstance(app.screen, MainScreen)
        await pilot.press("escape")  # nothing further back: the main screen stays
        assert isinstance(app.screen, MainScreen) and app.return_code is None


async def test_s_opens_the_source_passage_in_context(make_app, fake_views):
    app = make_app()
    async with app.run_test(size=(160, 45)) as pilot:
        await open_textilia(pilot)
        view = app.screen.query_one(DossierView)
        view.highlighted = next(i for i, line in enumerate(view.lines) if "Région" in line.content.plain)
        await pilot.press("down", "s")  # the Région item: its own source is p. 12, passage 3
        await settle(pilot)
        assert isinstance(app.screen, PassageScreen)
        assert fake_views["passages"] == [3]
        shown = [str(w.render()) for w in app.screen.query(Static).filter(".passage")]
        assert any("Avant [/] le passage." in s for s in shown)
        cited = app.screen.query_one(".passage.cited", Static)
        assert "La Région finance Textilia [NB]." in str(cited.render())
        await pilot.press("escape")
        assert isinstance(app.screen, DetailScreen)


async def test_director_opens_actor_dossier_with_roles(make_app, fake_views):
    app = make_app()
    async with app.run_test(size=(160, 45)) as pilot:
        await open_textilia(pilot)
        view = app.screen.query_one(DossierView)
        view.highlighted = next(i for i, line in enumerate(view.lines) if line.opens and line.opens[0] == "actor"
                                and line.opens[1] == "jeanne-martin")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, DetailScreen) and app.screen.kind == "actor"
        text = "\n".join(options_text(app.screen.query_one(DossierView)))
        assert "directrice de Textilia" in text


async def test_missing_dossier_and_failing_loader_do_not_crash(make_app, monkeypatch):
    def broken(database, kind, entity_id):  # type: ignore[no-untyped-def]
        raise RuntimeError("views not there")

    monkeypatch.setattr("grappe.tui.screens.detail.load_dossier", broken)
    app = make_app()
    async with app.run_test(size=(120, 30)) as pilot:
        await open_textilia(pilot)
        assert isinstance(app.screen, DetailScreen)
        assert "Dossier illisible" in str(app.screen.query_one(".detail-status").render())
        await pilot.press("escape")
        assert app.return_code is None


async def test_real_views_dossier_links_sources_and_context(make_app):
    """The same walk through `grappe.db.views`: dossier, source in context, filière, back."""
    app = make_app()
    async with app.run_test(size=(160, 45)) as pilot:
        await open_textilia(pilot)
        view = app.screen.query_one(DossierView)
        text = "\n".join(options_text(view))
        assert "Jeanne Martin — directrice" in text and "coopération : Filatex" in text
        assert "juin 2010" in text and "juin 2011" in text and "⚠ incertain" in text
        region = next(line for line in options_text(view) if line.strip().startswith("Région"))
        etat = next(line for line in options_text(view) if line.strip().startswith("État"))
        assert region.count("█") > etat.count("█") >= 1 and "385 000 €" in region
        view.highlighted = next(i for i, line in enumerate(view.lines) if "finance Textilia à hauteur de 385" in line.content.plain)
        await pilot.press("s")
        await settle(pilot)
        assert isinstance(app.screen, PassageScreen)
        cited = app.screen.query_one(".passage.cited", Static)
        assert "La Région finance Textilia à hauteur de 385 000 € par an." in str(cited.render())
        await pilot.press("escape")
        view = app.screen.query_one(DossierView)
        view.highlighted = next(i for i, line in enumerate(view.lines) if line.opens and line.opens[0] == "filiere")
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen.kind == "filiere"
        assert "Filatex" in "\n".join(options_text(app.screen.query_one(DossierView)))


async def test_real_actor_dossier_gathers_several_monographs(make_app):
    app = make_app()
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        await pilot.press("3", "slash", *"region", "enter")
        await settle(pilot)
        assert [row["name"] for row in app.screen.active_pane().rows] == ["Jeanne Martin", "Région"]
        await pilot.press("down", "enter")
        await settle(pilot)
        text = "\n".join(options_text(app.screen.query_one(DossierView)))
        assert "Monographies : Monographie Nord, Monographie Sud" in text
        assert "Financements versés" in text and "Solaria" in text and "Textilia" in text
        assert "— Monographie Sud" in text  # each source names its monograph


async def test_markup_like_names_show_verbatim_in_search_breadcrumbs_and_dossier(make_app):
    app = make_app()
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+k", *"texte")
        await settle(pilot)
        from grappe.tui.widgets.result_list import ResultList

        results = app.screen.query_one("#search-results", ResultList).lines_text()
        index = next(i for i, r in enumerate(results) if HOSTILE_NAME in r)
        await pilot.press(*["down"] * index, "enter")
        await settle(pilot)
        assert isinstance(app.screen, DetailScreen) and app.screen.entity_id == "hostile"
        assert HOSTILE_NAME in app.screen.query_one(Breadcrumbs).render().plain
        assert options_text(app.screen.query_one(DossierView))[0].startswith(HOSTILE_NAME)
        assert app.return_code is None


def test_huge_dossier_sections_are_capped():
    from grappe.tui.widgets.dossier_lines import MAX_ITEMS, dossier_lines

    dossier = {"id": "r", "name": "Région", "kind": "organisation",
               "roles": [{"role": "membre", "of": f"C{i}", "of_id": f"c{i}", "sources": []} for i in range(5000)],
               "sources": [{"page": i, "quote": "q", "passage_id": i} for i in range(5000)]}
    lines = [line.content.plain for line in dossier_lines("actor", dossier)]
    assert len(lines) < 2 * MAX_ITEMS + 20
    assert sum("de plus" in line for line in lines) == 2 and f"… {5000 - MAX_ITEMS} de plus" in "\n".join(lines)


def test_screen_and_markdown_show_the_same_attributes():
    """An actor's or filière's other names are on screen as in its Markdown export."""
    from grappe.db.export_dossier import render_dossier_markdown
    from grappe.tui.widgets.dossier_lines import dossier_lines

    for kind in ("actor", "filiere"):
        dossier = {"id": "x", "name": "Conseil régional", "kind": "organisation",
                   "aliases": {"value": ["CR", "Région"], "sources": [{"page": 3, "quote": "q", "passage_id": 1}]}}
        screen = "\n".join(line.content.plain for line in dossier_lines(kind, dossier))
        markdown = render_dossier_markdown(kind, dossier)
        assert "Autres noms" in screen and "Autres noms" in markdown, kind
        assert "CR" in screen and "Région" in screen, kind
