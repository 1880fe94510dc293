"""Search latency per keystroke through the app's pilot, in a child process of its own:
from the key press to the results list showing the answer for the text typed so far.

    python -m benchmarks.pilot DB WORD [--runs 5]   → prints one JSON object
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

KEY_NAMES = {" ": "space", "-": "minus", "'": "apostrophe"}  # textual key names


def app_available() -> str | None:
    """None when the app and its search screen can be driven, else why not."""
    try:
        from grappe.tui.app import GrappeApp  # noqa: F401
        from grappe.tui.screens.search import SearchScreen
    except ImportError as error:
        return f"app not available yet ({error})"
    if "shown_text" not in SearchScreen.__init__.__code__.co_names:
        return "search screen has no `shown_text` to tell when results are shown"
    return None


def post_key(app, key: str, character: str | None) -> None:  # type: ignore[no-untyped-def]
    """Deliver a key as the terminal driver would, without the pilot's idle waits.

    `Pilot.press` waits for the process to look idle in 20 ms steps after each key, which
    would be measured too; this posts the same event the pilot posts and returns at once.
    """
    from textual import events

    event = events.Key(key, character)
    event.set_sender(app)
    app._driver.send_message(event)


def _send_key(app, char: str) -> None:  # type: ignore[no-untyped-def]
    post_key(app, KEY_NAMES.get(char, char), char)


async def painted(pilot, app) -> None:  # type: ignore[no-untyped-def]
    """Wait for the pending updates, then paint them now (what `pilot.pause` ends with)."""
    await pilot._wait_for_screen()
    app.screen._on_timer_update()


def _signal_on_update(screen) -> asyncio.Event:  # type: ignore[no-untyped-def]
    """An event set each time the results list receives new options (no polling delay)."""
    results = screen.query_one("#search-results")
    original = results.show
    event = asyncio.Event()

    def traced(options):  # type: ignore[no-untyped-def]
        answer = original(options)
        event.set()
        return answer

    results.show = traced  # type: ignore[method-assign]
    return event


async def _wait(predicate, event: asyncio.Event, timeout: float) -> bool:  # type: ignore[no-untyped-def]
    deadline = time.perf_counter() + timeout
    while not predicate():
        event.clear()
        if predicate():
            break
        try:
            await asyncio.wait_for(event.wait(), max(0.0, deadline - time.perf_counter()))
        except TimeoutError:
            return False
    return True


async def _poll(predicate, timeout: float) -> bool:  # type: ignore[no-untyped-def]
    deadline = time.perf_counter() + timeout
    while not predicate():
        if time.perf_counter() > deadline:
            return False
        await asyncio.sleep(0.001)
    return True


async def measure(database: Path, word: str, runs: int, profile: Path | None = None) -> dict:
    """Type `word` letter by letter `runs` times; latency of every keystroke after the first."""
    from textual.widgets import Input

    from grappe.tui.app import GrappeApp
    from grappe.tui.process import tune_for_start
    from grappe.tui.screens.search import SearchScreen

    config = Path(tempfile.mkdtemp(prefix="grappe-bench-")) / "config.toml"
    tune_for_start()  # as `grappe browse` does before it builds the app
    app = GrappeApp(database, config_file=config)
    latencies: list[float] = []
    answers: list[float] = []  # key press → results handed to the list (query + messaging)
    cpu_times: list[float] = []  # CPU the process spent per keystroke, all threads
    missed = 0
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+k")
        if not await _poll(lambda: isinstance(app.screen, SearchScreen), 10):
            raise RuntimeError("ctrl+k did not open the search screen")
        screen = app.screen
        field = screen.query_one("#search-input", Input)
        updated = _signal_on_update(screen)
        profiler = None
        if profile is not None:
            import cProfile

            profiler = cProfile.Profile(time.process_time)
            profiler.enable()
        for _ in range(runs):
            field.value = ""
            await _wait(lambda: screen.shown_text == "", updated, 10)
            await pilot.pause()
            for end in range(1, len(word) + 1):
                prefix = word[:end]
                started = time.perf_counter()
                cpu_started = time.process_time()  # all threads: robust to a busy machine
                _send_key(app, word[end - 1])
                shown = await _wait(lambda p=prefix: screen.shown_text == p, updated, 10)
                answered = time.perf_counter() - started
                await painted(pilot, app)  # the list's pending updates processed and painted
                elapsed = time.perf_counter() - started
                cpu = time.process_time() - cpu_started
                await pilot.pause()
                if not shown:
                    missed += 1
                elif end >= 2:  # one letter searches nothing useful; skip it
                    latencies.append(elapsed)
                    answers.append(answered)
                    cpu_times.append(cpu)
        if profiler is not None:
            profiler.disable()
            profiler.dump_stats(profile)
    return {
        "word": word, "runs": runs, "keystrokes": len(latencies), "missed": missed,
        "median_ms": statistics.median(latencies) * 1000 if latencies else None,
        "p90_ms": sorted(latencies)[int(len(latencies) * 0.9)] * 1000 if latencies else None,
        "max_ms": max(latencies) * 1000 if latencies else None,
        "answered_median_ms": statistics.median(answers) * 1000 if answers else None,
        "cpu_median_ms": statistics.median(cpu_times) * 1000 if cpu_times else None,
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.pilot", description=__doc__)
    parser.add_argument("database", type=Path)
    parser.add_argument("word")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--profile", type=Path, default=None,
                        help="write a cProfile (CPU time) of the typing to this file")
    args = parser.parse_args(argv)
    why = app_available()
    if why:
        print(json.dumps({"unavailable": why}))
        sys.exit(0)
    print(json.dumps(asyncio.run(measure(args.database, args.word, args.runs, args.profile))))


if __name__ == "__main__":
    main()
