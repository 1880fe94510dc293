"""Extraction pauses the cyclic garbage collector and always gives back the state it found."""

from __future__ import annotations

import gc

import pytest

from grappe.importer.extract import extract_all, gc_paused
from grappe.importer.segment import segment


def test_the_collector_is_paused_inside_and_enabled_after() -> None:
    assert gc.isenabled()
    with gc_paused():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_a_disabled_collector_stays_disabled() -> None:
    gc.disable()
    try:
        with gc_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_the_collector_comes_back_after_an_error() -> None:
    with pytest.raises(RuntimeError), gc_paused():
        raise RuntimeError
    assert gc.isenabled()


def test_extract_all_leaves_the_collector_enabled() -> None:
    text = "1 Introduction\n\nLe pôle de compétitivité Alpha est créé en 2006.\n"
    extract_all("doc", segment(text))
    assert gc.isenabled()
