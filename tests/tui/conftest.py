"""Explorer fixtures: the two-monograph sample base, an app factory, frozen cursor blink."""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from sample_db import HOSTILE_NAME, build_sample_db  # noqa: E402


@pytest.fixture(scope="session")
def sample_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_sample_db(tmp_path_factory.mktemp("tui") / "sample.db")


@pytest.fixture(autouse=True)
def _isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Config and exports go to the test's folder; the cursor never blinks (stable snapshots)."""
    from textual.widgets import Input

    monkeypatch.setenv("GRAPPE_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("GRAPPE_LOG_DIR", str(tmp_path / "logs"))
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(Input, "_toggle_cursor", lambda self: None)


@pytest.fixture
def make_app(sample_db: Path):
    from grappe.tui.app import GrappeApp

    def make(**kwargs):  # type: ignore[no-untyped-def]
        kwargs.setdefault("theme", "dark")
        return GrappeApp(kwargs.pop("database", sample_db), **kwargs)

    return make


def file_digest(path: Path) -> tuple[str, int]:
    return hashlib.sha256(path.read_bytes()).hexdigest(), path.stat().st_mtime_ns


def source(page: int, quote: str, passage_id: int, document: str = "Monographie Nord") -> dict:
    return {"page": page, "quote": quote, "document": document, "passage_id": passage_id}


def textilia_dossier() -> dict:
    """A cluster dossier in the shape agreed in interfaces.md (as `views.cluster_dossier` gives)."""
    return {
        "id": "textilia", "name": "Textilia", "kind": "GE", "aliases": ["Textilia GE"],
        "filiere": {"value": "Textile", "sources": [source(10, "Le pôle Textilia est une grappe", 1)]},
        "created": "juin 2010", "territory": ["Lille"], "structure": "Association Textilia",
        "fte": 9.3, "members": 120,
        "directors": [{"id": "jeanne-martin", "name": "Jeanne Martin", "role": "directrice",
                       "sources": [source(14, "Jeanne Martin dirige Textilia", 5)]}],
        "links": [{"id": "filatex", "name": "Filatex", "relation": "coopération", "uncertain": False,
                   "sources": [source(15, "Textilia coopère avec Filatex", 6)]},
                  {"id": "hostile", "name": HOSTILE_NAME, "relation": "[/bold] membre", "sources": []}],
        "funding": [
            {"funder": "Région", "funder_id": "region", "total_eur": 385000.0,
             "items": [{"amount_eur": 385000.0, "period": "par an", "kind": "subvention",
                        "sources": [source(12, "La Région finance Textilia", 3)]}]},
            {"funder": "État", "funder_id": "etat", "total_eur": 93800.0,
             "items": [{"amount_eur": 93800.0, "period": "2011", "kind": "subvention",
                        "sources": [source(13, "L'État finance Textilia", 4)]}]},
        ],
        "uncertain": ["created"],
        "readings": [
            {"attribute": "created", "value": "juin 2010", "uncertain": True,
             "sources": [source(10, "créée en juin 2010", 1)]},
            {"attribute": "created", "value": "juin 2011", "uncertain": True,
             "sources": [source(11, "créée en juin 2011", 2)]},
        ],
        "sources": [source(10, "Le pôle Textilia est une grappe d'entreprises [NB]", 1)],
        "documents": ["Monographie Nord", "Monographie Sud"],
    }


@pytest.fixture
def fake_views(monkeypatch: pytest.MonkeyPatch) -> dict:
    """Dossier and passage loaders returning agreed-shape dicts; records what was asked."""
    asked: dict = {"dossiers": [], "passages": []}

    def load_dossier(database, kind, entity_id):  # type: ignore[no-untyped-def]
        asked["dossiers"].append((kind, entity_id))
        if kind == "cluster" and entity_id == "textilia":
            return textilia_dossier()
        if kind == "cluster":
            return {"id": entity_id, "name": entity_id.title(), "kind": "PC", "sources": []}
        if kind == "actor":
            return {"id": entity_id, "name": "Jeanne Martin", "kind": "person",
                    "roles": [{"role": "directrice", "of": "Textilia", "of_id": "textilia",
                               "of_type": "cluster", "sources": [source(14, "dirige", 5)]}],
                    "sources": [source(14, "Jeanne Martin dirige Textilia", 5)]}
        return None

    def load_context(database, passage_id):  # type: ignore[no-untyped-def]
        asked["passages"].append(passage_id)
        return {"document": "Monographie Nord", "page": 12, "section": "2.1 La filière textile",
                "before": [{"id": passage_id - 1, "text": "Avant [/] le passage.", "page": 12}],
                "passage": {"id": passage_id, "text": "La Région finance Textilia [NB].", "page": 12},
                "after": [{"id": passage_id + 1, "text": "Après.", "page": 12}]}

    monkeypatch.setattr("grappe.tui.screens.detail.load_dossier", load_dossier)
    monkeypatch.setattr("grappe.tui.screens.passage.load_context", load_context)
    return asked
