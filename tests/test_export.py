"""Export: GFM cells that round-trip (rows 58–59), French numbers, CSV, safe paths and writes (60–63)."""

from __future__ import annotations

import csv
import io
import os
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from grappe.db.errors import GrappeError, UsageError
from grappe.db.export import (
    ExportError,
    ExportExistsError,
    export_path,
    format_eur,
    format_number,
    md_cell,
    md_table,
    md_text,
    render_csv,
    render_markdown,
    strip_controls,
    write_export,
)

GFM = MarkdownIt("commonmark").enable(["table", "strikethrough"])


def parse_table(markdown: str) -> list[list[str]]:
    """Cells of every table row as plain text, failing if any markup was interpreted."""
    rows: list[list[str]] = []
    in_row = False
    for token in GFM.parse(markdown):
        if token.type in ("tr_open", "tr_close"):
            in_row = token.type == "tr_open"
            if in_row:
                rows.append([])
        elif token.type == "inline" and in_row:
            text = []
            for child in token.children or []:
                if child.type == "text":
                    text.append(child.content)
                elif child.type == "html_inline" and child.content == "<br>":
                    text.append("\n")
                else:
                    raise AssertionError(f"markup interpreted: {child.type} {child.content!r}")
            rows[-1].append("".join(text))
    return rows


def expected_text(value: str) -> str:
    return strip_controls(value).replace("\r\n", "\n").replace("\r", "\n")


# Row 58: the cells a naive exporter breaks.
HOSTILE_CELLS = [
    "a|b", "a\\|b", "|", "||", "\\", "a\\", "\\\\|", "`a|b`", "``x|y``", "a\nb", "a\r\nb", "a\rb",
    "a\n\nb", "* not a list", "_x_ **y**", "[lien](javascript:alert(1))", "~~barré~~",
    "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "&copy; &amp;", "  espaces  ",
    "\ttab", "x [/] y [@click=app.quit]", "\x1b[2Jclear", "1 500 000 €", "#titre", "> cite", "---",
    "\u00a0nbsp\u00a0", "- tiret",
]


@pytest.mark.parametrize("value", HOSTILE_CELLS)
def test_md_cell_round_trips_in_one_cell(value: str) -> None:
    table = md_table(["avant", "cellule", "après"], [["g", value, "d"]])
    rows = parse_table(table)
    assert rows[0] == ["avant", "cellule", "après"]
    assert rows[1] == ["g", expected_text(value), "d"]


def test_md_cell_neutralises_html() -> None:
    html = GFM.render(md_table(["x"], [["<script>alert(1)</script>"], ["<img src=x onerror=alert(1)>"]]))
    assert "<script" not in html and "<img" not in html
    assert "&lt;script&gt;" in html


def test_md_cell_of_none_is_empty() -> None:
    assert md_cell(None) == ""


@settings(max_examples=400, deadline=None)
@given(st.lists(st.text(max_size=40), min_size=1, max_size=4))
def test_md_cell_property_round_trip_and_column_count(values: list[str]) -> None:
    headers = [f"c{i}" for i in range(len(values))]
    rows = parse_table(md_table(headers, [values, values]))
    assert len(rows) == 3
    for row in rows[1:]:
        assert len(row) == len(values)
        assert row == [expected_text(v) for v in values]


def parse_inline_blocks(markdown: str) -> list[tuple[str, str]]:
    """(enclosing block, plain text) of each inline run, failing if any markup was interpreted."""
    found, block = [], ""
    for token in GFM.parse(markdown):
        if token.type in ("heading_open", "list_item_open", "paragraph_open", "blockquote_open", "code_block"):
            block = block if token.type == "paragraph_open" else token.type
        if token.type == "code_block":
            found.append(("code_block", token.content))
        if token.type == "inline":
            parts = []
            for child in token.children or []:
                if child.type != "text":
                    raise AssertionError(f"markup interpreted: {child.type} {child.content!r}")
                parts.append(child.content)
            found.append((block, "".join(parts)))
    return found


@settings(max_examples=400, deadline=None)
@given(st.text(max_size=40))
def test_md_text_round_trips_in_headings_and_list_items(value: str) -> None:
    expected = " ".join(expected_text(value).split("\n"))
    if not expected:
        return
    assert parse_inline_blocks(f"# {md_text(value)}\n") == [("heading_open", expected)]
    assert parse_inline_blocks(f"- {md_text(value)}\n") == [("list_item_open", expected)]


@pytest.mark.parametrize("value", ["- tiret", "1. liste", "12) liste", "> cite", "# titre", "titre #", "===",
                                   "+ plus", "    code", "[NB] x [/]"])
def test_md_text_never_opens_a_block(value: str) -> None:
    assert parse_inline_blocks(f"- {md_text(value)}\n") == [("list_item_open", value)]


@pytest.mark.parametrize(
    ("value", "text"),
    [(1500000, "1 500 000 €"), (93800.5, "93 800,50 €"), (0, "0 €"), (-2500, "-2 500 €"),
     (None, ""), (float("nan"), "")],
)
def test_format_eur(value: float | None, text: str) -> None:
    assert format_eur(value) == text


@pytest.mark.parametrize(
    ("value", "text"),
    [(9.3, "9,3"), (12.0, "12"), (2.25, "2,25"), (1234567, "1 234 567"), (None, ""), ("n/a", "n/a")],
)
def test_format_number(value: object, text: str) -> None:
    assert format_number(value) == text


def test_render_markdown_refuses_an_unknown_view() -> None:
    with pytest.raises(UsageError):
        render_markdown("nope", [])


def test_render_markdown_empty_view_says_so() -> None:
    assert "Aucune ligne." in render_markdown("funding", [])


def test_render_markdown_columns_constant_for_hostile_rows() -> None:
    rows = [{"recipient": v, "funder": v, "amount_eur": 1.5, "period": v, "kind": v, "page": 3, "quote": v}
            for v in HOSTILE_CELLS]
    table = parse_table(render_markdown("funding", rows))
    assert len(table) == len(rows) + 1
    assert {len(r) for r in table} == {len(table[0])}


def test_render_csv_raw_numbers_and_formula_guard() -> None:
    rows = [{"recipient": "=HYPERLINK(\"x\")", "funder": "@SUM(A1)", "amount_eur": 93800.0, "period": "2010",
             "kind": "subvention", "page": 5, "quote": "q\r\nr"}]
    parsed = list(csv.reader(io.StringIO(render_csv("funding", rows))))
    header, line = parsed
    record = dict(zip(header, line))
    assert record["amount_eur"] == "93800.0"
    assert record["recipient"].startswith("'=")
    assert record["funder"].startswith("'@")
    assert record["page"] == "5" and record["quote"] == "q\nr"
    assert header[-3:] == ["page", "quote", "document"]


def test_render_csv_lists_joined_and_booleans_as_numbers() -> None:
    rows = [{"id": "x", "name": "UP-tex", "kind": "PC", "territory": ["Nord", "Pas-de-Calais"], "fte": 9.3,
             "directors": [{"name": "Jean Dupont", "role": "directeur"}], "uncertain": ["created"]}]
    record = dict(zip(*list(csv.reader(io.StringIO(render_csv("clusters", rows))))))
    assert record["territory"] == "Nord; Pas-de-Calais"
    assert record["fte"] == "9.3" and record["directors"] == "Jean Dupont (directeur)"
    assert record["uncertain"] == "création" and record["created"] == ""


# ---------------------------------------------------------------- export_path (row 62)

BAD_TITLES = ["../../etc/passwd", "a/b", "x" * 300, "é" * 300, "\x1b]0;PWNED\x07titre", "..", ".", "",
              "   ", "CON", "con.txt", "Nul", "COM1", "lpt9", ".hidden", "~/x", "\\\\server\\share", "a\x00b"]


@pytest.mark.parametrize("title", BAD_TITLES)
def test_export_path_is_safe(tmp_path: Path, title: str) -> None:
    folder = tmp_path / "exports"
    path = export_path(folder, title)
    name = path.name
    assert len(name.encode("utf-8")) <= 100
    assert path.parent == folder
    assert path.resolve().is_relative_to(folder.resolve())
    assert not name.startswith(".") and name.endswith(".md")
    assert ".." not in name and "/" not in name and "\\" not in name
    assert name.isascii() and all(ch.isprintable() for ch in name)
    stem = name[: -len(".md")]
    assert stem and stem.split("-")[0].lower() not in {"con", "nul", "com1", "lpt9", "prn", "aux"}


def test_export_path_readable_name(tmp_path: Path) -> None:
    assert export_path(tmp_path, "Pôle Eurasanté — dossier", ".csv").name == "pole-eurasante-dossier.csv"


def test_export_path_refuses_a_symlink_escape(tmp_path: Path) -> None:
    folder = tmp_path / "exports"
    folder.mkdir()
    (folder / "dossier.md").symlink_to(tmp_path / "outside.md")
    with pytest.raises(ExportError):
        export_path(folder, "dossier")


@pytest.mark.parametrize("suffix", ["md", "../x", ".m/d", "", ".a b"])
def test_export_path_refuses_bad_suffix(tmp_path: Path, suffix: str) -> None:
    with pytest.raises(UsageError):
        export_path(tmp_path, "x", suffix)


# ---------------------------------------------------------------- write_export (rows 60, 61, 63)


def test_write_export_creates_file_and_folder(tmp_path: Path) -> None:
    target = tmp_path / "exports" / "a.md"
    assert write_export(target, "é\n") == target
    assert target.read_text("utf-8") == "é\n"
    assert os.listdir(target.parent) == ["a.md"]


def test_write_export_refuses_existing_target(tmp_path: Path) -> None:
    target = tmp_path / "a.md"
    target.write_text("original", "utf-8")
    with pytest.raises(ExportExistsError) as caught:
        write_export(target, "nouveau")
    assert isinstance(caught.value, GrappeError) and "\n" not in str(caught.value)
    assert target.read_text("utf-8") == "original"
    assert os.listdir(tmp_path) == ["a.md"]


def test_write_export_overwrites_when_asked(tmp_path: Path) -> None:
    target = tmp_path / "a.md"
    target.write_text("original", "utf-8")
    write_export(target, "nouveau", overwrite=True)
    assert target.read_text("utf-8") == "nouveau"
    assert os.listdir(tmp_path) == ["a.md"]


def test_write_export_refuses_a_dangling_symlink(tmp_path: Path) -> None:
    (tmp_path / "a.md").symlink_to(tmp_path / "elsewhere.md")
    with pytest.raises(ExportExistsError):
        write_export(tmp_path / "a.md", "x")
    assert not (tmp_path / "elsewhere.md").exists()


def test_disk_full_mid_export_keeps_old_file_and_no_temp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "a.md"
    target.write_text("original", "utf-8")

    def full(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(ExportError, match="No space left"):
        write_export(target, "nouveau" * 1000, overwrite=True)
    assert target.read_text("utf-8") == "original"
    assert os.listdir(tmp_path) == ["a.md"]


def test_interrupt_mid_export_leaves_no_temp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def interrupted(*args: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "link", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_export(tmp_path / "a.md", "x")
    assert os.listdir(tmp_path) == []


def test_read_only_folder_is_one_line_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real_open = os.open

    def refuse(path: object, flags: int, mode: int = 0o777) -> int:
        if str(path).endswith(".tmp"):
            raise PermissionError(13, "Permission denied")
        return real_open(path, flags, mode)

    monkeypatch.setattr(os, "open", refuse)
    with pytest.raises(ExportError) as caught:
        write_export(tmp_path / "a.md", "x")
    assert caught.value.exit_code == 73
    assert "permission refusée" in str(caught.value) and "\n" not in str(caught.value)
    assert os.listdir(tmp_path) == []


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores folder permissions")
def test_really_read_only_folder(tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        with pytest.raises(ExportError):
            write_export(folder / "a.md", "x")
    finally:
        folder.chmod(0o700)


def test_write_export_refuses_a_folder_target(tmp_path: Path) -> None:
    with pytest.raises(ExportError):
        write_export(tmp_path, "x", overwrite=True)


# ---------------------------------------------------------------- golden Markdown (syrupy)

from syrupy.extensions.single_file import SingleFileSnapshotExtension, WriteMode  # noqa: E402

from grappe.db.export import render_dossier_markdown  # noqa: E402


class MarkdownSnapshot(SingleFileSnapshotExtension):
    """One reviewed `.md` file per golden test."""

    _write_mode = WriteMode.TEXT
    _file_extension = "md"  # syrupy 4.x spells it with an underscore


@pytest.fixture
def snapshot_md(snapshot):  # type: ignore[no-untyped-def]
    return snapshot.use_extension(MarkdownSnapshot)


SOURCE = {"page": 12, "quote": "Le pôle UP-tex | créé en juin 2010", "document": "Monographie NPdC 2012",
          "passage_id": 40}

VIEW_ROWS = {
    "filieres": [{"id": "textile", "name": "Textile mode, matériaux", "clusters": ["UP-tex", "Clubtex"],
                  "fte": 13.3, "funding_eur": 1593800.0, "documents": ["Monographie NPdC 2012"]}],
    "clusters": [{"id": "up-tex", "name": "UP-tex", "kind": "PC", "aliases": ["Uptex"], "filiere": "Textile",
                  "created": "juin 2010", "territory": ["Nord", "Pas-de-Calais"], "structure": "Association",
                  "fte": 9.3, "members": 120, "directors": [{"name": "Jean Dupont", "role": "directeur"}],
                  "links": [{"name": "Clubtex", "relation": "membre fondateur"}],
                  "funding": [{"funder": "Région", "amount_eur": 1500000.0, "period": "2010", "kind": "subvention"}],
                  "sources": [SOURCE], "uncertain": ["created"], "documents": ["Monographie NPdC 2012"]}],
    "actors": [{"id": "jean-dupont", "name": "Jean Dupont", "kind": "person", "category": None,
                "function": "directeur", "organisation": "UP-tex", "roles": [{"role": "directeur", "of": "UP-tex"}],
                "documents": ["Monographie NPdC 2012"]}],
    "roles": [{"person": "Jean Dupont", "role": "directeur", "of": "UP-tex", "page": 12,
               "quote": "le directeur de T2M est également directeur général du pôle UP-tex",
               "inferred": True, "uncertain": False, "document": "Monographie NPdC 2012"}],
    "links": [{"source": "UP-tex", "target": "Clubtex", "relation": "membre fondateur", "page": 14,
               "quote": "Clubtex est membre fondateur", "uncertain": True, "document": "Monographie NPdC 2012"}],
    "funding": [{"recipient": "Team2", "funder": "Etat", "amount_eur": 93800.0, "amount_text": "93 800!",
                 "period": "2011", "kind": "subvention", "page": 20,
                 "quote": "financé par l'Etat (grappe) et la Région à hauteur de 93 800 € chacun",
                 "uncertain": False, "document": "Monographie NPdC 2012"},
                {"recipient": "x [/] y <script>alert(1)</script>", "funder": None, "amount_eur": None,
                 "amount_text": "n.c.", "period": None, "kind": "autre", "page": 21, "quote": "a|b\nc",
                 "uncertain": True, "document": "Monographie NPdC 2012"}],
}


@pytest.mark.parametrize("view", sorted(VIEW_ROWS))
def test_golden_view_markdown(view: str, snapshot_md) -> None:  # type: ignore[no-untyped-def]
    markdown = render_markdown(view, VIEW_ROWS[view])
    rows = parse_table(markdown)
    assert len(rows) == len(VIEW_ROWS[view]) + 1 and len({len(r) for r in rows}) == 1
    assert markdown == snapshot_md


CLUSTER_DOSSIER = {
    "id": "up-tex", "name": "UP-tex", "kind": "PC", "aliases": ["Uptex", "Up Tex"],
    "filiere": {"value": "Textile", "sources": [SOURCE]},
    "created": {"value": "juin 2010", "sources": [SOURCE]}, "territory": ["Nord"],
    "structure": "Association UP-tex", "fte": {"value": 9.3, "sources": [{"page": 44, "quote": "9,3 ETP"}]},
    "members": 120, "uncertain": ["created"],
    "directors": [{"name": "Jean Dupont", "role": "directeur général", "inferred": True,
                   "sources": [{"page": 12, "quote": "le directeur de T2M est également directeur général"},
                               {"page": 50, "quote": "Jean Dupont, directeur de T2M"}]}],
    "links": [{"id": "clubtex", "name": "Clubtex", "relation": "membre fondateur",
               "sources": [{"page": 14, "quote": "Clubtex est membre fondateur"}]},
              {"id": "evil", "name": 'Pôle "x" | [/] <b>', "relation": "friction #1", "uncertain": True,
               "direction": "entrant",
               "sources": [{"page": 15, "quote": "tension"}]}],
    "funding": [{"funder": "Région", "total_eur": 1593800.0, "items": [
        {"amount_eur": 1500000.0, "period": "2010", "kind": "subvention", "sources": [{"page": 20, "quote": "1,5 M€"}]},
        {"amount_eur": 93800.0, "period": "2011", "kind": "subvention", "sources": [{"page": 21, "quote": "93 800 €"}]}]}],
    "readings": [{"attribute": "created", "value": "juin 2010", "sources": [{"page": 12, "quote": "créé en juin 2010"}]},
                 {"attribute": "created", "value": "juin 2011", "sources": [{"page": 30, "quote": "depuis juin 2011"}]}],
    "sources": [SOURCE], "documents": ["Monographie NPdC 2012"],
}

ACTOR_DOSSIER = {
    "id": "jean-dupont", "name": "Jean Dupont", "kind": "person", "function": "directeur",
    "organisation": "T2M", "roles": [{"role": "directeur", "of": "UP-tex", "inferred": True,
                                      "sources": [{"page": 12, "quote": "directeur général du pôle UP-tex"}]}],
    "clusters": [{"id": "up-tex", "name": "UP-tex", "kind": "PC"}],
    "funding_given": [{"recipient": "UP-tex", "total_eur": 5000.0, "items": [
        {"recipient": "UP-tex", "amount_eur": 5000.0, "kind": "cotisation", "uncertain": True,
         "sources": [{"page": 33, "quote": "5 000 €", "document": "Monographie NPdC 2012"}]}]}],
    "sources": [{"page": 50, "quote": "Jean Dupont, T2M", "document": "Monographie NPdC 2012"},
                {"page": 3, "quote": "Dupont", "document": "Monographie Bretagne 2012"}],
    "documents": ["Monographie NPdC 2012", "Monographie Bretagne 2012"],
}

FILIERE_DOSSIER = {
    "id": "textile", "name": "Textile mode, matériaux", "fte": 13.3, "funding_eur": 1593800.0,
    "clusters": [{"id": "up-tex", "name": "UP-tex", "kind": "PC", "sources": [{"page": 27, "quote": "UP-tex"}]},
                 {"id": "clubtex", "name": "Clubtex", "kind": "GE", "fte": 4.0}],
    "actors": [{"id": "jean-dupont", "name": "Jean Dupont", "role": "directeur (UP-tex)"}],
    "sources": [{"page": 27, "quote": "La filière « Textile mode, matériaux »"}],
    "documents": ["Monographie NPdC 2012"],
}


@pytest.mark.parametrize(
    ("kind", "dossier"), [("cluster", CLUSTER_DOSSIER), ("actor", ACTOR_DOSSIER), ("filiere", FILIERE_DOSSIER)]
)
def test_golden_dossier_markdown(kind: str, dossier: dict, snapshot_md) -> None:  # type: ignore[no-untyped-def]
    assert render_dossier_markdown(kind, dossier) == snapshot_md


def test_cluster_dossier_cites_every_fact_and_draws_links() -> None:
    markdown = render_dossier_markdown("cluster", CLUSTER_DOSSIER)
    for page in (12, 14, 15, 20, 21, 30, 44, 50):
        assert f"p. {page}" in markdown
    graph = markdown.split("```mermaid\n", 1)[1].split("```", 1)[0]
    assert graph.startswith("graph LR")
    assert 'n0 -->|"membre fondateur"| n1' in graph
    assert 'n2 -->|"friction #35;1"| n0' in graph  # an incoming link points at the cluster
    # Labels are document text: no raw quote, pipe, bracket or tag may break the graph.
    assert 'Pôle #quot;x#quot; #124; [/] #lt;b#gt;' in graph and "friction #35;1" in graph
    assert "(incertain)" in markdown and "(déduit)" in markdown


def test_dossier_names_monographs_only_when_several() -> None:
    assert "Monographie NPdC 2012, p. 12" not in render_dossier_markdown("cluster", CLUSTER_DOSSIER)
    assert "Monographie Bretagne 2012, p. 3" in render_dossier_markdown("actor", ACTOR_DOSSIER)


def test_dossier_kind_is_checked() -> None:
    with pytest.raises(UsageError):
        render_dossier_markdown("passage", {})


def test_every_bundled_dossier_renders_with_citations(bundled_db: Path) -> None:
    """Every cluster, actor and filière of the monograph: citations, graph and tables hold."""
    from grappe.db import views
    from grappe.db.connect import open_readonly

    conn = open_readonly(bundled_db)
    try:
        kinds = {"cluster": ("clusters", views.cluster_dossier), "actor": ("actors", views.actor_dossier),
                 "filiere": ("filieres", views.filiere_dossier)}
        rendered = 0
        for kind, (view, load) in kinds.items():
            for row in views.VIEWS[view](conn):
                dossier = load(conn, row["id"])
                markdown = render_dossier_markdown(kind, dossier)
                rendered += 1
                assert markdown.startswith("# ")
                pages = {s["page"] for s in dossier.get("sources") or []}
                assert all(f"p. {page}" in markdown for page in pages)
                if dossier.get("links"):
                    assert "```mermaid\ngraph LR" in markdown
                tables = [t for t in markdown.split("\n\n") if t.startswith("| ")]
                for table in tables:
                    widths = {len(r) for r in parse_table(table)}
                    assert len(widths) == 1
    finally:
        conn.close()
    assert rendered > 50


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=60))
def test_mermaid_labels_cannot_break_the_graph(label: str) -> None:
    from grappe.db.export_dossier import mermaid_escape, mermaid_graph

    escaped = mermaid_escape(label)
    for forbidden in ('"', "|", "\n", "\r", "<", ">", "`", "\\"):
        assert forbidden not in escaped
    graph = mermaid_graph(label, [{"id": "x", "name": label, "relation": label, "direction": "entrant"}])
    assert graph.count("\n") == 3  # header, two nodes, one edge: one line each


def test_windows_retries_a_locked_target_then_succeeds(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Row 63: on Windows a target open elsewhere refuses the rename for a moment."""
    import grappe.db.export_files as files

    target = tmp_path / "a.md"
    target.write_text("original", "utf-8")
    real_replace, refusals = os.replace, []

    def locked_twice(src: object, dst: object) -> None:
        if len(refusals) < 2:
            refusals.append(dst)
            raise PermissionError(13, "Access is denied")
        real_replace(src, dst)

    monkeypatch.setattr(files, "ON_WINDOWS", True)
    monkeypatch.setattr(files.os, "replace", locked_twice)
    monkeypatch.setattr(files.time, "sleep", lambda seconds: None)
    write_export(target, "nouveau", overwrite=True)
    assert target.read_text("utf-8") == "nouveau" and len(refusals) == 2
    assert os.listdir(tmp_path) == ["a.md"]
    monkeypatch.setattr(files, "ON_WINDOWS", False)  # elsewhere a refusal is final, and reported
    refusals.clear()
    with pytest.raises(ExportError, match="permission refusée"):
        write_export(target, "encore", overwrite=True)
    assert target.read_text("utf-8") == "nouveau" and os.listdir(tmp_path) == ["a.md"]
