"""The facts' rows made while the FTS index is built: none lost, none twice, same database."""

from __future__ import annotations

from itertools import chain

import pytest

from conftest import dump
from grappe.db import passage_index
from grappe.db.load_facts import Batch
from grappe.importer import pipeline
from grappe.importer.pipeline import _batches_made_while, bundled_document, run_import


def _batches(count: int, rows_each: int = 3) -> list[Batch]:
    return [Batch("evidence", [(i, j) for j in range(rows_each)]) for i in range(count)]


def _running_for(calls: int):
    left = [calls]

    def running() -> bool:
        left[0] -= 1
        return left[0] >= 0

    return running


@pytest.mark.parametrize("calls", [0, 1, 4, 10, 50])
def test_batches_are_taken_while_indexing_and_the_rest_follows_in_order(calls):
    every = _batches(10)
    batches = iter(every)
    made = _batches_made_while(_running_for(calls), batches)
    assert made == every[: min(calls, 10)]
    assert list(chain(made, batches)) == every


def test_no_more_rows_are_held_than_the_cap(monkeypatch):
    monkeypatch.setattr(pipeline, "MADE_AHEAD_ROWS", 7)
    every = _batches(10, rows_each=3)
    batches = iter(every)
    made = _batches_made_while(lambda: True, batches)
    assert len(made) == 3  # 3, 6, then 9 rows ≥ 7: it stops there
    assert list(chain(made, batches)) == every


def test_the_database_is_the_same_whether_rows_are_made_ahead_or_not(tmp_path, monkeypatch):
    """The bundled monograph, once with every row made before the index is done, once with none."""
    monkeypatch.setattr(passage_index._Indexer, "running", lambda self: True)
    run_import([bundled_document()], tmp_path / "ahead.db")
    monkeypatch.setattr(passage_index._Indexer, "running", lambda self: False)
    run_import([bundled_document()], tmp_path / "after.db")
    ahead, after = dump(tmp_path / "ahead.db"), dump(tmp_path / "after.db")
    assert any(line.startswith('INSERT INTO "evidence"') for line in ahead)
    assert ahead == after


def test_a_failure_while_rows_are_made_ahead_leaves_the_old_database(tmp_path, monkeypatch):
    target = tmp_path / "grappe.db"
    run_import([bundled_document()], target)
    before = target.read_bytes()

    def broken(*args, **kwargs):
        yield Batch("evidence", [])
        raise RuntimeError("row maker failed")

    monkeypatch.setattr("grappe.db.load_facts.fact_batches", broken)
    monkeypatch.setattr(passage_index._Indexer, "running", lambda self: True)
    with pytest.raises(RuntimeError, match="row maker failed"):
        run_import([bundled_document()], target)
    assert target.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["grappe.db"]
