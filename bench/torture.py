"""Kill a postil writer with SIGKILL at random moments, again and again, and check that the store
still opens and holds every change the writer saw acknowledged.

    python bench/torture.py [--runs 300] [--max-delay 0.3] [--seed 1] [--keep DIR]

A writer process adds, edits and deletes annotations, moves reading positions and writes batches
across documents through `Store`. Before each call it logs what it is about to do, and after the
call returns it logs the acknowledgement (one `write` system call per line, so a kill leaves
whole lines). The parent kills it after a random delay, then opens the store afresh and checks
every acknowledged change: added annotations exist, edits are there (or a later one), deleted ones
are gone, positions are at least the acknowledged one. The one change under way when the kill
came may or may not be there. Prints runs, kills, changes acknowledged and changes lost (0).

A SIGKILL tests what a crash of postil can do; a power cut is covered by the fsyncs, which no
script can test by killing processes.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from tui.core.annotation import Annotation
from tui.core.doctor import check_store
from tui.core.errors import NotFoundError
from tui.core.store import Store

DOCUMENTS = 3
MAX_PER_DOCUMENT = 200
TEXT = "A passage about rice cakes, markets and the Arduous March, sold at Hamhung Station.\n"


def version_of(annotation: Annotation) -> int:
    return int(annotation.note.split("|", 1)[0].removeprefix("v"))


# The writer --------------------------------------------------------------------------------


def run_writer(root: Path, log_path: Path, documents: list[Path], seed: int) -> None:
    """Change the store forever, logging each change before and after its call."""
    rng = random.Random(seed)
    log = os.open(log_path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)

    def note(step: str, changes: list[dict]) -> None:
        os.write(log, (json.dumps({"step": step, "changes": changes}) + "\n").encode())

    store = Store(root)
    for path in documents:
        note("intent", [{"op": "register", "doc": str(path)}])
        document = store.open_document(path)
        note("done", [{"op": "register", "doc": document.id}])
    doc_ids = [record.id for record in store.documents()]
    while True:
        doc_id = rng.choice(doc_ids)
        existing = store.annotations(doc_id)
        roll = rng.random()
        if roll < 0.4 and len(existing) < MAX_PER_DOCUMENT:
            made = Annotation(doc_id=doc_id, note=f"v0|{rng.random()}", tags=("t",))
            changes = [{"op": "add", "id": made.id, "doc": doc_id}]
            note("intent", changes)
            store.add(made)
        elif roll < 0.75 and existing:
            chosen = rng.choice(existing)
            version = version_of(chosen) + 1
            changes = [{"op": "edit", "id": chosen.id, "doc": doc_id, "version": version}]
            note("intent", changes)
            store.update(chosen.edited(note=f"v{version}|{rng.random()}"))
        elif roll < 0.87 and existing:
            chosen = rng.choice(existing)
            changes = [{"op": "delete", "id": chosen.id, "doc": doc_id}]
            note("intent", changes)
            store.delete(chosen.id, doc_id)
        elif roll < 0.95:
            batch = [Annotation(doc_id=rng.choice(doc_ids), note="v0|batch") for _ in range(3)]
            changes = [{"op": "add", "id": made.id, "doc": made.doc_id} for made in batch]
            note("intent", changes)
            store.write_many(puts=batch)
        else:
            position = store.document(doc_id).position + 1
            changes = [{"op": "position", "doc": doc_id, "position": position}]
            note("intent", changes)
            store.set_position(doc_id, position)
        note("done", changes)


# The parent --------------------------------------------------------------------------------


@dataclass
class Expected:
    """What the store must hold after every acknowledged change."""

    versions: dict[str, tuple[str, int]] = field(default_factory=dict)
    deleted: dict[str, str] = field(default_factory=dict)
    positions: dict[str, int] = field(default_factory=dict)
    documents: set[str] = field(default_factory=set)
    acknowledged: int = 0

    def take(self, change: dict) -> None:
        self.acknowledged += 1
        op, doc = change["op"], change["doc"]
        if op == "register":
            self.documents.add(doc)
        elif op == "add":
            self.versions[change["id"]] = (doc, 0)
        elif op == "edit":
            self.versions[change["id"]] = (doc, change["version"])
        elif op == "delete":
            self.versions.pop(change["id"], None)
            self.deleted[change["id"]] = doc
        elif op == "position":
            self.positions[doc] = change["position"]

    def settle(self, unfinished: list[dict], store: Store) -> None:
        """Take in what the store shows of the change the kill interrupted: a delete that
        happened must not be counted as a loss later."""
        for change in unfinished:
            if change["op"] == "delete":
                try:
                    store.get(change["id"], change["doc"])
                except NotFoundError:
                    self.versions.pop(change["id"], None)

    def lost(self, store: Store) -> list[str]:
        """Every acknowledged change the store does not hold."""
        found = {a.id: a for doc in self.documents for a in store.annotations(doc)}
        lost = []
        for annotation_id, (_, version) in self.versions.items():
            if annotation_id not in found:
                lost.append(f"annotation {annotation_id} is missing")
            elif version_of(found[annotation_id]) < version:
                lost.append(f"annotation {annotation_id} lost edit {version}")
        lost += [f"annotation {i} came back after delete" for i in self.deleted if i in found]
        known = {record.id: record for record in store.documents()}
        lost += [f"document {doc} is missing" for doc in self.documents if doc not in known]
        lost += [
            f"document {doc} lost position {position}"
            for doc, position in self.positions.items()
            if doc in known and known[doc].position < position
        ]
        return lost


def read_log(path: Path, start: int) -> tuple[list[dict], int]:
    """Whole lines written since byte `start`, and where the next read starts."""
    data = path.read_bytes()[start:]
    whole = data[: data.rfind(b"\n") + 1]
    return [json.loads(line) for line in whole.splitlines()], start + len(whole)


def wait_for_growth(path: Path, size: int, timeout: float = 30.0) -> None:
    """Wait until the writer has logged its first step (Python and postil have loaded)."""
    deadline = time.monotonic() + timeout
    while path.stat().st_size <= size and time.monotonic() < deadline:
        time.sleep(0.002)


def torture(runs: int, max_delay: float, seed: int, folder: Path) -> int:
    rng = random.Random(seed)
    root = folder / "store"
    documents = []
    for number in range(DOCUMENTS):
        path = folder / f"document{number}.txt"
        path.write_text(f"Document {number}\n" + TEXT * (number + 1))
        documents.append(path)
    log = folder / "log.jsonl"
    log.touch()
    expected = Expected()
    read_from = kills = leftovers = damaged = 0
    lost: dict[str, int] = {}  # each problem, and the run after which it was first seen
    started = time.monotonic()
    for run in range(runs):
        writer = subprocess.Popen(
            [sys.executable, __file__, "--writer", str(root), str(log)]
            + [str(rng.randrange(1 << 32))]
            + [str(path) for path in documents],
            stderr=subprocess.PIPE,
        )
        wait_for_growth(log, read_from)
        time.sleep(rng.uniform(0, max_delay))
        if writer.poll() is None:
            writer.send_signal(signal.SIGKILL)
            kills += 1
        _, errors = writer.communicate()
        if writer.returncode != -signal.SIGKILL:
            print(f"run {run}: the writer failed:\n{errors.decode()}", file=sys.stderr)
            return 1
        lines, read_from = read_log(log, read_from)
        unfinished: list[dict] = []
        for line in lines:
            if line["step"] == "done":
                for change in line["changes"]:
                    expected.take(change)
            unfinished = line["changes"] if line["step"] == "intent" else []
        check = check_store(root) if root.exists() else None
        if check is not None:
            leftovers += len(check.leftovers)
            damaged += len(check.damaged)
            for file in check.damaged:
                print(f"run {run}: {file.path}: {file.problem}", file=sys.stderr)
        if check is not None and not check.damaged:
            expected.settle(unfinished, Store(root))
            for problem in expected.lost(Store(root)):
                lost.setdefault(problem, run)
    for problem, run in lost.items():
        print(f"after run {run}: {problem}", file=sys.stderr)
    print(f"runs: {runs}")
    print(f"kills: {kills}")
    print(f"changes acknowledged: {expected.acknowledged}")
    print(f"changes lost: {len(lost)}")
    print(f"damaged store files: {damaged}")
    print(f"temporary files left by kills (removed by the next write): {leftovers}")
    print(f"annotations in the store at the end: {len(expected.versions)}")
    print(f"time: {time.monotonic() - started:.0f} s")
    return 1 if lost or damaged else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=300)
    parser.add_argument("--max-delay", type=float, default=0.3, help="seconds (default 0.3)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", type=Path, metavar="DIR", help="work in DIR and keep it")
    parser.add_argument("--writer", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.writer:
        root, log, seed, *documents = args.writer
        run_writer(Path(root), Path(log), [Path(d) for d in documents], int(seed))
        return 0
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
        return torture(args.runs, args.max_delay, args.seed, args.keep)
    folder = Path(tempfile.mkdtemp(prefix="postil-torture-"))
    try:
        return torture(args.runs, args.max_delay, args.seed, folder)
    finally:
        shutil.rmtree(folder)


if __name__ == "__main__":
    sys.exit(main())
