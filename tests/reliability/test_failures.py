"""Promise 11 (row 56): an unexpected exception in any command gives a non-zero status and a
log file, and what is printed on screen holds no document text.

Each test makes one stage raise an exception whose message (and locals) carry document
text, then looks at everything the user would see.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from grappe.importer import pipeline

from .conftest import run_cli, subprocess_env, write_monograph

SECRET = "Textile [/] Avenir — passage confidentiel du document"


def assert_honest_crash(result, tmp_path: Path) -> None:
    shown = result.stdout + result.stderr
    assert result.exit_code == 70, (result.exit_code, shown)
    assert "confidentiel" not in shown and "Traceback" not in shown
    assert "erreur inattendue" in shown
    logs = list((tmp_path / "logs").glob("*.log"))
    assert len(logs) == 1, "a log file is written"
    assert str(logs[0]) in shown.replace("\n", "")
    assert "Traceback" in logs[0].read_text("utf-8")


def boom(*args, **kwargs):
    document_text = SECRET  # noqa: F841 - a local that a traceback with locals would print
    raise ValueError(SECRET)


def test_import_stage_crash(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pipeline, "segment", boom)
    target = tmp_path / "grappe.db"
    result = run_cli("import", write_monograph(tmp_path / "doc.txt"), "--db", target)
    assert_honest_crash(result, tmp_path)
    assert not target.exists()


def test_load_stage_crash_keeps_the_old_database(tmp_path: Path, live_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from .conftest import file_state

    monkeypatch.setattr(pipeline, "load_documents", boom)
    before = file_state(live_db)
    result = run_cli("import", write_monograph(tmp_path / "doc.txt"), "--db", live_db)
    assert_honest_crash(result, tmp_path)
    assert file_state(live_db) == before
    assert sorted(p.name for p in live_db.parent.iterdir()) == ["grappe.db"]


def test_check_crash(tmp_path: Path, live_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import grappe.db.check as check_module

    monkeypatch.setattr(check_module, "_documents", boom)
    assert_honest_crash(run_cli("check", "--db", live_db), tmp_path)


def test_search_crash(tmp_path: Path, live_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import grappe.db.search as search_module

    monkeypatch.setattr(search_module, "search_all", boom)
    assert_honest_crash(run_cli("search", "textile", "--db", live_db), tmp_path)


def test_export_crash(tmp_path: Path, live_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import grappe.db.export as export_module

    monkeypatch.setattr(export_module, "render_markdown", boom)
    result = run_cli("export", "clusters", "--format", "md", "--db", live_db)
    assert_honest_crash(result, tmp_path)


CRASHING_BROWSE = """
import sys
from grappe.tui.screens import main as main_screen
def broken(self, key):
    document_text = {secret!r}
    raise RuntimeError(document_text)
main_screen.MainScreen.action_show_pane = broken
sys.argv = ["grappe", "browse", "--db", sys.argv[1]]
from grappe.tui.cli import main
main()
"""


def test_browse_crash_in_a_terminal(tmp_path: Path, hostile_kb: Path) -> None:
    import os
    import pty
    import select
    import time

    master, slave = pty.openpty()
    env = subprocess_env(tmp_path)
    env.update(TERM="xterm-256color", GRAPPE_CONFIG_DIR=str(tmp_path / "config"))
    proc = subprocess.Popen([sys.executable, "-c", CRASHING_BROWSE.format(secret=SECRET), str(hostile_kb)],
                            stdin=slave, stdout=slave, stderr=slave, env=env, close_fds=True, cwd=tmp_path)
    os.close(slave)
    output = bytearray()
    deadline = time.monotonic() + 30
    sent = False
    try:
        while proc.poll() is None and time.monotonic() < deadline:
            ready, _, _ = select.select([master], [], [], 0.1)
            if ready:
                try:
                    output.extend(os.read(master, 65536))
                except OSError:
                    break
            if not sent and b"Clusters" in output:
                os.write(master, b"3")  # runs the broken handler
                sent = True
        proc.wait(timeout=10)
        while True:  # what is left after exit
            ready, _, _ = select.select([master], [], [], 0.1)
            if not ready:
                break
            try:
                chunk = os.read(master, 65536)
            except OSError:
                break
            if not chunk:
                break
            output.extend(chunk)
    finally:
        if proc.poll() is None:
            proc.kill()
        os.close(master)
    assert sent, bytes(output[-1000:])
    assert proc.returncode not in (0, None), proc.returncode
    assert b"confidentiel" not in output
    assert b"erreur inattendue" in output
    logs = list((tmp_path / "logs").glob("*.log"))
    assert len(logs) == 1 and "RuntimeError" in logs[0].read_text("utf-8")
