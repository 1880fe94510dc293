"""Clusters stage measured against the ground truth of generated monographs (benchmarks.corpus):
monographs the importer has never seen, so that recall and precision are honest.

    .venv/bin/python tests/test_extract_generated.py 10     # prints the numbers for 10 documents
"""

from __future__ import annotations

import random
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.monograph import write_monograph  # noqa: E402
from benchmarks.names import NameBook  # noqa: E402
from benchmarks.world import make_world  # noqa: E402
from grappe.importer.extract import clusters  # noqa: E402
from grappe.importer.extract.names import compact_key  # noqa: E402
from grappe.importer.facts import Facts  # noqa: E402
from grappe.importer.segment import segment  # noqa: E402

SEED = 1
SIZE = 60_000  # bytes per document in the tests: every table and section, less filler prose
FULL_SIZE = 150_000  # the corpus default, for the printed report


@dataclass
class Score:
    """Counts over documents: truth clusters, found ones, extracted ones, and right attributes."""

    truth: int = 0
    extracted: int = 0
    matched: int = 0
    kind: int = 0
    filiere: int = 0
    fte_truth: int = 0
    fte: int = 0
    fte_wrong: int = 0

    def add(self, other: "Score") -> None:
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def report(self) -> dict[str, float]:
        return {
            "cluster recall": self.matched / self.truth,
            "cluster precision": self.matched / max(1, self.extracted),
            "kind accuracy": self.kind / max(1, self.matched),
            "filière accuracy": self.filiere / max(1, self.matched),
            "ETP recall": self.fte / max(1, self.fte_truth),
            "ETP precision": self.fte / max(1, self.fte + self.fte_wrong),
        }


def document(index: int, size: int = SIZE) -> tuple[str, dict]:
    """Generated monograph `index` of the corpus SEED and its ground truth (deterministic)."""
    book = NameBook(random.Random(SEED))
    for earlier in range(index):  # names are drawn without repeats across the corpus
        make_world(SEED, earlier, book)
    world = make_world(SEED, index, book)
    return write_monograph(world, size), world.truth()


def score(text: str, truth: dict) -> tuple[Score, list[str]]:
    """Compare the clusters stage's output with the truth; also list what went wrong."""
    facts = clusters.extract("generated", segment(text), Facts())
    filiere_names = {f.key: compact_key(f.name) for f in facts.filieres}  # the name, not an alias
    spellings: dict[str, list] = {}
    for cluster in facts.clusters:
        for spelling in {cluster.name, *cluster.aliases}:
            spellings.setdefault(compact_key(spelling), []).append(cluster)
    result, problems, used = Score(truth=len(truth["clusters"]), extracted=len(facts.clusters)), [], set()
    for expected in truth["clusters"]:
        names = [expected["name"], expected.get("acronym")]
        found = next((c for n in names if n for c in spellings.get(compact_key(n), [])), None)
        if found is None:
            problems.append(f"missed {expected['name']} ({expected['kind']})")
            continue
        used.add(found.key)
        result.matched += 1
        result.kind += found.kind == expected["kind"]
        if found.kind != expected["kind"]:
            problems.append(f"kind {found.name}: {found.kind} for {expected['kind']}")
        if compact_key(expected["filiere"]) == filiere_names.get(found.filiere or ""):
            result.filiere += 1
        else:
            problems.append(f"filière {found.name}: {found.filiere} for {expected['filiere']}")
        if expected.get("fte") is not None:
            result.fte_truth += 1
        if found.fte is not None:
            right = expected.get("fte") is not None and abs(found.fte - expected["fte"]) < 0.05
            result.fte += right
            result.fte_wrong += not right
            if not right:
                problems.append(f"ETP {found.name}: {found.fte} for {expected.get('fte')}")
    problems += [f"extra {c.name} ({c.kind})" for c in facts.clusters if c.key not in used]
    return result, problems


@pytest.mark.parametrize("index", [0, 1, 2])
def test_clusters_of_a_generated_monograph(index: int) -> None:
    text, truth = document(index)
    result, problems = score(text, truth)
    numbers = result.report()
    assert numbers["cluster recall"] >= 0.95, problems
    assert numbers["cluster precision"] >= 0.9, problems
    assert numbers["kind accuracy"] >= 0.95, problems
    assert numbers["filière accuracy"] >= 0.9, problems
    assert numbers["ETP recall"] >= 0.9 and numbers["ETP precision"] >= 0.95, problems


def test_no_broken_key_from_a_cell_split_across_lines() -> None:
    """A name cut by the table layout (`…, Chétrinrtte` / `x, IIGAJ`) is not a cluster of its own."""
    text, truth = document(1)
    facts = clusters.extract("generated", segment(text), Facts())
    known = {compact_key(s) for c in truth["clusters"] for s in (c["name"], c.get("acronym")) if s}
    broken = [c.name for c in facts.clusters if c.kind != "other" and compact_key(c.name) not in known
              and not any(compact_key(a) in known for a in c.aliases)]
    assert broken == []


def test_list_rows_rejoin_a_word_cut_by_the_layout() -> None:
    from grappe.importer.extract import tables

    lines = ["Pôles de compétitivité Alpha, Beta Clus", "ter, Gamma, Véhicule du", "Futur, Del",
             "ta", "Grappes d’entreprises Omega"]
    written = {"Cluster", "Delta"}
    rows = tables.list_rows(lines, lambda word: word in written)
    assert rows[0][2] == ["Alpha", "Beta Cluster", "Gamma", "Véhicule du Futur", "Delta"]
    assert tables.list_rows(lines)[0][2][1] == "Beta Clus ter"  # without the document's words


def main(count: int) -> None:
    total = Score()
    for index in range(count):
        result, problems = score(*document(index, FULL_SIZE))
        total.add(result)
        print(f"document {index}: " + ", ".join(f"{k} {v:.2f}" for k, v in result.report().items()))
        for problem in problems[:12]:
            print("   ", problem)
    print("total: " + ", ".join(f"{k} {v:.3f}" for k, v in total.report().items()))


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10)
