"""The benchmark's inputs, built from real prose on this machine (no network).

Documents are paragraphs drawn (with a fixed seed) from the sample article, the prose of Python's
own documentation that ships with the interpreter (`pydoc_data.topics`), and a few paragraphs of
interview transcript written for this benchmark, one paragraph per line as in the sample. Each
document starts with the sample article, holds one unique sentence near its end for searches, and
ends with a unique last line.

The store holds 100,000 annotations over 1,000 documents, written one document at a time with
`Store.write_many`, and a second store holds 10,000 annotations on the 100 MB document.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from pathlib import Path

from tui.core.anchoring import anchor_at
from tui.core.annotation import Annotation
from tui.core.document import read_document
from tui.core.store import Store

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "seeds" / "000_b169668185c3824f.txt"
MIB = 1 << 20
GENERATION = "2"  # change it when the inputs change: they are made again
NEEDLE = "quokka-zanzibar"
NEEDLE_SENTENCE = f"Near the end a coder wrote {NEEDLE} in the margin, to be found again."
LAST_LINE = "This is the last line of the benchmark document."
FIRST_SCREEN = "A view of Hamhung, South Hamgyong Province"
TAGS = ("economy/trade", "economy/survival", "gender", "law/punishment", "place", "source")

TRANSCRIPT = """\
Interviewer: When did you first notice that the market had changed? Respondent: It was the \
winter after the floods. Before that, the women sold rice cakes near the station, and the police \
let them be, as long as they paid something. After the floods, everything cost twice as much.
Respondent: My mother kept a notebook of prices. Every evening she wrote down what corn cost, \
what rice cost, and what the soldiers had taken. I still have it; the pages are soft from being \
folded into her coat.
Interviewer: Did people talk about it openly? Respondent: Not openly, no. You talked to people \
you had known for twenty years, and even then you said it as a joke, so that you could take it \
back. Everyone understood the joke.
Field note, third visit: the respondent asked that the recorder be switched off for the part \
about her brother. What follows is written from memory, an hour later, and should be read as a \
paraphrase rather than a quotation.
Respondent: The checkpoint was the worst place. They would make you open every bag. Once they \
took the salt, only the salt, and laughed about it. Salt was money then.
Coding memo: the theme of "taking back" recurs across the interviews (jokes that can be taken \
back, goods that can be taken away, words that can be denied). Consider a parent code for \
reversibility, with children for speech, property and movement.
Interviewer: What would you want people outside to understand? Respondent: That we were not \
waiting to be rescued. We were busy. Everyone was busy, all the time, just to stay where we were.
"""


@dataclass(frozen=True)
class Inputs:
    documents: dict[str, Path]  # "sample", "1 MB", "10 MB", "100 MB"
    library: Path  # the folder of 1,000 documents
    library_store: Path  # 100,000 annotations over those documents
    big_store: Path  # 10,000 annotations on the 100 MB document


def paragraphs() -> list[str]:
    """Real prose, one paragraph per item, white space inside a paragraph collapsed."""
    import pydoc_data.topics

    sample = SAMPLE.read_text(encoding="utf-8")
    found = [p.strip() for p in sample.split("\n") if len(p.split()) > 6]
    found += [line for line in TRANSCRIPT.splitlines() if line]
    for topic in pydoc_data.topics.topics.values():
        for block in topic.split("\n\n"):
            words = block.split()
            if len(words) > 12 and not block.startswith(" "):
                found.append(" ".join(words))
    return found


def write_document(path: Path, size: int, seed: int) -> None:
    """About `size` bytes of prose: the sample article, random paragraphs, the needle, the end."""
    prose = paragraphs()
    draw = random.Random(seed)
    head = SAMPLE.read_text(encoding="utf-8").rstrip("\n") + "\n\n"
    tail = f"{LAST_LINE}\n"
    budget = size - len(head.encode()) - len(tail.encode())
    parts: list[str] = [head]
    written = 0
    needle_at = int(budget * 0.995)
    part = 1
    while written < budget:
        if draw.random() < 0.03:
            chunk = f"Part {part}\n\n"
            part += 1
        else:
            chunk = draw.choice(prose) + "\n\n"
        if written < needle_at <= written + len(chunk):
            parts.append(f"{NEEDLE_SENTENCE}\n\n")
        parts.append(chunk)
        written += len(chunk.encode())
    parts.append(tail)
    path.write_text("".join(parts), encoding="utf-8")


def annotations_for(doc_id: str, sha256: str, text: str, count: int, seed: int) -> list[Annotation]:
    """`count` annotations spread evenly over `text`, on whole words, with tags and short notes."""
    draw = random.Random(seed)
    step = max(1, len(text) // (count + 1))
    found: list[Annotation] = []
    for number in range(count):
        start = number * step + draw.randrange(step)
        while start < len(text) - 1 and not text[start].isalnum():
            start += 1
        end = min(len(text), start + draw.randrange(12, 120))
        if end <= start:
            continue
        note = draw.choice(("", "See the coding memo.", "Compare the third interview.", ""))
        found.append(
            Annotation(
                doc_id=doc_id,
                anchor=anchor_at(text, start, end),
                tags=tuple(draw.sample(TAGS, draw.randrange(1, 3))),
                note=note,
                author="bench",
                doc_sha256=sha256,
            )
        )
    return found


def build_library(folder: Path, store_root: Path, documents: int, per_document: int) -> None:
    """`documents` small documents in `folder`, each with `per_document` annotations."""
    folder.mkdir(parents=True, exist_ok=True)
    prose = paragraphs()
    store = Store(store_root)
    for number in range(documents):
        draw = random.Random(number)
        path = folder / f"doc-{number:04d}.txt"
        body = "\n\n".join(draw.choice(prose) for _ in range(draw.randrange(8, 40)))
        path.write_text(f"Document {number}\n\n{body}\n", encoding="utf-8")
        document = store.open_document(path)
        store.write_many(
            annotations_for(document.id, document.sha256, document.text, per_document, number)
        )


def build(data: Path, fresh: bool = False) -> Inputs:
    """Make (or reuse) every input under `data`."""
    data.mkdir(parents=True, exist_ok=True)
    stamp = data / "generation"
    fresh = fresh or not stamp.exists() or stamp.read_text() != GENERATION
    documents = {"sample": data / "sample.txt"}
    if fresh or not documents["sample"].exists():
        documents["sample"].write_text(SAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    for label, size in (("1 MB", 1), ("10 MB", 10), ("100 MB", 100)):
        path = data / f"prose-{size}mb.txt"
        documents[label] = path
        if fresh or not path.exists():
            write_document(path, size * MIB, seed=size)
    inputs = Inputs(
        documents=documents,
        library=data / "library",
        library_store=data / "library-store",
        big_store=data / "big-store",
    )
    if fresh or not (inputs.library_store / "library.json").exists():
        _remove(inputs.library, inputs.library_store)
        build_library(inputs.library, inputs.library_store, documents=1_000, per_document=100)
    if fresh or not (inputs.big_store / "library.json").exists():
        _remove(inputs.big_store)
        store = Store(inputs.big_store)
        document = store.register(read_document(documents["100 MB"]))
        store.write_many(
            annotations_for(document.id, document.sha256, document.text, 10_000, seed=100)
        )
    stamp.write_text(GENERATION)
    return inputs


def _remove(*folders: Path) -> None:
    import shutil

    for folder in folders:
        shutil.rmtree(folder, ignore_errors=True)
