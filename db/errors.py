"""Errors that carry a one-line message and the exit status the CLI returns for them."""

from __future__ import annotations

EXIT_DATA = 1
EXIT_USAGE = 2
EXIT_SOFTWARE = 70
EXIT_INTERRUPTED = 130


class GrappeError(Exception):
    """An expected failure: shown to the user as one line, never as a traceback."""

    exit_code = EXIT_DATA

    def __init__(self, message: str, *, path: object | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.path = path

    def __str__(self) -> str:
        if self.path is None:
            return self.message
        return f"{display_path(self.path)}: {self.message}"


class UsageError(GrappeError):
    """The command line names something that cannot be used (missing path, wrong option)."""

    exit_code = EXIT_USAGE


class InputError(GrappeError):
    """A document that cannot be imported (empty, binary, undecodable, unstructured…)."""

    exit_code = EXIT_DATA


class DatabaseError(GrappeError):
    """A knowledge base that cannot be opened or read (missing, not SQLite, wrong version…)."""

    exit_code = EXIT_DATA


def display_path(path: object) -> str:
    """Render a path for a message: undecodable bytes and control characters made visible."""
    text = str(path)
    # File names with undecodable bytes arrive as surrogates ("caf\udce9"): show the byte (\xe9).
    if _has_surrogates(text):
        try:
            text = text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
        except UnicodeEncodeError:  # a surrogate that is not an escaped byte
            text = text.encode("utf-8", "backslashreplace").decode("utf-8")
    out = []
    for ch in text:
        code = ord(ch)
        if code < 0x20 or 0x7F <= code < 0xA0 or ch in BIDI_CONTROLS:
            out.append(f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")
        else:
            out.append(ch)
    return "".join(out)


def _has_surrogates(text: str) -> bool:
    return any(0xD800 <= ord(ch) < 0xE000 for ch in text)


BIDI_CONTROLS = frozenset(
    "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u061c"
)
