"""`grappe check [--db FILE]`: a read-only health report of the knowledge base.

It prints integrity (quick_check, the FTS integrity checks), the schema version, the
documents with their hashes, row counts and orphan facts, and exits non-zero when anything
is wrong. It never writes and never repairs: the advice is to re-import.
"""

from __future__ import annotations

from typing import Any

import typer

from grappe.db.errors import EXIT_DATA, display_path
from grappe.tui.cli import DbOption, guarded, resolve_database, say


def format_report(report: Any) -> str:
    """The report as plain lines (data made visible with display_path, never markup)."""
    lines = [
        f"base: {display_path(report.path)}",
        f"version du schéma: {report.schema_version}",
        f"quick_check: {'; '.join(display_path(line) for line in report.quick_check[:5])}",
    ]
    if report.fts:
        lines.append(
            "index plein texte: "
            + ", ".join(f"{name} {display_path(state)}" for name, state in report.fts.items())
        )
    lines.append(f"documents: {len(report.documents)}")
    for document in report.documents:
        lines.append(
            f"  {display_path(document.id)}  sha256 {display_path(document.sha256)}  "
            f"{document.passages} passages  {display_path(document.title)}"
        )
    lines.append("lignes: " + ", ".join(f"{table} {count}" for table, count in report.counts.items()))
    orphans = {name: count for name, count in report.orphans.items() if count}
    lines.append(
        "orphelins: " + (", ".join(f"{name} {count}" for name, count in orphans.items()) or "aucun")
    )
    if report.leftovers:
        lines.append(
            "fichiers d'un import interrompu (supprimés au prochain import): "
            + ", ".join(display_path(name) for name in report.leftovers)
        )
    if report.problems:
        lines.append(f"problèmes: {len(report.problems)}")
        lines += [f"  - {display_path(problem)}" for problem in report.problems]
        lines.append("conseil: relancez `grappe import` pour reconstruire la base")
    else:
        lines.append("résultat: aucun problème")
    return "\n".join(lines)


def register(app: typer.Typer) -> None:
    """Add `grappe check` to the command line."""

    @app.command("check")
    @guarded
    def check_command(db: DbOption = None) -> None:
        """Check the knowledge base read-only (integrity, FTS index, orphans); exit 1 if wrong."""
        from grappe.db.check import check_database

        report = check_database(resolve_database(db))
        say(format_report(report), err=False)
        if not report.ok:
            raise typer.Exit(EXIT_DATA)
