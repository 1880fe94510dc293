"""The `grappe` command line: a thin layer over the importer and the database.

Textual is imported only inside `browse`, so `grappe import` starts fast. Every expected
failure is one line on stderr and a non-zero status; an unexpected one writes a log file
and never prints document text on screen.
"""

from __future__ import annotations

import functools
import os
import sys
import traceback
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer

if TYPE_CHECKING:
    from grappe.importer.pipeline import ImportSummary

from grappe.db.errors import (
    EXIT_INTERRUPTED,
    EXIT_SOFTWARE,
    GrappeError,
    UsageError,
    display_path,
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


def default_database() -> Path:
    """`$GRAPPE_DB`, else `grappe.db` in the user data directory."""
    env = os.environ.get("GRAPPE_DB")
    if env:
        return Path(env)
    from platformdirs import user_data_dir

    return Path(user_data_dir("grappe", appauthor=False)) / "grappe.db"


def resolve_database(db: Path | None) -> Path:
    return db if db is not None else default_database()


def say(message: str, *, err: bool = True) -> None:
    """Print plain text (never parsed as markup) to stderr or stdout."""
    stream = sys.stderr if err else sys.stdout
    try:
        stream.write(message + "\n")
    except UnicodeEncodeError:  # a terminal or pipe that cannot show accents (PYTHONIOENCODING=ascii)
        encoding = getattr(stream, "encoding", None) or "ascii"
        stream.write((message + "\n").encode(encoding, "backslashreplace").decode(encoding))
    stream.flush()


def crash_log(error: BaseException) -> Path | None:
    """Write the traceback of an unexpected error to a log file and return its path.

    The user log folder, else the temporary folder; None if neither can be written (the
    error must still end in one line, never in a second traceback).
    """
    import tempfile

    from platformdirs import user_log_dir

    name = f"crash-{datetime.now():%Y%m%d-%H%M%S}-{os.getpid()}.log"
    report = "".join(traceback.format_exception(error))
    preferred = os.environ.get("GRAPPE_LOG_DIR") or user_log_dir("grappe", appauthor=False)
    for folder in (Path(preferred), Path(tempfile.gettempdir())):
        try:
            folder.mkdir(parents=True, exist_ok=True)
            path = folder / name
            path.write_text(report, "utf-8")
            return path
        except OSError:
            continue
    return None


def guarded(command: F) -> F:
    """Map expected errors to one line and a status; log unexpected ones."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except GrappeError as error:
            say(f"grappe: {error}")
            raise typer.Exit(error.exit_code) from None
        except KeyboardInterrupt:
            say("grappe: interrompu; la base précédente est intacte")
            raise typer.Exit(EXIT_INTERRUPTED) from None
        except typer.Exit:
            raise
        except Exception as error:  # noqa: BLE001 - the last line of defence
            log = crash_log(error)
            where = f"détails dans {display_path(log)}" if log else "journal impossible à écrire"
            say(f"grappe: erreur inattendue ({type(error).__name__}); {where}")
            raise typer.Exit(EXIT_SOFTWARE) from None

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
) -> None:
    """Build the knowledge base from monographs (replaces the database only on success)."""
    from grappe.importer.pipeline import bundled_document

    if max_size <= 0:
        raise UsageError("--max-size doit être positif")
    target = resolve_database(db)
    sources = list(paths) if paths else [bundled_document()]
    summary = _run_with_progress(sources, target, encoding, max_size * 1024 * 1024)
    _print_summary(summary)


def _run_with_progress(
    sources: list[Path], target: Path, encoding: str | None, max_bytes: int
) -> ImportSummary:
    """Import, showing a progress bar on stderr when there are several documents.

    Only on a terminal, and transient: a pipe or a log gets nothing but the result, so a
    refusal stays one line.
    """
    from grappe.importer.pipeline import run_import

    if (len(sources) == 1 and not sources[0].is_dir()) or not sys.stderr.isatty():
        return run_import(sources, target, encoding=encoding, max_bytes=max_bytes)
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    console = Console(stderr=True)
    with Progress(
        TextColumn("import"), BarColumn(), MofNCompleteColumn(), console=console, transient=True
    ) as bar:
        task = bar.add_task("import", total=None)

        def progress(done: int, total: int, path: Path) -> None:
            bar.update(task, completed=done, total=total)

        return run_import(sources, target, encoding=encoding, max_bytes=max_bytes, progress=progress)


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
        from grappe.tui.commands_browse import fast_path

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
