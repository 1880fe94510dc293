"""One row of the pôles d'excellence table: name, date, territory, structure porteuse and the
PC and grappes it is linked to.

The row's cells come flattened in reading order, several columns sometimes glued on one line
("Artois.Comm Association APAF,"). The linked PC and grappes are the known names at the end
of the row, read backwards until a cell is not a known name; what remains is the territory
(places) then the structure, which starts at a legal-form word (Association, GIE, SPL…).
A cell that cannot be split with confidence ("Valenciennes ?") is flagged uncertain.
"""

from __future__ import annotations

from grappe.importer.extract import attributes, tables
from grappe.importer.extract.names import fold_token
from grappe.importer.extract.registry import Registry
from grappe.importer.facts import Evidence, Facts, LinkFact
from grappe.importer.vocab import load_vocabulary

_STRUCTURE_WORDS = frozenset(load_vocabulary("clusters")["structure_words"])
LINK_PC = "lien pôle de compétitivité"
LINK_GE = "lien grappe"


def read_row(document_id: str, seq: int, row: tables.TableRow, registry: Registry,
                 out: Facts) -> None:
    quote = " ".join([row.name, f"({row.date})", *row.cells])[:400]
    evidence = Evidence(document_id, seq, quote)
    cluster = registry.add(row.name, "PE", evidence)
    cells = tables.balanced_cells(row.cells)
    linked: list[tuple[str, str]] = []
    rest: list[str] = []
    for position in range(len(cells) - 1, -1, -1):
        cell = cells[position]
        mentions = [m for m in registry.index.find(cell, require_type=False)
                    if registry.by_key[m.key].kind in ("PC", "GE")]
        tail = cell[mentions[-1].end:] if mentions else cell
        if not mentions or tail.strip(" ,;.*"):
            rest = cells[: position + 1]
            break
        consumed_from = len(cell)
        for mention in reversed(mentions):
            if cell[mention.end:consumed_from].strip(" ,;.*"):
                break
            linked.append((mention.key, registry.by_key[mention.key].kind))
            consumed_from = mention.start
        head = cell[:consumed_from].strip(" ,;")
        if head:
            rest = [*cells[:position], head]
            break
    territory, structure, doubtful = _territory_and_structure(rest)
    out.attributes.extend(
        attributes.reading(cluster.key, name, value, evidence)
        for name, value in (("created", row.date), ("structure", structure))
        if value
    )
    for place in territory:
        out.attributes.append(attributes.reading(cluster.key, "territory", place, evidence))
    if cluster.created is None:
        cluster.created = row.date
    cluster.territory = territory or cluster.territory
    cluster.structure = structure or cluster.structure
    for name in doubtful:
        if name not in cluster.uncertain:
            cluster.uncertain.append(name)
    for target, kind in reversed(linked):
        if target != cluster.key:
            out.links.append(LinkFact(cluster.key, target, LINK_PC if kind == "PC" else LINK_GE,
                                      evidence=[evidence]))


def _territory_and_structure(cells: list[str]) -> tuple[list[str], str | None, list[str]]:
    """Split the first cells of a row: places first, then the body that carries the pôle."""
    for i, cell in enumerate(cells):
        words = cell.split()
        for w, word in enumerate(words):
            if fold_token(word.strip("(),")) in _STRUCTURE_WORDS:
                places = [*cells[:i], " ".join(words[:w])] if w else cells[:i]
                structure = " ".join([" ".join(words[w:]), *cells[i + 1 :]])
                return [p.strip() for p in places if p.strip()], structure.strip(" ,") or None, []
    words = " ".join(cells).split()
    if "?" in words:
        places = [w for w in " ".join(cells).replace("?", " ").split("  ") if w.strip()]
        return [p.strip() for p in places if p.strip()], None, ["structure", "territory"]
    half = len(words) // 2
    if words and len(words) % 2 == 0 and words[:half] == words[half:]:
        same = " ".join(words[:half])
        return [same], same, []
    return [c.strip() for c in cells if c.strip()], None, (["structure"] if cells else [])
