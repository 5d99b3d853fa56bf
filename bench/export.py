"""Print how long exporting 100,000 annotations over 1,000 documents takes, per format.

    python bench/export.py [--documents N] [--per-document M] [--formats json,csv,...]
                           [--store DIR]

The store is generated in a temporary folder (documents of a few kilobytes with Hangul and
punctuation, overlapping passages, hierarchical tags, multi-line notes) and removed at the
end; with `--store DIR` it is made in DIR once and reused by later runs, which saves the minute
it takes to build. For each format it prints the time to read the store (`load`: its files
read and its records loaded, as `Store.annotations` gives them to a new process), to convert
(`convert`: the format's `export`, which also reads the documents' texts) and to write the
files (`write`), then the export alone
(`export` = convert + write) and the total, in wall-clock seconds, and the process time of the
load and of the export, which other work on the machine disturbs less. The issue's targets are
on the total: under 2 s for json, jsonl and csv, under 5 s for the others.
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from pathlib import Path

from tui.core.anchoring import anchor_at
from tui.core.annotation import Annotation
from tui.core.store import Store, TagInfo
from tui.formats import registry
from tui.formats.base import collector_paused, export_set
from tui.formats.exporting import write_files

SAMPLE = (
    "the station market rice cakes police crackdown 함흥역 장마당 province source told women "
    "families, “quoted” work food prices — border trade; arrests (rumours) said"
)
WORDS = SAMPLE.split()
TAGS = [
    f"{top}/{sub}"
    for top in ("economy", "place", "people", "law", "mood")
    for sub in ("a", "b", "c", "d")
] + ["economy", "place", "장소", "feeling/슬픔 😢"]


def document_text(rng: random.Random, paragraphs: int = 12) -> str:
    return (
        "\n\n".join(
            " ".join(rng.choice(WORDS) for _ in range(rng.randint(30, 70))) + "."
            for _ in range(paragraphs)
        )
        + "\n"
    )


def build_store(root: Path, documents: int, per_document: int, seed: int = 7) -> Store:
    rng = random.Random(seed)
    store = Store(root / "store")
    texts = root / "docs"
    texts.mkdir()
    for info in (TagInfo("economy", "#aa3300", "Money and trade"), TagInfo("law", None, "Police")):
        store.set_tag_info(info)
    for number in range(documents):
        path = texts / f"report-{number:04d}.txt"
        path.write_text(document_text(rng), encoding="utf-8")
        document = store.open_document(path)
        annotations = []
        for _ in range(per_document):
            start = rng.randrange(0, len(document.text) - 200)
            end = start + rng.randint(5, 180)
            annotations.append(
                Annotation(
                    doc_id=document.id,
                    anchor=anchor_at(document.text, start, end),
                    tags=tuple(rng.sample(TAGS, rng.randint(0, 3))),
                    note=rng.choice(["", "short note", "=1+1, a formula", "two\nlines <b>"]),
                    author=rng.choice(["ana", "bo", "chen"]),
                    doc_sha256=document.sha256,
                )
            )
        store.write_many(puts=annotations)
    return store


def stored(root: Path, documents: int, per_document: int) -> Store:
    """The bench store in `root`: the one made there by an earlier run, else a new one."""
    store = Store(root / "store")
    if (root / "docs").is_dir():
        found = sum(len(store.annotations(record.id)) for record in store.documents())
        if found == documents * per_document:
            return store
        raise SystemExit(f"{root} holds {found} annotations, not {documents * per_document}")
    began = time.perf_counter()
    store = build_store(root, documents, per_document)
    print(f"store built in {time.perf_counter() - began:.1f} s")
    return store


def measure(root: Path, name: str, out: Path) -> str:
    """One format's figures, as a row of the table. The store is opened afresh, so that its
    files are read and its records loaded as `postil export` does, not taken from a cache."""
    chosen = registry.get(name)
    store = Store(root)
    with collector_paused():  # as `tui.formats.exporting.render` does
        cpu, began = time.process_time(), time.perf_counter()
        selection = export_set(store)
        cpu_loaded, loaded = time.process_time(), time.perf_counter()
        files = chosen.convert(selection)
        converted = time.perf_counter()
        target = out / name / (chosen.default_name if chosen.single_file else "")
        write_files(files, target, chosen.single_file)
        cpu_written, written = time.process_time(), time.perf_counter()
        del selection
    size = sum(len(data) for data in files.values()) / 1e6
    return (
        f"{name:<10} {loaded - began:6.2f} {converted - loaded:8.2f} {written - converted:6.2f}"
        f" {written - loaded:7.2f} {written - began:6.2f}"
        f" {cpu_loaded - cpu:8.2f} {cpu_written - cpu_loaded:10.2f} {size:6.1f} MB"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--documents", type=int, default=1000)
    parser.add_argument("--per-document", type=int, default=100)
    parser.add_argument("--formats", default=",".join(registry.names()))
    parser.add_argument("--store", type=Path, help="make the store here once, reuse it after")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="postil-bench-") as folder:
        root = args.store or Path(folder)
        root.mkdir(parents=True, exist_ok=True)
        store = stored(root, args.documents, args.per_document)
        total = args.documents * args.per_document
        print(f"store: {args.documents} documents, {total} annotations")
        print(
            f"{'format':<10} {'load':>6} {'convert':>8} {'write':>6} {'export':>7} {'total':>6}"
            f" {'load cpu':>8} {'export cpu':>10} {'size':>9}"
            "   (seconds; export = convert + write)"
        )
        for name in args.formats.split(","):
            print(measure(store.root, name, Path(folder) / "out"), flush=True)


if __name__ == "__main__":
    main()
