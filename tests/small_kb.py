"""A tiny knowledge base built directly with the schema, for search, export and lookup tests.

It does not depend on the extractors, so these tests keep working whatever the importer
finds; names include accents, aliases and hostile text (markup, HTML, pipes).
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from grappe.db.schema import create_schema, rebuild_search_indexes
from grappe.db.summaries import fill_summaries
from grappe.db.text import fold

DOC = "d0c0000000000001"

PASSAGES = [
    (1, 3, "heading", "1", "Introduction", "Introduction"),
    (2, 4, "paragraph", "1.1", "Le contexte", "Le coût de l'animation est pris en charge par l'État aujourd'hui."),
    (3, 5, "paragraph", "1.2", "Les pôles", "Le pôle Eurasanté travaille avec le pôle UP-tex sur un prix-fixe."),
    (4, 6, "table", "1.2", "Les pôles", "Tableau 1- Pôles : Eurasanté | Lille | GIE Eurasanté | 12:30"),
    (5, 7, "paragraph", "2", "Hostile", "Texte x [/] y [@click=app.quit]boom[/] <script>alert(1)</script> a|b"),
    (6, 8, "paragraph", "2.1", "Financement", "La Région verse 93 800 € à UP-tex pour 2010 ; e-mail C++."),
]

CLUSTERS = [
    ("eurasante", "Eurasanté", "PE", "sante", "2008", '["Lille Métropole"]', "GIE Eurasanté", 9.3, 120),
    ("up-tex", "UP-tex", "PC", "textile", "juin 2010", '["Nord"]', "Association UP-tex", 4.0, 80),
    ("team2", "Team2", "PC", None, None, "[]", None, None, None),
    ("hostile", "Pôle x [/] y <img src=x onerror=alert(1)> a|b", "GE", None, None, "[]", None, None, None),
]

ACTORS = [
    ("jean-dupont", "Jean Dupont", "person", None, "directeur", None),
    ("region-npdc", "Région Nord-Pas de Calais", "organisation", "collectivité", None, None),
    ("etienne-vervaecke", "Étienne Vervaecke", "person", None, "directeur général", None),
]

ALIASES = [
    ("up-tex", "cluster", "Uptex"), ("up-tex", "cluster", "Up Tex"), ("team2", "cluster", "Team 2"),
]


def build_small_kb(path: Path) -> Path:
    """Write the tiny knowledge base at path and return it."""
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA synchronous = OFF")  # a throwaway test file: no need to wait for the disk
    with conn:
        create_schema(conn)
        conn.execute(
            "INSERT INTO documents VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
            (DOC, "Monographie test", json.dumps(["A. Auteur"]), 2012, "Test", None, "t.txt",
             "0" * 64, "utf-8", 100, 0, 8),
        )
        for seq, page, kind, number, title, text in PASSAGES:
            conn.execute(
                "INSERT INTO passages (id, document_id, seq, page, line, section_number, section_title, kind, text) "
                "VALUES (?,?,?,?,?,?,?,?,?)",
                (seq, DOC, seq, page, seq * 10, number, title, kind, text),
            )
        conn.executemany("INSERT INTO filieres VALUES (?,?)", [("sante", "Santé"), ("textile", "Textile")])
        conn.executemany(
            "INSERT INTO clusters (id, name, kind, filiere_id, created, territory, structure, fte, members) "
            "VALUES (?,?,?,?,?,?,?,?,?)",
            CLUSTERS,
        )
        conn.executemany(
            "INSERT INTO filiere_clusters VALUES (?,?)", [("sante", "eurasante"), ("textile", "up-tex")]
        )
        conn.executemany(
            "INSERT INTO actors (id, name, kind, category, function, organisation_id) VALUES (?,?,?,?,?,?)",
            ACTORS,
        )
        conn.executemany(
            "INSERT INTO aliases VALUES (?,?,?,?)", [(e, t, a, fold(a)) for e, t, a in ALIASES]
        )
        conn.execute(
            "INSERT INTO roles (id, person_id, role, of_id, of_type) VALUES (1, 'jean-dupont', 'directeur', 'up-tex', 'cluster')"
        )
        conn.execute(
            "INSERT INTO links (id, source_id, target_id, relation) VALUES (1, 'eurasante', 'up-tex', 'coopération')"
        )
        conn.execute(
            "INSERT INTO funding (id, recipient_id, recipient_type, recipient_name, funder_id, funder_name, "
            "amount_eur, amount_text, period, kind) VALUES "
            "(1, 'up-tex', 'cluster', 'UP-tex', 'region-npdc', 'Région Nord-Pas de Calais', 93800, '93 800 €', '2010', 'subvention')"
        )
        conn.executemany(
            "INSERT INTO evidence (fact_type, fact_id, passage_id, quote) VALUES (?,?,?,?)",
            [("cluster", "eurasante", 3, "Le pôle Eurasanté travaille avec le pôle UP-tex"),
             ("role", "1", 6, "UP-tex"), ("link", "1", 3, "travaille avec le pôle UP-tex"),
             ("funding", "1", 6, "La Région verse 93 800 € à UP-tex pour 2010")],
        )
        rebuild_search_indexes(conn)
        fill_summaries(conn)
    conn.close()
    return path
