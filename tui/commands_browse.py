"""`grappe browse` (and plain `grappe`) on the command line; the work is in `grappe.tui.browser`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from grappe.tui.browser import ensure_database, fast_path, run_browser  # noqa: F401 - re-exported
from grappe.tui.cli import DbOption, guarded
from grappe.tui.runtime import run_guarded

ThemeOption = Annotated[
    str | None,
    typer.Option("--theme", help="Theme: dark, light, high-contrast (remembered in config.toml)."),
]


def register(app: typer.Typer) -> None:
    """Add `grappe browse` to the command line."""

    @app.command("browse")
    @guarded
    def browse_command(db: DbOption = None, theme: ThemeOption = None) -> None:
        """Browse the knowledge base (panes, dossiers, search, Markdown export)."""
        status = run_browser(db, theme)
        if status:
            raise typer.Exit(status)


def open_from_root(db: Path | None) -> None:
    """Plain `grappe`: the explorer with the default theme choice."""
    status = run_guarded(run_browser, db, None)
    if status:
        raise typer.Exit(status)


__all__ = ["fast_path", "register", "open_from_root", "run_browser"]
