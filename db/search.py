"""Search across names and passages: any text typed is valid input, and every query is bounded.

User text never reaches FTS5 as syntax: it is cut into words the way the `unicode61`
tokenizer cuts them, each word is quoted, and only the last word becomes a prefix (search as
you type). Names (clusters, actors, filières, aliases) come before passages; when no name
matches, a small edit-distance pass over candidate names forgives typos. Every statement has
a LIMIT and ranking happens over a capped window, so a one-letter query over a million
passages stays cheap.
"""

from __future__ import annotations

import json
import sqlite3
import unicodedata
from dataclasses import dataclass

from grappe.db.fuzzy import close_names, quick_fold
from grappe.db.one_step import fetch_tuples
from grappe.db.search_text import excerpt, passage_score, word_pattern
from grappe.db.text import clean_line, fold

MAX_QUERY_CHARS = 256
MAX_WORDS = 12
# Matches ranked per query; beyond it, document order decides. FTS5's bm25() is not used:
# its IDF pass reads the whole doclist of every term (measured 440 ms for `etat` over a
# million passages), while this window is read in a few milliseconds.
RANK_WINDOW = 200


@dataclass(frozen=True)
class SearchHit:
    """One search result: an entity (opens its dossier) or a passage (opens the source)."""

    kind: str  # cluster | actor | filiere | passage
    id: str
    title: str
    snippet: str
    page: int | None
    document_id: str | None
    score: float


def _is_word_char(ch: str) -> bool:
    # unicode61 keeps letters, numbers and private-use characters; marks stay with their letter.
    return unicodedata.category(ch)[0] in "LNM" or unicodedata.category(ch) == "Co"


def query_words(text: str) -> list[str]:
    """The words of a user query, cut as the FTS tokenizer would cut them."""
    cleaned = clean_line(str(text)[: MAX_QUERY_CHARS * 4])[:MAX_QUERY_CHARS]
    words: list[str] = []
    current: list[str] = []
    for ch in cleaned:
        if _is_word_char(ch):
            current.append(ch)
        elif current:
            words.append("".join(current))
            current = []
    if current:
        words.append("".join(current))
    # A word made only of combining marks is not a word for the tokenizer.
    words = [w for w in words if any(unicodedata.category(c)[0] in "LN" or unicodedata.category(c) == "Co" for c in w)]
    return words[:MAX_WORDS]


def _quote(word: str) -> str:
    return '"' + word.replace('"', '""') + '"'


def build_fts_query(text: str, *, prefix: bool = True, any_word: bool = False) -> str | None:
    """Turn any user text into a safe FTS5 expression, or None when there is nothing to search.

    Every word is a quoted literal (so `AND`, `NEAR(`, `*`, `:` are just words); the last one
    is a prefix when it has at least two characters, so `co` already finds `coût`. Accents and
    case are left to the tokenizer (`remove_diacritics 2`), so `cout` finds `coût`. Words are
    all required, or any of them with `any_word`.
    """
    words = query_words(text)
    if not words:
        return None
    parts = [_quote(w) for w in words]
    if prefix and len(words[-1]) >= 2:
        parts[-1] += "*"
    return (" OR " if any_word else " ").join(parts)


def search_all(conn: sqlite3.Connection, text: str, limit: int = 50) -> list[SearchHit]:
    """Names first (prefixes and small typos forgiven), then passages; never raises.

    Names fill the list up to three quarters when passages match too, so a broad prefix
    still shows some of the text.
    """
    try:
        limit = max(0, int(limit))
        if limit == 0:
            return []
        names = search_names(conn, text, limit)
        # A quarter of the list stays for passages when names alone would fill it.
        room = max(limit - len(names), limit // 4)
        passages = search_passages(conn, text, room) if room else []
        return names[: limit - len(passages)] + passages
    except Exception:  # noqa: BLE001 - a search box must never crash the app; tests call the parts
        return []


def search_names(conn: sqlite3.Connection, text: str, limit: int = 50) -> list[SearchHit]:
    """Clusters, actors and filières whose name or alias matches; typo-tolerant fallback."""
    expression = build_fts_query(text)
    if expression is None or limit <= 0:
        return []
    rows = fetch_tuples(
        conn, "SELECT name, entity_type, entity_id FROM names_fts WHERE names_fts MATCH ? LIMIT ?",
        (expression, RANK_WINDOW),
    )
    words = " ".join(query_words(text))
    query_folded = quick_fold(words)
    candidates = [(r[0], r[1], r[2], _name_rank(query_folded, quick_fold(r[0]))) for r in rows]
    # An exact name can lie beyond the window of a common word: look it up by its folded key.
    exact = fetch_tuples(
        conn, "SELECT alias, entity_type, entity_id FROM aliases WHERE folded = ? LIMIT ?", (fold(words), limit)
    )
    candidates += [(r[0], r[1], r[2], _name_rank(query_folded, query_folded)) for r in exact]
    if not candidates:
        candidates = close_names(conn, words)
    return _entity_hits(conn, candidates, limit)


def _name_rank(query: str, name: str) -> float:
    """Exact names first, then names starting with the query, then shorter names."""
    closeness = 1.0 / (1.0 + len(name))
    if name == query:
        return 1000.0 + closeness
    if name.startswith(query):
        return 500.0 + closeness
    return closeness


_ENTITY_SQL = {  # `?`: a JSON array of ids
    "cluster": "SELECT id, name, kind AS detail FROM clusters WHERE id IN (SELECT value FROM json_each(?))",
    "actor": "SELECT id, name, coalesce(function, category, kind) AS detail FROM actors "
             "WHERE id IN (SELECT value FROM json_each(?))",
    "filiere": "SELECT id, name, 'filière' AS detail FROM filieres WHERE id IN (SELECT value FROM json_each(?))",
}


def _entities(conn: sqlite3.Connection, keys: list[tuple[str, str]]) -> dict[tuple[str, str], tuple]:
    """(name, detail) of each (entity type, id), one query per type."""
    found: dict[tuple[str, str], tuple] = {}
    for entity_type, sql in _ENTITY_SQL.items():
        ids = [entity_id for kind, entity_id in keys if kind == entity_type]
        if ids:
            for entity_id, name, detail in fetch_tuples(conn, sql, (json.dumps(ids),)):
                found[(entity_type, entity_id)] = (name, detail)
    return found


def _entity_hits(
    conn: sqlite3.Connection, candidates: list[tuple[str, str, str, float]], limit: int
) -> list[SearchHit]:
    """One hit per entity (its best-ranked name), with the entity's own name as title."""
    best: dict[tuple[str, str], tuple[str, float]] = {}
    for matched, entity_type, entity_id, score in candidates:
        key = (entity_type, entity_id)
        if key not in best or score > best[key][1]:
            best[key] = (matched, score)
    ordered = sorted(best.items(), key=lambda item: (-item[1][1], item[0]))
    rows = _entities(conn, [key for key, _ in ordered])  # at most a few hundred, by primary key
    hits: list[SearchHit] = []
    for (entity_type, entity_id), (matched, score) in ordered:
        row = rows.get((entity_type, entity_id))
        if row is None:
            continue
        name, detail = row[0], row[1] or ""
        snippet = detail if quick_fold(matched) == quick_fold(name) else f"{detail} · alias {matched}".strip(" ·")
        hits.append(SearchHit(entity_type, entity_id, name, snippet, None, None, score))
        if len(hits) >= limit:
            break
    return hits


def search_passages(conn: sqlite3.Connection, text: str, limit: int = 50) -> list[SearchHit]:
    """Passages matching the text, best first within a capped window, with a snippet and page."""
    expression = build_fts_query(text)
    if expression is None or limit <= 0:
        return []
    # Whole words first: a prefix beyond the indexed lengths (2 and 3) makes FTS5 merge the
    # doclists of every matching term (56 ms for `entreprises*` over a million passages).
    whole_words = build_fts_query(text, prefix=False)
    window = _passage_window(conn, whole_words) if whole_words != expression else []
    if len(window) < limit:
        window = _passage_window(conn, expression)
    words = query_words(text)
    partial = not window and len(words) > 1
    if partial:
        # No passage holds every word: show those holding most of them rather than nothing.
        # Elided articles (`l'`, `d'`) would flood the window: only longer words are kept.
        kept = " ".join(w for w in words if len(w) > 1) or text
        window = _passage_window(conn, build_fts_query(kept, any_word=True))
    if not window:
        return []
    pattern, at_word_start = word_pattern(words), word_pattern(words, word_start=True)
    singles = [word_pattern([w]) for w in words] if partial else []

    def score(row: tuple) -> float:
        found = sum(1 for single in singles if single and single.search(row[1]))
        return 100.0 * found + passage_score(pattern, row[1], row[2])

    scored = sorted(((score(r), r) for r in window), key=lambda x: (-x[0], x[1][0]))
    return [
        SearchHit("passage", str(r[0]), _passage_title(r[5], r[2], r[6]), excerpt(at_word_start, r[1]),
                  r[3], r[4], score)
        for score, r in scored[:limit]
    ]


def _passage_window(conn: sqlite3.Connection, expression: str | None) -> list[tuple]:
    """At most RANK_WINDOW matching passages (document order), with what ranking needs."""
    return fetch_tuples(
        conn,
        "SELECT p.id, p.text, p.section_title, p.page, p.document_id, p.section_number, d.title "
        "FROM passages AS p LEFT JOIN documents AS d ON d.id = p.document_id WHERE p.id IN "
        "(SELECT rowid FROM passages_fts WHERE passages_fts MATCH ? LIMIT ?)",
        (expression, RANK_WINDOW),
    )


def _passage_title(number: str | None, title: str | None, document: str | None) -> str:
    section = " ".join(part for part in (number, title) if part)
    return section or document or ""
