"""The footer keeps its keys when a focus change publishes the same bindings, and rebuilds
them when what it shows changes."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.widget import Widget
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

from grappe.tui.widgets.steady_footer import SteadyFooter


class _Keys(Widget, can_focus=True):
    BINDINGS = [Binding("a", "alpha", "Alpha"), Binding("b", "beta", "Bêta")]
    beta_enabled = True

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return None if action == "beta" and not self.beta_enabled else True

    def action_alpha(self) -> None: ...

    def action_beta(self) -> None: ...


class _FooterApp(App[None]):
    def compose(self) -> ComposeResult:
        yield _Keys(id="one")
        yield _Keys(id="two")
        yield SteadyFooter(compact=True)


def _keys(app: App) -> list[tuple[str, bool]]:
    return [(key.description, key.has_class("-disabled")) for key in app.query(FooterKey)]


async def test_same_bindings_keep_the_keys_and_new_states_rebuild_them() -> None:
    app = _FooterApp()
    async with app.run_test(size=(80, 10)) as pilot:
        app.query_one("#one").focus()
        await pilot.pause()
        footer = app.query_one(SteadyFooter)
        assert isinstance(footer, Footer)
        before = list(app.query(FooterKey))
        assert ("Bêta", False) in _keys(app)
        app.query_one("#two").focus()  # same keys: nothing to rebuild
        await pilot.pause()
        await pilot.pause()
        assert list(app.query(FooterKey)) == before and footer.rebuilds_skipped >= 1
        two = app.query_one("#two", _Keys)
        two.beta_enabled = False
        app.screen.refresh_bindings()
        await pilot.pause()
        await pilot.pause()
        assert ("Bêta", True) in _keys(app) and list(app.query(FooterKey)) != before
