"""Extraction of roles (in progress: returns nothing yet)."""

from __future__ import annotations

from grappe.importer.facts import Facts
from grappe.importer.segment import Segmented


def extract(document_id: str, segmented: Segmented, so_far: Facts) -> Facts:
    """Return the roles facts of one document."""
    return Facts()
