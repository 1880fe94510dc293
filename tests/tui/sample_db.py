"""A small two-monograph knowledge base built through the real loaders, for the explorer tests.

Names carry markup-like text (`[/]`, `[NB]`, `[@click=app.quit]`) because document text is
data and must be shown verbatim.
"""

from __future__ import annotations

from pathlib import Path

from grappe.db.load import DocumentRecord, build, load_documents
from grappe.db.load_facts import load_facts
from grappe.importer.facts import (
    ActorFact,
    AttributeFact,
    ClusterFact,
    Evidence,
    Facts,
    FiliereFact,
    FundingFact,
    LinkFact,
    RoleFact,
)

NORD = "a" * 16
SUD = "b" * 16
HOSTILE_NAME = "Pôle [/] Texte [NB] [@click=app.quit]"

PASSAGES_NORD = [
    "Le pôle Textilia est une grappe d'entreprises du textile créée en juin 2010.",
    "Textilia a été créée en juin 2011 selon le rapport d'activité.",
    "La Région finance Textilia à hauteur de 385 000 € par an.",
    "L'État finance Textilia à hauteur de 93 800 € en 2011.",
    "Jeanne Martin dirige Textilia et le pôle Filatex.",
    "Textilia coopère avec Filatex sur la formation.",
    "Le " + HOSTILE_NAME + " reçoit 1 500 000 € de la Région.",
]
PASSAGES_SUD = [
    "Le pôle Solaria est un pôle de compétitivité de l'énergie.",
    "La Région finance Solaria à hauteur de 2 000 000 €.",
]


def _passages(texts: list[str]) -> list[dict]:
    return [
        {"seq": i, "page": 10 + i, "line": i * 3 + 1, "section_number": "2.1",
         "section_title": "La filière textile", "kind": "paragraph", "level": None,
         "number": None, "caption": None, "flags": [], "footnote_refs": [], "text": text}
        for i, text in enumerate(texts)
    ]


def _doc(doc_id: str, title: str, region: str, texts: list[str]) -> DocumentRecord:
    return DocumentRecord(
        id=doc_id, title=title, authors=["DATAR"], year=2012, region=region, source=None,
        path=f"{doc_id}.txt", sha256=doc_id * 4, encoding="utf-8", size_bytes=100,
        removed_chars=0, pages=20, passages=_passages(texts), warnings=[],
    )


def _ev(doc: str, seq: int, texts: list[str]) -> list[Evidence]:
    return [Evidence(doc, seq, texts[seq])]


def sample_facts() -> Facts:
    n, s = PASSAGES_NORD, PASSAGES_SUD
    return Facts(
        filieres=[
            FiliereFact("textile", "Textile", ["textilia", "filatex", "hostile"], [], _ev(NORD, 0, n)),
            FiliereFact("energie", "Énergie", ["solaria"], [], _ev(SUD, 0, s)),
        ],
        clusters=[
            ClusterFact("textilia", "Textilia", "GE", ["Textilia GE"], "textile", "juin 2010",
                        ["Lille"], "Association Textilia", 9.3, 120, None, None, ["created"],
                        _ev(NORD, 0, n)),
            ClusterFact("filatex", "Filatex", "PC", [], "textile", None, ["Roubaix"], None, 4.0,
                        None, None, None, [], _ev(NORD, 4, n)),
            ClusterFact("hostile", HOSTILE_NAME, "PE", [], "textile", None, [], None, None, None,
                        None, None, [], _ev(NORD, 6, n)),
            ClusterFact("solaria", "Solaria", "PC", [], "energie", None, ["Marseille"], None, 12.5,
                        None, None, None, [], _ev(SUD, 0, s)),
        ],
        actors=[
            ActorFact("region", "Région", "organisation", "collectivité", None, None, [], [],
                      _ev(NORD, 2, n) + _ev(SUD, 1, s)),
            ActorFact("etat", "État", "organisation", "État", None, None, [], [], _ev(NORD, 3, n)),
            ActorFact("jeanne-martin", "Jeanne Martin", "person", None, "directrice", "region",
                      [], [], _ev(NORD, 4, n)),
        ],
        attributes=[
            AttributeFact("textilia", "cluster", "created", "juin 2010", True, _ev(NORD, 0, n)),
            AttributeFact("textilia", "cluster", "created", "juin 2011", True, _ev(NORD, 1, n)),
        ],
        roles=[
            RoleFact("jeanne-martin", "directrice", "textilia", "cluster", False, False, _ev(NORD, 4, n)),
            RoleFact("jeanne-martin", "directrice", "filatex", "cluster", True, False, _ev(NORD, 4, n)),
        ],
        links=[LinkFact("textilia", "filatex", "coopération", False, _ev(NORD, 5, n))],
        funding=[
            FundingFact("385 000 €", "subvention", 385000.0, "textilia", "cluster", "Textilia",
                        "region", "Région", "par an", False, _ev(NORD, 2, n)),
            FundingFact("93 800 €", "subvention", 93800.0, "textilia", "cluster", "Textilia",
                        "etat", "État", "2011", False, _ev(NORD, 3, n)),
            FundingFact("1 500 000 €", "budget", 1500000.0, "hostile", "cluster", HOSTILE_NAME,
                        "region", "Région", None, False, _ev(NORD, 6, n)),
            FundingFact("2 000 000 €", "subvention", 2000000.0, "solaria", "cluster", "Solaria",
                        "region", "Région", None, False, _ev(SUD, 1, s)),
        ],
    )


def build_sample_db(path: Path) -> Path:
    """Write the two-monograph sample base to `path` and return it."""
    docs = [
        _doc(NORD, "Monographie Nord", "Nord-Pas de Calais", PASSAGES_NORD),
        _doc(SUD, "Monographie Sud", "Provence", PASSAGES_SUD),
    ]
    with build(path) as db:
        passage_ids = load_documents(db, docs)
        load_facts(db, sample_facts(), passage_ids)
    return path
