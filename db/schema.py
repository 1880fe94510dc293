"""The knowledge base's shape: every table, index and the FTS index, declared once.

The database is a build artefact, rebuilt whole by `grappe import`; its version lives in
`PRAGMA user_version` and a database of another version is refused with advice to re-import.
See SCHEMA.md beside this file for what every column means.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager

SCHEMA_VERSION = 8

# Evidence's indexes, declared apart: `load_facts` makes them after filling an empty table
# (`evidence_indexes_after`).
EVIDENCE_INDEXES = (
    "CREATE INDEX evidence_fact_passage ON evidence(fact_type, fact_id, passage_id)",  # first passage, covering
    "CREATE INDEX evidence_passage ON evidence(passage_id)",
)

TABLES = """
CREATE TABLE documents (
    id TEXT PRIMARY KEY,             -- first 16 hex digits of the file's sha256: stable
    title TEXT NOT NULL,
    authors TEXT NOT NULL,           -- JSON array
    year INTEGER,
    region TEXT,
    source TEXT,
    path TEXT NOT NULL,
    sha256 TEXT NOT NULL UNIQUE,
    encoding TEXT NOT NULL,
    size_bytes INTEGER NOT NULL,
    removed_chars INTEGER NOT NULL,
    pages INTEGER NOT NULL
);
CREATE TABLE passages (
    id INTEGER PRIMARY KEY,
    document_id TEXT NOT NULL REFERENCES documents(id),
    seq INTEGER NOT NULL,
    page INTEGER NOT NULL,
    line INTEGER NOT NULL,
    section_number TEXT,
    section_title TEXT,
    kind TEXT NOT NULL CHECK (kind IN
        ('heading','subheading','paragraph','bullet','table','footnote','annex')),
    level INTEGER,
    number TEXT,
    caption TEXT,
    flags TEXT NOT NULL DEFAULT '[]',
    footnote_refs TEXT NOT NULL DEFAULT '[]',
    text TEXT NOT NULL,
    UNIQUE (document_id, seq)
);
CREATE TABLE warnings (
    id INTEGER PRIMARY KEY,
    document_id TEXT NOT NULL REFERENCES documents(id),
    stage TEXT NOT NULL,
    message TEXT NOT NULL
);
CREATE TABLE filieres (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL
);
CREATE TABLE clusters (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('PC','GE','PE','other')),
    filiere_id TEXT REFERENCES filieres(id),
    created TEXT,
    territory TEXT NOT NULL DEFAULT '[]',
    structure TEXT,
    fte REAL,
    members INTEGER,
    location TEXT,
    summary TEXT,
    uncertain TEXT NOT NULL DEFAULT '[]'
);
CREATE TABLE actors (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('person','organisation')),
    category TEXT,
    function TEXT,
    organisation_id TEXT REFERENCES actors(id),
    uncertain TEXT NOT NULL DEFAULT '[]'
);
CREATE TABLE aliases (
    entity_id TEXT NOT NULL,
    entity_type TEXT NOT NULL CHECK (entity_type IN ('cluster','actor','filiere')),
    alias TEXT NOT NULL,
    folded TEXT NOT NULL,
    PRIMARY KEY (entity_type, entity_id, alias)
);
CREATE TABLE filiere_clusters (
    filiere_id TEXT NOT NULL REFERENCES filieres(id),
    cluster_id TEXT NOT NULL REFERENCES clusters(id),
    PRIMARY KEY (filiere_id, cluster_id)
);
-- Derived at the end of an import (db/summaries.py) from filiere_clusters, clusters and
-- funding_received: the Filières pane's figures, which otherwise aggregated every cluster of
-- every filière for each page (230-320 ms on 1 000 monographs).
CREATE TABLE filiere_totals (
    filiere_id TEXT PRIMARY KEY REFERENCES filieres(id),
    clusters INTEGER NOT NULL,       -- clusters serving the filière
    fte REAL,                        -- sum of their ETP (NULL: none known)
    funding_eur REAL                 -- money they received (funding_received), NULL: none
) WITHOUT ROWID;
-- Derived at the end of an import too: what a pane's filter looks through for each row, so
-- that a keystroke reads one short text per row instead of every alias of every entity the
-- row names (230 ms per keystroke on the Financements pane of 1 000 monographs).
CREATE TABLE filter_haystacks (
    pane TEXT NOT NULL,              -- 'clusters', 'actors' or 'funding'
    id TEXT NOT NULL,                -- the row's id (a funding row's id as text)
    names TEXT NOT NULL,             -- folded aliases of the entities the row names, joined by '|'
    funder_name TEXT,                -- funding: as written (NULL for the other panes)
    recipient_name TEXT,
    kind TEXT,
    PRIMARY KEY (pane, id)
) WITHOUT ROWID;
CREATE TABLE attributes (
    id INTEGER PRIMARY KEY,
    entity_id TEXT NOT NULL,
    entity_type TEXT NOT NULL,
    name TEXT NOT NULL,
    value TEXT NOT NULL,
    uncertain INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE roles (
    id INTEGER PRIMARY KEY,
    person_id TEXT NOT NULL REFERENCES actors(id),
    role TEXT NOT NULL,
    of_id TEXT NOT NULL,
    of_type TEXT NOT NULL CHECK (of_type IN ('cluster','actor')),
    inferred INTEGER NOT NULL DEFAULT 0,
    uncertain INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE links (
    id INTEGER PRIMARY KEY,
    source_id TEXT NOT NULL REFERENCES clusters(id),
    target_id TEXT NOT NULL REFERENCES clusters(id),
    relation TEXT NOT NULL,
    uncertain INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE funding (
    id INTEGER PRIMARY KEY,
    recipient_id TEXT,
    recipient_type TEXT,
    recipient_name TEXT,
    funder_id TEXT,
    funder_name TEXT,
    amount_eur REAL,
    amount_text TEXT NOT NULL,
    period TEXT,
    kind TEXT NOT NULL,
    uncertain INTEGER NOT NULL DEFAULT 0,
    role TEXT NOT NULL DEFAULT 'standalone',
    group_id TEXT
);
CREATE TABLE evidence (
    id INTEGER PRIMARY KEY,
    fact_type TEXT NOT NULL CHECK (fact_type IN
        ('cluster','actor','filiere','attribute','role','link','funding','alias','membership')),
    fact_id TEXT NOT NULL,
    passage_id INTEGER NOT NULL REFERENCES passages(id),
    quote TEXT NOT NULL
);
-- passages(document_id, seq) is the UNIQUE constraint's index; funding(recipient_id) and
-- evidence(fact_type, fact_id) are the first columns of wider indexes below: no copies.
CREATE INDEX passages_kind ON passages(kind);
CREATE INDEX aliases_folded ON aliases(folded);
CREATE INDEX aliases_entity_folded ON aliases(entity_type, folded, entity_id);  -- pane filters, covering
CREATE INDEX attributes_entity ON attributes(entity_type, entity_id);
CREATE INDEX roles_person ON roles(person_id);
CREATE INDEX roles_of ON roles(of_type, of_id);
CREATE INDEX links_source ON links(source_id);
CREATE INDEX links_target ON links(target_id);
CREATE INDEX funding_funder ON funding(funder_id);
CREATE INDEX funding_group ON funding(group_id);
-- recipient_id first: led by recipient_type, SQLite scans every cluster's funding as the outer
-- loop of the Filières totals (20 s instead of 0.15 s on 100 000 clusters)
CREATE INDEX funding_recipient_amount ON funding(recipient_id, recipient_type, amount_eur);  -- totals, covering
-- Money received, counted once (db/SCHEMA.md): standalone amounts and wholes, and the parts
-- of a group only when its whole is not recorded; never levels nor turnover.
CREATE VIEW funding_received AS
SELECT f.* FROM funding f
WHERE f.role <> 'level' AND f.kind <> 'chiffre d''affaires'
  AND (f.role <> 'part' OR f.group_id IS NULL OR NOT EXISTS (
       SELECT 1 FROM funding w WHERE w.group_id = f.group_id AND w.role = 'whole'));
{evidence_indexes}
CREATE INDEX clusters_kind ON clusters(kind);
-- The panes' default orders (db/browse.py fetch_page): a first page is read from these.
CREATE INDEX clusters_name_order ON clusters(name COLLATE NOCASE, id);
CREATE INDEX actors_name_order ON actors(name COLLATE NOCASE, id);
CREATE INDEX funding_amount_order ON funding(amount_eur IS NULL, amount_eur DESC, id);
CREATE INDEX actors_kind ON actors(kind);
CREATE VIRTUAL TABLE passages_fts USING fts5(
    text, section_title,
    content='passages', content_rowid='id',
    tokenize='unicode61 remove_diacritics 2', prefix='2 3'
);
CREATE VIRTUAL TABLE names_fts USING fts5(
    name, entity_type UNINDEXED, entity_id UNINDEXED,
    tokenize='unicode61 remove_diacritics 2', prefix='2 3'
);
""".replace("{evidence_indexes}", ";\n".join(EVIDENCE_INDEXES) + ";")

TABLE_NAMES = (
    "documents", "passages", "warnings", "filieres", "clusters", "actors", "aliases",
    "filiere_clusters", "filiere_totals", "filter_haystacks", "attributes", "roles", "links", "funding", "evidence",
    "passages_fts", "names_fts",
)


def create_schema(conn: sqlite3.Connection) -> None:
    """Create every table of an empty database and stamp its version."""
    conn.executescript(TABLES)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")


@contextmanager
def evidence_indexes_after(conn: sqlite3.Connection) -> Iterator[None]:
    """Fill an empty evidence table without its indexes, and make them at the end of the block.

    SQLite builds an index from the finished table's sorted rows faster than it updates it at
    every insert: at 1 000 documents (556 000 evidence rows) loading the facts took 8.2-8.7 s
    with the indexes, 7.5 s without them and building them after. A table that already holds
    evidence keeps its indexes. The drop is part of the caller's transaction, so a rollback
    puts the indexes back.
    """
    if conn.execute("SELECT EXISTS (SELECT 1 FROM evidence)").fetchone()[0]:
        yield
        return
    for statement in EVIDENCE_INDEXES:
        conn.execute(f"DROP INDEX IF EXISTS {statement.split()[2]}")
    yield
    for statement in EVIDENCE_INDEXES:
        conn.execute(statement)


FTS_AUTOMERGE = 4  # FTS5's default


def rebuild_search_indexes(conn: sqlite3.Connection) -> None:
    """Fill the FTS indexes from their content, in the caller's transaction."""
    index_passages(conn)
    index_names(conn)


def index_passages(conn: sqlite3.Connection) -> None:
    """Fill the passages' FTS index from the passages table, merged into one segment.

    Automatic merging is off during the rebuild and one `optimize` merges at the end: at 1 000
    documents 8.5 s instead of 10.1 s, and a fully merged index (2 677 segment-index rows
    instead of 6 789), which every search reads. The default merge setting is put back after.
    """
    conn.execute("INSERT INTO passages_fts(passages_fts, rank) VALUES ('automerge', 0)")
    conn.execute("INSERT INTO passages_fts(passages_fts) VALUES ('rebuild')")
    conn.execute("INSERT INTO passages_fts(passages_fts) VALUES ('optimize')")
    conn.execute(f"INSERT INTO passages_fts(passages_fts, rank) VALUES ('automerge', {FTS_AUTOMERGE})")


def passages_indexed(conn: sqlite3.Connection) -> bool:
    """True when the passages' FTS index holds every passage."""
    row = conn.execute(
        "SELECT (SELECT count(*) FROM passages_fts_docsize) = (SELECT count(*) FROM passages)"
    ).fetchone()
    return bool(row[0])


def index_names(conn: sqlite3.Connection) -> None:
    """Fill the names' FTS index from clusters, actors, filières and aliases."""
    conn.execute("DELETE FROM names_fts")
    conn.execute(
        "INSERT INTO names_fts(name, entity_type, entity_id) "
        "SELECT name, 'cluster', id FROM clusters "
        "UNION ALL SELECT name, 'actor', id FROM actors "
        "UNION ALL SELECT name, 'filiere', id FROM filieres "
        "UNION ALL SELECT alias, entity_type, entity_id FROM aliases "
        # A cluster is also found by its structure porteuse ("GIE X" lists X and its pôle).
        "UNION ALL SELECT structure, 'cluster', id FROM clusters WHERE structure IS NOT NULL"
    )
