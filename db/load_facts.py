"""Writing extracted facts and their evidence (called by the importer's load stage only).

Two steps that can be told apart: `fact_batches` makes the rows (pure Python, from the
resolved facts) and `write_batches` inserts them (SQLite). The importer makes the first rows
while the passages' FTS index is still being built on the other core (`db/passage_index.py`)
and writes them once the index is done; everyone else calls `load_facts`, which does both.

Rows go in by batches (one multi-row statement per table and chunk): a row-by-row insert
costs more than the extraction of a whole document. Fact rows get their ids here, in order,
so that the evidence can name them without asking the database for each one.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from typing import Any, NamedTuple

import sqlite_utils

from grappe.db.load_rows import insert_tuples, next_free_id
from grappe.db.schema import evidence_indexes_after
from grappe.db.text import fold

_BATCH = 5000  # rows of one table held before they make a batch

COLUMNS = {
    "filieres": ("id", "name"),
    "clusters": ("id", "name", "kind", "filiere_id", "created", "territory", "structure", "fte",
                 "members", "location", "summary", "uncertain"),
    "filiere_clusters": ("filiere_id", "cluster_id"),
    "actors": ("id", "name", "kind", "category", "function", "organisation_id", "uncertain"),
    "attributes": ("id", "entity_id", "entity_type", "name", "value", "uncertain"),
    "roles": ("id", "person_id", "role", "of_id", "of_type", "inferred", "uncertain"),
    "links": ("id", "source_id", "target_id", "relation", "uncertain"),
    "funding": ("id", "recipient_id", "recipient_type", "recipient_name", "funder_id",
                "funder_name", "amount_eur", "amount_text", "period", "kind", "uncertain",
                "role", "group_id"),
    "evidence": ("fact_type", "fact_id", "passage_id", "quote"),
    "aliases": ("entity_id", "entity_type", "alias", "folded"),
}
NUMBERED_TABLES = ("attributes", "roles", "links", "funding")  # integer ids given here
# Tables written with INSERT OR IGNORE: a spelling given twice is kept once, where it first came.
_IGNORING = frozenset({"aliases", "filiere_clusters"})


class Batch(NamedTuple):
    """Rows of one table, as tuples in `COLUMNS[table]` order."""

    table: str
    rows: list[tuple]


def first_free_ids(db: sqlite_utils.Database) -> dict[str, int]:
    """The id the next row of each numbered table would get (1 each in a fresh import)."""
    return {table: next_free_id(db, table) for table in NUMBERED_TABLES}


def load_facts(db: sqlite_utils.Database, facts: Any, passage_ids: Mapping[tuple[str, int], int]) -> None:
    """Insert resolved facts (a `grappe.importer.facts.Facts`) with every piece of evidence."""
    write_batches(db, fact_batches(facts, passage_ids, first_free_ids(db)))


def write_batches(db: sqlite_utils.Database, batches: Iterable[Batch]) -> None:
    """Insert batches in the order given (foreign keys: `fact_batches` orders its tables)."""
    with evidence_indexes_after(db.conn):
        for table, rows in batches:
            insert_tuples(db, table, list(COLUMNS[table]), rows, ignore=table in _IGNORING)


def fact_batches(facts: Any, passage_ids: Mapping[tuple[str, int], int],
                 first_ids: Mapping[str, int]) -> Iterator[Batch]:
    """The rows of every fact, its aliases and its evidence, by batches, tables in a valid order.

    Batches are made as they fill: at 1 000 documents there are half a million evidence rows
    and over a hundred thousand aliases and attributes, and holding all of them until the end
    of their table cost more memory than the facts themselves.
    """
    evidence: list[tuple] = []
    aliases: list[tuple] = []

    def cite(fact_type: str, fact_id: str, fact: Any) -> Iterator[Batch]:
        seen: set[tuple[int, str]] = set()
        for ev in fact.evidence:
            pid = passage_ids.get((ev.document_id, ev.passage_seq))
            if pid is None or (pid, ev.quote) in seen:
                continue
            seen.add((pid, ev.quote))
            evidence.append((fact_type, fact_id, pid, ev.quote))
        if len(evidence) >= _BATCH:
            yield Batch("evidence", evidence[:])
            evidence.clear()

    def alias(entity_type: str, entity_id: str, names: Iterable[str]) -> Iterator[Batch]:
        for name in names:
            if name:
                aliases.append((entity_id, entity_type, name, fold(name)))
        if len(aliases) >= _BATCH:
            yield Batch("aliases", aliases[:])
            aliases.clear()

    def numbered(table: str, fact_type: str, items: Iterable[Any], row_of: Any) -> Iterator[Batch]:
        """One row per fact with consecutive ids, each fact cited under its id."""
        rows = []
        for row_id, fact in enumerate(items, start=first_ids[table]):
            rows.append((row_id, *row_of(fact)))
            yield from cite(fact_type, str(row_id), fact)
            if len(rows) >= _BATCH:
                yield Batch(table, rows)
                rows = []
        yield Batch(table, rows)

    filiere_rows = []
    for filiere in facts.filieres:
        filiere_rows.append((filiere.key, filiere.name))
        yield from alias("filiere", filiere.key, [filiere.name, *filiere.aliases])
        yield from cite("filiere", filiere.key, filiere)
    yield Batch("filieres", filiere_rows)
    cluster_rows = []
    for cluster in facts.clusters:
        cluster_rows.append((
            cluster.key, cluster.name, cluster.kind, cluster.filiere, cluster.created,
            json.dumps(cluster.territory, ensure_ascii=False), cluster.structure, cluster.fte,
            cluster.members, cluster.location, cluster.summary,
            json.dumps(sorted(set(cluster.uncertain))),
        ))
        yield from alias("cluster", cluster.key, [cluster.name, *cluster.aliases])
        yield from cite("cluster", cluster.key, cluster)
    yield Batch("clusters", cluster_rows)
    memberships = {
        (f.key, c) for f in facts.filieres for c in f.cluster_keys
    } | {(c.filiere, c.key) for c in facts.clusters if c.filiere}
    yield Batch("filiere_clusters", sorted(memberships))
    actor_rows = []
    for actor in sorted(facts.actors, key=lambda a: a.organisation_key is not None):
        actor_rows.append((
            actor.key, actor.name, actor.kind, actor.category, actor.function,
            actor.organisation_key, json.dumps(sorted(set(actor.uncertain))),
        ))
        yield from alias("actor", actor.key, [actor.name, *actor.aliases])
        yield from cite("actor", actor.key, actor)
    yield Batch("actors", actor_rows)  # organisations first (foreign keys)
    yield from numbered("attributes", "attribute", facts.attributes, lambda attribute: (
        attribute.entity_key, attribute.entity_type, attribute.name, attribute.value,
        int(attribute.uncertain)))
    yield from numbered("roles", "role", facts.roles, lambda role: (
        role.person_key, role.role, role.of_key, role.of_type, int(role.inferred),
        int(role.uncertain)))
    yield from numbered("links", "link", facts.links, lambda link: (
        link.source_key, link.target_key, link.relation, int(link.uncertain)))
    # An id must name a loaded entity (SCHEMA.md: "id …, or NULL"); the name as written is kept.
    known = {"cluster": {c.key for c in facts.clusters}, "actor": {a.key for a in facts.actors}}
    funders = known["actor"] | known["cluster"]

    def funding_row(money: Any) -> tuple:
        recipient_key = money.recipient_key if money.recipient_key in known.get(money.recipient_type or "", ()) else None
        return (
            recipient_key, money.recipient_type if recipient_key else None, money.recipient_name,
            money.funder_key if money.funder_key in funders else None, money.funder_name,
            money.amount_eur, money.amount_text, money.period, money.kind, int(money.uncertain),
            money.role, money.group,
        )

    yield from numbered("funding", "funding", facts.funding, funding_row)
    yield Batch("aliases", aliases)
    yield Batch("evidence", evidence)
