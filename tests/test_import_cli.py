"""`grappe import` as a user runs it: through Typer's runner, and once as a real process."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import SMALL_MONOGRAPH, file_digest, pdf_with_text, pdf_without_text
from grappe.db.errors import EXIT_DATA, EXIT_INTERRUPTED, EXIT_SOFTWARE, EXIT_USAGE
from grappe.tui.cli import app, default_database

GRAPPE = Path(sys.executable).parent / "grappe"


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A clean environment: no $GRAPPE_DB, user folders inside tmp_path."""
    monkeypatch.delenv("GRAPPE_DB", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("GRAPPE_LOG_DIR", str(tmp_path / "logs"))
    return tmp_path


@pytest.fixture
def existing_db(env: Path, small_monograph: Path, runner: CliRunner) -> Path:
    path = env / "kb.db"
    result = runner.invoke(app, ["import", str(small_monograph), "--db", str(path)])
    assert result.exit_code == 0, result.output
    return path


def count(path: Path, sql: str) -> int:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(sql).fetchone()[0]
    finally:
        conn.close()


# --- success ----------------------------------------------------------------------------------

def test_import_one_file_prints_the_summary(env, small_monograph, runner):
    db = env / "kb.db"
    result = runner.invoke(app, ["import", str(small_monograph), "--db", str(db)])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == f"base: {db}"
    assert lines[1] == "documents: 1   pages: 1"
    assert lines[2] == "passages: 8 (bullet 2, footnote 1, heading 3, paragraph 2)"
    assert lines[3] == "tableaux: 0   notes: 1"
    assert any(line.startswith("avertissements: 0") for line in lines)
    assert result.stderr == ""  # one document: no progress shown
    assert count(db, "SELECT count(*) FROM passages") == 8


def test_no_path_imports_the_bundled_monograph_into_the_user_data_folder(env, runner):
    result = runner.invoke(app, ["import"])
    assert result.exit_code == 0, result.output
    target = env / "data" / "grappe" / "grappe.db"
    assert default_database() == target and target.is_file()
    assert "pages: 53" in result.stdout
    assert "tableaux: 7   notes: 18" in result.stdout
    assert "Tableau 6 (p. 17): légende sans corps" in result.stdout


def test_database_path_precedence_option_then_environment_then_user_folder(env, small_monograph, runner, monkeypatch):
    monkeypatch.setenv("GRAPPE_DB", str(env / "from-env.db"))
    assert runner.invoke(app, ["import", str(small_monograph)]).exit_code == 0
    assert (env / "from-env.db").is_file()
    assert runner.invoke(app, ["import", str(small_monograph), "--db", str(env / "opt.db")]).exit_code == 0
    assert (env / "opt.db").is_file()
    assert not (env / "data").exists()


def test_folders_and_files_import_quietly_when_not_on_a_terminal(env, small_monograph, runner):
    folder = env / "corpus"
    (folder / "sub").mkdir(parents=True)
    (folder / "a.txt").write_text(SMALL_MONOGRAPH.replace("grappe régionale", "grappe A"), "utf-8")
    (folder / "sub" / "b.txt").write_text(SMALL_MONOGRAPH.replace("grappe régionale", "grappe B"), "utf-8")
    (folder / "c.pdf").write_bytes(pdf_with_text([
        ["Introduction", "Une grappe régionale étudiée à partir de son dossier de candidature."],
        ["1. Première partie : le contexte", "Le pôle est financé par la Région."],
    ]))
    db = env / "kb.db"
    result = runner.invoke(app, ["import", str(folder), str(small_monograph), "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    assert "documents: 4" in result.stdout
    assert count(db, "SELECT count(*) FROM documents") == 4
    assert count(db, "SELECT count(*) FROM documents WHERE encoding = 'pdf'") == 1


def test_the_same_content_twice_is_imported_once_and_reported(env, small_monograph, runner):
    copy = env / "copie.txt"
    copy.write_bytes(small_monograph.read_bytes())
    result = runner.invoke(app, ["import", str(small_monograph), str(copy), "--db", str(env / "kb.db")])
    assert result.exit_code == 0, result.output
    assert "documents: 1" in result.stdout and f"ignoré: {copy}: même contenu que" in result.stdout


def test_forced_encoding_imports_a_document_detection_refuses(env, runner):
    path = env / "polonais.txt"
    path.write_bytes(SMALL_MONOGRAPH.replace("grappe", "grappe Łąka").encode("cp1250", "replace"))
    db = env / "kb.db"
    refused = runner.invoke(app, ["import", str(path), "--db", str(db)])
    assert refused.exit_code == EXIT_DATA and "--encoding" in refused.stderr
    accepted = runner.invoke(app, ["import", str(path), "--db", str(db), "--encoding", "cp1250"])
    assert accepted.exit_code == 0, accepted.output
    assert count(db, "SELECT count(*) FROM passages WHERE text LIKE '%Łąka%'") >= 1


# --- refusals: one line, a status, the database untouched -------------------------------------

def _bad_inputs(tmp: Path) -> dict[str, tuple[list[str], int, str]]:
    (tmp / "empty.txt").write_bytes(b"")
    (tmp / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    (tmp / "russian.txt").write_bytes("Введение\n\nтекст\n".encode("cp1251"))
    (tmp / "scan.pdf").write_bytes(pdf_without_text())
    (tmp / "unstructured.txt").write_text("juste une ligne sans titre ni paragraphe\n")
    (tmp / "empty-folder").mkdir()
    with open(tmp / "huge.txt", "wb") as handle:
        handle.truncate(100 * 1024 * 1024)
    os.mkfifo(tmp / "fifo.txt")
    return {
        "missing": (["absent.txt"], EXIT_USAGE, "chemin introuvable"),
        "empty-folder": (["empty-folder"], EXIT_USAGE, "dossier sans document"),
        "empty": (["empty.txt"], EXIT_DATA, "fichier vide"),
        "binary": (["binary.txt"], EXIT_DATA, "fichier binaire"),
        "not-utf8": (["russian.txt"], EXIT_DATA, "encodage non reconnu"),
        "pdf-without-text": (["scan.pdf"], EXIT_DATA, "sans couche texte"),
        "unstructured": (["unstructured.txt"], EXIT_DATA, "aucune structure"),
        "huge": (["huge.txt"], EXIT_DATA, "trop gros (100 Mo, limite 20 Mo)"),
        "fifo": (["fifo.txt"], EXIT_DATA, "pas un fichier ordinaire"),
        "unknown-encoding": (["empty.txt", "--encoding", "nope"], EXIT_DATA, "fichier vide"),
        "bad-max-size": (["empty.txt", "--max-size", "0"], EXIT_USAGE, "--max-size"),
    }


@pytest.mark.parametrize(
    "case",
    ["missing", "empty-folder", "empty", "binary", "not-utf8", "pdf-without-text",
     "unstructured", "huge", "fifo", "bad-max-size"],
)
def test_bad_input_is_one_line_a_status_and_the_database_untouched(env, existing_db, runner, case, monkeypatch):
    monkeypatch.chdir(env)
    args, status, message = _bad_inputs(env)[case]
    before = file_digest(existing_db)
    started = time.monotonic()
    result = runner.invoke(app, ["import", *args, "--db", str(existing_db)])
    assert time.monotonic() - started < 5
    assert result.exit_code == status, result.output
    assert result.stdout == ""
    (line,) = result.stderr.splitlines()
    assert line.startswith("grappe: ") and message in line
    if case not in ("bad-max-size",):
        assert args[0] in line  # names the file
    assert file_digest(existing_db) == before
    assert sorted(p.name for p in existing_db.parent.iterdir() if p.name.startswith(".grappe-build")) == []


def test_unknown_encoding_is_a_usage_error(env, small_monograph, runner):
    result = runner.invoke(app, ["import", str(small_monograph), "--encoding", "nope", "--db", str(env / "kb.db")])
    assert result.exit_code == EXIT_USAGE and "encodage inconnu" in result.stderr
    assert not (env / "kb.db").exists()


def test_interrupt_exits_130_and_keeps_the_database(env, existing_db, small_monograph, runner, monkeypatch):
    from grappe.importer import pipeline

    before = file_digest(existing_db)

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(pipeline, "load_documents", interrupted)
    result = runner.invoke(app, ["import", str(small_monograph), "--db", str(existing_db)])
    assert result.exit_code == EXIT_INTERRUPTED
    assert "interrompu" in result.stderr
    assert file_digest(existing_db) == before


def test_unexpected_error_exits_70_with_a_log_and_no_document_text(env, existing_db, small_monograph, runner, monkeypatch):
    from grappe.importer import pipeline

    def crash(text):
        raise ValueError("secret: " + text[:40])

    monkeypatch.setattr(pipeline, "segment", crash)
    result = runner.invoke(app, ["import", str(small_monograph), "--db", str(existing_db)])
    assert result.exit_code == EXIT_SOFTWARE
    assert "erreur inattendue (ValueError)" in result.stderr and "secret" not in result.output
    (log,) = (env / "logs").iterdir()
    assert "ValueError" in log.read_text("utf-8")


# --- a real process ---------------------------------------------------------------------------

def test_real_process_imports_and_refuses_a_hostile_file_name_without_escape_codes(env, small_monograph):
    environ = {**os.environ, "GRAPPE_DB": str(env / "kb.db"), "XDG_DATA_HOME": str(env / "data")}
    done = subprocess.run([str(GRAPPE), "import", str(small_monograph)], env=environ,
                          capture_output=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert b"documents: 1" in done.stdout
    before = file_digest(env / "kb.db")
    hostile = env / "x[bold]\x1b]0;PWNED\x07\x1b[2J.txt"
    hostile.write_bytes(b"")
    refused = subprocess.run([str(GRAPPE), "import", str(hostile)], env=environ,
                             capture_output=True, timeout=60)
    assert refused.returncode == EXIT_DATA
    assert b"\x1b" not in refused.stderr and b"\x07" not in refused.stderr
    assert b"x[bold]\\x1b]0;PWNED\\x07\\x1b[2J.txt: fichier vide" in refused.stderr
    assert file_digest(env / "kb.db") == before


def test_real_process_shows_undecodable_file_names_with_their_bytes(env):
    raw = os.fsencode(env) + b"/caf\xe9.txt"
    with open(raw, "wb"):
        pass
    refused = subprocess.run([str(GRAPPE), "import", os.fsdecode(raw), "--db", str(env / "kb.db")],
                             capture_output=True, timeout=60)
    assert refused.returncode == EXIT_DATA
    assert b"caf\\xe9.txt: fichier vide" in refused.stderr


def test_real_process_on_a_terminal_shows_a_progress_bar_for_several_documents(env, small_monograph):
    import pty
    import select

    other = env / "autre.txt"
    other.write_text(SMALL_MONOGRAPH.replace("grappe régionale", "autre grappe"), "utf-8")
    master, slave = pty.openpty()
    environ = {**os.environ, "GRAPPE_DB": str(env / "kb.db"), "COLUMNS": "80", "TERM": "xterm"}
    process = subprocess.Popen([str(GRAPPE), "import", str(small_monograph), str(other)],
                               stdout=subprocess.PIPE, stderr=slave, env=environ)
    os.close(slave)
    shown = b""
    while True:
        ready, _, _ = select.select([master], [], [], 30)
        if not ready:
            break
        try:
            chunk = os.read(master, 4096)
        except OSError:  # the terminal closed with the process
            break
        if not chunk:
            break
        shown += chunk
    stdout, _ = process.communicate(timeout=30)
    os.close(master)
    assert process.returncode == 0
    assert b"import" in shown and b"/3" in shown  # "import ━━━ 1/3": two documents and the build
    assert b"documents: 2" in stdout


def test_unreadable_file_is_one_line_exit_1_and_the_database_untouched(env, existing_db, small_monograph, runner, monkeypatch):
    from grappe.importer import read as read_module

    real_open = os.open

    def refuse(target, *args, **kwargs):
        if Path(target) == small_monograph:
            raise PermissionError(13, "Permission denied")
        return real_open(target, *args, **kwargs)

    monkeypatch.setattr(read_module.os, "open", refuse)  # tests run as root: simulate chmod 000
    before = file_digest(existing_db)
    result = runner.invoke(app, ["import", str(small_monograph), "--db", str(existing_db)])
    assert result.exit_code == EXIT_DATA
    assert result.stderr == f"grappe: {small_monograph}: permission refusée (lecture)\n"
    assert file_digest(existing_db) == before


def test_real_process_with_an_ascii_only_output_still_reports(env, small_monograph):
    environ = {**os.environ, "GRAPPE_DB": str(env / "kb.db"), "PYTHONIOENCODING": "ascii"}
    done = subprocess.run([str(GRAPPE), "import", str(small_monograph)], env=environ,
                          capture_output=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert b"fili\\xe8res" in done.stdout  # "filières", escaped rather than a crash


def test_unexpected_error_with_an_unwritable_log_folder_still_ends_in_one_line(env, small_monograph, runner, monkeypatch):
    from grappe.importer import pipeline

    blocker = env / "not-a-folder"
    blocker.write_text("x")
    monkeypatch.setenv("GRAPPE_LOG_DIR", str(blocker / "logs"))  # cannot be created
    monkeypatch.setattr(pipeline, "segment", lambda text: 1 / 0)
    result = runner.invoke(app, ["import", str(small_monograph), "--db", str(env / "kb.db")])
    assert result.exit_code == EXIT_SOFTWARE
    (line,) = result.stderr.splitlines()
    assert line.startswith("grappe: erreur inattendue (ZeroDivisionError); détails dans ")


def test_import_never_loads_textual(env, small_monograph):
    code = (
        "import sys\n"
        "from grappe.tui.cli import main\n"
        f"sys.argv = ['grappe', 'import', {str(small_monograph)!r}, '--db', {str(env / 'kb.db')!r}]\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print('LOADED' if any(m == 'textual' or m.startswith('textual.') for m in sys.modules) else 'CLEAN')\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.stdout.strip().splitlines()[-1] == "CLEAN", done.stderr
    assert "documents: 1" in done.stdout
