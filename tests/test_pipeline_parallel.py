"""The streaming, parallel import: same database with or without workers, in any order, documents
dropped once loaded, passage ids kept compactly."""

from __future__ import annotations

import multiprocessing
import shutil
import sqlite3
import weakref
from pathlib import Path

import pytest

from grappe.db.errors import InputError
from grappe.db.load import build, load_documents
from grappe.db.load_rows import PassageIds
from grappe.importer import parallel, pipeline
from grappe.importer.pipeline import content_order, prepare, run_import

SYNTHETIC = Path(__file__).parent / "fixtures" / "synthetic"


def database_content(path: Path) -> list[str]:
    """Every row of every table (FTS shadow tables included) and the planner statistics."""
    with sqlite3.connect(path) as conn:
        rows = list(conn.iterdump())
        rows += [repr(r) for r in conn.execute("SELECT tbl, idx, stat FROM sqlite_stat1 ORDER BY 1, 2")]
    return rows


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The synthetic monographs, copied so that tests may add files beside them."""
    target = tmp_path_factory.mktemp("synthetic") / "docs"
    shutil.copytree(SYNTHETIC, target)
    return target


@pytest.fixture(scope="module")
def in_process_db(folder: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("jobs1") / "grappe.db"
    run_import([folder], target, jobs=1)
    return target


def test_two_workers_build_the_same_database_as_one_process(folder, in_process_db, tmp_path):
    target = tmp_path / "grappe.db"
    summary = run_import([folder], target, jobs=2)
    assert summary.documents == len(list(folder.glob("*.txt"))) >= 4
    content = database_content(target)
    assert content == database_content(in_process_db)
    assert any(line.startswith('INSERT INTO "passages"') for line in content)
    assert any("evidence" in line for line in content if line.startswith("(")), "statistics kept"
    assert multiprocessing.active_children() == [], "every worker has exited"


def test_the_same_files_in_reverse_order_give_the_same_database(folder, in_process_db, tmp_path):
    files = sorted(folder.glob("*.txt"), reverse=True)
    target = tmp_path / "grappe.db"
    run_import(files, target, jobs=2)
    assert database_content(target) == database_content(in_process_db)


def test_content_order_depends_on_the_files_not_on_the_order_given(folder, tmp_path):
    files = sorted(folder.glob("*.txt"))
    assert content_order(files) == content_order(files[::-1]) == content_order(files[2:] + files[:2])
    assert sorted(content_order(files)) == files
    missing, a_folder = tmp_path / "absent.txt", tmp_path
    # What cannot be hashed comes first, in the order given: its refusal is the reader's own.
    assert content_order([files[0], missing, a_folder])[:2] == [missing, a_folder]


def test_duplicates_are_skipped_and_reported_with_workers(folder, in_process_db, tmp_path):
    copies = tmp_path / "copies"
    copies.mkdir()
    original = sorted(folder.glob("*.txt"))[0]
    shutil.copy(original, copies / "copie.txt")
    target = tmp_path / "grappe.db"
    summary = run_import([folder, copies], target, jobs=2)
    assert len(summary.skipped) == 1 and "copie.txt" in summary.skipped[0]
    assert original.name in summary.skipped[0], "the first of two identical files is kept"
    kept = sqlite3.connect(target).execute("SELECT path FROM documents ORDER BY path").fetchall()
    assert len(kept) == summary.documents and all("copie" not in path for (path,) in kept)


def test_a_refusal_in_a_worker_is_the_same_error_and_changes_nothing(folder, in_process_db, tmp_path):
    bad_folder = tmp_path / "docs"
    shutil.copytree(folder, bad_folder)
    (bad_folder / "liste.txt").write_text("courses\n\nlait, pain, beurre\n", "utf-8")
    target = tmp_path / "grappe.db"
    shutil.copy(in_process_db, target)
    before = target.read_bytes()
    messages = []
    for jobs in (1, 2):
        with pytest.raises(InputError) as refused:
            run_import([bad_folder], target, jobs=jobs)
        messages.append(str(refused.value))
    assert messages[0] == messages[1] and "liste.txt" in messages[1]
    assert "aucune structure" in messages[1] and "\n" not in messages[1]
    assert target.read_bytes() == before
    assert sorted(p.name for p in target.parent.iterdir()) == ["docs", "grappe.db"]
    assert multiprocessing.active_children() == []


@pytest.mark.parametrize("jobs", [1, 2])
def test_each_document_is_loaded_as_it_comes_and_then_let_go(folder, tmp_path, monkeypatch, jobs):
    """Streaming: one document per load, and the records already loaded are freed."""
    loaded: list[weakref.ref] = []
    alive_at_each_load: list[int] = []
    original = pipeline.load_documents

    def watching_load(db, documents):
        assert len(documents) == 1
        alive_at_each_load.append(sum(ref() is not None for ref in loaded))
        loaded.append(weakref.ref(documents[0]))
        return original(db, documents)

    monkeypatch.setattr(pipeline, "load_documents", watching_load)
    summary = run_import([folder], tmp_path / "grappe.db", jobs=jobs)
    assert len(alive_at_each_load) == summary.documents >= 4
    # At most the previous record is still referenced (by the loop); never the whole folder.
    assert max(alive_at_each_load) <= 1, alive_at_each_load


def test_worker_count_uses_workers_only_when_they_pay(monkeypatch):
    monkeypatch.setattr(parallel, "available_cpus", lambda: 2)
    assert parallel.worker_count(None, 1) == 1
    assert parallel.worker_count(None, parallel.AUTO_MIN_DOCUMENTS - 1) == 1
    assert parallel.worker_count(None, parallel.AUTO_MIN_DOCUMENTS) == 2
    assert parallel.worker_count(1, 100) == 1
    assert parallel.worker_count(3, 100) == 3, "a requested count is honoured"
    assert parallel.worker_count(8, 2) == 2, "never more workers than documents"
    monkeypatch.setattr(parallel, "available_cpus", lambda: 1)
    assert parallel.worker_count(None, 100) == 1


def test_available_cpus_follows_the_affinity():
    import os

    assert parallel.available_cpus() == len(os.sched_getaffinity(0))


def test_passage_ids_continue_across_loads_and_answer_like_a_dict(folder, tmp_path):
    records = [prepare(path).record for path in sorted(folder.glob("*.txt"))[:2]]
    ids = PassageIds()
    with build(tmp_path / "grappe.db") as db:
        for record in records:
            ids.update(load_documents(db, [record]))
        stored = {(d, s): i for i, d, s in db.execute("SELECT id, document_id, seq FROM passages")}
    assert dict(ids) == stored
    assert len(ids) == len(stored) == sum(len(r.passages) for r in records)
    assert sorted(stored.values()) == list(range(1, len(stored) + 1)), "ids run on without a gap"
    first = records[0].id
    assert ids.get((first, -1)) is None and ids.get((first, len(records[0].passages))) is None
    assert ids.get(("0" * 16, 0)) is None


def test_passage_ids_with_gaps_in_seq_are_kept_one_by_one():
    ids = PassageIds()
    ids.add("a", [0, 1, 2], first_id=10)
    ids.add("b", [3, 7], first_id=13)
    assert dict(ids) == {("a", 0): 10, ("a", 1): 11, ("a", 2): 12, ("b", 3): 13, ("b", 7): 14}
    assert ids.get(("b", 0)) is None and len(ids) == 5


def test_workers_never_act_on_ctrl_c_and_the_caller_gets_it_back():
    """SIGINT is blocked in the workers from their first instruction and then ignored; the
    calling thread's own signal mask is restored once they are started."""
    import signal

    with parallel.OrderedPool(2) as pool:
        dispositions = list(pool.map(signal.getsignal, [signal.SIGINT] * 2))
        masks = list(pool.map(signal.pthread_sigmask, [signal.SIG_BLOCK] * 2, []))
    assert dispositions == [signal.SIG_IGN] * 2
    assert all(signal.SIGINT in mask for mask in masks)
    assert signal.SIGINT not in signal.pthread_sigmask(signal.SIG_BLOCK, [])
    assert multiprocessing.active_children() == []


def test_equal_strings_and_evidence_of_a_document_become_one_object():
    from grappe.importer.pipeline import bundled_document, prepare_for_load
    from grappe.importer.read import DEFAULT_MAX_BYTES

    plain = prepare(bundled_document()).facts
    shared = prepare_for_load(bundled_document(), None, DEFAULT_MAX_BYTES).facts
    assert shared == plain, "only equal values are swapped in"
    lists = ("clusters", "filieres", "actors", "attributes", "roles", "links", "funding")
    evidence = [e for name in lists for fact in getattr(shared, name) for e in fact.evidence]
    assert len(evidence) > len(set(evidence)), "the bundled monograph quotes a sentence twice"
    first_of: dict = {}
    assert all(first_of.setdefault(e, e) is e for e in evidence)
    quotes: dict = {}
    assert all(quotes.setdefault(e.quote, e.quote) is e.quote for e in evidence)
