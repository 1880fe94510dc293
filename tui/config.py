"""The user's settings, in `config.toml` in the platformdirs user config directory.

Only the theme is remembered for now. A missing or unreadable file means defaults; saving
writes a small TOML file atomically and never raises into the app (a failure is returned).
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from pathlib import Path


@dataclass
class Config:
    """What grappe remembers between sessions."""

    theme: str | None = None


def config_path() -> Path:
    """`$GRAPPE_CONFIG_DIR/config.toml`, else the user config directory's `config.toml`."""
    folder = os.environ.get("GRAPPE_CONFIG_DIR")
    if not folder:
        from platformdirs import user_config_dir

        folder = user_config_dir("grappe", appauthor=False)
    return Path(folder) / "config.toml"


def load_config(path: Path | None = None) -> Config:
    """Read the config; anything unreadable or malformed gives the defaults."""
    path = path or config_path()
    try:
        data = tomllib.loads(path.read_text("utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return Config()
    theme = data.get("theme")
    return Config(theme=theme if isinstance(theme, str) else None)


def _toml_string(value: str) -> str:
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    return '"' + "".join(ch if ch.isprintable() else f"\\u{ord(ch):04x}" for ch in escaped) + '"'


def save_config(config: Config, path: Path | None = None) -> str | None:
    """Write the config; return None on success, else a one-line reason."""
    path = path or config_path()
    lines = ["# grappe settings (written by the app)"]
    if config.theme:
        lines.append(f"theme = {_toml_string(config.theme)}")
    temporary = path.with_name(path.name + ".tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary.write_text("\n".join(lines) + "\n", "utf-8")
        os.replace(temporary, path)
    except OSError as error:
        try:
            temporary.unlink(missing_ok=True)
        except OSError:
            pass
        return f"configuration non enregistrée ({error.strerror or error.__class__.__name__})"
    return None
