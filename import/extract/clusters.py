"""Extraction of clusters: names and kinds from the tables and typed phrases, then attributes.

Order matters: list tables (`Pôles de compétitivité A, B…`) and row tables headed by a kind
name the PC and GE first, then typed phrases of the prose ("la grappe d'entreprises X") and
sections ("1.2 Les pôles de compétitivité" / "1.2.1 Le pôle X"); the pôles d'excellence table
then names the PE and reads their cells by recognising the PC and GE already known; finally
acronyms, spellings, ETP, dates, members, locations, summaries and filières.
"""

from __future__ import annotations

import re
from functools import lru_cache

from grappe.importer.extract import attributes, domains, filieres, pe_table, tables
from grappe.importer.extract.evidence import cite
from grappe.importer.extract.names import (
    STOPWORDS,
    common_words,
    cut,
    fold_token,
    folded_words,
    positions_in,
)
from grappe.importer.extract.registry import Registry
from grappe.importer.facts import Evidence, Facts
from grappe.importer.segment import Segmented
from grappe.importer.vocab import load_vocabulary

_VOCAB = load_vocabulary("clusters")
_TYPED = sorted(
    ((tuple(p.split()), kind) for p, kind in _VOCAB["typed_prefixes"].items() if kind != "any"),
    key=lambda item: -len(item[0]),
)
_BY_FIRST: dict[str, list[tuple[tuple[str, ...], str]]] = {}
for _phrase, _kind in _TYPED:  # longest first within each first word
    _BY_FIRST.setdefault(_phrase[0], []).append((_phrase, _kind))
_PROSE_KINDS = ("paragraph", "bullet", "heading", "subheading", "footnote")
# A name after a typed phrase: «quoted», or capitalised words (with small linking words).
_QUOTED = re.compile(r"^\s*,?\s*[«\"“]\s*([^»\"”]{2,60}?)\s*[»\"”]")
_WORD = r"[A-ZÀ-Ý0-9][\w’'\-]*(?:\.[\w\-]+)*"
_CAPITALISED = re.compile(
    r"^\s*,?\s*(" + _WORD + r"(?:(?:\s+|,\s+|\s+(?:et|de|du|des)\s+)" + _WORD + r")*)"
)
_LIST_LABELS = sorted(_VOCAB["list_labels"].items(), key=lambda item: -len(item[0]))
_GENERIC_HEADING = re.compile(r"^(?:le|la|l[’'])\s*(?:p[ôo]le|grappe|cluster)\s+[«\"]?\s*([A-ZÀ-Ý0-9][^«»\"]{1,50}?)\s*[»\"]?\s*$", re.IGNORECASE)
_ROW_NAME = re.compile(r"^\s*([A-ZÀ-Ý][^\d()\n]{1,60}?)\s+(?=\(?\d)")
# "(3) A", "labellisées : B", "à vocation mondiale C": a count or lowercase words before a name.
_LEADING_QUALIFIERS = re.compile(r"^\s*(?:\(\d+\)\s*)?:?\s*(?:[a-zà-ÿ][\w’']*\s*:?\s+)*:?\s*")
_QUALIFIERS = re.compile(_VOCAB["typed_qualifiers"], re.IGNORECASE)
_NAME_AFTER = re.compile(r" [A-ZÀ-Ý0-9«\"]")
_ACRONYM_AFTER = re.compile(r"\s*\(([A-Z][A-Za-z0-9\-]{1,11})\)")
_ACRONYM_IN_BRACKETS = re.compile(r"\(([A-Z][A-Za-z0-9\-]{1,11})\)")
_APPOSITIVE = re.compile(r"((?:[A-ZÀ-Ý][\w\-]*)(?:\s+[A-ZÀ-Ý][\w\-]*)*),\s+cluster\b")
_CAPITALISED_BEFORE = re.compile(r"[A-ZÀ-Ý][\w’'\-]*\s+$")
_LIST_SEPARATOR = re.compile(r",\s|\set\s")
_LIST_SPLIT = re.compile(r",\s+|\s+et\s+")
_SPACES = re.compile(r"\s+")
_DIGIT = re.compile(r"\d")
_ACRONYM_PARTS = re.compile(r"\d+|[A-Za-z]")


def extract(document_id: str, segmented: Segmented, so_far: Facts) -> Facts:
    """Return the clusters, filières, attribute readings and table links of one document."""
    common = common_words("\n".join(p.text for p in segmented.passages))
    registry = Registry.from_facts(Facts(), common)
    out = Facts()
    table_list = tables.tables(segmented)
    pe_rows: list[tuple[int, tables.TableRow]] = []
    in_tables: set[int] = set()  # paragraphs read as a table's first row (cut off by the layout)
    for seq, passage in table_list:
        if tables.is_pe_table(passage):
            pe_rows.extend((seq, row) for row in tables.dated_rows(tables.body_lines(passage)))
        elif not domains.is_domain_table(passage):
            _read_list_table(document_id, segmented, seq, registry, in_tables)
            _read_row_table(document_id, segmented, seq, registry)
    # PC and grappes named in the prose first, so that the pôles' table can recognise them.
    _read_typed_phrases(document_id, segmented, registry, kinds=("PC", "GE"), skip=in_tables)
    _read_kind_sections(document_id, segmented, registry)
    for seq, row in pe_rows:
        pe_table.read_row(document_id, seq, row, registry, out)
    _read_typed_phrases(document_id, segmented, registry, kinds=("PC", "GE", "PE", "other"),
                        skip=in_tables)
    for seq, passage in table_list:
        _learn_table_acronyms(passage, registry)
    _learn_prose_acronyms(segmented, registry)
    for _seq, passage in table_list:
        registry.record_spellings(passage.text, require_type=False)
    attributes.read_fte(document_id, segmented, table_list, registry, out)
    attributes.read_row_dates(document_id, table_list, registry, out)
    attributes.read_prose(document_id, segmented, registry, out)
    out.clusters = registry.clusters()
    out.filieres = filieres.extract_filieres(document_id, segmented, registry, pe_rows, out)
    return out


def _read_list_table(document_id: str, segmented: Segmented, seq: int, registry: Registry,
                     in_tables: set[int]) -> None:
    passage = segmented.passages[seq]
    lines = tables.body_lines(passage)
    before = segmented.passages[seq - 1] if seq else None
    if before is not None and before.kind == "paragraph" and tables.list_rows([before.text, "x"]):
        lines = [before.text, *lines]  # the first row's label, cut off as a line of prose
        in_tables.add(seq - 1)
    for kind, label, names in tables.list_rows(lines, _written_whole(segmented)):
        # "à vocation mondiale Aerospace Valley": the qualifier is not part of the name.
        names = [_LEADING_QUALIFIERS.sub("", n) for n in names]
        names = [n for n in names if n[:1].isupper() or n[:1].isdigit()]
        quote = f"{label} {', '.join(names)}"
        for name in names:
            registry.add(name, kind, Evidence(document_id, seq, quote))


def _written_whole(segmented: Segmented):
    """`word` → whether the document writes it whole, as a word, in some passage."""
    def glued(word: str) -> bool:
        return any(word in p.text and _whole_word_in(word, p.text) for p in segmented.passages)
    return glued


def _whole_word_in(word: str, text: str) -> bool:
    """`(?<![\\w’'\\-])word(?![\\w’'\\-])` found in `text`, read with `find` rather than a
    pattern compiled for each word (`\\w` is `isalnum` or `_`)."""
    start = text.find(word)
    while start >= 0:
        end = start + len(word)
        before, after = text[start - 1 : start], text[end : end + 1]
        if not (before.isalnum() or before in _WORD_MARKS) and not (after.isalnum() or after in _WORD_MARKS):
            return True
        start = text.find(word, start + 1)
    return False


_WORD_MARKS = frozenset("_’'-")  # what goes on a word besides letters and digits ("" does not)


def _read_row_table(document_id: str, segmented: Segmented, seq: int, registry: Registry) -> None:
    """A table headed "Cluster | Date | Effectif": each row opens with a cluster's name."""
    lines = tables.body_lines(segmented.passages[seq])
    if len(lines) < 3:
        return
    words = folded_words(lines[0])
    kind = next((k for phrase, k in _TYPED if words[: len(phrase)] == phrase), None)
    rows = [m for m in (_ROW_NAME.match(line) for line in lines[1:]) if m]
    if kind is None or len(rows) < 2:
        return
    for row in rows:
        name = row.group(1).strip()
        if not all(w in registry.index.common or w in STOPWORDS for w in folded_words(name)):
            registry.add(name, kind, Evidence(document_id, seq, row.string.strip()))


def _read_typed_phrases(document_id: str, segmented: Segmented, registry: Registry,
                        kinds: tuple[str, ...], skip: set[int] = frozenset()) -> None:
    """`la grappe d'entreprises X`, `le pôle de compétitivité X`, `X, cluster de…`."""
    for seq, passage in enumerate(segmented.passages):
        if passage.kind not in _PROSE_KINDS or seq in skip:
            continue
        text = passage.text
        words, starts, ends = cut(text)
        for i in _typed_starts(text):
            for phrase, kind in _BY_FIRST[words[i]]:
                if kind not in kinds:
                    continue
                n = len(phrase)
                if i + n > len(words) or words[i + 1 : i + n] != phrase[1:]:
                    continue
                if i >= 2 and list(words[i - 2 : i]) in (["pas", "de"], ["pas", "d"]):
                    break  # "il n'y a pas de pôle de compétitivité « numérique »"
                if starts[i] > 0 and text[starts[i] - 1 : starts[i]].isalpha():
                    break
                _typed_name(document_id, segmented, seq, text, ends[i + n - 1], kind, registry,
                            phrase)
                break
        if "other" not in kinds or "cluster" not in text:  # the pattern's own literal word
            continue
        for match in _APPOSITIVE.finditer(text):
            name = match.group(1)
            if len(name) >= 2 and fold_token(name.split()[0]) not in STOPWORDS:
                registry.add(name, "other", cite(document_id, segmented, seq, match.start()))


@lru_cache(maxsize=4096)
def _typed_starts(text: str) -> tuple[int, ...]:
    """Indices of the words of `text` that can open a typed phrase (read in two passes)."""
    if _BY_FIRST.keys().isdisjoint(folded_words(text)):
        return ()  # most passages: one pass in C that stops at the first typed word
    return tuple(positions_in(text, _BY_FIRST))


def _read_kind_sections(document_id: str, segmented: Segmented, registry: Registry) -> None:
    """"1.2 Les pôles de compétitivité" then "1.2.1 Le pôle X": X is of the section's kind."""
    kind_of_level: dict[int, str] = {}
    for seq, passage in enumerate(segmented.passages):
        if passage.kind != "heading" or not passage.level:
            continue
        for level in [lv for lv in kind_of_level if lv >= passage.level]:
            del kind_of_level[level]
        folded = " ".join(folded_words(passage.text))
        section_kind = next((k for label, k in _LIST_LABELS if label in folded), None)
        if section_kind:
            kind_of_level[passage.level] = section_kind
            continue
        inherited = kind_of_level[max(kind_of_level)] if kind_of_level else None
        match = _GENERIC_HEADING.match(passage.text)
        if inherited and match:
            _typed_candidate(match.group(1).strip(" «»\""), False, inherited,
                             cite(document_id, segmented, seq, 0), registry)


def _typed_name(document_id: str, segmented: Segmented, seq: int, text: str, end: int,
                kind: str, registry: Registry, kind_words: tuple[str, ...]) -> None:
    qualifiers = _QUALIFIERS.match(text, end)
    end = qualifiers.end() if qualifiers else end
    rest = text[end : end + 90]
    if rest[:1].isalnum() or (len(kind_words) == 1 and not _NAME_AFTER.match(rest)):
        return  # glued word, or a short kind word ("PC", "grappe") not followed by a name
    quoted = _QUOTED.match(rest)
    match = quoted or _CAPITALISED.match(rest)
    if not match:
        return
    if len(kind_words) == 1 and text[end - len(kind_words[0]) : end][:1].isupper() and _CAPITALISED_BEFORE.search(
            text[max(0, end - 60) : end - len(kind_words[0])]):
        return  # "Alpha Cluster Jean Dupont": the kind word ends a name, it does not type one
    if registry.find_exact(match.group(1).strip(" .,;:")) is None and any(
            m.start <= match.start(1) and m.end > match.end(1)
            for m in registry.index.find(rest, require_type=False)):
        return  # "le pôle d'excellence Chimie verte Sud": a known name, longer than its capitals
    name = match.group(1).strip(" .,;:")
    acronym_follow = _ACRONYM_AFTER.match(rest[match.end():])
    full = f"{name} ({acronym_follow.group(1)})" if acronym_follow and not quoted else name
    names = [full]
    if not quoted and _LIST_SEPARATOR.search(name) and registry.find_exact(full) is None:
        # "les pôles de compétitivité A, B et C" are three; "le pôle A, …" is the first only.
        parts = [p for p in _LIST_SPLIT.split(name) if p]
        names = parts if kind_words[0].endswith("s") else parts[:1]
    evidence = cite(document_id, segmented, seq, end)
    for candidate in names:
        _typed_candidate(candidate, bool(quoted), kind, evidence, registry)


def _typed_candidate(name: str, quoted: bool, kind: str, evidence: Evidence, registry: Registry) -> None:
    first = name[:1]
    if not first or not (first.isupper() or first.isdigit()) or len(name) < 2:
        return
    if name in ("PC", "GE", "PE"):
        return
    known = registry.find_exact(name) or registry.find_exact(name, kind)
    if known is not None:
        registry.add(name, known.kind, None)
        if evidence not in known.evidence and len(known.evidence) < 12:
            known.evidence.append(evidence)
        return
    # A typed phrase may start a longer sentence: keep only the words up to a known boundary.
    if not quoted and len(name.split()) > 4:
        return
    ordinary = all(w in registry.index.common or w in STOPWORDS for w in folded_words(name))
    if not ordinary and (kind == "other" or not registry.index.find(name, require_type=False)):
        registry.add(name, kind, evidence)


def _learn_table_acronyms(passage, registry: Registry) -> None:
    """In a table, `Long form (ACR)` where ACR is a known cluster gives it another spelling."""
    text = tables.join_cells(tables.body_lines(passage))
    for match in _ACRONYM_IN_BRACKETS.finditer(text):
        cluster = registry.find_exact(match.group(1))
        if cluster is None:
            continue
        before = text[: match.start()]
        words = [w for w in _SPACES.split(before[-120:].strip(" ,;")) if w]
        long_form = initials_suffix(words, match.group(1))
        mentions = registry.index.find(before[-60:], require_type=False)
        last_words = before[-60:][mentions[-1].end:].split() if mentions else []
        if (long_form is None and len(last_words) == 1
                and registry.by_key[mentions[-1].key].kind in ("PC", "GE", "other")):
            long_form = last_words[0]  # "ACME Numérique (PRN)": one word right after a PC
        if long_form and not _DIGIT.search(long_form) and registry.find_exact(long_form) is None:
            registry.alias(cluster, long_form)
            registry.alias(cluster, f"{long_form} ({match.group(1)})")


def _learn_prose_acronyms(segmented: Segmented, registry: Registry) -> None:
    """`le « Pôle régional numérique » (PRN)`: a long form whose initials spell a known acronym."""
    for passage in segmented.passages:
        if passage.kind not in _PROSE_KINDS or "(" not in passage.text:
            continue
        for match in _ACRONYM_IN_BRACKETS.finditer(passage.text):
            cluster = registry.find_exact(match.group(1))
            if cluster is None:
                continue
            words = passage.text[max(0, match.start() - 120): match.start()].split()
            long_form = initials_suffix([w for w in words if w.strip("«»\"“”")], match.group(1))
            if long_form and len(long_form) > len(match.group(1)) + 3 and registry.find_exact(long_form) is None:
                registry.alias(cluster, long_form)


def initials_suffix(words: list[str], acronym: str) -> str | None:
    """The last words whose initials spell the acronym (`T2M` = T, M, M), or None."""
    letters, times = "", 1
    for part in _ACRONYM_PARTS.findall(acronym):
        if part.isdigit():
            times = int(part)
        else:
            letters, times = letters + part * times, 1
    letters = letters.lower()
    for size in range(1, min(len(words), 8) + 1):
        chosen = words[-size:]
        initials = "".join(fold_token(w.strip("«»\"“”,;()"))[:1] for w in chosen
                           if fold_token(w.strip("«»\"“”,;()")) not in STOPWORDS)
        if initials == letters:
            return " ".join(chosen).strip(" ,;«»\"“”-")
        if len(initials) > len(letters):
            return None
    return None
