"""Pilot tests of the four panes: rows, counts, switching, sorting, filtering, facets, marks."""

from __future__ import annotations

from textual.widgets import DataTable, Input, Select

from grappe.tui.messages import OpenEntity
from grappe.tui.widgets.pane import EntityPane
from grappe.tui.widgets.pane_tabs import PaneTabs
from helpers import settle, table_text
from sample_db import HOSTILE_NAME, SUD


def pane(app, key: str) -> EntityPane:  # type: ignore[no-untyped-def]
    return app.screen.query_one(f"#pane-{key}", EntityPane)


async def test_clusters_pane_shows_rows_in_french_style(make_app):
    app = make_app()
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot)
        rows = table_text(pane(app, "clusters").table)
        names = [r[2] for r in rows]
        name_width = pane(app, "clusters").widths["name"]  # declared width + a share of the room
        shown_hostile = (HOSTILE_NAME if len(HOSTILE_NAME) <= name_width  # else cut to the column
                         else HOSTILE_NAME[: name_width - 1] + "…")  # markup stays text either way
        assert names == ["Filatex", shown_hostile, "Solaria", "Textilia ⚠"]
        assert "[/] Texte [NB]" in shown_hostile
        textilia = rows[3]
        assert textilia[1] == "GE" and textilia[3] == "Textile" and textilia[4] == "Lille"
        assert textilia[5] == "9,3" and textilia[6] == "478 800 €"
        assert "Clusters (4)" in str(pane(app, "clusters").border_title)


async def test_number_keys_and_tab_switch_panes_and_load_lazily(make_app):
    app = make_app()
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot)
        assert not app.screen.query("#pane-funding")  # deferred until shown
        await pilot.press("4")
        await settle(pilot)
        tabs = app.screen.query_one(PaneTabs)
        assert tabs.active == "funding"
        funding = table_text(pane(app, "funding").table)
        assert funding[0][1:4] == ["Région", "Solaria", "2 000 000 €"]  # amount, largest first
        await pilot.press("tab")
        assert tabs.active == "filieres"
        await pilot.press("tab", "tab")
        assert tabs.active == "actors"
        await settle(pilot)
        actors = table_text(pane(app, "actors").table)
        jeanne = next(r for r in actors if r[2] == "Jeanne Martin")
        assert jeanne[1] == "personne" and jeanne[3] == "directrice"
        assert "directrice Textilia" in jeanne[5]


async def test_sort_key_and_reverse(make_app):
    app = make_app()
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot)
        clusters = pane(app, "clusters")
        while clusters.pane_query.sort != "fte":
            await pilot.press("o")
        await settle(pilot)
        assert [r[5] for r in table_text(clusters.table)] == ["12,5", "9,3", "4", ""]
        await pilot.press("r")
        await settle(pilot)
        assert [r[5] for r in table_text(clusters.table)] == ["4", "9,3", "12,5", ""]


async def test_header_click_sorts(make_app):
    app = make_app()
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot)
        clusters = pane(app, "clusters")
        table = clusters.table
        table.post_message(DataTable.HeaderSelected(table, table.ordered_columns[2].key, 2, "Nom"))
        await settle(pilot)
        assert clusters.pane_query.sort == "name" and clusters.pane_query.descending
        assert table_text(table)[0][2] == "Textilia ⚠"


async def test_incremental_filter_is_accent_insensitive(make_app):
    app = make_app()
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        box = app.screen.query_one("#pane-clusters .pane-filter", Input)
        assert box.has_focus
        await pilot.press(*"energie")
        await settle(pilot)
        assert [r[2] for r in table_text(pane(app, "clusters").table)] == ["Solaria"]
        await pilot.press("enter", "escape")
        await settle(pilot)
        assert len(pane(app, "clusters").table.rows) == 4


async def test_filter_accepts_markup_and_like_wildcards(make_app):
    app = make_app()
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"%_[/]", "left_square_bracket")
        await settle(pilot)
        assert app.return_code is None
        assert len(pane(app, "clusters").table.rows) == 0


async def test_document_facet_narrows_every_pane(make_app):
    app = make_app()
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot)
        clusters = pane(app, "clusters")
        facet = clusters.query_one(Select)
        assert facet.display
        await pilot.press("d")
        await settle(pilot)
        assert clusters.pane_query.document_id == "a" * 16
        assert "Solaria" not in [r[2] for r in table_text(clusters.table)]
        await pilot.press("d")
        await settle(pilot)
        assert clusters.pane_query.document_id == SUD
        assert [r[-1] for r in table_text(clusters.table)] == ["Provence"]


async def test_document_facet_comes_after_the_first_rows(make_app, monkeypatch):
    """The rows are painted without waiting for the facet (a Select of every document)."""
    first_pages: list[tuple[int, int]] = []
    show_status = EntityPane._show_status

    def recording_show_status(self):  # type: ignore[no-untyped-def]
        show_status(self)  # called once a page's rows are in the table
        if self.rows and not first_pages:
            first_pages.append((self.table.row_count, len(self.query(Select))))

    monkeypatch.setattr(EntityPane, "_show_status", recording_show_status)
    app = make_app()
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot)
        assert first_pages and first_pages[0][0] > 0 and first_pages[0][1] == 0
        assert len(pane(app, "clusters").query(Select)) == 1


async def test_space_marks_rows_and_enter_opens(make_app, fake_views):
    app = make_app()
    messages: list = []
    async with app.run_test(size=(160, 40), message_hook=messages.append) as pilot:
        await settle(pilot)
        clusters = pane(app, "clusters")
        await pilot.press("space")
        assert clusters.marked == {"filatex"}
        assert table_text(clusters.table)[0][0] == "●"
        assert clusters.table.cursor_row == 1
        await pilot.press("up", "space")
        assert clusters.marked == set()
        await pilot.press("down", "down", "down", "enter")
        await settle(pilot)
        opened = [m for m in messages if isinstance(m, OpenEntity)]
        assert (opened[-1].kind, opened[-1].entity_id) == ("cluster", "textilia")
        assert fake_views["dossiers"] == [("cluster", "textilia")]


def build_many_clusters(path, count: int):  # type: ignore[no-untyped-def]
    from grappe.db.load import build, load_documents
    from grappe.db.load_facts import load_facts
    from grappe.importer.facts import ClusterFact, Evidence, Facts

    from sample_db import NORD, PASSAGES_NORD, _doc

    facts = Facts(clusters=[
        ClusterFact(f"c{i:05d}", f"Cluster {i:05d}", "GE", evidence=[Evidence(NORD, 0, "x")])
        for i in range(count)
    ])
    with build(path) as db:
        load_facts(db, facts, load_documents(db, [_doc(NORD, "Nord", "Nord", PASSAGES_NORD)]))
    return path


async def test_large_pane_loads_one_page_then_more_as_cursor_moves(tmp_path, make_app):
    from grappe.db import browse

    app = make_app(database=build_many_clusters(tmp_path / "many.db", browse.PAGE_SIZE * 2 + 50))
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        clusters = pane(app, "clusters")
        assert clusters.total == browse.PAGE_SIZE * 2 + 50
        assert len(clusters.table.rows) == browse.PAGE_SIZE
        await pilot.press("end")
        await settle(pilot)
        assert len(clusters.table.rows) == browse.PAGE_SIZE * 2
        await pilot.press("end")
        await settle(pilot)
        names = [r[2] for r in table_text(clusters.table)]
        assert len(names) == len(set(names)) == browse.PAGE_SIZE * 2 + 50
        assert names == sorted(names)


async def test_typing_in_the_filter_never_triggers_pane_keys(make_app):
    app = make_app()
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"1234 order e/d?")
        await settle(pilot)
        clusters = pane(app, "clusters")
        assert clusters.query_one(Input).value == "1234 order e/d?"
        assert app.screen.query_one(PaneTabs).active == "clusters"
        assert clusters.pane_query.sort is None and clusters.marked == set()
        assert app.screen is app.screen_stack[0]


def test_interrupted_query_is_recognised(sample_db):
    import threading

    from grappe.db import browse
    from grappe.db.connect import open_readonly

    conn = open_readonly(sample_db)
    # A query long enough to be interrupted from another thread.
    slow = "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) SELECT count(*) FROM n"
    timer = threading.Timer(0.05, conn.interrupt)
    timer.start()
    try:
        conn.execute(slow).fetchone()
    except Exception as error:  # noqa: BLE001
        assert browse.is_interrupted(error)
    else:
        raise AssertionError("the query was not interrupted")
    assert not browse.is_interrupted(ValueError("interrupted"))
