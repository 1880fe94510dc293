"""Facts extracted from one document, each with the evidence that supports it.

Extractors return these plain records; `resolve` merges names into entities; only
`grappe.db.load` writes them. Keys are stable slugs (see `grappe.importer.keys.slug`).
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Evidence:
    """Where a fact is said: the passage's index in its document and the sentence quoted."""

    document_id: str
    passage_seq: int
    quote: str


@dataclass(slots=True)
class ClusterFact:
    key: str
    name: str
    kind: str  # PC | GE | PE | other
    aliases: list[str] = field(default_factory=list)
    filiere: str | None = None  # filière key
    created: str | None = None
    territory: list[str] = field(default_factory=list)
    structure: str | None = None
    fte: float | None = None
    members: int | None = None
    location: str | None = None
    summary: str | None = None
    uncertain: list[str] = field(default_factory=list)  # names of doubtful attributes
    evidence: list[Evidence] = field(default_factory=list)


@dataclass(slots=True)
class FiliereFact:
    key: str
    name: str
    cluster_keys: list[str] = field(default_factory=list)
    aliases: list[str] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)


@dataclass(slots=True)
class ActorFact:
    key: str
    name: str
    kind: str  # person | organisation
    category: str | None = None
    function: str | None = None
    organisation_key: str | None = None
    aliases: list[str] = field(default_factory=list)
    uncertain: list[str] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)


@dataclass(slots=True)
class AttributeFact:
    """One reading of an attribute; several readings of one attribute mean a contradiction."""

    entity_key: str
    entity_type: str  # cluster | actor | filiere
    name: str
    value: str
    uncertain: bool = False
    evidence: list[Evidence] = field(default_factory=list)


@dataclass(slots=True)
class RoleFact:
    person_key: str
    role: str  # directeur, directeur général, président, vice-président…
    of_key: str
    of_type: str  # cluster | actor
    inferred: bool = False
    uncertain: bool = False
    evidence: list[Evidence] = field(default_factory=list)


@dataclass(slots=True)
class LinkFact:
    source_key: str
    target_key: str
    relation: str
    uncertain: bool = False
    evidence: list[Evidence] = field(default_factory=list)


@dataclass(slots=True)
class FundingFact:
    amount_text: str
    kind: str
    amount_eur: float | None = None
    recipient_key: str | None = None
    recipient_type: str | None = None  # cluster | actor
    recipient_name: str | None = None
    funder_key: str | None = None
    funder_name: str | None = None
    period: str | None = None
    uncertain: bool = False
    evidence: list[Evidence] = field(default_factory=list)
    # "whole" (a budget or capital the next amounts divide), "part" (one of its shares or
    # funders), "level" (a per-member fee or a turnover bracket: not money received), or
    # "standalone". A whole and its parts share `group`, unique across documents.
    role: str = "standalone"
    group: str | None = None


@dataclass(slots=True)
class Facts:
    """Everything extracted from one or more documents."""

    clusters: list[ClusterFact] = field(default_factory=list)
    filieres: list[FiliereFact] = field(default_factory=list)
    actors: list[ActorFact] = field(default_factory=list)
    attributes: list[AttributeFact] = field(default_factory=list)
    roles: list[RoleFact] = field(default_factory=list)
    links: list[LinkFact] = field(default_factory=list)
    funding: list[FundingFact] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def extend(self, other: "Facts") -> None:
        for name in ("clusters", "filieres", "actors", "attributes", "roles", "links",
                     "funding", "warnings"):
            getattr(self, name).extend(getattr(other, name))
