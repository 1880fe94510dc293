"""Command-palette providers: search results that open dossiers, and grappe's themes."""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content

from grappe.tui.messages import OpenEntity, OpenPassage

KIND_LABELS = {"cluster": "Cluster", "actor": "Acteur", "filiere": "Filière", "passage": "Passage"}


class SearchProvider(Provider):
    """Palette hits from `grappe.db.search.search_all`; choosing one opens it like a pane row."""

    async def search(self, query: str) -> Hits:
        from grappe.tui.screens.search import run_search

        if not query.strip():
            return
        database = self.app.database  # type: ignore[attr-defined]
        hits = await _in_thread(run_search, database, query)
        for rank, hit in enumerate(hits[:20]):
            kind = KIND_LABELS.get(hit.kind, hit.kind)
            if hit.kind == "passage":
                snippet = " ".join(str(hit.snippet or "").split())[:90]
                label = f"{kind} p. {hit.page} : {snippet}" if hit.page is not None else f"{kind} : {snippet}"
                message = OpenPassage(int(hit.id), f"p. {hit.page}" if hit.page else hit.title)
            else:
                label = f"{kind} : {hit.title}"
                message = OpenEntity(hit.kind, hit.id, hit.title)
            # Document text goes in the label as Content, never in `help` (parsed as markup);
            # the score keeps search_all's order (names before passages).
            yield Hit(max(0.01, 0.99 - rank * 0.01), Content(label),
                      partial(self.app.post_message, message), text=label)


async def _in_thread(function, *args):  # type: ignore[no-untyped-def]
    import asyncio

    return await asyncio.to_thread(function, *args)


class GrappeThemeProvider(Provider):
    """`Thème : …` commands for grappe's built-in themes (remembered in config.toml)."""

    def _commands(self) -> list[tuple[str, str]]:
        return [(f"Thème : {name}", name) for name in sorted(self.app.available_themes)
                if name.startswith("grappe-")]

    async def discover(self) -> Hits:
        for label, name in self._commands():
            yield DiscoveryHit(label, partial(setattr, self.app, "theme", name), help="Changer de thème")

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for label, name in self._commands():
            score = matcher.match(label)
            if score > 0:
                yield Hit(score, matcher.highlight(label), partial(setattr, self.app, "theme", name),
                          help="Changer de thème")
