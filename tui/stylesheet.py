"""A Textual stylesheet that does not parse its CSS again when nothing it depends on changed.

Textual refreshes the CSS whenever `App.theme` is set, and once more at start-up (reading the
theme in `App.__init__` runs its watcher): each refresh sets the theme's variables, which
empties the stylesheet's parse cache, and parses every source again in a fresh stylesheet,
even when the variables are the very ones the rules were parsed with. On the first screen
that was about 10 ms of CPU: the app's CSS and Textual's defaults parsed three times over.
Here the variables are compared first; only a real change (another theme) empties the
cache, and a re-parse reads unchanged sources from the cache.
"""

from __future__ import annotations

from textual.css.stylesheet import Stylesheet


class SteadyStylesheet(Stylesheet):
    """Re-parses on new sources or new variable values, not on the same values set again."""

    def __init__(self, *, variables: dict[str, str] | None = None) -> None:
        super().__init__(variables=variables)
        self.reparses_skipped = 0  # read by tests
        self._parsed_variables: dict[str, str] | None = None  # the values of the last parse

    def set_variables(self, variables: dict[str, str]) -> None:
        if variables == self._variables:
            return  # same values: the parse cache and the parsed rules stay valid
        super().set_variables(variables)

    def parse(self) -> None:
        super().parse()
        self._parsed_variables = dict(self._variables)

    def reparse(self) -> None:
        """Parse what changed, in place: sources already parsed with these values come from the
        cache, which `set_variables` empties when the values change.

        Textual's own `reparse` parses everything in a fresh stylesheet, so that an error
        leaves this one as it was; `parse` assigns the rules only once all sources are
        parsed, which keeps that promise.
        """
        if self._require_parse or self._parsed_variables != self._variables:
            self.parse()
        else:
            self.reparses_skipped += 1
