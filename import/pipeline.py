"""The importer: read → segment → extract → resolve → load, all-or-nothing.

Every document is read, segmented and extracted before the database is touched, so bad
input is refused first; the database is then built whole in a staging file and swapped in.
"""

from __future__ import annotations

import gc
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from grappe.db.errors import InputError, display_path
from grappe.db.load import DocumentRecord, build, load_documents
from grappe.importer.metadata import citation_for
from grappe.importer.read import DEFAULT_MAX_BYTES, collect_paths, read_document
from grappe.importer.segment import Segmented, segment

if TYPE_CHECKING:
    from grappe.importer.facts import Facts

# Called as progress(done, total, what): once per document read, then once with the database
# path just before the build is committed (an exception raised there aborts the build).
Progress = Callable[[int, int, Path], None]


@dataclass
class ImportSummary:
    """What an import built, for the closing report."""

    database: Path
    documents: int = 0
    pages: int = 0
    passages: Counter[str] = field(default_factory=Counter)
    facts: dict[str, int] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


@dataclass
class PreparedDocument:
    """One document read, segmented and extracted, ready to load."""

    record: DocumentRecord
    segmented: Segmented
    facts: "Facts"


def bundled_document() -> Path:
    """The monograph shipped with grappe, so that it works with no argument."""
    return Path(str(resources.files("grappe.importer.data").joinpath("npdc-2012-clusters.txt")))


def prepare(
    path: Path, *, encoding: str | None = None, max_bytes: int = DEFAULT_MAX_BYTES
) -> PreparedDocument:
    """Read, segment and extract one document, refusing it if it has no monograph structure."""
    source = read_document(path, encoding=encoding, max_bytes=max_bytes)
    segmented = segment(source.text)
    headings = segmented.of_kind("heading")
    prose = [p for p in segmented.passages if p.kind in ("paragraph", "bullet")]
    if not headings or not prose:
        raise InputError(
            "aucune structure de monographie reconnue (titres comme « 1.2 Titre » ou "
            "« Introduction », suivis de paragraphes)",
            path=path,
        )
    from grappe.importer.extract import extract_all  # the heaviest stage: loaded when used

    citation = citation_for(path, source.text)
    document_id = source.sha256[:16]
    facts = extract_all(document_id, segmented)
    record = DocumentRecord(
        id=document_id, title=citation.title, authors=citation.authors, year=citation.year,
        region=citation.region, source=citation.source, path=_display(path),
        sha256=source.sha256, encoding=source.encoding, size_bytes=source.size,
        removed_chars=source.removed_chars, pages=segmented.pages,
        passages=[
            {
                "seq": seq, "page": p.page, "line": p.line, "section_number": p.section_number,
                "section_title": p.section_title, "kind": p.kind, "level": p.level,
                "number": p.number, "caption": p.caption, "flags": p.flags,
                "footnote_refs": p.footnote_refs, "text": p.text,
            }
            for seq, p in enumerate(segmented.passages)
        ],
        warnings=[*segmented.warnings, *facts.warnings],
    )
    return PreparedDocument(record, segmented, facts)


@contextmanager
def _gc_frozen_until_done() -> Iterator[None]:
    """Documents prepared so far are frozen out of the cyclic GC during an import (see below)."""
    try:
        yield
    finally:
        gc.unfreeze()


def _display(path: Path) -> str:
    """A path as stored and shown: undecodable bytes and control characters made visible."""
    return display_path(path)


def run_import(
    paths: list[Path],
    database: Path,
    *,
    encoding: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    progress: Progress | None = None,
) -> ImportSummary:
    """Import documents (files or folders) into a new database that replaces `database`."""
    with _gc_frozen_until_done():
        files = collect_paths(paths)
        summary = ImportSummary(database)
        prepared: list[PreparedDocument] = []
        seen: dict[str, Path] = {}
        total = len(files) + 1
        for done, path in enumerate(files):
            document = prepare(path, encoding=encoding, max_bytes=max_bytes)
            if document.record.sha256 in seen:
                summary.skipped.append(
                    f"{_display(path)}: même contenu que {_display(seen[document.record.sha256])}"
                )
            else:
                seen[document.record.sha256] = path
                prepared.append(document)
            # The documents prepared so far live until the load: the cyclic garbage collector
            # need not walk them again for every later document (it made imports superlinear).
            gc.freeze()
            if progress:
                progress(done + 1, total, path)
        from grappe.db.load_facts import load_facts
        from grappe.importer.resolve import resolve

        # Documents in id order, so that the same set gives the same rows whatever the order given.
        prepared.sort(key=lambda d: d.record.id)
        facts = resolve([d.facts for d in prepared])
        with build(database) as db:
            passage_ids = load_documents(db, [d.record for d in prepared])
            load_facts(db, facts, passage_ids)
            if progress:
                progress(total, total, database)
        for document in prepared:
            summary.documents += 1
            summary.pages += document.record.pages
            summary.passages.update(p["kind"] for p in document.record.passages)
            summary.warnings.extend(f"{document.record.path}: {w}" for w in document.record.warnings)
        summary.facts = {
            "clusters": len(facts.clusters), "filières": len(facts.filieres),
            "acteurs": len(facts.actors), "rôles": len(facts.roles), "liens": len(facts.links),
            "financements": len(facts.funding),
        }
        return summary
