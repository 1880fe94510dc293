"""Textual's own keystroke floor: a bare app whose only widget is an Input, typed into and
measured the way `benchmarks.pilot` measures grappe's search (same terminal size, same key
events, same wait for the repaint). What a keystroke costs before grappe does anything.

    python -m benchmarks.toolkit_floor WORD [--runs 5]   → prints one JSON object
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import time

from benchmarks.pilot import _send_key, _wait


async def measure(word: str, runs: int) -> dict:
    """Type `word` letter by letter `runs` times into a bare Input; latency of each keystroke."""
    from textual.app import App, ComposeResult
    from textual.widgets import Input

    from grappe.tui.process import tune_for_start

    changed = asyncio.Event()

    class Bare(App):
        def compose(self) -> ComposeResult:
            yield Input(id="box")

        def on_input_changed(self, event: Input.Changed) -> None:
            changed.set()

    tune_for_start()  # as grappe's pilot benchmark does
    app = Bare()
    latencies: list[float] = []
    async with app.run_test(size=(120, 40)) as pilot:
        box = app.query_one("#box", Input)
        box.focus()
        await pilot.pause()
        for _ in range(runs):
            box.value = ""
            await pilot.pause()
            for end in range(1, len(word) + 1):
                prefix = word[:end]
                started = time.perf_counter()
                _send_key(app, word[end - 1])
                await _wait(lambda p=prefix: box.value == p, changed, 10)
                await pilot._wait_for_screen()
                app.screen._on_timer_update()  # painted now, as in benchmarks.pilot
                elapsed = time.perf_counter() - started
                await pilot.pause()
                if end >= 2:  # as benchmarks.pilot: the first letter is not counted
                    latencies.append(elapsed)
    return {
        "word": word, "runs": runs, "keystrokes": len(latencies),
        "median_ms": statistics.median(latencies) * 1000,
        "p90_ms": sorted(latencies)[int(len(latencies) * 0.9)] * 1000,
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.toolkit_floor", description=__doc__)
    parser.add_argument("word")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    print(json.dumps(asyncio.run(measure(args.word, args.runs))))


if __name__ == "__main__":
    main()
