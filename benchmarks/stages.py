"""CPU time of each import stage (read, segment, each extractor, resolve, load) in one
process, so a slow or non-linear import points at the stage to fix.

    python -m benchmarks.stages --n 10 [--n 100]   → a table on stdout
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from benchmarks.corpus import corpus_folder


def stage_times(folder: Path) -> dict[str, float]:
    """CPU seconds per stage for importing every document of `folder`."""
    import grappe.importer.extract as extract
    from grappe.db.load import build, load_documents
    from grappe.db.load_facts import load_facts
    from grappe.importer import pipeline
    from grappe.importer.read import collect_paths
    from grappe.importer.resolve import resolve

    spent: dict[str, float] = defaultdict(float)

    def timed(name, function):  # type: ignore[no-untyped-def]
        def wrapper(*args, **kwargs):  # type: ignore[no-untyped-def]
            started = time.process_time()
            try:
                return function(*args, **kwargs)
            finally:
                spent[name] += time.process_time() - started
        return wrapper

    original_stages = extract.STAGES
    original_read, original_segment = pipeline.read_document, pipeline.segment
    extract.STAGES = tuple(timed(f"extract.{s.__module__.rsplit('.', 1)[-1]}", s) for s in original_stages)
    pipeline.read_document = timed("read", original_read)
    pipeline.segment = timed("segment", original_segment)
    try:
        prepared = [pipeline.prepare(path) for path in collect_paths([folder])]
    finally:
        extract.STAGES = original_stages
        pipeline.read_document, pipeline.segment = original_read, original_segment
    started = time.process_time()
    facts = resolve([d.facts for d in prepared])
    spent["resolve"] = time.process_time() - started
    with tempfile.TemporaryDirectory() as scratch:
        started = time.process_time()
        with build(Path(scratch) / "stages.db") as db:
            ids = load_documents(db, [d.record for d in prepared])
            spent["load.documents"] = time.process_time() - started
            load_facts(db, facts, ids)
            spent["load.facts"] = time.process_time() - started - spent["load.documents"]
        spent["load.fts+commit"] = (time.process_time() - started - spent["load.documents"]
                                    - spent["load.facts"])
    return dict(spent)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.stages", description=__doc__)
    parser.add_argument("--n", type=int, action="append", help="corpus sizes (repeatable)")
    args = parser.parse_args(argv)
    sizes = args.n or [10]
    columns = {n: stage_times(corpus_folder(n)) for n in sizes}
    names = list(dict.fromkeys(name for spent in columns.values() for name in spent))
    print("| stage | " + " | ".join(f"N={n} CPU s (ms/doc)" for n in sizes) + " |")
    print("| --- |" + " ---: |" * len(sizes))
    for name in [*names, "total"]:
        cells = []
        for n in sizes:
            value = sum(columns[n].values()) if name == "total" else columns[n].get(name, 0.0)
            cells.append(f"{value:.2f} ({value * 1000 / n:.0f})")
        print(f"| {name} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
