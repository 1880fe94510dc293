"""Dossiers: everything the detail view shows about one cluster, actor or filière, every fact
with its sources (`page`, `quote`, `document`, `passage_id`), plus a passage in its context.

Re-exported by `grappe.db.views`; callers import them from there.
"""

from __future__ import annotations

import json
import sqlite3
from collections import defaultdict

from grappe.db.funding_totals import bar_amounts, counted_ids, structure_rows

Row = dict
_EVIDENCE_SQL = """
SELECT e.fact_id, e.quote, e.passage_id, p.page, d.title AS document
FROM evidence e JOIN passages p ON p.id = e.passage_id JOIN documents d ON d.id = p.document_id
WHERE e.fact_type = ? AND e.fact_id IN ({ids})
ORDER BY p.document_id, p.seq, e.id
"""


def _sources(conn: sqlite3.Connection, fact_type: str, ids: list) -> dict[str, list[Row]]:
    """Evidence of some facts of one type, by fact id (queried in chunks of parameters)."""
    found: dict[str, list[Row]] = defaultdict(list)
    wanted = [str(i) for i in ids]
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        sql = _EVIDENCE_SQL.format(ids=",".join("?" * len(chunk)))
        for row in conn.execute(sql, (fact_type, *chunk)):
            found[str(row["fact_id"])].append(
                {"page": row["page"], "quote": row["quote"], "document": row["document"],
                 "passage_id": row["passage_id"]}
            )
    return found


def json_list(text: str | None) -> list:
    """A JSON list column read back; anything else reads as an empty list."""
    try:
        value = json.loads(text or "[]")
    except ValueError:
        return []
    return value if isinstance(value, list) else []


def _name(conn: sqlite3.Connection, table: str, key: str | None) -> str | None:
    if key is None:
        return None
    sql = {"clusters": "SELECT name FROM clusters WHERE id = ?", "actors": "SELECT name FROM actors WHERE id = ?",
           "filieres": "SELECT name FROM filieres WHERE id = ?"}[table]
    row = conn.execute(sql, (key,)).fetchone()
    return row["name"] if row else None


def _aliases(conn: sqlite3.Connection, entity_type: str, key: str, name: str) -> list[str]:
    rows = conn.execute("SELECT alias FROM aliases WHERE entity_type = ? AND entity_id = ? ORDER BY rowid",
                        (entity_type, key))
    return [r["alias"] for r in rows if r["alias"] != name]


def _documents(*groups: list[Row]) -> list[str]:
    return list(dict.fromkeys(s["document"] for group in groups for s in group if s.get("document")))


def _funding_groups(conn: sqlite3.Connection, rows: list[sqlite3.Row], by: str) -> list[Row]:
    """Amounts grouped by funder (or by recipient), largest total first, each with its sources.

    A group's `total_eur` counts each amount once (db/SCHEMA.md): a part under its funder, its
    whole only for what the parts leave unattributed, a level or a turnover not at all; each item
    says its `role`, whether it is `in_total`, the `parts` of a whole and the whole (`part_of`)
    of a part."""
    sources = _sources(conn, "funding", [r["id"] for r in rows])
    counted = counted_ids(conn, [r["id"] for r in rows])
    bars = bar_amounts(rows)
    wholes = {r["group_id"]: r for r in rows if r["role"] == "whole" and r["group_id"]}
    groups: dict[str, Row] = {}
    for row in rows:
        if by == "funder":
            name = row["funder_name"] or _name(conn, "actors", row["funder_id"]) or "non précisé"
            group_id = row["funder_id"]
        else:
            table = "clusters" if row["recipient_type"] == "cluster" else "actors"
            name = _name(conn, table, row["recipient_id"]) or row["recipient_name"] or "non précisé"
            group_id = row["recipient_id"]
        group = groups.setdefault(name, {by: name, f"{by}_id": group_id, "id": group_id,
                                         "total_eur": 0.0, "items": []})
        group["total_eur"] += bars.get(row["id"], 0.0)
        whole = wholes.get(row["group_id"]) if row["role"] == "part" else None
        group["items"].append({
            "amount_eur": row["amount_eur"], "amount_text": row["amount_text"], "period": row["period"],
            "kind": row["kind"], "uncertain": bool(row["uncertain"]),
            "recipient": _name(conn, "clusters" if row["recipient_type"] == "cluster" else "actors",
                               row["recipient_id"]) or row["recipient_name"],
            "sources": sources.get(str(row["id"]), []),
            "role": row["role"], "group": row["group_id"], "in_total": row["id"] in counted,
            "part_of": ({"amount_eur": whole["amount_eur"], "amount_text": whole["amount_text"],
                         "kind": whole["kind"], "period": whole["period"]} if whole is not None else None),
            "parts": [_part(conn, r) for r in rows if row["role"] == "whole" and r["role"] == "part"
                      and r["group_id"] == row["group_id"]],
        })
    return sorted(groups.values(), key=lambda g: -g["total_eur"])


def _part(conn: sqlite3.Connection, row: sqlite3.Row) -> Row:
    """One part shown under its whole: who gives it and how much."""
    funder = row["funder_name"] or _name(conn, "actors", row["funder_id"]) or _name(conn, "clusters", row["funder_id"])
    return {"funder": funder, "amount_eur": row["amount_eur"], "amount_text": row["amount_text"],
            "kind": row["kind"], "uncertain": bool(row["uncertain"])}


def _structure_funding(conn: sqlite3.Connection, structure: str | None) -> Row | None:
    """Money received by the cluster's structure porteuse, by funder, labelled as received by it."""
    rows, received_by = structure_rows(conn, structure)
    if not rows:
        return None
    groups = _funding_groups(conn, rows, "funder")
    return {"structure": structure, "received_by": received_by,
            "title": f"Financements reçus par la structure porteuse ({received_by})",
            "total_eur": sum(g["total_eur"] for g in groups), "funding": groups}


def cluster_dossier(conn: sqlite3.Connection, cluster_id: str) -> Row | None:
    """One cluster: attributes with their sources, every reading of a contradicted attribute,
    directors, links (with the other cluster's id), funding by funder, sources, documents."""
    row = conn.execute("SELECT * FROM clusters WHERE id = ?", (cluster_id,)).fetchone()
    if row is None:
        return None
    own = _sources(conn, "cluster", [cluster_id]).get(cluster_id, [])
    attributes = conn.execute(
        "SELECT id, name, value, uncertain FROM attributes WHERE entity_type = 'cluster' AND entity_id = ? "
        "ORDER BY id", (cluster_id,)).fetchall()
    attribute_sources = _sources(conn, "attribute", [a["id"] for a in attributes])
    readings = [{"attribute": a["name"], "value": a["value"], "uncertain": bool(a["uncertain"]),
                 "sources": attribute_sources.get(str(a["id"]), [])} for a in attributes]
    uncertain = json_list(row["uncertain"])

    def field(name: str, value: object) -> Row:
        mine = [r for r in readings if r["attribute"] == name]
        shown = [r for r in mine if r["value"] == value] or mine
        return {"value": value, "sources": [s for r in shown for s in r["sources"]]}

    territory = field("territory", json_list(row["territory"]))
    territory["sources"] = [s for r in readings if r["attribute"] == "territory" for s in r["sources"]]
    roles = conn.execute("SELECT * FROM roles WHERE of_type = 'cluster' AND of_id = ? ORDER BY id",
                         (cluster_id,)).fetchall()
    role_sources = _sources(conn, "role", [r["id"] for r in roles])
    directors = [{"id": r["person_id"], "name": _name(conn, "actors", r["person_id"]), "role": r["role"],
                  "inferred": bool(r["inferred"]), "uncertain": bool(r["uncertain"]),
                  "sources": role_sources.get(str(r["id"]), [])} for r in roles]
    link_rows = conn.execute("SELECT * FROM links WHERE source_id = ? OR target_id = ? ORDER BY id",
                             (cluster_id, cluster_id)).fetchall()
    link_sources = _sources(conn, "link", [r["id"] for r in link_rows])
    links = []
    for link in link_rows:
        outgoing = link["source_id"] == cluster_id
        other = link["target_id"] if outgoing else link["source_id"]
        other_row = conn.execute("SELECT name, kind FROM clusters WHERE id = ?", (other,)).fetchone()
        links.append({"id": other, "name": other_row["name"] if other_row else other,
                      "kind": other_row["kind"] if other_row else None, "relation": link["relation"],
                      "direction": "sortant" if outgoing else "entrant",
                      "uncertain": bool(link["uncertain"]), "sources": link_sources.get(str(link["id"]), [])})
    money = conn.execute("SELECT * FROM funding WHERE recipient_type = 'cluster' AND recipient_id = ? "
                         "ORDER BY id", (cluster_id,)).fetchall()
    funding = _funding_groups(conn, money, "funder")
    structure_funding = _structure_funding(conn, row["structure"])
    filiere_name = _name(conn, "filieres", row["filiere_id"])
    every = [own, *(r["sources"] for r in readings), *(d["sources"] for d in directors),
             *(link["sources"] for link in links),
             *(i["sources"] for g in funding for i in g["items"]),
             *(i["sources"] for g in (structure_funding or {}).get("funding", []) for i in g["items"])]
    return {
        "id": row["id"], "name": row["name"], "kind": row["kind"],
        "aliases": _aliases(conn, "cluster", cluster_id, row["name"]),
        "filiere": {"value": filiere_name, "id": row["filiere_id"], "sources": []},
        "created": field("created", row["created"]), "territory": territory,
        "structure": field("structure", row["structure"]), "fte": field("fte", row["fte"]),
        "members": field("members", row["members"]), "location": field("location", row["location"]),
        "summary": row["summary"], "directors": directors, "links": links, "funding": funding,
        "funding_total_eur": sum(g["total_eur"] for g in funding) if funding else None,
        "structure_funding": structure_funding,
        "uncertain": uncertain,
        "readings": [r for r in readings if r["attribute"] in uncertain or r["uncertain"]],
        "sources": own, "documents": _documents(*every),
    }


def actor_dossier(conn: sqlite3.Connection, actor_id: str) -> Row | None:
    """One actor: roles (navigable), clusters, people of an organisation, money given and received."""
    row = conn.execute("SELECT * FROM actors WHERE id = ?", (actor_id,)).fetchone()
    if row is None:
        return None
    own = _sources(conn, "actor", [actor_id]).get(actor_id, [])
    role_rows = conn.execute("SELECT * FROM roles WHERE person_id = ? ORDER BY id", (actor_id,)).fetchall()
    role_sources = _sources(conn, "role", [r["id"] for r in role_rows])
    roles, clusters = [], []
    for role in role_rows:
        table = "clusters" if role["of_type"] == "cluster" else "actors"
        of_name = _name(conn, table, role["of_id"]) or role["of_id"]
        roles.append({"role": role["role"], "of": of_name, "of_id": role["of_id"], "of_type": role["of_type"],
                      "inferred": bool(role["inferred"]), "uncertain": bool(role["uncertain"]),
                      "sources": role_sources.get(str(role["id"]), [])})
        if role["of_type"] == "cluster" and all(c["id"] != role["of_id"] for c in clusters):
            kind = conn.execute("SELECT kind FROM clusters WHERE id = ?", (role["of_id"],)).fetchone()
            clusters.append({"id": role["of_id"], "name": of_name, "kind": kind["kind"] if kind else None})
    people = [{"id": p["id"], "name": p["name"], "function": p["function"]} for p in conn.execute(
        "SELECT id, name, function FROM actors WHERE organisation_id = ? ORDER BY name", (actor_id,))]
    given = _funding_groups(conn, conn.execute(
        "SELECT * FROM funding WHERE funder_id = ? ORDER BY id", (actor_id,)).fetchall(), "recipient")
    received = _funding_groups(conn, conn.execute(
        "SELECT * FROM funding WHERE recipient_type = 'actor' AND recipient_id = ? ORDER BY id",
        (actor_id,)).fetchall(), "funder")
    organisation = _name(conn, "actors", row["organisation_id"])
    every = [own, *(r["sources"] for r in roles),
             *(i["sources"] for g in [*given, *received] for i in g["items"])]
    return {
        "id": row["id"], "name": row["name"], "kind": row["kind"],
        "aliases": _aliases(conn, "actor", actor_id, row["name"]),
        "category": row["category"], "function": row["function"],
        "organisation": {"value": organisation, "id": row["organisation_id"], "sources": []},
        "roles": roles, "clusters": clusters, "actors": people,
        "funding_given": given, "funding_received": received,
        "uncertain": json_list(row["uncertain"]), "sources": own, "documents": _documents(*every),
    }


def filiere_dossier(conn: sqlite3.Connection, filiere_id: str) -> Row | None:
    """One filière: its clusters, the people who direct them, its staff and funding totals."""
    row = conn.execute("SELECT * FROM filieres WHERE id = ?", (filiere_id,)).fetchone()
    if row is None:
        return None
    own = _sources(conn, "filiere", [filiere_id]).get(filiere_id, [])
    cluster_rows = conn.execute(
        "SELECT c.id, c.name, c.kind, c.fte FROM filiere_clusters fc JOIN clusters c ON c.id = fc.cluster_id "
        "WHERE fc.filiere_id = ? ORDER BY c.kind DESC, c.name", (filiere_id,)).fetchall()
    doubtful = {r["value"] for r in conn.execute(
        "SELECT value FROM attributes WHERE entity_type = 'filiere' AND entity_id = ? AND name = 'cluster' "
        "GROUP BY value HAVING MIN(uncertain) = 1", (filiere_id,))}
    clusters = [{"id": c["id"], "name": c["name"], "kind": c["kind"], "fte": c["fte"],
                 "uncertain": c["id"] in doubtful} for c in cluster_rows]
    ids = [c["id"] for c in clusters]
    marks = ",".join("?" * len(ids)) or "NULL"
    people = []
    for role in conn.execute(f"SELECT person_id, role, of_id FROM roles WHERE of_type = 'cluster' "
                             f"AND of_id IN ({marks}) ORDER BY id", ids):
        of_name = next(c["name"] for c in clusters if c["id"] == role["of_id"])
        people.append({"id": role["person_id"], "name": _name(conn, "actors", role["person_id"]),
                       "role": f"{role['role']} ({of_name})"})
    money = conn.execute(f"SELECT * FROM funding WHERE recipient_type = 'cluster' AND recipient_id IN ({marks}) "
                         f"ORDER BY id", ids).fetchall()
    funding = _funding_groups(conn, money, "funder")
    ftes = [c["fte"] for c in clusters if c["fte"] is not None]
    counted = counted_ids(conn, [r["id"] for r in money])  # each amount once (db/SCHEMA.md)
    amounts = [r["amount_eur"] for r in money if r["amount_eur"] is not None and r["id"] in counted]
    return {
        "id": row["id"], "name": row["name"], "aliases": _aliases(conn, "filiere", filiere_id, row["name"]),
        "clusters": clusters, "actors": people,
        "fte": round(sum(ftes), 2) if ftes else None, "funding_eur": sum(amounts) if amounts else None,
        "funding": funding, "sources": own,
        "documents": _documents(own, *(i["sources"] for g in funding for i in g["items"])),
    }


def passage_context(conn: sqlite3.Connection, passage_id: int, before: int = 3, after: int = 3) -> Row:
    """A passage with its neighbours in the same document, for "open the source in context"
    (an unknown passage gives the same shape with `passage` None and no neighbours)."""
    row = conn.execute(
        "SELECT p.*, d.title AS document FROM passages p JOIN documents d ON d.id = p.document_id "
        "WHERE p.id = ?", (passage_id,)).fetchone()
    if row is None:
        return {"document": None, "document_id": None, "page": None, "section": "", "passage": None,
                "before": [], "after": []}

    def shape(p: sqlite3.Row) -> Row:
        return {"id": p["id"], "text": p["text"], "page": p["page"], "kind": p["kind"]}

    neighbours = conn.execute(
        "SELECT * FROM passages WHERE document_id = ? AND seq BETWEEN ? AND ? ORDER BY seq",
        (row["document_id"], row["seq"] - before, row["seq"] + after)).fetchall()
    section = " ".join(x for x in (row["section_number"], row["section_title"]) if x)
    return {
        "document": row["document"], "document_id": row["document_id"], "page": row["page"],
        "section": section, "passage": shape(row),
        "before": [shape(p) for p in neighbours if p["seq"] < row["seq"]],
        "after": [shape(p) for p in neighbours if p["seq"] > row["seq"]],
    }
