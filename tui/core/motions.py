"""Where the caret goes: words, sentences and paragraphs of a text, found around one offset.

Every function looks only near the offset it is given (forward with a regex search from it,
backward in a growing window before it), so moving on a 100 MB document costs as little as on a
short one.
"""

from __future__ import annotations

import re

_WORD = re.compile(r"\w+|[^\w\s]+")
_SENTENCE_END = re.compile(r"[.!?…。！？]+[\"'”’)\]]*(?=\s)|\n\s*\n")
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")
_WINDOW = 4096


def last_match(pattern: re.Pattern[str], text: str, before: int) -> re.Match[str] | None:
    """The last match of `pattern` that starts before `before`, looking back in growing windows."""
    window = _WINDOW
    while True:
        start = max(0, before - window)
        last = None
        for match in pattern.finditer(text, start, before):
            last = match
        if last is not None or start == 0:
            return last
        window *= 4


def word_forward(text: str, offset: int) -> int:
    """The start of the next word (or the end of the text)."""
    match = _WORD.search(text, offset)
    if match and match.start() <= offset:
        match = _WORD.search(text, match.end())
    return match.start() if match else len(text)


def word_backward(text: str, offset: int) -> int:
    """The start of the word before the caret (or of the word it is in)."""
    match = last_match(_WORD, text, offset)
    return match.start() if match else 0


def word_end(text: str, offset: int) -> int:
    """The end of the word the caret is in, or of the next word."""
    match = _WORD.search(text, offset)
    return match.end() if match else len(text)


def word_at(text: str, offset: int) -> tuple[int, int]:
    """The word around `offset` (for a double click); whitespace selects itself."""
    if not text:
        return (0, 0)
    offset = min(offset, len(text) - 1)
    start = max(0, offset - 200)
    for match in _WORD.finditer(text, start, min(len(text), offset + 200)):
        if match.start() <= offset < match.end():
            return match.span()
    return (offset, offset + 1)


def sentence_start(text: str, offset: int) -> int:
    """The start of the sentence containing `offset`."""
    match = last_match(_SENTENCE_END, text, offset)
    start = match.end() if match else 0
    while start < len(text) and text[start].isspace():
        start += 1
    return min(start, offset)


def sentence_end(text: str, offset: int) -> int:
    """The end of the sentence containing `offset` (after its closing punctuation)."""
    match = _SENTENCE_END.search(text, offset)
    if match is None:
        return len(text)
    return match.start() if match.group().startswith("\n") else match.end()


def sentence_forward(text: str, offset: int) -> int:
    """The start of the next sentence."""
    end = sentence_end(text, offset)
    following = end
    while following < len(text) and text[following].isspace():
        following += 1
    if following <= offset:
        return len(text)
    return following


def sentence_backward(text: str, offset: int) -> int:
    """The start of this sentence, or of the previous one if already at a start."""
    start = sentence_start(text, offset)
    if start < offset:
        return start
    return sentence_start(text, max(0, start - 1)) if start > 0 else 0


def sentence_at(text: str, offset: int) -> tuple[int, int]:
    return (sentence_start(text, offset), max(sentence_end(text, offset), offset + 1))


def paragraph_start(text: str, offset: int) -> int:
    match = last_match(_PARAGRAPH_BREAK, text, offset)
    return match.end() if match else 0


def paragraph_end(text: str, offset: int) -> int:
    match = _PARAGRAPH_BREAK.search(text, offset)
    return match.start() if match else len(text)


def paragraph_forward(text: str, offset: int) -> int:
    """The start of the next paragraph (`}`)."""
    match = _PARAGRAPH_BREAK.search(text, offset)
    return match.end() if match else len(text)


def paragraph_backward(text: str, offset: int) -> int:
    """The start of this paragraph, or of the previous one if already at a start (`{`)."""
    start = paragraph_start(text, offset)
    if start < offset:
        return start
    return paragraph_start(text, max(0, start - 1)) if start > 0 else 0


def paragraph_at(text: str, offset: int) -> tuple[int, int]:
    start = paragraph_start(text, offset)
    return (start, max(paragraph_end(text, offset), start + 1) if text else start)
