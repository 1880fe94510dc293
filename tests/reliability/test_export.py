"""Catalogue rows 58–63 and promise 9: exports are valid GFM whose cells round-trip, never
overwrite without consent, never leave half-written files and never leave their folder.

GFM is checked with a real parser (markdown-it-py, which Rich already depends on), rendering
raw HTML as CommonMark does, so an unescaped `<script>` or a stray `|` would show.
"""

from __future__ import annotations

import errno
import importlib.util
import os
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from grappe.db.errors import GrappeError
from grappe.db.export import (
    ExportExistsError,
    export_path,
    md_cell,
    md_table,
    render_dossier_markdown,
    render_markdown,
    write_export,
)

from .conftest import HOSTILE, assert_no_terminal_hazards, file_state, run_cli, run_in_pty

# The module that really writes files (write_export may be re-exported from another module).
files_module = importlib.import_module(write_export.__module__)

GFM = MarkdownIt("commonmark", {"html": True}).enable("table")

ROW58_CELLS = [
    "a | b", "a\\|b", "a \\| b", "ligne 1\nligne 2", "ligne 1\r\nligne 2", "`code | pipe`", "``a|b``",
    "fin \\", "\\", "|", "||", " espaces autour ", "*gras* _it_ [lien](http://x) ![img](x)", "# titre",
    "<br>", "&amp; &lt; &#124;", "- liste", "1 500\u00a0000\u202f€", "",
]
ROW59_CELLS = ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "<a href='javascript:x'>y</a>",
               "<!-- c -->", "<style>*{}</style>", "<iframe src=x>"]


class _Cells(HTMLParser):
    """Collects the text of every table cell, row by row (`<br>` read back as a line break)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.rows: list[list[str]] = []
        self.tags: list[str] = []
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.tags.append(tag)
        if tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th"):
            self._cell = []
        elif tag == "br" and self._cell is not None:
            self._cell.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None:
            self.rows[-1].append("".join(self._cell))
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def parse_table(markdown: str) -> _Cells:
    parser = _Cells()
    parser.feed(GFM.render(markdown))
    return parser


def expected_text(value: str) -> str:
    """What a cell must read back as: controls and bidi controls dropped, line ends normalised."""
    from grappe.db.errors import BIDI_CONTROLS

    value = re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]", "", value)
    value = "".join(ch for ch in value if ch not in BIDI_CONTROLS)
    return value.replace("\r\n", "\n").replace("\r", "\n")


def assert_round_trip(cells: list[str]) -> None:
    markdown = md_table(["clé", "valeur", "fin"], [["k", cell, "z"] for cell in cells])
    parsed = parse_table(markdown)
    assert len(parsed.rows) == len(cells) + 1
    for row, cell in zip(parsed.rows[1:], cells):
        assert len(row) == 3, (cell, row)
        assert row == ["k", expected_text(cell), "z"], (cell, md_cell(cell))
    for tag in parsed.tags:
        assert tag in {"table", "thead", "tbody", "tr", "th", "td", "br"}, (tag, markdown)


def test_row58_hard_cells_round_trip_with_constant_column_count() -> None:
    assert_round_trip(ROW58_CELLS)


def test_row59_html_in_cells_stays_text() -> None:
    assert_round_trip(ROW59_CELLS)
    rendered = GFM.render(md_table(["x"], [[c] for c in ROW59_CELLS]))
    assert "<script" not in rendered and "<img" not in rendered and "<iframe" not in rendered


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(max_size=30), min_size=1, max_size=4))
def test_property_md_cell_round_trips(cells: list[str]) -> None:
    assert_round_trip(cells)


HOSTILE_ROWS = [
    {"name": "Textile [/] Avenir | <script>alert(1)</script>", "kind": "GE", "filiere": "C:\\dossier\\",
     "territory": ["Lille | Roubaix", "a\nb"], "fte": 9.3, "members": 1200,
     "directors": [{"name": "Jean [NB] Dupont", "role": "directeur"}],
     "links": [{"name": "[@click=app.quit]Clic[/]", "relation": "coopération"}],
     "funding": [{"funder": "Région", "amount_eur": 1_500_000, "period": "2011", "kind": "subvention"}],
     "sources": [{"page": 3, "quote": "« x | y »\r\nsuite `code|`"}], "uncertain": ["created"]},
]


def test_row58_rendered_view_keeps_its_columns() -> None:
    markdown = render_markdown("clusters", HOSTILE_ROWS, title="Clusters | [/] <b>")
    table = "\n".join(line for line in markdown.splitlines() if line.startswith("|"))
    parsed = parse_table(table)
    widths = {len(row) for row in parsed.rows}
    assert len(widths) == 1, parsed.rows
    body = parsed.rows[1]
    assert "Textile [/] Avenir | <script>alert(1)</script>" in body
    assert any("1 500 000" in cell and "€" in cell for cell in body)
    assert any("9,3" in cell for cell in body)
    assert "<script" not in GFM.render(markdown)


def test_dossier_markdown_with_hostile_names_is_inert() -> None:
    dossier = {
        "id": "x", "name": 'Pôle "[/]" | <script>', "kind": "PC", "aliases": ["a]b", "c`d"],
        "filiere": "santé", "territory": ["Lille"], "directors": [{"name": "Jean [NB]", "role": "directeur", "sources": []}],
        "links": [{"id": "y", "name": 'Cible"]\n--> z', "relation": "a|b", "sources": []}],
        "funding": [], "sources": [{"page": 2, "quote": "<img src=x onerror=alert(1)>", "document": "d", "passage_id": 1}],
        "readings": [], "uncertain": [], "documents": ["d"],
    }
    markdown = render_dossier_markdown("cluster", dossier)
    rendered = GFM.render(markdown)
    assert "<script" not in rendered and "<img" not in rendered
    assert "\x1b" not in markdown
    graph = markdown.split("```mermaid", 1)[1].split("```", 1)[0]
    for line in graph.strip().splitlines()[1:]:
        # each node label is one quoted string: no raw quote or line break inside it
        for label in re.findall(r'\["(.*?)"\]', line):
            assert '"' not in label and "\n" not in label


# ---------------------------------------------------------------- files (rows 60–63)


def test_row60_existing_target_is_never_overwritten_without_consent(tmp_path: Path) -> None:
    target = tmp_path / "export.md"
    target.write_text("original\n", "utf-8")
    before = file_state(target)
    with pytest.raises(ExportExistsError):
        write_export(target, "nouveau\n")
    assert file_state(target) == before
    write_export(target, "nouveau\n", overwrite=True)
    assert target.read_text("utf-8") == "nouveau\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["export.md"]


def test_row60_symlink_target_is_not_followed(tmp_path: Path) -> None:
    victim = tmp_path / "victime.txt"
    victim.write_text("précieux\n", "utf-8")
    link = tmp_path / "export.md"
    link.symlink_to(victim)
    with pytest.raises(ExportExistsError):
        write_export(link, "pirate\n")
    assert victim.read_text("utf-8") == "précieux\n"


@pytest.mark.parametrize("overwrite", [False, True])
@pytest.mark.parametrize("fault", ["disk-full", "interrupt"])
def test_row61_failure_mid_export_leaves_old_file_or_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, overwrite: bool, fault: str
) -> None:
    target = tmp_path / "export.md"
    if overwrite:
        target.write_text("ancien\n", "utf-8")
    before = file_state(target) if overwrite else None

    def failing_fsync(fd: int) -> None:
        if fault == "interrupt":
            raise KeyboardInterrupt
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(files_module.os, "fsync", failing_fsync)
    expected = KeyboardInterrupt if fault == "interrupt" else GrappeError
    with pytest.raises(expected):
        write_export(target, "nouveau contenu\n" * 1000, overwrite=overwrite)
    monkeypatch.undo()
    if overwrite:
        assert file_state(target) == before
    else:
        assert not target.exists()
    assert [p.name for p in tmp_path.iterdir() if p.name != "export.md"] == []


HOSTILE_TITLES = [
    "../../etc/passwd", "a/b", "x" * 300, "é" * 200, "\x1b]0;PWNED\x07titre", "..", ".", "", " ", "CON",
    "nul", "com1.txt", ".cache", "/", "\\..\\..\\windows", "a\x00b", "[/]", "<script>", "\u202eexe.md",
    "titre\nsur deux lignes", "~", "-rf", "🙂" * 40,
]


def assert_safe_export_path(folder: Path, title: str) -> None:
    path = export_path(folder, title)
    assert path.resolve().is_relative_to(folder.resolve()), (title, path)
    assert path.parent == folder
    name = path.name
    assert len(name.encode("utf-8")) <= 100, (title, name)
    assert name.endswith(".md") and len(name) > len(".md")
    assert not name.startswith((".", "-", " ")), (title, name)
    assert not re.search(r"[\x00-\x1f\x7f-\x9f/\\\u202a-\u202e]", name), (title, name)
    assert name.split(".")[0].lower() not in {"con", "prn", "aux", "nul", "com1", "lpt1"}, (title, name)


@pytest.mark.parametrize("title", HOSTILE_TITLES, ids=range(len(HOSTILE_TITLES)))
def test_row62_title_derived_file_name_stays_inside_the_folder(tmp_path: Path, title: str) -> None:
    assert_safe_export_path(tmp_path, title)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=150))
def test_property_export_path_over_arbitrary_titles(title: str) -> None:
    assert_safe_export_path(Path("/tmp/grappe-exports"), title)


def test_row63_read_only_folder_gives_a_one_line_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real_open = os.open

    def read_only(path, flags, *args):
        if flags & os.O_CREAT:
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_open(path, flags, *args)

    monkeypatch.setattr(files_module.os, "open", read_only)
    with pytest.raises(GrappeError) as caught:
        write_export(tmp_path / "export.md", "texte\n")
    monkeypatch.undo()
    assert "permission refusée" in str(caught.value) and "\n" not in str(caught.value)
    assert caught.value.exit_code not in (0, 70)
    assert list(tmp_path.iterdir()) == []


# ---------------------------------------------------------------- the CLI



@pytest.mark.parametrize("fmt", ["md", "csv", "json"])
def test_row51_export_command_emits_no_control_sequence(tmp_path: Path, hostile_db: Path, hostile_kb: Path,
                                                       fmt: str) -> None:
    for view, database in (("clusters", hostile_db), ("funding", hostile_db), ("clusters", hostile_kb)):
        status, output = run_in_pty(["export", view, "--format", fmt, "--db", str(database)], tmp_path)
        assert status == 0, output.decode(errors="replace")
        assert_no_terminal_hazards(output)


def test_row60_export_command_refuses_to_overwrite(tmp_path: Path, hostile_db: Path) -> None:
    target = tmp_path / "clusters.md"
    target.write_text("mon travail\n", "utf-8")
    before = file_state(target)
    result = run_cli("export", "clusters", "--format", "md", "--output", target, "--db", hostile_db)
    assert result.exit_code not in (0, 70)
    assert "--force" in result.stderr and result.stderr.count("\n") == 1
    assert file_state(target) == before
    forced = run_cli("export", "clusters", "--format", "md", "--output", target, "--force", "--db", hostile_db)
    assert forced.exit_code == 0, forced.stderr
    assert target.read_text("utf-8") != "mon travail\n"


def test_export_of_hostile_database_keeps_names_verbatim(hostile_kb: Path) -> None:
    import json

    result = run_cli("export", "clusters", "--format", "json", "--db", hostile_kb)
    assert result.exit_code == 0, result.stderr
    names = {row["name"] for row in json.loads(result.stdout)}
    assert set(HOSTILE.VERBATIM) | set(HOSTILE.CLEANED.values()) <= names, names
    markdown = run_cli("export", "clusters", "--format", "md", "--db", hostile_kb).stdout
    parsed = parse_table("\n".join(line for line in markdown.splitlines() if line.startswith("|")))
    assert len({len(row) for row in parsed.rows}) == 1
    assert any(HOSTILE.GE_PIPE in row for row in parsed.rows)
