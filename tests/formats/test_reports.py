"""The exports people read: CSV in a spreadsheet, the Markdown report, the HTML page."""

from __future__ import annotations

import csv
import io
import json
from html.parser import HTMLParser

from markdown_it import MarkdownIt

from tests.formats.conftest import exported, fixed_id
from tui.core.colors import tag_color
from tui.core.document import read_document
from tui.core.store import Store
from tui.formats.csv_table import COLUMNS, FORMULA_STARTS


def csv_rows(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def test_csv_reads_back_one_row_per_annotation_with_formulas_made_inert(sample: Store) -> None:
    rows = csv_rows(exported(sample, "csv")["annotations.csv"])
    assert list(rows[0]) == list(COLUMNS)
    by_id = {row["id"]: row for row in rows}
    assert len(rows) == len(by_id) == 7
    assert (
        by_id[fixed_id(1)]["note"] == "crackdown site 🚨, “quoted”, with commas,\nand a second line"
    )
    assert by_id[fixed_id(1)]["tags"] == "place/hamhung; 장소"
    assert by_id[fixed_id(3)]["note"] == "'=cmd|' /C calc'!A0"
    assert by_id[fixed_id(4)]["note"].startswith("'+1, -2")
    assert by_id[fixed_id(3)]["quote"] == "five and nine months ago.\n\nIn Choi’s case"
    assert (by_id[fixed_id(6)]["orphan"], by_id[fixed_id(6)]["start"]) == ("yes", "")
    for row in rows:
        assert not any(cell.startswith(FORMULA_STARTS) for cell in row.values())


def test_csv_with_bom_for_excel(sample: Store) -> None:
    data = exported(sample, "csv", bom=True)["annotations.csv"]
    assert data.startswith(b"\xef\xbb\xbfdocument,")
    assert csv_rows(data) == csv_rows(exported(sample, "csv")["annotations.csv"])


class Elements(HTMLParser):
    """Tags, attributes and text of an HTML page; `document` is the text of the `text` blocks."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.document: list[str] = []
        self._in_text_block = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag == "div":
            self._in_text_block = dict(attrs).get("class") == "text"

    def handle_endtag(self, tag: str) -> None:
        if tag == "div":
            self._in_text_block = False

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if self._in_text_block:
            self.document.append(data)


def parsed_html(data: bytes) -> Elements:
    page = Elements()
    page.feed(data.decode("utf-8"))
    return page


def test_html_is_self_contained_and_escapes_every_text(sample: Store) -> None:
    page = parsed_html(exported(sample, "html")["annotations.html"])
    names = {tag for tag, _ in page.tags}
    assert not names & {"script", "img", "link", "iframe", "object", "b"}
    for _tag, attributes in page.tags:
        assert not {"src", "onload", "onclick"} & set(attributes)
        href = attributes.get("href")
        assert href is None or href.startswith("#")
    text = "".join(page.text)
    assert "<script>alert('x')</script> & <b>bold</b>" in text
    assert "[bold red]not markup[/]" in text


def test_html_highlights_in_tag_colours_with_notes_beside_and_an_index(sample: Store) -> None:
    page = parsed_html(exported(sample, "html")["annotations.html"])
    ids = {attributes.get("id") for _tag, attributes in page.tags}
    links = {attributes.get("href") for _tag, attributes in page.tags if attributes.get("href")}
    assert {f"#a-{fixed_id(n)}" for n in (1, 2, 3, 4)} <= links  # the index by tag
    assert {link[1:] for link in links} <= ids
    marks = [attributes["style"] for tag, attributes in page.tags if tag == "mark"]
    red, green, blue = (int(tag_color("police")[i : i + 2], 16) for i in (1, 3, 5))
    assert f"background:rgba({red},{green},{blue},0.35)" in marks
    assert any(tag == "mark" and "overlap" in (a.get("class") or "") for tag, a in page.tags)
    # The document's text survives whole, highlighted or not.
    [document] = json.loads(exported(sample, "json")["annotations.json"])["documents"]
    assert "".join(page.document) == read_document(document["path"]).text


def rendered(markdown: bytes) -> Elements:
    return parsed_html(MarkdownIt("commonmark").render(markdown.decode("utf-8")).encode())


def test_markdown_renders_quotes_literally_and_no_html_from_notes(sample: Store) -> None:
    report = exported(sample, "markdown")["annotations.md"]
    page = rendered(report)
    names = {tag for tag, _ in page.tags}
    assert names <= {
        "h1",
        "h2",
        "h3",
        "p",
        "blockquote",
        "code",
        "em",
        "strong",
        "table",
        "thead",
        "tbody",
        "tr",
        "th",
        "td",
    }
    text = "".join(page.text)
    assert "<script>alert('x')</script>" in text
    assert "Line 8, characters 636–677" in text
    assert "Orphan: its passage was not found after the document changed" in text
    headings = [line for line in report.decode().splitlines() if line.startswith("#")]
    assert headings == [
        "# Annotations",
        "## hamhung",
        "### On the whole document",
        "### Passages",
        "### Not found in the current text",
        "## Codebook",
    ]


def test_markdown_by_tag_has_a_section_per_tag_and_a_codebook_with_counts(sample: Store) -> None:
    report = exported(sample, "markdown", by="tag")["annotations.md"].decode()
    sections = [line for line in report.splitlines() if line.startswith("## ")]
    assert sections[:3] == ["## `economy`", "## `economy/food`", "## `feeling/슬픔 😢`"]
    assert sections[-2:] == ["## (no tag)", "## Codebook"]
    assert "| `unused` | 0 | in the codebook only |" in report
    assert "| `economy` | 1 | Money, trade \\| food |" in report
