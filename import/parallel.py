"""Preparing documents in worker processes, results in input order, so an import uses every core.

Workers are spawned (a fork is unsafe once the CLI's progress bar runs a thread). They are
direct children, joined at the end, so their CPU time and memory count in the importing
process's resource usage (a fork server's workers would not). They never act on SIGINT (the
main process owns Ctrl-C) and are terminated on any failure, so an interrupted or refused
import leaves no process behind. At most two tasks per worker are in flight: results waiting
to be loaded never pile up in memory.

Spawned workers import the main module again, as multiprocessing always does: a script that
asks for workers must guard its entry point with `if __name__ == "__main__":`.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")

# Below this many documents, starting workers (about 0.3 s) costs more than it saves.
AUTO_MIN_DOCUMENTS = 4
TASKS_PER_WORKER = 2  # one running, one queued: a worker never waits for the main process


def available_cpus() -> int:
    """The CPUs this process may run on (its affinity, not the machine's count)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def worker_count(requested: int | None, documents: int) -> int:
    """How many processes prepare `documents`: 1 means in this process, with no worker.

    With no request, workers are used for at least AUTO_MIN_DOCUMENTS documents and more
    than one CPU; a requested count is honoured (capped by the number of documents).
    """
    if requested is None:
        if documents < AUTO_MIN_DOCUMENTS:
            return 1
        requested = available_cpus()
    return max(1, min(requested, documents))


def _ignore_sigint() -> None:
    """Worker initializer: Ctrl-C reaches the whole process group; only the main process acts."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


@contextmanager
def _sigint_held() -> Iterator[None]:
    """Hold SIGINT back while workers are started: they inherit the blocked signal from their
    first instruction (no traceback from a worker still importing), and a Ctrl-C pressed
    meanwhile is delivered to this process right after, not lost."""
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


class OrderedPool:
    """Run a function over items in `workers` processes (or in this one), yielding in item order."""

    def __init__(self, workers: int) -> None:
        self.workers = workers
        self._executor: ProcessPoolExecutor | None = None

    def __enter__(self) -> "OrderedPool":
        if self.workers > 1:
            spawn = multiprocessing.get_context("spawn")
            self._executor = ProcessPoolExecutor(
                self.workers, mp_context=spawn, initializer=_ignore_sigint
            )
        return self

    def map(self, function: Callable[..., R], items: Iterable[T], *args: Any) -> Iterator[R]:
        """function(item, *args) for each item, in order; a worker's exception is raised here."""
        if self._executor is None:
            for item in items:
                yield function(item, *args)
            return
        executor = self._executor
        remaining = iter(items)
        pending: deque[Future[R]] = deque()

        def submit_next() -> None:
            for item in remaining:
                pending.append(executor.submit(function, item, *args))
                return

        with _sigint_held():  # the first submissions start the workers
            for _ in range(self.workers * TASKS_PER_WORKER):
                submit_next()
        while pending:
            result = pending.popleft().result()
            submit_next()  # before handing the result over: workers stay busy meanwhile
            yield result

    def __exit__(self, exc_type: type[BaseException] | None, *rest: object) -> None:
        if self._executor is None:
            return
        executor, self._executor = self._executor, None
        if exc_type is None:
            executor.shutdown(wait=True)
        else:
            _terminate(executor)


def _terminate(executor: ProcessPoolExecutor) -> None:
    """Stop every worker now (a refusal or Ctrl-C must not wait for documents being prepared)."""
    processes = list((getattr(executor, "_processes", None) or {}).values())
    manager = getattr(executor, "_executor_manager_thread", None)
    executor.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        if process.is_alive():
            process.terminate()
    for process in processes:
        process.join(timeout=5)
        if process.is_alive():
            process.kill()
            process.join()
    # The executor's own thread joins every worker it knows when it ends: none is left
    # unreaped (seen once in ~20 refusals: a worker outside the list taken above).
    if manager is not None:
        manager.join(timeout=5)
