"""Unnamed mentions of a known role — "le directeur de X", "son président", "le directeur
du pôle" — added as evidence to the role the document names elsewhere.

They never create a role: they only give the analyst every passage that speaks of it. A
mention counts when it designates one cluster (by name, or "du pôle"/"son" within a section
about one cluster) whose holder of that role is known and unique.
"""

from __future__ import annotations

import re

from grappe.importer.extract.evidence import sentence_at
from grappe.importer.extract.role_targets import (
    ROLE, TARGET, Resolver, RoleBook, casefolded, may_hold_role, role_family, role_name,
)
from grappe.importer.facts import Evidence
from grappe.importer.segment import Segmented

_PROSE_KINDS = ("paragraph", "bullet")
# "le directeur du pôle", "la présidente de X", "son directeur" (not "un directeur").
_DEFINITE_ROLE = re.compile(
    rf"(?=[lLsSdDaA])\b(?P<det>le|la|l['’]|son|sa|du|au)\s*{ROLE}(?:\s+{TARGET})?", re.IGNORECASE
)
_PLAIN_QUALIFIERS = ("général", "générale")


def corroborate(document_id: str, segmented: Segmented, resolver: Resolver, book: RoleBook) -> None:
    """Add every sentence that speaks of a known director or president to that role."""
    for seq, passage in enumerate(segmented.passages):
        if passage.kind not in _PROSE_KINDS:
            continue
        text = passage.text
        if not may_hold_role(text):
            continue  # _DEFINITE_ROLE holds a role: no role word, no mention
        lowered = casefolded(text)
        if "direct" not in lowered and "présid" not in lowered:
            continue
        for match in _DEFINITE_ROLE.finditer(text):
            if (match.group("qual") or "général").casefold() not in _PLAIN_QUALIFIERS:
                continue  # "le directeur scientifique de X" is not X's director
            family = role_family(role_name(match.group("head")))
            if family not in ("directeur", "president"):
                continue
            key = _cluster_meant(match, seq, resolver)
            if key is None:
                continue
            holders = [r for r in book.holders(family, {key}) if len(r.role.split()) <= 2]
            if len({r.person_key for r in holders}) != 1:
                continue
            evidence = Evidence(document_id, seq, sentence_at(text, match.start()))
            for role in holders:
                if evidence not in role.evidence:
                    role.evidence.append(evidence)


def _cluster_meant(match: re.Match[str], seq: int, resolver: Resolver) -> str | None:
    """The one cluster a role mention designates, or None."""
    target = match.group("target")
    if target:
        named = resolver.index.find(target, only="cluster")
        if named:  # "de X participe à … de Y": the name right after the role
            return named[0].key if named[0].start == 0 else None
        found = resolver.generic_cluster(target, seq)
        return found.key if found and not found.uncertain else None
    if match.group("det").casefold() in ("son", "sa"):
        section = resolver.section_clusters(seq)
        return section[0] if len(section) == 1 else None
    return None
