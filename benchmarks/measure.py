"""Timing helpers: whole-process runs with the child's peak memory, medians, and the
machine's description, so every number in the table comes the same way."""

from __future__ import annotations

import os
import platform
import sqlite3
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
VENV_BIN = REPO / ".venv" / "bin"
GRAPPE = VENV_BIN / "grappe"
PYTHON = VENV_BIN / "python"


@dataclass
class Run:
    seconds: float
    cpu_seconds: float  # user + system of the child: less sensitive to a busy machine
    max_rss_mb: float
    status: int
    stdout: str
    stderr: str


def run_child(args: list[str], *, env: dict[str, str] | None = None, timeout: float = 3600) -> Run:
    """Run a command to completion; wall time and the child's own peak RSS (wait4)."""
    full_env = {**os.environ, **(env or {})}
    out_path = REPO / "benchmarks" / "out" / f".child-{os.getpid()}.out"
    out_path.parent.mkdir(parents=True, exist_ok=True)
    with open(out_path, "w+b") as out, open(str(out_path) + ".err", "w+b") as err:
        started = time.perf_counter()
        child = subprocess.Popen(args, stdout=out, stderr=err, env=full_env, cwd=REPO)
        deadline = started + timeout
        while True:
            pid, status, usage = os.wait4(child.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() > deadline:
                child.kill()
            time.sleep(0.0005)
        seconds = time.perf_counter() - started
        child.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read().decode("utf-8", "replace"), err.read().decode("utf-8", "replace")
    os.unlink(out_path)
    os.unlink(str(out_path) + ".err")
    cpu = usage.ru_utime + usage.ru_stime
    return Run(seconds, cpu, usage.ru_maxrss / 1024, child.returncode, stdout, stderr)


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def repeat(args: list[str], times: int, *, env: dict[str, str] | None = None) -> list[Run]:
    """Run a command `times` times; raise if any run fails (a failed run is not a timing)."""
    runs = []
    for _ in range(times):
        run = run_child(args, env=env)
        if run.status != 0:
            raise RuntimeError(f"{' '.join(map(str, args))} failed ({run.status}): {run.stderr[-500:]}")
        runs.append(run)
    return runs


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _ram_gib() -> float:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                return int(line.split()[1]) / 1024 / 1024
    except OSError:
        pass
    return float("nan")


def machine() -> dict[str, str]:
    """What the numbers were measured on."""
    try:
        from importlib.metadata import version

        textual = version("textual")
    except Exception:  # noqa: BLE001 - a description, never fatal
        textual = "?"
    load = os.getloadavg()
    return {
        "date": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "cpu": _cpu_model(),
        "cores": str(os.cpu_count()),
        "ram": f"{_ram_gib():.0f} GiB",
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "textual": textual,
        "os": f"{platform.system()} {platform.release()}",
        "load": f"{load[0]:.2f} {load[1]:.2f} {load[2]:.2f} (1/5/15 min at start)",
        "runner": sys.executable,
    }
