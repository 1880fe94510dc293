"""Textual themes written as TOML files: the built-in ones ship beside this module.

A theme file holds the keyword arguments of `textual.theme.Theme` (name, colours, dark,
variables). A file that cannot be read or has unknown keys is reported, never fatal.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field, fields
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from textual.theme import Theme

DEFAULT_THEME = "grappe-dark"
SHORT_NAMES = {"dark": "grappe-dark", "light": "grappe-light", "high-contrast": "grappe-high-contrast"}


@dataclass
class LoadedThemes:
    """Themes read from files, and one message per file that could not be used."""

    themes: list["Theme"] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def theme_from_toml(text: str, origin: str) -> "Theme":
    """Build a Theme from TOML text; raise ValueError with a one-line reason."""
    from textual.theme import Theme

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ValueError(f"{origin}: TOML invalide ({error})") from None
    allowed = {f.name for f in fields(Theme)}
    unknown = sorted(set(data) - allowed)
    if unknown:
        raise ValueError(f"{origin}: clés inconnues {', '.join(unknown)}")
    if not isinstance(data.get("name"), str) or not isinstance(data.get("primary"), str):
        raise ValueError(f"{origin}: `name` et `primary` sont obligatoires")
    try:
        return Theme(**data)
    except (TypeError, ValueError) as error:
        raise ValueError(f"{origin}: thème invalide ({error})") from None


def load_themes(folder: Path | None = None) -> LoadedThemes:
    """Read every `*.toml` theme of a folder (default: the built-in themes)."""
    loaded = LoadedThemes()
    if folder is None:
        entries = [
            (entry.name, entry.read_text("utf-8"))
            for entry in resources.files("grappe.themes").iterdir()
            if entry.name.endswith(".toml")
        ]
    else:
        entries = []
        for path in sorted(Path(folder).glob("*.toml")):
            try:
                entries.append((path.name, path.read_text("utf-8")))
            except (OSError, UnicodeDecodeError) as error:
                loaded.problems.append(f"{path.name}: illisible ({error.__class__.__name__})")
    for name, text in sorted(entries):
        try:
            loaded.themes.append(theme_from_toml(text, name))
        except ValueError as error:
            loaded.problems.append(str(error))
    return loaded


def canonical_theme_name(name: str) -> str:
    """Accept `dark`, `light`, `high-contrast` as short names of the built-in themes."""
    return SHORT_NAMES.get(name, name)
