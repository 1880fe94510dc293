"""Resolve's memory for one run: key forms computed once, the evidence already in each long
merged list, and the cyclic collector paused. Each piece removed a part of resolve that grew
faster than the corpus (see each docstring); `resolve.resolve` clears them after every run.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

from grappe.importer.extract.names import compact_key as _compact_key, folded_words
from grappe.importer.keys import slug as _slug
from grappe.importer.vocab import load_vocabulary

KIND_WORDS = sorted(
    (tuple(p.split()) for p in load_vocabulary("clusters")["typed_prefixes"]), key=lambda p: -len(p)
)
KIND_WORDS_BY_FIRST: dict[str, list[tuple[str, ...]]] = {}  # same order, by first word
for _phrase in KIND_WORDS:
    KIND_WORDS_BY_FIRST.setdefault(_phrase[0], []).append(_phrase)

class KeyForms:
    """The slug and compact key of every spelling met during one resolve, each computed once.

    The same spellings come back in every phase (clusters, aliases, each document's lookups),
    hundreds of thousands of them at 1000 documents: far too many for the shared LRU caches,
    which thrashed. These dicts live for one resolve only; the uncached functions fill them.
    """

    _plain_slug = staticmethod(getattr(_slug, "__wrapped__", _slug))
    _plain_compact = staticmethod(getattr(_compact_key, "__wrapped__", _compact_key))

    def __init__(self) -> None:
        self.slugs: dict[str, str] = {}
        self.compacts: dict[str, str] = {}
        self.lookups: dict[str, str | tuple[str, tuple[str, ...]]] = {}  # see `lookup_forms`

    def slug(self, spelling: str) -> str:
        found = self.slugs.get(spelling)
        if found is None:
            found = self._plain_slug(spelling)
            self.slugs[spelling] = found = spelling if found == spelling else found
        return found

    def compact(self, spelling: str) -> str:
        found = self.compacts.get(spelling)
        if found is None:
            found = self._plain_compact(spelling)
            self.compacts[spelling] = found = spelling if found == spelling else found
        return found

    def lookup_forms(self, key: str) -> tuple[str, tuple[str, ...]]:
        """A raw key's compact form read with spaces for hyphens, and what follows a leading
        kind phrase ("pole-images" → "images"), longest phrase first."""
        found = self.lookups.get(key)
        if found is None:
            spaced = key.replace("-", " ")
            words = folded_words(spaced)
            phrases = KIND_WORDS_BY_FIRST.get(words[0], ()) if words else ()
            rests = tuple(" ".join(words[len(phrase):]) for phrase in phrases
                          if words[: len(phrase)] == phrase and len(words) > len(phrase))
            found = self._plain_compact(spaced)
            # Most keys start with no kind phrase: their compact form alone is kept (less memory).
            self.lookups[key] = (found, rests) if rests else found
            return found, rests
        return (found, ()) if type(found) is str else found

    def clear(self) -> None:
        self.slugs.clear()
        self.compacts.clear()
        self.lookups.clear()


class EvidenceSets:
    """The evidence already in each long merged list, so that merging the facts of N documents
    stays linear (a list scan per added quote made it quadratic). Short lists — nearly all:
    one or two quotes — are scanned; a set for each took 50 MB at 1000 documents."""

    SCAN_UP_TO = 8  # items in the target and the added list together

    def __init__(self) -> None:
        self._seen: dict[int, tuple[list, set]] = {}

    def extend(self, target: list, items: list) -> None:
        """Append the items not yet in `target`, in order (like `extend` of the new ones)."""
        entry = self._seen.get(id(target))
        if entry is None or entry[0] is not target:
            if len(target) + len(items) <= self.SCAN_UP_TO:
                for item in items:
                    if item not in target:
                        target.append(item)
                return
            entry = self._seen[id(target)] = (target, set(target))
        seen = entry[1]
        for item in items:
            if item not in seen:
                seen.add(item)
                target.append(item)

    def clear(self) -> None:
        self._seen.clear()


@contextmanager
def cyclic_gc_paused() -> Iterator[None]:
    """Resolve builds millions of objects and no cyclic garbage (measured: 0 collected at 1000
    documents), yet each full collection walked all it had built so far: 7 of its 18 s CPU at
    1000 documents, 0.9 of 3.8 s at 300 — the superlinear part. Reference counting still frees.

    A caller that keeps its long-lived objects frozen (the importer freezes the facts until
    the load is done) gets resolve's frozen too; otherwise the first collection after it
    walks all of them at once (0.8 s at 1000 documents)."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            if gc.get_freeze_count():
                gc.freeze()
            gc.enable()
