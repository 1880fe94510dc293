"""`grappe show NAME` and `grappe search TEXT`: quick lookups without opening the app.

Both open the database read-only. Document text is printed through Rich `Text` objects (never
parsed as markup, with control characters removed), so a name like `x [/] y` prints as is.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from grappe.db.errors import GrappeError, display_path

if TYPE_CHECKING:  # Rich is imported when a lookup runs, not when the CLI starts.
    from rich.console import Console, Group
    from rich.table import Table
    from rich.text import Text

# Same option as `grappe.tui.cli.DbOption`, declared here because Typer resolves the
# annotations in this module's globals (cli.py imports this module, not the reverse).
DbOption = Annotated[
    Path | None,
    typer.Option("--db", help="Database file (default: $GRAPPE_DB, else the user data folder)."),
]

_BASE_LABELS = {
    "cluster": "cluster", "actor": "acteur", "filiere": "filière", "passage": "passage",
}


def kind_label(kind: str | None) -> str:
    """French label of an entity or cluster kind (the renderers load only when a lookup runs)."""
    from grappe.db.export_dossier import KIND_LABELS as DOSSIER_KIND_LABELS

    return {**_BASE_LABELS, **DOSSIER_KIND_LABELS}.get(kind or "", kind or "")


def format_eur(value: Any) -> str:
    from grappe.db.export import format_eur as render

    return render(value)


def format_number(value: Any) -> str:
    from grappe.db.export import format_number as render

    return render(value)


def strip_controls(text: str) -> str:
    from grappe.db.export import strip_controls as strip

    return strip(text)


def plain(value: Any, style: str = "") -> Text:
    """Document text as a Rich Text: literal, without control characters."""
    from rich.text import Text

    return Text("" if value is None else strip_controls(str(value)), style=style)


def _value(raw: Any) -> tuple[Any, list]:
    if isinstance(raw, dict) and "value" in raw:
        return raw.get("value"), list(raw.get("sources") or [])
    return raw, []


def citation(sources: Any, prefix: str = " — ") -> Text:
    """` — p. 12 « quote »` for each source, dimmed."""
    from rich.text import Text

    parts = []
    for source in sources or []:
        if not isinstance(source, dict):
            continue
        page = f"p. {source['page']}" if source.get("page") not in (None, "") else ""
        quote = f"« {' '.join(str(source['quote']).split())} »" if source.get("quote") else ""
        parts.append(" ".join(p for p in (page, quote) if p))
    return plain(prefix + " ; ".join(parts), "dim") if parts else Text()


def _line(label: str, value: Any, sources: Any = None, flag: str = "") -> Text:
    from rich.text import Text

    line = Text.assemble(Text(f"{label} : ", style="bold"), plain(value))
    if flag:
        line.append(f" ({flag})", style="italic")
    return line + citation(sources)


ATTRIBUTES = [
    ("kind", "Type"), ("filiere", "Filière"), ("created", "Création"), ("territory", "Territoire"),
    ("structure", "Structure porteuse"), ("fte", "ETP"), ("members", "Membres"), ("location", "Localisation"),
    ("category", "Catégorie"), ("function", "Fonction"), ("organisation", "Organisation"),
    ("funding_eur", "Financements"), ("aliases", "Autres noms"),
]


def _shown(field: str, value: Any) -> str:
    if field in ("fte", "members"):
        return format_number(value)
    if field == "funding_eur":
        return format_eur(value)
    if field == "kind":
        return kind_label(value)
    if isinstance(value, (list, tuple)):
        return ", ".join(str(v) for v in value)
    return "" if value is None else str(value)


def dossier_renderable(kind: str, dossier: dict) -> Group:
    """A dossier as Rich renderables: attributes, people, links, funding, readings, sources."""
    from rich.console import Group
    from rich.text import Text

    items: list[Any] = [Text.assemble(plain(dossier.get("name"), "bold"), Text(f"  ({kind_label(kind)})"))]
    uncertain = set(dossier.get("uncertain") or [])
    for field, label in ATTRIBUTES:
        value, sources = _value(dossier.get(field))
        shown = _shown(field, value)
        if shown:
            items.append(_line(label, shown, sources, "incertain" if field in uncertain else ""))
    sections = [
        ("Direction", dossier.get("directors"), lambda p: (p.get("name"), p.get("role"))),
        ("Rôles", dossier.get("roles"), lambda r: (f"{r.get('role', '')} de {r.get('of', '')}", None)),
        ("Clusters", dossier.get("clusters"), lambda c: (c.get("name"), c.get("kind"))),
        ("Personnes", dossier.get("actors"), lambda p: (p.get("name"), p.get("role") or p.get("function"))),
        ("Liens", dossier.get("links"), lambda k: (
            ("← " if k.get("direction") == "entrant" else "→ ") + str(k.get("name") or k.get("target") or ""),
            k.get("relation"))),
        ("Lectures divergentes", dossier.get("readings"), lambda r: (r.get("value"), r.get("attribute"))),
    ]
    for title, entries, describe in sections:
        entries = [e for e in entries or [] if isinstance(e, dict)]
        if not entries:
            continue
        items += [Text(), Text(title, style="bold underline")]
        for entry in entries:
            main, detail = describe(entry)
            line = Text("• ") + plain(main)
            if detail:
                line += plain(f" — {detail}")
            for flag in ("inferred", "uncertain"):
                if entry.get(flag):
                    line.append(" (déduit)" if flag == "inferred" else " (incertain)", style="italic")
            items.append(line + citation(entry.get("sources")))
    for title, key, by in (("Financements", "funding", "funder"), ("Financements reçus", "funding_received", "funder"),
                           ("Financements versés", "funding_given", "recipient")):
        table = _funding_table(dossier.get(key) or [], by)
        if table is not None:
            items += [Text(), Text(title, style="bold underline"), table]
    structure = dossier.get("structure_funding") or {}  # received by the structure porteuse
    table = _funding_table(structure.get("funding") or [], "funder")
    if table is not None:
        items += [Text(), Text(str(structure.get("title") or ""), style="bold underline"), table]
    sources = [s for s in dossier.get("sources") or [] if isinstance(s, dict)]
    if sources:
        items += [Text(), Text("Sources", style="bold underline")]
        items += [Text("• ") + citation([s], prefix="") for s in sources]
    return Group(*items)


def _funding_table(funding: list, by: str) -> Table | None:
    from rich.table import Table

    from grappe.db.funding_totals import part_label

    who = "Financeur" if by == "funder" else "Bénéficiaire"
    table = Table(who, "Montant", "Période", "Nature", "Source", show_edge=False)
    for group in funding:
        if not isinstance(group, dict):
            continue
        records = group.get("items") or group.get("records") or [group]
        for record in records:
            sources = record.get("sources") or (
                [{"page": record.get("page"), "quote": record.get("quote")}] if record.get("page") is not None else [])
            table.add_row(
                plain(record.get(by) or group.get(by) or "non précisé"),
                plain(format_eur(record.get("amount_eur")) or record.get("amount_text")),
                plain(record.get("period")), plain((record.get("kind") or "") + part_label(record)),
                citation(sources, prefix=""),
            )
    return table if table.row_count else None


def make_console() -> Console:
    """A console that never interprets text as markup, emoji codes or highlights."""
    from rich.console import Console

    return Console(markup=False, emoji=False, highlight=False)


def register(app: typer.Typer) -> None:
    """Add `grappe show` and `grappe search` to the command line."""
    from grappe.tui.cli import guarded, resolve_database, say

    @app.command("show")
    @guarded
    def show_command(
        name: Annotated[str, typer.Argument(help="Name (or part of it) of a cluster, actor or filière.")],
        db: DbOption = None,
    ) -> None:
        """Print the dossier of the cluster or actor that best matches NAME."""
        from grappe.db import views
        from grappe.db.connect import open_readonly
        from grappe.db.search import search_names

        conn = open_readonly(resolve_database(db))
        try:
            hits = search_names(conn, name, limit=20)
            if not hits:
                raise GrappeError(f"aucun cluster, acteur ou filière ne correspond à « {display_path(name)} »; "
                                  "essayez `grappe search` pour chercher dans le texte")
            best = hits[0]
            loader = {"cluster": views.cluster_dossier, "actor": views.actor_dossier,
                      "filiere": views.filiere_dossier}[best.kind]
            dossier = loader(conn, best.id)
        finally:
            conn.close()
        if dossier is None:
            raise GrappeError(f"dossier introuvable pour « {display_path(best.title)} »")
        from rich.text import Text

        console = make_console()
        console.print(dossier_renderable(best.kind, dossier))
        others = hits[1:]
        if others:
            console.print(Text("\nAutres correspondances :", style="bold"))
            for hit in others:
                console.print(Text(f"  {kind_label(hit.kind)} : ") + plain(hit.title))

    @app.command("search")
    @guarded
    def search_command(
        text: Annotated[str, typer.Argument(help="Words to find (any text; the last word is a prefix).")],
        limit: Annotated[int, typer.Option("--limit", "-n", min=1, max=1000, help="Most hits shown.")] = 20,
        db: DbOption = None,
    ) -> None:
        """Print clusters, actors, filières and passages matching TEXT (names first)."""
        from grappe.db.connect import open_readonly
        from grappe.db.search import search_all

        conn = open_readonly(resolve_database(db))
        try:
            hits = search_all(conn, text, limit)
        finally:
            conn.close()
        if not hits:
            say(f"aucun résultat pour « {display_path(text)} »", err=False)
            return
        from rich.table import Table
        from rich.text import Text

        table = Table("Type", "Nom / section", "Page", "Extrait", show_edge=False)
        for hit in hits:
            table.add_row(
                Text(kind_label(hit.kind)), plain(hit.title),
                Text("" if hit.page is None else str(hit.page)), plain(hit.snippet),
            )
        make_console().print(table)
