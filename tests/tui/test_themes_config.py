"""Theme files and the user config: bad files are reported or ignored, never fatal."""

from __future__ import annotations

from pathlib import Path

from grappe.themes.loader import canonical_theme_name, load_themes
from grappe.tui.config import Config, load_config, save_config


def test_builtin_themes_load():
    loaded = load_themes()
    assert loaded.problems == []
    names = {t.name for t in loaded.themes}
    assert names == {"grappe-dark", "grappe-light", "grappe-high-contrast"}
    light = next(t for t in loaded.themes if t.name == "grappe-light")
    assert light.dark is False
    assert canonical_theme_name("high-contrast") == "grappe-high-contrast"


def test_bad_theme_files_are_reported_one_line_each(tmp_path: Path):
    (tmp_path / "ok.toml").write_text('name = "ok"\nprimary = "#ffffff"\n', "utf-8")
    (tmp_path / "broken.toml").write_text("name = ", "utf-8")
    (tmp_path / "unknown.toml").write_text('name = "u"\nprimary = "#000000"\nsparkle = 1\n', "utf-8")
    (tmp_path / "noname.toml").write_text('primary = "#000000"\n', "utf-8")
    (tmp_path / "latin1.toml").write_bytes(b'name = "caf\xe9"\n')
    loaded = load_themes(tmp_path)
    assert [t.name for t in loaded.themes] == ["ok"]
    assert len(loaded.problems) == 4 and all("\n" not in p for p in loaded.problems)


def test_config_round_trip_and_bad_files(tmp_path: Path):
    path = tmp_path / "sub" / "config.toml"
    assert load_config(path) == Config()
    assert save_config(Config(theme='gr"app\\e'), path) is None
    assert load_config(path).theme == 'gr"app\\e'
    path.write_text("theme = [", "utf-8")
    assert load_config(path) == Config()
    path.write_text("theme = 3", "utf-8")
    assert load_config(path) == Config()


def test_unwritable_config_is_a_message(tmp_path: Path):
    blocker = tmp_path / "file"
    blocker.write_text("x", "utf-8")
    problem = save_config(Config(theme="grappe-dark"), blocker / "config.toml")
    assert problem is not None and "configuration non enregistrée" in problem
