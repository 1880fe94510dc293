"""Paged, sorted and filtered pane queries for the explorer: never load a whole table.

Each pane (filieres, clusters, actors, funding) is defined in `browse_panes`: its page of ids
is chosen first, then the shown columns are read for that page only. The filter is accent- and
case-insensitive on names and aliases (the `aliases.folded` column); a pane can be narrowed
to one document. Rows are plain dicts with raw values; the app formats them.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass

from grappe.db.browse_panes import PANES, Column, Pane, in_document
from grappe.db.one_step import fetch_column, fetch_dicts
from grappe.db.text import clean_line, fold

__all__ = ["PANES", "PAGE_SIZE", "Column", "FirstPage", "Pane", "PaneQuery", "count_rows", "documents",
           "export_rows", "fetch_page", "fetch_page_and_total", "initial_query", "interrupt",
           "is_interrupted", "read_first_page", "rows_by_ids", "view_rows"]

VIEW_EXPORT_MAX_ROWS = 5_000
PAGE_SIZE = 100  # more than a tall screen shows; the next page loads ahead of the cursor


@dataclass(frozen=True)
class PaneQuery:
    """What the user asked a pane to show: filter text, document, sort column and direction."""

    pane: str
    filter_text: str = ""
    document_id: str | None = None
    sort: str | None = None
    descending: bool = False


def initial_query(pane: str) -> PaneQuery:
    """What a pane shows when it opens: funding largest first, the others by name."""
    return PaneQuery(pane, descending=pane == "funding")


@dataclass(frozen=True)
class FirstPage:
    """Everything a pane needs to show its first page: documents, rows and their total."""

    query: PaneQuery
    documents: list[dict]
    rows: list[dict]
    total: int


def read_first_page(conn: sqlite3.Connection, query: PaneQuery) -> FirstPage:
    """The first page of a query, with the documents for the facet and the row count."""
    rows, total = fetch_page_and_total(conn, query, 0)
    return FirstPage(query, documents(conn), rows, total or 0)


def fetch_page_and_total(
    conn: sqlite3.Connection, query: PaneQuery, offset: int, limit: int = PAGE_SIZE
) -> tuple[list[dict], int | None]:
    """A page, and at offset 0 how many rows the query has in all (None at other offsets).

    A first page that is not full holds every row: counting them again would read the table a
    second time, which is half of a filter keystroke's work on a big base.
    """
    rows = fetch_page(conn, query, offset, limit)
    if offset != 0:
        return rows, None
    return rows, len(rows) if len(rows) < limit else count_rows(conn, query)


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
        clauses.append(in_document(pane.fact_type, pane.fact_id))
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
    rows = {row["id"]: row for row in fetch_dicts(conn, sql, {"ids": json.dumps(ids)})}
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
    # NULLs last whatever the direction, so that unknown values never hide known ones. The
    # default orders match an index of the schema (`*_order`): a first page reads 100 index
    # entries instead of sorting the table (the whole first page of 100 000 clusters: 15-30 ms
    # -> 4 ms).
    nulls_last = "" if column.never_null else f"({column.sort}) IS NULL, "
    sql = (f"SELECT {pane.alias}.id FROM {pane.base[5:]}{column.sort_join}{where} "
           f"ORDER BY {nulls_last}{column.sort} {direction}, {pane.alias}.id "
           "LIMIT :limit OFFSET :offset")
    params.update(limit=int(limit), offset=int(offset))
    return _read_rows(conn, pane, fetch_column(conn, sql, params))


def count_rows(conn: sqlite3.Connection, query: PaneQuery) -> int:
    """How many rows the pane shows with this filter and document."""
    pane = PANES[query.pane]
    where, params = _where(pane, query)
    if where and pane.filter_counted_by and not query.document_id:  # so the filter is a text
        # One filter text per row: the texts kept are the rows kept (1 000 documents, the
        # Financements pane: 60 ms through the funding table, 14-25 ms here).
        return int(conn.execute(f"SELECT count(*) {pane.filter_counted_by}", params).fetchone()[0])
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
    return fetch_dicts(conn, "SELECT id, title, region, year FROM documents ORDER BY year, title, id")


def rows_by_ids(conn: sqlite3.Connection, pane_name: str, row_ids: list[str]) -> list[dict]:
    """Pane rows for the given ids, in the given order (marked rows to export)."""
    pane = PANES[pane_name]
    ids: list = [int(i) for i in row_ids if str(i).isdigit()] if pane_name == "funding" else list(row_ids)
    return _read_rows(conn, pane, ids)


def export_rows(conn: sqlite3.Connection, query: PaneQuery, marked_ids: list[str], limit: int) -> list[dict]:
    """What an export of a pane holds: the marked rows, else the filtered rows, as view rows.

    Clusters, actors and filières come from `grappe.db.views` (the one view model, with
    directors, links, funding and sources). The views read a whole table, so over
    VIEW_EXPORT_MAX_ROWS rows, and for funding, the pane's own rows shaped like the view's are
    written instead.
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
    if view is not None and count_rows(conn, PaneQuery(query.pane)) > VIEW_EXPORT_MAX_ROWS:
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
