"""JSON items as exports write them: compact, UTF-8, and never failing on odd values."""

import json

from tui.formats.values import json_item


def test_a_json_item_reads_back_as_the_value_it_was_made_from() -> None:
    value = {"quote": '함흥역 👩‍👧 "a"\n\t\x1b[31m', "start": 3, "score": 1e-05, "tags": ["a/b"]}
    line = json_item(value)
    assert b"\n" not in line
    assert json.loads(line) == value


def test_what_the_fast_encoder_refuses_is_written_all_the_same() -> None:
    lone = json_item({"note": "lone \ud800 surrogate"})
    assert json.loads(lone) == {"note": "lone \ufffd surrogate"}
    assert json.loads(json_item({"big": 1 << 70})) == {"big": 1 << 70}
