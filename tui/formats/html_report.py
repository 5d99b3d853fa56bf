"""One self-contained HTML file (no script, no external asset): an index by tag, then each
document with its passages highlighted in tag colours and the notes beside them.

The text is cut into blocks at blank lines; each block is a row with the text on the left and
the notes of the passages that start in it on the right, so notes sit beside their passages
without any script. Every piece of text (document, notes, tags, titles) is escaped; colours
reach the page only as validated `#rrggbb`.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from functools import cache, lru_cache
from itertools import pairwise

from tui.core.annotation import Annotation
from tui.core.colors import normalize_color
from tui.formats.base import DocumentView, ExportSet, Format
from tui.formats.values import as_uuid, encoded_pieces, flat_line

NEUTRAL = "#8a8a8a"
HIGHLIGHT_ALPHA = 0.35
INDEX_QUOTE = 80  # characters of a quote shown in the index
_BLOCK_END = re.compile(r"\n{2,}")
_SPECIAL = re.compile("[&<>\"']")

CSS = """
:root { color-scheme: light dark; --bg: #fcfcfa; --fg: #1f1f22; --muted: #66666d;
  --card: #f1f0ec; --line: #dcdad4; }
@media (prefers-color-scheme: dark) { :root { --bg: #18181b; --fg: #e7e5e1; --muted: #a3a09a;
  --card: #232327; --line: #3b3b40; } }
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--fg);
  font: 15px/1.55 system-ui, -apple-system, "Segoe UI", sans-serif; }
header, nav, section { max-width: 76rem; margin: 0 auto; padding: 0 1.5rem; }
h1 { margin: 1.5rem 0 .25rem; } h2 { margin: 2.5rem 0 .25rem; }
nav { border-bottom: 1px solid var(--line); padding-bottom: 1rem; }
nav ul { list-style: none; padding: 0; } nav ul > li { margin-bottom: .6rem; }
nav ol { margin: .2rem 0 0; }
a { color: inherit; }
.muted, .path, .meta { color: var(--muted); }
.path { font-family: ui-monospace, monospace; font-size: .8rem; overflow-wrap: anywhere; }
.row { display: grid; grid-template-columns: minmax(0, 1fr) 21rem; gap: 2rem;
  align-items: start; }
.text { white-space: pre-wrap; overflow-wrap: anywhere;
  font: 1.05rem/1.7 Georgia, "Noto Serif", serif; }
mark { color: inherit; border-radius: 2px; }
mark.overlap { box-shadow: inset 0 -2px 0 var(--fg); }
.card { border-left: 4px solid var(--c); background: var(--card); border-radius: 4px;
  padding: .35rem .7rem; margin: 0 0 .6rem; font-size: .88rem; }
.card:target { outline: 2px solid var(--c); }
.card blockquote { margin: .3rem 0; padding-left: .6rem; border-left: 2px solid var(--line);
  white-space: pre-wrap; font-family: Georgia, serif; }
.note { white-space: pre-wrap; overflow-wrap: anywhere; margin-top: .2rem; }
.meta { font-size: .78rem; }
.tag { display: inline-block; border: 1px solid var(--c); border-radius: 1em;
  padding: 0 .5em; margin: 0 .25em .15em 0; font-size: .78rem; }
.tag::before { content: ""; display: inline-block; width: .6em; height: .6em;
  border-radius: 50%; background: var(--c); margin-right: .35em; }
.unplaced h3 { font-size: .95rem; margin: 1rem 0 .4rem; }
@media (max-width: 52rem) { .row { grid-template-columns: 1fr; gap: .5rem; } }
"""


def export(selection: ExportSet) -> dict[str, bytes]:
    documents = len(selection.views)
    pieces = [
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="generator" content="postil">\n'
        f"<title>Annotations</title>\n<style>{CSS}</style>\n</head>\n<body>\n",
        "<header>\n<h1>Annotations</h1>\n"
        f'<p class="muted">{selection.count} annotations in {documents} '
        f"document{'s' * (documents != 1)}, exported {escape(selection.exported)} "
        "from postil.</p>\n</header>\n",
        *tag_index(selection),
    ]
    pieces.extend(document_section(selection, view) for view in selection.each())
    pieces.append("</body>\n</html>\n")
    return {FORMAT.default_name: encoded_pieces(pieces)}


def escape(text: str) -> str:
    """`html.escape`, after a quick look: most pieces of text have nothing to escape."""
    return html.escape(text) if _SPECIAL.search(text) is not None else text


def color_of(selection: ExportSet, annotation: Annotation) -> str:
    """The annotation's own colour, else its first tag's, else a neutral grey."""
    own = normalize_color(annotation.color)
    if own is not None:
        return own
    return selection.color(annotation.tags[0]) if annotation.tags else NEUTRAL


@cache
def rgba(color: str, alpha: float) -> str:
    red, green, blue = (int(color[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgba({red},{green},{blue},{alpha})"


def chip(selection: ExportSet, tag: str) -> str:
    return tag_chip(tag, selection.color(tag))


@lru_cache(maxsize=4096)  # written once per passage
def tag_chip(tag: str, color: str) -> str:
    return f'<span class="tag" style="--c:{color}">{escape(tag)}</span>'


def tag_index(selection: ExportSet) -> Iterator[str]:
    counts = selection.tag_counts()
    if not counts:
        return
    passages: dict[str, list[str]] = {tag: [] for tag in counts}
    for view in selection.views:
        title = f'<span class="muted">· {escape(view.record.title)}</span></li>'
        for annotation in view.annotations:
            if not annotation.tags:
                continue
            target = ("a-" if view.span(annotation) else "n-") + as_uuid(annotation.id)
            quote = annotation.quote
            label = flat_line(quote, INDEX_QUOTE) if quote else "(whole document)"
            link = f'<li><a href="#{target}">{escape(label)}</a> {title}'
            for tag in annotation.tags:
                passages[tag].append(link)
    yield "<nav>\n<h2>Index by tag</h2>\n<ul>\n"
    for tag in sorted(counts):
        description = selection.description(tag)
        about = f' <span class="muted">— {escape(description)}</span>' if description else ""
        listing = f"<ol>{''.join(passages[tag])}</ol>" if passages[tag] else ""
        yield f"<li>{chip(selection, tag)} {counts[tag]}{about}{listing}</li>\n"
    yield "</ul>\n</nav>\n"


def card(selection: ExportSet, view: DocumentView, annotation: Annotation) -> str:
    key = as_uuid(annotation.id)
    span = view.span(annotation)
    if span is not None:
        where = f'<a href="#a-{key}">characters {span[0]}–{span[1]}</a>'
        quoted = ""
    else:
        where = escape(view.why_unplaced(annotation))
        quoted = f"<blockquote>{escape(annotation.quote)}</blockquote>" if annotation.quote else ""
    tags = "".join(chip(selection, tag) for tag in annotation.tags)
    author = f" · {escape(annotation.author)}" if annotation.author else ""
    note = f'<div class="note">{escape(annotation.note)}</div>' if annotation.note else ""
    return (
        f'<div class="card" id="n-{key}" style="--c:{color_of(selection, annotation)}">'
        f'<div>{tags}</div><div class="meta">{where}{author} · '
        f"{escape(annotation.created[:10])}</div>{quoted}{note}</div>"
    )


def document_section(selection: ExportSet, view: DocumentView) -> str:
    parts = [
        f'<section id="d-{as_uuid(view.record.id)}">\n<h2>{escape(view.record.title)}</h2>\n'
        f'<p class="path">{escape(view.record.path)}</p>\n'
    ]
    if view.text is None:
        parts.append(
            '<p class="muted">The file cannot be read: its passages are listed '
            "without their text.</p>\n"
        )
    groups = (
        ("On the whole document", view.document_notes()),
        ("Not found in the current text", view.not_found()),
    )
    for heading, chosen in groups:
        if chosen:
            cards = "".join(card(selection, view, annotation) for annotation in chosen)
            parts.append(f'<div class="unplaced"><h3>{heading}</h3>{cards}</div>\n')
    if view.text is not None:
        parts.extend(rows(selection, view))
    parts.append("</section>\n")
    return "".join(parts)


def rows(selection: ExportSet, view: DocumentView) -> Iterator[str]:
    """The text in blocks, each with the cards of the passages that start in it."""
    text = view.text or ""
    block_ends = [match.end() for match in _BLOCK_END.finditer(text)] + [len(text)]
    starts: dict[int, list[Annotation]] = {}
    ends: dict[int, list[Annotation]] = {}
    # At one start the longest comes first, so the innermost passage is drawn on top.
    for (start, end), annotation in sorted(view.passages(), key=lambda p: (p[0][0], -p[0][1])):
        starts.setdefault(start, []).append(annotation)
        ends.setdefault(end, []).append(annotation)
    points = sorted({0, *block_ends, *starts, *ends})
    active: list[Annotation] = []
    mark = ""  # the tag that opens a stretch under the active passages
    block_html: list[str] = []
    block_cards: list[str] = []
    next_end = iter(block_ends)
    block_end = next(next_end)
    for here, there in pairwise(points):
        ending, starting = ends.get(here), starts.get(here)
        for annotation in ending or ():
            active.remove(annotation)
        for annotation in starting or ():
            active.append(annotation)
            block_html.append(f'<span id="a-{as_uuid(annotation.id)}"></span>')
            block_cards.append(card(selection, view, annotation))
        if ending or starting:
            mark = mark_tag(selection, active)
        piece = escape(text[here:there])
        block_html.append(f"{mark}{piece}</mark>" if active else piece)
        if there == block_end:
            yield (
                f'<div class="row"><div class="text">{"".join(block_html)}</div>'
                f'<div class="notes">{"".join(block_cards)}</div></div>\n'
            )
            block_html, block_cards = [], []
            block_end = next(next_end, len(text))


def mark_tag(selection: ExportSet, active: list[Annotation]) -> str:
    """The `<mark>` of a stretch of text under the active passages (none without any): the
    colour of the innermost one, and every tag in its title."""
    if not active:
        return ""
    top = active[-1]
    tags = ", ".join(dict.fromkeys(tag for annotation in active for tag in annotation.tags))
    overlap = ' class="overlap"' if len(active) > 1 else ""
    background = rgba(color_of(selection, top), HIGHLIGHT_ALPHA)
    return f'<mark{overlap} style="background:{background}" title="{escape(tags)}">'


FORMAT = Format(
    name="html",
    summary="one self-contained HTML page: highlighted passages, notes beside them, tag index",
    suffix=".html",
    single_file=True,
    export=export,
)
