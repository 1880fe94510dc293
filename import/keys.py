"""Stable keys for entities: the same name always gives the same key, on every import."""

from __future__ import annotations

import re
from functools import lru_cache

from grappe.db.text import fold

_NOT_KEY = re.compile(r"[^a-z0-9]+")


@lru_cache(maxsize=16384)
def slug(name: str) -> str:
    """Readable ASCII key of a name: `Pôle Images` → `pole-images` (cached: names recur)."""
    return _NOT_KEY.sub("-", fold(name)).strip("-") or "x"
