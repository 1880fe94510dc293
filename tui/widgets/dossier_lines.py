"""A dossier dict (from `grappe.db.views`) turned into lines of `Content`, each with its target.

Every fact line carries its sources, so `s` can open the passage behind it; lines naming
another cluster, actor or passage carry what enter opens. Document text only ever enters
`Content` as plain text, never as markup. The builder is tolerant of missing fields and
accepts an attribute as a plain value or as `{"value": ..., "sources": [...]}`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from textual.content import Content

from grappe.db.export import format_eur, format_number
# One list of attributes and one wording of kinds, on screen and in Markdown exports.
from grappe.db.export_dossier import ATTRIBUTES, KIND_LABELS

BAR_WIDTH = 24
MAX_QUOTE = 160
MAX_ITEMS = 300  # per section: an actor of a thousand monographs stays quick to show


@dataclass
class Line:
    """One line of a dossier: what it shows, what enter opens, which sources back it."""

    content: Content
    opens: tuple[str, str, str] | None = None  # (kind, id, title); kind "passage" for a source
    sources: list[dict] = field(default_factory=list)
    hang: int = 0  # cells of the head kept apart when the line wraps (indent, page, label)


def _plain(value: Any) -> str:
    if isinstance(value, dict):
        return str(value.get("name") or value.get("title") or value.get("value") or "")
    if isinstance(value, (list, tuple)):
        return ", ".join(_plain(v) for v in value)
    return "" if value is None else str(value)


def _value(raw: Any) -> tuple[Any, list]:
    if isinstance(raw, dict) and "value" in raw:
        return raw.get("value"), list(raw.get("sources") or [])
    return raw, []


def _show(key: str, value: Any) -> str:
    if key in ("fte", "members"):
        return format_number(value)
    if key == "funding_eur":
        return format_eur(value)
    if key == "kind":
        return KIND_LABELS.get(value, _plain(value))
    return _plain(value)


def _sources(items: Any) -> list[dict]:
    return [s for s in items or [] if isinstance(s, dict)]


def _capped(items: list) -> tuple[list, int]:
    """The first MAX_ITEMS items and how many were left out."""
    return items[:MAX_ITEMS], max(0, len(items) - MAX_ITEMS)


class DossierBuilder:
    """Builds the lines of one dossier; `several_documents` adds each source's monograph."""

    def __init__(self, kind: str, dossier: dict) -> None:
        self.kind = kind
        self.dossier = dossier
        self.lines: list[Line] = []
        self.several_documents = len(dossier.get("documents") or []) > 1
        self.uncertain = set(dossier.get("uncertain") or [])

    def build(self) -> list[Line]:
        self._header()
        self._attributes()
        self._readings()
        self._people("Direction", self.dossier.get("directors") or self.dossier.get("people"))
        self._roles()
        self._entities("Clusters", "cluster", self.dossier.get("clusters"))
        self._entities("Acteurs", "actor", self.dossier.get("actors"))
        self._links()
        self._funding("Financements", self.dossier.get("funding"))
        self._funding("Financements reçus", self.dossier.get("funding_received"))
        self._funding("Financements versés", self.dossier.get("funding_given"))
        structure = self.dossier.get("structure_funding") or {}  # received by the structure porteuse
        self._funding(str(structure.get("title") or ""), structure.get("funding"))
        self._all_sources()
        return self.lines

    # -- helpers

    def add(self, *parts: str | tuple[str, str], opens=None, sources=None, hang=None) -> None:  # type: ignore[no-untyped-def]
        """One line; when it wraps, its continuation starts under the text after `hang` cells
        (by default its leading spaces)."""
        content = Content.assemble(*parts)
        if hang is None:
            plain = content.plain
            hang = len(plain) - len(plain.lstrip(" "))
        self.lines.append(Line(content, opens, list(sources or []), hang))

    def title(self, text: str) -> None:
        self.add("")
        self.add((text, "bold $accent"))

    def cite(self, sources: list[dict], indent: str = "    ") -> None:
        for source in sources:
            parts = self.citation(source, indent)
            page = parts[1][0] if len(parts) > 1 and isinstance(parts[1], tuple) and parts[1][0].startswith("p. ") else ""
            quote = 2 if any(isinstance(p, tuple) and p[0].startswith("« ") for p in parts) else 0
            self.add(*parts, opens=self._passage(source), sources=[source], hang=len(indent) + len(page) + quote)

    def citation(self, source: dict, indent: str) -> list[str | tuple[str, str]]:
        quote = " ".join(str(source.get("quote") or "").split())
        if len(quote) > MAX_QUOTE:
            quote = quote[: MAX_QUOTE - 1] + "…"
        parts: list[str | tuple[str, str]] = [indent]
        if source.get("page") not in (None, ""):
            parts.append((f"p. {source['page']} ", "$text-muted bold"))
        if quote:
            parts.append((f"« {quote} »", "$text-muted italic"))
        if self.several_documents and source.get("document"):
            parts.append((f" — {source['document']}", "$text-muted"))
        return parts

    @staticmethod
    def _passage(source: dict) -> tuple[str, str, str] | None:
        pid = source.get("passage_id")
        return ("passage", str(pid), f"p. {source.get('page', '?')}") if pid is not None else None

    def more(self, left_out: int) -> None:
        if left_out:
            self.add((f"  … {left_out} de plus (le dossier exporté `e` les contient tous)", "$text-muted"))

    def flag(self, uncertain: bool) -> tuple[str, str]:
        return ("  ⚠ incertain", "bold $warning") if uncertain else ("", "")

    # -- sections

    def _header(self) -> None:
        d = self.dossier
        self.add((_plain(d.get("name") or d.get("id")), "bold $primary"),
                 ("  " + _show("kind", d.get("kind")) if d.get("kind") else "", "$text-muted"))
        documents = [_plain(doc) for doc in d.get("documents") or []]
        if documents:
            label = "Monographies : " if len(documents) > 1 else "Monographie : "
            self.add((label, "$text-muted"), ", ".join(documents))

    def _attributes(self) -> None:
        for key, label in ATTRIBUTES.get(self.kind, []):
            if key == "kind":
                continue
            value, sources = _value(self.dossier.get(key))
            shown = _show(key, value)
            if not shown:
                continue
            raw = self.dossier.get(key)
            target_kind = {"filiere": "filiere", "organisation": "actor"}.get(key)
            opens = (target_kind, str(raw["id"]), shown) if target_kind and isinstance(raw, dict) and raw.get("id") else None
            self.add((f"{label} : ", "bold"), shown, ("  →" if opens else "", "$text-muted"),
                     self.flag(key in self.uncertain), opens=opens, sources=sources, hang=len(label) + 3)
            self.cite(_sources(sources))

    def _readings(self) -> None:
        readings = self.dossier.get("readings") or []
        if isinstance(readings, dict):
            readings = [{"attribute": k, **r} for k, rs in readings.items() for r in rs if isinstance(r, dict)]
        readings = [r for r in readings if isinstance(r, dict)]
        if not readings:
            return
        self.title("⚠ Lectures divergentes")
        labels = dict(ATTRIBUTES.get(self.kind, []))
        for reading in readings:
            attribute = str(reading.get("attribute") or reading.get("name") or "")
            sources = _sources(reading.get("sources"))
            self.add(("  " + labels.get(attribute, attribute) + " : ", "bold $warning"),
                     _show(attribute, reading.get("value")), sources=sources)
            self.cite(sources)

    def _people(self, title: str, people: Any) -> None:
        people = [p for p in people or [] if p]
        if not people:
            return
        self.title(title)
        people, left_out = _capped(people)
        for person in people:
            if not isinstance(person, dict):
                self.add("  " + _plain(person))
                continue
            role = f" — {person['role']}" if person.get("role") else ""
            inferred = ("  (déduit)", "$text-muted") if person.get("inferred") else ("", "")
            target = ("actor", str(person["id"]), _plain(person.get("name"))) if person.get("id") else None
            sources = _sources(person.get("sources"))
            self.add("  ", (_plain(person.get("name")), "bold"), role, inferred,
                     self.flag(bool(person.get("uncertain"))), opens=target, sources=sources)
            self.cite(sources)
        self.more(left_out)

    def _roles(self) -> None:
        roles = [r for r in self.dossier.get("roles") or [] if isinstance(r, dict)]
        if not roles:
            return
        self.title("Rôles")
        roles, left_out = _capped(roles)
        for role in roles:
            of_id = role.get("of_id") or role.get("id")
            of_type = role.get("of_type") or "cluster"
            target = (of_type, str(of_id), _plain(role.get("of"))) if of_id else None
            inferred = ("  (déduit)", "$text-muted") if role.get("inferred") else ("", "")
            sources = _sources(role.get("sources"))
            self.add("  ", str(role.get("role") or ""), " de ", (_plain(role.get("of")), "bold"),
                     inferred, self.flag(bool(role.get("uncertain"))), opens=target, sources=sources)
            self.cite(sources)
        self.more(left_out)

    def _entities(self, title: str, kind: str, items: Any) -> None:
        items = [i for i in items or [] if i]
        if not items:
            return
        self.title(f"{title} ({len(items)})")
        items, left_out = _capped(items)
        for item in items:
            if not isinstance(item, dict):
                self.add("  " + _plain(item))
                continue
            detail = item.get("kind") or item.get("function") or item.get("role")
            suffix = f"  {_show('kind', detail) if detail in KIND_LABELS else detail}" if detail else ""
            target = (kind, str(item["id"]), _plain(item.get("name"))) if item.get("id") else None
            self.add("  → ", (_plain(item.get("name")), "bold"), (suffix, "$text-muted"),
                     opens=target, sources=_sources(item.get("sources")))
        self.more(left_out)

    def _links(self) -> None:
        links = [link for link in self.dossier.get("links") or [] if isinstance(link, dict)]
        if not links:
            return
        self.title(f"Liens ({len(links)})")
        links, left_out = _capped(links)
        for link in links:
            name = _plain(link.get("name") or link.get("target"))
            target = ("cluster", str(link["id"]), name) if link.get("id") else None
            sources = _sources(link.get("sources"))
            self.add("  → ", (str(link.get("relation") or "lien"), "$text-muted"), " : ", (name, "bold"),
                     self.flag(bool(link.get("uncertain"))), opens=target, sources=sources)
            self.cite(sources)
        self.more(left_out)

    def _funding(self, title: str, funding: Any) -> None:
        groups = [g for g in funding or [] if isinstance(g, dict)]
        if not groups:
            return
        totals = []
        for group in groups:
            items = group.get("items") or group.get("records") or [group]
            total = group.get("total_eur")
            if total is None:
                total = sum(i.get("amount_eur") or 0 for i in items if isinstance(i, dict))
            name = _plain(group.get("funder") or group.get("recipient")) or "non précisé"
            totals.append((name, total or 0, items, group))
        self.title(title)
        totals, left_out = _capped(totals)
        largest = max(total for _, total, _, _ in totals) or 1
        width = max(len(name) for name, *_ in totals)
        for name, total, items, group in totals:
            bar = "█" * max(1, round(BAR_WIDTH * total / largest)) if total else ""
            given = title == "Financements versés"
            target_id = group.get("recipient_id" if given else "funder_id") or group.get("id")
            # A recipient may be a cluster or an actor: the detail screen finds which.
            target = ("any" if given else "actor", str(target_id), name) if target_id else None
            self.add("  ", (name.ljust(width), "bold"), "  ", (bar.ljust(BAR_WIDTH), "$primary"),
                     "  ", format_eur(total), opens=target)
            items, items_left_out = _capped(list(items))
            for item in items:
                if not isinstance(item, dict):
                    continue
                sources = _sources(item.get("sources")) or (
                    [{"page": item["page"], "quote": item.get("quote"), "passage_id": item.get("passage_id"),
                      "document": item.get("document")}] if item.get("page") is not None else [])
                detail = " ".join(str(p) for p in (item.get("period"), item.get("kind")) if p)
                other = item.get("recipient") if title == "Financements versés" else None
                amount = format_eur(item.get("amount_eur")) or str(item.get("amount_text") or "")
                self.add("      ", amount, ("  " + detail, "$text-muted"),
                         ("  → " + _plain(other) if other else "", ""),
                         self.flag(bool(item.get("uncertain"))), sources=sources)
                self.cite(sources, indent="        ")
            self.more(items_left_out)
        self.more(left_out)

    def _all_sources(self) -> None:
        sources = _sources(self.dossier.get("sources"))
        if not sources:
            return
        self.title(f"Sources ({len(sources)})")
        sources, left_out = _capped(sources)
        self.cite(sources, indent="  ")
        self.more(left_out)


def dossier_lines(kind: str, dossier: dict) -> list[Line]:
    """The lines of a cluster, actor or filière dossier."""
    return DossierBuilder(kind, dossier).build()
