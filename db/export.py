"""Exports of the view model: GFM Markdown, CSV, and safe file writing (no Textual here).

The app's export dialog and `grappe export` both call these functions. Document text is
data: every Markdown cell is escaped so that it round-trips and never changes the column
count, raw HTML is neutralised, and files are written atomically inside their folder and
never over an existing file without consent.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from typing import Any

from grappe.db.errors import BIDI_CONTROLS, UsageError
from grappe.db.numbers import format_eur, format_number
from grappe.db.export_files import (
    EXIT_CANTCREAT,
    ExportError,
    ExportExistsError,
    export_path,
    slugify,
    write_export,
)

__all__ = [
    "EXIT_CANTCREAT", "ExportError", "ExportExistsError", "export_path", "slugify", "write_export",
    "format_eur", "format_number", "md_cell", "md_text", "md_table", "render_markdown", "render_csv",
    "render_dossier_markdown", "cite", "strip_controls", "COLUMNS", "VIEW_TITLES",
]

# ---------------------------------------------------------------- Markdown escaping

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_NEWLINE = re.compile(r"\r\n|\r|\n")
_MD_SPECIAL = {
    "\\": "\\\\", "`": "\\`", "*": "\\*", "_": "\\_", "[": "\\[", "]": "\\]",
    "~": "\\~", "|": "\\|", "<": "&lt;", ">": "&gt;", "&": "&amp;",
}


def strip_controls(text: str) -> str:
    """Remove control characters and bidi overrides (they have no place in an export)."""
    text = _CONTROL.sub("", text)
    return "".join(ch for ch in text if ch not in BIDI_CONTROLS)


_BLOCK_START = re.compile(r"[-+=]|\d{1,9}[.)]")
_TEXT_SPECIAL = {**_MD_SPECIAL, "#": "\\#"}  # a trailing `#` would close a heading


def md_text(value: Any) -> str:
    """Escape text for inline Markdown (a heading, a list item): read back as the same text.

    Like `md_cell`, with line breaks turned into spaces and the characters that would open a
    block at the start of a line (`- `, `1. `, `> `, `#`) escaped.
    """
    if value is None:
        return ""
    text = " ".join(_NEWLINE.split(strip_controls(str(value))))
    escaped = "".join(_TEXT_SPECIAL.get(ch, ch) for ch in text)
    start = _BLOCK_START.match(escaped)
    if start:
        cut = start.end() - 1
        escaped = escaped[:cut] + "\\" + escaped[cut:]
    return _protect_edges(escaped)


def md_cell(value: Any) -> str:
    """Escape a value for a GFM table cell: it reads back as the same text, in one cell.

    Pipes, backslashes, backticks, emphasis and link brackets are backslash-escaped; `<`, `>`
    and `&` become entities (so `<script>` stays text); line breaks become `<br>`; leading and
    trailing blanks become character references (cells are trimmed by GFM).
    """
    if value is None:
        return ""
    text = strip_controls(str(value))
    lines = _NEWLINE.split(text)
    escaped = "<br>".join("".join(_MD_SPECIAL.get(ch, ch) for ch in line) for line in lines)
    return _protect_edges(escaped)


def _protect_edges(text: str) -> str:
    """Leading and trailing whitespace as character references, since GFM trims cells."""
    start = len(text) - len(text.lstrip())
    end = max(len(text.rstrip()), start)
    if start == 0 and end == len(text):
        return text
    lead = "".join(f"&#{ord(ch)};" for ch in text[:start])
    trail = "".join(f"&#{ord(ch)};" for ch in text[end:])
    return lead + text[start:end] + trail


def md_table(headers: list[str], rows: list[list[str]]) -> str:
    """A GFM table from already-formatted (unescaped) cell strings."""
    lines = ["| " + " | ".join(md_cell(h) for h in headers) + " |"]
    lines.append("|" + "|".join(" --- " for _ in headers) + "|")
    for row in rows:
        lines.append("| " + " | ".join(md_cell(cell) for cell in row) + " |")
    return "\n".join(lines)


# ---------------------------------------------------------------- view columns


def _join(items: Any, each: Callable[[Any], str] = str) -> str:
    if not items:
        return ""
    if isinstance(items, (list, tuple)):
        return "; ".join(s for s in (each(i) for i in items) if s)
    return str(items)


def _named(item: Any, key: str, extra: str) -> str:
    if not isinstance(item, dict):
        return str(item)
    name, detail = item.get(key) or "", item.get(extra) or ""
    return f"{name} ({detail})" if detail else str(name)


def _funding_item(item: Any) -> str:
    if not isinstance(item, dict):
        return str(item)
    parts = [item.get("funder") or "?", format_eur(item.get("amount_eur")),
             item.get("period") or "", item.get("kind") or ""]
    return " ".join(p for p in parts if p)


def cite(page: Any, quote: Any = None, document: Any = None) -> str:
    """A citation: `p. 12 « quote »` (document title first when given)."""
    parts = []
    if document:
        parts.append(str(document) + ",")
    if page not in (None, ""):
        parts.append(f"p. {page}")
    if quote:
        parts.append(f"« {' '.join(str(quote).split())} »")
    return " ".join(parts)


def _sources(items: Any) -> str:
    return _join(items, lambda s: cite(s.get("page"), s.get("quote")) if isinstance(s, dict) else str(s))


ATTRIBUTE_LABELS = {
    "kind": "type", "filiere": "filière", "created": "création", "territory": "territoire",
    "structure": "structure porteuse", "fte": "ETP", "members": "membres", "location": "localisation",
    "summary": "résumé", "category": "catégorie", "function": "fonction", "organisation": "organisation",
    "aliases": "autres noms", "directors": "direction", "links": "liens", "funding": "financements",
}


def _uncertain(value: Any) -> str:
    if isinstance(value, (list, tuple)):
        return ", ".join(ATTRIBUTE_LABELS.get(str(v), str(v)) for v in value)
    return "oui" if value else ""


Column = tuple[str, str, Callable[[dict], str]]


def _field(name: str, fmt: Callable[[Any], str] = lambda v: "" if v is None else str(v)) -> Callable[[dict], str]:
    return lambda row: fmt(row.get(name))


_SOURCE: Callable[[dict], str] = lambda row: cite(row.get("page"), row.get("quote"))  # noqa: E731

COLUMNS: dict[str, list[Column]] = {
    "filieres": [
        ("name", "Filière", _field("name")),
        ("clusters", "Clusters", _field("clusters", _join)),
        ("fte", "ETP", _field("fte", format_number)),
        ("funding_eur", "Financements", _field("funding_eur", format_eur)),
        ("documents", "Documents", _field("documents", _join)),
    ],
    "clusters": [
        ("name", "Cluster", _field("name")),
        ("kind", "Type", _field("kind")),
        ("filiere", "Filière", _field("filiere")),
        ("territory", "Territoire", _field("territory", _join)),
        ("created", "Création", _field("created")),
        ("structure", "Structure porteuse", _field("structure")),
        ("fte", "ETP", _field("fte", format_number)),
        ("members", "Membres", _field("members", format_number)),
        ("directors", "Direction", _field("directors", lambda v: _join(v, lambda i: _named(i, "name", "role")))),
        ("links", "Liens", _field("links", lambda v: _join(v, lambda i: _named(i, "name", "relation")))),
        ("funding", "Financements", _field("funding", lambda v: _join(v, _funding_item))),
        ("uncertain", "Incertain", _field("uncertain", _uncertain)),
        ("sources", "Sources", _field("sources", _sources)),
    ],
    "actors": [
        ("name", "Acteur", _field("name")),
        ("kind", "Type", _field("kind", lambda v: {"person": "personne", "organisation": "organisation"}.get(v, v or ""))),
        ("category", "Catégorie", _field("category")),
        ("function", "Fonction", _field("function")),
        ("organisation", "Organisation", _field("organisation")),
        ("roles", "Rôles", _field("roles", lambda v: _join(v, lambda i: f"{i.get('role', '')} de {i.get('of', '')}" if isinstance(i, dict) else str(i)))),
        ("documents", "Documents", _field("documents", _join)),
    ],
    "roles": [
        ("person", "Personne", _field("person")),
        ("role", "Rôle", _field("role")),
        ("of", "De", _field("of")),
        ("inferred", "Déduit", _field("inferred", _uncertain)),
        ("uncertain", "Incertain", _field("uncertain", _uncertain)),
        ("page", "Source", _SOURCE),
    ],
    "links": [
        ("source", "Cluster", _field("source")),
        ("relation", "Relation", _field("relation")),
        ("target", "Avec", _field("target")),
        ("uncertain", "Incertain", _field("uncertain", _uncertain)),
        ("page", "Source", _SOURCE),
    ],
    "funding": [
        ("funder", "Financeur", _field("funder")),
        ("recipient", "Bénéficiaire", _field("recipient")),
        ("amount_eur", "Montant", _field("amount_eur", format_eur)),
        ("period", "Période", _field("period")),
        ("kind", "Nature", _field("kind")),
        ("uncertain", "Incertain", _field("uncertain", _uncertain)),
        ("page", "Source", _SOURCE),
    ],
}

VIEW_TITLES = {
    "filieres": "Filières", "clusters": "Clusters", "actors": "Acteurs",
    "roles": "Rôles", "links": "Liens entre clusters", "funding": "Financements",
}


def _columns(view: str) -> list[Column]:
    try:
        return COLUMNS[view]
    except KeyError:
        raise UsageError(f"vue inconnue « {view} »; vues: {', '.join(COLUMNS)}") from None


def render_markdown(view: str, rows: list[dict], title: str | None = None) -> str:
    """A Markdown document holding one GFM table of a view's rows, French-formatted."""
    columns = _columns(view)
    heading = title if title is not None else VIEW_TITLES[view]
    body = [[fmt(row) for _, _, fmt in columns] for row in rows]
    parts = [f"# {md_text(heading)}", ""]
    if rows:
        parts += [md_table([header for _, header, _ in columns], body), "", f"{len(rows)} ligne(s)."]
    else:
        parts.append("Aucune ligne.")
    return "\n".join(parts) + "\n"


def render_csv(view: str, rows: list[dict]) -> str:
    """CSV of a view (raw numbers, lists joined by `; `), safe to open in a spreadsheet."""
    fields = [field for field, _, _ in _columns(view)]
    # The Markdown "Source" column is two raw columns here: page and quote.
    fields = [name for field in fields for name in (("page", "quote", "document") if field == "page" else (field,))]
    formatters = {field: fmt for field, _, fmt in _columns(view)}
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(fields)
    for row in rows:
        writer.writerow([_csv_value(row.get(field), formatters.get(field), row) for field in fields])
    return out.getvalue()


def _csv_value(value: Any, fmt: Callable[[dict], str] | None, row: dict) -> Any:
    if isinstance(value, bool):
        value = int(value)
    elif isinstance(value, (list, tuple, dict)) and fmt is not None:
        value = fmt(row)
    elif value is not None and not isinstance(value, (int, float, str)):
        value = str(value)
    if isinstance(value, str):
        value = strip_controls(value).replace("\r\n", "\n").replace("\r", "\n")
        if value[:1] in ("=", "+", "-", "@", "\t"):
            value = "'" + value  # a spreadsheet would run it as a formula
    return value


def render_dossier_markdown(kind: str, dossier: dict) -> str:
    """A cluster, actor or filière dossier as Markdown (see `grappe.db.export_dossier`)."""
    from grappe.db.export_dossier import render_dossier_markdown as render

    return render(kind, dossier)
