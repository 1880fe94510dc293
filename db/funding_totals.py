"""Funding totals that never count a whole and its parts twice, and the money of a cluster's
structure porteuse, read once here so that every view, dossier and pane agrees.

The rule (db/SCHEMA.md): a recipient's total is the sum over the `funding_received` view —
standalone amounts and wholes, plus the parts of a group whose whole is not recorded; never a
level (a fee of a scale, a turnover bracket) nor a turnover.
"""

from __future__ import annotations

import re
import sqlite3
from collections import defaultdict

from grappe.db.text import fold

Row = dict
NOT_RECEIVED = "chiffre d'affaires"  # a kind that is never money received (nor is a level)
# Legal forms and small words that say what a structure is, not which one it is.
_NOT_DISTINCTIVE = {
    "association", "ad", "hoc", "gie", "spl", "sem", "sa", "sas", "sarl", "scic", "groupement",
    "l", "la", "le", "les", "de", "du", "des", "d", "et", "en", "grappe",
}


def recipient_totals(conn: sqlite3.Connection, recipient_type: str) -> dict[str, float]:
    """Each recipient's funding received, counted once, by recipient id."""
    return {r["recipient_id"]: r["total"] for r in conn.execute(
        "SELECT recipient_id, SUM(amount_eur) AS total FROM funding_received "
        "WHERE recipient_type = ? AND amount_eur IS NOT NULL GROUP BY recipient_id", (recipient_type,))}


def counted_ids(conn: sqlite3.Connection, ids: list[int]) -> set[int]:
    """Which of these funding rows count in their recipient's total."""
    found: set[int] = set()
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        marks = ",".join("?" * len(chunk))
        found |= {r[0] for r in conn.execute(f"SELECT id FROM funding_received WHERE id IN ({marks})", chunk)}
    return found


def bar_amounts(rows: list[sqlite3.Row]) -> dict[int, float]:
    """What each row adds to its funder's (or recipient's) bar: a part its amount, its whole what
    the parts leave unattributed (all of it when they add up to more, and then the parts
    nothing), a standalone row or a part whose whole is not among `rows` its amount, a level or a
    turnover nothing. The bars of one recipient then add up to its total."""
    parts_of: dict[str, float] = defaultdict(float)
    for row in rows:
        if row["role"] == "part" and row["group_id"]:
            parts_of[row["group_id"]] += row["amount_eur"] or 0.0
    wholes = {row["group_id"]: row["amount_eur"] or 0.0 for row in rows if row["role"] == "whole"}
    shares: dict[int, float] = {}
    for row in rows:
        amount = row["amount_eur"] or 0.0
        parts = parts_of.get(row["group_id"], 0.0)
        if row["role"] == "level" or row["kind"] == NOT_RECEIVED:
            shares[row["id"]] = 0.0
        elif row["role"] == "whole":
            shares[row["id"]] = amount - parts if parts <= amount else amount
        elif row["role"] == "part" and row["group_id"] in wholes:
            shares[row["id"]] = amount if parts <= wholes[row["group_id"]] else 0.0
        else:
            shares[row["id"]] = amount
    return shares


_POOL_SQL = (
    "SELECT f.*, a.name AS actor_name FROM funding f LEFT JOIN actors a ON a.id = f.recipient_id "
    "AND f.recipient_type = 'actor' WHERE (f.recipient_type = 'actor' OR f.recipient_id IS NULL)"
)


def structure_pool(conn: sqlite3.Connection) -> list[sqlite3.Row]:
    """Funding rows an organisation (or an unresolved name) receives: where structures' money is."""
    return conn.execute(_POOL_SQL + " ORDER BY f.id").fetchall()


def _tokens(text: str | None) -> set[str]:
    return {w for w in re.split(r"[^\w]+", fold(text or "")) if w}


def _wanted(structure: str | None) -> set[str]:
    return _tokens(structure) - _NOT_DISTINCTIVE


def _received_by(rows: list[sqlite3.Row]) -> str | None:
    names = list(dict.fromkeys(r["actor_name"] or r["recipient_name"] for r in rows))
    return " / ".join(names) if names else None


class StructureIndex:
    """The structure pool indexed by word, so that matching every cluster stays linear."""

    def __init__(self, rows: list[sqlite3.Row]) -> None:
        self.rows = rows
        self.by_word: dict[str, list[int]] = defaultdict(list)
        for index, row in enumerate(rows):
            for word in _tokens(row["actor_name"] or row["recipient_name"]):
                self.by_word[word].append(index)

    def find(self, structure: str | None) -> tuple[list[sqlite3.Row], str | None]:
        wanted = _wanted(structure)
        if not wanted:
            return [], None
        hits = set.intersection(*(set(self.by_word.get(w, ())) for w in wanted))
        found = [self.rows[i] for i in sorted(hits)]
        return found, _received_by(found)


def _like(word: str) -> str:
    """A LIKE pattern that a folded word's accented spelling also matches ("eurasante" →
    "Eurasanté"): every letter that may carry an accent (or come from a ligature) stands for any run."""
    escaped = "".join("%" if c in "aeiouycns" else ("\\" + c if c in "%_\\" else c) for c in word)
    return f"%{escaped}%"


def structure_rows(conn: sqlite3.Connection, structure: str | None) -> tuple[list[sqlite3.Row], str | None]:
    """The funding rows received by a cluster's structure porteuse (an organisation, or a name
    the document gives a recipient), and that recipient's name; nothing when no name fits.

    A recipient fits when its name holds every distinctive word of the structure ("GIE X" →
    "X", which "X-Pôle Santé" holds). SQL narrows the rows, the words decide."""
    wanted = sorted(_wanted(structure))
    if not wanted:
        return [], None
    clauses = " AND ".join("coalesce(a.name, f.recipient_name) LIKE ? ESCAPE '\\'" for _ in wanted)
    rows = conn.execute(f"{_POOL_SQL} AND {clauses} ORDER BY f.id", [_like(w) for w in wanted]).fetchall()
    found = [r for r in rows if set(wanted) <= _tokens(r["actor_name"] or r["recipient_name"])]
    return found, _received_by(found)


def part_label(item: dict) -> str:
    """ " (part de 385 000 € budget 2012)" after a part's kind in a dossier, else ""."""
    whole = item.get("part_of") if isinstance(item, dict) else None
    if not isinstance(whole, dict):
        return ""
    from grappe.db.export import format_eur

    words = [format_eur(whole.get("amount_eur")) or str(whole.get("amount_text") or ""),
             str(whole.get("kind") or ""), str(whole.get("period") or "")]
    return " (part de " + " ".join(w for w in words if w) + ")"
