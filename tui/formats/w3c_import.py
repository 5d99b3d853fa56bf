"""Reading W3C Web Annotations back: collections (with their embedded pages), pages, lists,
single annotations and Hypothesis-style exports (`rows` or `annotations`).

Each annotation is anchored by its quote (its offsets are used when the quote is there, its
context decides between several occurrences) in a document found by text hash, by file name,
by its file or beside the imported file, or as the only document of the store holding the
quote. A quote the document no longer has makes an orphan; whatever cannot be imported at all
is named in the report with the reason, never dropped silently.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

from tui.core.anchoring import anchor_at, occurrences
from tui.core.annotation import Anchor, Annotation, now_iso
from tui.core.document import Document, read_document
from tui.core.errors import DocumentError, PostilError
from tui.core.store import Store
from tui.formats.importing import merge
from tui.formats.values import as_uuid, stable_uuid, utc_z

UUID_IRI = "urn:uuid:"
SHA256_IRI = "urn:sha256:"


class Unimportable(Exception):
    """One annotation that cannot be imported; its message says why."""


def parse(data: bytes) -> Any:
    try:
        return json.loads(data)
    except (ValueError, UnicodeDecodeError) as error:
        raise PostilError(f"not a W3C annotation file (not JSON: {error})") from None


def _types(item: Any) -> set[str]:
    kind = item.get("type", item.get("@type")) if isinstance(item, dict) else None
    return set(kind) if isinstance(kind, list) else {kind} if isinstance(kind, str) else set()


def _is_annotation(item: Any) -> bool:
    return isinstance(item, dict) and ("Annotation" in _types(item) or "target" in item)


def sniff(data: bytes) -> bool:
    try:
        payload = json.loads(data)
    except (ValueError, UnicodeDecodeError):
        return False
    if isinstance(payload, list):
        return any(_is_annotation(item) for item in payload)
    if not isinstance(payload, dict):
        return False
    kinds = _types(payload) & {"Annotation", "AnnotationCollection", "AnnotationPage"}
    listed = payload.get("rows", payload.get("annotations", payload.get("items")))
    listed_annotations = isinstance(listed, list) and any(_is_annotation(i) for i in listed)
    return bool(kinds) or "target" in payload or listed_annotations


def items_of(payload: Any, problems: list[str]) -> Iterator[Any]:
    """The annotations a file holds: a collection's embedded pages, a page, a list, one
    annotation, or a Hypothesis export (`rows` or `annotations`)."""
    if isinstance(payload, list):
        yield from payload
        return
    if not isinstance(payload, dict):
        problems.append("the file holds no annotations (not a JSON object or list)")
        return
    kinds = _types(payload)
    if "AnnotationCollection" in kinds:
        page = payload.get("first")
        while isinstance(page, dict):
            yield from page.get("items", [])
            page = page.get("next")
        if isinstance(page, str):
            problems.append(f"pages of the collection that are only linked were not read: {page}")
        return
    for key in ("items", "rows", "annotations"):
        if isinstance(payload.get(key), list):
            yield from payload[key]
            return
    yield payload


@dataclass
class Selection:
    """What an annotation's target says about its passage."""

    source: str = ""
    label: str = ""
    via: str = ""
    exact: str | None = None
    prefix: str = ""
    suffix: str = ""
    start: int | None = None
    end: int | None = None
    has_selector: bool = False


@dataclass
class Parsed:
    id: str
    note: str
    tags: list[str]
    author: str
    created: str
    modified: str
    selection: Selection
    left_out: list[str] = field(default_factory=list)


def parse_item(item: Any) -> Parsed:
    if not isinstance(item, dict):
        raise Unimportable("not an annotation object")
    if item.get("references"):
        raise Unimportable("a reply to another annotation")
    raw_id = str(item.get("id") or item.get("@id") or "")
    if raw_id.startswith(UUID_IRI):
        annotation_id = as_uuid(raw_id.removeprefix(UUID_IRI))
    elif raw_id:
        annotation_id = as_uuid(raw_id)
    else:
        annotation_id = stable_uuid("content", json.dumps(item, sort_keys=True, default=str))
    left_out: list[str] = []
    notes, tags = _bodies(item, left_out)
    created = utc_z(str(item.get("created") or now_iso()))
    modified = utc_z(str(item.get("modified") or item.get("updated") or created))
    return Parsed(
        id=annotation_id,
        note="\n\n".join(notes),
        tags=tags,
        author=_author(item),
        created=created,
        modified=modified,
        selection=_selection(item, left_out),
        left_out=left_out,
    )


def _bodies(item: dict[str, Any], left_out: list[str]) -> tuple[list[str], list[str]]:
    notes: list[str] = []
    tags: list[str] = [str(tag) for tag in item.get("tags", []) if isinstance(tag, str)]
    for text in (item.get("bodyValue"), item.get("text")):
        if isinstance(text, str) and text:
            notes.append(text)
    bodies = item.get("body", [])
    for body in bodies if isinstance(bodies, list) else [bodies]:
        value = body.get("value") if isinstance(body, dict) else None
        if not isinstance(value, str):
            left_out.append(f"a body that is not text ({str(body)[:60]})")
            continue
        purposes = body.get("purpose", [])
        purposes = purposes if isinstance(purposes, list) else [purposes]
        (tags if "tagging" in purposes else notes).append(value)
    return notes, tags


def _author(item: dict[str, Any]) -> str:
    creator = item.get("creator")
    creators = creator if isinstance(creator, list) else [creator]
    names = []
    for one in creators:
        if isinstance(one, str):
            names.append(one)
        elif isinstance(one, dict):
            names.append(str(one.get("name") or one.get("nickname") or one.get("id") or ""))
    user = item.get("user")
    if not any(names) and isinstance(user, str):
        names.append(user.removeprefix("acct:").split("@")[0])
    return ", ".join(name for name in names if name)


def _selection(item: dict[str, Any], left_out: list[str]) -> Selection:
    targets = item.get("target")
    targets = targets if isinstance(targets, list) else [targets] if targets else []
    if not targets:
        uri = item.get("uri")
        if not isinstance(uri, str):
            raise Unimportable("it has no target")
        targets = [uri]
    if len(targets) > 1:
        left_out.append(f"{len(targets) - 1} more targets (postil keeps the first)")
    first = targets[0]
    found = Selection()
    if isinstance(first, str):
        found.source = first
        return found
    if not isinstance(first, dict):
        raise Unimportable("its target is neither a link nor an object")
    source = first.get("source", first if "selector" not in first else None)
    if isinstance(source, dict):
        found.source = str(source.get("id", ""))
        found.label = str(source.get("label", ""))
        found.via = str(source.get("via", ""))
    elif isinstance(source, str):
        found.source = source
    if not found.source and isinstance(item.get("uri"), str):
        found.source = item["uri"]
    selectors = first.get("selector", [])
    for selector in selectors if isinstance(selectors, list) else [selectors]:
        if not isinstance(selector, dict):
            continue
        kinds = _types(selector)
        if "TextQuoteSelector" in kinds and isinstance(selector.get("exact"), str):
            found.exact = selector["exact"]
            found.prefix = str(selector.get("prefix", ""))
            found.suffix = str(selector.get("suffix", ""))
        elif "TextPositionSelector" in kinds:
            start, end = selector.get("start"), selector.get("end")
            if isinstance(start, int) and isinstance(end, int):
                found.start, found.end = start, end
    found.has_selector = bool(selectors)
    if found.has_selector and found.exact is None and found.start is None:
        raise Unimportable("it has no TextQuoteSelector or TextPositionSelector")
    return found


class Documents:
    """Finds the document an annotation is about: by text hash, by file name, by its file,
    beside the imported file, or as the one document of the store that holds its quote."""

    def __init__(self, store: Store, folder: Path | None) -> None:
        self.store = store
        self.folder = folder
        self.records = store.documents()
        self.registered: list[str] = []
        self._texts: dict[str, Document | None] = {}

    def _read(self, record_id: str, path: str) -> Document | None:
        if record_id not in self._texts:
            try:
                self._texts[record_id] = read_document(path).with_id(record_id)
            except DocumentError:
                self._texts[record_id] = None
        return self._texts[record_id]

    def _open(self, path: Path, digest: str | None) -> Document | None:
        """The file at `path`, added to the store, if its text is the one the annotation was
        made on (when the file says which): a file named in a file from elsewhere is not
        taken on trust."""
        if not path.is_file():
            return None
        try:
            document = read_document(path)
        except DocumentError:
            return None
        if digest and document.sha256 != digest:
            return None
        document = self.store.register(document)
        if all(record.id != document.id for record in self.records):
            self.records = self.store.documents()
            self.registered.append(document.path.name)
        self._texts[document.id] = document
        return document

    def find(self, selection: Selection) -> Document | None:
        digest = (
            selection.source.removeprefix(SHA256_IRI)
            if selection.source.startswith(SHA256_IRI)
            else None
        )
        name = selection.label or _file_name(selection.source)
        for record in self.records:
            if digest and record.sha256 == digest:
                found = self._read(record.id, record.path)
                if found is not None:
                    return found
        named = [r for r in self.records if name and Path(r.path).name == name]
        if len(named) == 1:
            found = self._read(named[0].id, named[0].path)
            if found is not None:
                return found
        for uri in (selection.via, selection.source):
            path = _file_path(uri)
            if path is not None and (found := self._open(path, digest)) is not None:
                return found
        if name and self.folder and (found := self._open(self.folder / name, digest)):
            return found
        if selection.exact:
            holders = [
                found
                for record in self.records
                if (found := self._read(record.id, record.path)) is not None
                and selection.exact in found.text
            ]
            if len(holders) == 1:
                return holders[0]
        return None


def _file_path(uri: str) -> Path | None:
    parsed = urlparse(uri)
    return Path(unquote(parsed.path)) if parsed.scheme == "file" else None


def _file_name(uri: str) -> str:
    parsed = urlparse(uri)
    if parsed.scheme in ("http", "https", "file"):
        return Path(unquote(parsed.path)).name
    return ""


def locate(text: str, selection: Selection) -> Anchor | None:
    """The passage in `text`: at its offsets if its quote is there, else the occurrence of the
    quote whose context matches best (nearest the offsets on a tie); None if not found."""
    start, end, exact = selection.start, selection.end, selection.exact
    offsets_fit = start is not None and end is not None and 0 <= start < end <= len(text)
    if exact is None:
        return anchor_at(text, start, end) if offsets_fit else None
    if offsets_fit and text[start:end] == exact:
        return anchor_at(text, start, end)
    candidates = occurrences(text, exact) if exact else []
    if not candidates:
        return None

    def score(at: int) -> tuple[int, int]:
        before = _common_suffix(text[max(0, at - len(selection.prefix)) : at], selection.prefix)
        after_at = at + len(exact)
        after = _common_prefix(text[after_at : after_at + len(selection.suffix)], selection.suffix)
        return before + after, -abs(at - (start or 0))

    best = max(candidates, key=score)
    return anchor_at(text, best, best + len(exact))


def _common_prefix(one: str, two: str) -> int:
    count = 0
    for left, right in zip(one, two, strict=False):
        if left != right:
            break
        count += 1
    return count


def _common_suffix(one: str, two: str) -> int:
    return _common_prefix(one[::-1], two[::-1])


def to_annotation(parsed: Parsed, documents: Documents) -> Annotation:
    selection = parsed.selection
    document = documents.find(selection)
    if document is None:
        named = selection.label or selection.source or "no source"
        raise Unimportable(f"its document ({named}) is not in the store nor found as a file")
    anchor: Anchor | None = None
    orphan = False
    if selection.has_selector:
        anchor = locate(document.text, selection)
        if anchor is None:
            if not selection.exact:
                raise Unimportable("its offsets are outside the document and it has no quote")
            orphan = True
            start = selection.start or 0
            anchor = Anchor(
                start,
                start + len(selection.exact),
                selection.exact,
                selection.prefix,
                selection.suffix,
            )
    return Annotation(
        id=parsed.id,
        doc_id=document.id,
        anchor=anchor,
        tags=tuple(parsed.tags),
        note=parsed.note,
        author=parsed.author,
        created=parsed.created,
        modified=parsed.modified,
        doc_sha256=document.sha256,
        orphan=orphan,
    )


def import_(store: Store, data: bytes, options: dict[str, Any]) -> list[str]:
    problems: list[str] = []
    payload = parse(data)
    documents = Documents(store, options.get("folder"))
    incoming: list[Annotation] = []
    for number, item in enumerate(items_of(payload, problems), 1):
        label = (
            str(item.get("id") or f"annotation #{number}")
            if isinstance(item, dict)
            else (f"annotation #{number}")
        )
        try:
            parsed = parse_item(item)
            annotation = to_annotation(parsed, documents)
        except Unimportable as reason:
            problems.append(f"not imported: {label}: {reason}")
            continue
        incoming.append(annotation)
        problems.extend(f"{label}: left out {what}" for what in parsed.left_out)
        if annotation.orphan:
            problems.append(f"{label}: imported as an orphan (its quote is not in the document)")
    report = [merge(store, incoming)]
    if documents.registered:
        report.append(f"documents added to the store: {', '.join(documents.registered)}")
    return report + problems
