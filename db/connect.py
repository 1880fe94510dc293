"""Opening the knowledge base: read-only for browsing, never creating a file by accident."""

from __future__ import annotations

import os
import sqlite3
import stat
from pathlib import Path
from urllib.parse import quote

from grappe.db.errors import DatabaseError
from grappe.db.schema import SCHEMA_VERSION

SQLITE_MAGIC = b"SQLite format 3\x00"


def check_database_file(path: Path) -> None:
    """Refuse, with one line, a path that is not an existing SQLite file."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        raise DatabaseError("base introuvable; lancez `grappe import` pour la créer", path=path) from None
    except PermissionError:
        raise DatabaseError("permission refusée", path=path) from None
    if stat.S_ISDIR(st.st_mode):
        raise DatabaseError("est un dossier, pas une base SQLite", path=path)
    if not stat.S_ISREG(st.st_mode):
        raise DatabaseError("n'est pas un fichier ordinaire", path=path)
    if st.st_size == 0:
        raise DatabaseError("base vide (non initialisée); lancez `grappe import`", path=path)
    try:
        with open(path, "rb") as handle:
            head = handle.read(len(SQLITE_MAGIC))
    except PermissionError:
        raise DatabaseError("permission refusée", path=path) from None
    if head != SQLITE_MAGIC:
        raise DatabaseError("n'est pas une base SQLite", path=path)


def open_readonly(path: Path) -> sqlite3.Connection:
    """Open an existing grappe database for reading only, checking its schema version.

    The connection may be used from worker threads (one at a time), as Textual workers do.
    """
    path = Path(path)
    check_database_file(path)
    uri = "file:" + quote(str(path.resolve())) + "?mode=ro"
    conn: sqlite3.Connection | None = None
    try:
        conn = sqlite3.connect(uri, uri=True, check_same_thread=False)
        conn.execute("PRAGMA query_only = 1")
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        conn.execute("SELECT count(*) FROM sqlite_schema").fetchone()
    except sqlite3.DatabaseError as error:
        if conn is not None:
            conn.close()
        raise DatabaseError(_explain(error), path=path) from None
    except UnicodeDecodeError:  # SQLite's message quoted garbled bytes of a damaged schema
        if conn is not None:
            conn.close()
        raise DatabaseError(
            "base endommagée (schéma illisible); restaurez une sauvegarde ou relancez `grappe import`",
            path=path,
        ) from None
    if version != SCHEMA_VERSION:
        conn.close()
        raise DatabaseError(
            f"version de schéma {version}, grappe attend {SCHEMA_VERSION}; "
            "relancez `grappe import` pour reconstruire la base",
            path=path,
        )
    conn.row_factory = sqlite3.Row
    return conn


def database_path(conn: sqlite3.Connection) -> str:
    """The file of a connection's main database ("" for an in-memory or temporary one)."""
    return next((row[2] for row in conn.execute("PRAGMA database_list") if row[1] == "main"), "")


def _explain(error: sqlite3.DatabaseError) -> str:
    text = str(error)
    if "malformed" in text or "not a database" in text:
        return "base endommagée (" + text + "); restaurez une sauvegarde ou relancez `grappe import`"
    if "readonly" in text or "hot journal" in text:
        return "import interrompu (journal présent); relancez `grappe import`"
    if "locked" in text:
        return "base verrouillée par un import en cours; réessayez dans un instant"
    return "ouverture impossible (" + text + ")"
