"""Search: every input is accepted (RELIABILITY rows 39–47), names before passages, typos forgiven."""

from __future__ import annotations

import os
import sqlite3
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from small_kb import build_small_kb

from grappe.db.connect import open_readonly
from grappe.db.search import (
    SearchHit,
    build_fts_query,
    search_all,
    search_names,
    search_passages,
)
from grappe.db.fuzzy import edit_distance
from grappe.db.search_text import excerpt, word_pattern


@pytest.fixture(scope="module")
def kb(tmp_path_factory: pytest.TempPathFactory) -> sqlite3.Connection:
    path = build_small_kb(tmp_path_factory.mktemp("kb") / "small.db")
    conn = open_readonly(path)
    yield conn
    conn.close()


@pytest.fixture(scope="module")
def bundled(bundled_db: Path) -> sqlite3.Connection:
    conn = open_readonly(bundled_db)
    yield conn
    conn.close()


HOSTILE_QUERIES = [
    "l'état", "aujourd'hui", "l’état", "5 !", "C++", ".", "e-mail", "prix-fixe", "12:30", "a:b",
    "AND", "OR", "NOT a", "a OR", "NEAR(a", "NEAR(a b, 2)", "(", ")", "^", "*", "*co", "co*",
    '"', 'a"b', '""', "", " ", "\t\n", "\x00", "a\x00b", "\x1b[2J", "\u202eevil", "text:coût",
    "-a", "+a", "{a b}", "a'", "'", "\\", "%", "_", "‐", "🙂", "e\u0301", "\u0301", "x" * 5000,
]


@pytest.mark.parametrize("text", HOSTILE_QUERIES)
def test_any_query_is_accepted_and_runs(kb: sqlite3.Connection, text: str) -> None:
    expression = build_fts_query(text)
    if expression is not None:
        # The expression is valid FTS5 syntax: running it directly must not raise.
        kb.execute("SELECT count(*) FROM passages_fts WHERE passages_fts MATCH ?", (expression,)).fetchone()
        kb.execute("SELECT count(*) FROM names_fts WHERE names_fts MATCH ?", (expression,)).fetchone()
    hits = search_all(kb, text)
    assert isinstance(hits, list)
    assert all(isinstance(h, SearchHit) for h in hits)


@pytest.mark.parametrize("text", ["", "   ", '"', '""', "\x00", "^", "*", "()", "\x1b", "'"])
def test_nothing_to_search_gives_none(text: str) -> None:
    assert build_fts_query(text) is None


def test_words_are_quoted_literals_and_last_is_prefix() -> None:
    assert build_fts_query("NEAR(a AND b") == '"NEAR" "a" "AND" "b"'
    assert build_fts_query("pôle co") == '"pôle" "co"*'
    assert build_fts_query("a:b") == '"a" "b"'  # no column filter


@pytest.mark.parametrize(
    ("text", "expected_passage"),
    [("l'état", 2), ("aujourd'hui", 2), ("co", 2), ("cout", 2), ("COÛT", 2), ("prix-fixe", 3),
     ("12:30", 4), ("e-mail", 6), ("C++", 6), ("[/]", None), ("script", 5)],
)
def test_passages_found_literally_accent_and_case_insensitive(
    kb: sqlite3.Connection, text: str, expected_passage: int | None
) -> None:
    passage_ids = {int(h.id) for h in search_all(kb, text) if h.kind == "passage"}
    if expected_passage is None:
        assert passage_ids == set()  # only punctuation: nothing to search, nothing found
    else:
        assert expected_passage in passage_ids


def test_excerpt_centres_on_the_match_ignoring_accents() -> None:
    text = "Introduction générale. " * 20 + "Le coût de l'animation est élevé. " + "Suite du texte. " * 20
    snippet = excerpt(word_pattern(["cout"], word_start=True), text)
    assert "coût" in snippet and snippet.startswith("…") and snippet.endswith("…")


def test_hyphenated_name_finds_its_passages(kb: sqlite3.Connection) -> None:
    hits = search_passages(kb, "UP-tex")
    assert {int(h.id) for h in hits} == {3, 6}


def test_passage_hit_has_page_document_and_snippet(kb: sqlite3.Connection) -> None:
    hit = next(h for h in search_all(kb, "coût") if h.kind == "passage")
    assert hit.page == 4 and hit.document_id == "d0c0000000000001"
    assert "coût" in hit.snippet
    assert hit.title == "1.1 Le contexte"


def test_names_rank_before_passages(kb: sqlite3.Connection) -> None:
    hits = search_all(kb, "eurasante")
    kinds = [h.kind for h in hits]
    assert kinds[0] == "cluster" and hits[0].id == "eurasante" and hits[0].title == "Eurasanté"
    assert "passage" in kinds
    assert kinds.index("passage") > max(i for i, k in enumerate(kinds) if k != "passage")


def test_alias_hit_opens_the_entity_once(kb: sqlite3.Connection) -> None:
    hits = [h for h in search_all(kb, "uptex") if h.kind == "cluster"]
    assert [h.id for h in hits] == ["up-tex"]
    assert hits[0].title == "UP-tex"
    assert "Uptex" in hits[0].snippet


def test_exact_name_ranks_first(kb: sqlite3.Connection) -> None:
    assert search_names(kb, "team 2")[0].id == "team2"
    assert search_names(kb, "up")[0].id == "up-tex"


@pytest.mark.parametrize(
    ("typo", "entity"),
    [("eurasnte", "eurasante"), ("eurasantee", "eurasante"), ("tema2", "team2"),
     ("jean dupond", "jean-dupont"), ("vervaeke", "etienne-vervaecke")],
)
def test_small_typos_on_names_are_forgiven(kb: sqlite3.Connection, typo: str, entity: str) -> None:
    assert entity in [h.id for h in search_all(kb, typo)]


def test_unrelated_word_finds_no_name(kb: sqlite3.Connection) -> None:
    assert [h for h in search_all(kb, "zzzzqqq") if h.kind != "passage"] == []


def test_limit_bounds_the_result(kb: sqlite3.Connection) -> None:
    assert len(search_all(kb, "le", limit=2)) == 2
    assert search_all(kb, "le", limit=0) == []
    assert search_all(kb, "le", limit=-5) == []


def test_filiere_and_actor_hits(kb: sqlite3.Connection) -> None:
    assert ("filiere", "sante") in [(h.kind, h.id) for h in search_all(kb, "sante")]
    actor = next(h for h in search_all(kb, "dupont") if h.kind == "actor")
    assert actor.title == "Jean Dupont" and actor.snippet == "directeur"


def test_never_raises_on_a_broken_database(tmp_path: Path) -> None:
    conn = sqlite3.connect(tmp_path / "empty.db")  # no tables at all
    assert search_all(conn, "coût") == []


def test_edit_distance_counts_transpositions() -> None:
    assert edit_distance("tema", "team", 2) == 1
    assert edit_distance("eurasnte", "eurasante", 2) == 1
    assert edit_distance("abc", "xyz", 1) == 2  # gave up past the budget


@settings(max_examples=300, suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None)
@given(st.text(max_size=80))
def test_arbitrary_text_never_raises(kb: sqlite3.Connection, text: str) -> None:
    expression = build_fts_query(text)
    if expression is not None:
        kb.execute("SELECT count(*) FROM passages_fts WHERE passages_fts MATCH ?", (expression,)).fetchone()
    # The parts raise if anything is wrong (search_all would hide it behind an empty list).
    assert isinstance(search_names(kb, text, 10), list)
    assert isinstance(search_passages(kb, text, 10), list)
    assert isinstance(search_all(kb, text, limit=10), list)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=30), st.text(max_size=400))
def test_excerpt_of_any_text_is_one_line_from_the_text(query: str, text: str) -> None:
    from grappe.db.search import query_words

    pattern = word_pattern(query_words(query))
    snippet = excerpt(pattern, text)
    assert "\n" not in snippet and len(snippet) <= 162
    assert snippet.strip("…") in " ".join(text.split())


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from('aé"*^():-\'ANDORNEAR \x00\u0301'), max_size=30))
def test_fts_syntax_soup_is_valid_fts(text: str) -> None:
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE VIRTUAL TABLE t USING fts5(x, tokenize='unicode61 remove_diacritics 2')")
    expression = build_fts_query(text)
    if expression is not None:
        conn.execute("SELECT count(*) FROM t WHERE t MATCH ?", (expression,)).fetchone()


def test_bundled_monograph_search_is_fast(bundled: sqlite3.Connection) -> None:
    queries = ["co", "cout", "eurasante", "l'état", "e", "pôle de compétitivité", "grappe", "tex"]
    search_all(bundled, "warm-up")
    worst = 0.0
    for query in queries:
        best = float("inf")
        for _ in range(3):  # best of three: the machine is shared, the code is what is measured
            start = time.perf_counter()
            hits = search_all(bundled, query)
            best = min(best, time.perf_counter() - start)
        worst = max(worst, best)
        assert len(hits) <= 50
    assert any(h.kind == "passage" for h in search_all(bundled, "eurasante"))
    # One frame is 16 ms; leave room for a loaded CI machine while catching unbounded queries.
    assert worst < 0.05, f"slowest search took {worst * 1000:.1f} ms"


def test_row_47_huge_paste_is_cut_and_fast(kb: sqlite3.Connection) -> None:
    pasted = ("coût l'état " * 100_000) + "\n" + "\x00" * 1000
    start = time.perf_counter()
    expression = build_fts_query(pasted)
    hits = search_all(kb, pasted)
    elapsed = time.perf_counter() - start
    assert expression is not None and expression.count('"') <= 2 * 12  # at most 12 words searched
    assert isinstance(hits, list)
    assert elapsed < 0.5


def test_row_46_broad_query_is_bounded() -> None:
    """A one-syllable prefix matching every passage still reads only a bounded window."""
    conn = sqlite3.connect(":memory:")
    from grappe.db.schema import create_schema, rebuild_search_indexes

    create_schema(conn)
    conn.execute("INSERT INTO documents VALUES ('d', 'Doc', '[]', NULL, NULL, NULL, 'p', 'x', 'utf-8', 1, 0, 1)")
    conn.executemany(
        "INSERT INTO passages (id, document_id, seq, page, line, kind, text) VALUES (?, 'd', ?, 1, 1, 'paragraph', ?)",
        ((i, i, f"économie régionale numéro {i} et coopération entre pôles") for i in range(1, 20_001)),
    )
    rebuild_search_indexes(conn)
    search_all(conn, "ec")  # warm-up
    elapsed = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        hits = search_all(conn, "ec", limit=50)
        elapsed = min(elapsed, time.perf_counter() - start)
    assert len(hits) == 50 and all(h.kind == "passage" for h in hits)
    assert elapsed < 0.1, f"{elapsed * 1000:.1f} ms"


def test_exact_name_found_beyond_the_rank_window() -> None:
    """Hundreds of names share the word `nord`; the one named exactly `Nord` still comes first."""
    from grappe.db.schema import create_schema, rebuild_search_indexes
    from grappe.db.search import RANK_WINDOW
    from grappe.db.text import fold

    conn = sqlite3.connect(":memory:")
    create_schema(conn)
    names = [(f"c{i}", f"Cluster Nord {i}") for i in range(RANK_WINDOW * 2)] + [("nord", "Nord")]
    conn.executemany("INSERT INTO clusters (id, name, kind) VALUES (?, ?, 'GE')", names)
    conn.executemany("INSERT INTO aliases VALUES (?, 'cluster', ?, ?)", [(i, n, fold(n)) for i, n in names])
    rebuild_search_indexes(conn)
    assert search_names(conn, "nord", 5)[0].id == "nord"


def test_typo_pass_sees_a_rebuilt_database(tmp_path: Path) -> None:
    """The folded names kept in memory are dropped when the file is replaced by a re-import."""
    from grappe.db.schema import create_schema, rebuild_search_indexes

    def build(path: Path, name: str) -> None:
        conn = sqlite3.connect(path)
        create_schema(conn)
        conn.execute("INSERT INTO clusters (id, name, kind) VALUES ('c', ?, 'GE')", (name,))
        rebuild_search_indexes(conn)
        conn.commit()
        conn.close()

    live = tmp_path / "kb.db"
    build(live, "Eurasanté")
    first = open_readonly(live)
    assert [h.title for h in search_names(first, "eurasnte")] == ["Eurasanté"]
    first.close()
    build(tmp_path / "new.db", "Clubtex")
    os.replace(tmp_path / "new.db", live)
    second = open_readonly(live)
    assert [h.title for h in search_names(second, "clubtexx")] == ["Clubtex"]
    assert search_names(second, "eurasnte") == []
    second.close()


def test_passages_keep_a_quarter_of_a_list_full_of_names() -> None:
    from grappe.db.schema import create_schema, rebuild_search_indexes

    conn = sqlite3.connect(":memory:")
    create_schema(conn)
    conn.executemany("INSERT INTO clusters (id, name, kind) VALUES (?, ?, 'GE')",
                     [(f"c{i}", f"Cluster Textile {i}") for i in range(40)])
    conn.execute("INSERT INTO documents VALUES ('d', 'Doc', '[]', NULL, NULL, NULL, 'p', 'x', 'utf-8', 1, 0, 1)")
    conn.executemany("INSERT INTO passages (id, document_id, seq, page, line, kind, text) "
                     "VALUES (?, 'd', ?, 1, 1, 'paragraph', 'La filière textile régionale.')",
                     [(i, i) for i in range(1, 20)])
    rebuild_search_indexes(conn)
    hits = search_all(conn, "textile", limit=20)
    kinds = [h.kind for h in hits]
    assert len(hits) == 20 and kinds.count("passage") == 5 and kinds[:15] == ["cluster"] * 15
    few_passages = search_all(conn, "textile", limit=100)
    assert [h.kind for h in few_passages].count("cluster") == 40


def test_words_never_together_fall_back_to_passages_holding_most(kb: sqlite3.Connection) -> None:
    # "coût" (passage 2) and "prix-fixe" (passage 3) never share a passage.
    assert build_fts_query("coût prix", any_word=True) == '"coût" OR "prix"*'
    hits = search_passages(kb, "coût prix UP-tex")
    assert {int(h.id) for h in hits} == {2, 3, 5, 6}  # 5 holds "Texte": `tex` is a prefix
    assert int(hits[0].id) == 3  # holds "prix", "UP" and "tex": three of the four words


def test_a_name_whose_entity_is_missing_is_skipped_and_the_others_stay(tmp_path: Path) -> None:
    path = build_small_kb(tmp_path / "stale.db")
    with sqlite3.connect(path) as conn:
        real = [hit.id for hit in search_names(conn, "Up-Tex")]
        conn.execute("INSERT INTO names_fts(name, entity_type, entity_id) VALUES ('Up-Tex bis', 'cluster', 'gone')")
        conn.execute("INSERT INTO names_fts(name, entity_type, entity_id) VALUES ('Up-Tex ter', 'planet', 'up-tex')")
    conn = open_readonly(path)
    try:
        hits = search_names(conn, "Up-Tex")
    finally:
        conn.close()
    assert real and [hit.id for hit in hits] == real
    assert all(hit.kind in ("cluster", "actor", "filiere") for hit in hits)
