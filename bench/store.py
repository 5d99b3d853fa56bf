"""Time the store at the size of months of work: 1,000 documents with 100 annotations each.

    python bench/store.py [--documents 1000] [--per-document 100] [--repeat 50] [--keep DIR]

Prints the time of one durable add (fsync of file and folder included) with a warm store (the
reader) and a cold one (a `postil add`), of a library write, of reading every annotation, of one
`StoreWatcher` poll and of `postil doctor`'s check. Building the store is timed too.
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from tui.core.anchoring import anchor_at
from tui.core.annotation import Annotation
from tui.core.doctor import check_store
from tui.core.document import Document, text_sha256
from tui.core.store import Store
from tui.core.watcher import StoreWatcher

TEXT = "A passage about rice cakes, markets and the Arduous March, sold at Hamhung Station.\n" * 40


def build(root: Path, documents: int, per_document: int) -> list[str]:
    """A store of `documents` registered documents with `per_document` annotations each."""
    store = Store(root)
    rng = random.Random(1)
    doc_ids = []
    for number in range(documents):
        text = f"Document {number}\n{TEXT}"
        document = store.register(
            Document(
                path=root.parent / "documents" / f"{number}.txt",
                text=text,
                sha256=text_sha256(text),
                title=f"Document {number}",
            )
        )
        annotations = []
        for _ in range(per_document):
            start = rng.randrange(len(text) - 40)
            annotations.append(
                Annotation(
                    doc_id=document.id,
                    anchor=anchor_at(text, start, start + rng.randrange(5, 40)),
                    tags=(rng.choice(["economy/food", "place", "history", "source"]),),
                    note=f"note {rng.random()}",
                    author="bench",
                    doc_sha256=document.sha256,
                )
            )
        store.write_many(puts=annotations)
        doc_ids.append(document.id)
    return doc_ids


def timed(action: Callable[[], object], repeat: int) -> list[float]:
    """Milliseconds of each of `repeat` runs of `action`."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000)
    return times


def show(label: str, times: list[float]) -> None:
    ordered = sorted(times)
    p90 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.9))]
    print(
        f"{label:<46} median {statistics.median(times):8.2f} ms   "
        f"min {ordered[0]:8.2f}   p90 {p90:8.2f}   (n={len(times)})"
    )


def bench(root: Path, documents: int, per_document: int, repeat: int) -> None:
    if (root / "library.json").exists():
        doc_ids = [record.id for record in Store(root).documents()]
        print(f"using the store in {root}")
    else:
        start = time.perf_counter()
        doc_ids = build(root, documents, per_document)
        print(f"built {documents} documents x {per_document} annotations in {root}: ")
        print(f"  {time.perf_counter() - start:.1f} s")
    rng = random.Random(2)
    warm = Store(root)
    total = sum(1 for _ in warm.all_annotations())
    print(f"annotations in the store: {total:,}")

    def add_warm() -> None:
        warm.add(Annotation(doc_id=rng.choice(doc_ids), note="bench add", author="bench"))

    def add_cold() -> None:
        Store(root).add(Annotation(doc_id=rng.choice(doc_ids), note="cold add", author="bench"))

    for doc_id in doc_ids:  # the reader has its documents loaded
        warm.annotations(doc_id)
    show("durable add, warm store (the reader)", timed(add_warm, repeat))
    show("durable add, cold store (`postil add`)", timed(add_cold, repeat))
    position = iter(range(10**9))
    show(
        "durable reading position (library write)",
        timed(lambda: warm.set_position(rng.choice(doc_ids), next(position)), repeat),
    )
    show("read every annotation, cold store", timed(lambda: list(Store(root).search()), 3))
    show("read every annotation, warm store", timed(lambda: list(warm.search()), 3))
    watcher = StoreWatcher(warm)
    show(
        f"watcher poll, unchanged ({len(doc_ids) + 1} files)",
        timed(lambda: (watcher.changed_documents(), watcher.library_changed()), 10),
    )
    show("doctor: check every file", timed(lambda: check_store(root), 1))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--documents", type=int, default=1000)
    parser.add_argument("--per-document", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=50)
    parser.add_argument("--keep", type=Path, metavar="DIR", help="build in DIR, or reuse it")
    args = parser.parse_args()
    if args.keep:
        bench(args.keep / "store", args.documents, args.per_document, args.repeat)
        return
    folder = Path(tempfile.mkdtemp(prefix="postil-bench-"))
    try:
        bench(folder / "store", args.documents, args.per_document, args.repeat)
    finally:
        shutil.rmtree(folder)


if __name__ == "__main__":
    main()
