"""Pilot tests of help, themes, failures and odd terminals; CLI tests of `grappe browse`."""

from __future__ import annotations

import random
from pathlib import Path

from textual.widgets import DataTable
from typer.testing import CliRunner

from grappe.tui.cli import app as cli
from grappe.tui.config import load_config
from grappe.tui.screens.help import HelpScreen
from helpers import settle, table_text


async def test_question_mark_lists_all_keys(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        rows = table_text(app.screen.query_one(DataTable))
        actions = {r[2] for r in rows}
        for wanted in ("Filtrer les lignes (noms et alias)", "Marquer la ligne pour l'export",
                       "Ouvrir le passage cité dans son contexte", "Rechercher partout (noms et passages)",
                       "Exporter ce dossier en Markdown", "Revenir à l'écran précédent"):
            assert wanted in actions
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)


async def test_footer_shows_keys_of_the_current_screen(make_app):
    app = make_app()
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot)
        keys = {b.binding.description for b in app.screen.active_bindings.values() if b.binding.show}
        assert {"Filtrer", "Marquer", "Exporter", "Rechercher", "Aide"} <= keys


async def test_theme_option_and_palette_choice_are_remembered(make_app):
    app = make_app(theme="light")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert app.theme == "grappe-light"
        assert {"grappe-dark", "grappe-light", "grappe-high-contrast"} <= set(app.available_themes)
        from grappe.tui.providers import GrappeThemeProvider

        hits = [hit async for hit in GrappeThemeProvider(app.screen).search("contrast")]
        hits[0].command()
        await pilot.pause()
        assert app.theme == "grappe-high-contrast"
    assert load_config().theme == "grappe-high-contrast"
    second = make_app(theme=None)
    async with second.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert second.theme == "grappe-high-contrast"


async def test_unknown_remembered_theme_falls_back_with_a_warning(make_app):
    from grappe.tui.config import Config, save_config

    assert save_config(Config(theme="disparu")) is None
    app = make_app(theme=None)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert app.theme == "grappe-dark"
        assert any("thème inconnu « disparu »" in str(n.message) for n in app._notifications)


async def test_unexpected_exception_gives_status_and_log_without_text(make_app, tmp_path):
    import pytest

    app = make_app()
    with pytest.raises(ZeroDivisionError):  # run_test re-raises for the test; `grappe` exits 1
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            app.call_later(lambda: 1 / 0)
            await pilot.pause()
    assert app.return_code == 1
    assert app.crash_log_path is not None and app.crash_log_path.exists()
    assert "ZeroDivisionError" in app.crash_log_path.read_text("utf-8")


async def test_worker_error_is_a_notification_not_a_crash(make_app, monkeypatch):
    from grappe.db import browse

    def boom(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise RuntimeError("disk gone")

    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        monkeypatch.setattr(browse, "fetch_page", boom)
        await pilot.press("3")
        await settle(pilot)
        assert app.return_code is None
        assert any("lecture impossible" in str(n.message) for n in app._notifications)


async def test_tiny_terminal_and_random_keys(make_app, fake_views):
    keys = ["1", "2", "3", "4", "tab", "enter", "escape", "backspace", "space", "e", "s", "o", "r",
            "d", "slash", "down", "up", "end", "home", "a", "[", "question_mark", "ctrl+k"]
    rng = random.Random(7)
    app = make_app()
    async with app.run_test(size=(20, 5)) as pilot:
        await settle(pilot)
        for _ in range(60):
            await pilot.press(rng.choice(keys))
        await settle(pilot)
        assert app.return_code is None


runner = CliRunner()


def test_browse_missing_database_is_one_line_and_creates_nothing(tmp_path):
    missing = tmp_path / "typo.db"
    result = runner.invoke(cli, ["browse", "--db", str(missing)])
    assert result.exit_code == 1
    assert "base introuvable" in result.output and len(result.output.strip().splitlines()) == 1
    assert not missing.exists()


def test_browse_corrupt_database(tmp_path):
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"SQLite format 3\x00" + b"\xff" * 5000)
    result = runner.invoke(cli, ["browse", "--db", str(bad)])
    assert result.exit_code == 1 and "grappe:" in result.output


def test_first_run_imports_the_bundled_monograph(tmp_path, monkeypatch):
    from grappe.tui import app as app_module

    target = tmp_path / "data" / "grappe.db"
    monkeypatch.delenv("GRAPPE_DB", raising=False)
    monkeypatch.setattr("grappe.tui.runtime.default_database", lambda: target)
    started: list[Path] = []
    monkeypatch.setattr(app_module.GrappeApp, "run", lambda self: started.append(self.database))
    result = runner.invoke(cli, [])
    assert result.exit_code == 0, result.output
    assert "import de la monographie fournie" in result.output
    assert target.exists() and started == [target]


def test_unknown_theme_is_refused(sample_db):
    result = runner.invoke(cli, ["browse", "--db", str(sample_db), "--theme", "nope"])
    assert result.exit_code == 2 and "thème inconnu" in result.output


def test_crash_inside_the_app_exits_70_with_a_log(sample_db, monkeypatch, tmp_path):
    from textual.app import App

    from grappe.tui import app as app_module

    def crash_on_mount(self):  # type: ignore[no-untyped-def]
        raise RuntimeError("[/] document text must not reach the screen")

    monkeypatch.setattr(app_module.GrappeApp, "on_mount", crash_on_mount)
    monkeypatch.setattr(app_module.GrappeApp, "run", lambda self: App.run(self, headless=True))
    result = runner.invoke(cli, ["browse", "--db", str(sample_db)])
    assert result.exit_code == 70
    logs = list((tmp_path / "logs").glob("crash-*.log"))
    assert len(logs) == 1 and "RuntimeError" in logs[0].read_text("utf-8")


def test_fast_path_handles_only_the_browse_forms(tmp_path, monkeypatch):
    from grappe.tui import app as app_module
    from grappe.tui.commands_browse import fast_path

    assert fast_path(["--help"]) is None and fast_path(["import"]) is None
    assert fast_path(["browse", "--db=x"]) is None and fast_path(["--theme", "dark"]) is None
    missing = tmp_path / "typo.db"
    assert fast_path(["browse", "--db", str(missing)]) == 1 and not missing.exists()
    started: list = []
    monkeypatch.setattr(app_module.GrappeApp, "run", lambda self: started.append(self.requested_theme))
    assert fast_path(["browse", "--db", str(tmp_path / ".." / tmp_path.name / "typo.db"), "--theme", "x"]) == 2
    from sample_db import build_sample_db

    db = build_sample_db(tmp_path / "ok.db")
    assert fast_path(["browse", "--theme", "light", "--db", str(db)]) == 0 and started == ["light"]
