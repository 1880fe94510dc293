"""The one view model: plain JSON-able rows and dossiers read from the knowledge base.

JSON export, Markdown and CSV export, `grappe show` and the TUI all read these functions,
so that one fact is shown the same way everywhere. Every function takes a connection opened
with `grappe.db.connect.open_readonly` (rows as `sqlite3.Row`) and never writes.
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from collections.abc import Callable, Iterable

from grappe.db.dossiers import json_list
from grappe.db.funding_totals import StructureIndex, counted_ids, recipient_totals, structure_pool

Row = dict
_SOURCE_SQL = """
SELECT e.fact_id, e.quote, e.passage_id, p.page, d.title AS document
FROM evidence e JOIN passages p ON p.id = e.passage_id JOIN documents d ON d.id = p.document_id
WHERE e.fact_type = ?
ORDER BY p.document_id, p.seq, e.id
"""


def _sources(conn: sqlite3.Connection, fact_type: str) -> dict[str, list[Row]]:
    """Every piece of evidence of one kind of fact, by fact id."""
    found: dict[str, list[Row]] = defaultdict(list)
    for row in conn.execute(_SOURCE_SQL, (fact_type,)):
        found[str(row["fact_id"])].append(
            {"page": row["page"], "quote": row["quote"], "document": row["document"],
             "passage_id": row["passage_id"]}
        )
    return found


def _documents(sources: Iterable[Row]) -> list[str]:
    return list(dict.fromkeys(s["document"] for s in sources if s.get("document")))


def _names(conn: sqlite3.Connection) -> tuple[dict[str, str], dict[str, str]]:
    clusters = {r["id"]: r["name"] for r in conn.execute("SELECT id, name FROM clusters")}
    actors = {r["id"]: r["name"] for r in conn.execute("SELECT id, name FROM actors")}
    return clusters, actors


def _aliases(conn: sqlite3.Connection, entity_type: str) -> dict[str, list[str]]:
    found: dict[str, list[str]] = defaultdict(list)
    for row in conn.execute(
        "SELECT a.entity_id, a.alias FROM aliases a WHERE a.entity_type = ? ORDER BY a.rowid",
        (entity_type,),
    ):
        found[row["entity_id"]].append(row["alias"])
    return found


def _first_source(sources: list[Row]) -> Row:
    first = sources[0] if sources else {}
    return {"page": first.get("page"), "quote": first.get("quote"), "document": first.get("document")}


# ----------------------------------------------------------------------------- list views


def clusters(conn: sqlite3.Connection) -> list[Row]:
    """Every cluster with its attributes, directors, links, funding and sources."""
    cluster_names, actor_names = _names(conn)
    filiere_names = {r["id"]: r["name"] for r in conn.execute("SELECT id, name FROM filieres")}
    aliases = _aliases(conn, "cluster")
    sources = _sources(conn, "cluster")
    attribute_sources = _attribute_sources(conn, "cluster")
    directors: dict[str, list[Row]] = defaultdict(list)
    for row in conn.execute("SELECT person_id, role, of_id FROM roles WHERE of_type = 'cluster' ORDER BY id"):
        directors[row["of_id"]].append({"name": actor_names.get(row["person_id"], row["person_id"]),
                                         "role": row["role"]})
    links_of: dict[str, list[Row]] = defaultdict(list)
    for row in conn.execute("SELECT source_id, target_id, relation FROM links ORDER BY id"):
        links_of[row["source_id"]].append({"name": cluster_names.get(row["target_id"]), "relation": row["relation"]})
        links_of[row["target_id"]].append({"name": cluster_names.get(row["source_id"]), "relation": row["relation"]})
    money: dict[str, list[Row]] = defaultdict(list)
    for row in conn.execute("SELECT recipient_id, funder_id, funder_name, amount_eur, period, kind, role, "
                            "group_id FROM funding WHERE recipient_type = 'cluster' ORDER BY id"):
        funder = row["funder_name"] or actor_names.get(row["funder_id"]) or cluster_names.get(row["funder_id"])
        money[row["recipient_id"]].append({"funder": funder, "amount_eur": row["amount_eur"],
                                           "period": row["period"], "kind": row["kind"],
                                           "role": row["role"], "group": row["group_id"]})
    totals = recipient_totals(conn, "cluster")
    structures = StructureIndex(structure_pool(conn))  # read once, matched per cluster
    structure_counted = counted_ids(conn, [r["id"] for r in structures.rows])
    rows = []
    for row in conn.execute("SELECT * FROM clusters ORDER BY kind, name"):
        key = row["id"]
        own = sources.get(key, [])
        documents = _documents([*own, *attribute_sources.get(key, [])])
        rows.append({
            "id": key, "name": row["name"], "kind": row["kind"],
            "aliases": [a for a in aliases.get(key, []) if a != row["name"]],
            "filiere": filiere_names.get(row["filiere_id"]), "created": row["created"],
            "territory": json_list(row["territory"]), "structure": row["structure"],
            "fte": row["fte"], "members": row["members"], "location": row["location"],
            "summary": row["summary"],
            "directors": directors.get(key, []), "links": links_of.get(key, []),
            "funding": money.get(key, []), "funding_total_eur": totals.get(key),
            "structure_funding": _structure_funding(row["structure"], structures, structure_counted,
                                                    actor_names, cluster_names),
            "sources": [{"page": s["page"], "quote": s["quote"], "document": s["document"]} for s in own],
            "uncertain": json_list(row["uncertain"]), "documents": documents,
        })
    return rows


def _structure_funding(structure: str | None, structures: StructureIndex, counted: set[int],
                       actor_names: dict[str, str], cluster_names: dict[str, str]) -> Row | None:
    """Money received by the cluster's structure porteuse, labelled as received by it."""
    rows, received_by = structures.find(structure)
    if not rows:
        return None
    return {
        "structure": structure, "received_by": received_by,
        "total_eur": sum(r["amount_eur"] or 0.0 for r in rows if r["id"] in counted),
        "funding": [{"funder": r["funder_name"] or actor_names.get(r["funder_id"])
                     or cluster_names.get(r["funder_id"]), "amount_eur": r["amount_eur"],
                     "period": r["period"], "kind": r["kind"], "role": r["role"], "group": r["group_id"]}
                    for r in rows],
    }


def _attribute_sources(conn: sqlite3.Connection, entity_type: str) -> dict[str, list[Row]]:
    by_attribute = _sources(conn, "attribute")
    found: dict[str, list[Row]] = defaultdict(list)
    for row in conn.execute("SELECT id, entity_id FROM attributes WHERE entity_type = ?", (entity_type,)):
        found[row["entity_id"]].extend(by_attribute.get(str(row["id"]), []))
    return found


def filieres(conn: sqlite3.Connection) -> list[Row]:
    """Every filière with its clusters, staff (ETP) and funding received by its clusters."""
    members: dict[str, list[tuple[str, float | None]]] = defaultdict(list)
    for row in conn.execute(
        "SELECT fc.filiere_id, c.id, c.name, c.fte FROM filiere_clusters fc "
        "JOIN clusters c ON c.id = fc.cluster_id ORDER BY c.kind DESC, c.name"
    ):
        members[row["filiere_id"]].append((row["id"], row["name"], row["fte"]))
    funding_of = recipient_totals(conn, "cluster")  # counted once (db/SCHEMA.md)
    sources = _sources(conn, "filiere")
    rows = []
    for row in conn.execute("SELECT id, name FROM filieres ORDER BY name"):
        inside = members.get(row["id"], [])
        ftes = [fte for _, _, fte in inside if fte is not None]
        amounts = [funding_of[c] for c, _, _ in inside if funding_of.get(c) is not None]
        rows.append({
            "id": row["id"], "name": row["name"], "clusters": [name for _, name, _ in inside],
            "fte": round(sum(ftes), 2) if ftes else None,
            "funding_eur": sum(amounts) if amounts else None,
            "documents": _documents(sources.get(row["id"], [])),
        })
    return rows


def actors(conn: sqlite3.Connection) -> list[Row]:
    """Every person and organisation with category, function, organisation and roles."""
    cluster_names, actor_names = _names(conn)
    roles_of: dict[str, list[Row]] = defaultdict(list)
    for row in conn.execute("SELECT person_id, role, of_id, of_type FROM roles ORDER BY id"):
        names = cluster_names if row["of_type"] == "cluster" else actor_names
        roles_of[row["person_id"]].append({"role": row["role"], "of": names.get(row["of_id"], row["of_id"])})
    sources = _sources(conn, "actor")
    rows = []
    for row in conn.execute("SELECT * FROM actors ORDER BY kind DESC, name"):
        rows.append({
            "id": row["id"], "name": row["name"], "kind": row["kind"], "category": row["category"],
            "function": row["function"],
            "organisation": actor_names.get(row["organisation_id"]) if row["organisation_id"] else None,
            "roles": roles_of.get(row["id"], []),
            "documents": _documents(sources.get(row["id"], [])),
        })
    return rows


def roles(conn: sqlite3.Connection) -> list[Row]:
    """Every role (who directs, presides… what), with its first source."""
    cluster_names, actor_names = _names(conn)
    sources = _sources(conn, "role")
    rows = []
    for row in conn.execute("SELECT * FROM roles ORDER BY id"):
        names = cluster_names if row["of_type"] == "cluster" else actor_names
        own = sources.get(str(row["id"]), [])
        rows.append({
            "person": actor_names.get(row["person_id"], row["person_id"]), "role": row["role"],
            "of": names.get(row["of_id"], row["of_id"]), **_first_source(own),
            "inferred": bool(row["inferred"]), "uncertain": bool(row["uncertain"]),
            "document": _first_source(own)["document"],
        })
    return rows


def links(conn: sqlite3.Connection) -> list[Row]:
    """Every link between two clusters, with its relation and first source."""
    cluster_names, _ = _names(conn)
    sources = _sources(conn, "link")
    rows = []
    for row in conn.execute("SELECT * FROM links ORDER BY id"):
        own = sources.get(str(row["id"]), [])
        rows.append({
            "source": cluster_names.get(row["source_id"]), "target": cluster_names.get(row["target_id"]),
            "relation": row["relation"], **_first_source(own), "uncertain": bool(row["uncertain"]),
        })
    return rows


def funding(conn: sqlite3.Connection) -> list[Row]:
    """Every amount: recipient, funder, euros, raw text, period, kind, with its source."""
    cluster_names, actor_names = _names(conn)
    sources = _sources(conn, "funding")
    counted = {r[0] for r in conn.execute("SELECT id FROM funding_received")}
    rows = []
    for row in conn.execute("SELECT * FROM funding ORDER BY id"):
        names = cluster_names if row["recipient_type"] == "cluster" else actor_names
        own = sources.get(str(row["id"]), [])
        rows.append({
            "recipient": names.get(row["recipient_id"]) or row["recipient_name"],
            "funder": row["funder_name"] or actor_names.get(row["funder_id"]) or cluster_names.get(row["funder_id"]),
            "amount_eur": row["amount_eur"], "amount_text": row["amount_text"], "period": row["period"],
            "kind": row["kind"], **_first_source(own), "uncertain": bool(row["uncertain"]),
            "role": row["role"], "group": row["group_id"], "in_total": row["id"] in counted,
        })
    return rows


VIEWS: dict[str, Callable[[sqlite3.Connection], list[Row]]] = {
    "filieres": filieres, "clusters": clusters, "actors": actors, "roles": roles,
    "links": links, "funding": funding,
}

from grappe.db.dossiers import actor_dossier, cluster_dossier, filiere_dossier, passage_context  # noqa: E402

__all__ = ["VIEWS", "actor_dossier", "actors", "cluster_dossier", "clusters", "filiere_dossier",
           "filieres", "funding", "links", "passage_context", "roles"]
