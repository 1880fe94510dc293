"""`grappe check`: inspect a knowledge base without ever writing to it, and say what is wrong.

The database is opened with `open_readonly` (mode=ro, query_only). FTS5's thorough
`integrity-check` (rank=1, which compares the index with its content table) is a write
statement that a read-only connection refuses, so it runs on a private copy of the database
made with SQLite's backup API (in memory, or in a temporary file for large databases); the
file itself is only read.
"""

from __future__ import annotations

import os
import sqlite3
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from grappe.db.connect import open_readonly
from grappe.db.schema import SCHEMA_VERSION

# What a damaged file can raise: SQLite's errors, and undecodable text (garbled pages, or
# SQLite messages quoting them).
_FAULTS = (sqlite3.DatabaseError, UnicodeDecodeError)

# Databases above this size are copied to a temporary file rather than to memory.
MEMORY_COPY_LIMIT = 256 * 1024 * 1024

# FTS indexes: (table, thorough check). rank=1 compares an external-content index with its content.
FTS_CHECKS = (
    ("passages_fts", "INSERT INTO passages_fts(passages_fts, rank) VALUES ('integrity-check', 1)"),
    ("names_fts", "INSERT INTO names_fts(names_fts) VALUES ('integrity-check')"),
)

# Facts pointing nowhere: (description, tables needed, query counting the orphans).
ORPHAN_CHECKS: tuple[tuple[str, tuple[str, ...], str], ...] = (
    ("passages sans document", ("passages", "documents"),
     "SELECT count(*) FROM passages p WHERE NOT EXISTS (SELECT 1 FROM documents d WHERE d.id = p.document_id)"),
    ("preuves pointant vers un passage absent", ("evidence", "passages"),
     "SELECT count(*) FROM evidence e WHERE NOT EXISTS (SELECT 1 FROM passages p WHERE p.id = e.passage_id)"),
    ("preuves d'un fait absent", ("evidence", "clusters", "actors", "filieres", "attributes", "roles", "links", "funding"),
     "SELECT count(*) FROM evidence e WHERE "
     "(e.fact_type = 'cluster' AND NOT EXISTS (SELECT 1 FROM clusters x WHERE x.id = e.fact_id)) OR "
     "(e.fact_type = 'actor' AND NOT EXISTS (SELECT 1 FROM actors x WHERE x.id = e.fact_id)) OR "
     "(e.fact_type = 'filiere' AND NOT EXISTS (SELECT 1 FROM filieres x WHERE x.id = e.fact_id)) OR "
     "(e.fact_type = 'attribute' AND NOT EXISTS (SELECT 1 FROM attributes x WHERE x.id = CAST(e.fact_id AS INTEGER))) OR "
     "(e.fact_type = 'role' AND NOT EXISTS (SELECT 1 FROM roles x WHERE x.id = CAST(e.fact_id AS INTEGER))) OR "
     "(e.fact_type = 'link' AND NOT EXISTS (SELECT 1 FROM links x WHERE x.id = CAST(e.fact_id AS INTEGER))) OR "
     "(e.fact_type = 'funding' AND NOT EXISTS (SELECT 1 FROM funding x WHERE x.id = CAST(e.fact_id AS INTEGER)))"),
    ("liens vers un cluster absent", ("links", "clusters"),
     "SELECT count(*) FROM links l WHERE NOT EXISTS (SELECT 1 FROM clusters c WHERE c.id = l.source_id) "
     "OR NOT EXISTS (SELECT 1 FROM clusters c WHERE c.id = l.target_id)"),
    ("rôles d'une personne ou d'une structure absente", ("roles", "actors", "clusters"),
     "SELECT count(*) FROM roles r WHERE NOT EXISTS (SELECT 1 FROM actors a WHERE a.id = r.person_id) "
     "OR (r.of_type = 'cluster' AND NOT EXISTS (SELECT 1 FROM clusters c WHERE c.id = r.of_id)) "
     "OR (r.of_type = 'actor' AND NOT EXISTS (SELECT 1 FROM actors a WHERE a.id = r.of_id))"),
    ("clusters d'une filière absente", ("clusters", "filieres"),
     "SELECT count(*) FROM clusters c WHERE c.filiere_id IS NOT NULL "
     "AND NOT EXISTS (SELECT 1 FROM filieres f WHERE f.id = c.filiere_id)"),
    ("appartenances filière–cluster orphelines", ("filiere_clusters", "filieres", "clusters"),
     "SELECT count(*) FROM filiere_clusters m WHERE NOT EXISTS (SELECT 1 FROM filieres f WHERE f.id = m.filiere_id) "
     "OR NOT EXISTS (SELECT 1 FROM clusters c WHERE c.id = m.cluster_id)"),
    ("financements vers un bénéficiaire absent", ("funding", "clusters", "actors"),
     "SELECT count(*) FROM funding f WHERE f.recipient_id IS NOT NULL AND ("
     "(f.recipient_type = 'cluster' AND NOT EXISTS (SELECT 1 FROM clusters c WHERE c.id = f.recipient_id)) OR "
     "(f.recipient_type = 'actor' AND NOT EXISTS (SELECT 1 FROM actors a WHERE a.id = f.recipient_id)))"),
    ("financeurs absents", ("funding", "actors", "clusters"),
     "SELECT count(*) FROM funding f WHERE f.funder_id IS NOT NULL "
     "AND NOT EXISTS (SELECT 1 FROM actors a WHERE a.id = f.funder_id) "
     "AND NOT EXISTS (SELECT 1 FROM clusters c WHERE c.id = f.funder_id)"),
    ("alias d'une entité absente", ("aliases", "clusters", "actors", "filieres"),
     "SELECT count(*) FROM aliases x WHERE "
     "(x.entity_type = 'cluster' AND NOT EXISTS (SELECT 1 FROM clusters c WHERE c.id = x.entity_id)) OR "
     "(x.entity_type = 'actor' AND NOT EXISTS (SELECT 1 FROM actors a WHERE a.id = x.entity_id)) OR "
     "(x.entity_type = 'filiere' AND NOT EXISTS (SELECT 1 FROM filieres f WHERE f.id = x.entity_id))"),
)


@dataclass
class DocumentSummary:
    id: str
    title: str
    sha256: str
    passages: int


@dataclass
class CheckReport:
    """What `grappe check` found; `problems` empty means the knowledge base is sound."""

    path: Path
    schema_version: int | None = None
    quick_check: list[str] = field(default_factory=list)
    fts: dict[str, str] = field(default_factory=dict)
    documents: list[DocumentSummary] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    orphans: dict[str, int] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    leftovers: list[str] = field(default_factory=list)  # files a crashed import left beside it

    @property
    def ok(self) -> bool:
        return not self.problems


def check_database(path: Path) -> CheckReport:
    """Inspect the database at `path` read-only; raise DatabaseError if it cannot be opened."""
    path = Path(path)
    conn = open_readonly(path)  # refuses missing, empty, non-SQLite files and other versions
    conn.text_factory = lambda data: data.decode("utf-8", "replace")  # garbled text is reported, not fatal
    report = CheckReport(path)
    try:
        report.schema_version = conn.execute("PRAGMA user_version").fetchone()[0]
        if report.schema_version != SCHEMA_VERSION:  # pragma: no cover - open_readonly refuses it
            report.problems.append(f"version de schéma {report.schema_version}, attendue {SCHEMA_VERSION}")
        _quick_check(conn, report)
        tables = _tables(conn)
        _counts(conn, tables, report)
        _documents(conn, tables, report)
        _orphans(conn, tables, report)
        _foreign_keys(conn, report)
        _fts(conn, path, tables, report)
        _names_index_in_step(conn, tables, report)
        _summaries_in_step(conn, tables, report)
        report.leftovers = _leftovers(path)
    finally:
        conn.close()
    return report


def _quick_check(conn: sqlite3.Connection, report: CheckReport) -> None:
    try:
        report.quick_check = [str(row[0]) for row in conn.execute("PRAGMA quick_check")]
    except _FAULTS as error:
        report.quick_check = [str(error)]
    if report.quick_check != ["ok"]:
        report.problems.append("quick_check: " + "; ".join(report.quick_check[:5]))


def _tables(conn: sqlite3.Connection) -> set[str]:
    try:
        return {row[0] for row in conn.execute("SELECT name FROM sqlite_schema WHERE type = 'table'")}
    except _FAULTS:
        return set()


def _counts(conn: sqlite3.Connection, tables: set[str], report: CheckReport) -> None:
    for table in sorted(t for t in tables if not _is_fts_shadow(t, tables) and not t.startswith("sqlite_")):
        try:
            report.counts[table] = conn.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]
        except _FAULTS as error:
            report.problems.append(f"table {table} illisible ({error})")


def _is_fts_shadow(table: str, tables: set[str]) -> bool:
    return any(table.startswith(base + "_") for base in tables if base.endswith("_fts")) and not table.endswith("_fts")


def _documents(conn: sqlite3.Connection, tables: set[str], report: CheckReport) -> None:
    if not {"documents", "passages"} <= tables:
        report.problems.append("tables documents/passages absentes")
        return
    try:
        rows = conn.execute(
            "SELECT d.id, d.title, d.sha256, "
            "(SELECT count(*) FROM passages p WHERE p.document_id = d.id) FROM documents d ORDER BY d.id"
        ).fetchall()
    except _FAULTS as error:
        report.problems.append(f"documents illisibles ({error})")
        return
    report.documents = [DocumentSummary(str(r[0]), str(r[1]), str(r[2]), int(r[3])) for r in rows]
    for document in report.documents:
        if document.passages == 0:
            report.problems.append(f"document {document.id} sans passage")


def _orphans(conn: sqlite3.Connection, tables: set[str], report: CheckReport) -> None:
    for description, needed, query in ORPHAN_CHECKS:
        if not set(needed) <= tables:
            continue
        try:
            count = conn.execute(query).fetchone()[0]
        except _FAULTS as error:
            report.problems.append(f"{description}: vérification impossible ({error})")
            continue
        report.orphans[description] = count
        if count:
            report.problems.append(f"{description}: {count}")


def _foreign_keys(conn: sqlite3.Connection, report: CheckReport) -> None:
    try:
        violations = conn.execute("PRAGMA foreign_key_check").fetchall()
    except _FAULTS as error:
        report.problems.append(f"foreign_key_check impossible ({error})")
        return
    if violations:
        tables = sorted({str(row[0]) for row in violations})
        report.problems.append(f"références cassées: {len(violations)} (tables {', '.join(tables)})")


def _fts(conn: sqlite3.Connection, path: Path, tables: set[str], report: CheckReport) -> None:
    checks = [(name, sql) for name, sql in FTS_CHECKS if name in tables]
    if not checks:
        return
    try:
        size = os.stat(path).st_size
    except OSError:
        size = 0
    with tempfile.TemporaryDirectory(prefix="grappe-check-") as folder:
        target = ":memory:" if size <= MEMORY_COPY_LIMIT else os.path.join(folder, "copy.db")
        copy = sqlite3.connect(target)
        try:
            try:
                conn.backup(copy)
            except _FAULTS as error:
                for name, _ in checks:
                    report.fts[name] = f"copie impossible ({error})"
                report.problems.append(f"index plein texte non vérifiés: copie impossible ({error})")
                return
            for name, sql in checks:
                try:
                    copy.execute(sql)
                    report.fts[name] = "ok"
                except _FAULTS as error:
                    report.fts[name] = str(error)
                    report.problems.append(f"index plein texte {name}: {error} (relancez `grappe import`)")
        finally:
            copy.close()


def _names_index_in_step(conn: sqlite3.Connection, tables: set[str], report: CheckReport) -> None:
    """Every name-index entry points to an entity, and every entity can be found by name."""
    if not {"names_fts", "clusters", "actors", "filieres"} <= tables:
        return
    try:
        stray = conn.execute(
            "SELECT count(*) FROM names_fts WHERE NOT ("
            "(entity_type = 'cluster' AND entity_id IN (SELECT id FROM clusters)) OR "
            "(entity_type = 'actor' AND entity_id IN (SELECT id FROM actors)) OR "
            "(entity_type = 'filiere' AND entity_id IN (SELECT id FROM filieres)))"
        ).fetchone()[0]
        unfindable = conn.execute(
            "SELECT (SELECT count(*) FROM clusters WHERE id NOT IN "
            "  (SELECT entity_id FROM names_fts WHERE entity_type = 'cluster')) "
            "+ (SELECT count(*) FROM actors WHERE id NOT IN "
            "  (SELECT entity_id FROM names_fts WHERE entity_type = 'actor')) "
            "+ (SELECT count(*) FROM filieres WHERE id NOT IN "
            "  (SELECT entity_id FROM names_fts WHERE entity_type = 'filiere'))"
        ).fetchone()[0]
    except _FAULTS as error:
        report.problems.append(f"index des noms illisible ({error})")
        return
    if stray or unfindable:
        report.problems.append(
            f"index des noms désynchronisé ({stray} entrées sans entité, {unfindable} entités introuvables)"
        )


def _summaries_in_step(conn: sqlite3.Connection, tables: set[str], report: CheckReport) -> None:
    """The figures made at the end of an import still add up the facts they stand for."""
    if not {"filiere_totals", "filter_haystacks", "filieres", "filiere_clusters", "clusters", "actors",
            "funding"} <= tables:
        return
    from grappe.db.summaries import rows_without_filter_texts, stale_filiere_totals

    try:
        stale = stale_filiere_totals(conn)
        unfilterable = rows_without_filter_texts(conn)
    except _FAULTS as error:
        report.problems.append(f"données dérivées illisibles ({error})")
        return
    if stale:
        report.problems.append(
            f"chiffres des filières désynchronisés ({stale} filière(s)); relancez `grappe import`"
        )
    if unfilterable:
        report.problems.append(
            f"textes de filtre désynchronisés ({unfilterable} ligne(s)); relancez `grappe import`"
        )


def _leftovers(path: Path) -> list[str]:
    """Build files and journals left beside the database by an interrupted import (reported only)."""
    from grappe.db.load import STAGING_PREFIX

    try:
        names = [entry.name for entry in path.parent.iterdir()]
    except OSError:
        return []
    own = (f"{STAGING_PREFIX}{path.name}.", f"{path.name}-journal", f"{path.name}-wal")
    return sorted(name for name in names if name.startswith(own))
