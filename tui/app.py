"""The grappe explorer: panes, dossiers, search, export and themes over a read-only database.

The app owns navigation (a stack of screens is the history shown as breadcrumbs) and the
theme; panes and dossiers read the database in thread workers that post messages. An
unexpected exception ends the app with a non-zero `return_code` and a log file, never with
document text (traceback locals) on screen.
"""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual import on
from textual.actions import SkipAction
from textual.app import App
from textual.binding import Binding
from textual.screen import Screen

from grappe.themes.loader import DEFAULT_THEME, canonical_theme_name, load_themes
from grappe.tui.config import Config, load_config, save_config
from grappe.tui.messages import OpenEntity, OpenPassage
from grappe.tui.prefetch import FirstPagePrefetch
from grappe.tui.providers import GrappeThemeProvider, SearchProvider
from grappe.tui.stylesheet import SteadyStylesheet


class GrappeApp(App[None]):
    """Browse clusters, filières, actors and funding of imported monographs."""

    CSS_PATH = "app.tcss"
    TITLE = "grappe"
    COMMANDS = App.COMMANDS | {SearchProvider, GrappeThemeProvider}
    BINDINGS = [
        # Priority: the search screen is pushed before the next key is dispatched, so the
        # letters typed right after ctrl+k go to it (it holds them until its box is focused).
        Binding("ctrl+k", "search", "Rechercher", priority=True,
                tooltip="Rechercher partout (noms et passages)"),
        Binding("question_mark", "help", "Aide", tooltip="Toutes les touches"),
        Binding("ctrl+q", "quit", "Quitter", show=False, tooltip="Quitter grappe"),
    ]

    def __init__(
        self,
        database: Path,
        *,
        theme: str | None = None,
        config_file: Path | None = None,
        initial_pane: str = "clusters",
        first_page: FirstPagePrefetch | None = None,
    ) -> None:
        super().__init__()
        self.first_page = first_page
        self.database = Path(database)
        self.config_file = config_file
        self.requested_theme = theme
        self.initial_pane = initial_pane
        self._crash: BaseException | None = None
        self.crash_log_path: Path | None = None
        self._theme_problems = self._choose_theme()

    def _choose_theme(self) -> list[tuple[str, str]]:
        """Register grappe's themes and set the theme before the CSS is first parsed.

        Set in `on_mount`, the theme came after Textual had parsed every CSS source with its
        default theme's colours, and all of it was parsed again. Returns the warnings (title,
        text) to show once the app runs.
        """
        loaded = load_themes()
        for theme in loaded.themes:
            self.register_theme(theme)
        problems = [("Thème ignoré", problem) for problem in loaded.problems]
        wanted = canonical_theme_name(self.requested_theme or load_config(self.config_file).theme
                                      or DEFAULT_THEME)
        if wanted not in self.available_themes:
            problems.append(("", f"thème inconnu « {wanted} »"))
            wanted = DEFAULT_THEME
        self.theme = wanted
        self.stylesheet = SteadyStylesheet(variables=self.get_css_variables())
        return problems

    def get_default_screen(self) -> Screen:
        from grappe.tui.screens.main import MainScreen

        return MainScreen(self.database, self.initial_pane, self.first_page)

    def on_mount(self) -> None:
        for title, problem in self._theme_problems:
            self.notify(problem, title=title, severity="warning", markup=False)
        self.theme_changed_signal.subscribe(self, self._remember_theme)

    def _remember_theme(self, theme: object) -> None:
        problem = save_config(Config(theme=self.theme), self.config_file)
        if problem:
            self.notify(problem, severity="warning", markup=False)

    # -- navigation

    @on(OpenEntity)
    def open_entity(self, event: OpenEntity) -> None:
        from grappe.tui.screens.detail import DetailScreen

        self.push_screen(DetailScreen(self.database, event.kind, event.entity_id, event.title))

    @on(OpenPassage)
    def open_passage(self, event: OpenPassage) -> None:
        from grappe.tui.screens.passage import PassageScreen

        self.push_screen(PassageScreen(self.database, event.passage_id, event.title))

    def action_back(self) -> None:
        """Go back along the path the user took (the main screen stays)."""
        if len(self.screen_stack) > 1:
            self.pop_screen()
            crumbs = self.screen.query("Breadcrumbs")
            for crumb in crumbs:
                crumb.refresh_path()  # type: ignore[attr-defined]

    def action_search(self) -> None:
        from grappe.tui.screens.search import SearchScreen

        if isinstance(self.screen, SearchScreen):
            raise SkipAction()  # in the search box, ctrl+k keeps its editing meaning
        self.push_screen(SearchScreen(self.database))

    def action_help(self) -> None:
        from grappe.tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def request_export(self, title: str, text: str) -> None:
        """Ask where to write an export (the dialog confirms before overwriting)."""
        from grappe.tui.screens.export import ExportScreen

        def written(path: Path | None) -> None:
            if path is not None:
                self.notify(Text(f"Exporté : {path}").plain, title="Export", markup=False)

        self.push_screen(ExportScreen(title, text), written)

    # -- failures

    def _handle_exception(self, error: Exception) -> None:
        if self._crash is None:  # the first failure is the cause; later ones are teardown noise
            self._crash = error
        super()._handle_exception(error)

    def _fatal_error(self) -> None:
        # Textual's default prints the traceback with its locals, which hold document text.
        from grappe.tui.runtime import crash_log

        error = self._crash
        try:
            self.crash_log_path = crash_log(error) if error is not None else None
        except OSError:
            self.crash_log_path = None
        where = f"; détails dans {self.crash_log_path}" if self.crash_log_path else ""
        name = type(error).__name__ if error is not None else "erreur"
        self._exit_renderables.append(Text(f"grappe: erreur inattendue ({name}){where}"))
        self._close_messages_no_wait()
