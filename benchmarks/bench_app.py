"""The explorer as a user meets it: first screen with data in a real terminal (against
VisiData and Harlequin on the same file), search keystroke latency against the raw FTS5
floor, the app's peak memory, and `grappe show` whole-process time."""

from __future__ import annotations

import json
import sqlite3
import statistics
import subprocess
import time
import unicodedata
from pathlib import Path

from benchmarks.measure import GRAPPE, PYTHON, REPO, median, run_child
from benchmarks.terminal import Terminal, contains_any, peak_rss_mb

PEERS = Path("/work/peers-venv/bin")


def command_available(*args: str) -> bool:
    """Does `grappe ARGS --help` exist (the feature has landed)?"""
    done = subprocess.run([str(GRAPPE), *args, "--help"], capture_output=True, cwd=REPO)
    return done.returncode == 0


def _rows(db: Path, sql: str) -> list[tuple]:
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return conn.execute(sql).fetchall()
    except sqlite3.Error:
        return []
    finally:
        conn.close()


def schema_problem(db: Path) -> str | None:
    """Why grappe would refuse this database (an older schema), else None."""
    from grappe.db.schema import SCHEMA_VERSION

    rows = _rows(db, "PRAGMA user_version")
    version = rows[0][0] if rows else None
    if version != SCHEMA_VERSION:
        return f"schema {version}, grappe expects {SCHEMA_VERSION}: re-import (or rebuild) it"
    return None


def cluster_markers(db: Path) -> list[str]:
    """Names that only a screen showing cluster rows can show, whatever the pane's sort."""
    names: set[str] = set()
    for order in ("name", "name DESC", "rowid", "kind, name", "fte DESC"):
        names.update(r[0] for r in _rows(db, f"SELECT name FROM clusters ORDER BY {order} LIMIT 150"))
    return sorted(names)


def search_word(db: Path) -> str | None:
    """A cluster name to type (folded to ASCII letters), else None when there are no clusters."""
    rows = _rows(db, "SELECT name FROM clusters WHERE length(name) BETWEEN 7 AND 14 "
                     "ORDER BY rowid LIMIT 1")
    if not rows:
        return None
    word = unicodedata.normalize("NFKD", rows[0][0]).encode("ascii", "ignore").decode()
    words = "".join(ch if ch.isalpha() else " " for ch in word.lower()).split()
    return max(words, key=len) if words else None  # "Club Velitex" → "velitex"


def first_screens(db: Path, times: int, memory_word: str | None) -> dict:
    """Interleaved runs of grappe, VisiData and Harlequin on the same file, in one tmux."""
    markers = cluster_markers(db)
    tools: dict[str, tuple[list[str], object]] = {
        # What tmux, the pane and the polling cost by themselves.
        "floor": (["sh", "-c", "echo ready-marker; exec sleep 60"], lambda text: "ready-marker" in text),
    }
    if not markers:
        return {"unavailable": "no clusters in this database yet (extraction not landed)"}
    if command_available("browse"):
        tools["grappe"] = ([str(GRAPPE), "browse", "--db", str(db)], contains_any(markers))
    if (PEERS / "vd").exists():
        tools["visidata"] = ([str(PEERS / "vd"), str(db), "+:clusters:1:1"], contains_any(markers))
    if (PEERS / "harlequin").exists():
        tools["harlequin"] = ([str(PEERS / "harlequin"), "-a", "sqlite", str(db)],
                              lambda text: "Connected" in text)
    timings: dict[str, list[float]] = {name: [] for name in tools}
    cpu: dict[str, list[float]] = {name: [] for name in tools}
    failures: dict[str, str] = {}
    memory: float | None = None
    with Terminal() as term:
        for name, (command, shows) in tools.items():  # warm-up, not timed: bytecode, page cache
            term.first_screen(command, shows)  # type: ignore[arg-type]
            term.stop()
        for _ in range(times):
            for name, (command, shows) in tools.items():
                screen = term.first_screen(command, shows)  # type: ignore[arg-type]
                if screen.seconds is None:
                    failures[name] = "no data on screen within 30 s: " + _last_line(screen.text)
                else:
                    timings[name].append(screen.seconds)
                    if screen.cpu_seconds is not None:
                        cpu[name].append(screen.cpu_seconds)
                if name == "grappe" and screen.seconds is not None and memory is None:
                    memory = _memory_after_search(term, screen.pid, memory_word)
                term.stop()
    result = {name: {"median_s": median(values), "runs": len(values),
                     "cpu_s": median(cpu[name]) if cpu[name] else None}
              for name, values in timings.items() if values}
    result["failures"] = failures
    result["app_peak_mb"] = memory
    if "grappe" not in tools:
        result["grappe_unavailable"] = "`grappe browse` not available yet"
    return result


def _last_line(text: str) -> str:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return lines[-1][:80] if lines else "(blank screen)"


def _memory_after_search(term: Terminal, pid: int | None, word: str | None) -> float | None:
    """VmHWM of the app after its first screen, a search typed and a second to settle."""
    if word:
        term.keys("C-k")
        time.sleep(0.5)
        term.keys("-l", word)
    time.sleep(1.5)
    return peak_rss_mb(pid)


def keystrokes(db: Path, word: str, runs: int) -> dict:
    """Per-keystroke latency through the pilot, in a child process."""
    return _child_json("benchmarks.pilot", [str(db), word, "--runs", str(runs)], "pilot")


def navigation(db: Path, runs: int, word: str | None = None) -> dict:
    """Pane switch, dossier, back and pane-filter latencies through the pilot, in a child process."""
    arguments = [str(db), "--runs", str(runs)] + (["--word", word] if word else [])
    return _child_json("benchmarks.navigation", arguments, "navigation")


def toolkit_floor(word: str, runs: int) -> dict:
    """Keystroke latency of a bare Textual app with one Input, in a child process."""
    return _child_json("benchmarks.toolkit_floor", [word, "--runs", str(runs)], "toolkit floor")


def _child_json(module: str, arguments: list[str], what: str) -> dict:
    """Run a benchmark module in a child process; its last line of output is a JSON object."""
    done = run_child([str(PYTHON), "-m", module, *arguments])
    if done.status != 0:
        return {"unavailable": f"{what} failed: " + (done.stderr.strip().splitlines() or ["?"])[-1]}
    return json.loads(done.stdout.strip().splitlines()[-1])


def fts_floor(db: Path, word: str, times: int = 30) -> dict:
    """Raw FTS5 time for the same prefixes (names + passages, 50 rows each), and the library
    call `search_all` without any UI, both warm, medians over all prefixes."""
    from grappe.db.connect import open_readonly
    from grappe.db.search import build_fts_query, search_all

    conn = open_readonly(db)
    raw: list[float] = []
    library: list[float] = []
    for end in range(2, len(word) + 1):
        prefix = word[:end]
        expression = build_fts_query(prefix)
        for _ in range(times):
            started = time.perf_counter()
            conn.execute("SELECT rowid FROM names_fts WHERE names_fts MATCH ? LIMIT 50",
                         (expression,)).fetchall()
            conn.execute("SELECT rowid FROM passages_fts WHERE passages_fts MATCH ? LIMIT 50",
                         (expression,)).fetchall()
            raw.append(time.perf_counter() - started)
            started = time.perf_counter()
            search_all(conn, prefix, 50)
            library.append(time.perf_counter() - started)
    conn.close()
    return {"raw_fts_ms": statistics.median(raw) * 1000,
            "search_all_ms": statistics.median(library) * 1000}


def show_command(db: Path, times: int) -> dict:
    """`grappe show NAME` whole-process time for a cluster of this database."""
    if not command_available("show"):
        return {"unavailable": "`grappe show` not available yet"}
    names = _rows(db, "SELECT name FROM clusters ORDER BY rowid LIMIT 1")
    if not names:
        return {"unavailable": "no clusters in this database yet"}
    runs = []
    for _ in range(times):
        run = run_child([str(GRAPPE), "show", names[0][0], "--db", str(db)],
                        env={"COLUMNS": "120"})
        if run.status != 0:
            return {"unavailable": f"exit {run.status}: {run.stderr.strip()[-200:]}"}
        runs.append(run)
    return {"name": names[0][0], "median_s": median([r.seconds for r in runs]),
            "peak_mb": max(r.max_rss_mb for r in runs), "runs": len(runs)}
