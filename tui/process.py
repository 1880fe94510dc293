"""Process-wide settings of the explorer: the garbage collector waits while it starts, and
threads reading the database get the GIL back quickly.

Importing Textual and building the first screen allocate hundreds of thousands of objects
that live as long as the app; the cyclic collector walked them again and again on the way to
the first frame (measured: about a quarter of the CPU time to the first screen). Paused from
the entry point, it resumes once the first screen is painted, with what start-up built frozen
out of later collections: those objects stay alive anyway, and a keystroke should not pay for
walking them. Textual pauses the collector the same way during smooth scrolling.

Reader threads (the page read ahead, pane pages, search) let go of the GIL at every SQLite
call and then wait for the main thread to hand it back, up to the switch interval each time
(5 ms by default) while the main thread is busy: the first page of 1 000 monographs took
190 ms to read beside a busy main thread instead of 10 ms. A shorter interval bounds that wait.

Only a pause made here is resumed here: tests and other embedders run the app with their
collector untouched.

asyncio imports `ssl` when Python has it, for TLS connections; loading OpenSSL and the ssl
module cost about 5 ms of the first screen, for an explorer that never opens a connection.
asyncio supports a Python without ssl, so it is imported with ssl out of reach; `import ssl`
works again right after, for anything else in the process that wants it.
"""

from __future__ import annotations

import gc
import sys

SWITCH_INTERVAL = 0.0005  # seconds; CPython's default is 0.005

_paused = False


def tune_for_start() -> None:
    """Pause cyclic collections until `resume_after_start`; shorten the GIL switch interval.

    Reference counting still frees everything that is not in a cycle meanwhile.
    """
    global _paused
    sys.setswitchinterval(SWITCH_INTERVAL)
    if gc.isenabled():
        gc.disable()
        _paused = True


def import_asyncio_without_ssl() -> None:
    """Import asyncio (for Textual) as on a Python without ssl; a no-op if either is loaded."""
    if "asyncio" in sys.modules or "ssl" in sys.modules:
        return
    sys.modules["ssl"] = None  # type: ignore[assignment]  # `import ssl` raises ImportError
    try:
        import asyncio  # noqa: F401
    finally:
        if sys.modules.get("ssl", False) is None:
            del sys.modules["ssl"]


def resume_after_start() -> None:
    """Collect start-up's cyclic garbage once, freeze the survivors, and collect again as usual.

    Does nothing unless `tune_for_start` paused the collector.
    """
    global _paused
    if not _paused:
        return
    _paused = False
    gc.collect()
    gc.freeze()
    gc.enable()
