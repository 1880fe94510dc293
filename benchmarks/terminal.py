"""Time from process start to the first screen with data, in a real terminal: the program
runs in a tmux pane (its own server) and the pane is polled until a marker shows."""

from __future__ import annotations

import os
import shlex
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

SOCKET = f"grappe-bench-{os.getpid()}"
SESSION = "bench"


def _tmux(*args: str, check: bool = True) -> str:
    done = subprocess.run(["tmux", "-L", SOCKET, *args], capture_output=True, text=True)
    if check and done.returncode != 0:
        raise RuntimeError(f"tmux {' '.join(args)}: {done.stderr.strip()}")
    return done.stdout


@dataclass
class Screen:
    seconds: float | None  # None: the marker never showed
    text: str
    pid: int | None
    cpu_seconds: float | None = None  # CPU the program had used when the marker showed


class Terminal:
    """One tmux server and session of a fixed size, reused for every run."""

    def __init__(self, width: int = 120, height: int = 40) -> None:
        self.width, self.height = width, height

    def __enter__(self) -> "Terminal":
        _tmux("new-session", "-d", "-s", SESSION, "-x", str(self.width), "-y", str(self.height),
              "sleep 100000")
        _tmux("set-option", "-g", "remain-on-exit", "on")
        return self

    def __exit__(self, *exc: object) -> None:
        _tmux("kill-server", check=False)
        socket = Path(f"/tmp/tmux-{os.getuid()}") / SOCKET
        socket.unlink(missing_ok=True)

    def capture(self) -> str:
        return _tmux("capture-pane", "-p", "-t", SESSION)

    def first_screen(self, command: list[str], shows_data: Callable[[str], bool],
                     env: dict[str, str] | None = None, timeout: float = 30.0) -> Screen:
        """Start `command` in the pane and poll until `shows_data(screen text)`."""
        exports = " ".join(f"{k}={shlex.quote(v)}" for k, v in (env or {}).items())
        # Without PYTHONDONTWRITEBYTECODE (set on some build machines): a program caches its
        # bytecode on its first run, as it would on a user's machine.
        line = (f"exec env -u PYTHONDONTWRITEBYTECODE TERM=xterm-256color COLORTERM=truecolor {exports} "
                + shlex.join(command))
        started = time.perf_counter()
        _tmux("respawn-pane", "-k", "-t", SESSION, line)
        text = ""
        while time.perf_counter() - started < timeout:
            text = self.capture()
            if shows_data(text):
                seconds = time.perf_counter() - started
                pid = self.pane_pid()
                return Screen(seconds, text, pid, cpu_seconds(pid))
            time.sleep(0.005)
        return Screen(None, text, self.pane_pid())

    def pane_pid(self) -> int | None:
        out = _tmux("display-message", "-p", "-t", SESSION, "#{pane_pid}", check=False).strip()
        return int(out) if out.isdigit() else None

    def keys(self, *keys: str) -> None:
        _tmux("send-keys", "-t", SESSION, *keys)

    def stop(self) -> None:
        _tmux("respawn-pane", "-k", "-t", SESSION, "sleep 100000", check=False)


def cpu_seconds(pid: int | None) -> float | None:
    """User + system CPU time of a live process (from /proc), robust to a busy machine."""
    if pid is None:
        return None
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return None


def peak_rss_mb(pid: int | None) -> float | None:
    """VmHWM of a live process (the pane's program), in MB."""
    if pid is None:
        return None
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def contains_any(markers: list[str]) -> Callable[[str], bool]:
    """A predicate: the screen shows one of these names (compared on their first 12 chars)."""
    heads = {m[:12] for m in markers if len(m) >= 4}
    return lambda text: any(h in text for h in heads)
