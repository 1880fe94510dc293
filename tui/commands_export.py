"""`grappe export VIEW`: one view of the knowledge base as JSON, Markdown or CSV.

The same renderers serve the app's export dialog. Output goes to stdout, or to `--output`
through the atomic, no-clobber writer; document text never reaches the terminal as control
sequences (JSON escapes them, Markdown and CSV drop them).
"""

from __future__ import annotations

import json
import re
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from grappe.db.errors import UsageError

# Same option as `grappe.tui.cli.DbOption`, declared here because Typer resolves the
# annotations in this module's globals (cli.py imports this module, not the reverse).
DbOption = Annotated[
    Path | None,
    typer.Option("--db", help="Database file (default: $GRAPPE_DB, else the user data folder)."),
]

VIEW_NAMES = ("filieres", "clusters", "actors", "roles", "links", "funding")


class ExportFormat(str, Enum):
    """Output formats of `grappe export`."""

    json = "json"
    md = "md"
    csv = "csv"


# Characters JSON leaves raw with ensure_ascii=False but a terminal would act on.
_UNSAFE_IN_JSON = re.compile("[\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069\u061c\u2028\u2029]")


def render_view(conn: object, view: str, fmt: ExportFormat) -> str:
    """The text of one view in one format (no file written)."""
    from grappe.db.export import render_csv, render_markdown
    from grappe.db.views import VIEWS

    if view not in VIEWS:
        raise UsageError(f"vue inconnue « {view} »; vues: {', '.join(VIEWS)}")
    rows = VIEWS[view](conn)
    if fmt is ExportFormat.json:
        text = json.dumps(rows, ensure_ascii=False, indent=2)
        return _UNSAFE_IN_JSON.sub(lambda m: f"\\u{ord(m.group()):04x}", text) + "\n"
    if fmt is ExportFormat.md:
        return render_markdown(view, rows)
    return render_csv(view, rows)


def register(app: typer.Typer) -> None:
    """Add `grappe export` to the command line."""
    from grappe.tui.cli import guarded, resolve_database, say

    @app.command("export")
    @guarded
    def export_command(
        view: Annotated[str, typer.Argument(help=f"View: {', '.join(VIEW_NAMES)}.")],
        format: Annotated[ExportFormat, typer.Option("--format", "-f", help="json, md or csv.")] = ExportFormat.json,
        output: Annotated[
            Path | None, typer.Option("--output", "-o", help="Write to this file instead of stdout.")
        ] = None,
        force: Annotated[bool, typer.Option("--force", help="Replace --output if it exists.")] = False,
        db: DbOption = None,
    ) -> None:
        """Print or write one view (filieres, clusters, actors, roles, links, funding)."""
        from grappe.db.connect import open_readonly
        from grappe.db.errors import display_path
        from grappe.db.export import write_export

        if view not in VIEW_NAMES:
            raise UsageError(f"vue inconnue « {view} »; vues: {', '.join(VIEW_NAMES)}")
        conn = open_readonly(resolve_database(db))
        try:
            text = render_view(conn, view, format)
        finally:
            conn.close()
        if output is None:
            sys.stdout.write(text)
            sys.stdout.flush()
            return
        written = write_export(output, text, overwrite=force)
        say(f"exporté: {display_path(written)}")
