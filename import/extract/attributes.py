"""Cluster attributes: staff (ETP) from the recap table, creation dates, members and location
from the prose — every reading kept, and disagreeing readings flagged as uncertain."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import defaultdict

from grappe.importer.extract import tables
from grappe.importer.extract.evidence import cite, sentence_spans
from grappe.importer.extract.keyword_gate import KeywordGate, folded_passage
from grappe.importer.extract.names import Mention, folded_words
from grappe.importer.extract.regex_gate import gated
from grappe.importer.extract.registry import Registry
from grappe.importer.facts import AttributeFact, Evidence, Facts
from grappe.importer.segment import Passage, Segmented
from grappe.importer.vocab import load_vocabulary

_VOCAB = load_vocabulary("clusters")
_CREATED = gated(re.compile(r"\b" + _VOCAB["created_verbs"], re.IGNORECASE))  # gated: same matches, faster
_MONTHS = "|".join(["janvier", "février", "fevrier", "mars", "avril", "mai", "juin", "juillet",
                    "août", "aout", "septembre", "octobre", "novembre", "décembre", "decembre",
                    "fin", "début", "debut", "mi"])
_DATE = re.compile(r"(?:\b(?P<month>" + _MONTHS + r")[\s\-]+)?\b(?P<year>(?:19|20)\d\d)\b", re.IGNORECASE)
_MEMBERS = gated(re.compile(_VOCAB["members_pattern"], re.IGNORECASE))
_MEMBERS_OF_THESE = gated(re.compile(r"(?:regroupe|compte|rassemble)\s+(?:environ\s+|plus\s+de\s+)?(\d[\d\s]*)\s+de\s+ces\s+(?:entreprises|membres)", re.IGNORECASE))
_LOCATION = re.compile(_VOCAB["location_pattern"])
COMPARED = ("created", "fte", "members")
_ANAPHORA = re.compile(_VOCAB["anaphora"], re.IGNORECASE)
_FTE_PROSE = gated(re.compile(_VOCAB["fte_prose"], re.IGNORECASE))
_DEFINES = re.compile(r"\W{0,3}\s*(?:\([^)]*\)\s*)?(?:est|était|constitue|reste)\s+(?:un|une|le|la|l’|l')", re.IGNORECASE)
MAX_SUMMARY = 300
# The words each statement needs (keyword_gate): a sentence without them is not scanned.
_MEMBERS_PATTERNS = [(p, KeywordGate(p)) for p in (_MEMBERS, _MEMBERS_OF_THESE)]
_FTE_WORDS = KeywordGate(_FTE_PROSE)
_LOCATION_WORDS = KeywordGate(_LOCATION)


def reading(entity_key: str, name: str, value: str, evidence: Evidence,
            uncertain: bool = False) -> AttributeFact:
    return AttributeFact(entity_key, "cluster", name, value, uncertain, [evidence])


sentences = sentence_spans


def read_fte(document_id: str, segmented: Segmented, table_list: list[tuple[int, Passage]],
             registry: Registry, out: Facts) -> None:
    """`Name (N ETP)` cells: the number belongs to the known name written just before it."""
    for seq, passage in table_list:
        text = tables.join_cells(tables.body_lines(passage))
        cells = tables.fte_cells(text)
        if len(cells) < 3:
            continue
        for value, start, _end in cells:
            mentions = registry.index.find_before(text, start, require_type=False)
            # Between the name and its count: nothing, or other cells of numbers ("Lumière 2006 3 ETP").
            if not mentions or text[mentions[-1].end:start].strip(" *\n)0123456789,."):
                continue
            owner = mentions[-1]
            if len(mentions) > 1:
                before = mentions[-2]
                kinds = (registry.by_key[before.key].kind, registry.by_key[owner.key].kind)
                if (before.key != owner.key and not text[before.end:owner.start].strip(" ")
                        and kinds[0] in ("PC", "GE") and kinds[1] == "PE"):
                    # "APAF Plasturgie (3 ETP)": a grappe named with its filière's theme.
                    registry.alias(registry.by_key[before.key], text[before.start:owner.end])
                    owner = before
            cluster = registry.by_key[owner.key]
            quote = text[owner.start:_end]
            shown = f"{value:g}".replace(".", ",")
            out.attributes.append(reading(cluster.key, "fte", shown, Evidence(document_id, seq, quote)))
            if cluster.fte is None:
                cluster.fte = value
    flag_contradictions(registry, out)


def read_row_dates(document_id: str, table_list: list[tuple[int, Passage]], registry: Registry,
                   out: Facts) -> None:
    """A table with a "date de création" column: a row opening with a name, then its year."""
    for seq, passage in table_list:
        lines = tables.body_lines(passage)
        if not lines or not any(w.startswith("creation") for w in folded_words(" ".join(lines[:3]))):
            continue
        for line in lines:
            mentions = registry.index.find(line, require_type=False)
            if not mentions or line[: mentions[0].start].strip():
                continue
            year = _DATE.search(line, mentions[0].end)
            if year and not line[mentions[0].end : year.start()].strip(" (").replace(year.group("month") or "", ""):
                value = f"{(year.group('month') or '').lower()} {year.group('year')}".strip()
                _record(registry, out, mentions[0].key, "created", value, Evidence(document_id, seq, line))
                if registry.by_key[mentions[0].key].created is None:
                    registry.by_key[mentions[0].key].created = value


def _heading_cluster(passage: Passage, registry: Registry) -> str | None:
    title = passage.section_title or ""
    keys = {m.key for m in registry.index.find(title)}
    return keys.pop() if len(keys) == 1 else None


def read_prose(document_id: str, segmented: Segmented, registry: Registry, out: Facts) -> None:
    """Creation dates, member counts and locations stated in sentences that name a cluster."""
    heading_of: dict[str | None, str | None] = {}
    for seq, passage in enumerate(segmented.passages):
        if passage.kind not in ("paragraph", "bullet"):
            continue
        text = passage.text
        mentions = registry.index.find(text)
        registry.record_spellings(text, mentions=mentions)
        # Passages of one section share its title; the index does not change in this loop.
        title = passage.section_title
        if title not in heading_of:
            heading_of[title] = _heading_cluster(passage, registry)
        heading = heading_of[title]
        after_heading = seq > 0 and segmented.passages[seq - 1].kind in ("heading", "subheading")
        if not mentions and heading is None:
            # No cluster to own anything: only an opening sentence can summarise the section's.
            if after_heading:
                start, end = sentences(text)[0]
                _summary(registry, text[start:end], start, [], _leading_cluster(passage, registry))
            continue
        starts = [m.start for m in mentions]  # in text order: bisect keeps long paragraphs linear
        folded_text = folded_passage(text)
        for number, (start, end) in enumerate(sentences(text)):
            first = bisect_left(starts, start)
            inside = mentions[first:bisect_left(starts, end)]
            sentence = text[start:end]
            # "La grappe compte 45 membres": the cluster named just before, else the section's.
            context = mentions[first - 1].key if first and _ANAPHORA.match(sentence) else heading
            _summary(registry, sentence, start, inside,
                     _leading_cluster(passage, registry) if after_heading and number == 0 else None)
            if not inside and context is None:
                continue  # no cluster to own a date, count or place (each reading needs one)
            for created in _CREATED.finditer(sentence):  # "A, créé en 2006, et B, créé en 2004"
                opens = created.start() < 2 or bool(_ANAPHORA.match(sentence))
                _created(document_id, segmented, seq, start, sentence, created, inside,
                         context if opens else None, registry, out)
            folded = folded_text[start:end]
            for pattern, words in _MEMBERS_PATTERNS:
                count = pattern.search(sentence) if words.may_match(folded) else None
                if count:
                    key = _owner(inside, start + count.start(), context)
                    if key:
                        members = int(re.sub(r"\s", "", count.group(1)))
                        _record(registry, out, key, "members", str(members),
                                cite(document_id, segmented, seq, start + count.start()))
                        if registry.by_key[key].members is None:
                            registry.by_key[key].members = members
                    break
            staff = _FTE_PROSE.search(sentence) if _FTE_WORDS.may_match(folded) else None
            if staff:
                key = _owner(inside, start + staff.start(), context)
                if key:
                    value = float(staff.group(1).replace(",", "."))
                    _record(registry, out, key, "fte", f"{value:g}".replace(".", ","),
                            cite(document_id, segmented, seq, start + staff.start()))
                    if registry.by_key[key].fte is None:
                        registry.by_key[key].fte = value
            place = _LOCATION.search(sentence) if _LOCATION_WORDS.may_match(folded) else None
            if place:
                key = _owner(inside, start + place.start(), context)
                if key and registry.by_key[key].location is None:
                    registry.by_key[key].location = place.group(1)
                    _record(registry, out, key, "location", place.group(1),
                            cite(document_id, segmented, seq, start + place.start()))
    flag_contradictions(registry, out)


def _leading_cluster(passage: Passage, registry: Registry) -> str | None:
    """The cluster a section is about: its title opens with it or introduces it by its kind."""
    found = registry.index.find(passage.section_title or "", require_type=False)
    if len({m.key for m in found}) == 1 and (found[0].typed or found[0].start <= 4):
        return found[0].key
    return None


def _summary(registry: Registry, sentence: str, offset: int, inside: list[Mention],
             heading: str | None) -> None:
    """One line about a cluster: "X est un …", or the opening sentence of its own section."""
    key = heading
    if inside and inside[0].start - offset < 20 and _DEFINES.match(sentence[inside[0].end - offset:]):
        key = inside[0].key
    if key and registry.by_key[key].summary is None and 30 <= len(sentence) <= MAX_SUMMARY:
        registry.by_key[key].summary = " ".join(sentence.split())


def _owner(inside: list[Mention], position: int, heading: str | None) -> str | None:
    """The cluster a statement is about: the nearest name before it, else after, else the heading's."""
    before = [m for m in inside if m.start <= position]
    if before:
        return before[-1].key
    return heading or (inside[0].key if inside else None)


def _created(document_id: str, segmented: Segmented, seq: int, offset: int, sentence: str,
             verb: re.Match, inside: list[Mention], heading: str | None, registry: Registry,
             out: Facts) -> None:
    after = _DATE.search(sentence, verb.end(), min(len(sentence), verb.end() + 40))
    if after is None:
        earlier = list(_DATE.finditer(sentence, 0, verb.start()))
        after = earlier[-1] if earlier else None
    if after is None:
        return
    position = offset + verb.start()
    before = [m for m in inside if m.start < position]
    if before:
        key = before[-1].key  # the name the participle follows
    elif inside:
        key = min(inside, key=lambda m: abs(m.start - position)).key
    elif heading:
        key = heading  # "Fondé en 1996, …", "La grappe a été créée en …": the cluster in context
    else:
        return
    month = (after.group("month") or "").lower()
    value = f"{month} {after.group('year')}".strip()
    _record(registry, out, key, "created", value, cite(document_id, segmented, seq, offset + verb.start()))
    if registry.by_key[key].created is None:
        registry.by_key[key].created = value


def _record(registry: Registry, out: Facts, key: str, name: str, value: str, evidence: Evidence) -> None:
    for fact in out.attributes:
        if fact.entity_key == key and fact.name == name and fact.value == value:
            if evidence not in fact.evidence:
                fact.evidence.append(evidence)
            return
    out.attributes.append(reading(key, name, value, evidence))


def _year(value: str) -> str:
    match = re.search(r"(?:19|20)\d\d", value)
    return match.group() if match else value


def _disagree(name: str, values: set[str]) -> bool:
    if name != "created":
        return len(values) > 1
    if len({_year(v) for v in values}) > 1:
        return True
    months = {v.split()[0] for v in values if len(v.split()) > 1}
    return len(months) > 1


def flag_contradictions(registry: Registry, out: Facts) -> None:
    """Several different readings of one attribute: every reading and the cluster are flagged."""
    groups: dict[tuple[str, str], list[AttributeFact]] = defaultdict(list)
    for fact in out.attributes:
        if fact.entity_type == "cluster" and fact.name in COMPARED:
            groups[(fact.entity_key, fact.name)].append(fact)
    for (key, name), facts in groups.items():
        if _disagree(name, {f.value for f in facts}):
            for fact in facts:
                fact.uncertain = True
            cluster = registry.by_key.get(key)
            if cluster and name not in cluster.uncertain:
                cluster.uncertain.append(name)
