"""Text hygiene shared by the importer and the search box: text from documents is data.

Documents arrive with terminal escape sequences, C1 controls, bidi overrides, CRLF and
decomposed accents. They are cleaned once, at import, so that nothing downstream (SQLite,
Rich, Textual, Markdown) ever sees a control character.
"""

from __future__ import annotations

import re
import unicodedata

from grappe.db.errors import BIDI_CONTROLS

# ESC-introduced sequences: CSI (ESC [ ... final), OSC (ESC ] ... BEL or ST), other 2-char escapes.
_ANSI = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"  # CSI
    r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?"  # OSC, terminated by BEL or ST (or cut short)
    r"|\x1b[PX^_][^\x1b]*(?:\x1b\\)?"  # DCS, SOS, PM, APC strings
    r"|\x1b[ -/]*[0-~]"  # other escapes: ESC c, ESC 7, ESC ( B… (nF, Fp, Fe, Fs)
    r"|\x9b[0-?]*[ -/]*[@-~]"  # 8-bit CSI
)
_KEEP = {"\n", "\t"}
_INVISIBLE = BIDI_CONTROLS | {"\ufeff", "\u200b", "\u2060"}


def _is_removable(ch: str) -> bool:
    code = ord(ch)
    if ch in _KEEP:
        return False
    return code < 0x20 or 0x7F <= code < 0xA0 or ch in _INVISIBLE or 0xD800 <= code < 0xE000


# The same set as `_is_removable`, as one character class: C0 (but tab and LF), DEL, C1,
# invisible marks, bidi controls and lone surrogates.
_REMOVABLE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff"
    + "".join(sorted(_INVISIBLE))
    + "]"
)


def clean_text(text: str) -> tuple[str, int]:
    """Return text as NFC with LF line ends and no control characters, and the count removed."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    before = len(text)
    text = _ANSI.sub("", text)
    text = _REMOVABLE.sub("", text)
    removed = before - len(text)
    if not text.isascii():
        text = unicodedata.normalize("NFC", text)
    return text, removed


def clean_line(text: str) -> str:
    """Clean a one-line input (a search query, a name): controls gone, whitespace collapsed."""
    cleaned, _ = clean_text(text)
    return " ".join(cleaned.split())


def fold(text: str) -> str:
    """Lowercase, accent-free, punctuation-light key used to compare names."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    stripped = stripped.replace("’", "'").replace("œ", "oe").replace("æ", "ae")
    return " ".join(re.sub(r"[^\w]+", " ", stripped).split())
