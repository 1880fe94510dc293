"""Figures derived at the end of an import equal the aggregates they stand for, and the
Filières pane shows and sorts by them."""

from __future__ import annotations

from pathlib import Path

import pytest

from grappe.db import browse
from grappe.db.connect import open_readonly
from grappe.db.summaries import fill_summaries

from conftest import writable_copy

# The aggregates as the pane computed them for every page before they were stored.
AGGREGATES = """
SELECT f.id,
  (SELECT count(*) FROM filiere_clusters fc WHERE fc.filiere_id = f.id),
  (SELECT sum(c.fte) FROM filiere_clusters fc JOIN clusters c ON c.id = fc.cluster_id
    WHERE fc.filiere_id = f.id),
  (SELECT sum(m.amount_eur) FROM filiere_clusters fc JOIN funding_received m
     ON m.recipient_id = fc.cluster_id AND m.recipient_type = 'cluster'
    WHERE fc.filiere_id = f.id)
FROM filieres f ORDER BY f.id
"""
STORED = "SELECT filiere_id, clusters, fte, funding_eur FROM filiere_totals ORDER BY filiere_id"


def test_filiere_totals_of_the_bundled_import_equal_the_aggregates(bundled_db: Path):
    conn = open_readonly(bundled_db)
    stored = [tuple(row) for row in conn.execute(STORED)]
    assert stored == [tuple(row) for row in conn.execute(AGGREGATES)]
    assert len(stored) >= 10 and any(row[3] for row in stored) and any(row[2] for row in stored)


def test_filieres_pane_pages_show_and_sort_by_the_stored_figures(bundled_db: Path):
    conn = open_readonly(bundled_db)
    expected = {row[0]: row[1:] for row in conn.execute(AGGREGATES)}
    for sort in ("clusters", "fte", "funding_eur"):
        for descending in (False, True):
            query = browse.PaneQuery("filieres", sort=sort, descending=descending)
            rows = browse.fetch_page(conn, query, 0)
            assert len(rows) == len(expected)
            for row in rows:
                # Pages come as JSON (db/one_step.py): floats are printed with 15 digits.
                assert (row["clusters"], row["fte"], row["funding_eur"]) == pytest.approx(expected[row["id"]])
            values = [row[sort] for row in rows]
            known = [v for v in values if v is not None]
            assert values[: len(known)] == known  # unknown figures last, whatever the direction
            assert known == sorted(known, reverse=descending)


def test_refilling_follows_the_facts(bundled_db: Path, tmp_path: Path):
    conn = writable_copy(bundled_db, tmp_path)
    filiere = conn.execute("SELECT filiere_id FROM filiere_totals WHERE clusters > 0 LIMIT 1").fetchone()[0]
    conn.execute("DELETE FROM filiere_clusters WHERE filiere_id = ?", (filiere,))
    fill_summaries(conn)
    assert conn.execute("SELECT clusters, fte, funding_eur FROM filiere_totals WHERE filiere_id = ?",
                        (filiere,)).fetchone() == (0, None, None)
    assert [tuple(r) for r in conn.execute(STORED)] == [tuple(r) for r in conn.execute(AGGREGATES)]
