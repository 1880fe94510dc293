"""Shared fixtures: the bundled monograph, segmented once, a database built from it, and
small document makers (a monograph in the genre, PDFs with and without a text layer)."""

from __future__ import annotations

import hashlib
import io
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from grappe.importer.pipeline import bundled_document
from grappe.importer.read import read_document
from grappe.importer.segment import Segmented, segment

FIXTURES = Path(__file__).parent / "fixtures"
READER_FIXTURES = FIXTURES / "reader"

# A minimal monograph in the genre: headings, a paragraph, a bullet list and a footnote.
SMALL_MONOGRAPH = """\
Introduction 
 
Cette étude porte sur la grappe régionale et ses financeurs dans la région1. 
 
1. Première partie : le contexte 
 
1.1 Les acteurs 
 
Le pôle est financé par la Région à hauteur de 385 000! par an, pour un budget 
total de 1,5 M! en 2011. 
 
! les entreprises ; 
! les laboratoires. 
                                                
1 Source : entretiens menés en 2012. 
"""


@pytest.fixture(scope="session")
def bundled_text() -> str:
    return read_document(bundled_document()).text


@pytest.fixture(scope="session")
def bundled_segmented(bundled_text: str) -> Segmented:
    return segment(bundled_text)


@pytest.fixture(scope="session")
def bundled_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database imported from the bundled monograph (built once per test session)."""
    from grappe.importer.pipeline import run_import

    path = tmp_path_factory.mktemp("db") / "grappe.db"
    run_import([bundled_document()], path)
    return path


@pytest.fixture
def small_monograph(tmp_path: Path) -> Path:
    """A small valid monograph file, UTF-8."""
    path = tmp_path / "petite.txt"
    path.write_text(SMALL_MONOGRAPH, "utf-8")
    return path


def file_digest(path: Path) -> str:
    """SHA-256 of a file, to prove a database was left byte for byte."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def writable_copy(path: Path, folder: Path) -> sqlite3.Connection:
    """A connection to a copy of a database, for tests that change it (the original stays)."""
    copy = folder / f"copy-{path.name}"
    copy.write_bytes(path.read_bytes())
    return sqlite3.connect(copy)


def dump(path: Path) -> list[str]:
    """Every row of every table of a database, in a stable order."""
    conn = sqlite3.connect(path)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


def _pdf_escape(line: str) -> bytes:
    raw = line.encode("cp1252")
    return raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")


def pdf_with_text(pages: list[list[str]]) -> bytes:
    """A hand-written PDF whose pages show the given lines in Helvetica (a real text layer)."""
    objects: list[bytes] = [b"<< /Type /Catalog /Pages 2 0 R >>"]
    kids = " ".join(f"{4 + 2 * i} 0 R" for i in range(len(pages)))
    objects.append(f"<< /Type /Pages /Kids [{kids}] /Count {len(pages)} >>".encode())
    objects.append(
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
    )
    for i, lines in enumerate(pages):
        shown = b" ".join(b"(" + _pdf_escape(line) + b") Tj T*" for line in lines)
        content = b"BT /F1 11 Tf 14 TL 72 760 Td " + shown + b" ET"
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
            f"/Resources << /Font << /F1 3 0 R >> >> /Contents {5 + 2 * i} 0 R >>".encode()
        )
        objects.append(b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream")
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, xref,
    )
    return bytes(out)


def pdf_without_text(pages: int = 2) -> bytes:
    """A PDF of blank pages: what a scan without OCR looks like to a text extractor."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


@pytest.fixture
def make_pdf() -> Callable[[list[list[str]]], bytes]:
    return pdf_with_text


@pytest.fixture
def blank_pdf() -> bytes:
    return pdf_without_text()
