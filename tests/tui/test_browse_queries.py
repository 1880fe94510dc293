"""`grappe.db.browse` on its own: paging, sorting with NULLs last, filters, facets, any input."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from grappe.db import browse
from grappe.db.connect import open_readonly
from sample_db import HOSTILE_NAME, NORD, SUD


@pytest.fixture(scope="module")
def conn(tmp_path_factory):
    from sample_db import build_sample_db

    connection = open_readonly(build_sample_db(tmp_path_factory.mktemp("q") / "s.db"))
    yield connection
    connection.close()


def names(rows):  # type: ignore[no-untyped-def]
    return [row["name"] for row in rows]


def test_every_column_of_every_pane_sorts_both_ways(conn):
    for name, pane in browse.PANES.items():
        total = browse.count_rows(conn, browse.PaneQuery(name))
        for column in pane.columns:
            for descending in (False, True):
                rows = browse.fetch_page(conn, browse.PaneQuery(name, sort=column.key, descending=descending))
                assert len(rows) == total, (name, column.key)
                values = [row[column.key] for row in rows]
                known = [v for v in values if v is not None]
                assert values[: len(known)] == known  # unknown values last, whatever the direction
                if column.key in ("fte", "amount_eur", "funding_eur", "page", "clusters"):
                    assert known == sorted(known, reverse=descending), (name, column.key)


def test_paging_is_stable_and_complete(conn):
    query = browse.PaneQuery("funding", descending=True)
    pages = [browse.fetch_page(conn, query, offset, 1) for offset in range(5)]
    assert [len(p) for p in pages] == [1, 1, 1, 1, 0]
    assert [p[0]["amount_eur"] for p in pages[:4]] == [2000000.0, 1500000.0, 385000.0, 93800.0]


def test_filter_is_accent_and_case_insensitive_and_matches_aliases(conn):
    assert names(browse.fetch_page(conn, browse.PaneQuery("clusters", filter_text="TEXTILIA ge"))) == ["Textilia"]
    assert names(browse.fetch_page(conn, browse.PaneQuery("filieres", filter_text="energie"))) == ["Énergie"]
    assert names(browse.fetch_page(conn, browse.PaneQuery("clusters", filter_text="pc"))) == ["Filatex", "Solaria"]
    assert browse.count_rows(conn, browse.PaneQuery("actors", filter_text="région")) == 2  # and its member


def test_document_facet(conn):
    assert names(browse.fetch_page(conn, browse.PaneQuery("clusters", document_id=SUD))) == ["Solaria"]
    north = browse.PaneQuery("clusters", document_id=NORD)
    assert browse.count_rows(conn, north) == 3 and "Solaria" not in names(browse.fetch_page(conn, north))
    assert [d["id"] for d in browse.documents(conn)] == [NORD, SUD]


def test_a_page_and_its_total_count_only_a_full_first_page(conn, monkeypatch):
    counted: list[str] = []
    real_count = browse.count_rows
    monkeypatch.setattr(browse, "count_rows", lambda c, q: counted.append(q.filter_text) or real_count(c, q))
    for text in ("", "a", "textilia", "zzq"):
        for limit in (1, 2, 100):
            query = browse.PaneQuery("clusters", filter_text=text)
            rows, total = browse.fetch_page_and_total(conn, query, 0, limit)
            assert total == real_count(conn, query) and len(rows) == min(limit, total)
            assert (text in counted) == (len(rows) == limit)  # counted only when the page is full
            counted.clear()
    rows, total = browse.fetch_page_and_total(conn, browse.PaneQuery("clusters"), 1, 1)
    assert total is None and len(rows) == 1


def test_rows_by_ids_keep_order_and_skip_unknown(conn):
    assert names(browse.rows_by_ids(conn, "clusters", ["textilia", "nope", "hostile"])) == ["Textilia", HOSTILE_NAME]
    assert [r["id"] for r in browse.rows_by_ids(conn, "funding", ["3", "1", "x"])] == [3, 1]


@settings(max_examples=60, deadline=None)
@given(text=st.text(max_size=40), pane=st.sampled_from(sorted(browse.PANES)))
def test_any_filter_text_is_accepted(conn, text, pane):
    query = browse.PaneQuery(pane, filter_text=text)
    assert browse.count_rows(conn, query) == len(browse.fetch_page(conn, query))


def test_what_enter_opens_from_each_pane():
    from grappe.tui.widgets.cells import cell_text, entity_of_row

    assert entity_of_row("clusters", {"id": "c", "name": "C"}) == ("cluster", "c", "C")
    funding = {"id": 1, "recipient_type": "cluster", "recipient_id": "c", "recipient": "C"}
    assert entity_of_row("funding", funding) == ("cluster", "c", "C")
    nobody = {"id": 2, "recipient_type": None, "recipient_id": None, "funder_id": None,
              "passage_id": 7, "page": 8}
    assert entity_of_row("funding", nobody) == ("passage", "7", "p. 8")
    assert cell_text("funder", nobody) == "—" and cell_text("amount_eur", {"amount_eur": 1.5e6}) == "1 500 000 €"


def test_export_rows_use_the_view_model_then_pane_rows_for_huge_tables(conn, monkeypatch):
    rows = browse.export_rows(conn, browse.PaneQuery("clusters"), ["textilia"], 100)
    assert [r["name"] for r in rows] == ["Textilia"] and isinstance(rows[0].get("funding"), list)
    assert {f.get("funder") for f in rows[0]["funding"]} >= {"Région", "État"}  # from the views
    monkeypatch.setattr(browse, "VIEW_EXPORT_MAX_ROWS", 2)
    rows = browse.export_rows(conn, browse.PaneQuery("clusters", filter_text="textil"), [], 100)
    assert [r["name"] for r in rows] == ["Filatex", HOSTILE_NAME, "Textilia"]
    assert rows[2]["territory"] == ["Lille"] and rows[2]["documents"] == ["Nord-Pas de Calais"]


def test_the_default_order_of_every_large_pane_is_read_from_an_index(conn):
    """A first page reads a hundred index entries; it never sorts a whole table."""
    for name in ("clusters", "actors", "funding"):
        traced: list[str] = []
        conn.set_trace_callback(traced.append)
        try:
            rows = browse.fetch_page(conn, browse.initial_query(name))
        finally:
            conn.set_trace_callback(None)
        assert rows, name
        page_sql = [sql for sql in traced if "json_group_array" in sql and " OFFSET " in sql]
        assert len(page_sql) == 1, (name, traced)
        plan = " | ".join(row[3] for row in conn.execute("EXPLAIN QUERY PLAN " + page_sql[0]))
        assert "_order" in plan and "TEMP B-TREE" not in plan, (name, plan)
