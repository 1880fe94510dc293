"""Stage 4 — resolve: merge the facts of all documents into one set of entities.

The same cluster named in two documents (under any spelling: `X-tex`, `X Tex`) becomes one
entity with the evidence of both; an actor likewise. Every key other extractors emitted —
often `slug(raw name)` — is then rewritten to the canonical entity it designates, so that a
role, a link, an amount or an organisation lands on the cluster or actor the text meant.
Facts pointing at nothing known are dropped with a warning rather than breaking the load.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from typing import TypeVar

from grappe.importer.facts import (
    ActorFact, AttributeFact, ClusterFact, Facts, FiliereFact, FundingFact, LinkFact, RoleFact,
)
from grappe.importer.resolve_memo import EvidenceSets, KeyForms, cyclic_gc_paused

_COMPARED = ("created", "fte", "members", "structure")
_Fact = TypeVar("_Fact")

_forms = KeyForms()  # cleared after every resolve, like _evidence
slug, compact_key = _forms.slug, _forms.compact
_evidence = EvidenceSets()


class Aliases:
    """Every spelling of an entity → its canonical key (by key, slug and compact form)."""

    def __init__(self, fallback: "Aliases | None" = None) -> None:
        self.keys: dict[str, str] = {}
        self.fallback = fallback

    def add(self, canonical: str, *spellings: str) -> None:
        self.keys.setdefault(canonical, canonical)
        for spelling in spellings:
            if not spelling:
                continue
            for form in (slug(spelling), compact_key(spelling)):
                self.keys.setdefault(form, canonical)

    def get(self, key: str | None) -> str | None:
        """The canonical key a raw key or name designates (here, else in the fallback), or None."""
        if not key:
            return None
        found = self._own(key)
        if found is None and self.fallback is not None:
            return self.fallback.get(key)
        return found

    def _own(self, key: str) -> str | None:
        keys = self.keys
        found = keys.get(key)
        if found is None:  # the costlier forms only when the cheaper ones miss
            found = keys.get(slug(key))
        if found is not None:
            return found
        spaced, rests = _forms.lookup_forms(key)
        found = keys.get(spaced)
        if found is not None:
            return found
        for rest in rests:  # "pole-images" → "images"
            found = keys.get(slug(rest)) or keys.get(compact_key(rest))
            if found:
                return found
        return None


def _compatible(a: ClusterFact, b: ClusterFact) -> bool:
    """Same kind (or one unknown); two regional pôles of one name must share a place too,
    since a pôle d'excellence of Nord and one of Bretagne are different pôles."""
    if not (a.kind == b.kind or "other" in (a.kind, b.kind)):
        return False
    if a.kind == b.kind == "PE" and a.territory and b.territory:
        return bool({t.casefold() for t in a.territory} & {t.casefold() for t in b.territory}) or (
            a.structure is not None and a.structure == b.structure)
    return True


def _merge_clusters(clusters: list[ClusterFact], merged: Facts) -> tuple[list[ClusterFact], dict[int, str]]:
    """One cluster per entity: same spelling and compatible kind = same cluster."""
    result: list[ClusterFact] = []
    forms: dict[str, list[ClusterFact]] = {}
    target_of: dict[int, str] = {}
    used: set[str] = set()  # keys of `result`
    for cluster in clusters:
        spellings = [cluster.name, *cluster.aliases]
        found = next((c for s in spellings for c in forms.get(compact_key(s), [])
                      if _compatible(c, cluster)), None)
        if found is None:
            found = replace(cluster, aliases=list(cluster.aliases), territory=list(cluster.territory),
                            uncertain=list(cluster.uncertain), evidence=list(cluster.evidence))
            base, number = found.key, 1
            while found.key in used:
                found.key = f"{base}-{found.kind.lower()}" + (f"-{number}" if number > 1 else "")
                number += 1
            result.append(found)
            used.add(found.key)
        else:
            _absorb(found, cluster, merged)
        target_of[id(cluster)] = found.key
        for spelling in [cluster.key, *spellings]:
            bucket = forms.setdefault(compact_key(spelling), [])
            if found not in bucket:
                bucket.append(found)
    return result, target_of


def _absorb(into: ClusterFact, other: ClusterFact, merged: Facts) -> None:
    if into.kind == "other" and other.kind != "other":
        into.kind = other.kind
    for alias in [other.name, *other.aliases]:
        if alias != into.name and alias not in into.aliases:
            into.aliases.append(alias)
    for name in ("filiere", "created", "structure", "fte", "members", "location", "summary"):
        if getattr(into, name) is None:
            setattr(into, name, getattr(other, name))
    for place in other.territory:
        if place not in into.territory:
            into.territory.append(place)
    for name in other.uncertain:
        if name not in into.uncertain:
            into.uncertain.append(name)
    _evidence.extend(into.evidence, other.evidence)


def _merge_actors(actors: list[ActorFact]) -> tuple[list[ActorFact], Aliases]:
    result: dict[str, ActorFact] = {}
    names = Aliases()
    for actor in actors:
        key = names.get(actor.key) or names.get(actor.name)
        if key is not None and result[key].kind != actor.kind:
            key = None
        if key is None:
            key = actor.key if actor.key not in result else f"{actor.key}-{actor.kind[:3]}"
            result[key] = replace(actor, key=key, aliases=list(actor.aliases),
                                  uncertain=list(actor.uncertain), evidence=list(actor.evidence))
        else:
            into = result[key]
            for alias in [actor.name, *actor.aliases]:
                if alias != into.name and alias not in into.aliases:
                    into.aliases.append(alias)
            for name in ("category", "function", "organisation_key"):
                if getattr(into, name) is None:
                    setattr(into, name, getattr(actor, name))
            _evidence.extend(into.evidence, actor.evidence)
        names.add(key, actor.key, actor.name, *actor.aliases)
    return list(result.values()), names


def resolve(per_document: list[Facts]) -> Facts:
    """Merge facts from several documents and point every reference at its canonical entity."""
    try:
        with cyclic_gc_paused():
            return _resolve(per_document)
    finally:
        _evidence.clear()
        _forms.clear()


def _resolve(per_document: list[Facts]) -> Facts:
    merged = Facts()
    every = Facts()
    for facts in per_document:
        every.extend(facts)
    merged.warnings = list(every.warnings)
    merged.clusters, target_of = _merge_clusters(every.clusters, merged)
    clusters = Aliases()
    for cluster in every.clusters:  # original keys first: they are what other facts cite
        clusters.add(target_of[id(cluster)], cluster.key)
    for cluster in merged.clusters:
        clusters.add(cluster.key, cluster.name, *cluster.aliases)
    merged.actors, actors = _merge_actors(every.actors)
    actor_keys = {a.key for a in merged.actors}
    for actor in merged.actors:
        organisation = actors.get(actor.organisation_key)
        if actor.organisation_key and organisation not in actor_keys:
            merged.warnings.append(f"organisation inconnue pour {actor.name}: {actor.organisation_key}")
        actor.organisation_key = organisation if organisation in actor_keys and organisation != actor.key else None

    merged.filieres, filieres = _merge_filieres(every.filieres, clusters)
    for cluster in merged.clusters:
        cluster.filiere = filieres.get(cluster.filiere)
    # A key is read first among the clusters of its own document ("sante" may be a pôle here
    # and a grappe there), then among all.
    attributes, links, roles, funding = [], [], [], []
    for facts in per_document:
        local = Aliases(fallback=clusters)
        for cluster in facts.clusters:
            local.add(target_of[id(cluster)], cluster.key, cluster.name, *cluster.aliases)
        # Each document's list with its names, not one pair per fact (a tuple each: 12 MB).
        attributes.append((facts.attributes, local))
        links.append((facts.links, local))
        roles.append((facts.roles, local))
        funding += [_funding(money, local, actors) for money in facts.funding]
    merged.attributes = _attributes(attributes, actors, filieres, merged.clusters)
    merged.links = _links(links, merged)
    merged.roles = _roles(roles, actors, actor_keys, merged)
    merged.funding = funding
    return merged


def _merge_filieres(filieres: list[FiliereFact], clusters: Aliases) -> tuple[list[FiliereFact], Aliases]:
    result: list[FiliereFact] = []
    first_with_key: dict[str, FiliereFact] = {}  # the first of `result` with each key
    kept: dict[int, tuple[set[str], set[str]]] = {}  # id of a result → its aliases, its clusters
    names = Aliases()
    for filiere in filieres:
        key = names.get(filiere.key) or next(
            (names.get(s) for s in [filiere.name, *filiere.aliases] if names.get(s)), None)
        into = first_with_key.get(key) if key is not None else None
        if into is None:
            into = FiliereFact(filiere.key, filiere.name, [], list(filiere.aliases), [])
            result.append(into)
            first_with_key.setdefault(into.key, into)
            # Lists keep the order of first mention; the sets beside them answer "already
            # there?" (a filière of a thousand monographs gathers thousands of clusters).
            kept[id(into)] = (set(into.aliases), set())
        kept_aliases, kept_clusters = kept[id(into)]
        for alias in [filiere.name, *filiere.aliases]:
            if alias != into.name and alias not in kept_aliases:
                kept_aliases.add(alias)
                into.aliases.append(alias)
        for cluster_key in filiere.cluster_keys:
            canonical = clusters.get(cluster_key)
            if canonical and canonical not in kept_clusters:
                kept_clusters.add(canonical)
                into.cluster_keys.append(canonical)
        _evidence.extend(into.evidence, filiere.evidence)
        names.add(into.key, filiere.key, filiere.name, *filiere.aliases)
    return result, names


def _each_with(groups: list[tuple[list[_Fact], Aliases]]) -> Iterator[tuple[_Fact, Aliases]]:
    """Every fact of every document's list, with that document's names, in order."""
    for facts, names in groups:
        for fact in facts:
            yield fact, names


def _attributes(attributes: list[tuple[list[AttributeFact], Aliases]], actors: Aliases,
                filieres: Aliases, merged_clusters: list[ClusterFact]) -> list[AttributeFact]:
    out: dict[tuple[str, str, str, str], AttributeFact] = {}
    for fact, clusters in _each_with(attributes):
        table = {"cluster": clusters, "actor": actors, "filiere": filieres}
        key = table.get(fact.entity_type, clusters).get(fact.entity_key) or fact.entity_key
        if fact.entity_type == "filiere" and fact.name == "cluster":
            fact = replace(fact, value=clusters.get(fact.value) or fact.value)
        merged = out.setdefault((fact.entity_type, key, fact.name, fact.value),
                                replace(fact, entity_key=key, evidence=[]))
        merged.uncertain = merged.uncertain or fact.uncertain
        _evidence.extend(merged.evidence, fact.evidence)
    by_cluster = {c.key: c for c in merged_clusters}
    groups: dict[tuple[str, str], list[AttributeFact]] = {}
    for fact in out.values():
        if fact.entity_type == "cluster" and fact.name in _COMPARED:
            groups.setdefault((fact.entity_key, fact.name), []).append(fact)
    for (key, name), facts in groups.items():  # readings from several documents disagree
        if len({f.value for f in facts}) > 1 and len({e.document_id for f in facts for e in f.evidence}) > 1:
            for fact in facts:
                fact.uncertain = True
            if key in by_cluster and name not in by_cluster[key].uncertain:
                by_cluster[key].uncertain.append(name)
    return list(out.values())


def _links(links: list[tuple[list[LinkFact], Aliases]], merged: Facts) -> list[LinkFact]:
    out: dict[tuple[str, str, str], LinkFact] = {}
    for link, clusters in _each_with(links):
        source, target = clusters.get(link.source_key), clusters.get(link.target_key)
        if not source or not target:
            merged.warnings.append(f"lien vers un cluster inconnu: {link.source_key} → {link.target_key}")
            continue
        if source == target:
            continue
        into = out.setdefault((source, target, link.relation), LinkFact(source, target, link.relation))
        into.uncertain = into.uncertain or link.uncertain
        _evidence.extend(into.evidence, link.evidence)
    return list(out.values())


def _roles(roles: list[tuple[list[RoleFact], Aliases]], actors: Aliases, actor_keys: set[str],
           merged: Facts) -> list[RoleFact]:
    out: dict[tuple[str, str, str, str], RoleFact] = {}
    for role, clusters in _each_with(roles):
        person = actors.get(role.person_key)
        if person not in actor_keys:
            merged.warnings.append(f"rôle d'une personne inconnue: {role.person_key}")
            continue
        of_type, of_key = role.of_type, None
        if of_type == "cluster":
            of_key = clusters.get(role.of_key)
            if of_key is None and actors.get(role.of_key):
                of_type, of_key = "actor", actors.get(role.of_key)
        else:
            of_key = actors.get(role.of_key)
            if of_key is None and clusters.get(role.of_key):
                of_type, of_key = "cluster", clusters.get(role.of_key)
        of_key = of_key or role.of_key
        into = out.get((person, role.role, of_type, of_key))
        if into is None:
            out[(person, role.role, of_type, of_key)] = replace(
                role, person_key=person, of_key=of_key, of_type=of_type, evidence=list(role.evidence))
        else:
            into.inferred = into.inferred and role.inferred
            into.uncertain = into.uncertain or role.uncertain
            _evidence.extend(into.evidence, role.evidence)
    return list(out.values())


def _funding(money: FundingFact, clusters: Aliases, actors: Aliases) -> FundingFact:
    recipient_type, recipient = money.recipient_type, None
    if money.recipient_key:
        if recipient_type != "actor":
            recipient = clusters.get(money.recipient_key)
            recipient_type = "cluster" if recipient else recipient_type
        if recipient is None:
            recipient = actors.get(money.recipient_key)
            recipient_type = "actor" if recipient else recipient_type
    funder = actors.get(money.funder_key) or clusters.get(money.funder_key) if money.funder_key else None
    return replace(money, recipient_key=recipient or money.recipient_key, recipient_type=recipient_type,
                   funder_key=funder or money.funder_key)
