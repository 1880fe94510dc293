"""Stage 4 — resolve: merge the facts of all documents into one set of entities."""

from __future__ import annotations

from grappe.importer.facts import Facts


def resolve(per_document: list[Facts]) -> Facts:
    """Merge facts from several documents (same key = same entity)."""
    merged = Facts()
    for facts in per_document:
        merged.extend(facts)
    return merged
