"""The sample article annotated as a user would, with fixed ids and dates so that exports are
the same on every run: overlapping passages, one across a paragraph break, Hangul and emoji,
quotes and commas, newlines, Rich markup, HTML and a spreadsheet formula in notes, a note on
the whole document, an orphan, an untagged highlight, and a codebook."""

from __future__ import annotations

from pathlib import Path

import pytest

from tui.core.anchoring import anchor_at, find_quote
from tui.core.annotation import Anchor, Annotation
from tui.core.document import read_document
from tui.core.store import DocumentRecord, Store, TagInfo
from tui.formats import registry
from tui.formats.base import ExportSet, export_set

DOC_ID = "5a4f1c2e9b7d3a10"
EXPORTED = "2024-06-01T12:00:00.000Z"


def fixed_id(number: int) -> str:
    return f"00000000-0000-4000-8000-{number:012d}"


def sample_annotations(text: str, sha256: str) -> list[Annotation]:
    across_start = text.index("five and nine months ago.")
    across_end = text.index("In Choi’s case") + len("In Choi’s case")

    def made(number: int, anchor: Anchor | None, **fields: object) -> Annotation:
        day = f"2024-05-0{number}"
        return Annotation(
            id=fixed_id(number),
            doc_id=DOC_ID,
            anchor=anchor,
            created=f"{day}T10:00:00.000Z",
            modified=f"{day}T11:30:00.000Z",
            doc_sha256=sha256,
            author="ana" if number % 2 else "bo",
            **fields,  # type: ignore[arg-type]
        )

    return [
        made(
            1,
            find_quote(text, "Hamhung Station", 1),
            tags=("place/hamhung", "장소"),
            note="crackdown site 🚨, “quoted”, with commas,\nand a second line",
        ),
        made(
            2,
            find_quote(text, "dragged away by police officers near Hamhung Station"),
            tags=("police",),
            note="[bold red]not markup[/] <script>alert('x')</script> & <b>bold</b>",
        ),
        made(
            3,
            anchor_at(text, across_start, across_end),
            tags=("economy/food",),
            note="=cmd|' /C calc'!A0",
        ),
        made(
            4,
            find_quote(text, "rice cakes"),
            tags=("economy", "feeling/슬픔 😢"),
            note="+1, -2, @sum; \"double\" and 'single' quotes",
        ),
        made(5, None, tags=("summary",), note="Hangul: 함흥역 — emoji: 👩‍👧 — a\ttab"),
        made(
            6,
            Anchor(10, 37, "a sentence that was removed", "before ", " after"),
            tags=("lost",),
            note="kept, though its passage is gone",
            orphan=True,
        ),
        made(7, find_quote(text, "Arduous March")),
    ]


@pytest.fixture
def sample(seed: Path, store: Store) -> Store:
    """The store with the sample article and its annotations."""
    document = read_document(seed)
    store.update_document(
        DocumentRecord(
            id=DOC_ID,
            path=str(seed.resolve()),
            sha256=document.sha256,
            title=document.title,
            size=len(document.text),
            added="2024-04-30T08:00:00.000Z",
            last_opened="2024-05-09T08:00:00.000Z",
            position=120,
        )
    )
    store.write_many(puts=sample_annotations(document.text, document.sha256))
    store.set_tag_info(TagInfo("economy", "#aa3300", "Money, trade | food"))
    store.set_tag_info(TagInfo("police", None, "Arrests and crackdowns,\nby the police"))
    store.set_tag_info(TagInfo("unused", None, "in the codebook only"))
    return store


def fixed_selection(store: Store) -> ExportSet:
    selection = export_set(store)
    selection.exported = EXPORTED
    return selection


def exported(store: Store, name: str, **options: object) -> dict[str, bytes]:
    """A format's files for the whole store, at the fixed export time."""
    return registry.get(name).export(fixed_selection(store), **options)
