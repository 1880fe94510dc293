"""Interviewees written as a list rather than a table: "Anne Martin, directrice générale de
l'agence X" or "Anne Martin (Agence X), directrice générale" — one person per line."""

from __future__ import annotations

import re

from grappe.importer.extract import people

_BULLET = re.compile(r"^\s*(?:[-–—•▪!*]|\d{1,3}[.)])\s*")
_NAME_COMMA = re.compile(
    r"^(?P<name>[^,():]{3,60}?)\s*(?:\((?P<org>[^()]{2,120})\))?\s*[,:]\s+(?P<rest>.+)$"
)
# The function ends where the structure begins: "de l'", "du", "de la", "à la", "au", "chez".
_FUNCTION_THEN_ORG = re.compile(
    r"^(?P<function>.+?)\s+(?:de\s+la|de\s+l['’]|du|des|de|d['’]|à\s+la|au|chez)\s*"
    r"(?P<org>[A-ZÀ-Þ].*)$"
)


def list_row(line: str) -> tuple[str, str, str] | None:
    """(structure, name, function) of one "Name, function de Structure" line, or None."""
    match = _NAME_COMMA.match(_BULLET.sub("", line).strip())
    if not match:
        return None
    tokens = [t for t in match.group("name").split() if not people.is_title(t)]
    if not 2 <= len(tokens) <= 4 or people.function_index(tokens) is not None:
        return None
    if not all(people.is_name_token(t) or people.is_particle(t) or people.is_first_name(t)
               for t in tokens):
        return None
    rest = match.group("rest").strip(" .;")
    words = rest.split()
    if not words or people.function_index(words) != 0:
        return None
    organisation = (match.group("org") or "").strip()
    function = rest
    if not organisation:
        split = _FUNCTION_THEN_ORG.match(rest)
        if split:
            function, organisation = split.group("function"), split.group("org")
    return organisation.strip(" ."), people.join_name(tokens), people.clean_function(function)
