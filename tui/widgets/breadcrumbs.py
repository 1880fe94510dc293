"""The path the user took, shown at the top of every screen: Clusters › Textilia › p. 12."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

SEPARATOR = " › "
MAX_CRUMB = 40


def _short(text: str) -> str:
    return text if len(text) <= MAX_CRUMB else text[: MAX_CRUMB - 1] + "…"


class Breadcrumbs(Static):
    """Shows the crumbs of the screens on the stack (each screen has a `crumb` attribute)."""

    def on_mount(self) -> None:
        self.refresh_path()

    def refresh_path(self) -> None:
        crumbs = [str(getattr(s, "crumb", "")) for s in self.app.screen_stack]
        crumbs = [_short(c) for c in crumbs if c]
        parts: list[str | tuple[str, str]] = []
        for index, crumb in enumerate(crumbs):
            if index:
                parts.append((SEPARATOR, "$text-muted"))
            last = index == len(crumbs) - 1
            parts.append((crumb, "bold $accent" if last else "$text-muted"))
        self.update(Content.assemble(*parts))
