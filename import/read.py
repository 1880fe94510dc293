"""Stage 1 — read: turn a file on disk into clean Unicode text, or refuse it with one line.

Monographs arrive as text extracted from PDFs (UTF-8, UTF-8 with BOM, CP1252/Latin-1,
sometimes UTF-16) or as the PDFs themselves. The encoding is detected from the bytes, not
guessed: a BOM decides; otherwise strict UTF-8; otherwise CP1252 only when the non-ASCII
bytes read as French letters and typography.
"""

from __future__ import annotations

import hashlib
import io
import os
import stat
from dataclasses import dataclass
from pathlib import Path

from grappe.db.errors import InputError, UsageError
from grappe.db.text import clean_text

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
TEXT_SUFFIXES = {".txt", ".text", ".md", ""}
PDF_SUFFIXES = {".pdf"}
DOCUMENT_SUFFIXES = TEXT_SUFFIXES | PDF_SUFFIXES

# Characters a CP1252 French text is made of, beyond ASCII.
_FRENCH_CP1252 = set("àâäçéèêëîïôöùûüÿœæÀÂÄÇÉÈÊËÎÏÔÖÙÛÜŸŒÆ«»€’‘“”–—…°²³·\u00a0")


@dataclass(frozen=True)
class SourceText:
    """A document read from disk: its clean text and where it came from."""

    path: Path
    text: str
    encoding: str
    sha256: str
    size: int
    removed_chars: int


def read_document(
    path: Path, *, encoding: str | None = None, max_bytes: int = DEFAULT_MAX_BYTES
) -> SourceText:
    """Read one document file, refusing anything that is not a readable text or PDF file."""
    data = _read_bytes(path, max_bytes)
    digest = hashlib.sha256(data).hexdigest()
    if not data.strip():
        raise InputError("fichier vide, rien à importer", path=path)
    if data.startswith(b"%PDF-"):
        raw, used = _pdf_text(path, data), "pdf"
    else:
        raw, used = decode_bytes(path, data, encoding)
    text, removed = clean_text(raw)
    if not text.strip():
        raise InputError("aucun texte après nettoyage, rien à importer", path=path)
    return SourceText(path, text, used, digest, len(data), removed)


def _read_bytes(path: Path, max_bytes: int) -> bytes:
    try:
        st = os.stat(path)
    except FileNotFoundError:
        raise UsageError("fichier introuvable", path=path) from None
    except PermissionError:
        raise InputError("permission refusée", path=path) from None
    if stat.S_ISDIR(st.st_mode):
        raise UsageError("est un dossier, pas un fichier", path=path)
    if not stat.S_ISREG(st.st_mode):
        raise InputError("n'est pas un fichier ordinaire (FIFO, périphérique…)", path=path)
    if st.st_size > max_bytes:
        raise InputError(
            f"fichier trop gros ({st.st_size / 1e6:.0f} Mo > {max_bytes / 1e6:.0f} Mo); "
            "augmentez --max-size si c'est voulu",
            path=path,
        )
    try:
        with open(path, "rb") as handle:
            return handle.read(max_bytes + 1)
    except PermissionError:
        raise InputError("permission refusée", path=path) from None
    except OSError as error:
        raise InputError(f"lecture impossible ({error.strerror})", path=path) from None


def decode_bytes(path: Path, data: bytes, encoding: str | None = None) -> tuple[str, str]:
    """Decode bytes as the encoding asked for, or the one the bytes show; return (text, name)."""
    if encoding:
        try:
            return data.decode(encoding), encoding
        except LookupError:
            raise UsageError(f"encodage inconnu: {encoding}", path=path) from None
        except UnicodeDecodeError as error:
            raise InputError(f"ne se lit pas en {encoding} (octet {error.start})", path=path) from None
    if data.startswith(b"\xef\xbb\xbf"):
        return _strict(path, data[3:], "utf-8"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _strict(path, data, "utf-16"), "utf-16"
    if b"\x00" in data[:8000]:
        raise InputError("fichier binaire (octets nuls), pas un texte", path=path)
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as error:
        utf8_error = error
    if _looks_like_cp1252_french(data):
        return data.decode("cp1252"), "cp1252"
    line = data.count(b"\n", 0, utf8_error.start) + 1
    raise InputError(
        f"encodage non UTF-8 à la ligne {line}, octet {utf8_error.start}; "
        "précisez-le avec --encoding (par exemple cp1252)",
        path=path,
    )


def _strict(path: Path, data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as error:
        raise InputError(f"{encoding} invalide à l'octet {error.start}", path=path) from None


def _looks_like_cp1252_french(data: bytes) -> bool:
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        return False
    high = [ch for ch in text if ord(ch) > 0x7F]
    if not high:
        return False
    french = sum(ch in _FRENCH_CP1252 for ch in high)
    return french / len(high) >= 0.9


def _pdf_text(path: Path, data: bytes) -> str:
    try:
        from pypdf import PdfReader
        from pypdf.errors import PdfReadError
    except ImportError:  # pragma: no cover - pypdf is a declared dependency
        raise InputError("PDF: installez pypdf ou extrayez d'abord le texte", path=path) from None
    try:
        reader = PdfReader(io.BytesIO(data))
        pages = [page.extract_text() or "" for page in reader.pages]
    except (PdfReadError, ValueError, KeyError, TypeError) as error:
        raise InputError(f"PDF illisible ({type(error).__name__})", path=path) from None
    if not any(page.strip() for page in pages):
        raise InputError(
            "PDF sans couche texte (scanné?): faites-le passer par un OCR d'abord", path=path
        )
    # A PDF page becomes a page start in the text genre: a line beginning with one space.
    return "\n".join(" " + page.lstrip() for page in pages)


def collect_paths(paths: list[Path]) -> list[Path]:
    """Expand folders into the documents they hold, sorted; refuse paths that don't exist."""
    found: list[Path] = []
    for path in paths:
        if not os.path.lexists(path):
            raise UsageError("chemin introuvable", path=path)
        if path.is_dir():
            inside = sorted(
                p
                for p in path.rglob("*")
                if p.is_file() and p.suffix.lower() in DOCUMENT_SUFFIXES and not p.name.startswith(".")
                and p.name.lower() != "readme.md"
            )
            if not inside:
                raise UsageError("dossier sans document (.txt ou .pdf)", path=path)
            found.extend(inside)
        else:
            found.append(path)
    unique: list[Path] = []
    seen: set[Path] = set()
    for path in found:
        key = path.resolve()
        if key not in seen:
            seen.add(key)
            unique.append(path)
    return unique
