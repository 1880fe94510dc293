"""Roles the document states across places: a sentence that refers to "the director of A"
combined with the place (the annex, another sentence) that says who that director is.

- "Le directeur de A est également directeur général de B" → A's director directs B;
- "La direction de B sera assumée par le directeur de A" → the same;
- "A, dont le président assure la vice-présidence de B" → A's president vice-presides B;
- "Les trois structures … ont le même directeur" → the structures listed just before (one
  per bullet) share the director known for one of them;
- a cluster's structure porteuse (read by the clusters stage) whose director or president the
  annex names → that person directs or presides the cluster.
Each role so inferred is `inferred=True` and carries the sentence, the listing and the
evidence of the role it was inferred from; the latter is confirmed and gains the sentence too.
"""

from __future__ import annotations

import re
from itertools import islice

from grappe.importer.extract.evidence import sentence_at
from grappe.importer.extract.keyword_gate import KeywordGate, gate_fold
from grappe.importer.extract.role_targets import (
    PHRASES, PREPOSITION, ROLE, ROLE_NOUN, ROLE_NOUNS, TARGET_STOP, VOCAB, Resolver, RoleBook, Target,
    alternation, casefolded, may_hold_role, role_family, role_name,
)
from grappe.importer.extract import people
from grappe.importer.extract.people import quick_fold
from grappe.importer.facts import ClusterFact, Evidence, Facts
from grappe.importer.segment import Segmented

_PROSE_KINDS = ("paragraph", "bullet")


def _role(suffix: str) -> str:
    return ROLE.replace("?P<head>", f"?P<head{suffix}>").replace("?P<qual>", f"?P<qual{suffix}>")


def _target(name: str) -> str:
    return rf"{PREPOSITION}\s*(?P<{name}>[^,.;:()«»]+?){TARGET_STOP}"


_ALSO = rf"(?:(?:{alternation(PHRASES['also'])})\s+)?"
_ALSO_ROLE = re.compile(
    rf"(?=[lL])\b(?:le|la|l['’])\s*{_role('x')}\s+{_target('x')}\s+(?:est|sera|était)\s+{_ALSO}"
    rf"{_role('y')}\s+{_target('y')}", re.IGNORECASE,
)
_ASSUMED = re.compile(
    rf"(?=[lL])\b(?:la|le|l['’])\s*(?P<noun>{ROLE_NOUN})\s+{_target('y')}\s+(?:sera|est|a\s+été|serait)\s+"
    rf"(?:donc\s+|alors\s+|désormais\s+)?(?:{alternation(PHRASES['assumed'])})\s*(?:le|la|l['’])?\s*"
    rf"{_role('x')}\s+{_target('x')}", re.IGNORECASE,
)
# "X, dont le président assure la vice-présidence de Y" (X: back to the previous comma).
_DONT_TAKES = re.compile(
    rf",\s+dont\s+(?:le|la|l['’])\s*{_role('x')}\s+"
    rf"(?:{alternation(PHRASES['taking'])})\s+(?:la|le|l['’])\s*(?P<noun>{ROLE_NOUN})\s+{_target('y')}",
    re.IGNORECASE,
)
_NUMBERS = {quick_fold(k): v for k, v in PHRASES["numbers"].items()}
_COUNTED = rf"(?P<count>{alternation(list(PHRASES['numbers']))})\s+(?:{alternation(PHRASES['structure_nouns'])})"
_SHARED = (
    re.compile(rf"(?=[lcLC])\b(?:les|ces)\s+{_COUNTED}.*?\b(?:{alternation(PHRASES['shared'])})\s+{_role('s')}",
               re.IGNORECASE),
    re.compile(rf"\b{_role('s')}\s+(?:{alternation(PHRASES['shared'])})\s+{_COUNTED}", re.IGNORECASE),
)

_ANY_ROLE = re.compile(re.sub(r"[?]P<[a-z]+>", "?:", ROLE), re.IGNORECASE)
_ANY_NOUN = re.compile(ROLE_NOUN, re.IGNORECASE)
_NOUN_WORDS = KeywordGate(_ANY_NOUN)  # most passages hold none of its words: not scanned
_STEMS = tuple({people.quick_fold(h)[:5] for h in VOCAB["role_heads"]} |
               {h.casefold()[:5] for h in VOCAB["role_heads"]} | {n.casefold()[:5] for n in VOCAB["role_nouns"]})
_ANY_STEM = re.compile("|".join(map(re.escape, _STEMS)))  # any stem in one scan
_SHARED_WORDS = tuple(w.split()[-1].casefold() for w in PHRASES["shared"])


def infer(document_id: str, segmented: Segmented, resolver: Resolver, book: RoleBook) -> None:
    """Add to `book` the roles the document states across places."""
    for seq, passage in enumerate(segmented.passages):
        if passage.kind not in _PROSE_KINDS:
            continue
        text = passage.text
        if not may_hold_role(text):
            continue  # every pattern below holds a role: no role word, nothing to read
        lowered = casefolded(text)
        if not _ANY_STEM.search(lowered):
            continue  # most passages name no role: skip the costly patterns
        heads = len(list(islice(_ANY_ROLE.finditer(text), 2)))  # only "two or more" matters
        noun = _NOUN_WORDS.may_match(gate_fold(text)) and _ANY_NOUN.search(text)
        patterns = [_ASSUMED] if noun else []
        if heads >= 2:
            patterns.append(_ALSO_ROLE)
        if " dont " in lowered:
            patterns.append(_DONT_TAKES)
        for pattern in patterns:
            for match in pattern.finditer(text):
                _carry_over(document_id, seq, text, match, resolver, book)
        if any(word in lowered for word in _SHARED_WORDS) and \
                any(f" {number} " in lowered for number in _NUMBERS):
            for match in (m for pattern in _SHARED for m in pattern.finditer(text)):
                _shared(document_id, segmented, seq, text, match, resolver, book)


def _carry_over(document_id: str, seq: int, text: str, match: re.Match[str], resolver: Resolver,
                book: RoleBook) -> None:
    """The holder of role x in structure x also holds role y in structure y (and the other way
    round: when only y's holder is known, that person holds role x in x)."""
    evidence = Evidence(document_id, seq, sentence_at(text, match.start()))
    x_role = role_name(match.group("headx"), match.groupdict().get("qualx"))
    groups = match.groupdict()
    if groups.get("noun"):
        y_role = role_name(ROLE_NOUNS[quick_fold(groups["noun"])])
    else:
        y_role = role_name(groups["heady"], groups.get("qualy"))
    x_phrase = _x_phrase(text, match)
    y_target = resolver.resolve(match.group("y"), seq, [evidence])
    holders = book.holders(role_family(x_role), set(resolver.clusters_in(x_phrase)), label_words=x_phrase)
    if holders and y_target is not None:
        _give(holders, y_role, y_target, evidence, [], book)
        return
    x_keys = resolver.clusters_in(x_phrase)
    if y_target is None or not x_keys:
        return
    holders = book.holders(role_family(y_role), {y_target.key})
    if holders:
        _give(holders, x_role, Target("cluster", x_keys[0], len(x_keys) > 1), evidence, [], book)


def _x_phrase(text: str, match: re.Match[str]) -> str:
    """Structure x: its group, or for "X, dont le …" the words back to the previous comma."""
    if "x" in match.re.groupindex:
        return match.group("x").strip()
    before = text[:match.start()]
    return re.split(r"[,;:.]", before)[-1].strip()


def _give(holders: list, role: str, target: Target, evidence: Evidence, more: list[Evidence],
          book: RoleBook) -> None:
    persons = {h.person_key for h in holders}
    target.uncertain = target.uncertain or len(persons) > 1
    for holder in holders:
        known = [evidence, *more, *holder.evidence]
        book.add(holder.person_key, role, target, known, inferred=True)
        book.add(holder.person_key, holder.role, Target(holder.of_type, holder.of_key),
                 [evidence], inferred=True)


def _shared(document_id: str, segmented: Segmented, seq: int, text: str, match: re.Match[str],
            resolver: Resolver, book: RoleBook) -> None:
    """"Les N structures … ont le même directeur": the structures listed before share it."""
    count = _NUMBERS.get(quick_fold(match.group("count")), 0)
    evidence = Evidence(document_id, seq, sentence_at(text, match.start()))
    listed = _listed_structures(document_id, segmented, seq, count, resolver)
    if len(listed) < 2:
        return
    family = role_family(role_name(match.group("heads")))
    keys = {key for key, _ in listed}
    holders = book.holders(family, keys)
    if not holders:
        return
    role = role_name(match.group("heads"), match.group("quals"))
    listing = [ev for _, ev in listed]
    for key, _ in listed:
        _give(holders, role, Target("cluster", key), evidence, listing, book)


def _listed_structures(document_id: str, segmented: Segmented, seq: int, count: int,
                       resolver: Resolver) -> list[tuple[str, Evidence]]:
    """The `count` structures of the bullets just before passage `seq` (one cluster each)."""
    section = segmented.passages[seq].section_number
    bullets: list[int] = []
    gap = 0
    for back in range(seq - 1, max(-1, seq - 12), -1):
        passage = segmented.passages[back]
        if passage.section_number != section or passage.kind in ("heading", "subheading"):
            break
        if passage.kind == "bullet":
            bullets.append(back)
            if len(bullets) == count:
                break
        elif bullets or gap >= 3:
            break
        else:
            gap += 1
    listed: list[tuple[str, Evidence]] = []
    for back in reversed(bullets):
        text = segmented.passages[back].text
        keys = resolver.clusters_in(text)
        if keys and keys[0] not in {k for k, _ in listed}:
            listed.append((keys[0], Evidence(document_id, back, sentence_at(text, 0))))
    return listed if len(listed) == count else []


_LEGAL_FORMS = re.compile(rf"\b(?:{alternation([quick_fold(w) for w in PHRASES['legal_forms']])})\b")


def _plain(role: str) -> bool:
    """`directeur`, `directrice générale`, `président`: not a department's director."""
    words = role.split()
    return len(words) == 1 or (len(words) == 2 and quick_fold(words[1]).startswith("general"))


def infer_from_structures(so_far: Facts, book: RoleBook) -> None:
    """The director (or president) of a cluster's structure porteuse, named in the annex."""
    evidence_of = {a.entity_key: a.evidence for a in so_far.attributes
                   if a.entity_type == "cluster" and a.name == "structure"}
    # Only a role read with its structure's name (the annex) can be such a holder: those
    # names folded once, padded so that a phrase of whole words is a plain substring (the
    # loop below adds roles, never with a name).
    labelled = [(r, f" {quick_fold(book.labels[id(r)])} ")
                for r in book.roles if id(r) in book.labels]
    for cluster in so_far.clusters:
        wanted = _structure_words(cluster)
        if not wanted:
            continue
        phrase = f" {' '.join(wanted)} "
        holders = [r for r, label in labelled
                   if r.of_key != cluster.key and _plain(r.role) and phrase in label]
        known = {(r.person_key, role_family(r.role)) for r in book.roles if r.of_key == cluster.key}
        families: dict[str, set[str]] = {}
        for holder in holders:
            families.setdefault(role_family(holder.role), set()).add(holder.person_key)
        for holder in holders:
            if (holder.person_key, role_family(holder.role)) in known:
                continue
            doubtful = len(families[role_family(holder.role)]) > 1
            more = evidence_of.get(cluster.key) or cluster.evidence[:1]
            book.add(holder.person_key, holder.role, Target("cluster", cluster.key, doubtful),
                     [*holder.evidence, *more], inferred=True)


def _structure_words(cluster: ClusterFact) -> list[str]:
    if not cluster.structure:
        return []
    name = quick_fold(cluster.structure.split(",")[0])
    return _LEGAL_FORMS.sub(" ", name).split()

