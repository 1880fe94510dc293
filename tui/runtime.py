"""What every command needs before any parser loads: where the database is, one-line
messages, crash logs and the mapping of failures to exit statuses.

Kept free of Typer and Textual so that plain `grappe` can open the explorer without paying
for the command-line parser.
"""

from __future__ import annotations

import os
import sys
import traceback
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from grappe.db.errors import EXIT_INTERRUPTED, EXIT_SOFTWARE, GrappeError, display_path


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


def run_guarded(
    command: Callable[..., Any],
    *args: Any,
    passthrough: tuple[type[BaseException], ...] = (),
    **kwargs: Any,
) -> int:
    """Run a command; map expected errors to one line and a status, log unexpected ones.

    Returns the command's integer result (0 for None). Exceptions in `passthrough` (the
    parser's own exit signal) propagate untouched.
    """
    try:
        result = command(*args, **kwargs)
    except passthrough:
        raise
    except GrappeError as error:
        say(f"grappe: {error}")
        return error.exit_code
    except KeyboardInterrupt:
        say("grappe: interrompu; la base précédente est intacte")
        return EXIT_INTERRUPTED
    except Exception as error:  # noqa: BLE001 - the last line of defence
        log = crash_log(error)
        where = f"détails dans {display_path(log)}" if log else "journal impossible à écrire"
        say(f"grappe: erreur inattendue ({type(error).__name__}); {where}")
        return EXIT_SOFTWARE
    return result if isinstance(result, int) else 0
