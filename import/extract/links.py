"""Links between clusters stated in the prose (cooperation, founding member, shared director,
seat in the other's governance, shared members, friction), and prose that casts doubt on a
link of the tables ("sans pôle de compétitivité ni grappe liés").

Who a sentence is about: the clusters it names; when it names one, the cluster named just
before in the paragraph or by the section's heading; when it names none but says "les deux
structures", the clusters the section named last. Table links are emitted by `clusters`.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from itertools import combinations

from grappe.importer.extract.attributes import sentences
from grappe.importer.extract.evidence import cite
from grappe.importer.extract.keyword_gate import KeywordGate, folded_passage, gate_fold
from grappe.importer.extract.names import Mention, common_words, compact_key, folded_words
from grappe.importer.extract.regex_gate import gated
from grappe.importer.extract.registry import Registry
from grappe.importer.facts import Evidence, Facts, LinkFact
from grappe.importer.segment import Segmented
from grappe.importer.vocab import load_vocabulary

_VOCAB = load_vocabulary("links")
# Gated (regex_gate): the same matches, found about twice as fast.
_RELATIONS = [(r["name"], gated(re.compile("|".join(f"(?:{p})" for p in r["patterns"]), re.IGNORECASE)))
              for r in _VOCAB["relations"]]
_ANY_RELATION = re.compile("|".join(f"(?:{p.pattern})" for _, p in _RELATIONS), re.IGNORECASE)
# The words one of which every relation needs: most sentences hold none, and the others are
# read by the relations' own gated patterns (the alternation of them all scans far slower).
_RELATION_WORDS = KeywordGate(_ANY_RELATION)
_NEGATIONS = [re.compile("|".join(f"(?:{p})" for p in _VOCAB["negations"]), re.IGNORECASE)]
_DENIAL = re.compile(_VOCAB["denial"], re.IGNORECASE)
_DENIAL_WORDS = KeywordGate(_DENIAL)  # most sentences hold none of its words: not scanned
# "les trois structures", "aux deux structures" (not "ces deux structures", which points back
# at names in the same sentence).
_GROUP = re.compile(
    r"\b(?:les|aux|des)\s+(?P<n>" + "|".join(_VOCAB["numbers"]) + r")\s+(?:"
    + "|".join(_VOCAB["group_words"]) + r")\b",
    re.IGNORECASE,
)
_GROUP_WORDS = KeywordGate(_GROUP)
_FILIERE_TITLE = re.compile(load_vocabulary("clusters")["filiere_title"], re.IGNORECASE)
_PREFIXES = frozenset(_VOCAB["structure_prefixes"])
_PAIRED = frozenset(_VOCAB["paired_with_previous"])
_NOT_A_LINK = tuple(_VOCAB["not_a_link_before"])
# A sentence opened by another organisation's acronym ("L'INRIA travaille avec …").
_THIRD_PARTY = re.compile(r"^\s*(?:[LlDd][’']|Le\s+|La\s+|Les\s+)?[A-Z]{2,}[A-Za-z0-9\-]*\b")
# "avec le président d'X": a person of X is the partner, not X itself.
_PERSON_ROLE = re.compile(_VOCAB["person_roles"], re.IGNORECASE)
# "un directeur …, qui avait déjà collaboré avec X": the relation is the antecedent's.
_RELATIVE_CLAUSE = re.compile(r"\bqui\b[^,;:()]*$", re.IGNORECASE)
# "les réunions lancées par X": X is the agent of another action, not a partner.
_AGENT = re.compile(r"\bpar\s*$", re.IGNORECASE)
_COOPERATION = _VOCAB["relations"][-1]["name"]


def relation_in(text: str) -> str | None:
    """The first relation whose words appear in `text`."""
    if not _RELATION_WORDS.may_match(gate_fold(text)):
        return None
    for name, pattern in _RELATIONS:
        if pattern.search(text):
            return name
    return None


def extract(document_id: str, segmented: Segmented, so_far: Facts) -> Facts:
    """Return the prose links of one document (and flag table links the prose contradicts)."""
    registry = Registry.from_facts(so_far, common_words("\n".join(p.text for p in segmented.passages)))
    by_structure = _structure_names(registry)
    found: dict[tuple[str, str, str], LinkFact] = {}
    subject: str | None = None
    recent: list[str] = []
    for seq, passage in enumerate(segmented.passages):
        if passage.kind in ("heading", "subheading"):
            named = _heading_subject(passage.text, registry, so_far)
            if passage.kind == "heading" and (passage.level or 9) <= 2:
                subject = named
            elif named:
                subject = named
            recent = []
            continue
        if passage.kind not in ("paragraph", "bullet"):
            continue
        text = passage.text
        mentions = registry.index.find(text)
        starts = [m.start for m in mentions]  # in text order: bisect keeps long paragraphs linear
        keys = [m.key for m in mentions]
        folded = folded_passage(text)
        # A sentence naming no cluster says something only with group or denial words.
        # Words no sentence of the paragraph can hold, then, are not looked for in each.
        group_words = _GROUP_WORDS.may_match(folded)
        denial_words = _DENIAL_WORDS.may_match(folded)
        quiet_without_names = not (group_words or denial_words)
        if quiet_without_names and not mentions:
            continue  # every sentence would be skipped below: not even cut into sentences
        for start, end in sentences(text):
            first = bisect_left(starts, start)
            last = bisect_left(starts, end)
            if first == last and quiet_without_names:
                continue
            inside = mentions[first:last]
            if len({m.key for m in inside}) == 1 and all(
                    compact_key(text[m.start:m.end]) in by_structure for m in inside):
                inside = []  # a lone structure name ("le parc X") is too weak to link anything
            earlier = keys[:first]
            sentence = text[start:end]
            pairs = _pairs(sentence, start, inside, earlier, subject, recent, by_structure, text,
                           group_words)
            if pairs or (denial_words and _DENIAL_WORDS.may_match(folded[start:end])
                         and _DENIAL.search(sentence)):
                # quoted only when it says something
                evidence = cite(document_id, segmented, seq, start)
                _denial(sentence, inside, earlier, subject, registry, so_far, evidence)
            for source, target, relation in pairs:
                if source == target:
                    continue
                link = found.setdefault((source, target, relation), LinkFact(source, target, relation))
                if evidence not in link.evidence:
                    link.evidence.append(evidence)
            for key in dict.fromkeys(m.key for m in inside):
                if key in recent:
                    recent.remove(key)
                recent.append(key)
    return Facts(links=list(found.values()))


def _pairs(sentence: str, offset: int, inside: list[Mention], earlier: list[str],
           subject: str | None, recent: list[str], by_structure: frozenset[str] | set[str] = frozenset(),
           text: str = "", group_words: bool = True) -> list[tuple[str, str, str]]:
    """The links a sentence states (`group_words`: False when its paragraph holds no group word)."""
    if not inside and not (group_words and _GROUP_WORDS.may_match(gate_fold(sentence))
                           and _GROUP.search(sentence)):
        return []
    relation = relation_in(sentence)
    if relation is None:
        return []
    if any(p.search(sentence) for p in _NEGATIONS):
        relation = _VOCAB["negated_relation"]
    keys = list(dict.fromkeys(m.key for m in inside))
    group = _GROUP.search(sentence) if group_words else None
    if group and len(keys) < _VOCAB["numbers"][group.group("n").lower()]:
        # "les trois structures … ont le même directeur": the clusters the section just named.
        size = _VOCAB["numbers"][group.group("n").lower()]
        chosen = list(dict.fromkeys([k for k in recent if k not in keys] + keys))[-size:]
        if len(chosen) < size:
            return []
        said = relation_in(sentence[group.start():]) or relation
        pairs = [(a, b, said) for a, b in combinations(chosen, 2)]
        if keys and said != relation:  # "X est membre fondateur …, et les deux structures …"
            pairs += _pairs(sentence[: group.start()], offset, inside, earlier, subject, [],
                            by_structure, text)
        return pairs
    if not keys:
        return []
    head = sentence[: max(0, inside[0].start - offset)]
    third_party = _THIRD_PARTY.match(sentence)
    by_another = bool(third_party and third_party.end() <= inside[0].start - offset)
    if any(word in head.lower() for word in _NOT_A_LINK):
        return []
    if by_another and (len(keys) == 1 or not relation_in(head) or subject in keys or not subject):
        # "L'INRIA travaille avec X": another organisation's link, not one between clusters;
        # but "La DIRECCTE a noté les partenariats avec A, B" is about the section's cluster.
        return []
    if len(keys) == 1:
        other = subject if subject != keys[0] else None
        if other is None and relation in _PAIRED:
            other = next((k for k in reversed(earlier) if k != keys[0]), None)
        if other is None:
            return []
        before_name = sentence[: max(0, inside[0].start - offset)]
        spoken = _ANY_RELATION.search(sentence)
        if _PERSON_ROLE.search(before_name) or (
                spoken and _RELATIVE_CLAUSE.search(sentence[: spoken.start()])):
            return []  # "en contact avec le président d'X", "…, qui avait collaboré avec X"
        # The named cluster is the grammatical subject when it comes before the relation words.
        leads = relation_in(sentence[: max(0, inside[0].start - offset)]) is None
        return [(keys[0], other, relation)] if leads else [(other, keys[0], relation)]
    between = _between_pairs(sentence, offset, inside, relation)
    if between:
        return between
    if (relation_in(head) or head.strip().lower() == "avec") and subject not in keys:
        # "… les partenariats actifs avec A, B": the section's cluster is the one cooperating.
        if not subject:
            return []
        source, targets = subject, inside
    else:
        source, targets = keys[0], [m for m in inside if m.key != keys[0]]
    pairs: list[tuple[str, str, str]] = []
    previous_end, previous_relation = None, None
    first = next((m for m in inside if m.key == source), None)
    for mention in targets:
        window_start = previous_end if previous_end is not None else (first.end if first else offset)
        window = sentence[max(0, window_start - offset): max(0, mention.start - offset)]
        said_here = relation_in(window)
        if said_here is None and window.count("(") > window.count(")"):
            continue  # "… un laboratoire (dans lequel est impliqué X)": an aside, not a partner
        here = said_here or previous_relation or relation
        if relation == _VOCAB["negated_relation"]:
            here = relation
        surface = compact_key(text[mention.start:mention.end]) if text else ""
        if here == _COOPERATION and surface in by_structure and _AGENT.search(window):
            continue  # "aux réunions de lancement par <structure> du projet …"
        pairs.append((source, mention.key, here))
        previous_end, previous_relation = mention.end, here
    return pairs


def _between_pairs(sentence: str, offset: int, inside: list[Mention],
                   relation: str) -> list[tuple[str, str, str]]:
    """"entre A et B": the pair is A and B, whatever else the sentence names."""
    pairs = []
    for first, second in zip(inside, inside[1:]):
        before = sentence[max(0, first.start - offset - 30): first.start - offset].lower()
        middle = sentence[first.end - offset: second.start - offset].lower().split()
        if re.search(r"\bentre\b", before) and middle[-1:] == ["et"] and len(middle) <= 4:
            pairs.append((first.key, second.key, relation))
    return pairs


def _denial(sentence: str, inside: list[Mention], earlier: list[str], subject: str | None,
            registry: Registry, so_far: Facts, evidence: Evidence) -> None:
    """A sentence denying linked PC/grappes makes those table links of its subject doubtful."""
    match = _DENIAL.search(sentence)
    if not match:
        return
    kinds = {_VOCAB["denial_kinds"][w] for w in folded_words(match.group("what"))
             if w in _VOCAB["denial_kinds"]}
    about = inside[0].key if inside else (earlier[-1] if earlier else subject)
    if about is None or not kinds:
        return
    for link in so_far.links:
        other = link.target_key if link.source_key == about else (
            link.source_key if link.target_key == about else None)
        if other and registry.by_key.get(other) and registry.by_key[other].kind in kinds:
            link.uncertain = True
            if evidence not in link.evidence:
                link.evidence.append(evidence)
            cluster = registry.by_key[about]
            if "links" not in cluster.uncertain:
                cluster.uncertain.append("links")


def _heading_subject(title: str, registry: Registry, so_far: Facts) -> str | None:
    """The cluster a heading is about: the one it names, or the pôle of "La filière X"."""
    keys = list(dict.fromkeys(m.key for m in registry.index.find(title)))
    if len(keys) == 1:
        return keys[0]
    match = _FILIERE_TITLE.match(title.strip())
    if not match:
        return None
    wanted = compact_key(match.group(1))
    for filiere in so_far.filieres:
        for spelling in [filiere.name, *filiere.aliases]:
            have = compact_key(spelling)
            if have and (wanted.startswith(have) or have.startswith(wanted)):
                pes = [k for k in filiere.cluster_keys
                       if registry.by_key.get(k) and registry.by_key[k].kind == "PE"]
                return pes[0] if pes else None
    return None


def _structure_names(registry: Registry) -> set[str]:
    """The prose often names a pôle by its structure porteuse ("Association X" → "X")."""
    territories = {compact_key(t) for c in registry.clusters() for t in c.territory}
    counts: dict[str, list[str]] = {}
    for cluster in registry.clusters():
        if cluster.kind != "PE" or not cluster.structure:
            continue
        words = re.split(r"[\s,()]+", cluster.structure)
        while words and (not words[0] or words[0].lower() in _PREFIXES):
            words.pop(0)
        name = " ".join(w for w in words if w)
        if not name or all(w in registry.index.common for w in folded_words(name)):
            continue
        if compact_key(name) in territories or registry.find_exact(name):
            continue
        counts.setdefault(name, []).append(cluster.key)
    added: set[str] = set()
    for name, keys in counts.items():
        if len(keys) == 1:
            registry.index.add(name, keys[0], registry.by_key[keys[0]].kind)
            added.add(compact_key(name))
    return added
