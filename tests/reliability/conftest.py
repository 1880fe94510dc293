"""Shared tools for the reliability suite: a CLI runner, file snapshots, the hostile database."""

from __future__ import annotations

import hashlib
import os
import re
import sqlite3
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner

from grappe.tui.cli import app

HOSTILE_DIR = Path(__file__).parents[1] / "fixtures" / "hostile"
HOSTILE_TEXT = HOSTILE_DIR / "hostile.txt"
REPO = Path(__file__).parents[2]

# Everything a terminal would act on: ESC, C0 (except TAB and LF), DEL, C1, bidi controls.
CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u200e\u200f]")

MINIMAL_MONOGRAPH = (
    " Introduction \n"
    "\n"
    "Cette étude analyse le fonctionnement des clusters d'une région et leurs relations avec \n"
    "leur écosystème, sur la base d'entretiens menés au café du commerce. \n"
    "\n"
    " 1. Première partie : Contexte régional \n"
    "\n"
    "La grappe d'entreprises Test Grappe réunit des entreprises de la filière textile depuis 2010. \n"
)


@dataclass(frozen=True)
class FileState:
    """What must not change about a file: its bytes and its modification time."""

    sha256: str
    mtime_ns: int
    size: int


def file_state(path: Path) -> FileState:
    data = Path(path).read_bytes()
    st = os.stat(path)
    return FileState(hashlib.sha256(data).hexdigest(), st.st_mtime_ns, st.st_size)


@dataclass
class CliResult:
    exit_code: int
    stdout: str
    stderr: str
    exception: BaseException | None


def run_cli(*args: str | os.PathLike, env: dict[str, str] | None = None) -> CliResult:
    """Run the grappe CLI in-process and capture stdout and stderr apart."""
    runner = CliRunner()
    result = runner.invoke(app, [os.fspath(a) for a in args], env=env, catch_exceptions=True)
    exception = result.exception if not isinstance(result.exception, SystemExit) else None
    return CliResult(result.exit_code, result.stdout, result.stderr, exception)


def write_monograph(path: Path, text: str = MINIMAL_MONOGRAPH, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


@pytest.fixture(autouse=True)
def _isolated_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep logs, config and the default database inside the test's folder."""
    monkeypatch.setenv("GRAPPE_LOG_DIR", str(tmp_path / "logs"))
    monkeypatch.setenv("GRAPPE_DB", str(tmp_path / "default-grappe.db"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))


@pytest.fixture()
def live_db(tmp_path: Path) -> Path:
    """A database imported from a minimal monograph: the 'previous' knowledge base."""
    from grappe.importer.pipeline import run_import

    source = write_monograph(tmp_path / "ancienne.txt")
    target = tmp_path / "live" / "grappe.db"
    run_import([source], target)
    return target


@pytest.fixture(scope="session")
def hostile_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The hostile monograph imported once per session (never written by the tests)."""
    from grappe.importer.pipeline import run_import

    target = tmp_path_factory.mktemp("hostile") / "grappe.db"
    run_import([HOSTILE_TEXT], target)
    return target


@pytest.fixture(scope="session")
def bundled_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled monograph imported once per session."""
    from grappe.importer.pipeline import bundled_document, run_import

    target = tmp_path_factory.mktemp("bundled") / "grappe.db"
    run_import([bundled_document()], target)
    return target


def text_columns(conn: sqlite3.Connection) -> list[tuple[str, str]]:
    """Every (table, column) of declared type TEXT in the user tables (FTS shadows excluded)."""
    found = []
    tables = [
        r[0] for r in conn.execute(
            "SELECT name FROM sqlite_schema WHERE type = 'table' AND sql NOT LIKE 'CREATE VIRTUAL%' "
            "AND name NOT LIKE '%fts%' AND name NOT LIKE 'sqlite_%'"
        )
    ]
    for table in tables:
        for column in conn.execute("SELECT name, type FROM pragma_table_info(?)", (table,)):
            if column[1].upper() == "TEXT":
                found.append((table, column[0]))
    return found


def subprocess_env(tmp_path: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["GRAPPE_LOG_DIR"] = str(tmp_path / "logs")
    env["PYTHONUNBUFFERED"] = "1"
    env.pop("GRAPPE_DB", None)
    return env


def grappe_subprocess(args: list[str], tmp_path: Path, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", "from grappe.tui.cli import main; main()", *args],
        env=subprocess_env(tmp_path), capture_output=True, timeout=60, **kwargs,
    )


def run_in_pty(args: list[str], tmp_path: Path, timeout: float = 30.0, columns: int = 100) -> tuple[int, bytes]:
    """Run `grappe ARGS` with a pseudo-terminal as stdin/stdout/stderr; return status and bytes."""
    import pty
    import select
    import struct
    import termios
    from fcntl import ioctl

    master, slave = pty.openpty()
    ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, columns, 0, 0))
    env = subprocess_env(tmp_path)
    env["TERM"] = "xterm-256color"
    env.pop("NO_COLOR", None)
    proc = subprocess.Popen(
        [sys.executable, "-c", "from grappe.tui.cli import main; main()", *args],
        stdin=slave, stdout=slave, stderr=slave, env=env, close_fds=True,
    )
    os.close(slave)
    chunks: list[bytes] = []
    try:
        while True:
            ready, _, _ = select.select([master], [], [], timeout)
            if not ready:
                proc.kill()
                break
            try:
                data = os.read(master, 65536)
            except OSError:  # EIO: the child closed the terminal
                break
            if not data:
                break
            chunks.append(data)
        proc.wait(timeout)
    finally:
        os.close(master)
    return proc.returncode, b"".join(chunks)


# Byte sequences that data must never send to a terminal (row 51): OSC (title, clipboard,
# hyperlinks), screen clear, full reset, cursor report, 8-bit CSI, bidi override.
TERMINAL_HAZARDS = [b"\x1b]", b"\x1b[2J", b"\x1bc", b"\x1b[6n", b"\xc2\x9b", b"\xc2\x85",
                    "\u202e".encode(), b"PWNED", b"\x00"]


def assert_no_terminal_hazards(output: bytes) -> None:
    for hazard in TERMINAL_HAZARDS:
        assert hazard not in output, f"{hazard!r} reached the terminal"


def load_hostile_generator():
    """The fixture's generator module, whose constants name every hazard it plants."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("make_hostile", HOSTILE_DIR / "make_hostile.py")
    module = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    spec.loader.exec_module(module)
    return module


HOSTILE = load_hostile_generator()


def build_hostile_kb(target: Path) -> Path:
    """The hostile monograph's passages plus facts naming every hazard, loaded through grappe's loader.

    Extraction is left out on purpose: the app and export tests must see hostile cluster,
    actor, filière, link and funding names whatever the extractors currently find.
    """
    from grappe.db.load import DocumentRecord, build, load_documents
    from grappe.db.load_facts import load_facts
    from grappe.importer.facts import (
        ActorFact, ClusterFact, Evidence, Facts, FiliereFact, FundingFact, LinkFact, RoleFact,
    )
    from grappe.importer.keys import slug
    from grappe.importer.read import read_document
    from grappe.importer.segment import segment

    source = read_document(HOSTILE_TEXT)
    segmented = segment(source.text)
    doc_id = source.sha256[:16]

    def evidence(fragment: str) -> list:
        for seq, passage in enumerate(segmented.passages):
            if fragment in passage.text:
                return [Evidence(doc_id, seq, passage.text[:200])]
        raise AssertionError(f"{fragment!r} not in the hostile passages")

    h = HOSTILE
    names = [*h.VERBATIM, *h.CLEANED.values()]
    kinds = ["PC", "GE", "PE", "other"]
    clusters = [
        ClusterFact(slug(name), name, kinds[i % 4], aliases=[name + " [alias]"], filiere=slug(h.GE_BOLD),
                    territory=["Lille | Roubaix", "C:\\dossier\\"], structure="[b]Association[/b]",
                    fte=9.3, members=120, created="juin [2010]", evidence=evidence(name))
        for i, name in enumerate(names)
    ]
    person = ActorFact("jean-nb-dupont", "Jean [NB] Dupont", "person", function="Directeur [/]",
                       organisation_key="region-nb", evidence=evidence("Jean [NB] Dupont"))
    region = ActorFact("region-nb", "Région [NB] <script>", "organisation", category="collectivité",
                       evidence=evidence("Conseil Régional"))
    facts = Facts(
        clusters=clusters,
        filieres=[FiliereFact(slug(h.GE_BOLD), h.GE_BOLD, cluster_keys=[c.key for c in clusters],
                              evidence=evidence(h.GE_BOLD))],
        actors=[region, person],
        roles=[RoleFact(person.key, "directeur [/]", clusters[0].key, "cluster", evidence=evidence("Jean [NB] Dupont"))],
        links=[LinkFact(clusters[0].key, clusters[i].key, "[@click=app.quit]coopération[/]",
                        evidence=evidence(h.GE_SLASH)) for i in range(1, len(clusters))],
        funding=[FundingFact("385\u00a0000 €", "budget", 385000.0, clusters[0].key, "cluster", clusters[0].name,
                             region.key, region.name, "2011 [/]", evidence=evidence("385\u00a0000 €"))],
    )
    record = DocumentRecord(
        id=doc_id, title="Monographie [/] hostile [@click=app.quit]clic[/]", authors=["Équipe [NB]"],
        year=2012, region="Bretagne", source=None, path="hostile.txt", sha256=source.sha256,
        encoding=source.encoding, size_bytes=source.size, removed_chars=source.removed_chars,
        pages=segmented.pages,
        passages=[
            {"seq": seq, "page": p.page, "line": p.line, "section_number": p.section_number,
             "section_title": p.section_title, "kind": p.kind, "level": p.level, "number": p.number,
             "caption": p.caption, "flags": p.flags, "footnote_refs": p.footnote_refs, "text": p.text}
            for seq, p in enumerate(segmented.passages)
        ],
        warnings=[],
    )
    with build(target) as db:
        passage_ids = load_documents(db, [record])
        load_facts(db, facts, passage_ids)
    return target


@pytest.fixture(scope="session")
def hostile_kb(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_hostile_kb(tmp_path_factory.mktemp("hostile-kb") / "grappe.db")


@pytest.fixture(autouse=True)
def _watchdog():
    """A hung test (a Pilot waiting forever, a child that never exits) dumps every thread's
    stack and ends the run, instead of blocking CI silently."""
    import faulthandler

    faulthandler.dump_traceback_later(240, exit=True)
    yield
    faulthandler.cancel_dump_traceback_later()
