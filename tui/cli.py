"""The `grappe` command line: a thin layer over the importer and the database.

Textual is imported only inside `browse`, so `grappe import` starts fast. Every expected
failure is one line on stderr and a non-zero status; an unexpected one writes a log file
and never prints document text on screen.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer

if TYPE_CHECKING:
    from grappe.importer.pipeline import ImportSummary

from grappe.db.errors import EXIT_INTERRUPTED, UsageError, display_path
from grappe.tui.runtime import (  # noqa: F401 - re-exported for the command modules
    crash_log,
    default_database,
    resolve_database,
    run_guarded,
    say,
)

app = typer.Typer(
    name="grappe",
    help="Explorer of regional cluster policy monographs (pôles, grappes, filières).",
    no_args_is_help=False,
    invoke_without_command=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)

F = TypeVar("F", bound=Callable[..., Any])

DbOption = Annotated[
    Path | None,
    typer.Option("--db", help="Database file (default: $GRAPPE_DB, else the user data folder)."),
]


def guarded(command: F) -> F:
    """Map expected errors to one line and a status; log unexpected ones."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        status = run_guarded(command, *args, passthrough=(typer.Exit,), **kwargs)
        if status:
            raise typer.Exit(status)

    return wrapper  # type: ignore[return-value]


@app.callback()
def root(ctx: typer.Context, db: DbOption = None) -> None:
    """With no command, open the explorer."""
    if ctx.invoked_subcommand is None:
        from grappe.tui.commands_browse import open_from_root

        open_from_root(db)


@app.command("import")
@guarded
def import_command(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(help="Documents (.txt, .pdf) or folders; default: the bundled monograph."),
    ] = None,
    db: DbOption = None,
    encoding: Annotated[
        str | None, typer.Option(help="Force the text encoding (e.g. cp1252).")
    ] = None,
    max_size: Annotated[
        int, typer.Option(help="Largest document accepted, in megabytes.")
    ] = 20,
    jobs: Annotated[
        int | None,
        typer.Option("--jobs", "-j", help="Processes preparing documents (default: one per CPU; 1: no worker)."),
    ] = None,
) -> None:
    """Build the knowledge base from monographs (replaces the database only on success)."""
    from grappe.importer.pipeline import bundled_document

    if max_size <= 0:
        raise UsageError("--max-size doit être positif")
    if jobs is not None and jobs <= 0:
        raise UsageError("--jobs doit être positif")
    target = resolve_database(db)
    sources = list(paths) if paths else [bundled_document()]
    summary = _run_with_progress(sources, target, encoding, max_size * 1024 * 1024, jobs)
    _print_summary(summary)


def _run_with_progress(
    sources: list[Path], target: Path, encoding: str | None, max_bytes: int, jobs: int | None = None
) -> ImportSummary:
    """Import, showing a progress bar on stderr when there are several documents.

    Only on a terminal, and transient: a pipe or a log gets nothing but the result, so a
    refusal stays one line.
    """
    from grappe.importer.pipeline import run_import

    if (len(sources) == 1 and not sources[0].is_dir()) or not sys.stderr.isatty():
        return run_import(sources, target, encoding=encoding, max_bytes=max_bytes, jobs=jobs)
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    console = Console(stderr=True)
    with Progress(
        TextColumn("import"), BarColumn(), MofNCompleteColumn(), console=console, transient=True
    ) as bar:
        task = bar.add_task("import", total=None)

        def progress(done: int, total: int, path: Path) -> None:
            bar.update(task, completed=done, total=total)

        return run_import(sources, target, encoding=encoding, max_bytes=max_bytes, progress=progress, jobs=jobs)


def _print_summary(summary: ImportSummary) -> None:
    """The closing report on stdout: counts by kind, facts and warnings (paths made visible)."""
    kinds = ", ".join(f"{kind} {count}" for kind, count in sorted(summary.passages.items()))
    facts = ", ".join(f"{name} {count}" for name, count in summary.facts.items())
    lines = [
        f"base: {display_path(summary.database)}",
        f"documents: {summary.documents}   pages: {summary.pages}",
        f"passages: {sum(summary.passages.values())} ({kinds})",
        f"tableaux: {summary.passages.get('table', 0)}   notes: {summary.passages.get('footnote', 0)}",
        f"faits: {facts}",
        f"avertissements: {len(summary.warnings)}",
    ]
    lines += [f"  - {display_path(w)}" for w in summary.warnings[:20]]
    if len(summary.warnings) > 20:
        lines.append(f"  … et {len(summary.warnings) - 20} autres")
    lines += [f"ignoré: {display_path(s)}" for s in summary.skipped]
    say("\n".join(lines), err=False)


def main() -> None:
    """Console-script entry point."""
    try:
        from grappe.tui.browser import fast_path

        status = fast_path(sys.argv[1:])  # plain `grappe`/`grappe browse`: no Typer parsing
        if status is not None:
            sys.exit(status)
        app()
    except KeyboardInterrupt:
        say("grappe: interrompu")
        sys.exit(EXIT_INTERRUPTED)



# Commands defined in their own modules register here (each module: `register(app)`),
# so that no command imports Textual before it runs.
from grappe.tui import commands_check  # noqa: E402

commands_check.register(app)
from grappe.tui import commands_export  # noqa: E402

commands_export.register(app)
from grappe.tui import commands_lookup  # noqa: E402

commands_lookup.register(app)
from grappe.tui import commands_browse  # noqa: E402

commands_browse.register(app)
