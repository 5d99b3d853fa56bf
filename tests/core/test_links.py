"""Paragraph links in the store: kept per pair of documents, found again after edits, exported."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tui.core.alignment import Paragraphs
from tui.core.errors import PostilError
from tui.core.links import LINKS_FILE, LinkBook
from tui.core.store import Store
from tui.formats import registry
from tui.formats.base import export_set

ENGLISH = "First.\n\nSecond, long.\n\nThird.\n\nFourth."
KOREAN = "첫째.\n\n둘째와 셋째.\n\n넷째."


def pair(tmp_path: Path, store: Store, left: str = ENGLISH, right: str = KOREAN):
    paths = [tmp_path / "en.txt", tmp_path / "ko.txt"]
    for path, text in zip(paths, (left, right), strict=True):
        path.write_text(text, encoding="utf-8")
    return [store.open_document(path) for path in paths]


def test_links_are_kept_for_the_pair_whichever_side_it_is_read_from(tmp_path, store) -> None:
    english, korean = pair(tmp_path, store)
    en, ko = Paragraphs.of(english.text), Paragraphs.of(korean.text)
    LinkBook(store).save(english.id, en, korean.id, ko, [(3, 2)])
    assert (store.root / LINKS_FILE).exists()
    again = LinkBook(Store(store.root))
    assert again.load(english.id, en, korean.id, ko) == ([(3, 2)], 0)
    assert again.load(korean.id, ko, english.id, en) == ([(2, 3)], 0)
    again.save(korean.id, ko, english.id, en, [])
    assert again.load(english.id, en, korean.id, ko) == ([], 0)


def test_a_link_follows_its_paragraph_when_a_document_changes(tmp_path, store) -> None:
    english, korean = pair(tmp_path, store)
    en, ko = Paragraphs.of(english.text), Paragraphs.of(korean.text)
    LinkBook(store).save(english.id, en, korean.id, ko, [(3, 2), (1, 1)])
    edited = Paragraphs.of("A new opening paragraph.\n\n" + english.text.replace("Second", "2nd"))
    links, lost = LinkBook(store).load(english.id, edited, korean.id, ko)
    assert links == [(4, 2)]  # "Fourth." moved down one; "Second, long." is gone
    assert lost == 1


def test_links_go_out_with_their_documents_and_come_back_in(tmp_path, store) -> None:
    english, korean = pair(tmp_path, store)
    en, ko = Paragraphs.of(english.text), Paragraphs.of(korean.text)
    LinkBook(store).save(english.id, en, korean.id, ko, [(3, 2)])
    json_format = registry.get("json")
    [text] = json_format.export(export_set(store)).values()
    exported = json.loads(text)
    [record] = exported["links"]
    assert set(record["documents"]) == {english.id, korean.id}
    [only_one] = json_format.export(export_set(store, [english.id])).values()
    assert "links" not in json.loads(only_one)

    fresh = Store(tmp_path / "fresh")
    data = json.dumps(exported).encode()
    messages = json_format.import_(fresh, data, {})
    assert any("paragraph links: 1 pair of documents added" in line for line in messages)
    assert LinkBook(fresh).load(english.id, en, korean.id, ko) == ([(3, 2)], 0)
    again = json_format.import_(fresh, data, {})
    assert any("1 kept" in line for line in again)


def test_damaged_links_stop_the_import_before_anything_is_written(tmp_path, store) -> None:
    payload = {
        "format": "postil-export",
        "version": 1,
        "documents": [],
        "annotations": [],
        "links": [{"documents": ["a"], "links": "nonsense"}],
    }
    with pytest.raises(PostilError, match="damaged paragraph links"):
        registry.get("json").import_(store, json.dumps(payload).encode(), {})
    assert not (store.root / LINKS_FILE).exists()
