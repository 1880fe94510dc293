"""A pane's filter through the rows' filter texts keeps exactly the rows the alias-by-alias
filter kept, whatever is typed."""

from __future__ import annotations

import random
import sqlite3
from pathlib import Path

import pytest

from grappe.db import browse
from grappe.db.browse_panes import PANES
from grappe.db.connect import open_readonly
from grappe.db.summaries import fill_summaries

from conftest import writable_copy

E = "ESCAPE '\\'"


def _aliases(entity_type: str, entity_id: str) -> str:
    return f"{entity_id} IN (SELECT entity_id FROM aliases WHERE entity_type = '{entity_type}' AND folded LIKE :pattern {E})"


# The filters as they were written before the filter texts, alias by alias: the reference.
ALIAS_BY_ALIAS = {
    "clusters": f"({_aliases('cluster', 'c.id')} OR {_aliases('filiere', 'c.filiere_id')} OR c.kind = :upper)",
    "actors": f"({_aliases('actor', 'a.id')} OR {_aliases('actor', 'a.organisation_id')})",
    "funding": (f"({_aliases('cluster', 'm.recipient_id')} OR {_aliases('actor', 'm.recipient_id')} OR "
                f"{_aliases('actor', 'm.funder_id')} OR m.funder_name LIKE :loose {E} OR "
                f"m.recipient_name LIKE :loose {E} OR m.kind LIKE :loose {E})"),
}


def _typed_texts(conn: sqlite3.Connection, seed: int) -> list[str]:
    """Pieces of real names (as written, so with accents, capitals and punctuation), odd inputs."""
    rng = random.Random(seed)
    names = [row[0] for row in conn.execute(
        "SELECT alias FROM aliases UNION ALL SELECT funder_name FROM funding WHERE funder_name IS NOT NULL "
        "UNION ALL SELECT kind FROM funding")]
    texts = ["a", "e", "ge", "PC", "pôle", "Région", "d'aff", "50%", "a_b", "\\", "zzq", "  é  ", "l'", "-",
             "|", "a|b", "ion|", "s d"]
    for name in rng.sample(names, min(60, len(names))):
        start = rng.randrange(len(name))
        texts.append(name[start:start + rng.randint(1, 12)])
    return texts


def _ids(conn: sqlite3.Connection, pane: str, where: str, params: dict) -> list:
    alias = PANES[pane].alias
    table = {"clusters": "clusters", "actors": "actors", "funding": "funding"}[pane]
    return [row[0] for row in conn.execute(
        f"SELECT {alias}.id FROM {table} {alias} WHERE {where} ORDER BY {alias}.id", params)]


@pytest.mark.parametrize("pane", ["clusters", "actors", "funding"])
def test_filter_texts_keep_the_rows_the_aliases_kept(bundled_db: Path, pane: str):
    conn = open_readonly(bundled_db)
    compared = 0
    for text in _typed_texts(conn, seed=hash(pane) % 1000):
        where, params = browse._where(PANES[pane], browse.PaneQuery(pane, filter_text=text))
        if not where:
            continue  # nothing to filter on (only spaces or punctuation): every row
        expected = _ids(conn, pane, ALIAS_BY_ALIAS[pane], params)
        assert _ids(conn, pane, where[len(" WHERE "):], params) == expected, (pane, text)
        assert browse.count_rows(conn, browse.PaneQuery(pane, filter_text=text)) == len(expected), text
        compared += bool(expected)
    assert compared >= 10  # most pieces of names find rows


def test_every_pane_row_has_its_filter_texts(bundled_db: Path):
    conn = open_readonly(bundled_db)
    for pane, table in (("clusters", "clusters"), ("actors", "actors"), ("funding", "funding")):
        rows = conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
        texts = conn.execute("SELECT count(*) FROM filter_haystacks WHERE pane = ?", (pane,)).fetchone()[0]
        assert rows == texts > 0, pane
    # No folded name holds the separator, so a folded text typed never spans two names.
    assert conn.execute("SELECT count(*) FROM aliases WHERE instr(folded, '|')").fetchone()[0] == 0


def test_refilling_follows_new_aliases(bundled_db: Path, tmp_path: Path):
    conn = writable_copy(bundled_db, tmp_path)
    cluster = conn.execute("SELECT id FROM clusters LIMIT 1").fetchone()[0]
    conn.execute("INSERT INTO aliases VALUES (?, 'cluster', 'Zébulon', 'zebulon')", (cluster,))
    fill_summaries(conn)
    where, params = browse._where(PANES["clusters"], browse.PaneQuery("clusters", filter_text="ZÉBU"))
    assert _ids(conn, "clusters", where[len(" WHERE "):], params) == [cluster]


def test_counts_with_a_document_read_the_pane(bundled_db: Path):
    conn = open_readonly(bundled_db)
    document = conn.execute("SELECT id FROM documents").fetchone()[0]
    for pane in ("actors", "funding"):
        query = browse.PaneQuery(pane, filter_text="e", document_id=document)
        where, params = browse._where(PANES[pane], query)
        alias = PANES[pane].alias
        table = {"actors": "actors", "funding": "funding"}[pane]
        expected = conn.execute(f"SELECT count(*) FROM {table} {alias}{where}", params).fetchone()[0]
        assert browse.count_rows(conn, query) == expected > 0
        other = browse.PaneQuery(pane, filter_text="e", document_id="0" * 16)  # a document with no rows
        assert browse.count_rows(conn, other) == 0
