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
