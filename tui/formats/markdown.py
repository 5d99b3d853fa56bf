"""A Markdown report to read: each passage as a block quote with its place, tags and note,
grouped by document (default) or by tag, then the codebook with counts and descriptions.

Quotes and titles are document text, escaped so they read as written. Notes are Markdown and
stay Markdown, but their `<` is escaped so no raw HTML reaches a renderer.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path

from tui.core.annotation import Annotation
from tui.formats.base import DocumentView, ExportSet, Format, Option
from tui.formats.values import encoded_lines

_INLINE_SPECIAL = re.compile(r"([\\`*_\[\]<>|~&])")
_LINE_START_SPECIAL = re.compile(r"^([ \t]*(?:\d+(?=[.)]))?)((?<=\d)[.)]|[#+=-])", re.MULTILINE)
_FENCE = re.compile(r" {0,3}(`{3,}|~{3,})")
NO_TAG = "(no tag)"


def escape(text: str) -> str:
    """Document text as literal Markdown: nothing in it becomes emphasis, a link or HTML.
    Substituting costs more than searching, and most text has nothing to escape."""
    if _INLINE_SPECIAL.search(text) is not None:
        text = _INLINE_SPECIAL.sub(r"\\\1", text)
    if _LINE_START_SPECIAL.search(text) is not None:
        text = _LINE_START_SPECIAL.sub(r"\1\\\2", text)
    return text


@lru_cache(maxsize=4096)  # tags and file names, written once per passage
def code(text: str) -> str:
    """`text` as a code span, whatever backticks it holds."""
    text = " ".join(text.split())
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    padded = f" {text} " if text.startswith("`") or text.endswith("`") else text
    return f"{fence}{padded}{fence}"


def quote_block(text: str) -> list[str]:
    return [f"> {line}".rstrip() for line in escape(text).split("\n")]


def note_lines(note: str) -> list[str]:
    """A note's Markdown, as lines that cannot spill into the rest of the report: no raw HTML,
    and a code fence left open is closed."""
    if not note.strip():
        return []
    lines = note.replace("<", "&lt;").strip("\n").split("\n")
    fence = ""
    for line in lines:
        found = _FENCE.match(line)
        if found is None:
            continue
        marks, rest = found.group(1), line[found.end() :]
        if not fence:
            fence = marks
        elif marks[0] == fence[0] and len(marks) >= len(fence) and not rest.strip():
            fence = ""
    return [*lines, fence] if fence else lines


class Lines:
    """Line numbers of offsets in one text (1-based), found by bisection."""

    def __init__(self, text: str) -> None:
        self._starts = [0] + [match.end() for match in re.finditer("\n", text)]

    def number(self, offset: int) -> int:
        return bisect_right(self._starts, offset)


def export(selection: ExportSet, by: str = "document") -> dict[str, bytes]:
    documents = len(selection.views)
    lines = [
        "# Annotations",
        "",
        f"{selection.count} annotations in {documents} document{'s' * (documents != 1)}, "
        f"exported {selection.exported} from postil.",
        "",
    ]
    lines += by_tag(selection) if by == "tag" else by_document(selection)  # pieces of lines
    lines += codebook(selection)
    while not lines[-1].strip("\n"):  # the report ends with its last line of text
        lines.pop()
    lines[-1] = lines[-1].rstrip("\n")
    return {FORMAT.default_name: encoded_lines(lines)}


def by_document(selection: ExportSet) -> Iterator[str]:
    """The lines of each document, joined: one piece per document."""
    for view in selection.each():
        piece = [
            f"## {escape(view.record.title)}",
            "",
            f"{code(view.file_name)} in {code(str(Path(view.record.path).parent))}",
            "",
        ]
        lines = Lines(view.text) if view.text is not None else None
        sections = (
            ("On the whole document", view.document_notes()),
            ("Passages", [annotation for _span, annotation in view.passages()]),
            ("Not found in the current text", view.not_found()),
        )
        for heading, chosen in sections:
            if not chosen:
                continue
            piece += [f"### {heading}", ""]
            for annotation in chosen:
                piece += entry(view, annotation, lines)
        yield "\n".join(piece)


def by_tag(selection: ExportSet) -> Iterator[str]:
    """The lines of each tag, joined: one piece per tag."""
    groups: dict[str, list[tuple[DocumentView, Annotation, Lines | None]]] = {}
    for view in selection.each():
        lines = Lines(view.text) if view.text is not None else None
        for annotation in view.annotations:
            for tag in annotation.tags or (NO_TAG,):
                groups.setdefault(tag, []).append((view, annotation, lines))
    for tag in sorted(groups, key=lambda name: (name == NO_TAG, name)):
        piece = [f"## {NO_TAG if tag == NO_TAG else code(tag)}", ""]
        description = selection.description(tag)
        if description:
            piece += [escape(line) for line in description.split("\n")]
            piece.append("")
        for view, annotation, lines in groups[tag]:
            piece += entry(view, annotation, lines, show_document=True)
        yield "\n".join(piece)


def entry(
    view: DocumentView, annotation: Annotation, lines: Lines | None, show_document: bool = False
) -> list[str]:
    """One passage: its quote, a line saying where and what, then its note."""
    found: list[str] = []
    if annotation.quote:
        found += quote_block(annotation.quote)
        found.append("")
    facts = []
    if show_document:
        facts.append(f"*{escape(view.record.title)}* ({code(view.file_name)})")
    facts.append(place(view, annotation, lines))
    if annotation.tags:
        facts.append("**Tags:** " + ", ".join(code(tag) for tag in annotation.tags))
    by = escape(annotation.author) + ", " if annotation.author else ""
    facts.append(f"*{by}{annotation.created[:10]}*")
    found += [" · ".join(facts), ""]
    note = note_lines(annotation.note)
    if note:
        found += [*note, ""]
    return found


def place(view: DocumentView, annotation: Annotation, lines: Lines | None) -> str:
    span = view.span(annotation)
    if span is None:
        reason = view.why_unplaced(annotation)
        return reason[0].upper() + reason[1:]
    start, end = span
    where = f"characters {start}–{end}"
    return f"Line {lines.number(start)}, {where}" if lines is not None else where.capitalize()


def codebook(selection: ExportSet) -> list[str]:
    counts = selection.tag_counts()
    if not counts:
        return []
    rows = ["## Codebook", "", "| Tag | Annotations | Description |", "| --- | ---: | --- |"]
    for tag in sorted(counts):
        description = " ".join(selection.description(tag).split())
        cell = code(tag).replace("|", "\\|")  # a table cell ends at any unescaped |
        rows.append(f"| {cell} | {counts[tag]} | {escape(description)} |")
    return [*rows, ""]


FORMAT = Format(
    name="markdown",
    summary="a readable Markdown report, by document or by tag, with the codebook",
    suffix=".md",
    single_file=True,
    export=export,
    options=(Option("by", "group passages by document or by tag", ("document", "tag")),),
)
