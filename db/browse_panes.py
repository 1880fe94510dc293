"""The SQL of the explorer's four panes: which rows, how each column sorts, what is shown.

A page is chosen on `Pane.base` (filters and the sort column's expression, plus the join
that sort needs), then `Pane.display` computes the shown columns for that page only. Sort
expressions come from this whitelist; every value is a bound parameter.
"""

from __future__ import annotations

from dataclasses import dataclass


def _first_passage(fact_type: str, fact_id: str) -> str:
    """The first passage citing a fact (its document and page stand for the fact's)."""
    return (f"(SELECT min(e.passage_id) FROM evidence e "
            f"WHERE e.fact_type = '{fact_type}' AND e.fact_id = {fact_id})")


def _document_of(fact_type: str, fact_id: str) -> str:
    return (f"(SELECT coalesce(d.region, d.title) FROM passages p JOIN documents d "
            f"ON d.id = p.document_id WHERE p.id = {_first_passage(fact_type, fact_id)})")


def _first_passages_join(fact_type: str, fact_id: str) -> str:
    """Sorting by document or page: one grouped pass over the evidence, not one query per row."""
    return (f" LEFT JOIN (SELECT e.fact_id AS fid, min(e.passage_id) AS pid FROM evidence e "
            f"WHERE e.fact_type = '{fact_type}' GROUP BY e.fact_id) fe ON fe.fid = {fact_id}"
            f" LEFT JOIN passages fp ON fp.id = fe.pid LEFT JOIN documents fd ON fd.id = fp.document_id")


def _haystacks_kept(pane: str, labels: bool = False) -> str:
    """The filter texts (db/summaries.py) that hold the folded text typed, or, with `labels`,
    whose funder, recipient or kind as written hold the text as typed."""
    looked = "names LIKE :pattern ESCAPE '\\'"
    if labels:
        looked = (f"({looked} OR funder_name LIKE :loose ESCAPE '\\' "
                  "OR recipient_name LIKE :loose ESCAPE '\\' OR kind LIKE :loose ESCAPE '\\')")
    return f"FROM filter_haystacks WHERE pane = '{pane}' AND {looked}"


def _haystack_match(pane: str, row_id: str, labels: bool = False) -> str:
    return f"{row_id} IN (SELECT id {_haystacks_kept(pane, labels)})"


def _name_match(entity_type: str, entity_id: str) -> str:
    return (f"{entity_id} IN (SELECT entity_id FROM aliases WHERE entity_type = '{entity_type}' "
            f"AND folded LIKE :pattern ESCAPE '\\')")


def in_document(fact_type: str, fact_id: str) -> str:
    """The condition keeping a pane's rows to the facts cited in one document."""
    # CROSS JOIN keeps SQLite from scanning all evidence of the type: a document's passages first.
    return (f"{fact_id} IN (SELECT e.fact_id FROM passages p CROSS JOIN evidence e "
            f"ON e.passage_id = p.id WHERE p.document_id = :document_id "
            f"AND e.fact_type = '{fact_type}')")


@dataclass(frozen=True)
class Column:
    """One column of a pane: its key in the row dict, label, sort expression and the join it needs."""

    key: str
    label: str
    sort: str
    numeric: bool = False
    sort_join: str = ""
    width: int = 0  # the explorer's column width in cells when the pane is narrow (0: fit content)
    grow: int = 0  # the column's share of the room a wider pane has beyond the declared widths
    never_null: bool = False  # a NOT NULL column: no "NULLs last" term, so an index gives the order


@dataclass(frozen=True)
class Pane:
    """A pane's SQL: ids are chosen (filter, sort, page) on `base`, then `display` reads one page."""

    name: str
    alias: str
    fact_type: str
    columns: tuple[Column, ...]
    base: str  # FROM clause with the joins that filters and cheap sorts need
    display: str  # SELECT … FROM … computing the shown columns; `{ids}` selects the page
    name_filter: str
    default_sort: str
    # When the name filter is only a match of the filter texts (one per row), the rows it keeps
    # are counted there, without reading the pane's table: FROM … WHERE … of those texts.
    filter_counted_by: str = ""

    @property
    def fact_id(self) -> str:
        return f"CAST({self.alias}.id AS TEXT)" if self.name == "funding" else f"{self.alias}.id"


def _doc_column(fact_type: str, fact_id: str) -> Column:
    return Column("document", "Document", "coalesce(fd.region, fd.title) COLLATE NOCASE",
                  sort_join=_first_passages_join(fact_type, fact_id), width=18, grow=1)


PANES: dict[str, Pane] = {
    "filieres": Pane(
        name="filieres", alias="f", fact_type="filiere",
        columns=(
            Column("name", "Filière", "f.name COLLATE NOCASE", never_null=True, width=40, grow=3),
            Column("clusters", "Clusters", "t.clusters", numeric=True, width=8),
            Column("fte", "ETP", "t.fte", numeric=True, width=8),  # a sum over many clusters: 10 345,6
            Column("funding_eur", "Financements", "t.funding_eur", numeric=True, width=15),
            _doc_column("filiere", "f.id"),
        ),
        # The figures are made once at the end of an import (db/summaries.py).
        base="FROM filieres f LEFT JOIN filiere_totals t ON t.filiere_id = f.id",
        display=(
            "SELECT f.id, f.name, t.clusters, t.fte, t.funding_eur, "
            + _document_of("filiere", "f.id") + " AS document "
            "FROM filieres f LEFT JOIN filiere_totals t ON t.filiere_id = f.id WHERE {ids}"
        ),
        name_filter=_name_match("filiere", "f.id"),
        default_sort="name",
    ),
    "clusters": Pane(
        name="clusters", alias="c", fact_type="cluster",
        columns=(
            Column("kind", "Type", "c.kind", width=5),
            Column("name", "Nom", "c.name COLLATE NOCASE", never_null=True, width=24, grow=3),
            Column("filiere", "Filière", "f.name COLLATE NOCASE", width=18, grow=2),
            Column("territory", "Territoire", "nullif(c.territory, '[]')", width=16, grow=2),
            Column("fte", "ETP", "c.fte", numeric=True, width=5),
            Column("funding_eur", "Financements", "fs.total", numeric=True,
                   sort_join=" LEFT JOIN (SELECT recipient_id, sum(amount_eur) AS total FROM funding_received "
                   "WHERE recipient_type = 'cluster' GROUP BY recipient_id) fs ON fs.recipient_id = c.id",
                   width=13),
            _doc_column("cluster", "c.id"),
        ),
        base="FROM clusters c LEFT JOIN filieres f ON f.id = c.filiere_id",
        display=(
            "SELECT c.id, c.kind, c.name, f.name AS filiere, c.territory, c.fte, c.uncertain, "
            "(SELECT sum(m.amount_eur) FROM funding_received m WHERE m.recipient_id = c.id "
            " AND m.recipient_type = 'cluster') AS funding_eur, "
            + _document_of("cluster", "c.id") + " AS document "
            "FROM clusters c LEFT JOIN filieres f ON f.id = c.filiere_id WHERE {ids}"
        ),
        name_filter=("(" + _haystack_match("clusters", "c.id") + " OR "
                     + _name_match("filiere", "c.filiere_id") + " OR c.kind = :upper)"),
        default_sort="name",
    ),
    "actors": Pane(
        name="actors", alias="a", fact_type="actor",
        columns=(
            Column("kind", "Type", "a.kind", width=12),
            Column("name", "Nom", "a.name COLLATE NOCASE", never_null=True, width=22, grow=3),
            Column("function", "Fonction", "a.function COLLATE NOCASE", width=18, grow=2),
            Column("organisation", "Organisation", "o.name COLLATE NOCASE", width=16, grow=2),
            Column("roles", "Rôles", "rc.n", numeric=True,
                   sort_join=" LEFT JOIN (SELECT person_id, count(*) AS n FROM roles GROUP BY person_id)"
                   " rc ON rc.person_id = a.id", width=15, grow=2),
            _doc_column("actor", "a.id"),
        ),
        base="FROM actors a LEFT JOIN actors o ON o.id = a.organisation_id",
        display=(
            "SELECT a.id, a.kind, a.name, a.category, a.function, o.name AS organisation, "
            "(SELECT group_concat(r.role || ' ' || coalesce(rc.name, ra.name, r.of_id), '; ') "
            " FROM roles r LEFT JOIN clusters rc ON r.of_type = 'cluster' AND rc.id = r.of_id "
            " LEFT JOIN actors ra ON r.of_type = 'actor' AND ra.id = r.of_id "
            " WHERE r.person_id = a.id) AS roles, "
            + _document_of("actor", "a.id") + " AS document "
            "FROM actors a LEFT JOIN actors o ON o.id = a.organisation_id WHERE {ids}"
        ),
        name_filter=_haystack_match("actors", "a.id"),  # its names and its organisation's
        filter_counted_by=_haystacks_kept("actors"),
        default_sort="name",
    ),
    "funding": Pane(
        name="funding", alias="m", fact_type="funding",
        columns=(
            Column("funder", "Financeur", "coalesce(fa.name, m.funder_name) COLLATE NOCASE",
                   width=20, grow=2),
            Column("recipient", "Bénéficiaire",
                   "coalesce(rc.name, ra.name, m.recipient_name) COLLATE NOCASE", width=20, grow=3),
            Column("amount_eur", "Montant", "m.amount_eur", numeric=True, width=16),
            Column("period", "Période", "m.period", width=9, grow=1),
            Column("kind", "Nature", "m.kind", width=12, grow=2),
            Column("page", "Page", "fp.page", width=4,
                   sort_join=_first_passages_join("funding", "CAST(m.id AS TEXT)")),
            _doc_column("funding", "CAST(m.id AS TEXT)"),
        ),
        base=("FROM funding m LEFT JOIN actors fa ON fa.id = m.funder_id "
              "LEFT JOIN clusters rc ON m.recipient_type = 'cluster' AND rc.id = m.recipient_id "
              "LEFT JOIN actors ra ON m.recipient_type = 'actor' AND ra.id = m.recipient_id"),
        display=(
            "SELECT m.id, m.recipient_id, m.recipient_type, m.funder_id, m.amount_eur, "
            "m.amount_text, m.period, m.kind, m.uncertain, "
            "coalesce(fa.name, m.funder_name) AS funder, "
            "coalesce(rc.name, ra.name, m.recipient_name) AS recipient, "
            "(SELECT p.page FROM passages p WHERE p.id = "
            + _first_passage("funding", "CAST(m.id AS TEXT)") + ") AS page, "
            + _first_passage("funding", "CAST(m.id AS TEXT)") + " AS passage_id, "
            "(SELECT e.quote FROM evidence e WHERE e.fact_type = 'funding' "
            " AND e.fact_id = CAST(m.id AS TEXT) ORDER BY e.passage_id LIMIT 1) AS quote, "
            + _document_of("funding", "CAST(m.id AS TEXT)") + " AS document "
            "FROM funding m LEFT JOIN actors fa ON fa.id = m.funder_id "
            "LEFT JOIN clusters rc ON m.recipient_type = 'cluster' AND rc.id = m.recipient_id "
            "LEFT JOIN actors ra ON m.recipient_type = 'actor' AND ra.id = m.recipient_id WHERE {ids}"
        ),
        # Recipient and funder names, and funder, recipient and kind as written.
        name_filter=_haystack_match("funding", "CAST(m.id AS TEXT)", labels=True),
        filter_counted_by=_haystacks_kept("funding", labels=True),
        default_sort="amount_eur",
    ),
}
