"""What re-anchoring looks for: a stored anchor's quote and context, folded for comparison.

Text is compared with its whitespace folded (`tui.core.folded`), so a reflowed passage is the
same passage. Of the context, the part within the passage's own paragraph is what says where
the passage is: the paragraph beside it can be inserted, deleted or moved on its own.
"""

from __future__ import annotations

from dataclasses import dataclass

from tui.core.annotation import CONTEXT_CHARS, Anchor
from tui.core.folded import PARAGRAPH, fold
from tui.core.wordindex import is_boundary

OWN_CONTEXT = 16
"""A context within the passage's own paragraph shorter than this says too little (a passage
that starts a paragraph has only the break); the whole stored context is compared instead."""

DISTINCT_QUOTE = 40
"""Quotes at least this long, in their own context, are taken wherever they are found
(measured: shorter ones recur in real documents, e.g. a table's rows or a repeated sentence)."""

DISTINCT_WINDOW = 64
"""A shorter quote found far from where expected is taken only if it and its context within
its paragraph, this many characters at least, are exactly as stored."""


def folded_context(anchor: Anchor) -> tuple[str, str, str]:
    """The stored prefix, quote and suffix, whitespace folded.

    A context is cut at `CONTEXT_CHARS` wherever that falls, maybe between the two line ends of
    a paragraph break, which would fold to a space: white space at its far end is left out.
    """
    prefix, suffix = anchor.prefix, anchor.suffix
    if len(prefix) == CONTEXT_CHARS:
        prefix = prefix.lstrip()
    if len(suffix) == CONTEXT_CHARS:
        suffix = suffix.rstrip()
    return fold(prefix), fold(anchor.quote), fold(suffix)


def own_paragraph(context: str, before: bool) -> str:
    """The part of a folded context in the passage's own paragraph, with the break if any."""
    if before:
        return context[context.rfind(PARAGRAPH) :] if PARAGRAPH in context else context
    return context[: context.find(PARAGRAPH) + 1] if PARAGRAPH in context else context


def stored_window(anchor: Anchor) -> tuple[str, str, str]:
    """The quote with its context within its paragraph, folded: what a place must hold for the
    anchor not to tell it from its own passage."""
    prefix, quote, suffix = folded_context(anchor)
    return own_paragraph(prefix, before=True), quote, own_paragraph(suffix, before=False)


def stands_at(text: str, start: int, end: int, own_prefix: str, own_suffix: str) -> bool:
    """The folded `text` has `own_prefix` right before `start` and `own_suffix` right after
    `end`; the very start and end of the text stand for the paragraph breaks they begin and
    end a paragraph with."""
    if own_prefix.startswith(PARAGRAPH) and start == len(own_prefix) - 1:
        own_prefix = own_prefix[1:]
    if own_suffix.endswith(PARAGRAPH) and end + len(own_suffix) - 1 == len(text):
        own_suffix = own_suffix[:-1]
    return text[max(0, start - len(own_prefix)) : start] == own_prefix and text.startswith(
        own_suffix, end
    )


@dataclass(frozen=True, slots=True)
class Sought:
    """A stored anchor folded for comparison with the folded text.

    `prefix_side` and `suffix_side` are what a place's context is compared with: the context
    within the passage's paragraph, or all of it when that part is too short to say anything.
    `starts_word` and `ends_word` say the quote begins and ends on a word boundary (so must the
    place); `breaks` counts its paragraph breaks. `at_start` and `at_end` say the stored context
    was cut short by the document's edge: compared whole, it is then like a place's context only
    at that edge too.
    """

    quote: str
    prefix: str
    suffix: str
    own_prefix: str
    own_suffix: str
    prefix_side: str
    suffix_side: str
    starts_word: bool
    ends_word: bool
    breaks: int
    at_start: bool
    at_end: bool

    @classmethod
    def of(cls, anchor: Anchor) -> Sought:
        prefix, quote, suffix = folded_context(anchor)
        own_prefix = own_paragraph(prefix, before=True)
        own_suffix = own_paragraph(suffix, before=False)
        return cls(
            quote=quote,
            prefix=prefix,
            suffix=suffix,
            own_prefix=own_prefix,
            own_suffix=own_suffix,
            prefix_side=own_prefix if len(own_prefix) >= OWN_CONTEXT else prefix,
            suffix_side=own_suffix if len(own_suffix) >= OWN_CONTEXT else suffix,
            starts_word=is_boundary(prefix + quote, len(prefix)),
            ends_word=is_boundary(quote + suffix, len(quote)),
            breaks=quote.count(PARAGRAPH),
            at_start=len(anchor.prefix) < CONTEXT_CHARS,
            at_end=len(anchor.suffix) < CONTEXT_CHARS,
        )

    @property
    def weight(self) -> int:
        """How many characters a place's score weighs: the quote and both sides compared."""
        return len(self.quote) + len(self.prefix_side) + len(self.suffix_side)

    @property
    def distinct(self) -> bool:
        """Long enough, with its own context, to be recognised anywhere."""
        window = len(self.own_prefix) + len(self.quote) + len(self.own_suffix)
        return len(self.quote) >= DISTINCT_QUOTE or window >= DISTINCT_WINDOW
