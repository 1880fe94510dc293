"""The importer: read → segment → extract → resolve → load, all-or-nothing.

The database is built whole in a staging file and swapped in only when every document was
accepted: bad input discards the staging file and leaves the live database untouched.
Documents are streamed into the staging file as they are prepared, so memory holds the facts
of every document but the passages of only a few.
"""

from __future__ import annotations

import gc
import hashlib
import os
import stat
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from dataclasses import fields as dataclass_fields
from importlib import resources
from itertools import chain
from pathlib import Path
from typing import TYPE_CHECKING, Any

from grappe.db.errors import InputError, display_path
from grappe.db.load import DocumentRecord, build, load_documents
from grappe.db.load_rows import PassageIds
from grappe.importer.facts import Evidence
from grappe.importer.metadata import citation_for
from grappe.importer.parallel import OrderedPool, worker_count
from grappe.importer.read import DEFAULT_MAX_BYTES, collect_paths, read_document
from grappe.importer.segment import Segmented, segment

if TYPE_CHECKING:
    from grappe.db.load_facts import Batch
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


@dataclass
class ReadyDocument:
    """What the load needs of a prepared document: its record (passages) and its facts.

    This is what a worker process sends back; the segmented text stays behind.
    """

    record: DocumentRecord
    facts: "Facts"


def prepare_for_load(path: Path, encoding: str | None, max_bytes: int) -> ReadyDocument:
    """Prepare one document and keep what the load needs (the task a worker process runs)."""
    document = prepare(path, encoding=encoding, max_bytes=max_bytes)
    return ReadyDocument(document.record, share_equal_values(document.facts))


_FACT_LISTS = ("clusters", "filieres", "actors", "attributes", "roles", "links", "funding")


def share_equal_values(facts: "Facts") -> "Facts":
    """Make equal strings and evidence within one document's facts the same objects.

    The facts of every document stay in memory until resolve, and extractors quote the same
    sentence for several facts: on generated monographs 56 % of the evidence records and a
    quarter of the strings were copies. Pickling keeps shared objects shared, so this also
    holds in the importing process when a worker did it. Facts are mutated in place (only
    equal values are swapped in), and returned.
    """
    shared: dict[object, object] = {}

    def one(value: Any) -> Any:
        if isinstance(value, str):
            return shared.setdefault(value, value)
        if isinstance(value, Evidence):
            found = shared.get(value)
            if found is None:
                found = Evidence(one(value.document_id), value.passage_seq, one(value.quote))
                shared[value] = found
            return found
        return value

    for name in _FACT_LISTS:
        for fact in getattr(facts, name):
            for field in dataclass_fields(fact):
                value = getattr(fact, field.name)
                if isinstance(value, list):
                    value[:] = [one(item) for item in value]
                elif isinstance(value, str):
                    setattr(fact, field.name, one(value))
    return facts


def content_order(files: list[Path], max_bytes: int = DEFAULT_MAX_BYTES) -> list[Path]:
    """The files sorted by the SHA-256 of their bytes, so that the same set of files gives the
    same database (passage ids, which copy of a duplicate is kept) whatever order it is given in.

    A file that cannot be hashed here (missing, not a regular file, too large, unreadable)
    comes first, in the given order: preparing it raises the reader's own one-line refusal.
    """
    keyed = [(_bytes_digest(path, max_bytes), index, path) for index, path in enumerate(files)]
    return [path for _, _, path in sorted(keyed)]


def _bytes_digest(path: Path, max_bytes: int) -> str:
    try:
        status = os.stat(path)
        if not stat.S_ISREG(status.st_mode) or status.st_size > max_bytes:
            return ""
        with open(path, "rb") as handle:
            return hashlib.file_digest(handle, "sha256").hexdigest()
    except OSError:
        return ""


@contextmanager
def _gc_frozen_until_done() -> Iterator[None]:
    """Objects frozen out of the cyclic GC during an import are handed back to it at the end."""
    try:
        yield
    finally:
        gc.unfreeze()


def _display(path: Path) -> str:
    """A path as stored and shown: undecodable bytes and control characters made visible."""
    return display_path(path)


# Rows made ahead while the FTS index is still being built, at most (~170 bytes each).
MADE_AHEAD_ROWS = 500_000


def _batches_made_while(running: Callable[[], bool], batches: Iterator[Batch]) -> list[Batch]:
    """Batches taken from `batches` while `running()` is true, up to MADE_AHEAD_ROWS rows.

    After resolve, the main process would only wait for the passages' index; making the
    facts' rows meanwhile (pure Python) leaves only their insertion for after.
    """
    made: list[Batch] = []
    held = 0
    while held < MADE_AHEAD_ROWS and running():
        batch = next(batches, None)
        if batch is None:
            break
        made.append(batch)
        held += len(batch.rows)
    return made


def run_import(
    paths: list[Path],
    database: Path,
    *,
    encoding: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    progress: Progress | None = None,
    jobs: int | None = 1,
) -> ImportSummary:
    """Import documents (files or folders) into a new database that replaces `database`.

    Each document is loaded into the staging database as soon as it is prepared and its
    passages dropped; only facts wait for the end, where they are resolved across documents
    and loaded. `jobs` processes prepare the documents: 1 (the default) prepares them here,
    None one per CPU when there are enough documents (what `grappe import` does).
    """
    from grappe.db.load_facts import fact_batches, first_free_ids, write_batches
    from grappe.db.passage_index import passages_indexed_meanwhile
    from grappe.importer.resolve import resolve

    files = content_order(collect_paths(paths), max_bytes)
    summary = ImportSummary(database)
    facts_by_document: dict[str, "Facts"] = {}
    warnings_by_document: dict[str, list[str]] = {}
    passage_ids = PassageIds()
    seen: dict[str, Path] = {}
    total = len(files) + 1
    with build(database) as db, _gc_frozen_until_done():
        with OrderedPool(worker_count(jobs, len(files))) as pool:  # workers gone before resolve
            ready_documents = pool.map(prepare_for_load, files, encoding, max_bytes)
            for done, (path, document) in enumerate(zip(files, ready_documents), start=1):
                record = document.record
                if record.sha256 in seen:
                    first = _display(seen[record.sha256])
                    summary.skipped.append(f"{_display(path)}: même contenu que {first}")
                else:
                    seen[record.sha256] = path
                    passage_ids.update(load_documents(db, [record]))
                    facts_by_document[record.id] = document.facts
                    warnings_by_document[record.id] = [
                        f"{record.path}: {warning}" for warning in record.warnings
                    ]
                    summary.documents += 1
                    summary.pages += record.pages
                    summary.passages.update(p["kind"] for p in record.passages)
                del document, record  # the passages go: only the facts stay until the end
                # The facts kept so far live until resolve: the cyclic garbage collector need
                # not walk them again for every later document (measured at 100 documents:
                # its time in the importing process 1.0 s -> 0.44 s; it made imports superlinear).
                gc.freeze()
                if progress:
                    progress(done, total, path)
        first_ids = first_free_ids(db)  # asked before the indexing thread holds the file
        with passages_indexed_meanwhile(db.conn) as indexing:  # SQLite indexes them on the other core
            # Facts in document id order, so that the same set gives the same rows whatever the order.
            facts = resolve([facts_by_document[key] for key in sorted(facts_by_document)])
            facts_by_document.clear()
            batches = fact_batches(facts, passage_ids, first_ids)
            made_meanwhile = _batches_made_while(indexing.running, batches)
        write_batches(db, chain(made_meanwhile, batches))
        if progress:
            progress(total, total, database)
    for key in sorted(warnings_by_document):
        summary.warnings.extend(warnings_by_document[key])
    summary.facts = {
        "clusters": len(facts.clusters), "filières": len(facts.filieres),
        "acteurs": len(facts.actors), "rôles": len(facts.roles), "liens": len(facts.links),
        "financements": len(facts.funding),
    }
    return summary
