"""The report states each target as met or missed from the numbers, and rewrites only its
own block of the README."""

from __future__ import annotations

from benchmarks.bench_import import linearity
from benchmarks.report import END, START, render, write_readme
from benchmarks.run import judge

MACHINE = {"date": "d", "cpu": "c", "cores": "2", "ram": "1 GiB", "os": "o", "python": "3",
           "sqlite": "3", "textual": "8", "load": "0", "runner": "r"}


def _results(keystroke_ms: float, grappe_s: float, vd_s: float) -> dict:
    return {
        "machine": MACHINE, "problems": [],
        "import": [
            {"label": "bundled monograph", "documents": 1, "megabytes": 0.15, "seconds": 0.7,
             "cpu_seconds": 0.69, "runs": 5, "mb_per_s": 0.21, "peak_mb": 45},
            {"label": "10 generated", "documents": 10, "megabytes": 1.5, "seconds": 3.0,
             "cpu_seconds": 2.9, "runs": 5, "mb_per_s": 0.5, "ms_per_doc": 300, "peak_mb": 90},
        ],
        "app": {"bundled monograph": {
            "screen": {"grappe": {"median_s": grappe_s, "runs": 5, "cpu_s": 0.7},
                       "visidata": {"median_s": vd_s, "runs": 5, "cpu_s": 0.3}, "failures": {},
                       "app_peak_mb": 60},
            "keys": {"median_ms": keystroke_ms, "p90_ms": 30, "cpu_median_ms": 20,
                     "answered_median_ms": 10},
            "floor": {"raw_fts_ms": 0.1, "search_all_ms": 1.5},
            "show": {"median_s": 0.2}}},
    }


def test_targets_follow_the_numbers():
    fast = dict((t, ok) for t, _, ok in judge(_results(10, 0.3, 0.4)))
    slow = dict((t, ok) for t, _, ok in judge(_results(40, 0.9, 0.4)))
    assert fast["keystroke < 16 ms (bundled monograph)"] is True
    assert slow["keystroke < 16 ms (bundled monograph)"] is False
    assert fast["first screen no slower than VisiData (bundled monograph)"] is True
    assert slow["first screen no slower than VisiData (bundled monograph)"] is False
    assert fast["import of the bundled monograph < 1 s"] is True
    assert fast["import ≥ 2 MB/s (10 generated)"] is False


def test_readme_block_is_replaced_and_the_rest_kept(tmp_path):
    readme = tmp_path / "README.md"
    readme.write_text(f"# Bench\n\nhow to run\n\n{START}\nold numbers\n{END}\n\ntail\n", "utf-8")
    results = _results(10, 0.3, 0.4)
    results["targets"] = judge(results)
    write_readme(readme, results)
    text = readme.read_text("utf-8")
    assert "old numbers" not in text and "how to run" in text and text.endswith("tail\n")
    assert text.count(START) == 1 and "| bundled monograph |" in text
    assert "met" in render(results)


def test_linearity_reports_the_marginal_cost():
    rows = [{"label": "1 generated", "documents": 1, "megabytes": 0.15, "seconds": 0.7,
             "ms_per_doc": 700},
            {"label": "100 generated", "documents": 100, "megabytes": 15.15, "seconds": 30.7,
             "ms_per_doc": 307}]
    assert "2.000 s/MB" in linearity(rows)


def test_textual_floor_is_reported_beside_the_fts5_target():
    results = _results(10, 0.3, 0.4)
    results["toolkit_floor"] = {"median_ms": 3.2, "p90_ms": 3.7}
    targets = {t: (measured, ok) for t, measured, ok in judge(results)}
    measured, ok = targets["keystroke within 3× raw FTS5 (bundled monograph)"]
    assert ok is False and "bare Textual Input alone: 3.2 ms = 32×" in measured
    results["targets"] = judge(results)
    assert "bare app whose only widget is an Input (no query, no list): 3.2 ms median" in render(results)
    del results["toolkit_floor"]
    assert "bare Textual Input" not in dict((t, m) for t, m, _ in judge(results))[
        "keystroke within 3× raw FTS5 (bundled monograph)"]


def test_navigation_table_lists_each_step():
    results = _results(10, 0.3, 0.4)
    results["app"]["bundled monograph"]["nav"] = {
        "pane, first visit": {"median_ms": 95.2, "max_ms": 158.3, "n": 3},
        "pane, again": {"median_ms": 44.4, "max_ms": 65.1, "n": 9},
        "dossier": {"median_ms": 37.6, "max_ms": 50.9, "n": 3},
        "back": {"median_ms": 17.6, "max_ms": 32.6, "n": 3},
        "filter keystroke": {"median_ms": 19.3, "max_ms": 56.7, "n": 16},
    }
    results["app"]["large"] = {"nav": {"unavailable": "navigation failed: boom"}}
    text = render(results)
    assert ("| bundled monograph | 95.2 ms (158.3 ms) | 44.4 ms (65.1 ms) | 37.6 ms (50.9 ms) "
            "| 17.6 ms (32.6 ms) | 19.3 ms (56.7 ms) |") in text
    assert "| large | navigation failed: boom |" in text
