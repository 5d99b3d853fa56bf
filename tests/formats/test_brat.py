"""brat files hold exactly the text they claim, so brat opens them without complaint."""

from __future__ import annotations

import json
import re

from tests.formats.conftest import exported, fixed_id
from tui.core.store import Store

STEM = "000_b169668185c3824f"


def parse_ann(ann: str) -> tuple[dict[str, tuple[str, list[tuple[int, int]], str]], list[str]]:
    spans, notes = {}, []
    for line in ann.splitlines():
        if line.startswith("T"):
            key, type_and_offsets, text = line.split("\t", 2)
            kind, offsets = type_and_offsets.split(" ", 1)
            pieces = [tuple(map(int, piece.split())) for piece in offsets.split(";")]
            spans[key] = (kind, pieces, text)
        else:
            notes.append(line)
    return spans, notes


def test_every_t_line_text_is_the_slice_of_the_txt(sample: Store) -> None:
    files = exported(sample, "brat")
    text = files[f"{STEM}.txt"].decode("utf-8")
    spans, _notes = parse_ann(files[f"{STEM}.ann"].decode("utf-8"))
    assert len(spans) == 7  # five tagged passages (two with two tags) and one without tags
    for kind, pieces, covered in spans.values():
        assert covered == " ".join(text[start:end] for start, end in pieces)
        assert all("\n" not in text[start:end] for start, end in pieces)
        assert re.fullmatch(r"[A-Za-z][A-Za-z0-9_-]*", kind)


def test_a_passage_across_a_paragraph_break_is_a_discontinuous_span(sample: Store) -> None:
    files = exported(sample, "brat")
    text = files[f"{STEM}.txt"].decode("utf-8")
    spans, _notes = parse_ann(files[f"{STEM}.ann"].decode("utf-8"))
    start = text.index("five and nine months ago.")
    [pieces] = [pieces for kind, pieces, _ in spans.values() if kind == "economy-food"]
    first_end = start + len("five and nine months ago.")
    assert pieces == [(start, first_end), (first_end + 2, first_end + 2 + len("In Choi’s case"))]


def test_notes_are_one_line_each_and_point_at_a_t_line(sample: Store) -> None:
    files = exported(sample, "brat")
    spans, notes = parse_ann(files[f"{STEM}.ann"].decode("utf-8"))
    assert len(notes) == 4
    for line in notes:
        key, target, note = line.split("\t")[0], line.split("\t")[1], line.split("\t", 2)[2]
        assert key.startswith("#") and target.split()[0] == "AnnotatorNotes"
        assert target.split()[1] in spans
        assert "\n" not in note
    assert any(
        note.endswith("crackdown site 🚨, “quoted”, with commas, and a second line")
        for note in notes
    )


def test_conf_lists_every_type_and_unplaced_annotations_are_kept(sample: Store) -> None:
    files = exported(sample, "brat")
    spans, _notes = parse_ann(files[f"{STEM}.ann"].decode("utf-8"))
    conf = files["annotation.conf"].decode("utf-8")
    entities = conf.split("[entities]")[1].split("[relations]")[0]
    declared = {line.strip().lstrip("!") for line in entities.splitlines() if line.strip()}
    assert {kind for kind, _, _ in spans.values()} <= declared
    assert "[relations]" in conf and "[events]" in conf and "[attributes]" in conf
    labels = files["visual.conf"].decode("utf-8")
    assert "| 장소" in labels and "| feeling/슬픔 😢" in labels

    unplaced = [json.loads(line) for line in files["unplaced.jsonl"].decode().splitlines()]
    assert {item["id"] for item in unplaced} == {fixed_id(5), fixed_id(6)}
    assert all(item["document"] == f"{STEM}.txt" for item in unplaced)
