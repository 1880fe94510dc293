"""Writing extracted facts and their evidence (called by the importer's load stage only).

Rows go in by batches (`insert_rows`: one prepared statement per table), one table at a time:
a row-by-row insert costs more than the extraction of a whole document. Fact rows get their
ids here, in order, so that the evidence can name them without asking the database for each one.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any, Protocol

import sqlite_utils

from grappe.db.load_rows import insert_rows, insert_tuples
from grappe.db.schema import evidence_indexes_after
from grappe.db.text import fold


_BATCH = 5000  # rows of one table held before they are written


class _Batched:
    """Rows of one table (tuples in `columns` order), written every _BATCH rows and at flush."""

    def __init__(self, db: sqlite_utils.Database, table: str, columns: list[str], *,
                 ignore: bool = False) -> None:
        self.db, self.table, self.columns, self.ignore = db, table, columns, ignore
        self.rows: list[tuple] = []

    def add(self, row: tuple) -> None:
        self.rows.append(row)
        if len(self.rows) >= _BATCH:
            self.flush()

    def flush(self) -> None:
        insert_tuples(self.db, self.table, self.columns, self.rows, ignore=self.ignore)
        self.rows.clear()


class _HasEvidence(Protocol):
    evidence: list[Any]


def _first_free_id(db: sqlite_utils.Database, table: str) -> int:
    """The id the next row of `table` would get (1 in the fresh database of an import)."""
    return db.execute(f"SELECT coalesce(max(id), 0) + 1 FROM [{table}]").fetchone()[0]


def load_facts(db: sqlite_utils.Database, facts: Any, passage_ids: Mapping[tuple[str, int], int]) -> None:
    """Insert resolved facts (a `grappe.importer.facts.Facts`) with every piece of evidence.

    Rows are written by batches as they are made: at 1 000 documents there are half a million
    evidence rows and over a hundred thousand aliases and attributes, and holding them until
    the end of their table cost more memory than the facts themselves.
    """
    with evidence_indexes_after(db.conn):
        _load_facts(db, facts, passage_ids)


def _load_facts(db: sqlite_utils.Database, facts: Any, passage_ids: Mapping[tuple[str, int], int]) -> None:
    evidence = _Batched(db, "evidence", ["fact_type", "fact_id", "passage_id", "quote"])
    aliases = _Batched(db, "aliases", ["entity_id", "entity_type", "alias", "folded"], ignore=True)

    def cite(fact_type: str, fact_id: object, fact: _HasEvidence) -> None:
        seen: set[tuple[int, str]] = set()
        for ev in fact.evidence:
            pid = passage_ids.get((ev.document_id, ev.passage_seq))
            if pid is None or (pid, ev.quote) in seen:
                continue
            seen.add((pid, ev.quote))
            evidence.add((fact_type, str(fact_id), pid, ev.quote))

    def alias(entity_type: str, entity_id: str, names: Iterable[str]) -> None:
        # A spelling given twice is kept once, where it first came (INSERT OR IGNORE on the key).
        for name in names:
            if name:
                aliases.add((entity_id, entity_type, name, fold(name)))

    def numbered(table: str, fact_type: str, items: Iterable[Any], row_of: Any) -> None:
        """Insert one row per fact with consecutive ids, citing each fact under its id."""
        rows = []
        for row_id, fact in enumerate(items, start=_first_free_id(db, table)):
            rows.append({"id": row_id, **row_of(fact)})
            cite(fact_type, row_id, fact)
            if len(rows) >= _BATCH:
                insert_rows(db, table, rows)
                rows.clear()
        insert_rows(db, table, rows)

    filiere_rows = []
    for filiere in facts.filieres:
        filiere_rows.append({"id": filiere.key, "name": filiere.name})
        alias(entity_type="filiere", entity_id=filiere.key, names=[filiere.name, *filiere.aliases])
        cite("filiere", filiere.key, filiere)
    insert_rows(db, "filieres", filiere_rows)
    cluster_rows = []
    for cluster in facts.clusters:
        cluster_rows.append(
            {
                "id": cluster.key, "name": cluster.name, "kind": cluster.kind,
                "filiere_id": cluster.filiere, "created": cluster.created,
                "territory": json.dumps(cluster.territory, ensure_ascii=False),
                "structure": cluster.structure, "fte": cluster.fte, "members": cluster.members,
                "location": cluster.location, "summary": cluster.summary,
                "uncertain": json.dumps(sorted(set(cluster.uncertain))),
            }
        )
        alias("cluster", cluster.key, [cluster.name, *cluster.aliases])
        cite("cluster", cluster.key, cluster)
    insert_rows(db, "clusters", cluster_rows)
    memberships = {
        (f.key, c) for f in facts.filieres for c in f.cluster_keys
    } | {(c.filiere, c.key) for c in facts.clusters if c.filiere}
    membership_rows = ({"filiere_id": f, "cluster_id": c} for f, c in sorted(memberships))
    insert_rows(db, "filiere_clusters", membership_rows, ignore=True)
    actor_rows = []
    for actor in sorted(facts.actors, key=lambda a: a.organisation_key is not None):
        actor_rows.append(
            {
                "id": actor.key, "name": actor.name, "kind": actor.kind,
                "category": actor.category, "function": actor.function,
                "organisation_id": actor.organisation_key,
                "uncertain": json.dumps(sorted(set(actor.uncertain))),
            }
        )
        alias("actor", actor.key, [actor.name, *actor.aliases])
        cite("actor", actor.key, actor)
    insert_rows(db, "actors", actor_rows)  # organisations first (foreign keys)
    numbered("attributes", "attribute", facts.attributes, lambda attribute: {
        "entity_id": attribute.entity_key, "entity_type": attribute.entity_type,
        "name": attribute.name, "value": attribute.value, "uncertain": int(attribute.uncertain)})
    numbered("roles", "role", facts.roles, lambda role: {
        "person_id": role.person_key, "role": role.role, "of_id": role.of_key,
        "of_type": role.of_type, "inferred": int(role.inferred), "uncertain": int(role.uncertain)})
    numbered("links", "link", facts.links, lambda link: {
        "source_id": link.source_key, "target_id": link.target_key,
        "relation": link.relation, "uncertain": int(link.uncertain)})
    # An id must name a loaded entity (SCHEMA.md: "id …, or NULL"); the name as written is kept.
    known = {"cluster": {c.key for c in facts.clusters}, "actor": {a.key for a in facts.actors}}
    funders = known["actor"] | known["cluster"]

    def funding_row(money: Any) -> dict:
        recipient_key = money.recipient_key if money.recipient_key in known.get(money.recipient_type or "", ()) else None
        funder_key = money.funder_key if money.funder_key in funders else None
        return (
            {"recipient_id": recipient_key, "recipient_type": money.recipient_type if recipient_key else None,
             "recipient_name": money.recipient_name, "funder_id": funder_key,
             "funder_name": money.funder_name, "amount_eur": money.amount_eur,
             "amount_text": money.amount_text, "period": money.period, "kind": money.kind,
             "uncertain": int(money.uncertain), "role": money.role, "group_id": money.group}
        )

    numbered("funding", "funding", facts.funding, funding_row)
    aliases.flush()
    evidence.flush()
