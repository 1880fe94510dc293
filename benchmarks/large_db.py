"""Builds a large knowledge base with the real schema (100 000 clusters, 100 000 actors,
1 000 000 passages, with evidence, roles, links and funding) to measure the app and search
at a scale no real import reaches yet.

    python -m benchmarks.large_db --out benchmarks/out/large.db
"""

from __future__ import annotations

import argparse
import json
import random
import sqlite3
import time
from pathlib import Path

from benchmarks.names import NameBook
from benchmarks.prose import FILLER
from benchmarks.world import MONTHS, THEMES
from grappe.db.schema import create_schema, rebuild_search_indexes
from grappe.db.summaries import fill_summaries
from grappe.importer.keys import slug

OUT = Path(__file__).parent / "out"
KINDS = ["paragraph"] * 70 + ["bullet"] * 8 + ["heading"] * 8 + ["table"] * 4 + \
        ["footnote"] * 5 + ["annex"] * 5
RELATIONS = ["coopération", "membre fondateur", "lien pôle de compétitivité", "lien grappe",
             "directeur commun", "friction"]
ROLES = ["directeur", "président", "vice-président", "directeur général"]
FUNDERS = ["Etat", "Conseil Régional", "FEDER", "Métropole", "CCI", "industriels"]


def _unique_ids(names: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    ids = []
    for name in names:
        key = slug(name)
        seen[key] = seen.get(key, 0) + 1
        ids.append(key if seen[key] == 1 else f"{key}-{seen[key]}")
    return ids


def build_large(path: Path, *, clusters: int = 100_000, actors: int = 100_000,
                passages: int = 1_000_000, documents: int = 1000, seed: int = 1) -> dict:
    """Write the database at `path` (replaced if present); return row counts and seconds."""
    started = time.perf_counter()
    rng = random.Random(seed)
    book = NameBook(rng)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.unlink(missing_ok=True)
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode = OFF")
    conn.execute("PRAGMA synchronous = OFF")
    conn.execute("PRAGMA cache_size = -400000")
    create_schema(conn)
    conn.execute("BEGIN")

    towns = [book.town() for _ in range(300)]
    doc_ids = [f"{i:016x}" for i in range(documents)]
    conn.executemany(
        "INSERT INTO documents VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
        ((d, f"Monographie synthétique {i} — {towns[i % len(towns)]}", "[]", 2012,
          towns[i % len(towns)], "benchmarks.large_db", f"/synthetic/{i}.txt", f"{i:064x}",
          "utf-8", 150_000, 0, 50) for i, d in enumerate(doc_ids)))

    filiere_names = [f"{theme} {towns[i % len(towns)]}" for i, theme in
                     enumerate(THEMES * 30)][:500]
    filiere_ids = _unique_ids(filiere_names)
    conn.executemany("INSERT INTO filieres VALUES (?,?)", zip(filiere_ids, filiere_names))

    cluster_names = [rng.choice([book.brand(), f"Club {book.brand()}", f"{book.brand()} Cluster"])
                     for _ in range(clusters)]
    cluster_ids = _unique_ids(cluster_names)
    cluster_kinds = [rng.choice(["PC", "GE", "GE", "PE", "PE", "PE", "other"]) for _ in cluster_ids]
    cluster_filiere = [rng.choice(filiere_ids) for _ in cluster_ids]
    conn.executemany(
        "INSERT INTO clusters VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
        ((cid, name, kind, fil, f"{rng.choice(MONTHS)} {rng.randint(1995, 2012)}",
          json.dumps([rng.choice(towns)], ensure_ascii=False), f"Association {name}",
          round(rng.uniform(0.5, 12), 1), rng.randint(5, 400), rng.choice(towns), None,
          "[]" if rng.random() > 0.05 else '["created"]')
         for cid, name, kind, fil in zip(cluster_ids, cluster_names, cluster_kinds, cluster_filiere)))
    conn.executemany("INSERT INTO filiere_clusters VALUES (?,?)",
                     ((f, c) for c, f in zip(cluster_ids, cluster_filiere)))

    people = int(actors * 0.7)
    actor_names = [" ".join(book.person()[:2]) for _ in range(people)]
    actor_names += [rng.choice(["Association ", "CCI ", "Université de ", "Agence "]) + book.town()
                    for _ in range(actors - people)]
    actor_ids = _unique_ids(actor_names)
    orgs = actor_ids[people:]
    conn.executemany(
        "INSERT INTO actors VALUES (?,?,?,?,?,?,?)",
        ((aid, name, "person" if i < people else "organisation",
          None if i < people else rng.choice(["collectivité", "recherche", "entreprise", "État"]),
          rng.choice(ROLES).capitalize() if i < people else None,
          rng.choice(orgs) if i < people else None, "[]")
         for i, (aid, name) in enumerate(zip(actor_ids, actor_names))))

    from grappe.db.text import fold

    alias_rows = [(cid, "cluster", name, fold(name)) for cid, name in zip(cluster_ids, cluster_names)]
    alias_rows += [(cid, "cluster", acr, fold(acr)) for cid, acr in
                   ((c, book.acronym()) for c in cluster_ids[: clusters // 3])]
    alias_rows += [(aid, "actor", name, fold(name)) for aid, name in zip(actor_ids, actor_names)]
    conn.executemany("INSERT OR IGNORE INTO aliases VALUES (?,?,?,?)", alias_rows)

    _passages(conn, rng, doc_ids, passages, cluster_names, actor_names, towns)
    facts = _facts(conn, rng, cluster_ids, actor_ids[:people], passages)
    rebuild_search_indexes(conn)
    fill_summaries(conn)
    conn.execute("COMMIT")
    conn.execute("PRAGMA optimize")
    conn.close()
    return {"clusters": clusters, "actors": actors, "passages": passages, "documents": documents,
            **facts, "seconds": round(time.perf_counter() - started, 1),
            "megabytes": round(path.stat().st_size / 1e6, 1)}


def _passages(conn: sqlite3.Connection, rng: random.Random, doc_ids: list[str], count: int,
              cluster_names: list[str], actor_names: list[str], towns: list[str]) -> None:
    per_doc = max(1, count // len(doc_ids))
    themes = [t.lower() for t in THEMES]

    def rows():  # type: ignore[no-untyped-def]
        for pid in range(1, count + 1):
            doc = doc_ids[min((pid - 1) // per_doc, len(doc_ids) - 1)]
            seq = (pid - 1) % per_doc
            kind = rng.choice(KINDS)
            slots = {"town": rng.choice(towns), "region": rng.choice(towns),
                     "filiere_lower": rng.choice(themes), "n": rng.randint(2, 900),
                     "year": rng.randint(1995, 2012)}
            text = " ".join(t.format(**slots) for t in rng.sample(FILLER, 2))
            text = (f"La grappe d’entreprises {rng.choice(cluster_names)}, dirigée par "
                    f"{rng.choice(actor_names)}, {text}")
            section = f"{seq // 100 + 1}.{seq // 20 % 5 + 1}"
            yield (pid, doc, seq, seq // 20 + 1, seq * 3, section, f"Section {section}", kind,
                   None, None, None, "[]", "[]", text)

    conn.executemany("INSERT INTO passages VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)", rows())


def _facts(conn: sqlite3.Connection, rng: random.Random, cluster_ids: list[str],
           person_ids: list[str], passages: int) -> dict:
    n = len(cluster_ids)
    conn.executemany(
        "INSERT INTO roles(person_id, role, of_id, of_type, inferred, uncertain) VALUES (?,?,?,?,?,?)",
        ((rng.choice(person_ids), rng.choice(ROLES), rng.choice(cluster_ids), "cluster",
          int(rng.random() < 0.1), 0) for _ in range(n)))
    conn.executemany(
        "INSERT INTO links(source_id, target_id, relation, uncertain) VALUES (?,?,?,?)",
        ((rng.choice(cluster_ids), rng.choice(cluster_ids), rng.choice(RELATIONS),
          int(rng.random() < 0.05)) for _ in range(n)))
    conn.executemany(
        "INSERT INTO funding(recipient_id, recipient_type, recipient_name, funder_id, funder_name, "
        "amount_eur, amount_text, period, kind, uncertain) VALUES (?,?,?,?,?,?,?,?,?,?)",
        ((cid, "cluster", None, None, rng.choice(FUNDERS), amount, f"{amount:,} €".replace(",", " "),
          str(rng.randint(2008, 2012)), rng.choice(["subvention", "budget", "cotisation"]), 0)
         for cid, amount in ((rng.choice(cluster_ids), rng.randint(5, 900) * 1000) for _ in range(n))))
    conn.executemany(
        "INSERT INTO attributes(entity_id, entity_type, name, value, uncertain) VALUES (?,?,?,?,?)",
        ((cid, "cluster", name, str(rng.randint(1, 300)), 0)
         for cid in cluster_ids for name in ("members", "fte")))

    def evidence():  # type: ignore[no-untyped-def]
        for fact_type, ids in (("cluster", cluster_ids), ("actor", person_ids)):
            for fid in ids:
                yield fact_type, fid, rng.randint(1, passages), "citation synthétique"
        for fact_type in ("role", "link", "funding"):
            for rowid in range(1, n + 1):
                yield fact_type, str(rowid), rng.randint(1, passages), "citation synthétique"
        for rowid in range(1, 2 * n + 1):
            yield "attribute", str(rowid), rng.randint(1, passages), "citation synthétique"

    conn.executemany("INSERT INTO evidence(fact_type, fact_id, passage_id, quote) VALUES (?,?,?,?)",
                     evidence())
    return {"roles": n, "links": n, "funding": n, "attributes": 2 * n}


def large_db(scale: float = 1.0, seed: int = 1) -> Path:
    """The cached large database under benchmarks/out/, built on first use."""
    from grappe.db.schema import SCHEMA_VERSION

    path = OUT / f"large-{scale:g}-seed{seed}-v{SCHEMA_VERSION}.db"  # rebuilt when the schema moves
    if not path.exists():
        staging = path.with_suffix(".building")
        build_large(staging, clusters=int(100_000 * scale), actors=int(100_000 * scale),
                    passages=int(1_000_000 * scale), documents=max(1, int(1000 * scale)), seed=seed)
        staging.replace(path)
    return path


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.large_db", description=__doc__)
    parser.add_argument("--out", type=Path, default=OUT / "large.db")
    parser.add_argument("--scale", type=float, default=1.0, help="1.0 = 100k clusters, 1M passages")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    counts = build_large(args.out, clusters=int(100_000 * args.scale),
                         actors=int(100_000 * args.scale), passages=int(1_000_000 * args.scale),
                         documents=max(1, int(1000 * args.scale)), seed=args.seed)
    print(json.dumps(counts, ensure_ascii=False))


if __name__ == "__main__":
    main()
