"""Filières: one per pôle d'excellence (a pôle animates a filière), one per section titled
"La filière X", one per strategic domain of the correspondence tables, each with its
clusters; and the main filière of every cluster."""

from __future__ import annotations

import re
from collections import defaultdict

from grappe.importer.extract import domains, tables
from grappe.importer.extract.evidence import cite
from grappe.importer.extract.names import compact_key, fold_token, folded_words
from grappe.importer.extract.registry import Registry, split_acronym
from grappe.importer.facts import AttributeFact, Evidence, Facts, FiliereFact
from grappe.importer.keys import slug
from grappe.importer.segment import Segmented
from grappe.importer.vocab import load_vocabulary

_TITLE = re.compile(load_vocabulary("clusters")["filiere_title"], re.IGNORECASE)


def extract_filieres(document_id: str, segmented: Segmented, registry: Registry,
                     pe_rows: list[tuple[int, tables.TableRow]], out: Facts) -> list[FiliereFact]:
    """Filières with their clusters; sets `filiere` on each cluster it can place."""
    by_key: dict[str, FiliereFact] = {}
    of_pe: dict[str, str] = {}  # PE cluster key → filière key
    for cluster in registry.clusters():
        if cluster.kind != "PE":
            continue
        long_form, _acronym = split_acronym(cluster.name)
        name = long_form or cluster.name
        filiere = by_key.setdefault(slug(name), FiliereFact(slug(name), name))
        filiere.cluster_keys.append(cluster.key)
        filiere.evidence.extend(cluster.evidence[:1])
        of_pe[cluster.key] = filiere.key
        cluster.filiere = filiere.key
    in_heading = _section_filieres(document_id, segmented, registry, by_key, of_pe)
    _domain_filieres(document_id, segmented, registry, by_key, out)
    linked: dict[str, list[str]] = defaultdict(list)  # cluster → filières of the PE linking it
    for link in out.links:
        if link.source_key in of_pe:
            linked[link.target_key].append(of_pe[link.source_key])
            _member(by_key[of_pe[link.source_key]], link.target_key)
    for filiere in [by_key[k] for k in dict.fromkeys(of_pe.values())]:
        _take_shorter_label(filiere, registry, by_key, of_pe)
    same_line = _recap_lines(segmented, registry, of_pe)
    in_domain: dict[str, tuple[str, bool]] = {}  # cluster → (filière of its first domain, certain)
    for fact in out.attributes:
        if fact.entity_type == "filiere" and fact.name == "cluster" and fact.entity_key in by_key:
            if fact.value not in in_domain or (not fact.uncertain and not in_domain[fact.value][1]):
                in_domain[fact.value] = (fact.entity_key, not fact.uncertain)
    for cluster in registry.clusters():
        if cluster.filiere:
            continue
        words = {fold_token(w) for alias in [cluster.name, *cluster.aliases] for w in folded_words(alias)}
        named = [f for f in by_key.values() if compact_key(f.name) in words]
        choices = [same_line.get(cluster.key), named[0].key if len(named) == 1 else None,
                   in_heading.get(cluster.key),
                   linked[cluster.key][0] if len(set(linked[cluster.key])) == 1 else None]
        chosen = next((c for c in choices if c), None)
        if chosen is None and linked[cluster.key]:
            chosen = linked[cluster.key][0]
            cluster.uncertain.append("filiere")
        if chosen is None and cluster.key in in_domain:
            chosen, certain = in_domain[cluster.key]  # only a strategic domain places it
            if not certain:
                cluster.uncertain.append("filiere")
        if chosen:
            cluster.filiere = chosen
            _member(by_key[chosen], cluster.key)
    return list(by_key.values())


def _domain_filieres(document_id: str, segmented: Segmented, registry: Registry,
                     by_key: dict[str, FiliereFact], out: Facts) -> None:
    """Strategic domains (DAS) of the correspondence tables, with the clusters each concerns;
    a membership the flattened layout does not make certain is recorded as uncertain."""
    for seq, passage in tables.tables(segmented):
        if not domains.is_domain_table(passage):
            continue
        for domain in domains.read_domains(passage, registry):
            name = domains.domain_name(domain.name)
            if len(name) < 3:
                continue
            filiere = _matching(name, by_key) or by_key.setdefault(slug(name), FiliereFact(slug(name), name))
            if name != filiere.name and name not in filiere.aliases:
                filiere.aliases.append(name)
            evidence = Evidence(document_id, seq, domain.quote)
            if evidence not in filiere.evidence:
                filiere.evidence.append(evidence)
            for cluster_key, certain in dict.fromkeys(domain.clusters):
                _member(filiere, cluster_key)
                out.attributes.append(AttributeFact(
                    filiere.key, "filiere", "cluster", cluster_key, not certain, [evidence]))


def _member(filiere: FiliereFact, cluster_key: str) -> None:
    if cluster_key not in filiere.cluster_keys:
        filiere.cluster_keys.append(cluster_key)


def _section_filieres(document_id: str, segmented: Segmented, registry: Registry,
                      by_key: dict[str, FiliereFact], of_pe: dict[str, str]) -> dict[str, str]:
    """`2.1. La filière numérique`: a filière, with the clusters its sub-headings name; the
    filière of a pôle d'excellence presented there is the section's (one filière, two names)."""
    placed: dict[str, str] = {}
    current: tuple[str, str] | None = None  # (section number, filière key)
    pes_of: dict[str, list[str]] = defaultdict(list)  # section filière → PE its headings name
    for seq, passage in enumerate(segmented.passages):
        if passage.kind not in ("heading", "subheading"):
            continue
        number = passage.number or ""
        match = _TITLE.match(passage.text.strip())
        if match and passage.kind == "heading":
            name = match.group(1).strip(" «»\"-")
            name = name[:1].upper() + name[1:]
            filiere = _matching(name, by_key) or by_key.setdefault(slug(name), FiliereFact(slug(name), name))
            if compact_key(name) != compact_key(filiere.name) and filiere.key in of_pe.values():
                # "Images" (a pôle's name) is served by "La filière Images- Création numérique".
                section = by_key.setdefault(slug(name), FiliereFact(slug(name), name))
                if section is not filiere:
                    _merge(filiere, section, registry, by_key, of_pe)
                filiere = section
            if name != filiere.name and name not in filiere.aliases:
                filiere.aliases.append(name)
            filiere.evidence.append(cite(document_id, segmented, seq, 0))
            current = (number, filiere.key)
            continue
        if current and passage.kind == "heading" and number and not number.startswith(current[0] + "."):
            current = None
        if current:
            for mention in registry.index.find(passage.text):
                _member(by_key[current[1]], mention.key)
                placed.setdefault(mention.key, current[1])
                if mention.key in of_pe and mention.key not in pes_of[current[1]]:
                    pes_of[current[1]].append(mention.key)
    for section_key, pes in pes_of.items():
        own = {of_pe[pe] for pe in pes} - {section_key}
        if len(pes) == 1 and len(own) == 1 and section_key in by_key:
            # "2.1 La filière numérique" presents the pôle "Ubiquitaire": its filière.
            _merge(by_key[own.pop()], by_key[section_key], registry, by_key, of_pe)
    return placed


def _take_shorter_label(filiere: FiliereFact, registry: Registry, by_key: dict[str, FiliereFact],
                        of_pe: dict[str, str]) -> None:
    """A filière named after its pôle ("Bois Vosges") that the document also labels by its
    first words ("Bois", a strategic domain or section) is called by that label."""
    pole_names = {compact_key(split_acronym(c.name)[0] or c.name) for c in registry.clusters()
                  if c.kind == "PE" and c.key in filiere.cluster_keys}
    if compact_key(filiere.name) not in pole_names:
        return  # already named by the document's own label
    words = list(folded_words(filiere.name))
    labels = [a for a in filiere.aliases
              if 0 < len(folded_words(a)) < len(words) and list(folded_words(a)) == words[: len(folded_words(a))]]
    if not labels:
        return
    label = min(labels, key=len)
    into = by_key.get(slug(label)) or FiliereFact(slug(label), label)
    if into is filiere:
        return
    by_key[into.key] = into
    _merge(filiere, into, registry, by_key, of_pe)


def _merge(old: FiliereFact, into: FiliereFact, registry: Registry,
           by_key: dict[str, FiliereFact], of_pe: dict[str, str]) -> None:
    """Fold filière `old` into `into`: its name becomes an alias, its clusters move."""
    for spelling in [old.name, *old.aliases]:
        if spelling != into.name and spelling not in into.aliases:
            into.aliases.append(spelling)
    for key in old.cluster_keys:
        _member(into, key)
    into.evidence.extend(e for e in old.evidence if e not in into.evidence)
    for pe, filiere_key in of_pe.items():
        if filiere_key == old.key:
            of_pe[pe] = into.key
    for cluster in registry.clusters():
        if cluster.filiere == old.key:
            cluster.filiere = into.key
    by_key.pop(old.key, None)


def _matching(name: str, by_key: dict[str, FiliereFact]) -> FiliereFact | None:
    wanted = compact_key(name)
    for filiere in by_key.values():
        for spelling in [filiere.name, *filiere.aliases]:
            have = compact_key(spelling)
            if have and (wanted.startswith(have) or have.startswith(wanted)):
                return filiere
    return None


def _recap_lines(segmented: Segmented, registry: Registry, of_pe: dict[str, str]) -> dict[str, str]:
    """In the recap (ETP) table, a grappe or PC on the same line as one PE is in its filière."""
    placed: dict[str, str] = {}
    for _seq, passage in tables.tables(segmented):
        lines = tables.body_lines(passage)
        if len(tables.fte_cells(tables.join_cells(lines))) < 3:
            continue
        for line in lines:
            keys = [m.key for m in registry.index.find(line, require_type=False)]
            pes = {k for k in keys if k in of_pe}
            if len(pes) == 1:
                pe = pes.pop()
                for key in keys:
                    if key != pe and key not in of_pe:
                        placed.setdefault(key, of_pe[pe])
    return placed

