"""Extraction of roles: who directs, presides or vice-presides which cluster or organisation.

Sources, in order: the interviewees' annex (a function such as "Directeur général" in the
row of a structure that names a cluster), the prose around a named person ("X, vice-
président du Conseil Régional", "X a pris la présidence du pôle", "Le président du pôle est
X"), what the document says across places ("le directeur de A est également directeur
général de B", "la direction de B sera assumée par le directeur de A", "les trois structures
… ont le même directeur", a cluster's structure porteuse whose director the annex names; see
`roles_inferred`), and finally unnamed mentions ("le directeur du pôle") as more evidence
(`role_mentions`). A role read in several places keeps every piece of evidence.
"""

from __future__ import annotations

import re

from grappe.importer.extract import people, role_mentions, roles_inferred
from grappe.importer.extract.annex import AnnexRow, annex_rows
from grappe.importer.extract.evidence import sentence_spans
from grappe.importer.extract.role_targets import (
    PHRASES, ROLE, ROLE_AT_START, ROLE_NOUN, ROLE_NOUNS, TARGET, VOCAB, Resolver, RoleBook,
    Target, alternation, role_name,
)
from grappe.importer.facts import ActorFact, Evidence, Facts
from grappe.importer.keys import slug
from grappe.importer.segment import Segmented

_PROSE_KINDS = ("paragraph", "bullet", "footnote")
# Parts of one annex function: "Directeur général X et responsable métier Y", "Directeur- Coordinateur".
_FUNCTION_PARTS = re.compile(rf"\s+et\s+(?={re.sub(r'[?]P<[a-z]+>', '?:', ROLE)})|-\s+", re.IGNORECASE)
_CONNECTIVE = re.compile(
    rf"^(?:\s|,|\b(?:{alternation(PHRASES['copulas'] + PHRASES['also'])})\b"
    r"|\ben\s+charge\s+[^,.;]*|\bensuite\b)*$", re.IGNORECASE
)
_ROLE_WITH_TARGET = re.compile(rf"{ROLE}\s+{TARGET}", re.IGNORECASE)
_TAKES_ROLE = re.compile(
    rf"^\s*(?:{alternation(PHRASES['taking'])})\s+(?:\w+\s+)?(?:la|le|l['’])\s*"
    rf"(?P<noun>{ROLE_NOUN})\s+{TARGET}", re.IGNORECASE
)
# "…, dont le président, X," / "…, dont la présidente, X,": the role is the antecedent's.
_DONT_ROLE = re.compile(rf"\bdont\s+(?:le|la|l['’])\s*{ROLE}\s*,\s*$", re.IGNORECASE)
# "Le président du pôle est X".
_ROLE_IS = re.compile(rf"(?:^|\b)(?:le|la|l['’])\s*{ROLE}\s+{TARGET}\s+(?:est|était)\s*:?\s*$",
                      re.IGNORECASE)
_CAPITALISED_RUN = re.compile(r"[A-ZÀ-Þ][\w’'\-]*(?:\s+(?:(?:de|du|des|de la|d['’]|la|le)\s*)?[A-ZÀ-Þ][\w’'\-]*)*")
_ANTECEDENT_HEADS = re.compile(rf"\b(?:{alternation(VOCAB['antecedent_heads'])})\b", re.IGNORECASE)


sentences = sentence_spans


class _PersonKeys:
    """The key of a person from any of their spellings (or the same surname and initial)."""

    def __init__(self, persons: list[ActorFact]) -> None:
        self.exact = {n: p.key for p in persons for n in (p.name, *p.aliases)}
        self.loose = {(people.surname_of(p.name), people.initials_of(p.name)): p.key for p in persons}
        surnames: dict[str, set[str]] = {}
        for p in persons:
            surnames.setdefault(people.surname_of(p.name), set()).add(p.key)
        self.by_surname = {s: next(iter(keys)) for s, keys in surnames.items() if len(keys) == 1}

    def __call__(self, name: str) -> str | None:
        if name in self.exact:
            return self.exact[name]
        if len(name.split()) == 1:  # "M. Durand" → the one person named Durand
            return self.by_surname.get(people.surname_of(name))
        return self.loose.get((people.surname_of(name), people.initials_of(name)))


def _annex_roles(document_id: str, row: AnnexRow, person_key: str, resolver: Resolver,
                 book: RoleBook) -> None:
    """Roles stated by one annex row: each part of its function that starts with a role word."""
    seq = row.name_seq if row.name_seq is not None else row.seqs[0]
    evidence = [Evidence(document_id, seq, row.quote())]
    structure_clusters = resolver.clusters_in(row.structure)
    for part in _FUNCTION_PARTS.split(row.function):
        match = ROLE_AT_START.match(part)
        if not match:
            continue
        rest = part[match.end():].strip()
        named = resolver.clusters_in(rest)
        role = role_name(match.group("head"), match.group("qual"))
        if named:
            for mention in resolver.index.find(rest):
                rest = rest.replace(mention.surface, "")
        words = rest.split()
        if words and not re.match(r"^(?:à|a|de|du|des|d['’]|en|au|pour)$", words[0], re.I) \
                and len(words) <= 4:
            role = f"{role} {' '.join(words).lower()}".strip(" -")
        if named:
            targets = [Target("cluster", key) for key in named]
        elif structure_clusters:
            doubtful = len(structure_clusters) > 1
            targets = [Target("cluster", key, doubtful) for key in structure_clusters]
        elif row.structure:
            targets = [Target("actor", slug(row.structure))]
        else:
            continue
        for target in targets:
            book.add(person_key, role, target, evidence, label=row.structure)


def _antecedent(before: str) -> str | None:
    """The institution a "dont" refers to: the last capitalised name before it, preferring one
    headed by an institution word ("Communauté d'agglomération de X")."""
    clause = re.split(r"[.;:]", before)[-1]
    runs = [m for m in _CAPITALISED_RUN.finditer(clause)]
    for run in reversed(runs):
        tail = clause[run.start():].split(",")[0]
        if _ANTECEDENT_HEADS.match(run.group()):
            return tail.strip()
    return runs[-1].group().strip() if runs else None


def _prose_roles(document_id: str, segmented: Segmented, person_key: _PersonKeys,
                 resolver: Resolver, book: RoleBook) -> None:
    """Roles said of a named person in one sentence."""
    for seq, passage in enumerate(segmented.passages):
        if passage.kind not in _PROSE_KINDS:
            continue
        text = passage.text
        mentions = people.person_mentions(text)
        if not mentions:
            continue
        bounds = sentences(text)
        for i, mention in enumerate(mentions):
            key = person_key(mention.name)
            if key is None:
                continue
            # Initials ("G. Le Floch") look like a sentence end: take the sentence holding the
            # mention's start for what precedes it, and the one holding its end for what follows.
            start = next(s for s, e in bounds if mention.start <= e)
            end = next(e for s, e in bounds if mention.end <= e)
            stop = min(end, mentions[i + 1].start) if i + 1 < len(mentions) else end
            evidence = [Evidence(document_id, seq, text[start:end].strip())]
            _roles_before(text[start:mention.start], key, seq, evidence, resolver, book)
            _roles_after(text[mention.end:stop], key, seq, evidence, resolver, book)


def _roles_before(before: str, key: str, seq: int, evidence: list[Evidence],
                  resolver: Resolver, book: RoleBook) -> None:
    dont = _DONT_ROLE.search(before)
    if dont:
        antecedent = _antecedent(before[:dont.start()])
        target = resolver.resolve(antecedent, seq, evidence) if antecedent else None
        if target:
            target.uncertain = True  # a relative clause's antecedent is a reading, not a statement
            role = role_name(dont.group("head"), dont.group("qual"))
            resolver.suggest_category(target, role)
            book.add(key, role, target, evidence)
    is_role = _ROLE_IS.search(before)
    if is_role:
        target = resolver.resolve(is_role.group("target"), seq, evidence)
        if target:
            book.add(key, role_name(is_role.group("head"), is_role.group("qual")), target, evidence)


def _roles_after(after: str, key: str, seq: int, evidence: list[Evidence],
                 resolver: Resolver, book: RoleBook) -> None:
    taken = _TAKES_ROLE.match(after)
    if taken:
        target = resolver.resolve(taken.group("target"), seq, evidence)
        if target:
            book.add(key, role_name(ROLE_NOUNS[people.quick_fold(taken.group("noun"))]),
                     target, evidence)
    position = 0
    for match in _ROLE_WITH_TARGET.finditer(after):
        if not _CONNECTIVE.match(after[position:match.start()]):
            break
        target = resolver.resolve(match.group("target"), seq, evidence)
        if target:
            book.add(key, role_name(match.group("head"), match.group("qual")), target, evidence)
        position = match.end()


def extract(document_id: str, segmented: Segmented, so_far: Facts) -> Facts:
    """Roles of one document, with the organisations they name that were not known yet."""
    person_key = _PersonKeys([a for a in so_far.actors if a.kind == "person"])
    resolver = Resolver(segmented, so_far.clusters, so_far.actors)
    book = RoleBook()
    for row in annex_rows(segmented):
        key = person_key(row.name)
        if key is not None and row.function:
            _annex_roles(document_id, row, key, resolver, book)
    _prose_roles(document_id, segmented, person_key, resolver, book)
    roles_inferred.infer(document_id, segmented, resolver, book)
    roles_inferred.infer_from_structures(so_far, book)
    role_mentions.corroborate(document_id, segmented, resolver, book)
    known = {a.key for a in so_far.actors}
    organisations = [o for k, o in resolver.new_organisations.items() if k not in known]
    return Facts(roles=book.roles, actors=organisations)
