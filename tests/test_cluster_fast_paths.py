"""The cluster extractor's fast paths give what the plain rules give (same index, same mentions)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from grappe.importer.extract import clusters, names
from grappe.importer.extract.names import STOPWORDS, Mention, NameIndex, compact_key, folded_words
from grappe.importer.facts import Facts
from grappe.importer.pipeline import bundled_document
from grappe.importer.read import read_document
from grappe.importer.segment import segment


class _ReferenceIndex(NameIndex):
    """`NameIndex` with the plain rules: every prefix added at each add, every candidate read."""

    def add(self, alias: str, cluster_key: str, kind: str) -> None:
        compact = compact_key(alias)
        if not compact:
            return
        self.kind_of[cluster_key] = kind
        keys = self.by_key.setdefault(compact, [])
        if cluster_key not in keys:
            keys.append(cluster_key)
        words = folded_words(alias)
        distinctive = any(ch.isdigit() for ch in alias) or any(
            len(w) > 1 and w.isupper() for w in alias.split()
        ) or not all(w in self.common or w in STOPWORDS for w in words)
        previous = self.needs_type.get((compact, cluster_key), False)
        self.needs_type[(compact, cluster_key)] = previous or not distinctive
        for i in range(1, len(compact) + 1):
            self.prefixes.add(compact[:i])

    def _find(self, words, starts, ends, positions, require_type):  # noqa: ANN001, ANN202
        found: list[Mention] = []
        resume = 0
        previous: tuple[int, str | None] = (-9, None)
        count = len(words)
        for i in positions:
            if i < resume:
                continue
            joined = words[i]
            best = (i, joined) if joined in self.by_key else None
            j, stop = i + 1, min(count, i + names._MAX_WORDS)
            while j < stop:
                word = words[j]
                if word not in STOPWORDS:
                    joined += word
                    if joined not in self.prefixes:
                        break
                    if joined in self.by_key:
                        best = (j, joined)
                j += 1
            if best is None:
                continue
            j, compact = best
            typed = self._typed_before(words, i)
            if typed is None and previous[1] and (
                i == previous[0] + 1 or (i == previous[0] + 2 and words[i - 1] in ("et", "ou"))
            ):
                typed = previous[1]
            key = self._pick(self.by_key[compact], typed, compact) if typed else None
            if key is None:
                for candidate in self.by_key[compact]:
                    if not (require_type and self.needs_type[(compact, candidate)]):
                        key = candidate
                        break
            if key is not None:
                found.append(Mention(key, starts[i], ends[j], typed))
                previous = (j, typed)
            resume = j + 1
        return found


_ALIASES = ["Alpha-tex", "Alphatex", "Alpha Tex", "Club des imprimeurs", "Club Imprimeurs",
            "Beta 2", "Beta2", "Santé", "santé", "Bois", "AB", "Le Bois", "de Bois", "T2M",
            "Textile mode", "Pôle Santé", "l'Alpha", "Bois et Forêt", "X"]
_ENTRIES = st.tuples(st.sampled_from(_ALIASES), st.sampled_from(["alpha", "club", "beta", "sante", "bois"]),
                     st.sampled_from(["PC", "GE", "PE", "other"]))
_PIECES = ["Alpha", "-tex", " tex", " Tex", "Club", " des", " imprimeurs", "Beta", " 2", "Beta2",
           " Santé", " santé", " pôle", " le", " la", " de", " l'", " AB", " et", " ou", ",", " Bois",
           " Forêt", " T2M", " Textile", " mode", " grappe", " pôles de compétitivité", "\n", " x",
           *(" " + alias for alias in _ALIASES)]


def _both(entries: list[tuple[str, str, str]]) -> tuple[NameIndex, NameIndex]:
    common = frozenset({"club", "sante", "bois", "mode", "textile"})
    fast, plain = NameIndex(common), _ReferenceIndex(common)
    for alias, key, kind in entries:
        fast.add(alias, key, kind)
        plain.add(alias, key, kind)
    return fast, plain


@settings(max_examples=300, deadline=None)
@given(st.lists(_ENTRIES, max_size=12))
def test_index_add_equals_the_plain_rule(entries: list[tuple[str, str, str]]) -> None:
    fast, plain = _both(entries)
    assert fast.prefixes == plain.prefixes
    assert list(fast.by_key.items()) == list(plain.by_key.items())
    assert list(fast.needs_type.items()) == list(plain.needs_type.items())
    assert list(fast.kind_of.items()) == list(plain.kind_of.items())


@settings(max_examples=400, deadline=None)
@given(st.lists(_ENTRIES, min_size=1, max_size=10), st.lists(st.sampled_from(_PIECES), max_size=16))
def test_find_equals_the_plain_rule(entries: list[tuple[str, str, str]], pieces: list[str]) -> None:
    fast, plain = _both(entries)
    text = "".join(pieces)
    for require_type in (True, False):
        assert fast.find(text, require_type=require_type) == plain.find(text, require_type=require_type)


def test_find_on_the_bundled_document_equals_the_plain_rule() -> None:
    segmented = segment(read_document(bundled_document()).text)
    found = clusters.extract("doc", segmented, Facts())
    entries = [(alias, c.key, c.kind) for c in found.clusters for alias in [c.name, *c.aliases]]
    fast, plain = _both(entries)
    assert len(fast.by_key) > 20
    mentions = 0
    for passage in segmented.passages:
        for require_type in (True, False):
            expected = plain.find(passage.text, require_type=require_type)
            assert fast.find(passage.text, require_type=require_type) == expected
            mentions += len(expected)
    assert mentions > 100


_CELL_PIECES = ["Alpha", "-tex", " tex", "Club", " des", " imprimeurs", "Beta", " 2", "Beta2", " Santé",
                " pôle", " le", " AB", " (3 ETP)", " 4 ETP", ",", "\n", " et", "x", " Bois", " T2M",
                " grappe", " de", " la", " Forêt", " mode"]


_CELL_ENTRIES = st.tuples(st.sampled_from(_ALIASES + ["Beta", "Alpha", "Club", "Club des", "Bois et"]),
                         st.sampled_from(["alpha", "club", "beta", "sante", "bois"]),
                         st.sampled_from(["PC", "GE", "PE", "other"]))


@settings(max_examples=500, deadline=None)
@given(st.lists(_CELL_ENTRIES, min_size=1, max_size=8), st.lists(st.sampled_from(_CELL_PIECES), max_size=40),
       st.lists(st.tuples(st.integers(0, 10_000), st.booleans(), st.one_of(st.none(), _CELL_ENTRIES)),
                max_size=10),
       st.booleans())
def test_find_before_in_a_row_of_cells_equals_find_on_each_beginning(
        entries: list[tuple[str, str, str]], pieces: list[str],
        calls: list[tuple[int, bool, tuple[str, str, str] | None]], in_order: bool) -> None:
    # One text read at several stops, in order (as read_fte does) or not, with aliases added
    # between two reads: the kept scan must never stand for a beginning it was not made for.
    index, _ = _both(entries)
    text = "".join(pieces)
    stops = [k for k in range(len(text) + 1)
             if k == len(text) or not text[k].isalnum() or k == 0 or not text[k - 1].isalnum()]
    for pick, require_type, added in (sorted(calls, key=lambda call: call[0]) if in_order else calls):
        stop = stops[pick * len(stops) // 10_001]
        assert index.find_before(text, stop, require_type=require_type) == \
            index.find(text[:stop], require_type=require_type)
        if added:
            index.add(*added)


def test_find_before_sees_an_alias_added_since_its_last_read() -> None:
    index, _ = _both([("Beta 2", "beta", "PE")])
    text = "Alpha tex" + " x" * 12 + " Beta 2 (3 ETP) Beta 2 (4 ETP)"
    stops = [text.index(" (3"), text.index(" (4")]
    assert [m.key for m in index.find_before(text, stops[0], require_type=False)] == ["beta"]
    index.add("Alpha-tex", "alpha", "PC")
    for stop in stops:
        assert index.find_before(text, stop, require_type=False) == index.find(text[:stop], require_type=False)
    assert [m.key for m in index.find_before(text, stops[1], require_type=False)] == ["alpha", "beta", "beta"]


def test_find_before_does_not_read_past_its_stop() -> None:
    index, _ = _both([("Club des", "club", "GE"), ("Club des imprimeurs artisans", "imprimeurs", "GE")])
    text = " x" * 12 + " Club des imprimeurs artisans" + " x" * 12 + " Club des imprimeurs artisans (3 ETP)"
    first_cut = text.index(" imprimeurs")  # "Club des" whole before it, a longer name after
    for stop in (first_cut, text.index(" (3"), len(text)):
        expected = index.find(text[:stop], require_type=False)
        assert index.find_before(text, stop, require_type=False) == expected
        if stop == first_cut:
            assert [m.key for m in expected] == ["club"]
    assert [m.key for m in expected] == ["imprimeurs", "imprimeurs"]


def test_find_before_reads_a_name_of_the_longest_length_up_to_its_stop() -> None:
    # A name of _MAX_WORDS words read whole in the text, one word shorter before the stop.
    long_name = "Club des imprimeurs artisans de la région Nord"
    assert len(long_name.split()) == names._MAX_WORDS
    index, _ = _both([(long_name, "nord", "GE"), (long_name.rsplit(" ", 1)[0], "club", "GE")])
    text = " x" * 12 + " " + long_name + " (3 ETP)"
    stop = text.index(" Nord")
    assert [m.key for m in index.find_before(text, stop, require_type=False)] == ["club"]
    assert [m.key for m in index.find_before(text, len(text), require_type=False)] == ["nord"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_PIECES + [" PÔLE", " Grappes", " cluster", " GE", " pe", " PC"]), max_size=12))
def test_typed_starts_equal_every_typed_first_word(pieces: list[str]) -> None:
    text = "".join(pieces)
    clusters._typed_starts.cache_clear()
    assert clusters._typed_starts(text) == tuple(names.positions_in(text, clusters._BY_FIRST))


_GLUE_ALPHABET = "ab1_’'- .,éÉ٣\u0301²x"


@settings(max_examples=600, deadline=None)
@given(st.text(alphabet=_GLUE_ALPHABET, min_size=1, max_size=4), st.text(alphabet=_GLUE_ALPHABET, max_size=24))
def test_whole_word_in_equals_the_pattern(word: str, text: str) -> None:
    import re

    pattern = re.compile(r"(?<![\w’'\-])" + re.escape(word) + r"(?![\w’'\-])")
    for haystack in (text, word + text, text + word, text + " " + word + " " + text):
        assert clusters._whole_word_in(word, haystack) == bool(pattern.search(haystack))


def test_word_marks_agree_with_the_pattern_on_every_character() -> None:
    import re
    import sys

    chars = "".join(map(chr, range(sys.maxunicode + 1)))
    marked = set(re.findall(r"[\w’'\-]", chars))
    assert marked == {c for c in chars if c.isalnum() or c in clusters._WORD_MARKS}
