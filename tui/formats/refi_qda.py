"""REFI-QDA, the exchange standard of QDA tools (NVivo, ATLAS.ti, MAXQDA, QualCoder).

`annotations.qdc` is the codebook: tags as codes, nested by `/`, with colours and descriptions.
`annotations.qdpx` is a zip of `project.qde` (users, codebook, text sources with one
`PlainTextSelection` per passage, a `Coding` per tag and the note as a `Note`) and `sources/`,
the texts as UTF-8 without BOM. Positions are code points, end exclusive. Both follow the
element order of the REFI-QDA 1.0 schemas; an element that would be empty is left out, since
the schemas require at least one child in each list.

A note on the whole document is a `Note` of its source, its tags `Coding`s of the source. An
orphan has no position: it becomes a `Note` of its source that quotes it and names its tags.
A note of only whitespace is no note here (XML pretty-printing would not keep it).
"""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET
import zipfile
from datetime import datetime

from tui.core.annotation import TAG_SEPARATOR, Annotation
from tui.core.safe_text import one_line
from tui.formats.base import DocumentView, ExportSet, Format, as_uuid, encoded, stable_uuid, utc_z

PROJECT_NS = "urn:QDA-XML:project:1.0"
CODEBOOK_NS = "urn:QDA-XML:codebook:1.0"
ORIGIN = "postil"
NAME_LIMIT = 60
# Characters XML 1.0 cannot hold at all; they become U+FFFD.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")

Tree = dict[str, "Tree"]


def xml_text(text: str) -> str:
    """Text XML keeps as it is: newlines as `\\n`, characters XML forbids replaced by U+FFFD."""
    return _NOT_XML.sub("\ufffd", text.replace("\r\n", "\n").replace("\r", "\n"))


def xml_time(stamp: str) -> str | None:
    """An `xsd:dateTime`, or None for a time that cannot be read."""
    moment = utc_z(stamp)
    try:
        datetime.fromisoformat(moment)
    except ValueError:
        return None
    return moment


def code_tree(tags: list[str]) -> Tree:
    tree: Tree = {}
    for tag in tags:
        level = tree
        for part in tag.split(TAG_SEPARATOR):
            level = level.setdefault(part, {})
    return tree


def code_guid(tag: str) -> str:
    return stable_uuid("code", tag)


def user_guid(author: str) -> str:
    return stable_uuid("user", author)


def add_codes(parent: ET.Element, tree: Tree, selection: ExportSet, path: str = "") -> None:
    for name in sorted(tree):
        tag = f"{path}{TAG_SEPARATOR}{name}" if path else name
        code = ET.SubElement(
            parent,
            "Code",
            guid=code_guid(tag),
            name=xml_text(name),
            isCodable="true",
            color=selection.color(tag),
        )
        description = selection.description(tag)
        if description:
            ET.SubElement(code, "Description").text = xml_text(description)
        add_codes(code, tree[name], selection, tag)


def serialize(root: ET.Element) -> bytes:
    ET.indent(root)
    body = ET.tostring(root, encoding="unicode")
    return ('<?xml version="1.0" encoding="utf-8"?>\n' + body + "\n").encode("utf-8")


def codebook_file(selection: ExportSet, tags: list[str]) -> bytes:
    root = ET.Element("CodeBook", xmlns=CODEBOOK_NS, origin=ORIGIN)
    add_codes(ET.SubElement(root, "Codes"), code_tree(tags), selection)
    return serialize(root)


class Project:
    """Builds `project.qde` source by source; notes are gathered for the `Notes` list."""

    def __init__(self, selection: ExportSet, tags: list[str]) -> None:
        self.selection = selection
        self.root = ET.Element(
            "Project", xmlns=PROJECT_NS, name="postil annotations", origin=ORIGIN
        )
        created = xml_time(selection.exported)
        if created:
            self.root.set("creationDateTime", created)
        authors = sorted({a.author for _view, a in selection.annotations() if a.author})
        if authors:
            users = self.sub(self.root, "Users")
            for author in authors:
                self.sub(users, "User", guid=user_guid(author), name=xml_text(author))
        if tags:
            codes = self.sub(self.sub(self.root, "CodeBook"), "Codes")
            add_codes(codes, code_tree(tags), selection)
        self.sources = self.sub(self.root, "Sources")
        self.notes: list[ET.Element] = []

    def sub(self, parent: ET.Element, element: str, **attributes: str) -> ET.Element:
        return ET.SubElement(parent, element, attributes)

    def stamp(self, element: ET.Element, annotation: Annotation, modified: bool = True) -> None:
        """Who made it and when, where the schema has room for it."""
        user = user_guid(annotation.author) if annotation.author else None
        created = xml_time(annotation.created)
        if user:
            element.set("creatingUser", user)
        if created:
            element.set("creationDateTime", created)
        if modified:
            changed = xml_time(annotation.modified)
            if user:
                element.set("modifyingUser", user)
            if changed:
                element.set("modifiedDateTime", changed)

    def coding(self, parent: ET.Element, annotation: Annotation, tag: str) -> None:
        coding = self.sub(parent, "Coding", guid=stable_uuid("coding", annotation.id, tag))
        self.stamp(coding, annotation, modified=False)
        self.sub(coding, "CodeRef", targetGUID=code_guid(tag))

    def note(self, annotation: Annotation, name: str, text: str) -> str:
        guid = stable_uuid("note", annotation.id)
        note = ET.Element("Note", guid=guid, name=xml_text(name))
        self.stamp(note, annotation)
        ET.SubElement(note, "PlainTextContent").text = xml_text(text)
        self.notes.append(note)
        return guid

    def add_source(self, view: DocumentView, guid: str) -> None:
        source = self.sub(
            self.sources,
            "TextSource",
            guid=guid,
            name=xml_text(view.file_name),
            plainTextPath=f"internal://{guid}.txt",
        )
        added = xml_time(view.record.added)
        if added:
            source.set("creationDateTime", added)
        on_source: list[Annotation] = []
        for annotation in view.annotations:
            span = view.span(annotation)
            if span is None:
                on_source.append(annotation)
                continue
            passage = self.sub(
                source,
                "PlainTextSelection",
                guid=as_uuid(annotation.id),
                name=xml_text(one_line(annotation.quote, NAME_LIMIT)),
                startPosition=str(span[0]),
                endPosition=str(span[1]),
            )
            self.stamp(passage, annotation)
            for tag in annotation.tags:
                self.coding(passage, annotation, tag)
            if annotation.note.strip():
                title = f"Note on “{one_line(annotation.quote, NAME_LIMIT)}”"
                self.sub(
                    passage, "NoteRef", targetGUID=self.note(annotation, title, annotation.note)
                )
        note_refs = []
        for annotation in on_source:
            if annotation.is_document_note:
                for tag in annotation.tags:
                    self.coding(source, annotation, tag)
                if annotation.note.strip():
                    title = f"Note on {view.file_name}"
                    note_refs.append(self.note(annotation, title, annotation.note))
            else:
                note_refs.append(self.unplaced_note(view, annotation))
        for guid in note_refs:
            self.sub(source, "NoteRef", targetGUID=guid)

    def unplaced_note(self, view: DocumentView, annotation: Annotation) -> str:
        """A passage without a position, kept as a note that says what it was."""
        why = view.why_unplaced(annotation)
        lines = [f"Passage without a position ({why}):", f"“{annotation.quote}”"]
        if annotation.tags:
            lines.append("Tags: " + ", ".join(annotation.tags))
        if annotation.note:
            lines += ["", annotation.note]
        title = f"Not found: “{one_line(annotation.quote, NAME_LIMIT)}”"
        return self.note(annotation, title, "\n".join(lines))

    def data(self) -> bytes:
        if self.notes:
            self.sub(self.root, "Notes").extend(self.notes)
        if not len(self.sources):
            self.root.remove(self.sources)
        return serialize(self.root)


def zip_time(stamp: str) -> tuple[int, int, int, int, int, int]:
    """The export's time for the zip entries, so the same export gives the same bytes."""
    try:
        moment = datetime.fromisoformat(stamp)
    except ValueError:
        return (1980, 1, 1, 0, 0, 0)
    return max((1980, 1, 1, 0, 0, 0), moment.timetuple()[:6])


def export(selection: ExportSet) -> dict[str, bytes]:
    tags = sorted(selection.tag_counts())
    project = Project(selection, tags)
    texts: dict[str, str] = {}
    for view in selection.each():
        if view.text is None:
            selection.notices.append(
                f"{view.record.path}: cannot be read; it and its {len(view.annotations)} "
                "annotations are not in the project"
            )
            continue
        guid = stable_uuid("source", view.record.id)
        project.add_source(view, guid)
        texts[f"sources/{guid}.txt"] = view.text
    buffer = io.BytesIO()
    when = zip_time(selection.exported)
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        entries = {"project.qde": project.data()}
        entries.update((name, encoded(text)) for name, text in texts.items())
        for name, data in entries.items():
            archive.writestr(zipfile.ZipInfo(name, when), data, zipfile.ZIP_DEFLATED)
    files = {"annotations.qdpx": buffer.getvalue()}
    if tags:
        files["annotations.qdc"] = codebook_file(selection, tags)
    else:
        selection.notices.append("no tags: the codebook file (.qdc) was not written")
    return files


FORMAT = Format(
    name="refi-qda",
    summary="REFI-QDA for QDA tools: a .qdc codebook and a .qdpx project",
    suffix=".qdpx",
    single_file=False,
    export=export,
)
