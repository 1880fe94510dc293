"""Figures derived from the facts once, at the end of an import, instead of at every page.

The Filières pane shows, for each filière, how many clusters serve it, their ETP and the
money they received. Each figure aggregates every cluster of the filière: computed per page,
the pane's first page took 230-320 ms on 1 000 monographs (a few filières, thousands of
clusters), and sorting by a figure computed it for every filière. Made here in one pass,
with the same definitions the dossiers use (`funding_received`, never counting twice).
"""

from __future__ import annotations

import sqlite3

FILIERE_TOTALS = """
INSERT INTO filiere_totals (filiere_id, clusters, fte, funding_eur)
SELECT f.id,
       (SELECT count(*) FROM filiere_clusters fc WHERE fc.filiere_id = f.id),
       (SELECT sum(c.fte) FROM filiere_clusters fc JOIN clusters c ON c.id = fc.cluster_id
         WHERE fc.filiere_id = f.id),
       (SELECT sum(m.amount_eur) FROM filiere_clusters fc JOIN funding_received m
            ON m.recipient_id = fc.cluster_id AND m.recipient_type = 'cluster'
         WHERE fc.filiere_id = f.id)
FROM filieres f
"""


def fill_summaries(conn: sqlite3.Connection) -> None:
    """(Re)compute the derived tables from the facts, in the caller's transaction."""
    conn.execute("DELETE FROM filiere_totals")
    conn.execute(FILIERE_TOTALS)
