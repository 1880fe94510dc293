"""Paged, sorted and filtered pane queries for the explorer: never load a whole table.

Each pane (filieres, clusters, actors, funding) is one SELECT whose ORDER BY column comes from
a whitelist and whose values are always bound parameters. The filter is accent- and
case-insensitive on names and aliases (the `aliases.folded` column); a pane can be narrowed
to one document. Rows are plain dicts with raw values; the app formats them.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from grappe.db.text import clean_line, fold

PAGE_SIZE = 200

# The document a fact comes from is the document of its first evidence passage.
_DOC_OF = (
    "(SELECT coalesce(d.region, d.title) FROM evidence e JOIN passages p ON p.id = e.passage_id "
    "JOIN documents d ON d.id = p.document_id WHERE e.fact_type = '{t}' AND e.fact_id = {id} "
    "ORDER BY e.id LIMIT 1)"
)
_IN_DOC = (
    "EXISTS (SELECT 1 FROM evidence e JOIN passages p ON p.id = e.passage_id "
    "WHERE e.fact_type = '{t}' AND e.fact_id = {id} AND p.document_id = :document_id)"
)
_NAME_MATCH = (
    "{id} IN (SELECT entity_id FROM aliases WHERE entity_type = '{t}' "
    "AND folded LIKE :pattern ESCAPE '\\')"
)


@dataclass(frozen=True)
class Column:
    """One column of a pane: its key in the row dict, its label and its sort expression."""

    key: str
    label: str
    sort: str
    numeric: bool = False


@dataclass(frozen=True)
class Pane:
    """A pane's SELECT pieces; `where` clauses are joined with AND."""

    name: str
    columns: tuple[Column, ...]
    select: str
    name_filter: str
    document_filter: str
    default_sort: str
    alias: str


PANES: dict[str, Pane] = {
    "filieres": Pane(
        name="filieres",
        columns=(
            Column("name", "Filière", "f.name COLLATE NOCASE"),
            Column("clusters", "Clusters", "clusters", numeric=True),
            Column("fte", "ETP", "fte", numeric=True),
            Column("funding_eur", "Financements", "funding_eur", numeric=True),
            Column("document", "Document", "document COLLATE NOCASE"),
        ),
        select=(
            "SELECT f.id, f.name, "
            "(SELECT count(*) FROM filiere_clusters fc WHERE fc.filiere_id = f.id) AS clusters, "
            "(SELECT sum(c.fte) FROM filiere_clusters fc JOIN clusters c ON c.id = fc.cluster_id "
            " WHERE fc.filiere_id = f.id) AS fte, "
            "(SELECT sum(m.amount_eur) FROM filiere_clusters fc JOIN funding m "
            " ON m.recipient_id = fc.cluster_id AND m.recipient_type = 'cluster' "
            " WHERE fc.filiere_id = f.id) AS funding_eur, "
            + _DOC_OF.format(t="filiere", id="f.id") + " AS document "
            "FROM filieres f"
        ),
        name_filter=_NAME_MATCH.format(t="filiere", id="f.id"),
        document_filter=_IN_DOC.format(t="filiere", id="f.id"),
        default_sort="name",
        alias="f",
    ),
    "clusters": Pane(
        name="clusters",
        columns=(
            Column("kind", "Type", "c.kind"),
            Column("name", "Nom", "c.name COLLATE NOCASE"),
            Column("filiere", "Filière", "filiere COLLATE NOCASE"),
            Column("territory", "Territoire", "c.territory"),
            Column("fte", "ETP", "c.fte", numeric=True),
            Column("funding_eur", "Financements", "funding_eur", numeric=True),
            Column("document", "Document", "document COLLATE NOCASE"),
        ),
        select=(
            "SELECT c.id, c.kind, c.name, f.name AS filiere, c.territory, c.fte, c.uncertain, "
            "(SELECT sum(m.amount_eur) FROM funding m WHERE m.recipient_id = c.id "
            " AND m.recipient_type = 'cluster') AS funding_eur, "
            + _DOC_OF.format(t="cluster", id="c.id") + " AS document "
            "FROM clusters c LEFT JOIN filieres f ON f.id = c.filiere_id"
        ),
        name_filter=(
            "(" + _NAME_MATCH.format(t="cluster", id="c.id") + " OR "
            + _NAME_MATCH.format(t="filiere", id="c.filiere_id") + " OR c.kind = :upper)"
        ),
        document_filter=_IN_DOC.format(t="cluster", id="c.id"),
        default_sort="name",
        alias="c",
    ),
    "actors": Pane(
        name="actors",
        columns=(
            Column("kind", "Type", "a.kind"),
            Column("name", "Nom", "a.name COLLATE NOCASE"),
            Column("function", "Fonction", "a.function COLLATE NOCASE"),
            Column("organisation", "Organisation", "organisation COLLATE NOCASE"),
            Column("roles", "Rôles", "roles COLLATE NOCASE"),
            Column("document", "Document", "document COLLATE NOCASE"),
        ),
        select=(
            "SELECT a.id, a.kind, a.name, a.category, a.function, o.name AS organisation, "
            "(SELECT group_concat(r.role || ' ' || coalesce(rc.name, ra.name, r.of_id), '; ') "
            " FROM roles r LEFT JOIN clusters rc ON r.of_type = 'cluster' AND rc.id = r.of_id "
            " LEFT JOIN actors ra ON r.of_type = 'actor' AND ra.id = r.of_id "
            " WHERE r.person_id = a.id) AS roles, "
            + _DOC_OF.format(t="actor", id="a.id") + " AS document "
            "FROM actors a LEFT JOIN actors o ON o.id = a.organisation_id"
        ),
        name_filter=(
            "(" + _NAME_MATCH.format(t="actor", id="a.id") + " OR "
            + _NAME_MATCH.format(t="actor", id="a.organisation_id") + ")"
        ),
        document_filter=_IN_DOC.format(t="actor", id="a.id"),
        default_sort="name",
        alias="a",
    ),
    "funding": Pane(
        name="funding",
        columns=(
            Column("funder", "Financeur", "funder COLLATE NOCASE"),
            Column("recipient", "Bénéficiaire", "recipient COLLATE NOCASE"),
            Column("amount_eur", "Montant", "m.amount_eur", numeric=True),
            Column("period", "Période", "m.period"),
            Column("kind", "Nature", "m.kind"),
            Column("page", "Page", "page", numeric=True),
            Column("document", "Document", "document COLLATE NOCASE"),
        ),
        select=(
            "SELECT m.id, m.recipient_id, m.recipient_type, m.funder_id, m.amount_eur, "
            "m.amount_text, m.period, m.kind, m.uncertain, "
            "(SELECT e.quote FROM evidence e WHERE e.fact_type = 'funding' "
            " AND e.fact_id = CAST(m.id AS TEXT) ORDER BY e.id LIMIT 1) AS quote, "
            "coalesce(fa.name, m.funder_name) AS funder, "
            "coalesce(rc.name, ra.name, m.recipient_name) AS recipient, "
            "(SELECT p.page FROM evidence e JOIN passages p ON p.id = e.passage_id "
            " WHERE e.fact_type = 'funding' AND e.fact_id = CAST(m.id AS TEXT) "
            " ORDER BY e.id LIMIT 1) AS page, "
            + _DOC_OF.format(t="funding", id="CAST(m.id AS TEXT)") + " AS document "
            "FROM funding m LEFT JOIN actors fa ON fa.id = m.funder_id "
            "LEFT JOIN clusters rc ON m.recipient_type = 'cluster' AND rc.id = m.recipient_id "
            "LEFT JOIN actors ra ON m.recipient_type = 'actor' AND ra.id = m.recipient_id"
        ),
        name_filter=(
            "(" + _NAME_MATCH.format(t="cluster", id="m.recipient_id") + " OR "
            + _NAME_MATCH.format(t="actor", id="m.recipient_id") + " OR "
            + _NAME_MATCH.format(t="actor", id="m.funder_id") + " OR "
            "m.funder_name LIKE :loose ESCAPE '\\' OR m.recipient_name LIKE :loose ESCAPE '\\' "
            "OR m.kind LIKE :loose ESCAPE '\\')"
        ),
        document_filter=_IN_DOC.format(t="funding", id="CAST(m.id AS TEXT)"),
        default_sort="amount_eur",
        alias="m",
    ),
}


@dataclass(frozen=True)
class PaneQuery:
    """What the user asked a pane to show: filter text, document, sort column and direction."""

    pane: str
    filter_text: str = ""
    document_id: str | None = None
    sort: str | None = None
    descending: bool = False


def _like_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _where(pane: Pane, query: PaneQuery) -> tuple[str, dict[str, object]]:
    clauses: list[str] = []
    params: dict[str, object] = {}
    text = clean_line(query.filter_text)[:256]
    folded = fold(text)
    if text and folded:
        clauses.append(pane.name_filter)
        params["pattern"] = "%" + _like_escape(folded) + "%"
        params["loose"] = "%" + _like_escape(text) + "%"
        params["upper"] = text.upper()
    if query.document_id:
        clauses.append(pane.document_filter)
        params["document_id"] = query.document_id
    return (" WHERE " + " AND ".join(clauses)) if clauses else "", params


def _order(pane: Pane, query: PaneQuery) -> str:
    columns = {c.key: c for c in pane.columns}
    column = columns.get(query.sort or pane.default_sort) or columns[pane.default_sort]
    direction = "DESC" if query.descending else "ASC"
    # NULLs last whatever the direction, so that unknown values never hide known ones.
    return f" ORDER BY ({column.sort}) IS NULL, {column.sort} {direction}, {pane.alias}.id"


def fetch_page(
    conn: sqlite3.Connection, query: PaneQuery, offset: int = 0, limit: int = PAGE_SIZE
) -> list[dict]:
    """One page of a pane's rows, in the asked order."""
    pane = PANES[query.pane]
    where, params = _where(pane, query)
    sql = f"{pane.select}{where}{_order(pane, query)} LIMIT :limit OFFSET :offset"
    params.update(limit=int(limit), offset=int(offset))
    return [dict(row) for row in conn.execute(sql, params)]


def count_rows(conn: sqlite3.Connection, query: PaneQuery) -> int:
    """How many rows the pane shows with this filter and document."""
    pane = PANES[query.pane]
    where, params = _where(pane, query)
    from_clause = pane.select[pane.select.index(" FROM ", pane.select.rindex(") AS ")):]
    return int(conn.execute(f"SELECT count(*){from_clause}{where}", params).fetchone()[0])


def documents(conn: sqlite3.Connection) -> list[dict]:
    """The imported documents, for the document facet: id, title, region, year."""
    rows = conn.execute("SELECT id, title, region, year FROM documents ORDER BY year, title, id")
    return [dict(row) for row in rows]


def row_by_id(conn: sqlite3.Connection, pane_name: str, row_id: str) -> dict | None:
    """One pane row by its id (to redraw a marked row or export it)."""
    pane = PANES[pane_name]
    sql = f"SELECT * FROM ({pane.select}) WHERE CAST(id AS TEXT) = :id"
    row = conn.execute(sql, {"id": str(row_id)}).fetchone()
    return dict(row) if row else None


def rows_by_ids(conn: sqlite3.Connection, pane_name: str, row_ids: list[str]) -> list[dict]:
    """Pane rows for the given ids, in the given order (marked rows to export)."""
    found = (row_by_id(conn, pane_name, row_id) for row_id in row_ids)
    return [row for row in found if row is not None]


def export_rows(conn: sqlite3.Connection, query: PaneQuery, marked_ids: list[str], limit: int) -> list[dict]:
    """What an export of a pane holds: the marked rows, else the filtered rows, as view rows.

    Clusters, actors and filières come from `grappe.db.views` (the one view model, with
    directors, links, funding and sources) when it is available; funding rows, and every pane
    before the views exist, are the pane's own rows shaped like the view's.
    """
    if marked_ids:
        rows = rows_by_ids(conn, query.pane, marked_ids)
    else:
        rows = fetch_page(conn, query, 0, limit)
    try:
        from grappe.db import views

        view = views.VIEWS[query.pane] if query.pane != "funding" else None
    except (ImportError, AttributeError, KeyError):
        view = None
    if view is not None:
        wanted = [str(row["id"]) for row in rows]
        by_id = {str(item.get("id")): item for item in view(conn)}
        if all(key in by_id for key in wanted):
            return [by_id[key] for key in wanted]
    return view_rows(query.pane, rows)


def view_rows(pane_name: str, rows: list[dict]) -> list[dict]:
    """Pane rows shaped like the `grappe.db.views` rows of the same name, for the exporters."""
    import json

    shaped = []
    for row in rows:
        item = dict(row)
        if isinstance(item.get("territory"), str):
            try:
                item["territory"] = json.loads(item["territory"])
            except ValueError:
                item["territory"] = [item["territory"]]
        if isinstance(item.get("uncertain"), str):
            try:
                item["uncertain"] = json.loads(item["uncertain"])
            except ValueError:
                pass
        item["documents"] = [item["document"]] if item.get("document") else []
        if pane_name in ("clusters", "filieres") and item.get("funding_eur") is not None:
            item.setdefault("funding", [{"funder": "total", "amount_eur": item["funding_eur"]}])
        if pane_name == "filieres" and isinstance(item.get("clusters"), int):
            item["clusters"] = f"{item['clusters']} cluster(s)"
        shaped.append(item)
    return shaped
