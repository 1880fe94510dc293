"""Stable keys for entities: the same name always gives the same key, on every import."""

from __future__ import annotations

import re

from grappe.db.text import fold


def slug(name: str) -> str:
    """Readable ASCII key of a name: `Pôle Images` → `pole-images`."""
    return re.sub(r"[^a-z0-9]+", "-", fold(name)).strip("-") or "x"
