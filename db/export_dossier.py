"""Markdown dossiers of one cluster, actor or filière: every fact followed by its citation.

The dossier dicts come from `grappe.db.views` (`cluster_dossier`, `actor_dossier`,
`filiere_dossier`). The renderer is tolerant of missing fields, and accepts an attribute
either as a plain value or as `{"value": ..., "sources": [...]}`. A cluster's links are also
drawn as a Mermaid graph whose labels are escaped, since they are document text.
"""

from __future__ import annotations

from contextvars import ContextVar
from typing import Any

from grappe.db.export import (
    ATTRIBUTE_LABELS,
    cite,
    format_eur,
    format_number,
    md_table,
    md_text,
    strip_controls,
)
from grappe.db.errors import UsageError
from grappe.db.funding_totals import part_label

KIND_LABELS = {
    "PC": "pôle de compétitivité", "GE": "grappe d'entreprises",
    "PE": "pôle d'excellence régional", "other": "autre cluster",
    "person": "personne", "organisation": "organisation",
}

ATTRIBUTES = {
    "cluster": [
        ("kind", "Type"), ("filiere", "Filière"), ("created", "Création"),
        ("territory", "Territoire"), ("structure", "Structure porteuse"), ("fte", "ETP"),
        ("members", "Membres"), ("location", "Localisation"), ("summary", "Résumé"),
        ("aliases", "Autres noms"),
    ],
    "actor": [
        ("kind", "Type"), ("category", "Catégorie"), ("function", "Fonction"),
        ("organisation", "Organisation"), ("aliases", "Autres noms"),
    ],
    "filiere": [("fte", "ETP"), ("funding_eur", "Financements"), ("aliases", "Autres noms")],
}


# Citations name their monograph only when the dossier gathers facts from several.
_cite_documents: ContextVar[bool] = ContextVar("_cite_documents", default=False)


def render_dossier_markdown(kind: str, dossier: dict) -> str:
    """A cluster, actor or filière dossier as Markdown, with a citation after every fact."""
    if kind not in ATTRIBUTES:
        raise UsageError(f"type de dossier inconnu « {kind} »")
    token = _cite_documents.set(len(dossier.get("documents") or []) > 1)
    try:
        return _render(kind, dossier)
    finally:
        _cite_documents.reset(token)


def _render(kind: str, dossier: dict) -> str:
    lines = [f"# {md_text(dossier.get('name') or dossier.get('id') or '')}", ""]
    uncertain = set(dossier.get("uncertain") or [])
    lines += _attributes(kind, dossier, uncertain)
    lines += _people("Direction", dossier.get("directors"))
    lines += _roles(dossier)
    lines += _clusters(dossier)
    lines += _people("Personnes", dossier.get("actors"))
    lines += _links(dossier)
    lines += _funding("Financements", dossier.get("funding"), "funder")
    lines += _funding("Financements reçus", dossier.get("funding_received"), "funder")
    lines += _funding("Financements versés", dossier.get("funding_given"), "recipient")
    structure = dossier.get("structure_funding") or {}  # received by the structure porteuse
    lines += _funding(md_text(str(structure.get("title") or "")), structure.get("funding"), "funder")
    lines += _readings(dossier)
    lines += _sources("Sources", dossier.get("sources"))
    documents = dossier.get("documents") or []
    if documents:
        lines += ["## Documents", ""] + [f"- {md_text(d)}" for d in documents] + [""]
    return "\n".join(lines).rstrip("\n") + "\n"


def _value(raw: Any) -> tuple[Any, list]:
    if isinstance(raw, dict) and "value" in raw:
        return raw.get("value"), list(raw.get("sources") or [])
    return raw, []


def _show(field: str, value: Any) -> str:
    if field == "fte":
        return format_number(value)
    if field == "members":
        return format_number(value)
    if field == "funding_eur":
        return format_eur(value)
    if field == "kind":
        return KIND_LABELS.get(value, value or "")
    if isinstance(value, (list, tuple)):
        return ", ".join(str(v) for v in value)
    return "" if value is None else str(value)


def _citations(sources: Any) -> str:
    with_document = _cite_documents.get()
    cited = [cite(s.get("page"), s.get("quote"), s.get("document") if with_document else None)
             for s in (sources or []) if isinstance(s, dict)]
    cited = [c for c in cited if c]
    return (" — " + " ; ".join(md_text(c) for c in cited)) if cited else ""


def _attributes(kind: str, dossier: dict, uncertain: set) -> list[str]:
    out = []
    for field, label in ATTRIBUTES[kind]:
        value, sources = _value(dossier.get(field))
        shown = _show(field, value)
        if not shown:
            continue
        flag = " (incertain)" if field in uncertain else ""
        out.append(f"- **{label}** : {md_text(shown)}{flag}{_citations(sources)}")
    return out + [""] if out else []


def _people(title: str, people: Any) -> list[str]:
    if not people:
        return []
    out = [f"## {title}", ""]
    for person in people:
        if not isinstance(person, dict):
            out.append(f"- {md_text(person)}")
            continue
        detail = person.get("role") or person.get("function")
        role = f" — {md_text(detail)}" if detail else ""
        flag = " (déduit)" if person.get("inferred") else ""
        flag += " (incertain)" if person.get("uncertain") else ""
        out.append(f"- {md_text(person.get('name', ''))}{role}{flag}{_citations(person.get('sources'))}")
    return out + [""]


def _roles(dossier: dict) -> list[str]:
    roles = dossier.get("roles") or []
    if not roles:
        return []
    out = ["## Rôles", ""]
    for role in roles:
        if isinstance(role, dict):
            text = f"{role.get('role', '')} de {role.get('of', '')}".strip()
            flag = " (déduit)" if role.get("inferred") else ""
            out.append(f"- {md_text(text)}{flag}{_citations(role.get('sources'))}")
    return out + [""]


def _clusters(dossier: dict) -> list[str]:
    clusters = dossier.get("clusters") or []
    if not clusters:
        return []
    out = ["## Clusters", ""]
    for cluster in clusters:
        if isinstance(cluster, dict):
            details = [cluster.get("kind") or "", f"{format_number(cluster['fte'])} ETP" if cluster.get("fte") else ""]
            detail = ", ".join(d for d in details if d)
            kind = f" ({md_text(detail)})" if detail else ""
            out.append(f"- {md_text(cluster.get('name', ''))}{kind}{_citations(cluster.get('sources'))}")
        else:
            out.append(f"- {md_text(cluster)}")
    return out + [""]


def _links(dossier: dict) -> list[str]:
    links = [link for link in dossier.get("links") or [] if isinstance(link, dict)]
    if not links:
        return []
    out = ["## Liens", ""]
    for link in links:
        flag = " (incertain)" if link.get("uncertain") else ""
        arrow = "←" if link.get("direction") == "entrant" else "→"
        out.append(f"- {arrow} {md_text(link.get('relation', ''))} : "
                   f"{md_text(link.get('name') or link.get('target') or '')}"
                   f"{flag}{_citations(link.get('sources'))}")
    out += ["", "```mermaid", mermaid_graph(dossier.get("name") or "", links), "```", ""]
    return out


def mermaid_escape(text: Any) -> str:
    """A Mermaid label: entity codes for quotes, pipes, brackets, `#`, backticks; one line."""
    text = " ".join(strip_controls(str(text)).split())
    codes = {"#": "#35;", '"': "#quot;", "|": "#124;", "<": "#lt;", ">": "#gt;",
             "&": "#amp;", "`": "#96;", "\\": "#92;"}
    return "".join(codes.get(ch, ch) for ch in text)


def mermaid_graph(name: str, links: list[dict]) -> str:
    """A left-to-right Mermaid graph of the cluster's links, arrows in the link's direction."""
    lines = ["graph LR", f'  n0["{mermaid_escape(name)}"]']
    nodes: dict[str, str] = {}
    for link in links:
        target = str(link.get("name") or link.get("target") or "")
        key = str(link.get("id") or target)
        if key not in nodes:
            nodes[key] = f"n{len(nodes) + 1}"
            lines.append(f'  {nodes[key]}["{mermaid_escape(target)}"]')
        relation = mermaid_escape(link.get("relation") or "")
        arrow = f'-->|"{relation}"|' if relation else "-->"
        ends = (nodes[key], "n0") if link.get("direction") == "entrant" else ("n0", nodes[key])
        lines.append(f"  {ends[0]} {arrow} {ends[1]}")
    return "\n".join(lines)


def _funding(title: str, funding: Any, by: str) -> list[str]:
    """Amounts as a table, one row per amount, grouped by funder (or by recipient)."""
    rows = []
    for group in funding or []:
        if not isinstance(group, dict):
            continue
        items = group.get("items") or group.get("records")
        if items is None:
            items = [group]
        for item in items:
            rows.append([
                str(item.get(by) or group.get(by) or "non précisé"),
                format_eur(item.get("amount_eur")) or str(item.get("amount_text") or ""),
                str(item.get("period") or ""), str(item.get("kind") or "") + part_label(item),
                "oui" if item.get("uncertain") else "",
                _plain_citations(item.get("sources") or _inline_source(item)),
            ])
    if not rows:
        return []
    header = ["Financeur" if by == "funder" else "Bénéficiaire", "Montant", "Période", "Nature", "Incertain",
              "Source"]
    return [f"## {title}", "", md_table(header, rows), ""]


def _inline_source(item: dict) -> list[dict]:
    if item.get("page") is None and not item.get("quote"):
        return []
    return [{"page": item.get("page"), "quote": item.get("quote")}]


def _plain_citations(sources: Any) -> str:
    with_document = _cite_documents.get()
    return " ; ".join(cite(s.get("page"), s.get("quote"), s.get("document") if with_document else None)
                      for s in sources or [] if isinstance(s, dict))


def _readings(dossier: dict) -> list[str]:
    readings = [r for r in dossier.get("readings") or [] if isinstance(r, dict)]
    if not readings:
        return []
    out = ["## Lectures divergentes", ""]
    for reading in readings:
        attribute = reading.get("attribute") or reading.get("name") or ""
        label = ATTRIBUTE_LABELS.get(attribute, attribute)
        flag = " (incertain)" if reading.get("uncertain") else ""
        out.append(f"- **{md_text(label)}** : {md_text(_show(attribute, reading.get('value')))}{flag}"
                   f"{_citations(reading.get('sources'))}")
    return out + [""]


def _sources(title: str, sources: Any) -> list[str]:
    sources = [s for s in sources or [] if isinstance(s, dict)]
    if not sources:
        return []
    out = [f"## {title}", ""]
    for source in sources:
        document = source.get("document") if _cite_documents.get() else None
        out.append(f"- {md_text(cite(source.get('page'), source.get('quote'), document))}")
    return out + [""]
