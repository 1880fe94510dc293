"""Opening the explorer: the bundled monograph imported on first use, the database checked,
the app run. No Typer here, so plain `grappe` reaches the first screen sooner.
"""

from __future__ import annotations

import os
from pathlib import Path

from grappe.db.errors import EXIT_SOFTWARE, UsageError, display_path
from grappe.tui.runtime import resolve_database, run_guarded, say

INITIAL_PANE = "clusters"


def ensure_database(path: Path, *, explicit: bool) -> None:
    """Import the bundled monograph when the default database does not exist yet.

    A path the user typed (`--db`, `$GRAPPE_DB`) is never created: a typo must not become an
    empty knowledge base.
    """
    if path.exists() or explicit:
        return
    from grappe.importer.pipeline import bundled_document, run_import

    say(f"grappe: première ouverture, import de la monographie fournie dans {display_path(path)}…")
    run_import([bundled_document()], path)
    say("grappe: import terminé")


def check_theme(theme: str | None) -> None:
    """Refuse an unknown `--theme` before the app starts."""
    if theme is None:
        return
    from textual.theme import BUILTIN_THEMES

    from grappe.themes.loader import SHORT_NAMES, canonical_theme_name, load_themes

    known = set(BUILTIN_THEMES) | {t.name for t in load_themes().themes}
    if canonical_theme_name(theme) not in known:
        raise UsageError(f"thème inconnu « {theme} »; thèmes: {', '.join(sorted(SHORT_NAMES))}")


def run_browser(db: Path | None, theme: str | None) -> int:
    """Open the explorer on a database; return the process exit status."""
    from grappe.db.connect import open_readonly

    explicit = db is not None or bool(os.environ.get("GRAPPE_DB"))
    path = resolve_database(db)
    check_theme(theme)
    ensure_database(path, explicit=explicit)
    from grappe.tui.process import import_asyncio_without_ssl, resume_after_start, tune_for_start

    tune_for_start()  # collector paused until the first screen is painted (tui/process.py)
    try:
        open_readonly(path).close()  # one clear line for a missing, corrupt or outdated base
        from grappe.tui.prefetch import FirstPagePrefetch

        first_page = FirstPagePrefetch(path, INITIAL_PANE)  # read while Textual is imported

        import_asyncio_without_ssl()  # for Textual, without the TLS it never uses
        from grappe.tui.app import GrappeApp

        app = GrappeApp(path, theme=theme, initial_pane=INITIAL_PANE, first_page=first_page)
        app.run()
    finally:
        resume_after_start()  # when the app ended before its first screen was complete
    if app.crash_log_path is not None:
        return EXIT_SOFTWARE  # the app already said where the log is
    return app.return_code or 0


def fast_path(argv: list[str]) -> int | None:
    """Open the explorer for `grappe [--db F]` and `grappe browse [--db F] [--theme T]` directly.

    The command-line parser costs a noticeable part of the time to the first screen, so these
    exact forms skip it; anything else (help, `--db=F`, other commands) returns None.
    """
    args = list(argv)
    browse = args[:1] == ["browse"]
    if browse:
        args = args[1:]
    allowed = ("--db", "--theme") if browse else ("--db",)
    options: dict[str, str] = {}
    while args:
        if len(args) < 2 or args[0] not in allowed or args[0] in options or args[1].startswith("-"):
            return None
        options[args[0]] = args[1]
        args = args[2:]
    db = Path(options["--db"]) if "--db" in options else None
    return run_guarded(run_browser, db, options.get("--theme"))
