"""Pane cells as Rich `Text` (never markup strings) in French number style."""

from __future__ import annotations

import json

from rich.cells import cell_len
from rich.text import Text

from grappe.db.browse import Column
from grappe.db.numbers import format_eur, format_number

KIND_LABELS = {"person": "personne", "organisation": "organisation"}
RIGHT_ALIGNED = frozenset({"fte", "funding_eur", "amount_eur", "clusters", "page"})
MAX_CELL = 28  # a column without a declared width cuts text here (the dossier shows it whole)
UNCERTAIN_FLAG = " ⚠"


def _territory(value: object) -> str:
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            return value
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return "" if value is None else str(value)


def cell_text(key: str, row: dict) -> str:
    """The plain text of one cell, formatted for reading."""
    value = row.get(key)
    if (value is None or value == "") and key in ("funder", "recipient"):
        return "—"  # not stated in the document
    if value is None or value == "":
        return ""
    if key in ("funding_eur", "amount_eur"):
        return format_eur(value)
    if key == "fte":
        return format_number(value)
    if key == "territory":
        return _territory(value)
    if key == "kind" and value in KIND_LABELS:
        return KIND_LABELS[value]
    return format_number(value) if isinstance(value, (int, float)) else str(value)


def column_widths(columns: tuple[Column, ...], room: int, padding: int = 1) -> dict[str, int]:
    """Each column's width in a table `room` cells wide: its declared width, plus a share of any
    room left over in proportion to its `grow` (a function of the pane's size only, never of rows).
    """
    widths = {column.key: column.width or MAX_CELL for column in columns}
    spare = room - sum(width + 2 * padding for width in widths.values())
    weights = {column.key: column.grow for column in columns if column.grow > 0}
    if spare <= 0 or not weights:
        return widths
    total = sum(weights.values())
    shares = {key: spare * weight // total for key, weight in weights.items()}
    for key in list(weights)[: spare - sum(shares.values())]:  # the cells lost to rounding
        shares[key] += 1
    return {key: width + shares.get(key, 0) for key, width in widths.items()}


def cell_for(column: Column, row: dict, width: int | None = None) -> Text:
    """A table cell no wider than `width` (default: the column's declared width): numbers
    right-aligned, long text cut with an ellipsis.

    An uncertain name keeps its ⚠ even when the name itself has to be cut.
    """
    width = width or column.width or MAX_CELL
    flagged = column.key == "name" and row.get("uncertain") not in (None, "[]", 0, "")
    flag = UNCERTAIN_FLAG if flagged else ""
    cell = Text(cell_text(column.key, row), no_wrap=True,
                justify="right" if column.key in RIGHT_ALIGNED else "left")
    room = max(width - cell_len(flag), 1)
    if cell.cell_len > room:
        cell.truncate(room, overflow="ellipsis")
    cell.append(flag)
    return cell


def entity_of_row(pane: str, row: dict) -> tuple[str, str, str] | None:
    """What enter opens from a pane row: (kind, id, title), or None when nothing can be opened.

    Kind "passage" means the source passage (a funding row that names nobody).
    """
    if pane == "clusters":
        return ("cluster", str(row["id"]), str(row.get("name") or ""))
    if pane == "actors":
        return ("actor", str(row["id"]), str(row.get("name") or ""))
    if pane == "filieres":
        return ("filiere", str(row["id"]), str(row.get("name") or ""))
    if pane == "funding":
        kind = row.get("recipient_type")
        if kind in ("cluster", "actor") and row.get("recipient_id"):
            return (kind, str(row["recipient_id"]), str(row.get("recipient") or ""))
        if row.get("funder_id"):
            return ("actor", str(row["funder_id"]), str(row.get("funder") or ""))
        if row.get("passage_id") is not None:  # nobody named: show where the amount is said
            return ("passage", str(row["passage_id"]), f"p. {row.get('page')}")
    return None
