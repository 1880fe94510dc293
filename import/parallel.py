"""Preparing documents in worker processes, results in input order, so an import uses every core.

Workers come from a fork server (a bare fork is unsafe once the CLI's progress bar runs a
thread), ignore SIGINT (the main process owns Ctrl-C) and are terminated on any failure, so
an interrupted or refused import leaves no process behind. At most two tasks per worker are
in flight: results waiting to be loaded never pile up in memory.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")

# Below this many documents, starting workers (about 0.3 s) costs more than it saves.
AUTO_MIN_DOCUMENTS = 4
TASKS_PER_WORKER = 2  # one running, one queued: a worker never waits for the main process
# Imported once by the fork server, so that each worker starts with the extractors loaded.
PRELOADED_MODULES = ["grappe.importer.pipeline", "grappe.importer.extract"]


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
    """Worker initializer: Ctrl-C reaches the whole process group, but only the main process acts on it."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


class OrderedPool:
    """Run one function over items in `workers` processes (or in this one), yielding in item order."""

    def __init__(self, workers: int) -> None:
        self.workers = workers
        self._executor: ProcessPoolExecutor | None = None

    def __enter__(self) -> "OrderedPool":
        if self.workers > 1:
            context = multiprocessing.get_context("forkserver")
            context.set_forkserver_preload(PRELOADED_MODULES)
            self._executor = ProcessPoolExecutor(
                self.workers, mp_context=context, initializer=_ignore_sigint
            )
        return self

    def map(self, function: Callable[..., R], items: Iterable[T], *args: Any) -> Iterator[R]:
        """function(item, *args) for each item, in order; an exception in a worker is raised here."""
        if self._executor is None:
            for item in items:
                yield function(item, *args)
            return
        remaining = iter(items)
        pending: deque[Future[R]] = deque()

        def submit_next() -> None:
            for item in remaining:
                pending.append(self._executor.submit(function, item, *args))  # type: ignore[union-attr]
                return

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
    executor.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        if process.is_alive():
            process.terminate()
    for process in processes:
        process.join(timeout=5)
        if process.is_alive():
            process.kill()
            process.join()
