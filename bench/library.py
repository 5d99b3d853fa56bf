"""Time the annotation browser's queries and codebook changes over a large store.

    python bench/library.py [--documents 1000] [--per-document 100] [--regenerate]

Builds (once, under bench/.data/) a store of documents x annotations coded with a tag hierarchy
the way a corpus is: each document mostly uses two of eight themes, plus a few tags used
everywhere and one that only a few documents use. Then prints, in milliseconds: loading the
browser's index, queries as they are typed, the codebook listing, and tag renames (with their
undo), against the targets of under 100 ms for a query and under 1 s for a rename.
"""

from __future__ import annotations

import argparse
import gc
import os
import random
import resource
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tui.core.anchoring import anchor_at
from tui.core.annotation import Annotation
from tui.core.annotation_index import AnnotationIndex
from tui.core.codebook import Codebook
from tui.core.document import read_document
from tui.core.history import History
from tui.core.store import Store, TagInfo

DATA = Path(__file__).resolve().parent / ".data"
THEMES = {
    "economy": ["covid", "food", "markets", "wages", "trade/smuggling", "trade/border"],
    "family": ["children", "marriage", "elders", "housing"],
    "state": ["police", "army", "party", "courts", "propaganda"],
    "health": ["hospitals", "medicine", "hunger"],
    "work": ["farms", "factories", "mines", "informal"],
    "movement": ["defection", "travel", "permits"],
    "faith": ["church", "shamanism"],
    "media": ["radio", "dramas", "phones", "rumours"],
}
EVERYWHERE = ["memo", "quote-worthy"]
RARE, RARE_SHARE = "case/defector-story", 0.02  # a code only a few documents use
AUTHORS = ["ana", "bo", "chen", "dara", "emil", "farah"]
WORDS = [
    "rice",
    "market",
    "police",
    "border",
    "family",
    "winter",
    "station",
    "factory",
    "hospital",
    "permit",
    "radio",
    "village",
    "price",
    "child",
    "mother",
    "soldier",
    "party",
    "meeting",
    "ration",
    "bribe",
    "train",
    "phone",
    "drama",
    "church",
    "farm",
    "mine",
    "wage",
    "debt",
    "harvest",
    "smuggling",
    "rumour",
    "crackdown",
    "hunger",
    "medicine",
    "school",
    "letter",
    "road",
    "river",
]
MS = 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=1000)
    parser.add_argument("--per-document", type=int, default=100)
    parser.add_argument("--regenerate", action="store_true", help="build the store afresh")
    args = parser.parse_args()
    root = DATA / f"library-{args.documents}x{args.per_document}"
    if args.regenerate or not (root / "store" / "library.json").exists():
        generate(root, args.documents, args.per_document)
    measure(root)


def generate(root: Path, documents: int, per_document: int) -> None:
    shutil.rmtree(root, ignore_errors=True)
    (root / "docs").mkdir(parents=True)
    chance = random.Random(4)
    started = time.perf_counter()
    store = Store(root / "store")
    paths = []
    for number in range(documents):
        path = root / "docs" / f"report-{number:04d}.txt"
        words = [chance.choice(WORDS) for _ in range(1200)]
        path.write_text(f"Report {number}: {' '.join(words[:6])}\n\n{' '.join(words)}\n")
        paths.append(path)
    registered = store.register_many(read_document(path) for path in paths)
    library_time = time.perf_counter() - started
    tags = [f"{theme}/{child}" for theme, children in THEMES.items() for child in children]
    for document in registered:
        themes = chance.sample(sorted(THEMES), 2)
        own = [tag for tag in tags if tag.split("/")[0] in themes] + themes
        if chance.random() < RARE_SHARE:
            own = [*own, RARE]
        annotations = []
        for _ in range(per_document):
            start = chance.randrange(0, len(document.text) - 200)
            chosen = [chance.choice(own if chance.random() < 0.85 else tags)]
            if chance.random() < 0.3:
                chosen.append(chance.choice(own))
            if chance.random() < 0.015:
                chosen.append(chance.choice(EVERYWHERE))
            annotations.append(
                Annotation(
                    doc_id=document.id,
                    anchor=anchor_at(document.text, start, start + chance.randrange(10, 120)),
                    tags=tuple(chosen),
                    note=" ".join(chance.choice(WORDS) for _ in range(chance.randrange(0, 20))),
                    author=chance.choice(AUTHORS),
                    created=f"202{chance.randrange(3, 5)}-{chance.randrange(1, 13):02d}-"
                    f"{chance.randrange(1, 29):02d}T12:00:00.000Z",
                    doc_sha256=document.sha256,
                )
            )
        store.write_many(puts=annotations)
    for theme in THEMES:
        store.set_tag_info(TagInfo(theme, "#336699", f"everything about {theme}"))
    total = time.perf_counter() - started
    print(f"generated {documents} documents x {per_document} annotations in {total:.1f} s "
          f"(registering the documents: {library_time:.1f} s)")  # fmt: skip


@dataclass
class Timing:
    """Wall and CPU time of one action; CPU time too, as wall time on a busy machine says
    little about the code."""

    wall: float
    cpu: float
    result: Any

    def __str__(self) -> str:
        return f"{self.wall * MS:8.1f} ms  (cpu {self.cpu * MS:7.1f} ms)"


def timed(action: Callable[[], Any]) -> Timing:
    wall, cpu = time.perf_counter(), time.process_time()
    result = action()
    return Timing(time.perf_counter() - wall, time.process_time() - cpu, result)


QUERIES = [
    "",
    "r",
    "ri",
    "ric",
    "rice",
    "rice market",
    '"rice market"',
    "tag:economy",
    "tag:economy/trade -tag:economy/trade/border",
    "-tag:economy",
    "doc:report-0042",
    "author:ana",
    "since:2024-06-01",
    "tag:health author:bo since:2024-01-01 hunger -police",
]
RENAMES = [
    ("case", "cases"),  # in a few documents
    ("economy/covid", "economy/pandemic"),  # in half of them
    ("memo", "note"),  # a few uses in half of them
    ("state", "regime"),  # a whole branch, in nearly all
]


def measure_opening(root: Path) -> None:
    """What opening the library costs: its documents read and registered, then every
    annotation read (for the counts), then read again (an export after it)."""
    paths = sorted((root / "docs").glob("*.txt"))
    store = Store(root / "store")
    found = timed(lambda: store.register_many(read_document(path) for path in paths))
    print(f"{f'open the library: read and register {len(paths)} documents':48} {found}")
    records = store.documents()
    counted = timed(lambda: store.load_annotations(record.id for record in records))
    print(f"{'then read every annotation (the counts)':48} {counted}")
    again = timed(lambda: store.load_annotations(record.id for record in records))
    print(f"{'read every annotation again (an export after it)':48} {again}\n")


def measure(root: Path) -> None:
    measure_opening(root)
    store = Store(root / "store")
    index = AnnotationIndex(store)
    load = timed(index.refresh)
    gc.freeze()  # as the app and the CLI do once the index is read (`collector_paused`)
    memory = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{len(index)} annotations in {len(index.groups())} documents; {os.cpu_count()} CPUs, "
          f"load average {os.getloadavg()[0]:.1f} when loaded\n")  # fmt: skip
    print(f"{'load the index (the browser opens)':48} {load}  peak memory {memory:.0f} MB")
    print(f"{'refresh, nothing changed':48} {timed(index.refresh)}")

    print("\nqueries over everything (median of 7 runs; target under 100 ms)")
    for query in QUERIES:
        runs = []
        for _ in range(7):
            index.search("")  # so that no run narrows the one before
            runs.append(timed(lambda q=query: index.search(q)))
        runs.sort(key=lambda run: run.wall)
        shown = repr(query) if query else "(empty: everything)"
        print(f"  {shown:46} {runs[3]}  {len(runs[3].result):6d} found, worst "
              f"{runs[-1].wall * MS:.1f} ms")  # fmt: skip

    typed = "tag:economy rice market -police"
    index.search("")
    keys = [timed(lambda end=end: index.search(typed[:end])) for end in range(1, len(typed) + 1)
            if not typed[:end].endswith(("-", ":"))]  # fmt: skip
    slowest = max(keys, key=lambda run: run.wall)
    print(f"\ntyping {typed!r}, one search per key: slowest key {slowest.wall * MS:.1f} ms, "
          f"all {len(keys)} keys {sum(run.wall for run in keys) * MS:.0f} ms")  # fmt: skip

    codebook = Codebook(History(store), index)
    rows = timed(lambda: codebook.rows(tree=True))
    print(f"\n{f'codebook tree ({len(rows.result)} tags)':48} {rows}")
    preview = timed(lambda: codebook.impact("state"))
    print(f"{f'delete preview of state ({preview.result.annotations} annotations)':48} {preview}")

    print("\nrenames with the index loaded, as in the app (target under 1 s), then undo")
    for old, new in RENAMES:
        done = timed(lambda o=old, n=new: codebook.rename(o, n))
        impact = done.result
        print(f"  {old} -> {new}: {impact.annotations} annotations in {impact.documents} "
              f"documents")  # fmt: skip
        print(f"    {'rename':44} {done}")
        print(f"    {'undo':44} {timed(codebook.undo)}")
    print(f"  (files the index had to read again after all that: {len(index.refresh())})")

    fresh = Codebook(History(Store(root / "store")))
    cold = timed(lambda: fresh.rename("state", "regime"))
    print(f"\n{'cold rename, as `postil tags rename` does':48} {cold}")
    fresh.undo()


if __name__ == "__main__":
    main()
