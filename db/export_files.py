"""Export files: a safe name inside the chosen folder, written atomically, never clobbering.

A title from a document may hold `../`, separators, control characters, reserved Windows
names or 300 characters; the slug keeps none of that. The writer goes through a temporary
file in the same folder, fsync and a rename, so the target is either untouched or complete.
"""

from __future__ import annotations

import os
import re
import secrets
import time
import unicodedata
from pathlib import Path

from grappe.db.durable import fsync_folder
from grappe.db.errors import GrappeError, UsageError

EXIT_CANTCREAT = 73


class ExportError(GrappeError):
    """An export file that cannot be written (read-only folder, disk full, bad path)."""

    exit_code = EXIT_CANTCREAT


class ExportExistsError(ExportError):
    """The export target exists and overwriting was not asked for."""


_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10))}
_SUFFIX = re.compile(r"\.[A-Za-z0-9]{1,10}")
MAX_NAME_BYTES = 100
ON_WINDOWS = os.name == "nt"


def slugify(title: str) -> str:
    """An ASCII file-name stem: lowercase words joined by `-`, never empty or reserved."""
    decomposed = unicodedata.normalize("NFKD", str(title))
    ascii_text = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    ascii_text = ascii_text.replace("œ", "oe").replace("æ", "ae").replace("Œ", "oe").replace("Æ", "ae")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    if not slug:
        slug = "export"
    if slug in _RESERVED or slug.split("-")[0] in _RESERVED:
        slug = "export-" + slug
    return slug


def export_path(folder: Path, title: str, suffix: str = ".md") -> Path:
    """A readable, safe path for an export of `title`, always inside `folder`."""
    if not _SUFFIX.fullmatch(suffix):
        raise UsageError(f"extension de fichier invalide « {suffix} »")
    stem = slugify(title)[: MAX_NAME_BYTES - len(suffix)].rstrip("-") or "export"
    folder = Path(folder)
    path = folder / f"{stem}{suffix}"
    if not path.resolve().is_relative_to(folder.resolve()):
        raise ExportError("chemin d'export hors du dossier choisi", path=path)
    return path


def write_export(path: Path, text: str, *, overwrite: bool = False) -> Path:
    """Write text atomically (temp file in the same folder, fsync, rename); refuse to clobber."""
    path = Path(path)
    folder = path.parent
    if path.is_dir():
        raise ExportError("est un dossier", path=path)
    if not overwrite and (path.exists() or path.is_symlink()):
        raise ExportExistsError("existe déjà; utilisez --force pour le remplacer", path=path)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise ExportError(_explain(error, "création du dossier impossible"), path=folder) from None
    temp = folder / f".{path.name[:60]}.{secrets.token_hex(6)}.tmp"
    try:
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    except OSError as error:
        raise ExportError(_explain(error, "écriture impossible"), path=folder) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(text.encode("utf-8"))
            handle.flush()
            os.fsync(handle.fileno())
        if overwrite:
            _replace(temp, path)
        else:
            _link_no_clobber(temp, path)
        fsync_folder(folder)
    except FileExistsError:
        raise ExportExistsError("existe déjà; utilisez --force pour le remplacer", path=path) from None
    except OSError as error:
        raise ExportError(_explain(error, "écriture impossible"), path=path) from None
    finally:
        temp.unlink(missing_ok=True)
    return path


def _link_no_clobber(temp: Path, path: Path) -> None:
    """Publish temp at path only if path does not exist (atomic where hard links work)."""
    try:
        os.link(temp, path)
    except FileExistsError:
        raise
    except OSError:
        if path.exists():
            raise FileExistsError(path) from None
        os.replace(temp, path)


def _replace(temp: Path, path: Path, attempts: int = 5) -> None:
    """`os.replace`, retried briefly on Windows where a reader holding the target refuses it."""
    for attempt in range(attempts):
        try:
            os.replace(temp, path)
            return
        except PermissionError:
            if not ON_WINDOWS or attempt == attempts - 1:
                raise
            time.sleep(0.1 * (attempt + 1))


def _explain(error: OSError, what: str) -> str:
    if isinstance(error, PermissionError):
        return f"{what}: permission refusée (dossier en lecture seule ?)"
    reason = error.strerror or type(error).__name__
    return f"{what}: {reason}"
