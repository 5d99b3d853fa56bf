"""Turning offsets or a quote into an `Anchor`: the passage plus enough context to find it again."""

from __future__ import annotations

from tui.core.annotation import CONTEXT_CHARS, Anchor
from tui.core.errors import QuoteError


def anchor_at(text: str, start: int, end: int) -> Anchor:
    """The anchor of `text[start:end]`, with up to 32 characters of context on each side."""
    if not 0 <= start < end <= len(text):
        raise QuoteError(
            f"offsets {start}..{end} are not a passage of this document "
            f"(it has {len(text)} characters; start must be below end)"
        )
    return Anchor(
        start=start,
        end=end,
        quote=text[start:end],
        prefix=text[max(0, start - CONTEXT_CHARS) : start],
        suffix=text[end : end + CONTEXT_CHARS],
    )


def occurrences(text: str, quote: str, limit: int | None = None) -> list[int]:
    """Start offsets of every occurrence of `quote` (overlapping ones included)."""
    found: list[int] = []
    position = text.find(quote)
    while position >= 0 and (limit is None or len(found) < limit):
        found.append(position)
        position = text.find(quote, position + 1)
    return found


def find_quote(text: str, quote: str, occurrence: int | None = None) -> Anchor:
    """Select a passage by its text; `occurrence` (from 1) picks one of several.

    A quote found more than once without an occurrence number is an error that says how many
    times it occurs: a silent guess would put the note on the wrong passage.
    """
    if not quote:
        raise QuoteError("the quote is empty")
    if occurrence is not None and occurrence < 1:
        raise QuoteError("--occurrence counts from 1")
    wanted = occurrence or 1
    starts = occurrences(text, quote, limit=None if occurrence is None else wanted)
    if not starts:
        raise QuoteError(f"quote not found in the document: {quote!r}")
    if occurrence is None and len(starts) > 1:
        raise QuoteError(
            f"quote occurs {len(starts)} times: {quote!r}; "
            f"choose one with --occurrence 1..{len(starts)}"
        )
    if len(starts) < wanted:
        times = "once" if len(starts) == 1 else f"{len(starts)} times"
        raise QuoteError(f"quote occurs only {times}, not {wanted}: {quote!r}")
    start = starts[wanted - 1]
    return anchor_at(text, start, start + len(quote))


def trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    """`[start, end)` without the white space at its edges (empty if it is all white space)."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
