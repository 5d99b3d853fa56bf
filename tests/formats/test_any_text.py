"""Whatever text a document, note, tag or author holds, every exporter either gives it back
exactly or escapes it (a spreadsheet formula made inert, HTML and Markdown never interpreted)."""

from __future__ import annotations

import csv
import html
import io
import json
import xml.etree.ElementTree as ET
import zipfile
from functools import cache

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from tests.conftest import shared_path
from tests.formats.test_reports import Elements, parsed_html
from tui.core.anchoring import anchor_at
from tui.core.annotation import Annotation
from tui.core.safe_text import one_line
from tui.core.store import DocumentRecord
from tui.formats import html_report, registry
from tui.formats.base import DocumentView, ExportSet
from tui.formats.csv_table import FORMULA_STARTS
from tui.formats.values import flat_line
from tui.formats.xml_writer import XmlWriter, xml_text

# Characters that mean something in Markdown, HTML, CSV, brat or XML, drawn often, so that
# markup forms (`*a*`, `<b>`, `[x](y)`, `=1+1`, a line break inside a passage, ...).
MARKUP = st.sampled_from([*"*_`[]()<>#&;\\!-+=@.|~'\",\t\n ", "\u2028", "\x85", "\x0c"])
# Document text is normalized: no carriage returns; no NUL (such files are refused as binary);
# no lone surrogate (decoding a file never gives one).
document_text = st.text(
    st.one_of(MARKUP, st.characters(exclude_categories=["Cs"], exclude_characters="\r\x00")),
    min_size=1,
    max_size=80,
)
# Lone surrogates have their own test: no format can carry them.
free_text = st.text(st.one_of(MARKUP, st.characters(exclude_categories=["Cs"])), max_size=40)
MARKDOWN_ELEMENTS = {
    *(f"h{level}" for level in range(1, 7)),
    *("p", "blockquote", "code", "pre", "em", "strong", "a", "img", "ul", "ol", "li", "hr", "br"),
}


def make_case(
    text: str, start: int, end: int, tags: list[str], note: str, author: str, title: str
) -> ExportSet:
    """One document with one annotation of `text[start:end]`, as an export sees them."""
    annotation = Annotation(
        id="6f1d2c3b-4a59-4e6f-8a7b-9c0d1e2f3a4b",
        doc_id="doc",
        anchor=anchor_at(text, start, end),
        tags=tuple(tags),
        note=note,
        author=author,
        created="2024-05-01T10:00:00.000Z",
    )
    record = DocumentRecord(id="doc", path="/docs/any.txt", sha256="0" * 64, title=title)
    view = DocumentView(record, [annotation], reader=lambda _path: text)
    return ExportSet([view], exported="2024-06-01T12:00:00.000Z")


@st.composite
def cases(draw: st.DrawFn) -> ExportSet:
    text = draw(document_text)
    start = draw(st.integers(0, len(text) - 1))
    end = draw(st.integers(start + 1, len(text)))
    return make_case(
        text,
        start,
        end,
        draw(st.lists(free_text, max_size=3)),
        draw(free_text),
        draw(free_text),
        draw(free_text),
    )


MARKUP_DOCUMENT = "*em* _u_ <i>h</i> [l](u) `c` &amp; \\*\n# h\n1. l\n- x\n> q\n===\n    code"
MARKUP_CASE = make_case(
    MARKUP_DOCUMENT,
    0,
    len(MARKUP_DOCUMENT),
    ["<b>t</b>", "=SUM(A1)"],
    "*n* <script>x</script>\n# h\n```unclosed",
    "@me",
    "# [t](u) <i>",
)


def only(selection: ExportSet) -> tuple[str, Annotation]:
    [view] = selection.views
    [annotation] = view.annotations
    return view.text or "", annotation


def check_json(selection: ExportSet, files: dict[str, bytes]) -> None:
    _text, annotation = only(selection)
    [exported] = json.loads(files["annotations.json"])["annotations"]
    assert Annotation.from_dict(exported) == annotation


def check_jsonl(selection: ExportSet, files: dict[str, bytes]) -> None:
    _text, annotation = only(selection)
    [line] = files["annotations.jsonl"].decode("utf-8").split("\n")[:-1]
    found = json.loads(line)
    assert (found["quote"], found["note"], found["author"]) == (
        annotation.quote,
        annotation.note,
        annotation.author,
    )
    assert tuple(found["tags"]) == annotation.tags


def check_csv(selection: ExportSet, files: dict[str, bytes]) -> None:
    _text, annotation = only(selection)
    [row] = csv.DictReader(io.StringIO(files["annotations.csv"].decode("utf-8"), newline=""))
    for column, value in (
        ("quote", annotation.quote),
        ("note", annotation.note),
        ("author", annotation.author),
        ("tags", "; ".join(annotation.tags)),
    ):
        cell = row[column]
        assert not cell.startswith(FORMULA_STARTS)
        assert cell == ("'" + value if value.startswith(FORMULA_STARTS) else value)


def check_markdown(selection: ExportSet, files: dict[str, bytes]) -> None:
    _text, annotation = only(selection)
    for name, data in files.items():
        html = MarkdownIt("commonmark").render(data.decode("utf-8"))
        page = QuoteText()
        page.feed(html)
        assert {tag for tag, _ in page.tags} <= MARKDOWN_ELEMENTS, name
        assert " ".join("".join(page.quote).split()) == " ".join(annotation.quote.split())
        if annotation.tags:  # nothing in a note (an open code fence...) swallows what follows
            assert "<h2>Codebook</h2>" in html


class QuoteText(Elements):
    """The text of the first block quote of a rendered Markdown report."""

    def __init__(self) -> None:
        super().__init__()
        self.quote: list[str] = []
        self._depth = 0
        self._done = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        super().handle_starttag(tag, attrs)
        self._depth += tag == "blockquote"

    def handle_endtag(self, tag: str) -> None:
        if tag == "blockquote":
            self._depth -= 1
            self._done = True

    def handle_data(self, data: str) -> None:
        super().handle_data(data)
        if self._depth and not self._done:
            self.quote.append(data)


def check_html(selection: ExportSet, files: dict[str, bytes]) -> None:
    text, annotation = only(selection)
    page = parsed_html(files["annotations.html"])
    assert not {tag for tag, _ in page.tags} & {"script", "img", "iframe", "object", "link"}
    assert "".join(page.document) == text
    if annotation.note:
        assert annotation.note in page.text


def check_w3c(selection: ExportSet, files: dict[str, bytes]) -> None:
    _text, annotation = only(selection)
    [item] = json.loads(files["annotations.jsonld"])["first"]["items"]
    values = [(body["purpose"], body["value"]) for body in item.get("body", [])]
    expected = [("commenting", annotation.note)] if annotation.note else []
    assert values == expected + [("tagging", tag) for tag in annotation.tags]
    assert item["target"]["selector"][0]["exact"] == annotation.quote


def check_brat(selection: ExportSet, files: dict[str, bytes]) -> None:
    text, _annotation = only(selection)
    txt = files["any.txt"].decode("utf-8")
    assert txt == text
    lines = files["any.ann"].decode("utf-8").splitlines()
    spans = [line for line in lines if line.startswith("T")]
    for line in lines:
        assert line.startswith(("T", "#"))
    for line in spans:
        _key, kinds, covered = line.split("\t", 2)
        pieces = [tuple(map(int, piece.split())) for piece in kinds.split(" ", 1)[1].split(";")]
        assert covered == " ".join(txt[start:end] for start, end in pieces)


def check_refi_qda(selection: ExportSet, files: dict[str, bytes]) -> None:
    text, annotation = only(selection)
    archive = zipfile.ZipFile(io.BytesIO(files["annotations.qdpx"]))
    project = archive.read("project.qde").decode("utf-8")
    ns = {"qda": "urn:QDA-XML:project:1.0"}
    root = ET.fromstring(project)
    passage = root.find(".//qda:PlainTextSelection", ns)
    start, end = int(passage.get("startPosition")), int(passage.get("endPosition"))
    assert text[start:end] == annotation.quote
    notes = [
        note.findtext("qda:PlainTextContent", namespaces=ns)
        for note in root.iter("{urn:QDA-XML:project:1.0}Note")
    ]
    assert notes == ([xml_text(annotation.note)] if annotation.note else [])


CHECKS = {
    "json": check_json,
    "jsonl": check_jsonl,
    "csv": check_csv,
    "markdown": check_markdown,
    "html": check_html,
    "w3c": check_w3c,
    "brat": check_brat,
    "refi-qda": check_refi_qda,
}


def test_every_format_is_checked() -> None:
    assert sorted(CHECKS) == sorted(registry.names())


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cases())
@example(MARKUP_CASE)
def test_any_text_round_trips_or_is_escaped_in_every_format(selection: ExportSet) -> None:
    for name, check in CHECKS.items():
        files = registry.get(name).export(selection)
        check(selection, files)


@cache
def schema(name: str):
    import xmlschema

    return xmlschema.XMLSchema(str(shared_path("schemas", "refi-qda", name)))


@settings(max_examples=30, deadline=None)
@given(cases())
def test_any_text_gives_a_valid_refi_qda_project(selection: ExportSet) -> None:
    pytest.importorskip("xmlschema")
    files = registry.get("refi-qda").export(selection)
    with zipfile.ZipFile(io.BytesIO(files["annotations.qdpx"])) as archive:
        schema("Project-mrt2019.xsd").validate(archive.read("project.qde").decode("utf-8"))
    if "annotations.qdc" in files:
        schema("Codebook-mrt2019.xsd").validate(files["annotations.qdc"].decode("utf-8"))


def test_a_lone_surrogate_from_a_json_store_does_not_break_any_export() -> None:
    selection = make_case("text", 0, 4, ["t\ud800"], "note \udcff", "a\ud800", "title\udc80")
    for name in registry.names():
        files = registry.get(name).export(selection)
        readable = [data for data in files.values() if not zipfile.is_zipfile(io.BytesIO(data))]
        assert "\ufffd" in b"".join(readable).decode("utf-8"), name


any_text = st.text(st.one_of(MARKUP, st.characters()), max_size=120)


@given(any_text, st.integers(0, 100))
def test_a_quote_label_is_the_one_line_the_terminal_shows(text: str, limit: int) -> None:
    assert flat_line(text, limit) == one_line(text, limit)


@given(any_text)
def test_any_attribute_reads_back_as_xml_gives_text(value: str) -> None:
    xml = XmlWriter()
    xml.empty("a", {"v": value})
    assert ET.fromstring(xml.data()).get("v", "") == xml_text(value)


@given(any_text)
def test_html_escaping_is_the_standard_one(text: str) -> None:
    assert html_report.escape(text) == html.escape(text)
