"""Finding the clusters and organisations already known (names and aliases) inside a text.

Spellings are compared word by word, folded, small words dropped and words glued together
(`Alpha-tex` = `Alpha Tex` = `Alphatex`, `Bois, Forêt et Papier` = `Bois et Forêt papier`).
A one-word name that is an ordinary word (`Images`, `Santé`) only matches when capitalised,
and a longer match wins over a shorter one inside it (`Clubster Santé` over `Santé`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from grappe.importer.extract.people import bare
from grappe.importer.facts import ActorFact, ClusterFact

_WORD = re.compile(r"[^\W_]+")
_SMALL = frozenset({"de", "du", "des", "d", "la", "le", "les", "l", "et", "en", "a", "au", "aux"})
MAX_WORDS = 6


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    entity_type: str  # cluster | actor
    key: str
    surface: str


def _words(text: str) -> list[tuple[str, int, int]]:
    found = [(bare(m.group()), m.start(), m.end()) for m in _WORD.finditer(text)]
    return [w for w in found if w[0] not in _SMALL]


class MentionIndex:
    """Every spelling of the known clusters (and organisations), ready to be found in text."""

    def __init__(self, clusters: list[ClusterFact], organisations: list[ActorFact] = ()) -> None:
        self._variants: dict[str, list[tuple[str, str, str, int]]] = {}
        # The index never changes once built: each text is read once (annex rows repeat their
        # structure, roles their targets).
        self._found: dict[tuple[str, bool, str | None], list[Mention]] = {}
        self.names: dict[tuple[str, str], str] = {}
        for cluster in clusters:
            self.names[("cluster", cluster.key)] = cluster.name
            for rank, variant in enumerate([cluster.name, *cluster.aliases]):
                self._add(variant, "cluster", cluster.key, min(rank, 1))
        for actor in organisations:
            if actor.kind == "organisation":
                self.names[("actor", actor.key)] = actor.name
                for rank, variant in enumerate([actor.name, *actor.aliases]):
                    self._add(variant, "actor", actor.key, min(rank, 1))

    def _add(self, variant: str, entity_type: str, key: str, rank: int) -> None:
        """Index one spelling; rank 0 for a name, 1 for an alias (a name wins a tie)."""
        words = _words(variant)
        compact = "".join(w for w, _, _ in words)
        if len(compact) < 2 or not words:
            return
        letters = [c for c in variant if c.isalpha()]
        if len(words) == 1 and letters and all(c.isupper() for c in letters) and len(compact) <= 3:
            rule = "upper"  # short acronym: exact capitals
        elif len(words) == 1:
            rule = "capital"  # one word: only when capitalised
        else:
            rule = "any"
        bucket = self._variants.setdefault(compact, [])
        if not any(e[:2] == (entity_type, key) for e in bucket):
            bucket.append((entity_type, key, rule, rank))

    def find(self, text: str, relaxed: bool = False, only: str | None = None) -> list[Mention]:
        """The known names in `text`, longest first where they overlap, in reading order.

        `relaxed` accepts one-word names in lowercase too (titles: « ubiquitaire »), `only`
        keeps one entity type (cluster or actor).
        """
        found = self._found.get((text, relaxed, only))
        if found is None:
            found = self._found[text, relaxed, only] = self._read(text, relaxed, only)
        return list(found)  # the caller's own list

    def _read(self, text: str, relaxed: bool, only: str | None) -> list[Mention]:
        words = _words(text)
        candidates: list[tuple[int, int, int, Mention]] = []
        for i in range(len(words)):
            compact = ""
            for j in range(i, min(i + MAX_WORDS, len(words))):
                compact += words[j][0]
                for entity_type, key, rule, rank in self._variants.get(compact, ()):
                    if only is not None and entity_type != only:
                        continue
                    start, end = words[i][1], words[j][2]
                    surface = text[start:end]
                    if rule == "upper" and not surface.replace("-", "").isupper():
                        continue
                    if rule == "capital" and not relaxed and not surface[:1].isupper():
                        continue
                    mention = Mention(start, end, entity_type, key, surface)
                    kind_rank = 0 if entity_type == "cluster" else 1
                    candidates.append((j - i + 1, kind_rank, rank, mention))
        candidates.sort(key=lambda c: (-c[0], c[1], c[2], c[3].start))
        taken: list[Mention] = []
        for _, _, _, mention in candidates:
            if all(mention.end <= t.start or mention.start >= t.end for t in taken):
                taken.append(mention)
        return sorted(taken, key=lambda m: m.start)

    def clusters_in(self, text: str, relaxed: bool = False) -> list[str]:
        """Keys of the clusters named in `text`, without repeats, in reading order."""
        keys: list[str] = []
        for mention in self.find(text, relaxed, only="cluster"):
            if mention.key not in keys:
                keys.append(mention.key)
        return keys
