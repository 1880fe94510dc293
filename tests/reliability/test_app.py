"""Catalogue rows 32, 45, 47–57 and promises 4, 6, 7, 11 through the Textual app.

The app runs under Pilot over the hostile knowledge base (the hostile monograph's passages
plus facts whose names carry markup, HTML, pipes and backslashes). What the screen shows is
read back from the app's own screenshot, so "verbatim" means what a user would see.
"""

from __future__ import annotations

import html
import re
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from .conftest import HOSTILE, assert_no_terminal_hazards, file_state, run_in_pty


CLUSTER_NAMES = [*HOSTILE.VERBATIM, *HOSTILE.CLEANED.values()]


@pytest.fixture(autouse=True)
def _app_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from textual.widgets import Input

    monkeypatch.setenv("GRAPPE_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.chdir(tmp_path)  # the export dialog writes to ./exports
    monkeypatch.setattr(Input, "_toggle_cursor", lambda self: None)


@pytest.fixture()
def kb_copy(tmp_path: Path, hostile_kb: Path) -> Path:
    """A private copy of the hostile knowledge base, alone in its folder."""
    folder = tmp_path / "kb"
    folder.mkdir()
    return Path(shutil.copy2(hostile_kb, folder / "grappe.db"))


def make_app(database: Path):
    from grappe.tui.app import GrappeApp

    return GrappeApp(database, theme="dark")


def screen_text(app) -> str:
    """The characters on screen, line by line, from the app's SVG screenshot."""
    svg = app.export_screenshot()
    lines: dict[float, list[tuple[float, str]]] = {}
    for match in re.finditer(r'<text class="[^"]*" x="([\d.]+)" y="([\d.]+)"[^>]*>(.*?)</text>', svg):
        x, y, text = float(match.group(1)), float(match.group(2)), html.unescape(match.group(3))
        lines.setdefault(y, []).append((x, text))
    rows = ("".join(t for _, t in sorted(parts)) for _, parts in sorted(lines.items()))
    return "\n".join(rows).replace("\u00a0", " ")


def plain(text: str) -> str:
    return text.replace("\u00a0", " ").replace("\u202f", " ")


def assert_shown(text: str, screen: str) -> None:
    """The text is on screen whole, or cut by the column with an ellipsis after its start."""
    if text in screen:
        return
    for line in screen.splitlines():
        if "…" in line:
            for cut in re.finditer("…", line):
                head = line[: cut.start()]
                for size in range(min(len(text), len(head)), 11, -1):
                    if head.endswith(text[:size]):
                        return
    raise AssertionError(f"{text!r} not on screen")


def table_texts(app, pane: str) -> list[str]:
    """The plain text of every cell of a pane's table (what the widget holds, not markup)."""
    from textual.widgets import DataTable

    table = app.screen.query_one(pane).query_one(DataTable)
    texts = []
    for row_key in table.rows:
        for cell in table.get_row(row_key):
            assert not isinstance(cell, str) or "[" not in cell, f"markup string in a cell: {cell!r}"
            texts.append(getattr(cell, "plain", str(cell)))
    return texts


async def wait_until(pilot, condition, seconds: float = 15.0) -> None:
    """Let the app work (workers, messages, redraws) until `condition()` holds."""
    import time

    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "the app never reached the expected state"
        await pilot.app.workers.wait_for_complete()
        await pilot.pause(0.05)


async def settle(pilot, rounds: int = 3) -> None:
    for _ in range(rounds):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


# ---------------------------------------------------------------- rows 48–50: verbatim text


async def test_rows48_50_panes_show_hostile_names_verbatim(hostile_kb: Path) -> None:
    app = make_app(hostile_kb)
    async with app.run_test(size=(200, 50)) as pilot:
        await settle(pilot)
        await pilot.press("2")
        await wait_until(pilot, lambda: HOSTILE.GE_PIPE in screen_text(app))
        shown = screen_text(app)
        for name in CLUSTER_NAMES:
            assert_shown(plain(name), shown)
        cells = table_texts(app, "#pane-clusters")
        for name in CLUSTER_NAMES:  # whole, or cut with an ellipsis: never parsed
            assert any(c == name or (c.endswith("…") and name.startswith(c[:-1])) for c in cells), name
        assert "Lille | Roubaix, C:\\dossier\\" in shown
        await pilot.press("1")
        await wait_until(pilot, lambda: HOSTILE.GE_BOLD in screen_text(app))
        await pilot.press("3")
        await wait_until(pilot, lambda: "Jean [NB] Dupont" in screen_text(app))
        shown = screen_text(app)
        assert "Jean [NB] Dupont" in shown and "Région [NB] <script>" in shown and "Directeur [/]" in shown
        await pilot.press("4")
        await wait_until(pilot, lambda: "385 000 €" in screen_text(app))
        shown = screen_text(app)
        assert "Région [NB] <script>" in shown and "385 000 €" in shown
        assert app.return_code is None


async def test_rows48_50_search_results_show_hostile_names_verbatim(hostile_kb: Path) -> None:
    app = make_app(hostile_kb)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot, 2)
        await pilot.press("ctrl+k")
        await settle(pilot, 2)
        box = app.screen.query_one("#search-input")
        for query, expected in [("Textile", HOSTILE.GE_SLASH), ("Santé Nord", HOSTILE.PC_BRACKETS),
                                ("Clic", HOSTILE.PE_CLICK), ("dossier", HOSTILE.PC_BACKSLASH),
                                ("script", HOSTILE.PC_HTML)]:
            box.value = query
            await wait_until(pilot, lambda: expected in screen_text(app))
        assert app.return_code is None


async def test_rows48_50_detail_and_source_views_show_hostile_text_verbatim(hostile_kb: Path) -> None:
    app = make_app(hostile_kb)
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        await pilot.press("ctrl+k")
        await settle(pilot)
        app.screen.query_one("#search-input").value = "Textile Avenir"
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        shown = screen_text(app)
        assert HOSTILE.GE_SLASH in shown
        assert "[@click=app.quit]coopération[/]" in shown
        assert "Jean [NB] Dupont" in shown
        await pilot.press("s")
        await settle(pilot)
        assert "Textile [/] Avenir" in screen_text(app)
        assert app.return_code is None


async def test_row49_clicking_action_markup_runs_nothing(hostile_kb: Path) -> None:
    app = make_app(hostile_kb)
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        lines = screen_text(app).splitlines()
        row = next(i for i, line in enumerate(lines) if "[@click=app.quit]" in line)
        column = lines[row].index("[@click=app.quit]")
        for dx in range(0, 30, 3):  # click across the whole name, as a user would
            await pilot.click(offset=(column + dx, row))
            await pilot.pause()
            assert app.return_code is None and app.is_running
        await settle(pilot)
        assert app.is_running


# ---------------------------------------------------------------- promise 4: browsing never writes


async def test_row32_a_session_of_searching_opening_and_exporting_writes_nothing(kb_copy: Path, tmp_path: Path) -> None:
    before = file_state(kb_copy)
    app = make_app(kb_copy)
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(pilot)
        await pilot.press("2", "down", "space", "down", "space", "1", "3", "4", "2")
        await settle(pilot, 2)
        await pilot.press("ctrl+k")
        await settle(pilot)
        app.screen.query_one("#search-input").value = "Textile"
        await settle(pilot)
        await pilot.press("enter")  # opens the best hit
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("e")  # export the marked rows
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert app.return_code is None
    exports = list((tmp_path / "exports").glob("*.md"))
    assert len(exports) == 1, "the export in the session really happened"
    assert file_state(kb_copy) == before
    assert sorted(p.name for p in kb_copy.parent.iterdir()) == ["grappe.db"]


async def test_row60_tui_export_asks_before_overwriting(hostile_kb: Path, tmp_path: Path) -> None:
    app = make_app(hostile_kb)
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        field = app.screen.query_one("#export-path")
        target = tmp_path / "mon-travail.md"
        target.write_text("mon travail\n", "utf-8")
        before = file_state(target)
        field.value = str(target)
        await pilot.press("enter")
        await settle(pilot)
        assert file_state(target) == before, "the first enter only asks"
        await pilot.press("escape")
        await settle(pilot)
        assert file_state(target) == before
        assert app.return_code is None


# ---------------------------------------------------------------- rows 45, 47: fuzz


KEYS = ["1", "2", "3", "4", "tab", "shift+tab", "enter", "escape", "backspace", "space", "e", "slash",
        "o", "r", "d", "s", "up", "down", "left", "right", "home", "end", "pageup", "pagedown",
        "ctrl+k", "question_mark", "a", "z", "asterisk", "left_square_bracket", "ctrl+p"]


# Each example is a whole app session, so few examples of many sequences, and no shrinking.
FUZZ = settings(max_examples=1, deadline=None, suppress_health_check=list(HealthCheck),
                phases=[Phase.generate], database=None)


@FUZZ
@given(st.lists(st.lists(st.sampled_from(KEYS), min_size=1, max_size=10), min_size=60, max_size=60))
def test_row45_random_key_sequences_never_crash(hostile_kb: Path, sequences: list[list[str]]) -> None:
    import asyncio

    async def run() -> None:
        app = make_app(hostile_kb)
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot, 1)
            for keys in sequences:
                await pilot.press(*keys)
                await settle(pilot, 1)
                assert app.return_code is None, keys
                for _ in range(4):  # back to the main screen for the next sequence
                    if len(app.screen_stack) == 1:
                        break
                    await pilot.press("escape")
                    await pilot.pause()
            assert app.is_running

    asyncio.run(run())


SEARCH_TEXT = st.one_of(
    st.text(max_size=40),
    st.sampled_from(['"', '""', "*", "(", "NEAR(", "l'état", "[/]", "[@click=app.quit]", "\x00", "\x1b[2J",
                     "a" * 300, "co", "cout", "AND OR NOT", "\u202e", "C:\\dossier\\"]),
)


@FUZZ
@given(st.lists(SEARCH_TEXT, min_size=40, max_size=40))
def test_row47_any_search_string_through_the_app(hostile_kb: Path, queries: list[str]) -> None:
    import asyncio

    from textual import events

    async def run() -> None:
        app = make_app(hostile_kb)
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot, 1)
            await pilot.press("ctrl+k")
            await settle(pilot, 1)
            box = app.screen.query_one("#search-input")
            for query in queries:
                box.value = ""
                box.post_message(events.Paste(query))  # pasted, as a user would
                await settle(pilot, 1)
                assert app.return_code is None, query
                assert len(box.value) <= 256  # row 47: the box keeps a bounded query
            assert app.is_running

    asyncio.run(run())


# ---------------------------------------------------------------- rows 55–57: size and failures


async def test_row55_tiny_terminal_and_resize(hostile_kb: Path) -> None:
    app = make_app(hostile_kb)
    async with app.run_test(size=(20, 5)) as pilot:
        await settle(pilot, 2)
        for size in [(20, 5), (10, 3), (160, 40)]:
            await pilot.resize_terminal(*size)
            await pilot.press("2", "down", "enter", "escape", "ctrl+k", "t", "escape")
            await settle(pilot, 1)
            assert app.return_code is None and app.is_running, size


async def test_row56_exception_in_a_handler_exits_non_zero_with_a_log(hostile_kb: Path, tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    from grappe.tui.screens import main as main_screen

    secret = "Textile [/] Avenir — texte du document confidentiel"

    def broken(self, key: str) -> None:
        document_text = secret  # a local a traceback with locals would print
        raise RuntimeError(document_text)

    monkeypatch.setattr(main_screen.MainScreen, "action_show_pane", broken)
    app = make_app(hostile_kb)
    with pytest.raises(RuntimeError):  # Pilot re-raises what ended the app
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot, 2)
            await pilot.press("3")
            await pilot.pause()
    assert app.return_code not in (None, 0)
    logs = list((tmp_path / "logs").glob("*.log"))
    assert len(logs) == 1 and "RuntimeError" in logs[0].read_text("utf-8")
    assert "confidentiel" not in "".join(str(r) for r in app._exit_renderables)


async def test_row57_worker_failure_is_a_notification_and_the_app_survives(hostile_kb: Path,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    import grappe.db.search as search_module
    from grappe.tui.screens import search as search_screen

    def broken(*args, **kwargs):
        raise RuntimeError("texte confidentiel du document")

    # The search worker reaches the engine through one of these, whichever the screen uses.
    monkeypatch.setattr(search_module, "search_all", broken)
    monkeypatch.setattr(search_screen, "run_search", broken, raising=False)
    app = make_app(hostile_kb)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+k")
        await settle(pilot)
        app.screen.query_one("#search-input").value = "Textile"
        await settle(pilot)
        assert app.return_code is None and app.is_running
        messages = [str(n.message) for n in app._notifications]
        assert any("RuntimeError" in m for m in messages), messages
        assert not any("confidentiel" in m for m in messages)
        await pilot.press("escape", "2")
        await settle(pilot)
        assert app.return_code is None


# ---------------------------------------------------------------- row 51: a real terminal


def test_row51_browse_in_a_pseudo_terminal_emits_no_control_sequence_from_data(tmp_path: Path, hostile_kb: Path) -> None:
    import os
    import pty
    import select
    import subprocess
    import sys
    import time

    from .conftest import subprocess_env

    master, slave = pty.openpty()
    env = subprocess_env(tmp_path)
    env.update(TERM="xterm-256color", COLUMNS="160", LINES="45", GRAPPE_CONFIG_DIR=str(tmp_path / "config"))
    proc = subprocess.Popen(
        [sys.executable, "-c", "from grappe.tui.cli import main; main()", "browse", "--db", str(hostile_kb)],
        stdin=slave, stdout=slave, stderr=slave, env=env, close_fds=True, cwd=tmp_path,
    )
    os.close(slave)
    output = bytearray()

    def pump(seconds: float) -> None:
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            ready, _, _ = select.select([master], [], [], 0.05)
            if ready:
                try:
                    output.extend(os.read(master, 65536))
                except OSError:
                    return

    try:
        deadline = time.monotonic() + 20
        while b"Textile" not in output and time.monotonic() < deadline and proc.poll() is None:
            pump(0.1)
        for keys in (b"2", b"\x0b", b"Textile", b"\x1b", b"3", b"4", b"1"):  # \x0b = ctrl+k
            os.write(master, keys)
            pump(0.3)
        os.write(master, b"\x11")  # ctrl+q
        deadline = time.monotonic() + 10
        while proc.poll() is None and time.monotonic() < deadline:
            pump(0.1)
        proc.wait(timeout=10)
    finally:
        if proc.poll() is None:
            proc.kill()
        os.close(master)
    assert proc.returncode == 0, bytes(output[-2000:])
    assert b"Textile" in output, "the app drew the data"
    data_hazards = [b"\x1b]0;PWNED", b"PWNED", b"\x1b]52;", b"\x1b]8;;https://evil", b"\xc2\x9b",
                    b"\xc2\x85", "\u202e".encode(), b"\x1bc"]
    for hazard in data_hazards:
        assert hazard not in output, hazard


@pytest.mark.parametrize(("name", "expected"), [
    ("Textile", HOSTILE.GE_SLASH), ("Clic", HOSTILE.PE_CLICK), ("Jean", "Jean [NB] Dupont"),
    ("esrever", "Bidi esrever Santé"), ("Presse", "Presse Papier"), ("Santé Nord", HOSTILE.PC_BRACKETS),
])
def test_row51_show_in_a_pseudo_terminal_prints_text_only(tmp_path: Path, hostile_kb: Path, name: str,
                                                          expected: str) -> None:
    status, output = run_in_pty(["show", name, "--db", str(hostile_kb)], tmp_path, columns=200)
    assert status == 0, output.decode(errors="replace")[-2000:]
    assert_no_terminal_hazards(output)
    shown = re.sub(rb"\x1b\[[0-9;]*m", b"", output).decode()  # Rich's own colours aside
    assert expected in shown, shown[:1500]


# ---------------------------------------------------------------- row 53: a huge passage


@pytest.fixture(scope="module")
def huge_passage_db(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, int]:
    """A knowledge base whose one paragraph is a million characters (loaded without extraction)."""
    from grappe.db.load import DocumentRecord, build, load_documents

    text = ("La Région finance Textile [/] Avenir à hauteur de 385 000 € par an. " * 15000)[:1_000_000]
    passages = [
        {"seq": 0, "page": 1, "line": 1, "section_number": None, "section_title": "Introduction",
         "kind": "heading", "level": 1, "number": None, "caption": None, "flags": [], "footnote_refs": [],
         "text": "Introduction"},
        {"seq": 1, "page": 1, "line": 2, "section_number": None, "section_title": "Introduction",
         "kind": "paragraph", "level": None, "number": None, "caption": None, "flags": [],
         "footnote_refs": [], "text": text},
    ]
    record = DocumentRecord(id="0123456789abcdef", title="Monographie géante", authors=[], year=None,
                            region=None, source=None, path="geante.txt", sha256="0" * 64, encoding="utf-8",
                            size_bytes=len(text), removed_chars=0, pages=1, passages=passages, warnings=[])
    target = tmp_path_factory.mktemp("huge") / "grappe.db"
    with build(target) as db:
        ids = load_documents(db, [record])
    return target, ids[("0123456789abcdef", 1)]


async def test_row53_a_million_character_passage_keeps_the_app_responsive(huge_passage_db) -> None:
    import time

    from grappe.tui.screens.passage import PassageScreen

    database, passage_id = huge_passage_db
    app = make_app(database)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, 2)
        started = time.process_time()
        app.push_screen(PassageScreen(database, passage_id, "p. 1"))
        await wait_until(pilot, lambda: "Textile [/] Avenir" in screen_text(app))
        opened = time.process_time() - started
        assert isinstance(app.screen, PassageScreen)
        started = time.process_time()  # CPU time: other engineers' load on the machine does not count
        await pilot.press("down", "pagedown", "end")
        await pilot.pause()
        answered = time.process_time() - started
        assert "Textile [/] Avenir" in screen_text(app)
        assert app.return_code is None
    assert opened < 3.0, f"opening a 1 MB passage took {opened:.1f} s of CPU"
    assert answered < 2.0, f"three keys took {answered:.1f} s of CPU"
    print(f"opened in {opened:.2f} s, three keys in {answered:.2f} s of CPU")
