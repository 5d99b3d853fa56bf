"""How the reader looks. After a deliberate change, `pytest --snapshot-update`; look at the SVGs."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.app.helpers import make_app
from tui.core.anchoring import find_quote
from tui.core.annotation import Annotation
from tui.core.store import Store

NOTES = [
    ("Daily NK has learned", ("source",), "Anonymous sourcing, as usual for **Daily NK**."),
    ("turning to prostitution in order to make a living", ("economy/survival", "gender"), ""),
    ("prostitution in order", ("gender",), "Overlaps the passage above."),
    ("rice cakes", ("economy/food",), "Street trade: the *jangmadang* economy.\n\nSee also p. 4."),
    ("Arduous March", ("history",), "The famine of the late 1990s."),
]


@pytest.fixture
def annotated(tmp_path: Path, seed: Path) -> tuple[Path, Path]:
    store_root = tmp_path / "store"
    store = Store(store_root)
    document = store.open_document(seed)
    for number, (quote, tags, note) in enumerate(NOTES):
        store.add(
            Annotation(
                id=f"00000000-0000-4000-8000-00000000000{number}",
                doc_id=document.id,
                anchor=find_quote(document.text, quote),
                tags=tags,
                note=note,
                created="2026-01-01T00:00:00.000Z",
            )
        )
    return store_root, seed


def test_sample_with_overlapping_annotations_120x40(snap_compare, annotated) -> None:
    assert snap_compare(make_app(*annotated), terminal_size=(120, 40))


def test_sample_with_annotations_80x24(snap_compare, annotated) -> None:
    assert snap_compare(make_app(*annotated), terminal_size=(80, 24))


def test_editor(snap_compare, annotated) -> None:
    async def select_and_annotate(pilot) -> None:
        view = pilot.app.screen.query_one("DocumentView")
        text = view.text
        start = text.index("sentenced the women")
        view.select(start, start + len("sentenced the women"))
        await pilot.press("a")
        while pilot.app.screen.query("#tags").first(None) is None:
            await pilot.pause(0.05)
        await pilot.pause()
        await pilot.press(*"law/punishment", "enter", "enter", *"Three months, not a year.")

    assert snap_compare(
        make_app(*annotated), terminal_size=(100, 32), run_before=select_and_annotate
    )


def test_hangul_and_emoji(snap_compare, tmp_path: Path) -> None:
    text = (
        "함흥 역전 단속\n\n"
        "최근 함흥역 근처에서 여성 세 명이 단속되었다고 소식통이 전했다. 🙂 그들은 가족을 "
        "부양하기 위해 애쓰고 있었다.\n\n"
        "Mixed line: 한국어 and English, emoji 🎉🎉 and e\u0301 combining.\n"
    )
    path = tmp_path / "korean.txt"
    path.write_text(text, encoding="utf-8")
    store = Store(tmp_path / "store")
    document = store.open_document(path)
    store.add(
        Annotation(
            id="00000000-0000-4000-8000-000000000009",
            doc_id=document.id,
            anchor=find_quote(document.text, "함흥역 근처에서"),
            tags=("장소",),
            note="역전 🙂 단속",
            created="2026-01-01T00:00:00.000Z",
        )
    )
    assert snap_compare(make_app(tmp_path / "store", path), terminal_size=(80, 20))


def test_markup_and_escape_sequences_rendered_safely(snap_compare, tmp_path: Path) -> None:
    text = (
        "[bold red]This is not bold[/bold red] and [link=http://x]not a link[/link]\n"
        "Clear screen: \x1b[2J Title: \x1b]0;pwned\x07 Link: \x1b]8;;http://x\x1b\\text\x1b]8;;\x1b\\\n"
        "Cursor moves: \x1b[10;10H\x1b[A bell \x07 backspace \x08 C1 CSI \x9b31m del \x7f\n"
    )
    path = tmp_path / "hostile.txt"
    path.write_text(text, encoding="utf-8")
    store = Store(tmp_path / "store")
    document = store.open_document(path)
    store.add(
        Annotation(
            id="00000000-0000-4000-8000-000000000008",
            doc_id=document.id,
            anchor=find_quote(document.text, "This is not bold"),
            tags=("[red]markup[/red]", "esc\x1b[31m"),
            note="**real markdown** and [bold]literal markup[/bold] \x1b[2J",
            created="2026-01-01T00:00:00.000Z",
        )
    )
    assert snap_compare(make_app(tmp_path / "store", path), terminal_size=(100, 16))
