"""Promises 2, 3 and 11 when documents are prepared in worker processes (`grappe import --jobs 2`):
a refusal is the same one line, Ctrl-C gives 130, a crash gives 70 with a log, and each time
the previous database is byte-identical with no staging file and no worker left running."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from .conftest import file_state, run_cli, run_in_pty, subprocess_env

SYNTHETIC = Path(__file__).parents[1] / "fixtures" / "synthetic"
SECRET = "Textile [/] Avenir — passage confidentiel du document"

# grappe import, paused in the main process after the first document is loaded (the workers
# are running, the staging file exists); writes the workers' pids to a marker file first.
PAUSED_IMPORT = """
import multiprocessing, os, sys, time
from pathlib import Path
import grappe.importer.pipeline as pipeline
marker = Path(sys.argv[1])
original = pipeline.load_documents
def paused_load_documents(db, documents):
    result = original(db, documents)
    pids = " ".join(str(p.pid) for p in multiprocessing.active_children())
    Path(str(marker) + ".tmp").write_text(pids)
    os.replace(str(marker) + ".tmp", marker)
    time.sleep(60)
    return result
pipeline.load_documents = paused_load_documents
sys.argv = ["grappe", *sys.argv[2:]]
from grappe.tui.cli import main
main()
"""

# grappe import whose workers fail inside the segmenter: by raising an exception that carries
# document text, or by dying outright. The worker initializer installs the fault (a module on
# sys.path, which spawned workers inherit).
FAULTY_WORKER_MODULE = """
import os, signal
import grappe.importer.pipeline as pipeline
SECRET = {secret!r}
def install(how):
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    def boom(text):
        document_text = SECRET  # a local that a traceback with locals would print
        if how == "die":
            os._exit(3)
        raise ValueError(SECRET)
    pipeline.segment = boom
"""
FAULTY_IMPORT = """
import functools, sys
sys.path.insert(0, sys.argv[1])
import faulty_worker
from grappe.importer import parallel
parallel._ignore_sigint = functools.partial(faulty_worker.install, sys.argv[2])
sys.argv = ["grappe", *sys.argv[3:]]
from grappe.tui.cli import main
main()
"""


@pytest.fixture()
def documents(tmp_path: Path) -> Path:
    folder = tmp_path / "docs"
    shutil.copytree(SYNTHETIC, folder)
    return folder


def staging_and_db(target: Path) -> list[str]:
    return sorted(p.name for p in target.parent.iterdir() if p.name != "logs")


def assert_gone(pids: list[int]) -> None:
    """Each process has exited and been reaped (no /proc entry, not even a zombie)."""
    deadline = time.monotonic() + 5
    while any(Path(f"/proc/{pid}").exists() for pid in pids) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert [pid for pid in pids if Path(f"/proc/{pid}").exists()] == []


def start_paused_import(tmp_path: Path, documents: Path, target: Path) -> tuple[subprocess.Popen, list[int]]:
    marker = tmp_path / "marker"
    proc = subprocess.Popen(
        [sys.executable, "-c", PAUSED_IMPORT, str(marker), "import", str(documents), "--db", str(target),
         "--jobs", "2"],
        env=subprocess_env(tmp_path), stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True,
    )
    deadline = time.monotonic() + 60
    while not marker.exists():
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            _, err = proc.communicate()
            pytest.fail(f"the import never loaded a document: {err.decode()[-2000:]}")
        time.sleep(0.02)
    return proc, [int(pid) for pid in marker.read_text().split()]


@pytest.mark.parametrize("whom", ["process group", "main process"])
def test_row19_ctrl_c_with_workers_exits_130_and_leaves_nothing_behind(tmp_path, live_db, documents, whom):
    """Row 19 with workers: a terminal's Ctrl-C signals the whole group; `kill -INT` only the main."""
    before = file_state(live_db)
    proc, workers = start_paused_import(tmp_path, documents, live_db)
    assert len(workers) == 2, "two workers were preparing documents"
    assert any(name.startswith(".grappe-build-") for name in staging_and_db(live_db))
    if whom == "process group":
        os.killpg(proc.pid, signal.SIGINT)
    else:
        proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == 130, err.decode()
    assert err.decode().count("\n") == 1 and "interrompu" in err.decode()
    assert "Traceback" not in err.decode() and "KeyboardInterrupt" not in err.decode()
    assert file_state(live_db) == before
    assert staging_and_db(live_db) == ["grappe.db"]
    assert_gone(workers)


def test_row10_refusal_in_a_worker_is_one_line_naming_the_file(tmp_path, live_db, documents):
    (documents / "liste.txt").write_text("courses\n\nlait, pain, beurre\n", "utf-8")
    before = file_state(live_db)
    results = [run_cli("import", documents, "--db", live_db, "--jobs", jobs) for jobs in ("1", "2")]
    for result in results:
        assert result.exit_code == 1, result.stderr
        assert result.stderr.count("\n") == 1 and "liste.txt" in result.stderr
        assert result.stderr.startswith("grappe: ") and "aucune structure" in result.stderr
    assert results[0].stderr == results[1].stderr
    assert file_state(live_db) == before
    assert staging_and_db(live_db) == ["grappe.db"]


@pytest.mark.parametrize("how", ["raise", "die"])
def test_promise11_crash_in_a_worker_exits_70_with_a_log_and_no_document_text(tmp_path, live_db, documents, how):
    (tmp_path / "faulty_worker.py").write_text(FAULTY_WORKER_MODULE.format(secret=SECRET), "utf-8")
    before = file_state(live_db)
    result = subprocess.run(
        [sys.executable, "-c", FAULTY_IMPORT, str(tmp_path), how, "import", str(documents),
         "--db", str(live_db), "--jobs", "2"],
        env=subprocess_env(tmp_path), capture_output=True, timeout=60,
    )
    shown = (result.stdout + result.stderr).decode()
    assert result.returncode == 70, shown
    assert "erreur inattendue" in shown and "confidentiel" not in shown and "Traceback" not in shown
    logs = list((tmp_path / "logs").glob("*.log"))
    assert len(logs) == 1 and str(logs[0]) in shown.replace("\n", "")
    assert file_state(live_db) == before
    assert staging_and_db(live_db) == ["grappe.db"]


def test_jobs_must_be_positive(tmp_path, documents):
    result = run_cli("import", documents, "--db", tmp_path / "grappe.db", "--jobs", "0")
    assert result.exit_code == 2 and "--jobs" in result.stderr
    assert not (tmp_path / "grappe.db").exists()


def test_workers_under_the_progress_bar_on_a_terminal(tmp_path, documents):
    """The progress bar runs a thread: workers are spawned, never forked from it."""
    target = tmp_path / "grappe.db"
    status, output = run_in_pty(["import", str(documents), "--db", str(target), "--jobs", "2"], tmp_path)
    assert status == 0, output.decode("utf-8", "replace")[-2000:]
    assert b"documents: 6" in output and b"Traceback" not in output
