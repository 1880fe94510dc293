"""A document's citation: from a `<name>.toml` beside it, else learned from its text."""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

from grappe.db.errors import InputError
from grappe.importer.vocab import load_vocabulary

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

_PATTERNS = [re.compile(p) for p in load_vocabulary("metadata")["region_patterns"]]


@dataclass
class Citation:
    title: str
    authors: list[str] = field(default_factory=list)
    year: int | None = None
    region: str | None = None
    source: str | None = None


def citation_for(path: Path, text: str) -> Citation:
    """Read the sidecar citation if there is one; fill what it lacks from the text."""
    sidecar = path.with_suffix(".toml")
    data: dict = {}
    if sidecar.is_file():
        try:
            data = tomllib.loads(sidecar.read_text("utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
            raise InputError(f"citation illisible ({error})", path=sidecar) from None
    title = str(data.get("title") or _title_from_name(path))
    authors = data.get("authors") or []
    if isinstance(authors, str):
        authors = [authors]
    year = data.get("year")
    region = data.get("region") or guess_region(text)
    return Citation(title, [str(a) for a in authors], int(year) if year else None, region,
                    data.get("source") or None)


def guess_region(text: str) -> str | None:
    """The region a monograph studies, from phrases such as « le cas du Nord-Pas de Calais »."""
    head = text[:20000]
    for pattern in _PATTERNS:
        match = pattern.search(head)
        if match:
            return " ".join(match.group(1).split())
    return None


def _title_from_name(path: Path) -> str:
    return re.sub(r"[_\-]+", " ", path.stem).strip() or path.name
