"""The clusters found so far in one document, with their aliases, searchable by any spelling."""

from __future__ import annotations

import re

from grappe.importer.extract.names import STOPWORDS, NameIndex, compact_key, folded_words
from grappe.importer.facts import ClusterFact, Evidence, Facts
from grappe.importer.keys import slug

_SPELLING = re.compile(r"[\w][\w\s\-’'.,()&]*")
_ACRONYM_TAIL = re.compile(r"^(?P<long>.*?)\s*\((?P<acronym>[^()]*[A-Za-z][^()]*)\)\s*\*?$")
_ACRONYM = re.compile(r"[A-Z0-9][A-Za-z0-9\-]{1,11}")


class Registry:
    """Cluster facts by key, with an index of every alias."""

    def __init__(self, common: frozenset[str] = frozenset()) -> None:
        self.by_key: dict[str, ClusterFact] = {}
        self.index = NameIndex(common)

    @classmethod
    def from_facts(cls, facts: Facts, common: frozenset[str] = frozenset()) -> "Registry":
        registry = cls(common)
        for cluster in facts.clusters:
            registry.by_key[cluster.key] = cluster
            for alias in [cluster.name, *cluster.aliases]:
                registry.index.add(alias, cluster.key, cluster.kind)
        return registry

    def clusters(self) -> list[ClusterFact]:
        return list(self.by_key.values())

    def find_exact(self, name: str, kind: str | None = None) -> ClusterFact | None:
        """The cluster with exactly this name (any spelling), of `kind` when given."""
        for key in self.index.by_key.get(compact_key(name), []):
            if kind in (None, "any", "other") or self.by_key[key].kind == kind:
                return self.by_key[key]
        return None

    def add(self, name: str, kind: str, evidence: Evidence | None) -> ClusterFact:
        """The cluster of that name and kind, created if new; `X (ACR)` adds both spellings."""
        name = " ".join(name.split()).strip(" *,;:")
        long_form, acronym = split_acronym(name)
        spellings = [s for s in (name, acronym, long_form) if s]
        found = None
        for spelling in spellings:
            found = self.find_exact(spelling, kind)
            if found is not None:
                break
        if found is None:
            key = slug(name)
            if key in self.by_key:
                key = f"{key}-{kind.lower()}"
            found = ClusterFact(key=key, name=name, kind=kind)
            self.by_key[key] = found
            self.index.add(name, key, kind)
        elif found.kind == "other" and kind in ("PC", "GE", "PE"):
            found.kind = kind
            self.index.set_kind(found.key, kind)
        for spelling in spellings:
            self.alias(found, spelling)
        if evidence and evidence not in found.evidence:
            found.evidence.append(evidence)
        return found

    def record_spellings(self, text: str, require_type: bool = True, mentions: list | None = None) -> None:
        """Every spelling under which a known cluster appears in `text` becomes an alias."""
        for mention in mentions if mentions is not None else self.index.find(text, require_type=require_type):
            surface = " ".join(text[mention.start:mention.end].split())
            direct = mention.key in self.index.by_key.get(compact_key(surface), [])
            if (direct and _SPELLING.fullmatch(surface) and "- " not in surface
                    and surface.count("(") == surface.count(")") and not surface.islower()):
                cluster = self.by_key[mention.key]
                if surface != cluster.name and surface not in cluster.aliases:
                    cluster.aliases.append(surface)

    def alias(self, cluster: ClusterFact, alias: str) -> None:
        alias = " ".join(alias.split()).strip(" *,;:")
        if not alias or len(alias) > 80:
            return
        if alias != cluster.name and self.is_generic(alias):
            return  # "Numérique (PRN)": a common noun must not name the cluster in prose
        if alias != cluster.name and alias not in cluster.aliases:
            cluster.aliases.append(alias)
        self.index.add(alias, cluster.key, cluster.kind)


    def is_generic(self, spelling: str) -> bool:
        """True for one ordinary word of the document (`Numérique`, `santé`), with or without
        an acronym after it: a filière or common noun, not a name."""
        long_form, acronym = split_acronym(spelling)
        words = [w for w in folded_words(long_form if acronym else spelling)
                 if w not in STOPWORDS]
        return len(words) == 1 and words[0] in self.index.common


def split_acronym(name: str) -> tuple[str | None, str | None]:
    """`Textile, mode, matériaux (T2M)` → (`Textile, mode, matériaux`, `T2M`)."""
    match = _ACRONYM_TAIL.match(name) if ")" in name else None  # (the tail's own bracket)
    if not match:
        return None, None
    acronym = match.group("acronym").strip()
    if not _ACRONYM.fullmatch(acronym) or sum(c.isupper() for c in acronym) < 2:
        return None, None
    long_form = match.group("long").strip(" ,-")
    return (long_form or None), acronym
