"""`grappe export VIEW`: JSON/Markdown/CSV through the shared renderers, read-only, no clobbering."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import sqlite3
import types
from pathlib import Path

import pytest
from small_kb import build_small_kb
from typer.testing import CliRunner

from grappe.db.export import render_csv, render_markdown
from grappe.tui.cli import app

runner = CliRunner()
VIEW_NAMES = ["filieres", "clusters", "actors", "roles", "links", "funding"]


@pytest.fixture
def views() -> types.ModuleType:
    """The view model every export renders."""
    import grappe.db.views

    return grappe.db.views


@pytest.fixture(scope="module")
def kb(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Shared by the module: every command here must leave it unchanged (checked by hash)."""
    return build_small_kb(tmp_path_factory.mktemp("kb") / "kb.db")


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def rows_of(kb: Path, views: types.ModuleType, view: str) -> list[dict]:
    conn = sqlite3.connect(kb)
    conn.row_factory = sqlite3.Row
    try:
        return views.VIEWS[view](conn)
    finally:
        conn.close()


@pytest.mark.parametrize("view", VIEW_NAMES)
def test_json_is_the_view_as_an_array(kb: Path, views: types.ModuleType, view: str) -> None:
    before = digest(kb)
    result = runner.invoke(app, ["export", view, "--format", "json", "--db", str(kb)])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert isinstance(data, list)
    assert data == json.loads(json.dumps(rows_of(kb, views, view)))
    assert digest(kb) == before  # read-only


def test_funding_json_has_amounts_and_citations(kb: Path, views: types.ModuleType) -> None:
    data = json.loads(runner.invoke(app, ["export", "funding", "--db", str(kb)]).stdout)
    record = next(r for r in data if r["recipient"] == "UP-tex")
    assert record["amount_eur"] == 93800 and record["page"] == 8 and "93 800 €" in record["quote"]


@pytest.mark.parametrize("view", VIEW_NAMES)
def test_markdown_and_csv_use_the_shared_renderers(kb: Path, views: types.ModuleType, view: str) -> None:
    rows = rows_of(kb, views, view)
    md = runner.invoke(app, ["export", view, "--format", "md", "--db", str(kb)])
    assert md.exit_code == 0 and md.stdout == render_markdown(view, rows)
    out = runner.invoke(app, ["export", view, "-f", "csv", "--db", str(kb)])
    assert out.exit_code == 0 and out.stdout == render_csv(view, rows)
    assert len(list(csv.reader(io.StringIO(out.stdout)))) == len(rows) + 1


def test_unknown_view_is_a_usage_error(kb: Path, views: types.ModuleType) -> None:
    result = runner.invoke(app, ["export", "passages", "--db", str(kb)])
    assert result.exit_code == 2
    assert "vue inconnue" in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_unknown_format_is_refused(kb: Path, views: types.ModuleType) -> None:
    assert runner.invoke(app, ["export", "funding", "--format", "xml", "--db", str(kb)]).exit_code == 2


def test_missing_database_is_not_created(tmp_path: Path, views: types.ModuleType) -> None:
    missing = tmp_path / "typo.db"
    result = runner.invoke(app, ["export", "clusters", "--db", str(missing)])
    assert result.exit_code == 1 and "introuvable" in result.stderr
    assert not missing.exists()


def test_output_file_is_written_and_never_clobbered(kb: Path, views: types.ModuleType, tmp_path: Path) -> None:
    target = tmp_path / "out" / "funding.md"
    first = runner.invoke(app, ["export", "funding", "-f", "md", "-o", str(target), "--db", str(kb)])
    assert first.exit_code == 0, first.output
    assert target.read_text("utf-8") == render_markdown("funding", rows_of(kb, views, "funding"))
    assert first.stdout == ""  # the data went to the file, the message to stderr
    target.write_text("analyst edits", "utf-8")
    second = runner.invoke(app, ["export", "funding", "-f", "md", "-o", str(target), "--db", str(kb)])
    assert second.exit_code == 73 and "--force" in second.stderr
    assert target.read_text("utf-8") == "analyst edits"
    forced = runner.invoke(app, ["export", "funding", "-f", "md", "-o", str(target), "--force", "--db", str(kb)])
    assert forced.exit_code == 0
    assert target.read_text("utf-8").startswith("# Financements")
    assert sorted(p.name for p in target.parent.iterdir()) == ["funding.md"]  # no temp file left


def test_json_escapes_terminal_controls(tmp_path: Path, views: types.ModuleType) -> None:
    kb = build_small_kb(tmp_path / "kb.db")
    conn = sqlite3.connect(kb)
    with conn:
        conn.execute("UPDATE filieres SET name = ? WHERE id = 'sante'", ("Santé \u202eevil \x9b2J",))
    conn.close()
    result = runner.invoke(app, ["export", "filieres", "--db", str(kb)])
    assert result.exit_code == 0
    assert "\u202e" not in result.stdout and "\x9b" not in result.stdout and "\x1b" not in result.stdout
    assert "Santé \u202eevil \x9b2J" in [row["name"] for row in json.loads(result.stdout)]


@pytest.mark.parametrize("fmt", ["json", "md", "csv"])
def test_row_51_no_terminal_sequence_reaches_stdout(tmp_path: Path, views: types.ModuleType, fmt: str) -> None:
    kb = build_small_kb(tmp_path / "kb.db")
    conn = sqlite3.connect(kb)
    with conn:
        conn.execute("UPDATE filieres SET name = ? WHERE id = 'sante'",
                     ("Santé\x1b]0;PWNED\x07\x1b[2J\x1bc\x9b6n\u202e",))
    conn.close()
    result = runner.invoke(app, ["export", "filieres", "--format", fmt, "--db", str(kb)])
    assert result.exit_code == 0
    for sequence in ("\x1b", "\x07", "\x9b", "\u202e"):
        assert sequence not in result.stdout
    assert "Santé" in result.stdout


REQUIRED_FIELDS = {  # issue 3, item 10
    "clusters": {"id", "name", "kind", "aliases", "filiere", "created", "territory", "structure", "fte", "members",
                 "directors", "links", "funding", "sources"},
    "actors": {"id", "name", "kind", "category", "function", "organisation", "roles"},
    "roles": {"person", "role", "of", "page", "quote"},
    "links": {"source", "target", "relation", "page", "quote"},
    "funding": {"recipient", "funder", "amount_eur", "amount_text", "period", "kind", "page", "quote"},
    "filieres": {"id", "name", "clusters", "fte", "funding_eur"},
}


@pytest.mark.parametrize("view", VIEW_NAMES)
def test_bundled_monograph_exports_in_every_format(bundled_db: Path, view: str, tmp_path: Path) -> None:
    from markdown_it import MarkdownIt

    data = json.loads(runner.invoke(app, ["export", view, "--db", str(bundled_db)]).stdout)
    assert data, f"{view} is empty"
    assert all(REQUIRED_FIELDS[view] <= set(row) for row in data)
    target = tmp_path / f"{view}.md"
    result = runner.invoke(app, ["export", view, "-f", "md", "-o", str(target), "--db", str(bundled_db)])
    assert result.exit_code == 0, result.output
    tokens = MarkdownIt("commonmark").enable("table").parse(target.read_text("utf-8"))
    cells_per_row, current = [], 0
    for token in tokens:
        if token.type == "tr_open":
            current = 0
        elif token.type in ("th_open", "td_open"):
            current += 1
        elif token.type == "tr_close":
            cells_per_row.append(current)
    assert len(cells_per_row) == len(data) + 1 and len(set(cells_per_row)) == 1
    rows = list(csv.reader(io.StringIO(runner.invoke(app, ["export", view, "-f", "csv", "--db", str(bundled_db)]).stdout)))
    assert len(rows) == len(data) + 1 and len({len(r) for r in rows}) == 1


def test_output_into_a_missing_or_bad_folder_is_one_line(kb: Path, views: types.ModuleType, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x", "utf-8")
    result = runner.invoke(app, ["export", "funding", "-o", str(blocker / "out.json"), "--db", str(kb)])
    assert result.exit_code == 73 and len(result.stderr.strip().splitlines()) == 1
    folder = runner.invoke(app, ["export", "funding", "-o", str(tmp_path), "--force", "--db", str(kb)])
    assert folder.exit_code == 73 and "dossier" in folder.stderr
