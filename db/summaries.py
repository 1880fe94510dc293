"""Figures derived from the facts once, at the end of an import, instead of at every page.

The Filières pane shows, for each filière, how many clusters serve it, their ETP and the
money they received. Each figure aggregates every cluster of the filière: computed per page,
the pane's first page took 230-320 ms on 1 000 monographs (a few filières, thousands of
clusters), and sorting by a figure computed it for every filière. Made here in one pass,
with the same definitions the dossiers use (`funding_received`, never counting twice).
"""

from __future__ import annotations

import sqlite3

FILIERE_FIGURES = """
SELECT f.id AS filiere_id,
       (SELECT count(*) FROM filiere_clusters fc WHERE fc.filiere_id = f.id) AS clusters,
       (SELECT sum(c.fte) FROM filiere_clusters fc JOIN clusters c ON c.id = fc.cluster_id
         WHERE fc.filiere_id = f.id) AS fte,
       (SELECT sum(m.amount_eur) FROM filiere_clusters fc JOIN funding_received m
            ON m.recipient_id = fc.cluster_id AND m.recipient_type = 'cluster'
         WHERE fc.filiere_id = f.id) AS funding_eur
FROM filieres f
"""


def fill_summaries(conn: sqlite3.Connection) -> None:
    """(Re)compute the derived tables from the facts, in the caller's transaction."""
    conn.execute("DELETE FROM filiere_totals")
    conn.execute("INSERT INTO filiere_totals (filiere_id, clusters, fte, funding_eur) " + FILIERE_FIGURES)


def stale_filiere_totals(conn: sqlite3.Connection) -> int:
    """How many filières' stored figures differ from the facts (a row missing or extra counts).

    Sums are compared to a cent (and ETP to a thousandth): adding the same numbers in another
    order may change the last bits of a float.
    """
    differing = conn.execute(
        "SELECT count(*) FROM (" + FILIERE_FIGURES + ") now "
        "LEFT JOIN filiere_totals t ON t.filiere_id = now.filiere_id "
        "WHERE t.filiere_id IS NULL OR t.clusters IS NOT now.clusters "
        "OR (t.fte IS NULL) <> (now.fte IS NULL) OR abs(t.fte - now.fte) > 0.001 "
        "OR (t.funding_eur IS NULL) <> (now.funding_eur IS NULL) "
        "OR abs(t.funding_eur - now.funding_eur) > 0.01"
    ).fetchone()[0]
    extra = conn.execute(
        "SELECT count(*) FROM filiere_totals WHERE filiere_id NOT IN (SELECT id FROM filieres)"
    ).fetchone()[0]
    return int(differing) + int(extra)
