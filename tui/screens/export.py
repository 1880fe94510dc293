"""The export dialog: choose the path (default `exports/<name>.md`), confirm an overwrite."""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label

EXPORT_FOLDER = Path("exports")


class ExportScreen(ModalScreen[Path | None]):
    """Asks where to write; an existing file needs a second enter to be replaced."""

    BINDINGS = [Binding("escape", "cancel", "Annuler")]

    crumb = "export"

    def __init__(self, title: str, text: str, folder: Path = EXPORT_FOLDER) -> None:
        super().__init__()
        from grappe.db.export import export_path

        self.title_text = title
        self.text = text
        self.default_path = export_path(folder, title)
        self.confirming: Path | None = None

    def compose(self) -> ComposeResult:
        with Vertical(id="export-box"):
            yield Label(Text(f"Exporter « {self.title_text} » en Markdown vers :"))
            yield Input(str(self.default_path), id="export-path")
            yield Label(Text("entrée : écrire · échap : annuler"), id="export-status")

    def on_mount(self) -> None:
        self.query_one("#export-path", Input).focus()

    @on(Input.Changed, "#export-path")
    def _path_changed(self, event: Input.Changed) -> None:
        if self.confirming is not None and Path(event.value) != self.confirming:
            self.confirming = None
            self._status("entrée : écrire · échap : annuler", warn=False)

    @on(Input.Submitted, "#export-path")
    def _write(self, event: Input.Submitted) -> None:
        from grappe.db.errors import GrappeError
        from grappe.db.export import ExportExistsError, write_export

        event.stop()
        path = Path(event.value.strip() or str(self.default_path)).expanduser()
        if path.is_dir():
            self._status("c'est un dossier : donnez un nom de fichier", warn=True)
            return
        overwrite = self.confirming == path
        try:
            written = write_export(path, self.text, overwrite=overwrite)
        except ExportExistsError:
            self.confirming = path
            self._status("le fichier existe : entrée pour le remplacer, échap pour annuler", warn=True)
            return
        except GrappeError as error:
            self._status(str(error), warn=True)
            return
        except OSError as error:
            self._status(f"écriture impossible ({error.strerror or type(error).__name__})", warn=True)
            return
        self.dismiss(written)

    def _status(self, message: str, *, warn: bool) -> None:
        label = self.query_one("#export-status", Label)
        label.update(Text(message))
        label.set_class(warn, "warning")

    def action_cancel(self) -> None:
        self.dismiss(None)
