"""Stage 3 — extract: facts from a segmented document, each with its evidence."""

from __future__ import annotations

from grappe.importer.facts import Facts
from grappe.importer.segment import Segmented


def extract_all(document_id: str, segmented: Segmented) -> Facts:
    """Run every extractor over one document."""
    return Facts()
