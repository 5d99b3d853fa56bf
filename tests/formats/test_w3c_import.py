"""Annotations made elsewhere (a single W3C annotation, a Hypothesis export) come in anchored by
their quotes; what cannot come in is named in the report."""

from __future__ import annotations

import json
from pathlib import Path

from tests.formats.conftest import exported
from tui.core.store import Store
from tui.formats.importing import import_file

HYPOTHESIS_URI = "https://example.org/articles/000_b169668185c3824f.txt"


def hypothesis_row(**fields: object) -> dict:
    row = {
        "id": "Xy7_AbCdEfGh",
        "created": "2023-01-02T03:04:05.678901+00:00",
        "updated": "2023-01-03T03:04:05.678901+01:00",
        "user": "acct:zed@hypothes.is",
        "uri": HYPOTHESIS_URI,
        "text": "a note made in the browser",
        "tags": ["from-web", "place"],
        "target": [
            {
                "source": HYPOTHESIS_URI,
                "selector": [
                    {"type": "RangeSelector", "startContainer": "/p[3]", "startOffset": 0},
                    {"type": "TextPositionSelector", "start": 1, "end": 16},
                    {
                        "type": "TextQuoteSelector",
                        "exact": "Hamhung Station",
                        "prefix": "police officers near ",
                        "suffix": " while engaging",
                    },
                ],
            }
        ],
    }
    row.update(fields)
    return row


def test_hypothesis_export_is_anchored_by_quote_and_context(
    store: Store, seed: Path, tmp_path: Path
) -> None:
    document = store.open_document(seed)
    export = {
        "export_date": "2023-02-01T00:00:00Z",
        "annotations": [
            hypothesis_row(),
            hypothesis_row(id="reply1", references=["Xy7_AbCdEfGh"], text="I agree"),
            hypothesis_row(
                id="elsewhere",
                uri="https://other.example/page",
                target=[
                    {
                        "source": "https://other.example/page",
                        "selector": [{"type": "TextQuoteSelector", "exact": "not in any document"}],
                    }
                ],
            ),
        ],
    }
    path = tmp_path / "hypothesis.json"
    path.write_text(json.dumps(export))

    report = import_file(store, path)

    [annotation] = store.annotations(document.id)
    expected_start = document.text.index("officers near Hamhung Station while") + len(
        "officers near "
    )
    assert (annotation.start, annotation.quote) == (expected_start, "Hamhung Station")
    assert annotation.tags == ("from-web", "place")
    assert annotation.note == "a note made in the browser"
    assert annotation.author == "zed"
    assert annotation.created == "2023-01-02T03:04:05.678Z"
    assert annotation.modified == "2023-01-03T02:04:05.678Z"
    assert report[0].startswith("1 annotations added")
    assert "not imported: reply1: a reply to another annotation" in report
    assert any(line.startswith("not imported: elsewhere: its document") for line in report)

    assert import_file(store, path)[0].startswith("0 annotations added, 0 updated")


def test_single_w3c_annotation_by_file_name_with_a_body_it_cannot_keep(
    store: Store, seed: Path, tmp_path: Path
) -> None:
    document = store.open_document(seed)
    single = {
        "@context": "http://www.w3.org/ns/anno.jsonld",
        "id": "http://example.org/anno/1",
        "type": "Annotation",
        "bodyValue": "short note",
        "body": [
            {"type": "TextualBody", "value": "history", "purpose": ["tagging"]},
            "http://example.org/picture.png",
        ],
        "target": {
            "source": {"id": "http://example.org/text", "label": seed.name},
            "selector": {"type": "TextQuoteSelector", "exact": "Arduous March"},
        },
    }
    path = tmp_path / "one.jsonld"
    path.write_text(json.dumps(single))

    report = import_file(store, path, "w3c")

    [annotation] = store.annotations(document.id)
    assert annotation.quote == "Arduous March"
    assert document.text[annotation.start : annotation.end] == "Arduous March"
    assert (annotation.tags, annotation.note) == (("history",), "short note")
    assert any("left out a body that is not text" in line for line in report)


def test_a_quote_the_document_no_longer_has_comes_in_as_an_orphan(
    store: Store, seed: Path, tmp_path: Path
) -> None:
    document = store.open_document(seed)
    single = {
        "type": "Annotation",
        "id": "urn:uuid:11111111-2222-4333-8444-555555555555",
        "target": {
            "source": {"id": f"urn:sha256:{document.sha256}"},
            "selector": [
                {"type": "TextQuoteSelector", "exact": "words that were edited away"},
                {"type": "TextPositionSelector", "start": 5, "end": 32},
            ],
        },
    }
    path = tmp_path / "orphan.jsonld"
    path.write_text(json.dumps(single))

    report = import_file(store, path)

    [annotation] = store.annotations(document.id)
    assert annotation.orphan and annotation.quote == "words that were edited away"
    assert annotation.id == "11111111-2222-4333-8444-555555555555"
    assert any("imported as an orphan" in line for line in report)


def test_documents_sent_beside_the_file_are_found_if_their_text_is_the_same(
    sample: Store, seed: Path, tmp_path: Path
) -> None:
    parcel = tmp_path / "parcel"
    parcel.mkdir()
    collection = exported(sample, "w3c")["annotations.jsonld"].decode("utf-8")
    moved = collection.replace(seed.resolve().as_uri(), "file:///elsewhere/" + seed.name)
    (parcel / "annotations.jsonld").write_text(moved, encoding="utf-8")
    (parcel / seed.name).write_bytes(seed.read_bytes())

    report = import_file(Store(tmp_path / "one"), parcel / "annotations.jsonld")
    assert report[0].startswith("7 annotations added")

    (parcel / seed.name).write_text("A different text altogether.\n", encoding="utf-8")
    report = import_file(Store(tmp_path / "two"), parcel / "annotations.jsonld")
    assert report[0].startswith("0 annotations added")
    assert sum(line.startswith("not imported: urn:uuid:") for line in report) == 7
