"""Stage 1 — read: turn a file on disk into clean Unicode text, or refuse it with one line.

Monographs arrive as text extracted from PDFs (UTF-8, UTF-8 with BOM, CP1252/Latin-1,
sometimes UTF-16) or as the PDFs themselves. The encoding is detected from the bytes, not
guessed: a BOM decides; then the NUL pattern of BOM-less UTF-16; then strict UTF-8; then
CP1252 only when the non-ASCII bytes read as French letters and typography.
"""

from __future__ import annotations

import codecs
import hashlib
import io
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path

from grappe.db.errors import InputError, UsageError
from grappe.db.text import clean_text

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
TEXT_SUFFIXES = {".txt", ".text"}
PDF_SUFFIXES = {".pdf"}
# A folder contributes only these; a file named on the command line may have any name.
FOLDER_SUFFIXES = TEXT_SUFFIXES | PDF_SUFFIXES
SNIFF_BYTES = 8000

# Characters a CP1252 French text is made of, beyond ASCII.
_FRENCH_CP1252 = set("àâäçéèêëîïôöùûüÿœæÀÂÄÇÉÈÊËÎÏÔÖÙÛÜŸŒÆ«»€’‘“”–—…°²³·\u00a0")
# C0 controls that never occur in text (tab, LF, CR, FF, VT and ESC may: ESC is cleaned later).
_BINARY_CONTROLS = frozenset(range(0x20)) - {0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x1B}  # with NUL
# Every other byte: deleting them (in C) leaves the control bytes, counted by their length.
_NOT_BINARY_CONTROLS = bytes(b for b in range(256) if b not in _BINARY_CONTROLS)


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
    """The file's bytes, after checking (without opening it) that it is a regular file."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        raise UsageError("fichier introuvable", path=path) from None
    except PermissionError:
        raise InputError("permission refusée", path=path) from None
    except OSError as error:
        raise InputError(f"accès impossible ({error.strerror})", path=path) from None
    if stat.S_ISDIR(st.st_mode):
        raise UsageError("est un dossier, pas un fichier", path=path)
    if not stat.S_ISREG(st.st_mode):
        # Opening a FIFO or a device could block forever or never end: refuse before open().
        raise InputError("n'est pas un fichier ordinaire (FIFO, périphérique…)", path=path)
    if st.st_size > max_bytes:
        raise InputError(
            f"fichier trop gros ({_megabytes(st.st_size)} Mo, limite {_megabytes(max_bytes)} Mo); "
            "augmentez --max-size si c'est voulu",
            path=path,
        )
    try:
        # O_NONBLOCK: should the path have become a FIFO since stat(), open() still returns.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except PermissionError:
        raise InputError("permission refusée (lecture)", path=path) from None
    except OSError as error:
        raise InputError(f"lecture impossible ({error.strerror})", path=path) from None
    try:
        with open(fd, "rb", closefd=True) as handle:
            data = handle.read(max_bytes + 1)
    except OSError as error:
        raise InputError(f"lecture impossible ({error.strerror})", path=path) from None
    if len(data) > max_bytes:
        raise InputError(f"fichier trop gros (limite {_megabytes(max_bytes)} Mo)", path=path)
    return data


def _megabytes(size: int) -> str:
    value = size / (1024 * 1024)
    return f"{value:.0f}" if value >= 10 else f"{value:.1f}".replace(".", ",")


def decode_bytes(path: Path, data: bytes, encoding: str | None = None) -> tuple[str, str]:
    """Decode bytes as the encoding asked for, or the one the bytes show; return (text, name)."""
    if encoding:
        return _forced(path, data, encoding)
    if data.startswith(codecs.BOM_UTF8):
        return _strict(path, data[3:], "utf-8"), "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _strict(path, data, "utf-16"), "utf-16"
    head = data[:SNIFF_BYTES]
    bomless = _bomless_utf16(head) if b"\x00" in head else None
    if bomless:
        return _strict(path, data, bomless), bomless
    # A stray NUL or control character in a text is cleaned away later; many make a binary.
    controls = len(head.translate(None, _NOT_BINARY_CONTROLS))
    if controls > max(4, len(head) // 200):
        raise InputError("fichier binaire (octets nuls ou de contrôle), pas un texte", path=path)
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as error:
        utf8_error = error
    if looks_like_cp1252_french(data):
        return data.decode("cp1252"), "cp1252"
    line = data.count(b"\n", 0, utf8_error.start) + 1
    raise InputError(
        f"encodage non reconnu (ni UTF-8 ni CP1252 français) à la ligne {line}, "
        f"octet {utf8_error.start}; précisez-le avec --encoding (par exemple cp1252)",
        path=path,
    )


def _forced(path: Path, data: bytes, encoding: str) -> tuple[str, str]:
    try:
        name = codecs.lookup(encoding).name
    except LookupError:
        raise UsageError(f"encodage inconnu: {encoding!r}", path=path) from None
    if name == "utf-8" and data.startswith(codecs.BOM_UTF8):
        data = data[3:]
    try:
        return data.decode(name), name
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise InputError(
            f"ne se lit pas en {name} (ligne {line}, octet {error.start})", path=path
        ) from None


def _strict(path: Path, data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as error:
        raise InputError(f"{encoding} invalide à l'octet {error.start}", path=path) from None


def _bomless_utf16(head: bytes) -> str | None:
    """'utf-16-le' or 'utf-16-be' when NULs sit on every other byte, as in mostly-ASCII UTF-16."""
    pairs = len(head) // 2
    if pairs < 2:
        return None
    even = head[0 : pairs * 2 : 2].count(0)
    odd = head[1 : pairs * 2 : 2].count(0)
    if odd >= 0.7 * pairs and even == 0:
        return "utf-16-le"
    if even >= 0.7 * pairs and odd == 0:
        return "utf-16-be"
    return None


def looks_like_cp1252_french(data: bytes) -> bool:
    """True when every non-ASCII byte decodes, in CP1252, to a French letter or typographic sign."""
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
    """The text layer of a PDF, each page starting with one space (the text genre's page mark)."""
    try:
        from pypdf import PdfReader
    except ImportError:  # pragma: no cover - pypdf is a declared dependency
        raise InputError("PDF: installez pypdf ou extrayez d'abord le texte", path=path) from None
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise InputError("PDF chiffré: déchiffrez-le ou extrayez d'abord le texte", path=path)
        pages = [page.extract_text() or "" for page in reader.pages]
    except InputError:
        raise
    except Exception as error:  # noqa: BLE001 - pypdf raises many types on damaged files
        raise InputError(f"PDF illisible ({type(error).__name__})", path=path) from None
    if not any(page.strip() for page in pages):
        raise InputError(
            "PDF sans couche texte (scanné?): faites-le passer par un OCR d'abord", path=path
        )
    return "\n".join(_pdf_page(page) for page in pages)


_LONE_NUMBER = re.compile(r"^\s*(?:-\s*)?(\d{1,4})(?:\s*-)?\s*$")


def _pdf_page(text: str) -> str:
    """One PDF page in the text genre: a page start, its number (if printed) alone, then lines.

    Inside a page, leading spaces are dropped so that only the page's first line starts
    with one space (the genre's page mark); a header or footer that is only a number
    becomes the lone page-number line the segmenter anchors pages on.
    """
    lines = [line.strip() for line in text.split("\n")]
    while lines and not lines[-1]:
        lines.pop()
    while lines and not lines[0]:
        lines.pop(0)
    number = None
    for index in (len(lines) - 1, 0):
        match = _LONE_NUMBER.match(lines[index]) if lines else None
        if match:
            number = match.group(1)
            del lines[index]
            break
    if number is not None:
        return "\n".join([f" {number} ", "", *lines])
    if lines:
        lines[0] = " " + lines[0]
    return "\n".join(lines)


def collect_paths(paths: list[Path]) -> list[Path]:
    """Expand folders into the documents they hold, sorted; refuse paths that don't exist."""
    found: list[Path] = []
    for path in paths:
        path = Path(path)
        if not os.path.lexists(path):
            raise UsageError("chemin introuvable", path=path)
        if path.is_dir():
            inside = sorted(_documents_in(path))
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


def _documents_in(folder: Path) -> list[Path]:
    """Regular `.txt`/`.pdf` files under a folder, skipping hidden files and folders."""
    out: list[Path] = []
    for root, dirs, files in os.walk(folder):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in files:
            candidate = Path(root) / name
            if name.startswith(".") or candidate.suffix.lower() not in FOLDER_SUFFIXES:
                continue
            if candidate.is_file():  # follows symlinks; FIFOs and sockets are left out
                out.append(candidate)
    return out
