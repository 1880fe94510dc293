"""Writing the knowledge base: built whole into a temporary file, swapped in only on success.

A failed, interrupted or refused import leaves the previous database byte for byte: the
live file is only ever replaced by `os.replace` of a complete, committed build, in SQLite's
default rollback-journal mode (no WAL, so no reader can lose the new build).
"""

from __future__ import annotations

import json
import os
import sqlite3
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote

from grappe.db.connect import SQLITE_MAGIC
from grappe.db.durable import fsync_file, fsync_folder
from grappe.db.errors import DatabaseError
from grappe.db.load_rows import PassageIds, insert_rows, insert_tuples, next_free_id
from grappe.db.schema import create_schema, index_names, index_passages, passages_indexed
from grappe.db.summaries import fill_summaries

if TYPE_CHECKING:
    import sqlite_utils

STAGING_PREFIX = ".grappe-build-"


@dataclass
class DocumentRecord:
    """A document row and its passages, ready to load."""

    id: str
    title: str
    authors: list[str]
    year: int | None
    region: str | None
    source: str | None
    path: str
    sha256: str
    encoding: str
    size_bytes: int
    removed_chars: int
    pages: int
    passages: list[dict]  # seq, page, line, section_number, section_title, kind, level, number,
    # caption, flags, footnote_refs, text
    warnings: list[str]


def staging_path(target: Path) -> Path:
    return target.with_name(f"{STAGING_PREFIX}{target.name}.{os.getpid()}.tmp")


def remove_stale_staging(target: Path) -> None:
    """Remove build files left by crashed runs of grappe for this target (only ours)."""
    pattern = f"{STAGING_PREFIX}{target.name}."
    try:
        entries = list(target.parent.iterdir())
    except OSError:
        return
    for entry in entries:
        name = entry.name
        if not name.startswith(pattern):
            continue
        pid = name[len(pattern):].split(".")[0]
        if pid.isdigit() and _alive(int(pid)) and int(pid) != os.getpid():
            continue
        for suffix in ("", "-journal"):
            try:
                Path(str(entry) + suffix if suffix else entry).unlink()
            except OSError:
                pass


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def check_replaceable(target: Path) -> None:
    """Refuse to overwrite something that is not a grappe database (a folder, a text file…)."""
    try:
        st = os.stat(target)
    except FileNotFoundError:
        return
    except OSError as error:
        raise DatabaseError(f"accès impossible ({error.strerror})", path=target) from None
    if stat.S_ISDIR(st.st_mode):
        raise DatabaseError("est un dossier, pas une base", path=target)
    if not stat.S_ISREG(st.st_mode):
        raise DatabaseError("n'est pas un fichier ordinaire", path=target)
    if st.st_size == 0:
        return
    try:
        with open(target, "rb") as handle:
            head = handle.read(len(SQLITE_MAGIC))
    except OSError as error:
        raise DatabaseError(f"lecture impossible ({error.strerror})", path=target) from None
    if head != SQLITE_MAGIC:
        raise DatabaseError(
            "existe et n'est pas une base SQLite; grappe refuse de l'écraser", path=target
        )
    if not _is_grappe_database(target):
        raise DatabaseError(
            "est une base SQLite d'une autre application; grappe refuse de l'écraser",
            path=target,
        )


def _is_grappe_database(target: Path) -> bool:
    uri = "file:" + quote(str(target.resolve())) + "?mode=ro"
    try:
        conn = sqlite3.connect(uri, uri=True)
        try:
            names = {row[0] for row in conn.execute("SELECT name FROM sqlite_schema")}
        finally:
            conn.close()
    except sqlite3.DatabaseError:
        return True  # damaged: rebuilding it is the advice we give, so let it be replaced
    return not names or {"documents", "passages"} <= names


@contextmanager
def build(target: Path) -> Iterator["sqlite_utils.Database"]:
    """Yield a fresh database in a staging file; on success, swap it over the target.

    The staging file sits beside the target (same file system, so the swap is atomic) and
    is removed on any failure, including KeyboardInterrupt.
    """
    import sqlite_utils  # only an import needs it: `grappe check` reads STAGING_PREFIX here

    target = Path(target)
    if target.is_symlink():
        target = Path(os.path.realpath(target))  # replace the linked file, keep the link
    check_replaceable(target)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise DatabaseError(f"dossier impossible à créer ({error.strerror})", path=target.parent) from None
    remove_stale_staging(target)
    staging = staging_path(target)
    conn: sqlite3.Connection | None = None
    try:
        staging.unlink(missing_ok=True)
        conn = sqlite3.connect(staging, isolation_level=None)
        conn.execute("PRAGMA journal_mode = OFF")  # a staging file needs no rollback journal
        conn.execute("PRAGMA synchronous = OFF")  # made durable below, before the swap
        conn.execute("PRAGMA foreign_keys = ON")
        # No sqlite-utils plugins: loading them scans every installed package's entry points
        # (~15 ms) and a build must not depend on what else is installed.
        db = sqlite_utils.Database(conn, execute_plugins=False)
        create_schema(conn)  # executescript: runs outside any transaction
        conn.execute("BEGIN")
        yield db
        if not passages_indexed(conn):  # else indexed meanwhile (db/passage_index.py)
            index_passages(conn)
        index_names(conn)
        fill_summaries(conn)
        if conn.in_transaction:
            conn.execute("COMMIT")
        conn.execute("PRAGMA optimize")
        conn.close()
        conn = None
        fsync_file(staging)
        _retire_old_journal(target)
        os.replace(staging, target)
        fsync_folder(target.parent)
    except sqlite3.Error as error:
        _discard(conn, staging)
        raise DatabaseError(f"écriture de la base impossible ({error})", path=target) from None
    except OSError as error:
        _discard(conn, staging)
        raise DatabaseError(f"écriture de la base impossible ({error.strerror})", path=target) from None
    except BaseException:
        _discard(conn, staging)
        raise


def _retire_old_journal(target: Path) -> None:
    """Remove the rollback journal a crashed writer left beside the old file, just before the swap.

    That journal belongs to the file being replaced: left in place, it would be "rolled back"
    into the new build (corrupting it) or make read-only opens fail forever.
    """
    Path(str(target) + "-journal").unlink(missing_ok=True)


def _discard(conn: sqlite3.Connection | None, staging: Path) -> None:
    if conn is not None:
        conn.close()
    for leftover in (staging, Path(str(staging) + "-journal")):
        try:
            leftover.unlink(missing_ok=True)
        except OSError:
            pass


def _json_list(items: list | None) -> str:
    """A list as JSON; most passages have no flags or footnotes, and json.dumps is slow for []."""
    return json.dumps(items) if items else "[]"


# A passage record's plain fields, then its two JSON lists, in the order of _PASSAGE_COLUMNS.
_PASSAGE_FIELDS = ("seq", "page", "line", "section_number", "section_title", "kind", "level",
                   "number", "caption", "text")
_PASSAGE_COLUMNS = ["id", "document_id", *_PASSAGE_FIELDS, "flags", "footnote_refs"]


def load_documents(db: "sqlite_utils.Database", documents: list[DocumentRecord]) -> PassageIds:
    """Insert documents and their passages; return the passage id of each (document, seq).

    Ids continue after the passages already loaded, so that an import can load its documents
    one at a time (as each is prepared) and drop their text from memory.
    """
    passage_ids = PassageIds()
    next_id = next_free_id(db, "passages")
    for doc in sorted(documents, key=lambda d: d.id):
        insert_rows(db, "documents", [
            {
                "id": doc.id, "title": doc.title, "authors": json.dumps(doc.authors, ensure_ascii=False),
                "year": doc.year, "region": doc.region, "source": doc.source, "path": doc.path,
                "sha256": doc.sha256, "encoding": doc.encoding, "size_bytes": doc.size_bytes,
                "removed_chars": doc.removed_chars, "pages": doc.pages,
            }
        ])
        passage_ids.add(doc.id, [passage["seq"] for passage in doc.passages], next_id)
        # Tuples in a fixed column order, not dicts checked value by value: the importing
        # process loads ~400 passages per document while it feeds the workers (3.4 -> 2.7 ms
        # of CPU per generated document, median of 4 interleaved runs over 100 documents).
        insert_tuples(db, "passages", _PASSAGE_COLUMNS, [
            (passage_id, doc.id, *map(passage.get, _PASSAGE_FIELDS),
             _json_list(passage.get("flags")), _json_list(passage.get("footnote_refs")))
            for passage_id, passage in enumerate(doc.passages, start=next_id)
        ])
        next_id += len(doc.passages)
        insert_rows(db, "warnings",
            ({"document_id": doc.id, "stage": "segment", "message": w} for w in doc.warnings),
        )
    return passage_ids
