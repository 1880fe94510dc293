"""Pane cells as Rich `Text` (never markup strings) in French number style."""

from __future__ import annotations

import json

from rich.text import Text

from grappe.db.browse import Column
from grappe.db.export import format_eur, format_number

KIND_LABELS = {"person": "personne", "organisation": "organisation"}
RIGHT_ALIGNED = frozenset({"fte", "funding_eur", "amount_eur", "clusters", "page"})
MAX_CELL = 28  # long names are cut in tables (the dossier shows them whole)


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


def cell_for(column: Column, row: dict) -> Text:
    """A table cell: numbers right-aligned, long text cut with an ellipsis."""
    text = cell_text(column.key, row)
    if len(text) > MAX_CELL:
        text = text[: MAX_CELL - 1] + "…"
    flagged = column.key == "name" and row.get("uncertain") not in (None, "[]", 0, "")
    if flagged:
        text += " ⚠"
    return Text(text, justify="right" if column.key in RIGHT_ALIGNED else "left", no_wrap=True)


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
