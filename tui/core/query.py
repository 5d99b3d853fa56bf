"""The query language of the annotation browser and `postil search`.

A query is terms separated by spaces, all of which must hold (AND):

    rice                  the quote or the note contains `rice` (case-insensitive)
    "rice cakes"          ... contains the phrase (runs of spaces and newlines count as one space)
    tag:economy           a tag is `economy` or a child of it (`economy/covid`), case-insensitive
    doc:report            the document's file name, title or path contains `report`
    doctag:interview      the document carries `interview` (or a child) as a document-level tag
    author:ana            the author's name contains `ana`
    since:2024-05-01      created or last changed on or after that moment (`modified`)

`-` before a term excludes what it matches (`-tag:draft`, `-rice`), and a value may be quoted
(`doc:"annual report"`). `since:` takes an ISO date or date and time; without a UTC offset it is
the user's local time, so `since:2024-05-01` means from local midnight. It compares with
`modified`, which is the creation time until the annotation is first changed: the question it
answers is "what is new or changed since", and a codebook change counts as a change.

Annotations are compared in a prepared form (`Entry`, folded once), so that a query over a
hundred thousand annotations takes milliseconds; `AnnotationIndex` keeps the prepared forms.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path

from tui.core.annotation import TAG_SEPARATOR, Annotation, normalize_tag
from tui.core.errors import UsageError
from tui.core.store import DocumentRecord

EXAMPLES = {
    "tag": "tag:economy/covid",
    "doc": "doc:report",
    "doctag": "doctag:interview",
    "author": "author:ana",
    "since": "since:2024-05-01",
}
FIELDS = tuple(EXAMPLES)
DOCUMENT_FIELDS = ("doc", "doctag")
NEVER = ""  # sorts before every time
_FIELD = re.compile(r"([A-Za-z]+):")
_UNEVEN_SPACE = re.compile(r"[^\S ]|  ")  # any white space but single spaces
_STAMP = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z")


class QueryError(UsageError):
    """A query that cannot be understood; the message says what to change."""


@dataclass(frozen=True, slots=True)
class Term:
    """One condition: `field` is `text` for plain words and phrases; `value` is folded."""

    field: str
    value: str
    negated: bool = False
    moment: str = NEVER


@dataclass(frozen=True, slots=True)
class DocumentView:
    """A document's record prepared for matching: the text `doc:` looks in, `doctag:` tags."""

    record: DocumentRecord
    text: str
    tags: frozenset[str]


@dataclass(slots=True)
class Entry:
    """An annotation prepared for matching, with its document: what a browser row shows.

    Read-only by convention; not frozen because a frozen dataclass is slower to build, and
    an index builds a hundred thousand of these.
    """

    annotation: Annotation
    document: DocumentView
    text: str
    tags: frozenset[str]
    author: str
    modified: str

    @property
    def record(self) -> DocumentRecord:
        return self.document.record


def fold(text: str) -> str:
    """Text as queries compare it: case-folded, whitespace runs as one space."""
    folded = text.casefold()
    if _UNEVEN_SPACE.search(folded):  # most quotes and notes have none
        return " ".join(folded.split())
    return folded


def ancestors(tag: str) -> list[str]:
    """`a/b/c` and its parents: `a`, `a/b`, `a/b/c`."""
    parts = tag.split(TAG_SEPARATOR)
    return [TAG_SEPARATOR.join(parts[:depth]) for depth in range(1, len(parts) + 1)]


@lru_cache(maxsize=1 << 16)
def tag_and_ancestors(tags: tuple[str, ...]) -> frozenset[str]:
    """Every folded tag and each of its parents, so `tag:a` is one set lookup for `a/b/c`.

    Cached: a corpus has few distinct tag sets, and this runs for every annotation loaded.
    """
    return frozenset(above.casefold() for tag in tags for above in ancestors(tag))


def utc_stamp(text: str, naive_is_local: bool) -> str:
    """An ISO date or time as postil stores times (UTC, milliseconds, `Z`), which sort as text.

    A time without an offset is local time when a user typed it, UTC when postil stored it.
    """
    if _STAMP.fullmatch(text):
        return text
    moment = datetime.fromisoformat(text)
    if moment.tzinfo is None:
        moment = moment.astimezone() if naive_is_local else moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def view_document(record: DocumentRecord) -> DocumentView:
    name = Path(record.path).name
    return DocumentView(
        record=record,
        text=fold(f"{name}\n{record.title}\n{record.path}"),
        tags=tag_and_ancestors(tuple(record.tags)),
    )


def prepare(annotation: Annotation, document: DocumentView) -> Entry:
    try:
        modified = utc_stamp(annotation.modified, naive_is_local=False)
    except (ValueError, OverflowError):
        modified = NEVER  # an imported, unreadable time: `since:` never matches it
    return Entry(
        annotation=annotation,
        document=document,
        text=fold(annotation.quote) + "\n" + fold(annotation.note),
        tags=tag_and_ancestors(annotation.tags),
        author=annotation.author.casefold(),
        modified=modified,
    )


def retagged(entry: Entry, annotation: Annotation) -> Entry | None:
    """The entry of `annotation` made from `entry`, when the two differ in their tags only (a
    renamed tag names them anew, sharing every other value), without folding the text again;
    None when they differ otherwise."""
    before = entry.annotation
    if (
        annotation.id != before.id
        or annotation.anchor is not before.anchor
        or annotation.note is not before.note
        or annotation.author is not before.author
        or annotation.modified is not before.modified
    ):
        return None
    return Entry(
        annotation,
        entry.document,
        entry.text,
        tag_and_ancestors(annotation.tags),
        entry.author,
        entry.modified,
    )


@dataclass(frozen=True, slots=True)
class Query:
    """A parsed query; `parse_query` makes one. The empty query matches everything."""

    source: str
    terms: tuple[Term, ...] = ()

    @property
    def document_terms(self) -> tuple[Term, ...]:
        return tuple(term for term in self.terms if term.field in DOCUMENT_FIELDS)

    @property
    def annotation_terms(self) -> tuple[Term, ...]:
        return tuple(term for term in self.terms if term.field not in DOCUMENT_FIELDS)

    def accepts_document(self, document: DocumentView) -> bool:
        return all(
            _document_test(term)(document) is not term.negated for term in self.document_terms
        )

    def possible_among(self, tags: frozenset[str]) -> bool:
        """False if no annotation carrying only these (folded) tags can match: a document
        whose annotations lack a tag the query asks for is skipped whole."""
        return all(
            term.value in tags for term in self.terms if term.field == "tag" and not term.negated
        )

    def filter(self, entries: list[Entry]) -> list[Entry]:
        """The entries the annotation terms accept, in their order (one pass per term)."""
        for term in sorted(self.annotation_terms, key=_cost):
            entries = _filter(entries, term)
        return entries

    def narrows(self, wider: Query) -> bool:
        """True if all this query matches, `wider` matches too: typing `rice` after `ric`, or
        adding a term. The browser then searches the last results instead of everything."""
        return all(any(_implies(term, old) for term in self.terms) for old in wider.terms)

    def matches(self, annotation: Annotation, record: DocumentRecord) -> bool:
        document = view_document(record)
        return self.accepts_document(document) and bool(
            self.filter([prepare(annotation, document)])
        )


def _implies(term: Term, other: Term) -> bool:
    """True if whatever `term` accepts, `other` accepts too."""
    if term == other:
        return True
    if term.field != other.field or term.negated != other.negated:
        return False
    if term.field == "since":
        return (term.moment <= other.moment) if term.negated else (term.moment >= other.moment)
    if term.negated:
        return False
    if term.field in ("tag", "doctag"):
        return term.value.startswith(other.value + TAG_SEPARATOR)
    return other.value in term.value


def _cost(term: Term) -> int:
    """Cheap and selective terms first: set lookups, then comparisons, then substring scans."""
    return {"tag": 0, "since": 1, "author": 2}.get(term.field, 3)


def _filter(entries: list[Entry], term: Term) -> list[Entry]:
    """One term over many entries: a comprehension per case, as this loop is the hot one."""
    value, moment = term.value, term.moment
    if term.field == "tag":
        if term.negated:
            return [entry for entry in entries if value not in entry.tags]
        return [entry for entry in entries if value in entry.tags]
    if term.field == "author":
        if term.negated:
            return [entry for entry in entries if value not in entry.author]
        return [entry for entry in entries if value in entry.author]
    if term.field == "since":
        if term.negated:
            return [entry for entry in entries if entry.modified < moment]
        return [entry for entry in entries if entry.modified >= moment]
    if term.negated:
        return [entry for entry in entries if value not in entry.text]
    return [entry for entry in entries if value in entry.text]


def _document_test(term: Term) -> Callable[[DocumentView], bool]:
    value = term.value
    if term.field == "doctag":
        return lambda document: value in document.tags
    return lambda document: value in document.text


def parse_query(source: str) -> Query:
    """Parse a query, or raise `QueryError` saying what is wrong and how to write it."""
    terms: list[Term] = []
    position = 0
    while True:
        while position < len(source) and source[position].isspace():
            position += 1
        if position == len(source):
            return Query(source=source, terms=tuple(terms))
        term, position = _read_term(source, position)
        terms.append(term)


def _read_term(source: str, position: int) -> tuple[Term, int]:
    negated = source[position] == "-"
    if negated:
        position += 1
    field = "text"
    named = _FIELD.match(source, position)
    if named:
        field = named.group(1).lower()
        if field not in FIELDS:
            raise QueryError(
                f"unknown field '{named.group(1)}:' (fields: {', '.join(f + ':' for f in FIELDS)});"
                f' to search for a word with a colon, put it in quotes: "{named.group(0)}..."'
            )
        position = named.end()
    value, position = _read_value(source, position)
    if not value:
        if field != "text":
            raise QueryError(f"{field}: needs a value, e.g. {EXAMPLES[field]}")
        raise QueryError("'-' needs a word or field after it, e.g. -tag:draft")
    return _term(field, value, negated), position


def _read_value(source: str, position: int) -> tuple[str, int]:
    if position < len(source) and source[position] == '"':
        closing = source.find('"', position + 1)
        if closing < 0:
            raise QueryError(f'unclosed quote: {source[position:]} (end the phrase with ")')
        phrase = source[position + 1 : closing]
        if not phrase.strip():
            raise QueryError('empty quotes "": put words between them')
        return phrase, closing + 1
    end = position
    while end < len(source) and not source[end].isspace():
        end += 1
    return source[position:end], end


def _term(field: str, value: str, negated: bool) -> Term:
    if field == "since":
        try:
            return Term(field, value, negated, moment=utc_stamp(value, naive_is_local=True))
        except (ValueError, OverflowError, OSError):
            raise QueryError(
                f"since: '{value}' is not a date; use YYYY-MM-DD or YYYY-MM-DDTHH:MM"
            ) from None
    if field in ("tag", "doctag"):
        tag = normalize_tag(value).casefold()
        if not tag:
            raise QueryError(f"{field}: needs a value, e.g. {EXAMPLES[field]}")
        return Term(field, tag, negated)
    return Term(field, fold(value), negated)
