"""The benchmark runner: import, first screen, search keystrokes, memory and `grappe show`,
with the targets of the performance issue checked, written to benchmarks/README.md.

    python -m benchmarks [--quick] [--repeat N] [--sizes 1,10,100,1000] [--no-large]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import traceback
from pathlib import Path

from benchmarks import bench_app, bench_import
from benchmarks.measure import REPO, machine

README = REPO / "benchmarks" / "README.md"
RESULTS = REPO / "benchmarks" / "out" / "results.json"
FIRST_SCREEN_RUNS = 11


def _say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def measure_imports(results: dict, sizes: list[int], times: int, bundled: bool = True) -> None:
    _say("import: start-up floor and bundled monograph")
    if bundled:
        results["startup"] = bench_import.startup_floor(times)
    rows = [bench_import.import_bundled(times)] if bundled else []
    for n in sizes:
        _say(f"import: {n} generated monographs")
        # Large corpora: 3 runs (a median, not one draw of a noisy machine) whatever --repeat.
        rows.append(bench_import.import_corpus(n, times if n <= 10 else 3))
    measured = {row["label"] for row in rows}
    kept = [row if row.get("note") else
            dict(row, note=f"kept from an earlier run ({results.get('measured_at', '?')})")
            for row in results.get("previous_import", []) if row["label"] not in measured]
    rows += kept  # e.g. the 1 000-document import, run on its own with --only import --sizes 1000
    rows.sort(key=lambda r: (r["label"] != "bundled monograph", r["documents"]))
    results["import"] = rows
    results["linearity"] = bench_import.linearity(rows)


def measure_app(results: dict, databases: dict[str, Path], times: int) -> None:
    results["app"] = {}
    _say("app: Textual's keystroke floor (a bare app with one Input)")
    results["toolkit_floor"] = bench_app.toolkit_floor("eurasante", runs=max(2, times))
    for label, db in databases.items():
        if not db.exists():
            results["problems"].append(f"{label}: database missing ({db.name})")
            continue
        _say(f"app: {label}")
        stale = bench_app.schema_problem(db)
        if stale:
            results["problems"].append(f"{label}: {stale}")
            continue
        word = "eurasante" if label == "bundled monograph" else bench_app.search_word(db)
        app: dict = {"word": word}
        try:
            # First screens are cheap (~0.3 s) and grappe and VisiData are within a few percent
            # of each other: 11 interleaved runs at least, so that the ratio is not one draw's.
            app["screen"] = bench_app.first_screens(db, max(times, FIRST_SCREEN_RUNS), word)
            if word:
                app["floor"] = bench_app.fts_floor(db, word)
                app["keys"] = bench_app.keystrokes(db, word, runs=max(2, times))
            else:
                app["keys"] = {"unavailable": "no clusters in this database yet"}
            app["show"] = bench_app.show_command(db, times)
            app["nav"] = bench_app.navigation(db, runs=max(3, times), word=word)
        except Exception as error:  # noqa: BLE001 - one database's failure is reported, not fatal
            results["problems"].append(f"{label}: {type(error).__name__}: {error}")
        results["app"][label] = app


def judge(results: dict) -> list[tuple[str, str, bool | None]]:
    """Each target of issue 6 with what was measured and whether it is met."""
    out: list[tuple[str, str, bool | None]] = []
    imports = {r["label"]: r for r in results.get("import", []) if "seconds" in r}
    bundled = imports.get("bundled monograph")
    if bundled:
        out.append(("import of the bundled monograph < 1 s", f"{bundled['seconds']:.3f} s",
                    bundled["seconds"] < 1))
    largest = [r for label, r in imports.items() if label.endswith("generated")]
    if largest:
        row = largest[-1]
        cpu = row.get("cpu_seconds")
        cpu_rate = f" ({row['megabytes'] / cpu:.2f} MB/s of CPU time)" if cpu else ""
        out.append((f"import ≥ 2 MB/s ({row['label']})", f"{row['mb_per_s']:.2f} MB/s{cpu_rate}",
                    row["mb_per_s"] >= 2))
    for label, app in results.get("app", {}).items():
        screen = app.get("screen", {})
        grappe = screen.get("grappe", {}).get("median_s")
        vd = screen.get("visidata", {}).get("median_s")
        if grappe is not None and label == "bundled monograph":
            out.append(("first screen < 0.5 s (bundled)", f"{grappe:.3f} s", grappe < 0.5))
        if grappe is not None and vd is not None:
            out.append((f"first screen no slower than VisiData ({label})",
                        f"{grappe:.3f} s vs {vd:.3f} s ({grappe / vd:.2f}×)", grappe <= vd))
        keys = app.get("keys", {}).get("median_ms")
        floor = app.get("floor", {}).get("raw_fts_ms")
        if keys is not None:
            limit = 16 if label == "bundled monograph" else 50
            out.append((f"keystroke < {limit} ms ({label})", f"{keys:.1f} ms", keys < limit))
            if floor:
                toolkit = results.get("toolkit_floor", {}).get("median_ms")
                beside = (f"; a bare Textual Input alone: {toolkit:.1f} ms = {toolkit / floor:.0f}×"
                          if toolkit else "")
                out.append((f"keystroke within 3× raw FTS5 ({label})",
                            f"{keys / floor:.0f}× ({floor:.2f} ms floor{beside})", keys <= 3 * floor))
        memory = screen.get("app_peak_mb")
        if memory is not None and label != "bundled monograph":
            out.append((f"app memory < 150 MB ({label})", f"{memory:.0f} MB", memory < 150))
    return out


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("--repeat", type=int, default=5, help="runs per timing (median)")
    parser.add_argument("--sizes", default="1,10,100,1000", help="generated corpus sizes")
    parser.add_argument("--quick", action="store_true", help="sizes 1,10; 3 runs; no large db")
    parser.add_argument("--no-large", action="store_true", help="skip the 100 000-cluster db")
    parser.add_argument("--only", choices=["import", "app"], default=None)
    parser.add_argument("--app-corpus", type=int, default=1000,
                        help="which imported corpus the app is measured on (its import must exist)")
    parser.add_argument("--no-readme", action="store_true", help="print, don't touch README.md")
    parser.add_argument("--report-only", action="store_true",
                        help="re-render README.md from benchmarks/out/results.json")
    args = parser.parse_args(argv)
    if args.quick:
        args.sizes, args.repeat, args.no_large, args.app_corpus = "1,10", 3, True, 10
    sizes = [int(s) for s in args.sizes.split(",") if s]
    results: dict = {"machine": machine(), "problems": [], "sizes": sizes}
    previous = json.loads(RESULTS.read_text("utf-8")) if RESULTS.exists() else {}
    results["previous_import"] = previous.get("import", [])  # sizes not re-measured are kept
    results["measured_at"] = previous.get("machine", {}).get("date", "?")
    if args.only or args.report_only:
        now = results["machine"]
        results.update({k: v for k, v in previous.items() if k not in ("problems",)})
        if args.only in ("import", "app"):  # the header dates what was measured now
            kept = "explorer" if args.only == "import" else "import"
            results["machine"] = now
            results["note"] = (f"The {kept} numbers are kept from the run of "
                               f"{previous.get('machine', {}).get('date', '?')}.")
    if args.report_only:
        args.only = "none"
    try:
        if args.only in (None, "import"):
            measure_imports(results, sizes, args.repeat, bundled=not args.only or 1 in sizes)
        if args.only in (None, "app"):
            databases = {"bundled monograph": bench_import.database_for("bundled")}
            n = args.app_corpus
            databases[f"{n} generated"] = bench_import.database_for(f"n{n}")
            if not args.no_large:
                from benchmarks.large_db import large_db

                _say("large database (built once, cached in benchmarks/out/)")
                databases["large (100k clusters, 1M passages)"] = large_db()
            measure_app(results, databases, args.repeat)
    except Exception:  # noqa: BLE001 - keep what was measured
        results["problems"].append("runner error: " + traceback.format_exc().splitlines()[-1])
        traceback.print_exc()
    results.pop("previous_import", None)
    if not args.report_only:
        results["load_end"] = " ".join(f"{x:.2f}" for x in os.getloadavg())
    results["linearity"] = bench_import.linearity(results.get("import", []))
    results["targets"] = judge(results)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, ensure_ascii=False, indent=1, default=str), "utf-8")
    from benchmarks.report import render, write_readme

    if args.no_readme:
        print(render(results))
    else:
        write_readme(README, results)
        print(render(results))


if __name__ == "__main__":
    main()
