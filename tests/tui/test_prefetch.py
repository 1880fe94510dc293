"""The first page read ahead at start-up is what the pane shows, without a query of its own."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from grappe.db import browse
from grappe.tui.prefetch import FirstPagePrefetch
from helpers import settle


def _row_names(app) -> list[str]:  # type: ignore[no-untyped-def]
    pane = app.screen.query_one("#pane-clusters")
    return [str(row["name"]) for row in pane.rows]


async def test_the_pane_shows_the_prefetched_page_without_querying(sample_db: Path, tmp_path: Path,
                                                                    monkeypatch) -> None:
    from grappe.tui.app import GrappeApp

    plain = GrappeApp(sample_db, config_file=tmp_path / "a.toml")
    async with plain.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        expected = _row_names(plain)
    assert expected

    prefetch = FirstPagePrefetch(sample_db, "clusters")
    prefetch._thread.join(5)  # as when Textual's import took longer than the read
    fetched: list[object] = []
    original = browse.fetch_page
    monkeypatch.setattr(browse, "fetch_page", lambda *a, **k: (fetched.append(a), original(*a, **k))[1])
    app = GrappeApp(sample_db, config_file=tmp_path / "b.toml", first_page=prefetch)
    async with app.run_test(size=(120, 30)) as pilot:
        pane = app.screen.query_one("#pane-clusters")
        assert [str(row["name"]) for row in pane.rows] == expected  # before any pause: first frame
        await settle(pilot)
        assert _row_names(app) == expected
    # The other panes are read ahead once the first screen is complete; this one never is.
    assert [args for args in fetched if args[1].pane == "clusters"] == []


def test_a_page_is_handed_over_once_and_only_for_its_query(sample_db: Path) -> None:
    query = browse.initial_query("clusters")
    prefetch = FirstPagePrefetch(sample_db, "clusters")
    assert prefetch.take(replace(query, filter_text="x"), wait=5) is None  # another query
    prefetch = FirstPagePrefetch(sample_db, "clusters")
    page = prefetch.take(query, wait=5)
    assert page is not None and page.rows and page.total >= len(page.rows)
    assert prefetch.take(query, wait=5) is None  # already handed over


def test_a_failed_read_ahead_leaves_the_reading_to_the_pane(tmp_path: Path) -> None:
    prefetch = FirstPagePrefetch(tmp_path / "missing.db", "clusters")
    assert prefetch.take(browse.initial_query("clusters"), wait=5) is None
    assert not (tmp_path / "missing.db").exists()


async def test_a_page_still_being_read_is_awaited_by_the_pane_worker(sample_db: Path, tmp_path: Path,
                                                                      monkeypatch) -> None:
    import time

    from grappe.tui.app import GrappeApp

    original_read = browse.read_first_page

    def slow_read(conn, query):  # type: ignore[no-untyped-def]
        time.sleep(0.4)  # longer than the app takes to mount the pane
        return original_read(conn, query)

    monkeypatch.setattr(browse, "read_first_page", slow_read)
    prefetch = FirstPagePrefetch(sample_db, "clusters")
    fetched: list[object] = []
    original = browse.fetch_page
    monkeypatch.setattr(browse, "fetch_page", lambda *a, **k: (fetched.append(a), original(*a, **k))[1])
    app = GrappeApp(sample_db, config_file=tmp_path / "c.toml", first_page=prefetch)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        assert _row_names(app)
    # The read ahead's own query, none from the pane (the other panes are read ahead later).
    assert len([args for args in fetched if args[1].pane == "clusters"]) == 1


async def test_the_other_panes_are_read_ahead_and_shown_without_a_worker(sample_db: Path, tmp_path: Path,
                                                                          monkeypatch) -> None:
    from grappe.tui.app import GrappeApp
    from grappe.tui.widgets.pane_reader import PaneReader

    app = GrappeApp(sample_db, config_file=tmp_path / "c.toml",
                    first_page=FirstPagePrefetch(sample_db, "clusters"))
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        ahead = app.screen.pages_ahead
        assert set(ahead) == {"filieres", "actors", "funding"}
        for page in ahead.values():
            page._thread.join(5)
        reads: list[object] = []
        monkeypatch.setattr(PaneReader, "read", lambda self, *a: reads.append(a))
        await pilot.press("3")
        pane = app.screen.query_one("#pane-actors")
        assert pane.rows and not reads  # shown as it mounted, from the page read ahead
        await settle(pilot)
        assert pane.total == len(pane.rows) > 0 and "actors" not in app.screen.pages_ahead


async def test_without_a_first_page_nothing_is_read_ahead(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        assert app.screen.pages_ahead == {}
