"""What goes out comes back: postil JSON exactly, W3C as the same passages, tags and notes."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import shared_path
from tests.formats.conftest import DOC_ID, exported, fixed_id
from tui.core.annotation import Annotation
from tui.core.store import Store
from tui.formats.importing import import_file


def written(tmp_path: Path, name: str, files: dict[str, bytes]) -> Path:
    [data] = files.values()
    path = tmp_path / name
    path.write_bytes(data)
    return path


def without_time(files: dict[str, bytes]) -> dict:
    payload = json.loads(files["annotations.json"])
    payload.pop("exported")
    return payload


def test_json_export_then_import_into_an_empty_store_is_identical(
    sample: Store, tmp_path: Path
) -> None:
    first = exported(sample, "json")
    other = Store(tmp_path / "other")
    report = import_file(other, written(tmp_path, "all.json", first))
    assert report == [
        "1 documents added, 0 already known",
        "3 codebook entries added, 0 kept as they are in the store",
        "7 annotations added, 0 updated (newer in the file), 0 kept (same or newer in the store)",
    ]
    assert without_time(exported(other, "json")) == without_time(first)


def test_json_import_merges_by_id_newest_change_winning(sample: Store, tmp_path: Path) -> None:
    other = Store(tmp_path / "other")
    import_file(other, written(tmp_path, "first.json", exported(sample, "json")))
    mine = other.get(fixed_id(2), DOC_ID)
    other.update(mine.edited(note="changed here, later"))
    theirs = sample.get(fixed_id(1), DOC_ID)
    sample.update(theirs.edited(note="changed there, later"))

    report = import_file(other, written(tmp_path, "second.json", exported(sample, "json")))

    assert report[-1] == (
        "0 annotations added, 1 updated (newer in the file), 6 kept (same or newer in the store)"
    )
    assert other.get(fixed_id(1), DOC_ID).note == "changed there, later"
    assert other.get(fixed_id(2), DOC_ID).note == "changed here, later"


def facts(annotation: Annotation) -> tuple:
    return (
        annotation.id,
        annotation.start,
        annotation.end,
        annotation.quote,
        annotation.tags,
        annotation.note,
        annotation.orphan,
        annotation.author,
        annotation.created,
        annotation.modified,
    )


def test_w3c_export_then_import_into_an_empty_store_gives_the_same_annotations(
    sample: Store, tmp_path: Path
) -> None:
    other = Store(tmp_path / "other")
    report = import_file(other, written(tmp_path, "all.jsonld", exported(sample, "w3c")))

    [document] = other.documents()
    assert sorted(map(facts, other.annotations(document.id))) == sorted(
        map(facts, sample.annotations(DOC_ID))
    )
    assert report[0].startswith("7 annotations added")
    assert f"urn:uuid:{fixed_id(6)}: imported as an orphan" in "\n".join(report)


def test_w3c_export_uses_only_terms_of_the_annotation_context(sample: Store) -> None:
    context = json.loads(shared_path("schemas", "w3c", "anno.jsonld").read_text())["@context"]
    collection = json.loads(exported(sample, "w3c")["annotations.jsonld"])

    def keys(value: object) -> set[str]:
        if isinstance(value, dict):
            return set(value).union(*(keys(inner) for inner in value.values()))
        if isinstance(value, list):
            return set().union(*(keys(inner) for inner in value))
        return set()

    assert keys(collection) - {"@context"} <= set(context)
    assert collection["@context"] == "http://www.w3.org/ns/anno.jsonld"


def test_w3c_annotations_carry_what_the_issue_names(sample: Store) -> None:
    collection = json.loads(exported(sample, "w3c")["annotations.jsonld"])
    items = {item["id"]: item for item in collection["first"]["items"]}
    assert collection["type"] == "AnnotationCollection"
    assert collection["total"] == len(items) == 7

    passage = items[f"urn:uuid:{fixed_id(1)}"]
    assert passage["type"] == "Annotation"
    assert passage["created"].endswith("Z") and passage["modified"].endswith("Z")
    assert passage["creator"] == {"type": "Person", "name": "ana"}
    assert passage["body"] == [
        {
            "type": "TextualBody",
            "value": "crackdown site 🚨, “quoted”, with commas,\nand a second line",
            "purpose": "commenting",
            "format": "text/markdown",
        },
        {"type": "TextualBody", "value": "place/hamhung", "purpose": "tagging"},
        {"type": "TextualBody", "value": "장소", "purpose": "tagging"},
    ]
    source = passage["target"]["source"]
    annotation = sample.get(fixed_id(1), DOC_ID)
    assert source["id"] == f"urn:sha256:{annotation.doc_sha256}"
    assert source["label"] == "000_b169668185c3824f.txt"
    quote, position = passage["target"]["selector"]
    assert quote == {
        "type": "TextQuoteSelector",
        "exact": "Hamhung Station",
        "prefix": annotation.anchor.prefix,
        "suffix": annotation.anchor.suffix,
    }
    assert position == {
        "type": "TextPositionSelector",
        "start": annotation.start,
        "end": annotation.end,
    }
    orphan = items[f"urn:uuid:{fixed_id(6)}"]["target"]["selector"]
    assert [selector["type"] for selector in orphan] == ["TextQuoteSelector"]
    assert "selector" not in items[f"urn:uuid:{fixed_id(5)}"]["target"]
