"""REFI-QDA files validate against the standard's schemas and reopen with the right positions."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest

from tests.conftest import shared_path
from tests.formats.conftest import exported
from tui.core.anchoring import find_quote
from tui.core.annotation import Annotation
from tui.core.store import Store
from tui.formats.refi_qda import code_guid

NS = {"qda": "urn:QDA-XML:project:1.0"}


def schema(name: str):
    xmlschema = pytest.importorskip("xmlschema")
    return xmlschema.XMLSchema(str(shared_path("schemas", "refi-qda", name)))


def project_of(files: dict[str, bytes]) -> tuple[zipfile.ZipFile, bytes]:
    archive = zipfile.ZipFile(io.BytesIO(files["annotations.qdpx"]))
    return archive, archive.read("project.qde")


def test_codebook_and_project_validate_against_the_schemas(sample: Store) -> None:
    files = exported(sample, "refi-qda")
    _archive, project = project_of(files)
    schema("Codebook-mrt2019.xsd").validate(files["annotations.qdc"].decode("utf-8"))
    schema("Project-mrt2019.xsd").validate(project.decode("utf-8"))
    assert b"<Sets" not in project and b"<Sets" not in files["annotations.qdc"]


def test_a_store_without_tags_or_annotations_still_gives_a_valid_project(
    store: Store, seed: Path
) -> None:
    store.open_document(seed)
    files = exported(store, "refi-qda")
    assert "annotations.qdc" not in files
    _archive, project = project_of(files)
    schema("Project-mrt2019.xsd").validate(project.decode("utf-8"))


def test_selections_reopen_at_the_right_positions(sample: Store) -> None:
    archive, project = project_of(exported(sample, "refi-qda"))
    root = ET.fromstring(project)
    [source] = root.findall("qda:Sources/qda:TextSource", NS)
    raw = archive.read("sources/" + source.get("plainTextPath").removeprefix("internal://"))
    assert not raw.startswith(b"\xef\xbb\xbf")
    text = raw.decode("utf-8")
    annotations = {annotation.id: annotation for annotation in sample.all_annotations()}
    selections = source.findall("qda:PlainTextSelection", NS)
    assert len(selections) == 5
    for selection in selections:
        annotation = annotations[selection.get("guid")]
        start, end = int(selection.get("startPosition")), int(selection.get("endPosition"))
        assert text[start:end] == annotation.quote
        codes = [ref.get("targetGUID") for ref in selection.findall(".//qda:CodeRef", NS)]
        assert codes == [code_guid(tag) for tag in annotation.tags]


def test_notes_and_the_orphan_are_kept_as_notes(sample: Store) -> None:
    _archive, project = project_of(exported(sample, "refi-qda"))
    root = ET.fromstring(project)
    notes = {
        note.get("guid"): note.findtext("qda:PlainTextContent", namespaces=NS)
        for note in root.findall("qda:Notes/qda:Note", NS)
    }
    referenced = {ref.get("targetGUID") for ref in root.iter("{urn:QDA-XML:project:1.0}NoteRef")}
    assert referenced == set(notes)
    contents = "\n".join(notes.values())
    assert "<script>alert('x')</script>" in contents
    assert "“a sentence that was removed”" in contents and "Tags: lost" in contents


def test_a_passage_with_emoji_before_it_counts_code_points(store: Store, tmp_path: Path) -> None:
    before = "👩‍👧 함흥역 and then "  # 17 code points, 33 UTF-8 bytes, 19 UTF-16 units
    path = tmp_path / "emoji.txt"
    path.write_text(before + "the passage\n", encoding="utf-8")
    document = store.open_document(path)
    anchor = find_quote(document.text, "the passage")
    store.add(Annotation(doc_id=document.id, anchor=anchor, tags=("x",)))
    _archive, project = project_of(exported(store, "refi-qda"))
    selection = ET.fromstring(project).find(".//qda:PlainTextSelection", NS)
    assert int(selection.get("startPosition")) == anchor.start == len(before)
