"""brat standoff: per document a `.txt` (the normalized text, LF) and an `.ann` with one `T` line
per annotation and tag, whose text is exactly the `.txt` slice; then `annotation.conf` (the
types, nested as the tags' `/` hierarchy) and `visual.conf` (each type's tag and colour).

A passage that crosses a newline is written as brat writes it: a discontinuous span of its
lines (`T1<TAB>tag 0 5;6 10<TAB>text1 text2`). Notes become `#n AnnotatorNotes Tn` lines, their
newlines folded to spaces. Document notes and orphans have no span: they go to
`unplaced.jsonl` (one JSON object per line), so nothing is dropped.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable

from tui.core.annotation import TAG_SEPARATOR, Annotation
from tui.formats.base import ExportSet, Format
from tui.formats.naming import UniqueNames
from tui.formats.values import encoded

CONF_NAME = "annotation.conf"
VISUAL_NAME = "visual.conf"
UNPLACED_NAME = "unplaced.jsonl"
UNTAGGED = "Passage"
OVERLAP_ALLOWED = "<OVERLAP>\tArg1:<ENTITY>, Arg2:<ENTITY>, <OVL-TYPE>:<ANY>"
_LINE_PART = re.compile("[^\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]+")
_NOT_IN_TYPE = re.compile(r"[^A-Za-z0-9_-]+")


class Types:
    """brat type names for tags: ASCII letters, digits, `-` and `_`, unique, starting with a
    letter; a child's name starts with its parent's, as in `economy-food`."""

    def __init__(self) -> None:
        self.of: dict[str, str] = {}
        self._taken: set[str] = set()

    def name(self, tag: str) -> str:
        """The type of `tag`; the empty tag stands for passages without tags."""
        if tag not in self.of:
            base = _NOT_IN_TYPE.sub("_", tag.replace(TAG_SEPARATOR, "-")).strip("_-")
            base = base if tag else UNTAGGED
            if not base[:1].isalpha():
                base = "tag_" + base if base else "tag"
            candidate, number = base, 1
            while candidate.casefold() in self._taken:
                number += 1
                candidate = f"{base}_{number}"
            self._taken.add(candidate.casefold())
            self.of[tag] = candidate
        return self.of[tag]


def fragments(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The span cut at line breaks, as brat does: one fragment per non-empty part of a line.

    Every character Python's `splitlines` breaks at counts, since a reader of the `.ann` file
    may use it: a fragment must never hold a line break.
    """
    pieces = []
    for part in _LINE_PART.finditer(text, start, end):
        pieces.append((part.start(), part.end()))
    return pieces


def flat_note(note: str) -> str:
    """A note on one line, as an `AnnotatorNotes` line must be."""
    return " ".join(note.splitlines())


class AnnFile:
    """The `.ann` lines of one document, numbering `T` and note lines as they are added."""

    def __init__(self, text: str, types: Types) -> None:
        self.text = text
        self.types = types
        self.lines: list[str] = []
        self._spans = 0
        self._notes = 0

    def add(self, annotation: Annotation, pieces: list[tuple[int, int]]) -> None:
        offsets = ";".join(f"{start} {end}" for start, end in pieces)
        covered = " ".join(self.text[start:end] for start, end in pieces)
        first = ""
        for tag in annotation.tags or ("",):
            self._spans += 1
            self.lines.append(f"T{self._spans}\t{self.types.name(tag)} {offsets}\t{covered}")
            first = first or f"T{self._spans}"
        if annotation.note:
            self._notes += 1
            note = flat_note(annotation.note)
            self.lines.append(f"#{self._notes}\tAnnotatorNotes {first}\t{note}")

    def data(self) -> bytes:
        return encoded("".join(line + "\n" for line in self.lines))


def export(selection: ExportSet) -> dict[str, bytes]:
    files: dict[str, bytes] = {}
    types = Types()
    tags = set(selection.tag_counts())
    for tag in sorted(with_ancestors(tags)):
        types.name(tag)
    stems = UniqueNames()
    unplaced: list[str] = []
    for view in selection.each():
        stem = stems.take(view.file_name.rsplit(".", 1)[0])
        if view.text is None:
            selection.notices.append(
                f"{view.record.path}: cannot be read; its {len(view.annotations)} annotations "
                f"are listed in {UNPLACED_NAME}"
            )
        ann = AnnFile(view.text or "", types)
        for annotation in view.annotations:
            span = view.span(annotation)
            pieces = fragments(ann.text, *span) if span else []
            if pieces:
                ann.add(annotation, pieces)
                continue
            why = view.why_unplaced(annotation) if not span else "its passage is only newlines"
            record = {
                "document": f"{stem}.txt",
                "path": view.record.path,
                "why": why,
                "id": annotation.id,
                "quote": annotation.quote,
                "tags": list(annotation.tags),
                "note": annotation.note,
            }
            unplaced.append(json.dumps(record, ensure_ascii=False))
        if view.text is not None:
            files[f"{stem}.txt"] = encoded(view.text)
            files[f"{stem}.ann"] = ann.data()
    files[CONF_NAME] = encoded(annotation_conf(types, tags))
    files[VISUAL_NAME] = encoded(visual_conf(selection, types))
    if unplaced:
        files[UNPLACED_NAME] = encoded("".join(line + "\n" for line in unplaced))
    return files


def with_ancestors(tags: Iterable[str]) -> set[str]:
    """The tags and every level above them (`a/b/c` brings `a` and `a/b`)."""
    found = set()
    for tag in tags:
        parts = tag.split(TAG_SEPARATOR)
        found.update(TAG_SEPARATOR.join(parts[:depth]) for depth in range(1, len(parts) + 1))
    return found


def annotation_conf(types: Types, tags: set[str]) -> str:
    """The entity types, nested by tab as the tags nest by `/`; a level that is no tag of its
    own is marked `!` (a heading brat does not offer for annotation)."""
    lines = ["# Entity types: one per postil tag (visual.conf names their tags).", "[entities]"]
    for tag in sorted(set(types.of) - {""}):
        mark = "" if tag in tags else "!"
        lines.append("\t" * tag.count(TAG_SEPARATOR) + mark + types.name(tag))
    if "" in types.of:
        lines.append(types.name(""))
    lines += ["", "[relations]", OVERLAP_ALLOWED, "", "[events]", "", "[attributes]", ""]
    return "\n".join(lines)


def visual_conf(selection: ExportSet, types: Types) -> str:
    """Each type's label (its tag as written in postil) and colour."""
    labels = ["[labels]"]
    drawing = ["[drawing]"]
    for tag, kind in sorted(types.of.items()):
        label = " ".join(tag.replace("|", "¦").split()) if tag else "passage without tags"
        labels.append(f"{kind} | {label}")
        if tag:
            drawing.append(f"{kind}\tbgColor:{selection.color(tag)}")
    return "\n".join([*labels, "", *drawing, ""])


FORMAT = Format(
    name="brat",
    summary="brat standoff: a .txt and an .ann per document, with annotation.conf",
    suffix="",
    single_file=False,
    export=export,
)
