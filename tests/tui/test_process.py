"""The collector pause at start-up ends with the first screen; nothing changes for embedders."""

from __future__ import annotations

import gc
import sys
from pathlib import Path

import pytest

from grappe.tui import process
from helpers import settle


@pytest.fixture
def restored():  # type: ignore[no-untyped-def]
    """Whatever a test does to the collector and the switch interval is undone."""
    enabled, interval = gc.isenabled(), sys.getswitchinterval()
    yield
    process._paused = False
    gc.unfreeze()
    (gc.enable if enabled else gc.disable)()
    sys.setswitchinterval(interval)


def test_a_pause_made_at_start_is_resumed_with_start_ups_objects_frozen(restored) -> None:
    gc.enable()
    process.tune_for_start()
    assert not gc.isenabled()
    assert sys.getswitchinterval() == pytest.approx(process.SWITCH_INTERVAL)
    frozen_before = gc.get_freeze_count()
    process.resume_after_start()
    assert gc.isenabled()
    assert gc.get_freeze_count() > frozen_before
    frozen = gc.get_freeze_count()
    process.resume_after_start()  # a second call is not a second resume
    assert gc.get_freeze_count() == frozen


def test_without_a_pause_resuming_leaves_the_collector_alone(restored) -> None:
    gc.disable()  # an embedder's own choice
    process.resume_after_start()
    assert not gc.isenabled() and gc.get_freeze_count() == 0
    process.tune_for_start()  # the collector was not running: nothing to pause, nothing to resume
    process.resume_after_start()
    assert not gc.isenabled() and gc.get_freeze_count() == 0


async def test_the_collector_runs_again_once_the_first_screen_is_complete(
    sample_db: Path, tmp_path: Path, restored
) -> None:
    from textual.widgets import Footer

    from grappe.tui.app import GrappeApp

    gc.enable()
    process.tune_for_start()
    app = GrappeApp(sample_db, config_file=tmp_path / "c.toml")
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        assert app.screen.query(Footer)  # the last piece of the first screen
        await pilot.pause()
        assert gc.isenabled()
        assert gc.get_freeze_count() > 0


def test_an_explorer_that_cannot_open_leaves_the_collector_running(tmp_path: Path, restored) -> None:
    from grappe.db.errors import GrappeError
    from grappe.tui.browser import run_browser

    gc.enable()
    with pytest.raises(GrappeError):
        run_browser(tmp_path / "absent.db", None)  # a path typed by the user is never created
    assert gc.isenabled()


def _python_says_ok(script: str) -> None:
    """Run a script in a fresh interpreter (nothing imported yet) and expect it to print ok."""
    import subprocess

    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and done.stdout.strip() == "ok", done.stderr


def test_asyncio_is_imported_as_without_ssl_and_ssl_stays_importable() -> None:
    _python_says_ok(
        "import sys\n"
        "from grappe.tui.process import import_asyncio_without_ssl\n"
        "import_asyncio_without_ssl()\n"
        "import asyncio.base_events, asyncio.selector_events, asyncio.sslproto\n"
        "assert 'ssl' not in sys.modules, 'ssl was loaded'\n"
        "assert asyncio.base_events.ssl is None and asyncio.selector_events.ssl is None\n"
        "import textual.app\n"
        "assert 'ssl' not in sys.modules, 'Textual loaded ssl'\n"
        "import ssl\n"
        "assert ssl.OPENSSL_VERSION\n"
        "import_asyncio_without_ssl()  # asyncio already there: nothing to do\n"
        "print('ok')\n"
    )


def test_ssl_already_loaded_is_left_alone() -> None:
    _python_says_ok(
        "import ssl, sys\n"
        "from grappe.tui.process import import_asyncio_without_ssl\n"
        "import_asyncio_without_ssl()\n"
        "assert sys.modules['ssl'] is ssl and 'asyncio' not in sys.modules\n"
        "print('ok')\n"
    )
