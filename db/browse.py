"""Paged, sorted and filtered pane queries for the explorer: never load a whole table.

Each pane (filieres, clusters, actors, funding) is one SELECT whose ORDER BY column comes from
a whitelist and whose values are always bound parameters. The filter is accent- and
case-insensitive on names and aliases (the `aliases.folded` column); a pane can be narrowed
to one document. Rows are plain dicts with raw values; the app formats them.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass

from grappe.db.text import clean_line, fold

PAGE_SIZE = 100  # more than a tall screen shows; the next page loads ahead of the cursor


def _first_passage(fact_type: str, fact_id: str) -> str:
    """The first passage citing a fact (its document and page stand for the fact's)."""
    return (f"(SELECT min(e.passage_id) FROM evidence e "
            f"WHERE e.fact_type = '{fact_type}' AND e.fact_id = {fact_id})")


def _document_of(fact_type: str, fact_id: str) -> str:
    return (f"(SELECT coalesce(d.region, d.title) FROM passages p JOIN documents d "
            f"ON d.id = p.document_id WHERE p.id = {_first_passage(fact_type, fact_id)})")


def _first_passages_join(fact_type: str, fact_id: str) -> str:
    """Sorting by document or page: one grouped pass over the evidence, not one query per row."""
    return (f" LEFT JOIN (SELECT e.fact_id AS fid, min(e.passage_id) AS pid FROM evidence e "
            f"WHERE e.fact_type = '{fact_type}' GROUP BY e.fact_id) fe ON fe.fid = {fact_id}"
            f" LEFT JOIN passages fp ON fp.id = fe.pid LEFT JOIN documents fd ON fd.id = fp.document_id")


def _name_match(entity_type: str, entity_id: str) -> str:
    return (f"{entity_id} IN (SELECT entity_id FROM aliases WHERE entity_type = '{entity_type}' "
            f"AND folded LIKE :pattern ESCAPE '\\')")


def _in_document(fact_type: str, fact_id: str) -> str:
    # CROSS JOIN keeps SQLite from scanning all evidence of the type: a document's passages first.
    return (f"{fact_id} IN (SELECT e.fact_id FROM passages p CROSS JOIN evidence e "
            f"ON e.passage_id = p.id WHERE p.document_id = :document_id "
            f"AND e.fact_type = '{fact_type}')")


@dataclass(frozen=True)
class Column:
    """One column of a pane: its key in the row dict, label, sort expression and the join it needs."""

    key: str
    label: str
    sort: str
    numeric: bool = False
    sort_join: str = ""


@dataclass(frozen=True)
class Pane:
    """A pane's SQL: ids are chosen (filter, sort, page) on `base`, then `display` reads one page."""

    name: str
    alias: str
    fact_type: str
    columns: tuple[Column, ...]
    base: str  # FROM clause with the joins that filters and cheap sorts need
    display: str  # SELECT … FROM … computing the shown columns; `{ids}` selects the page
    name_filter: str
    default_sort: str

    @property
    def fact_id(self) -> str:
        return f"CAST({self.alias}.id AS TEXT)" if self.name == "funding" else f"{self.alias}.id"


def _doc_column(fact_type: str, fact_id: str) -> Column:
    return Column("document", "Document", "coalesce(fd.region, fd.title) COLLATE NOCASE",
                  sort_join=_first_passages_join(fact_type, fact_id))


PANES: dict[str, Pane] = {
    "filieres": Pane(
        name="filieres", alias="f", fact_type="filiere",
        columns=(
            Column("name", "Filière", "f.name COLLATE NOCASE"),
            Column("clusters", "Clusters", "(SELECT count(*) FROM filiere_clusters fc "
                   "WHERE fc.filiere_id = f.id)", numeric=True),
            Column("fte", "ETP", "(SELECT sum(c.fte) FROM filiere_clusters fc JOIN clusters c "
                   "ON c.id = fc.cluster_id WHERE fc.filiere_id = f.id)", numeric=True),
            Column("funding_eur", "Financements", "(SELECT sum(m.amount_eur) FROM filiere_clusters fc "
                   "JOIN funding m ON m.recipient_id = fc.cluster_id AND m.recipient_type = 'cluster' "
                   "WHERE fc.filiere_id = f.id)", numeric=True),
            _doc_column("filiere", "f.id"),
        ),
        base="FROM filieres f",
        display=(
            "SELECT f.id, f.name, "
            "(SELECT count(*) FROM filiere_clusters fc WHERE fc.filiere_id = f.id) AS clusters, "
            "(SELECT sum(c.fte) FROM filiere_clusters fc JOIN clusters c ON c.id = fc.cluster_id "
            " WHERE fc.filiere_id = f.id) AS fte, "
            "(SELECT sum(m.amount_eur) FROM filiere_clusters fc JOIN funding m "
            " ON m.recipient_id = fc.cluster_id AND m.recipient_type = 'cluster' "
            " WHERE fc.filiere_id = f.id) AS funding_eur, "
            + _document_of("filiere", "f.id") + " AS document FROM filieres f WHERE {ids}"
        ),
        name_filter=_name_match("filiere", "f.id"),
        default_sort="name",
    ),
    "clusters": Pane(
        name="clusters", alias="c", fact_type="cluster",
        columns=(
            Column("kind", "Type", "c.kind"),
            Column("name", "Nom", "c.name COLLATE NOCASE"),
            Column("filiere", "Filière", "f.name COLLATE NOCASE"),
            Column("territory", "Territoire", "nullif(c.territory, '[]')"),
            Column("fte", "ETP", "c.fte", numeric=True),
            Column("funding_eur", "Financements", "fs.total", numeric=True,
                   sort_join=" LEFT JOIN (SELECT recipient_id, sum(amount_eur) AS total FROM funding "
                   "WHERE recipient_type = 'cluster' GROUP BY recipient_id) fs ON fs.recipient_id = c.id"),
            _doc_column("cluster", "c.id"),
        ),
        base="FROM clusters c LEFT JOIN filieres f ON f.id = c.filiere_id",
        display=(
            "SELECT c.id, c.kind, c.name, f.name AS filiere, c.territory, c.fte, c.uncertain, "
            "(SELECT sum(m.amount_eur) FROM funding m WHERE m.recipient_id = c.id "
            " AND m.recipient_type = 'cluster') AS funding_eur, "
            + _document_of("cluster", "c.id") + " AS document "
            "FROM clusters c LEFT JOIN filieres f ON f.id = c.filiere_id WHERE {ids}"
        ),
        name_filter=("(" + _name_match("cluster", "c.id") + " OR "
                     + _name_match("filiere", "c.filiere_id") + " OR c.kind = :upper)"),
        default_sort="name",
    ),
    "actors": Pane(
        name="actors", alias="a", fact_type="actor",
        columns=(
            Column("kind", "Type", "a.kind"),
            Column("name", "Nom", "a.name COLLATE NOCASE"),
            Column("function", "Fonction", "a.function COLLATE NOCASE"),
            Column("organisation", "Organisation", "o.name COLLATE NOCASE"),
            Column("roles", "Rôles", "rc.n", numeric=True,
                   sort_join=" LEFT JOIN (SELECT person_id, count(*) AS n FROM roles GROUP BY person_id)"
                   " rc ON rc.person_id = a.id"),
            _doc_column("actor", "a.id"),
        ),
        base="FROM actors a LEFT JOIN actors o ON o.id = a.organisation_id",
        display=(
            "SELECT a.id, a.kind, a.name, a.category, a.function, o.name AS organisation, "
            "(SELECT group_concat(r.role || ' ' || coalesce(rc.name, ra.name, r.of_id), '; ') "
            " FROM roles r LEFT JOIN clusters rc ON r.of_type = 'cluster' AND rc.id = r.of_id "
            " LEFT JOIN actors ra ON r.of_type = 'actor' AND ra.id = r.of_id "
            " WHERE r.person_id = a.id) AS roles, "
            + _document_of("actor", "a.id") + " AS document "
            "FROM actors a LEFT JOIN actors o ON o.id = a.organisation_id WHERE {ids}"
        ),
        name_filter=("(" + _name_match("actor", "a.id") + " OR "
                     + _name_match("actor", "a.organisation_id") + ")"),
        default_sort="name",
    ),
    "funding": Pane(
        name="funding", alias="m", fact_type="funding",
        columns=(
            Column("funder", "Financeur", "coalesce(fa.name, m.funder_name) COLLATE NOCASE"),
            Column("recipient", "Bénéficiaire",
                   "coalesce(rc.name, ra.name, m.recipient_name) COLLATE NOCASE"),
            Column("amount_eur", "Montant", "m.amount_eur", numeric=True),
            Column("period", "Période", "m.period"),
            Column("kind", "Nature", "m.kind"),
            Column("page", "Page", "fp.page", sort_join=_first_passages_join("funding", "CAST(m.id AS TEXT)")),
            _doc_column("funding", "CAST(m.id AS TEXT)"),
        ),
        base=("FROM funding m LEFT JOIN actors fa ON fa.id = m.funder_id "
              "LEFT JOIN clusters rc ON m.recipient_type = 'cluster' AND rc.id = m.recipient_id "
              "LEFT JOIN actors ra ON m.recipient_type = 'actor' AND ra.id = m.recipient_id"),
        display=(
            "SELECT m.id, m.recipient_id, m.recipient_type, m.funder_id, m.amount_eur, "
            "m.amount_text, m.period, m.kind, m.uncertain, "
            "coalesce(fa.name, m.funder_name) AS funder, "
            "coalesce(rc.name, ra.name, m.recipient_name) AS recipient, "
            "(SELECT p.page FROM passages p WHERE p.id = "
            + _first_passage("funding", "CAST(m.id AS TEXT)") + ") AS page, "
            + _first_passage("funding", "CAST(m.id AS TEXT)") + " AS passage_id, "
            "(SELECT e.quote FROM evidence e WHERE e.fact_type = 'funding' "
            " AND e.fact_id = CAST(m.id AS TEXT) ORDER BY e.passage_id LIMIT 1) AS quote, "
            + _document_of("funding", "CAST(m.id AS TEXT)") + " AS document "
            "FROM funding m LEFT JOIN actors fa ON fa.id = m.funder_id "
            "LEFT JOIN clusters rc ON m.recipient_type = 'cluster' AND rc.id = m.recipient_id "
            "LEFT JOIN actors ra ON m.recipient_type = 'actor' AND ra.id = m.recipient_id WHERE {ids}"
        ),
        name_filter=(
            "(" + _name_match("cluster", "m.recipient_id") + " OR "
            + _name_match("actor", "m.recipient_id") + " OR "
            + _name_match("actor", "m.funder_id") + " OR "
            "m.funder_name LIKE :loose ESCAPE '\\' OR m.recipient_name LIKE :loose ESCAPE '\\' "
            "OR m.kind LIKE :loose ESCAPE '\\')"
        ),
        default_sort="amount_eur",
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
        clauses.append(_in_document(pane.fact_type, pane.fact_id))
        params["document_id"] = query.document_id
    return (" WHERE " + " AND ".join(clauses)) if clauses else "", params


def _sort_column(pane: Pane, query: PaneQuery) -> Column:
    columns = {c.key: c for c in pane.columns}
    return columns.get(query.sort or pane.default_sort) or columns[pane.default_sort]


def _read_rows(conn: sqlite3.Connection, pane: Pane, ids: list) -> list[dict]:
    """The shown columns of the given rows, in the given order."""
    if not ids:
        return []
    sql = pane.display.format(ids=f"{pane.alias}.id IN (SELECT value FROM json_each(:ids))")
    rows = {row["id"]: dict(row) for row in conn.execute(sql, {"ids": json.dumps(ids)})}
    return [rows[i] for i in ids if i in rows]


def fetch_page(
    conn: sqlite3.Connection, query: PaneQuery, offset: int = 0, limit: int = PAGE_SIZE
) -> list[dict]:
    """One page of a pane's rows, in the asked order.

    The ids of the page are chosen first (filter, sort, LIMIT), so the costly shown columns
    (totals, document, roles) are computed for one page only, whatever the table's size.
    """
    pane = PANES[query.pane]
    where, params = _where(pane, query)
    column = _sort_column(pane, query)
    direction = "DESC" if query.descending else "ASC"
    # NULLs last whatever the direction, so that unknown values never hide known ones.
    sql = (f"SELECT {pane.alias}.id FROM {pane.base[5:]}{column.sort_join}{where} "
           f"ORDER BY ({column.sort}) IS NULL, {column.sort} {direction}, {pane.alias}.id "
           "LIMIT :limit OFFSET :offset")
    params.update(limit=int(limit), offset=int(offset))
    ids = [row[0] for row in conn.execute(sql, params)]
    return _read_rows(conn, pane, ids)


def count_rows(conn: sqlite3.Connection, query: PaneQuery) -> int:
    """How many rows the pane shows with this filter and document."""
    pane = PANES[query.pane]
    where, params = _where(pane, query)
    table = pane.base.split(" LEFT JOIN ")[0] if not where else pane.base
    return int(conn.execute(f"SELECT count(*) {table}{where}", params).fetchone()[0])


def is_interrupted(error: BaseException) -> bool:
    """True for the error of a query stopped by `Connection.interrupt()` (a newer one replaced it)."""
    return isinstance(error, sqlite3.OperationalError) and "interrupted" in str(error)


def interrupt(conn: sqlite3.Connection) -> None:
    """Stop the query running on a connection of another thread (nothing if it is closed)."""
    try:
        conn.interrupt()
    except sqlite3.ProgrammingError:
        pass


def documents(conn: sqlite3.Connection) -> list[dict]:
    """The imported documents, for the document facet: id, title, region, year."""
    rows = conn.execute("SELECT id, title, region, year FROM documents ORDER BY year, title, id")
    return [dict(row) for row in rows]


def rows_by_ids(conn: sqlite3.Connection, pane_name: str, row_ids: list[str]) -> list[dict]:
    """Pane rows for the given ids, in the given order (marked rows to export)."""
    pane = PANES[pane_name]
    ids: list = [int(i) for i in row_ids if str(i).isdigit()] if pane_name == "funding" else list(row_ids)
    return _read_rows(conn, pane, ids)


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
