"""What roles read like, and what they point at: the role words, the book of roles found, and
the resolution of "du pôle", "de la CUB", "du Conseil Régional" to a cluster or an organisation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from grappe.db.text import fold
from grappe.importer.extract.actors import organisation_fact
from grappe.importer.extract.keyword_gate import folded_passage
from grappe.importer.extract.mentions import MentionIndex
from grappe.importer.extract.names import folded_words
from grappe.importer.extract.people import quick_fold
from grappe.importer.facts import ActorFact, ClusterFact, Evidence, RoleFact
from grappe.importer.keys import slug
from grappe.importer.segment import Segmented
from grappe.importer.vocab import load_vocabulary

VOCAB = load_vocabulary("roles")
PHRASES = VOCAB["phrases"]


def alternation(words: list[str]) -> str:
    """A regex alternation of words, longest first, spaces and hyphens interchangeable."""
    forms = set()
    for word in words:
        forms.add(re.escape(word).replace(r"\ ", r"[\s-]+").replace(r"\-", r"[\s-]+"))
    return "|".join(sorted(forms, key=len, reverse=True))


# A role as written: its head word and an optional qualifier ("Directeur général").
# The leading look-ahead lets the scan skip most positions fast (case-blind alternations are slow).
_FIRST_LETTERS = "".join(sorted({c for w in VOCAB["role_heads"] for c in (w[0].lower(), w[0].upper())}))
ROLE = (rf"\b(?=[{_FIRST_LETTERS}])(?P<head>{alternation(VOCAB['role_heads'])})"
        rf"(?:\s+(?P<qual>{alternation(VOCAB['role_qualifiers'])}))?(?![\w-])")
ROLE_AT_START = re.compile(rf"^\s*{ROLE}", re.IGNORECASE)
# The longest word of each role head ("vice-président" → "président"): every case-blind match
# of ROLE holds one of them in `gate_fold` of its text (a letter matches case-blind only what
# gate_fold turns into it; checked over every code point by the tests). Few passages do.
_LONGEST_WORDS = {max(re.split(r"[\s-]+", h.lower()), key=len) for h in VOCAB["role_heads"]}
# ("présidente" holds "président": testing the shorter is enough)
_HEAD_WORDS = tuple(sorted(w for w in _LONGEST_WORDS
                           if not any(v != w and v in w for v in _LONGEST_WORDS)))
# Each of those words stands whole between a match's separators: a word of the text as `cut`
# folds it (the clusters stage cut every paragraph already). Dotless ı matches i case-blind
# but stays ı in `cut`: texts holding it are read the other way.
_HEAD_TOKENS = frozenset(w for word in _LONGEST_WORDS for w in folded_words(word))


@lru_cache(maxsize=4096)
def may_hold_role(text: str) -> bool:
    """False only when `text` holds no match of ROLE, even case-blind (kept per text: inferred
    roles and role mentions test the same passages)."""
    if "\u0131" in text:
        return any(map(folded_passage(text).__contains__, _HEAD_WORDS))
    return not _HEAD_TOKENS.isdisjoint(folded_words(text))

# "de la", "du", "d'"… before the name of what the role is held in.
PREPOSITION = r"(?:de\s+la|de\s+l['’]|du|des|de|d['’]|au|à\s+la)"
TARGET_STOP = r"(?=\s+(?:est|sera|a|et|en\s+charge|qui|dont|pendant|depuis|où)\b|[,.;:()»«]|$)"
TARGET = rf"{PREPOSITION}\s*(?P<target>[^,.;:()«»]+?){TARGET_STOP}"
ROLE_NOUNS = {fold(k): v for k, v in VOCAB["role_nouns"].items()}
ROLE_NOUN = alternation(list(VOCAB["role_nouns"]))
_CLUSTER_NOUN = re.compile(
    rf"^(?:(?:le|la|l['’]|ce|cette|du|de\s+la|nouveau|nouvelle|même)\s+)*"
    rf"(?P<noun>{alternation(PHRASES['cluster_nouns'])})(?P<rest>.*)$", re.IGNORECASE
)
_CATEGORY_OF_ROLE = {quick_fold(role): c for role, c in VOCAB["category_of_role"].items()}
_KIND_OF_NOUN = {fold(noun): kind for noun, kind in VOCAB["cluster_noun_kinds"].items()}
_VICE = re.compile(r"^vice[\s-]+")
_SOUS = re.compile(r"^sous[\s-]+")


@lru_cache(maxsize=4096)
def casefolded(text: str) -> str:
    """`text.casefold()`, kept: inferred roles and role mentions read the same passages."""
    return text.casefold()


def role_name(head: str, qualifier: str | None = None) -> str:
    """`Vice président` → `vice-président`; `Directeur Général` → `directeur général`."""
    head = _VICE.sub("vice-", head.lower())
    head = _SOUS.sub("sous-", head)
    return f"{head} {qualifier.lower()}" if qualifier else head


def role_family(role: str) -> str:
    """The kind of a role (`directrice générale` → `directeur`), to compare roles."""
    word = quick_fold(role).split(" ")
    if word[0] == "vice":
        return "vice-president"
    head = word[0]
    if head.startswith("direct") or head.startswith("dirige"):
        return "directeur"
    if head.startswith("presid"):
        return "president"
    return head


@dataclass
class Target:
    """What a role is held in: a cluster or an organisation, and whether the reading is doubtful."""

    of_type: str  # cluster | actor
    key: str
    uncertain: bool = False


@dataclass
class RoleBook:
    """Roles found so far, one per (person, role, target), gathering every piece of evidence."""

    roles: list[RoleFact] = field(default_factory=list)
    labels: dict[int, str] = field(default_factory=dict)  # id(role) → structure text (annex)

    def add(self, person_key: str, role: str, target: Target, evidence: list[Evidence],
            inferred: bool = False, label: str | None = None) -> RoleFact:
        for fact in self.roles:
            if (fact.person_key, fact.of_key) == (person_key, target.key) and \
                    role_family(fact.role) == role_family(role):
                for item in evidence:
                    if item not in fact.evidence:
                        fact.evidence.append(item)
                if inferred:
                    fact.inferred = True
                    fact.uncertain = fact.uncertain and target.uncertain
                if len(role) > len(fact.role) and role_family(role) == role_family(fact.role):
                    fact.role = role
                return fact
        fact = RoleFact(person_key=person_key, role=role, of_key=target.key,
                        of_type=target.of_type, inferred=inferred, uncertain=target.uncertain,
                        evidence=list(dict.fromkeys(evidence)))
        self.roles.append(fact)
        if label:
            self.labels[id(fact)] = label
        return fact

    def holders(self, family: str, keys: set[str], label_words: str | None = None) -> list[RoleFact]:
        """Roles of this family held in one of `keys`, or in a structure whose name holds the words."""
        found = [r for r in self.roles if r.of_key in keys and role_family(r.role) == family]
        if not found and label_words:
            wanted = _compact_words(label_words)
            found = [r for r in self.roles if role_family(r.role) == family and wanted
                     and _contains(_compact_words(self.labels.get(id(r), "")), wanted)]
        return found


def _compact_words(text: str) -> list[str]:
    return quick_fold(text).split()


def _contains(words: list[str], wanted: list[str]) -> bool:
    n = len(wanted)
    return any(words[i:i + n] == wanted for i in range(len(words) - n + 1))


class Resolver:
    """Turns the words after a role ("du pôle", "de la CUB") into a cluster or an organisation."""

    def __init__(self, segmented: Segmented, clusters: list[ClusterFact], actors: list[ActorFact]):
        self.segmented = segmented
        self.organisations = {a.key: a for a in actors if a.kind == "organisation"}
        self.index = MentionIndex(clusters, list(self.organisations.values()))
        self.kinds = {c.key: c.kind for c in clusters}
        self.new_organisations: dict[str, ActorFact] = {}

    def clusters_in(self, text: str, relaxed: bool = False) -> list[str]:
        return self.index.clusters_in(text, relaxed=relaxed)

    def section_clusters(self, seq: int) -> list[str]:
        """Clusters named by the titles of the section holding passage `seq` (nearest first)."""
        found: list[str] = []
        number = self.segmented.passages[seq].section_number or ""
        for passage in reversed(self.segmented.passages[:seq]):
            if passage.kind == "heading" and passage.number and number.startswith(passage.number):
                # Capitalised names first; a title may also give a name in lowercase (« x »).
                named = self.clusters_in(passage.text) or self.clusters_in(passage.text, relaxed=True)
                for key in named:
                    if key not in found:
                        found.append(key)
                if found:
                    break
        return found

    def resolve(self, phrase: str, seq: int, evidence: list[Evidence]) -> Target | None:
        """The cluster or organisation a role's target phrase designates, or None."""
        phrase = " ".join(phrase.replace("’", "'").split())
        keys = self.clusters_in(phrase)
        if keys:
            return Target("cluster", keys[0], uncertain=len(keys) > 1)
        for mention in self.index.find(phrase):
            if mention.entity_type == "actor":
                return Target("actor", mention.key)
        if _CLUSTER_NOUN.match(phrase):
            generic = self.generic_cluster(phrase, seq)
            if generic is not None or not _CLUSTER_NOUN.match(phrase).group("rest").strip(" '’"):
                return generic
        return self.organisation(phrase, evidence)

    def generic_cluster(self, phrase: str, seq: int) -> Target | None:
        """"du pôle", "du nouveau pôle d'excellence": the cluster the section is about."""
        generic = _CLUSTER_NOUN.match(" ".join(phrase.replace("’", "'").split()))
        if not generic or generic.group("rest").strip(" '’"):
            return None
        wanted = _KIND_OF_NOUN.get(fold(generic.group("noun")))
        candidates = self.section_clusters(seq)
        typed = [k for k in candidates if wanted is None or self.kinds.get(k) == wanted]
        chosen = typed or candidates
        return Target("cluster", chosen[0], uncertain=len(chosen) > 1) if chosen else None

    def suggest_category(self, target: Target, role: str) -> None:
        """A new organisation with no category of its own takes the one its role tells."""
        category = _CATEGORY_OF_ROLE.get(quick_fold(role))
        fact = self.new_organisations.get(target.key)
        if category and fact is not None and fact.category == "autre":
            fact.category = category

    def organisation(self, phrase: str, evidence: list[Evidence]) -> Target | None:
        """A named organisation (capitalised phrase), known or new."""
        phrase = phrase.strip(" -’'")
        if not phrase[:1].isupper():
            return None
        key = slug(phrase)
        if key in self.organisations:
            return Target("actor", key)
        if key not in self.new_organisations:
            self.new_organisations[key] = organisation_fact(phrase, evidence)
        return Target("actor", key)
