"""Typo-tolerant name matching: `eurasnte` finds Eurasanté, `vervaeke` finds Vervaecke.

Used when full-text search finds no name. A small base compares every name (folded once per
database file and kept in memory); a large one compares only the names sharing the first
letters of a query word. A bigram filter discards most names before the edit distance runs.
"""

from __future__ import annotations

import os
import re
import sqlite3
import unicodedata
from dataclasses import dataclass

from grappe.db.connect import database_path
from grappe.db.one_step import fetch_tuples

SCAN_ALL_BELOW = 5000  # with fewer names, every name is a candidate
CANDIDATES = 400  # names compared on a large base


@dataclass(frozen=True)
class NameEntry:
    """A name or alias, folded for comparison, with the entity it stands for."""

    name: str
    entity_type: str
    entity_id: str
    folded: str
    bigrams: frozenset[str]


def quick_fold(text: str) -> str:
    """Lowercase ASCII words: accents, case and punctuation removed (fast, C-level)."""
    ascii_text = unicodedata.normalize("NFKD", text.casefold()).encode("ascii", "ignore").decode("ascii")
    return " ".join(re.sub(r"[^0-9a-z]+", " ", ascii_text).split())


def bigrams(text: str) -> frozenset[str]:
    return frozenset(text[i:i + 2] for i in range(len(text) - 1))


def _entry(name: str, entity_type: str, entity_id: str) -> NameEntry:
    folded = quick_fold(name)
    return NameEntry(name, entity_type, entity_id, folded, bigrams(folded))


_cache: dict[tuple, list[NameEntry]] = {}


def _all_names(conn: sqlite3.Connection, last_rowid: int) -> list[NameEntry]:
    """Every name of a small base, folded once per database file (rebuilt when it changes)."""
    key: tuple | None = None
    path = database_path(conn)
    if path:
        try:
            st = os.stat(path)
            key = (path, st.st_ino, st.st_mtime_ns, st.st_size, last_rowid)
        except OSError:
            key = None
    if key is not None and key in _cache:
        return _cache[key]
    rows = fetch_tuples(conn, "SELECT name, entity_type, entity_id FROM names_fts LIMIT ?", (SCAN_ALL_BELOW,))
    entries = [_entry(*row) for row in rows]
    if key is not None:
        _cache.clear()
        _cache[key] = entries
    return entries


def _candidates(conn: sqlite3.Connection, query: str) -> list[NameEntry]:
    last_rowid = conn.execute("SELECT max(rowid) FROM names_fts").fetchone()[0] or 0
    if last_rowid <= SCAN_ALL_BELOW:
        return _all_names(conn, last_rowid)
    # Large base: typos in the first letters of every word are not forgiven (the price of a frame).
    prefixes = ['"' + word[:4] + '"*' for word in query.split() if len(word) >= 3][:3]
    if not prefixes:
        return []
    rows = fetch_tuples(
        conn, "SELECT name, entity_type, entity_id FROM names_fts WHERE names_fts MATCH ? LIMIT ?",
        (" OR ".join(prefixes), CANDIDATES),
    )
    return [_entry(*row) for row in rows]


def close_names(conn: sqlite3.Connection, text: str) -> list[tuple[str, str, str, float]]:
    """Names within a small edit distance of the text: (name, entity type, id, score)."""
    query = quick_fold(text)
    if len(query) < 3:
        return []
    budget = 1 if len(query) <= 6 else 2
    query_bigrams = bigrams(query)
    # An edit destroys at most two bigrams (a transposition three); ask for one shared bigram
    # at least, which gives up only on transpositions inside words of four letters.
    needed = max(1, len(query_bigrams) - 2 * budget - 1)
    width = len(query.split())
    found = []
    for entry in _candidates(conn, query):
        if len(entry.folded) < len(query) - budget or len(query_bigrams & entry.bigrams) < needed:
            continue
        distance = best_window_distance(query, entry.folded, width, budget, query_bigrams, needed)
        if distance <= budget:
            found.append((entry.name, entry.entity_type, entry.entity_id, -10.0 * distance))
    return found


def best_window_distance(
    query: str, name: str, width: int, budget: int, query_bigrams: frozenset[str] = frozenset(), needed: int = 0
) -> int:
    """Smallest edit distance between the query and the whole name or any run of its words."""
    words = name.split()
    windows = {name} | {" ".join(words[i:i + size]) for i in range(len(words)) for size in (width, width + 1)}
    best = budget + 1
    for window in windows:
        if abs(len(window) - len(query)) > budget:
            continue
        if needed and len(query_bigrams & bigrams(window)) < needed:
            continue
        best = min(best, edit_distance(query, window, budget))
    return best


def edit_distance(a: str, b: str, budget: int) -> int:
    """Damerau-Levenshtein distance, giving up (returning budget + 1) once it exceeds budget."""
    if abs(len(a) - len(b)) > budget:
        return budget + 1
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cost = 0 if ca == cb else 1
            value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                value = min(value, previous2[j - 2] + 1)
            current[j] = value
        if min(current) > budget:
            return budget + 1
        previous2, previous = previous, current
    return previous[-1]
