"""A long quote in a dossier wraps under its own text, not back to the left edge."""

from __future__ import annotations

import pytest

from grappe.tui.screens.detail import DetailScreen
from grappe.tui.widgets.dossier import DossierView
from helpers import settle

LONG_QUOTE = (
    "Jeanne Martin dirige Textilia, une grappe d'entreprises créée par des industriels du textile "
    "technique qui rassemble cent vingt membres dans toute la région et au-delà"
)


def screen_lines(view: DossierView) -> list[str]:
    return [view.render_line(y).text for y in range(view.content_region.height)]


@pytest.fixture
def long_quote_views(fake_views, monkeypatch):  # type: ignore[no-untyped-def]
    from tests.tui.conftest import textilia_dossier

    def load_dossier(database, kind, entity_id):  # type: ignore[no-untyped-def]
        dossier = textilia_dossier()
        dossier["directors"][0]["sources"][0]["quote"] = LONG_QUOTE
        return dossier

    monkeypatch.setattr("grappe.tui.screens.detail.load_dossier", load_dossier)
    return fake_views


@pytest.mark.parametrize("width", [60, 80])
async def test_wrapped_quote_keeps_its_indent(make_app, long_quote_views, width):
    app = make_app()
    async with app.run_test(size=(width, 40)) as pilot:
        await settle(pilot)
        await pilot.press("down", "down", "down", "enter")
        await settle(pilot)
        assert isinstance(app.screen, DetailScreen)
        lines = screen_lines(app.screen.query_one(DossierView))
        first = next(i for i, line in enumerate(lines) if "« Jeanne Martin dirige" in line)
        quote_column = lines[first].index("« ") + 2
        following = lines[first + 1 : first + 4]
        assert any("région" in line for line in following)  # it did wrap
        continued = [line for line in following if line.strip()][:2]
        for line in continued:
            assert line[:quote_column].strip() == ""  # continuation under the quote's text
            assert line[quote_column] != " "


def test_hanging_line_at_a_width_too_narrow_for_its_head_still_shows_everything():
    from textual.content import Content

    from grappe.tui.widgets.hanging import Hanging

    line = Hanging(Content("        p. 12 « " + LONG_QUOTE + " »"), 16)
    assert line.plain.endswith("au-delà »")
    assert line.get_height({}, 20) >= line.get_height({}, 200)
