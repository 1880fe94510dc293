"""Writes N synthetic monographs (text, citation sidecar, ground truth) from a seed, so the
importer can be timed at scale and checked on documents it has never seen.

    python -m benchmarks.corpus --n 1 --seed 7 --out /tmp/mono
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import shutil
from pathlib import Path

from benchmarks.monograph import TARGET_BYTES, write_monograph
from benchmarks.names import NameBook
from benchmarks.world import make_world

CORPUS_ROOT = Path(__file__).parent / "corpus"


def document_name(seed: int, index: int) -> str:
    return f"mono-{seed}-{index:04d}"


def generate(n: int, seed: int, out: Path, target_bytes: int = TARGET_BYTES) -> list[Path]:
    """Write documents 0..n-1 of the corpus `seed` into `out`; return the text files.

    Document i is the same whatever n is, and no two documents share a generated name.
    """
    out.mkdir(parents=True, exist_ok=True)
    book = NameBook(random.Random(seed))
    paths = []
    for index in range(n):
        world = make_world(seed, index, book)
        text = write_monograph(world, target_bytes)
        stem = out / document_name(seed, index)
        stem.with_suffix(".txt").write_text(text, "utf-8")
        stem.with_suffix(".toml").write_text(
            f'title = "Les clusters dans leur écosystème — le cas de la région {world.region}"\n'
            f'authors = ["Équipe synthétique {seed}"]\nyear = 2012\nregion = "{world.region}"\n'
            f'source = "benchmarks.corpus seed {seed} document {index}"\n', "utf-8")
        stem.with_name(stem.name + ".truth.json").write_text(
            json.dumps(world.truth(), ensure_ascii=False, indent=1), "utf-8")
        paths.append(stem.with_suffix(".txt"))
    return paths


def generator_version() -> str:
    """A hash of the generator's source, so a cached corpus is rebuilt when it changes."""
    digest = hashlib.sha256()
    for name in ("corpus.py", "monograph.py", "world.py", "names.py", "prose.py", "layout.py"):
        digest.update((Path(__file__).parent / name).read_bytes())
    return digest.hexdigest()[:16]


def corpus_folder(n: int, seed: int = 1) -> Path:
    """A cached corpus of n documents under benchmarks/corpus/, generated on first use."""
    folder = CORPUS_ROOT / f"n{n}-seed{seed}"
    marker = folder / ".complete"
    version = generator_version()
    if not marker.exists() or marker.read_text().strip() != version:
        if folder.exists():
            shutil.rmtree(folder)
        generate(n, seed, folder)
        marker.write_text(version + "\n")
    return folder


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.corpus", description=__doc__)
    parser.add_argument("--n", type=int, default=1, help="number of monographs")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, default=None, help="folder (default benchmarks/corpus/nN-seedS)")
    parser.add_argument("--kb", type=int, default=TARGET_BYTES // 1000, help="size of each document")
    args = parser.parse_args(argv)
    out = args.out or CORPUS_ROOT / f"n{args.n}-seed{args.seed}"
    paths = generate(args.n, args.seed, out, args.kb * 1000)
    size = sum(p.stat().st_size for p in paths)
    print(f"{len(paths)} monographies, {size / 1e6:.1f} Mo, dans {out}")


if __name__ == "__main__":
    main()
