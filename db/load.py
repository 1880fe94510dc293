"""Writing the knowledge base: built whole into a temporary file, swapped in only on success.

A failed, interrupted or refused import leaves the previous database byte for byte: the
live file is only ever replaced by `os.replace` of a complete, committed build, in SQLite's
default rollback-journal mode (no WAL, so no reader can lose the new build).
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import sqlite_utils

from grappe.db.errors import DatabaseError
from grappe.db.schema import create_schema, rebuild_search_indexes
from grappe.db.text import fold

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


@contextmanager
def build(target: Path) -> Iterator[sqlite_utils.Database]:
    """Yield a fresh database in a staging file; on success, swap it over the target."""
    target = Path(target)
    if target.exists() and target.is_dir():
        raise DatabaseError("est un dossier, pas une base", path=target)
    parent = target.parent
    if not parent.exists():
        parent.mkdir(parents=True, exist_ok=True)
    remove_stale_staging(target)
    staging = staging_path(target)
    staging.unlink(missing_ok=True)
    conn = sqlite3.connect(staging)
    try:
        conn.execute("PRAGMA journal_mode = DELETE")
        conn.execute("PRAGMA foreign_keys = ON")
        db = sqlite_utils.Database(conn)
        with conn:
            create_schema(conn)
            yield db
            rebuild_search_indexes(conn)
        conn.execute("PRAGMA optimize")
        conn.close()
        os.replace(staging, target)
    except BaseException:
        conn.close()
        for leftover in (staging, Path(str(staging) + "-journal")):
            leftover.unlink(missing_ok=True)
        raise


def load_documents(db: sqlite_utils.Database, documents: list[DocumentRecord]) -> dict[tuple[str, int], int]:
    """Insert documents and their passages; return the passage id of each (document, seq)."""
    passage_ids: dict[tuple[str, int], int] = {}
    next_id = 1
    for doc in sorted(documents, key=lambda d: d.id):
        db["documents"].insert(
            {
                "id": doc.id, "title": doc.title, "authors": json.dumps(doc.authors, ensure_ascii=False),
                "year": doc.year, "region": doc.region, "source": doc.source, "path": doc.path,
                "sha256": doc.sha256, "encoding": doc.encoding, "size_bytes": doc.size_bytes,
                "removed_chars": doc.removed_chars, "pages": doc.pages,
            }
        )
        rows = []
        for passage in doc.passages:
            passage_ids[(doc.id, passage["seq"])] = next_id
            rows.append({"id": next_id, "document_id": doc.id, **passage,
                         "flags": json.dumps(passage.get("flags", [])),
                         "footnote_refs": json.dumps(passage.get("footnote_refs", []))})
            next_id += 1
        db["passages"].insert_all(rows, batch_size=500)
        db["warnings"].insert_all(
            ({"document_id": doc.id, "stage": "segment", "message": w} for w in doc.warnings),
        )
    return passage_ids


def folded(text: str) -> str:
    return fold(text)
