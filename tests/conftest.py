"""Shared fixtures: the bundled monograph, segmented once, and a database built from it."""

from __future__ import annotations

from pathlib import Path

import pytest

from grappe.importer.pipeline import bundled_document
from grappe.importer.read import read_document
from grappe.importer.segment import Segmented, segment

FIXTURES = Path(__file__).parent / "fixtures"


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
