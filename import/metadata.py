"""A document's citation: from a `<name>.toml` beside it, else learned from its text."""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

from grappe.db.errors import InputError, display_path
from grappe.db.text import clean_line
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
    # Sidecar values are data like the text: cleaned of control characters the same way.
    title = clean_line(str(data.get("title") or "")) or _title_from_name(path)
    authors = data.get("authors") or []
    if isinstance(authors, str):
        authors = [authors]
    if not isinstance(authors, list):
        raise InputError("citation: `authors` doit être un texte ou une liste de textes", path=sidecar)
    region = data.get("region") or guess_region(text)
    source = clean_line(str(data.get("source") or "")) or None
    return Citation(title, [clean_line(str(a)) for a in authors], _year(data.get("year"), sidecar),
                    clean_line(str(region)) if region else None, source)


def _year(value: object, sidecar: Path) -> int | None:
    """A sidecar's `year` as an int (2012 or "2012"), or a one-line refusal."""
    if value in (None, ""):
        return None
    text = str(value).strip()
    if isinstance(value, bool) or not text.isdigit() or not 1000 <= int(text) <= 2999:
        raise InputError(f"citation: année invalide « {clean_line(text)[:20]} » (attendu: 2012)", path=sidecar)
    return int(text)


def guess_region(text: str) -> str | None:
    """The region a monograph studies, from phrases such as « le cas du Nord-Pas de Calais »."""
    head = text[:20000]
    for pattern in _PATTERNS:
        match = pattern.search(head)
        if match:
            return " ".join(match.group(1).split())
    return None


def _title_from_name(path: Path) -> str:
    # display_path: undecodable bytes and control characters in a file name become visible text.
    return re.sub(r"[_\-]+", " ", display_path(path.stem)).strip() or display_path(path.name)
