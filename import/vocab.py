"""Generic French vocabulary, read from the TOML files beside this module.

Nothing here names one monograph's clusters or people: only kinds of structure, roles,
kinds of funding, amount formats and the words that introduce them.
"""

from __future__ import annotations

import sys
from functools import cache
from importlib import resources
from typing import Any

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib


@cache
def load_vocabulary(name: str) -> dict[str, Any]:
    """Return the parsed `import/<name>.toml`."""
    text = resources.files("grappe.importer").joinpath(f"{name}.toml").read_text("utf-8")
    return tomllib.loads(text)
