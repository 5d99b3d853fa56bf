"""REFI-QDA, the exchange standard of QDA tools (NVivo, ATLAS.ti, MAXQDA, QualCoder).

`annotations.qdc` is the codebook: tags as codes, nested by `/`, with colours and descriptions.
`annotations.qdpx` is a zip of `project.qde` (users, codebook, text sources with one
`PlainTextSelection` per passage, a `Coding` per tag and the note as a `Note`) and `sources/`,
the texts as UTF-8 without BOM. Positions are code points, end exclusive. Both follow the
element order of the REFI-QDA 1.0 schemas; an element that would be empty is left out, since
the schemas require at least one child in each list.

A note on the whole document is a `Note` of its source, its tags `Coding`s of the source. An
orphan has no position: it becomes a `Note` of its source that quotes it and names its tags.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from datetime import datetime
from functools import cache

from tui.core.annotation import TAG_SEPARATOR, Annotation
from tui.formats.base import DocumentView, ExportSet, Format
from tui.formats.values import UTC_STAMP, as_uuid, encoded, flat_line, stable_uuid, utc_z
from tui.formats.xml_writer import INDENT, XmlWriter, attribute, escaped_text

PROJECT_NS = "urn:QDA-XML:project:1.0"
CODEBOOK_NS = "urn:QDA-XML:codebook:1.0"
ORIGIN = "postil"
NAME_LIMIT = 60
PROJECT_FILE = "annotations.qdpx"
CODEBOOK_FILE = "annotations.qdc"

Tree = dict[str, "Tree"]


def xml_time(stamp: str) -> str | None:
    """An `xsd:dateTime`, or None for a time that cannot be read. Being a `UTC_STAMP`, it never
    needs escaping in an attribute."""
    if UTC_STAMP.fullmatch(stamp):
        return stamp  # postil's own times, nearly all of them
    moment = utc_z(stamp)
    return moment if UTC_STAMP.fullmatch(moment) else None


@cache
def code_guid(tag: str) -> str:
    return stable_uuid("code", tag)


@cache
def user_guid(author: str) -> str:
    return stable_uuid("user", author)


def short_name(quote: str) -> str:
    """A quote as a name: one line, at most NAME_LIMIT characters. Only the quote's beginning
    is looked at, which keeps long quotes cheap."""
    return flat_line(quote[: NAME_LIMIT * 4], NAME_LIMIT)


def code_tree(tags: list[str]) -> Tree:
    tree: Tree = {}
    for tag in tags:
        level = tree
        for part in tag.split(TAG_SEPARATOR):
            level = level.setdefault(part, {})
    return tree


def write_codes(xml: XmlWriter, tree: Tree, selection: ExportSet, path: str = "") -> None:
    for name in sorted(tree):
        tag = f"{path}{TAG_SEPARATOR}{name}" if path else name
        attributes = {
            "guid": code_guid(tag),
            "name": name,
            "isCodable": "true",
            "color": selection.color(tag),
        }
        description = selection.description(tag)
        if not description and not tree[name]:
            xml.empty("Code", attributes)
            continue
        xml.start("Code", attributes)
        if description:
            xml.text("Description", description)
        write_codes(xml, tree[name], selection, tag)
        xml.end()


def codebook_file(selection: ExportSet, tags: list[str]) -> bytes:
    xml = XmlWriter()
    xml.start("CodeBook", {"xmlns": CODEBOOK_NS, "origin": ORIGIN})
    xml.start("Codes")
    write_codes(xml, code_tree(tags), selection)
    xml.end()
    xml.end()
    return xml.data()


@dataclass(frozen=True)
class MadeBy:
    """Who made an annotation and when, as the attributes the schema has for it, rendered
    once: every selection, coding and note of the annotation repeats them. A user's guid and
    an `xml_time` need no escaping; one that is missing is left out."""

    created: str
    changed: str

    @classmethod
    def of(cls, annotation: Annotation) -> MadeBy:
        user = user_guid(annotation.author) if annotation.author else None
        created_at, modified_at = xml_time(annotation.created), xml_time(annotation.modified)
        created = f' creatingUser="{user}"' if user else ""
        created += f' creationDateTime="{created_at}"' if created_at else ""
        changed = f' modifyingUser="{user}"' if user else ""
        changed += f' modifiedDateTime="{modified_at}"' if modified_at else ""
        return cls(created, created + changed)


@dataclass(frozen=True)
class Note:
    guid: str
    name: str
    text: str
    made: MadeBy


def coding_lines(annotation: Annotation, tag: str, made: MadeBy, indent: str = "") -> list[str]:
    """A `Coding` of the annotation with `tag`, as lines for `XmlWriter.lines`."""
    return [
        f'{indent}<Coding guid="{stable_uuid("coding", annotation.id, tag)}"{made.created}>',
        f'{indent}{INDENT}<CodeRef targetGUID="{code_guid(tag)}" />',
        f"{indent}</Coding>",
    ]


def note_of(annotation: Annotation, name: str, text: str, made: MadeBy | None = None) -> Note:
    return Note(stable_uuid("note", annotation.id), name, text, made or MadeBy.of(annotation))


def unplaced_note(view: DocumentView, annotation: Annotation) -> Note:
    """A passage without a position, kept as a note that says what it was."""
    lines = [f"Passage without a position ({view.why_unplaced(annotation)}):"]
    lines.append(f"“{annotation.quote}”")
    if annotation.tags:
        lines.append("Tags: " + ", ".join(annotation.tags))
    if annotation.note:
        lines += ["", annotation.note]
    name = f"Not found: “{short_name(annotation.quote)}”"
    return note_of(annotation, name, "\n".join(lines))


def write_source(xml: XmlWriter, view: DocumentView, guid: str, notes: list[Note]) -> None:
    """One `TextSource`: its selections, then codings and notes of the document as a whole."""
    xml.start(
        "TextSource",
        {
            "guid": guid,
            "name": view.file_name,
            "plainTextPath": f"internal://{guid}.txt",
            "creationDateTime": xml_time(view.record.added),
        },
    )
    for (start, end), annotation in view.passages():
        label = short_name(annotation.quote)
        made = MadeBy.of(annotation)
        named = f' name="{attribute(label)}"' if label else ""
        opening = (
            f'<PlainTextSelection guid="{as_uuid(annotation.id)}"{named}'
            f' startPosition="{start}" endPosition="{end}"{made.changed}'
        )
        if not annotation.tags and not annotation.note:
            xml.lines(opening + " />")
            continue
        element = [opening + ">"]  # written as one block: a hundred thousand of them
        for tag in annotation.tags:
            element += coding_lines(annotation, tag, made, INDENT)
        if annotation.note:
            notes.append(note_of(annotation, f"Note on “{label}”", annotation.note, made))
            element.append(f'{INDENT}<NoteRef targetGUID="{notes[-1].guid}" />')
        xml.lines(*element, "</PlainTextSelection>")
    on_source = []
    for annotation in view.document_notes():
        for tag in annotation.tags:
            xml.lines(*coding_lines(annotation, tag, MadeBy.of(annotation)))
        if annotation.note:
            on_source.append(note_of(annotation, f"Note on {view.file_name}", annotation.note))
    on_source += [unplaced_note(view, annotation) for annotation in view.not_found()]
    for note in on_source:
        xml.empty("NoteRef", {"targetGUID": note.guid})
    notes.extend(on_source)
    xml.end()


def project_file(selection: ExportSet, tags: list[str], sources: dict[str, DocumentView]) -> bytes:
    """`project.qde`; `sources` maps each source's guid to its document."""
    xml = XmlWriter()
    xml.start(
        "Project",
        {
            "xmlns": PROJECT_NS,
            "name": "postil annotations",
            "origin": ORIGIN,
            "creationDateTime": xml_time(selection.exported),
        },
    )
    authors = sorted({a.author for _view, a in selection.annotations() if a.author})
    if authors:
        xml.start("Users")
        for author in authors:
            xml.empty("User", {"guid": user_guid(author), "name": author})
        xml.end()
    if tags:
        xml.start("CodeBook")
        xml.start("Codes")
        write_codes(xml, code_tree(tags), selection)
        xml.end()
        xml.end()
    notes: list[Note] = []
    if sources:
        xml.start("Sources")
        for guid, view in sources.items():
            write_source(xml, view, guid, notes)
        xml.end()
    if notes:
        xml.start("Notes")
        for note in notes:
            xml.lines(
                f'<Note guid="{note.guid}" name="{attribute(note.name)}"{note.made.changed}>',
                f"{INDENT}<PlainTextContent>{escaped_text(note.text)}</PlainTextContent>",
                "</Note>",
            )
        xml.end()
    xml.end()
    return xml.data()


def zip_time(stamp: str) -> tuple[int, int, int, int, int, int]:
    """The export's time for the zip entries, so the same export gives the same bytes."""
    try:
        moment = datetime.fromisoformat(stamp)
    except ValueError:
        return (1980, 1, 1, 0, 0, 0)
    return max((1980, 1, 1, 0, 0, 0), moment.timetuple()[:6])


def export(selection: ExportSet) -> dict[str, bytes]:
    tags = sorted(selection.tag_counts())
    sources: dict[str, DocumentView] = {}
    for view in selection.each():
        if view.text is None:
            selection.notices.append(
                f"{view.record.path}: cannot be read; it and its {len(view.annotations)} "
                "annotations are not in the project"
            )
            continue
        sources[stable_uuid("source", view.record.id)] = view
    buffer = io.BytesIO()
    when = zip_time(selection.exported)
    # Deflate level 1: nearly as small, several times faster on a large project.
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        entries = {"project.qde": project_file(selection, tags, sources)}
        entries |= {
            f"sources/{guid}.txt": encoded(view.text or "") for guid, view in sources.items()
        }
        for name, data in entries.items():
            archive.writestr(zipfile.ZipInfo(name, when), data, zipfile.ZIP_DEFLATED, 1)
    files = {PROJECT_FILE: buffer.getvalue()}
    if tags:
        files[CODEBOOK_FILE] = codebook_file(selection, tags)
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
