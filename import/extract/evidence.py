"""Quoting: the sentence of a passage that states a fact."""

from __future__ import annotations

import re
from bisect import bisect_right
from functools import lru_cache
from operator import itemgetter

from grappe.importer.facts import Evidence
from grappe.importer.segment import Segmented

# A sentence ends at . ? ! … followed by a space and a capital, an opening quote or a bullet.
SENTENCE_END = re.compile(r"(?<=[.?!…])\s+(?=[A-ZÀ-ÖØ-Þ«\"“(\-])")
_SENTENCE_END = SENTENCE_END
# The same breaks, found twice as fast: a pattern opening with a character set lets the regex
# engine jump to the next . ? ! … instead of trying the look-behind at every character. The
# break itself (what SENTENCE_END matches) is group 1.
_SENTENCE_BREAK = re.compile(r"[.?!…](\s+)(?=[A-ZÀ-ÖØ-Þ«\"“(\-])")
MAX_QUOTE = 400


# Sentence ends are looked for only this far around the position: a quote is cut to
# MAX_QUOTE characters around it anyway, and scanning the whole passage for every fact made
# extraction quadratic (a 1 MB paragraph took minutes).
_WINDOW = 2 * MAX_QUOTE + 200


@lru_cache(maxsize=4096)
def sentence_spans(text: str) -> tuple[tuple[int, int], ...]:
    """Start and end offsets of each sentence of a passage (every extractor cuts the same way;
    cached, since clusters, links, roles and funding cut the same passages)."""
    spans, start = [], 0
    for match in _SENTENCE_BREAK.finditer(text):
        spans.append((start, match.start(1)))
        start = match.end()
    spans.append((start, len(text)))
    return tuple(spans)


def sentence_at(text: str, position: int) -> str:
    """The sentence of `text` that contains the character at `position`, trimmed for quoting."""
    if position <= _WINDOW and position + _WINDOW >= len(text):
        # The window is the whole passage (most are): its sentences are cut already.
        spans = sentence_spans(text)
        start, end = spans[bisect_right(spans, position, key=itemgetter(0)) - 1]
    else:
        start, end = _sentence_in_window(text, position)
    sentence = text[start:end].strip()
    if len(sentence) > MAX_QUOTE:
        offset = max(0, position - start - MAX_QUOTE // 2)
        sentence = ("…" if offset else "") + sentence[offset : offset + MAX_QUOTE].strip() + "…"
    return sentence


def _sentence_in_window(text: str, position: int) -> tuple[int, int]:
    """Where the sentence around `position` starts and ends, looked for in its window only."""
    low = max(0, position - _WINDOW)
    while 0 < low < position and text[low].isspace():
        low += 1
    high = min(len(text), position + _WINDOW)
    start, end = low, high
    # From one character earlier: SENTENCE_END's look-behind saw the . before `low`.
    for match in _SENTENCE_BREAK.finditer(text, max(0, low - 1), high):
        if match.end() <= position:
            start = match.end()
        else:
            end = match.start(1)
            break
    return start, end


def cite(document_id: str, segmented: Segmented, seq: int, position: int | None = None,
         quote: str | None = None) -> Evidence:
    """Evidence for passage `seq`: the given quote, or the sentence around `position`."""
    text = segmented.passages[seq].text
    if quote is None:
        quote = sentence_at(text, position or 0) if position is not None else text[:MAX_QUOTE]
    return Evidence(document_id, seq, quote)
