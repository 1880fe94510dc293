"""Latency of the explorer's navigation keys through the pilot, in a child process of its own:
`1`-`4` (pane switch, first visit and later ones), `enter` (a cluster's dossier) and `escape`
(back), each from the key to its screen shown with its rows and repainted; then, with a
word, the keystrokes of a pane filter (`/` in the Financements pane, the word typed letter
by letter, each until the filtered rows are shown).

    python -m benchmarks.navigation DB [--runs 3] [--word WORD]   → prints one JSON object
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.pilot import _poll, painted, post_key

PANE_KEYS = (("3", "actors"), ("4", "funding"), ("1", "filieres"), ("2", "clusters"))


async def measure(database: Path, runs: int, word: str | None = None) -> dict:
    from grappe.tui.app import GrappeApp
    from grappe.tui.browser import INITIAL_PANE
    from grappe.tui.prefetch import FirstPagePrefetch
    from grappe.tui.process import resume_after_start, tune_for_start
    from grappe.tui.screens.detail import DetailScreen
    from grappe.tui.widgets.pane import EntityPane

    config = Path(tempfile.mkdtemp(prefix="grappe-bench-")) / "config.toml"
    tune_for_start()
    # As `grappe browse` starts it: the first pane's page read ahead (and then the others').
    app = GrappeApp(database, config_file=config, initial_pane=INITIAL_PANE,
                    first_page=FirstPagePrefetch(database, INITIAL_PANE))
    timings: dict[str, list[float]] = {}

    def record(what: str, started: float) -> None:
        timings.setdefault(what, []).append((time.perf_counter() - started) * 1000)

    def pane(key: str) -> EntityPane | None:
        found = list(app.screen.query(f"#pane-{key}").results(EntityPane))
        return found[0] if found else None

    def showing(key: str) -> bool:
        shown = pane(key)
        return shown is not None and shown.loaded and shown.table.has_focus

    async with app.run_test(size=(160, 45)) as pilot:
        if not await _poll(lambda: showing("clusters"), 30):
            raise RuntimeError("the clusters pane did not load")
        await pilot.pause(0.5)
        resume_after_start()  # as after a real first screen
        for run in range(runs):
            for key, name in PANE_KEYS:
                started = time.perf_counter()
                post_key(app, key, key)
                if not await _poll(lambda n=name: showing(n), 30):
                    raise RuntimeError(f"pane {name} did not show")
                await painted(pilot, app)
                record("pane, first visit" if run == 0 and name != "clusters" else "pane, again", started)
                await pilot.pause(0.1)
            started = time.perf_counter()
            post_key(app, "enter", "\r")
            if not await _poll(lambda: isinstance(app.screen, DetailScreen)
                               and getattr(app.screen, "dossier", None) is not None, 30):
                raise RuntimeError("the dossier did not open")
            await painted(pilot, app)
            record("dossier", started)
            await pilot.pause(0.1)
            started = time.perf_counter()
            post_key(app, "escape", "\x1b")
            if not await _poll(lambda: showing("clusters"), 30):
                raise RuntimeError("escape did not go back")
            await painted(pilot, app)
            record("back", started)
            await pilot.pause(0.1)
            post_key(app, "down", None)  # another cluster next time
            await pilot.pause(0.1)
        if word:
            await _filter_keystrokes(pilot, app, pane("funding"), word, runs, record)  # shown above
    return {what: {"median_ms": statistics.median(values), "max_ms": max(values), "n": len(values)}
            for what, values in timings.items()}


async def _filter_keystrokes(pilot, app, shown, word: str, runs: int, record) -> None:  # type: ignore[no-untyped-def]
    """Type `word` in the Financements pane's filter, `runs` times; each letter after the first
    is timed."""
    post_key(app, "4", "4")
    await pilot.pause(0.3)
    for _ in range(runs):
        post_key(app, "slash", "/")
        if not await _poll(lambda: shown.toolbar.filter_has_focus(), 30):
            raise RuntimeError("the filter box did not open")
        for end in range(1, len(word) + 1):
            prefix = word[:end]
            started = time.perf_counter()
            post_key(app, prefix[-1], prefix[-1])
            if not await _poll(lambda p=prefix: shown.pane_query.filter_text == p and shown.loaded, 30):
                raise RuntimeError(f"the pane did not show the rows for {prefix!r}")
            await painted(pilot, app)
            if end >= 2:
                record("filter keystroke", started)
            await pilot.pause(0.05)
        post_key(app, "escape", "\x1b")  # empties the filter: all rows again
        await _poll(lambda: shown.pane_query.filter_text == "" and shown.loaded, 30)
        await pilot.pause(0.2)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.navigation", description=__doc__)
    parser.add_argument("database", type=Path)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--word", default=None, help="a word to type in the Financements pane's filter")
    args = parser.parse_args(argv)
    print(json.dumps(asyncio.run(measure(args.database, args.runs, args.word))))
    sys.stdout.flush()


if __name__ == "__main__":
    main()
