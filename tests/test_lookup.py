"""`grappe show NAME` and `grappe search TEXT`: best match, accent-insensitive, text printed literally."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from small_kb import build_small_kb
from typer.testing import CliRunner

from grappe.tui.cli import app
from grappe.tui.commands_lookup import dossier_renderable

runner = CliRunner()


@pytest.fixture(scope="module")
def kb(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Shared by the module: every command here must leave it unchanged (checked by hash)."""
    return build_small_kb(tmp_path_factory.mktemp("kb") / "kb.db")


@pytest.mark.parametrize("query", ["Eurasanté", "eurasante", "EURASANTE", "eurasnte"])
def test_show_finds_the_cluster_accent_and_typo_insensitive(kb: Path, query: str) -> None:
    result = runner.invoke(app, ["show", query, "--db", str(kb)])
    assert result.exit_code == 0, result.output
    first_line = result.stdout.splitlines()[0]
    assert "Eurasanté" in first_line and "cluster" in first_line
    assert "pôle d'excellence régional" in result.stdout
    assert "UP-tex" in result.stdout  # its link
    assert "p. 5" in result.stdout  # a citation


def test_show_an_actor(kb: Path) -> None:
    result = runner.invoke(app, ["show", "jean dupont", "--db", str(kb)])
    assert result.exit_code == 0
    assert result.stdout.startswith("Jean Dupont") and "directeur" in result.stdout


def test_show_several_matches_are_listed(kb: Path) -> None:
    result = runner.invoke(app, ["show", "te", "--db", str(kb)])  # UP-tex ("tex"), Team2, Texte…
    assert result.exit_code == 0, result.output
    head, others = result.stdout.split("Autres correspondances", 1)
    shown = {"Team2", "UP-tex"}
    assert any(name in head.splitlines()[0] for name in shown)
    assert any(name in others for name in shown)


def test_show_prints_markup_and_html_literally(kb: Path) -> None:
    result = runner.invoke(app, ["show", "onerror", "--db", str(kb)])
    assert result.exit_code == 0, result.output
    assert "Pôle x [/] y <img src=x onerror=alert(1)> a|b" in result.stdout


def test_show_nothing_found_is_one_line(kb: Path) -> None:
    result = runner.invoke(app, ["show", "zzqqxx", "--db", str(kb)])
    assert result.exit_code == 1
    assert "zzqqxx" in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_show_control_characters_in_the_query_are_not_echoed(kb: Path) -> None:
    result = runner.invoke(app, ["show", "\x1b]0;pwn\x07zz", "--db", str(kb)])
    assert result.exit_code == 1
    assert "\x1b" not in result.stderr and "\x07" not in result.stderr


def test_search_prints_names_then_passages(kb: Path) -> None:
    before = hashlib.sha256(kb.read_bytes()).hexdigest()
    result = runner.invoke(app, ["search", "eurasante", "--db", str(kb)])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    cluster_line = next(i for i, line in enumerate(lines) if "Eurasanté" in line and "cluster" in line)
    passage_line = next(i for i, line in enumerate(lines) if "passage" in line)
    assert cluster_line < passage_line
    assert hashlib.sha256(kb.read_bytes()).hexdigest() == before


@pytest.mark.parametrize("query", ["[/]", "[@click=app.quit]", '"', "NEAR(", "", "l'état", "\x00"])
def test_search_accepts_any_text(kb: Path, query: str) -> None:
    result = runner.invoke(app, ["search", query, "--db", str(kb)])
    assert result.exit_code == 0, result.output


def test_search_shows_document_text_verbatim(kb: Path) -> None:
    result = runner.invoke(app, ["search", "boom", "--db", str(kb)], env={"COLUMNS": "200"})
    assert result.exit_code == 0
    assert "Texte x [/] y [@click=app.quit]boom[/] <script>alert(1)</script> a|b" in result.stdout


def test_search_no_result_says_so(kb: Path) -> None:
    result = runner.invoke(app, ["search", "zzqqxx", "--db", str(kb)])
    assert result.exit_code == 0 and "aucun résultat" in result.stdout


def test_search_limit(kb: Path) -> None:
    result = runner.invoke(app, ["search", "le", "-n", "1", "--db", str(kb)])
    assert result.exit_code == 0
    assert sum(1 for line in result.stdout.splitlines() if "passage" in line or "cluster" in line) == 1


def test_dossier_renderable_keeps_markup_as_text() -> None:
    from rich.console import Console

    console = Console(width=200, record=True, markup=False)
    console.print(dossier_renderable("cluster", {
        "name": "x [/] y [bold]", "kind": "PC", "links": [{"name": "[@click=app.quit]", "relation": "[NB]"}],
        "funding": [{"funder": "État [sic]", "items": [{"amount_eur": 1500000, "sources": [{"page": 3, "quote": "1,5 M€"}]}]}],
    }))
    text = console.export_text()
    for literal in ("x [/] y [bold]", "[@click=app.quit]", "[NB]", "État [sic]", "1 500 000 €", "p. 3"):
        assert literal in text


def test_row_51_show_and_search_emit_no_terminal_sequence(tmp_path: Path) -> None:
    import sqlite3

    kb = build_small_kb(tmp_path / "esc.db")
    conn = sqlite3.connect(kb)
    with conn:
        conn.execute("UPDATE clusters SET name = ? WHERE id = 'team2'", ("Team2\x1b]0;PWNED\x07\x1b[2J\u202e",))
        conn.execute("UPDATE passages SET text = text || ? WHERE id = 2", (" Team2\x1bc\x9b6n",))
    conn.close()
    for args in (["show", "team 2"], ["search", "team2"]):
        result = runner.invoke(app, [*args, "--db", str(kb)])
        assert result.exit_code == 0, result.output
        assert "Team2" in result.stdout
        for sequence in ("\x1b", "\x07", "\x9b", "\u202e"):
            assert sequence not in result.stdout
