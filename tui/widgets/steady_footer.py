"""A Footer rebuilt only when the keys it shows change.

Textual's Footer throws its keys away and mounts new ones whenever the screen republishes
its bindings: at every focus change, so at every pane switch, although the four panes offer
the same keys. Seven widgets mounted, styled and painted for nothing, about a tenth of a
pane switch. Here the shown keys are compared first.
"""

from __future__ import annotations

from textual.screen import Screen
from textual.widgets import Footer


class SteadyFooter(Footer):
    """Footer that skips the rebuild when the shown keys, their labels and states are the same."""

    def __init__(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self._shown: tuple | None = None
        self.rebuilds_skipped = 0  # read by tests

    def _keys_shown(self, screen: Screen) -> tuple:
        """What `Footer.compose` would show, in order."""
        shown = tuple(
            (binding.key, binding.action, binding.description, binding.group, enabled, tooltip)
            for (_, binding, enabled, tooltip) in screen.active_bindings.values()
            if binding.show
        )
        palette = None
        if self.show_command_palette and self.app.ENABLE_COMMAND_PALETTE:
            found = screen.active_bindings.get(self.app.COMMAND_PALETTE_BINDING)
            if found is not None:
                _, binding, enabled, tooltip = found
                palette = (binding.key, binding.description, enabled, tooltip or binding.tooltip)
        return shown, palette

    def bindings_changed(self, screen: Screen) -> None:
        if self.is_attached and screen is self.screen and screen.app.app_focus:
            shown = self._keys_shown(screen)
            if shown == self._shown and self.children:
                self.rebuilds_skipped += 1
                return
            self._shown = shown
        super().bindings_changed(screen)
