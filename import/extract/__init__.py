"""Stage 3 — extract: facts from a segmented document, each with its evidence.

Extractors run in order; each receives the facts found so far (so that roles and funding
can recognise the clusters and actors already named) and returns new facts.
"""

from __future__ import annotations

from collections.abc import Callable

from grappe.importer.extract import actors, clusters, funding, links, roles
from grappe.importer.facts import Facts
from grappe.importer.segment import Segmented

Extractor = Callable[[str, Segmented, Facts], Facts]

STAGES: tuple[Extractor, ...] = (
    clusters.extract,  # clusters, filières, cluster attributes (tables, typed phrases)
    actors.extract,  # organisations and people (annex, prose)
    roles.extract,  # who directs, presides… (one sentence or across places)
    links.extract,  # links between clusters (tables, prose)
    funding.extract,  # amounts, recipients, funders
)


def extract_all(document_id: str, segmented: Segmented) -> Facts:
    """Run every extractor over one document."""
    facts = Facts()
    for stage in STAGES:
        facts.extend(stage(document_id, segmented, facts))
    return facts
