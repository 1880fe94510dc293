"""Figures and filter texts derived from the facts once, at the end of an import, instead of
at every page or keystroke.

The Filières pane shows, for each filière, how many clusters serve it, their ETP and the
money they received. Each figure aggregates every cluster of the filière: computed per page,
the pane's first page took 230-320 ms on 1 000 monographs (a few filières, thousands of
clusters), and sorting by a figure computed it for every filière. Made here in one pass,
with the same definitions the dossiers use (`funding_received`, never counting twice).

A pane's filter keeps a row when the folded text typed is part of the folded name (any alias)
of an entity the row names, or, for funding, part of its funder, recipient or kind as
written. Matched alias by alias, a keystroke on the Financements pane of 1 000 monographs
read every alias three times and the whole funding table (230 ms). Each row's names are now
joined once into one text, with a separator (`|`) that no folded text holds, so that one
LIKE per row says the same; the funding labels are copied beside them.
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
    fill_filter_haystacks(conn)


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


SEPARATOR = "'|'"  # `fold` keeps letters, digits, underscores and single spaces: never a '|'

FILTER_HAYSTACKS = (
    # One alias list per entity, made once for the three panes.
    "CREATE TEMP TABLE names_of AS SELECT entity_type, entity_id, "
    f"group_concat(folded, {SEPARATOR}) AS names FROM aliases GROUP BY entity_type, entity_id",
    "CREATE UNIQUE INDEX temp.names_of_entity ON names_of(entity_type, entity_id)",
    "INSERT INTO filter_haystacks (pane, id, names) "
    "SELECT 'clusters', c.id, coalesce(n.names, '') FROM clusters c "
    "LEFT JOIN names_of n ON n.entity_type = 'cluster' AND n.entity_id = c.id",
    "INSERT INTO filter_haystacks (pane, id, names) "
    f"SELECT 'actors', a.id, coalesce(n.names, '') || {SEPARATOR} || coalesce(o.names, '') FROM actors a "
    "LEFT JOIN names_of n ON n.entity_type = 'actor' AND n.entity_id = a.id "
    "LEFT JOIN names_of o ON o.entity_type = 'actor' AND o.entity_id = a.organisation_id",
    # A funding row's recipient id is looked up among clusters and actors, whatever its type,
    # as the filter did alias by alias.
    "INSERT INTO filter_haystacks (pane, id, names, funder_name, recipient_name, kind) "
    f"SELECT 'funding', CAST(m.id AS TEXT), coalesce(rc.names, '') || {SEPARATOR} || coalesce(ra.names, '') "
    f"|| {SEPARATOR} || coalesce(fa.names, ''), m.funder_name, m.recipient_name, m.kind FROM funding m "
    "LEFT JOIN names_of rc ON rc.entity_type = 'cluster' AND rc.entity_id = m.recipient_id "
    "LEFT JOIN names_of ra ON ra.entity_type = 'actor' AND ra.entity_id = m.recipient_id "
    "LEFT JOIN names_of fa ON fa.entity_type = 'actor' AND fa.entity_id = m.funder_id",
    "DROP TABLE temp.names_of",
)


def fill_filter_haystacks(conn: sqlite3.Connection) -> None:
    """(Re)make every pane row's filter texts from the aliases and the funding rows."""
    conn.execute("DELETE FROM filter_haystacks")
    for statement in FILTER_HAYSTACKS:
        conn.execute(statement)


def rows_without_filter_texts(conn: sqlite3.Connection) -> int:
    """Pane rows with no filter texts, plus filter texts of no row: a filter would miss them."""
    return int(conn.execute(
        "SELECT (SELECT count(*) FROM clusters WHERE id NOT IN "
        "  (SELECT id FROM filter_haystacks WHERE pane = 'clusters')) "
        "+ (SELECT count(*) FROM actors WHERE id NOT IN "
        "  (SELECT id FROM filter_haystacks WHERE pane = 'actors')) "
        "+ (SELECT count(*) FROM funding WHERE CAST(id AS TEXT) NOT IN "
        "  (SELECT id FROM filter_haystacks WHERE pane = 'funding')) "
        "+ (SELECT count(*) FROM filter_haystacks h WHERE NOT CASE h.pane "
        "  WHEN 'clusters' THEN h.id IN (SELECT id FROM clusters) "
        "  WHEN 'actors' THEN h.id IN (SELECT id FROM actors) "
        "  WHEN 'funding' THEN h.id IN (SELECT CAST(id AS TEXT) FROM funding) ELSE 0 END)"
    ).fetchone()[0])
