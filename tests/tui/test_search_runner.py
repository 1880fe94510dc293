"""The search runner answers the latest text only, and survives a failing read."""

from __future__ import annotations

import threading
import time
from pathlib import Path

from grappe.tui.search_runner import SearchRunner


def _wait_for(predicate, timeout: float = 5.0) -> bool:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.005)
    return True


def test_texts_overtaken_while_a_query_runs_are_never_searched(sample_db: Path) -> None:
    searched: list[str] = []
    answers: list[tuple[str, list]] = []
    first_started, release = threading.Event(), threading.Event()

    def search(conn, text):  # type: ignore[no-untyped-def]
        searched.append(text)
        if text == "t":
            first_started.set()
            release.wait(5)
        return [text.upper()]

    runner = SearchRunner(sample_db, search, lambda t, h: answers.append((t, h)), lambda e: None)
    try:
        runner.submit("t")
        assert first_started.wait(5)
        for text in ("te", "tex", "text"):
            runner.submit(text)
        release.set()
        assert _wait_for(lambda: answers and answers[-1][0] == "text")
    finally:
        runner.stop()
    assert searched == ["t", "text"]  # "te" and "tex" were out of date before they started
    assert answers == [("text", ["TEXT"])]  # the answer for "t" arrived too late to be shown


def test_a_new_text_interrupts_the_query_in_flight(sample_db: Path) -> None:
    answers: list[str] = []
    interrupted = threading.Event()

    def search(conn, text):  # type: ignore[no-untyped-def]
        if text == "slow":
            try:  # a query long enough to still be running when the next key comes
                conn.execute(
                    "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) SELECT count(*) FROM n"
                ).fetchone()
            except Exception as error:  # noqa: BLE001
                interrupted.set()
                raise error
        return [text]

    runner = SearchRunner(sample_db, search, lambda t, h: answers.append(t), lambda e: None)
    try:
        runner.submit("slow")
        time.sleep(0.2)
        runner.submit("fast")
        assert interrupted.wait(5)
        assert _wait_for(lambda: "fast" in answers)
    finally:
        runner.stop()
    assert "slow" not in answers


def test_a_failing_read_is_reported_and_the_next_text_is_searched(sample_db: Path) -> None:
    failures: list[str] = []
    answers: list[str] = []

    def search(conn, text):  # type: ignore[no-untyped-def]
        if text == "bad":
            raise RuntimeError("boom")
        return [text]

    runner = SearchRunner(sample_db, search, lambda t, h: answers.append(t), lambda e: failures.append(type(e).__name__))
    try:
        runner.submit("bad")
        assert _wait_for(lambda: failures == ["RuntimeError"])
        runner.submit("good")
        assert _wait_for(lambda: answers == ["good"])
    finally:
        runner.stop()


def test_stop_ends_the_thread(sample_db: Path) -> None:
    runner = SearchRunner(sample_db, lambda conn, text: [], lambda t, h: None, lambda e: None)
    runner.submit("x")
    runner.stop()
    runner._thread.join(5)
    assert not runner._thread.is_alive()
