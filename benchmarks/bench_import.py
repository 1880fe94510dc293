"""`grappe import` as a user runs it: whole-process wall time, throughput and the child's
peak memory, on the bundled monograph and on 1 to 1 000 generated ones."""

from __future__ import annotations

from pathlib import Path

from benchmarks.corpus import corpus_folder
from benchmarks.measure import GRAPPE, PYTHON, REPO, median, repeat, run_child

OUT = REPO / "benchmarks" / "out"
BUNDLED = REPO / "import" / "data" / "npdc-2012-clusters.txt"


def database_for(label: str) -> Path:
    """Where the benchmark keeps the database imported for `label` (reused by the app runs)."""
    return OUT / f"import-{label}.db"


def startup_floor(times: int) -> dict:
    """What any Python CLI pays before doing work, to read import times against."""
    bare = repeat([str(PYTHON), "-c", "pass"], times)
    helped = repeat([str(GRAPPE), "--help"], times)
    return {"python_s": median([r.seconds for r in bare]),
            "grappe_help_s": median([r.seconds for r in helped]),
            "grappe_help_cpu_s": median([r.cpu_seconds for r in helped])}


def import_bundled(times: int) -> dict:
    target = database_for("bundled")
    runs = repeat([str(GRAPPE), "import", "--db", str(target)], times)
    size = BUNDLED.stat().st_size
    seconds = median([r.seconds for r in runs])
    return {"label": "bundled monograph", "documents": 1, "megabytes": size / 1e6,
            "seconds": seconds, "cpu_seconds": median([r.cpu_seconds for r in runs]),
            "runs": len(runs), "mb_per_s": size / 1e6 / seconds,
            "peak_mb": max(r.max_rss_mb for r in runs), "database": str(target)}


def import_corpus(n: int, times: int, seed: int = 1) -> dict:
    folder = corpus_folder(n, seed)
    texts = sorted(folder.glob("*.txt"))
    size = sum(p.stat().st_size for p in texts)
    target = database_for(f"n{n}")
    runs = []
    for _ in range(times):
        run = run_child([str(GRAPPE), "import", str(folder), "--db", str(target)])
        if run.status != 0:
            return {"label": f"{n} generated", "documents": n, "error":
                    f"exit {run.status}: {run.stderr.strip().splitlines()[-1:] or ''}"}
        runs.append(run)
    seconds = median([r.seconds for r in runs])
    return {"label": f"{n} generated", "documents": n, "megabytes": size / 1e6,
            "seconds": seconds, "cpu_seconds": median([r.cpu_seconds for r in runs]),
            "runs": len(runs), "mb_per_s": size / 1e6 / seconds,
            "ms_per_doc": seconds * 1000 / n, "s_per_mb": seconds / (size / 1e6),
            "peak_mb": max(r.max_rss_mb for r in runs), "database": str(target),
            "summary": runs[-1].stdout.strip().splitlines()[-4:]}


def linearity(rows: list[dict]) -> str:
    """Compare the marginal cost per MB between the smallest and largest corpus."""
    good = [r for r in rows if "seconds" in r and r["label"].endswith("generated")]
    if len(good) < 2:
        return "not enough sizes to judge linearity"
    small, large = good[0], good[-1]
    marginal = (large["seconds"] - small["seconds"]) / (large["megabytes"] - small["megabytes"])
    per_doc = [r["ms_per_doc"] for r in good]
    text = (f"marginal cost {marginal:.3f} s/MB ({1 / marginal:.2f} MB/s) between "
            f"{small['documents']} and {large['documents']} documents; time per document "
            f"{' → '.join(f'{x:.0f} ms' for x in per_doc)}")
    if all(r.get("cpu_seconds") for r in good):
        cpu_per_doc = [r["cpu_seconds"] * 1000 / r["documents"] for r in good]
        text += f"; CPU per document {' → '.join(f'{x:.0f} ms' for x in cpu_per_doc)}"
    return text
