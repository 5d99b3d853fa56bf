"""Approximate matching: where a quote that changed a little now is, and how similar it is.

Two jobs, two tools, chosen by measurement (`bench/anchoring.py`, and the figures below from one
run on a 2-core machine):

- Comparing two short strings (a stored prefix with the text before a candidate) is done many
  times per annotation. rapidfuzz's Levenshtein (C, bit-parallel) does it in about 1 µs; the
  same bit-parallel algorithm in pure Python takes about 50 µs. That factor decides whether
  10,000 annotations re-anchor in well under a second, so rapidfuzz is a runtime dependency.
- Finding where a quote lies inside a region, with exact boundaries, needs a semi-global
  alignment (free start and end in the text). rapidfuzz has none: its `partial_ratio_alignment`
  only slides a window of the quote's own length, so a quote whose words grew or shrank gets a
  cut-off end. `best_matches` is Myers' bit-parallel algorithm (Myers 1999, in Hyyrö's
  formulation) in pure Python: about 1 µs per character of the region, and the regions are small
  (the quote's length plus a margin), so it costs well under a millisecond per changed quote.
  Half the regions looked at hold no match at all; for a quote of up to 64 characters,
  `may_hold` tells most of those in a few microseconds (rapidfuzz's `partial_ratio`, in C), and
  the alignment is skipped there. (For longer quotes `partial_ratio` costs more than the
  alignment: a millisecond for 400 characters.)
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import repeat

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein


@dataclass(frozen=True, slots=True)
class Match:
    """`text[start:end]` is `edits` insertions, deletions or substitutions away from the quote."""

    start: int
    end: int
    edits: int


def similarity(a: str, b: str) -> float:
    """1 for equal strings, 0 for nothing in common: 1 - edit distance / the longer length."""
    return Levenshtein.normalized_similarity(a, b)


PREFILTERED = 64
"""The longest pattern `may_hold` looks at (it says True for longer ones)."""


def may_hold(pattern: str, text: str, max_edits: int) -> bool:
    """False only if no stretch of `text` is within `max_edits` edits of `pattern`.

    A stretch `t` that close has `len(pattern)` characters around it (or inside it) at most
    `3 * max_edits` insertions and deletions away from the pattern: two per substitution, one
    per character of length that differs. `partial_ratio` finds the best such window, as a
    percentage of likeness (100 * (1 - indels / (2 * len(pattern)))).
    """
    if not pattern or len(pattern) > PREFILTERED or len(text) < len(pattern):
        return True
    floor = 100 * (1 - 3 * max_edits / (2 * len(pattern))) - 1
    return floor <= 0 or fuzz.partial_ratio(pattern, text, score_cutoff=floor) > 0


def distances_at_ends(pattern: str, text: str, anchored: bool) -> list[int]:
    """For each end `j` (1..len(text)), the edit distance of `pattern` to the best `text[i:j]`.

    With `anchored`, `i` is 0 (the distance of `pattern` to each prefix of `text`); without it,
    `i` is free (where the pattern best ends at `j`). Bit-parallel: one pass over `text`, a
    handful of integer operations per character, whatever the pattern's length.
    """
    masks: dict[str, int] = {}
    for index, char in enumerate(pattern):
        masks[char] = masks.get(char, 0) | (1 << index)
    full = (1 << len(pattern)) - 1
    last = 1 << (len(pattern) - 1)
    carry = 1 if anchored else 0
    positive, negative, score = full, 0, len(pattern)
    scores: list[int] = []
    append = scores.append
    # Bits above the pattern's never reach those below (carries and shifts go up), so one mask
    # a step keeps the numbers small: `negative` is within it, being part of `vertical`.
    for equal in map(masks.get, text, repeat(0)):
        vertical = equal | negative
        horizontal = (((equal & positive) + positive) ^ positive) | equal
        up = negative | ~(horizontal | positive)
        down = positive & horizontal
        if up & last:
            score += 1
        elif down & last:
            score -= 1
        up = (up << 1) | carry
        positive = ((down << 1) | ~(vertical | up)) & full
        negative = up & vertical
        append(score)
    return scores


def fewest_edits(pattern: str, text: str) -> int:
    """The fewest edits that make `pattern` a substring of `text` (it may also be deleted)."""
    return (
        min(distances_at_ends(pattern, text, anchored=False), default=len(pattern))
        if pattern
        else 0
    )


def cuts(before: str, after: str, text: str, before_edits: int, after_edits: int) -> list[int]:
    """The offsets in `text` where it reads `before` then `after`, each within its edits."""
    ending = [len(before), *distances_at_ends(before, text, anchored=False)]
    ends = [cut for cut, edits in enumerate(ending) if edits <= before_edits]
    if not ends or not after:
        return ends
    lo, hi = ends[0], min(len(text), ends[-1] + len(after) + after_edits)
    starting = [*distances_at_ends(after[::-1], text[lo:hi][::-1], anchored=False)[::-1]]
    starting.append(len(after))
    return [cut for cut in ends if starting[cut - lo] <= after_edits]


def edits_ending(pattern: str, text: str) -> int:
    """The fewest edits between `pattern` and a stretch of `text` that ends where `text` ends."""
    return distances_at_ends(pattern, text, anchored=False)[-1] if text else len(pattern)


def best_matches(
    pattern: str, text: str, lo: int, hi: int, max_edits: int, hint: int, limit: int = 4
) -> list[Match]:
    """The places in `text[lo:hi]` where `pattern` matches with at most `max_edits` edits.

    One match per stretch of good end positions (the best end in it, ties going to the end
    nearest `hint + len(pattern)`), the `limit` with fewest edits first. A stretch longer than
    the pattern (repetitive text, where it matches all along) counts as one per pattern's
    length: those are different places. Boundaries are exact: the start is the one, among
    equally good, that makes the match closest to the pattern's length.
    """
    if not pattern or max_edits < 0 or lo >= hi:
        return []
    region = text[lo:hi]
    if not may_hold(pattern, region, max_edits):
        return []
    scores = distances_at_ends(pattern, region, anchored=False)
    wanted_end = hint + len(pattern) - lo
    stretches: list[tuple[tuple[int, int], int]] = []  # ((edits, distance to wanted), end)
    previous = first = -2
    for index, edits in enumerate(scores):
        if edits > max_edits:
            continue
        end = index + 1
        key = (edits, abs(end - wanted_end))
        if index == previous + 1 and index - first < len(pattern):
            stretches[-1] = min(stretches[-1], (key, end))
        else:
            stretches.append((key, end))
            first = index
        previous = index
    stretches.sort()
    return [_with_start(pattern, region, lo, end, max_edits) for _, end in stretches[:limit]]


def _with_start(pattern: str, region: str, lo: int, end: int, max_edits: int) -> Match:
    """The match of `pattern` that ends at `region[end]`, with at most `max_edits` edits: its
    best start, found backwards (no further back than such a match can be long)."""
    reach = region[max(0, end - len(pattern) - max_edits) : end][::-1]
    scores = distances_at_ends(pattern[::-1], reach, anchored=True)
    edits = min(scores)
    length = min(
        (index + 1 for index, score in enumerate(scores) if score == edits),
        key=lambda n: abs(n - len(pattern)),
    )
    return Match(start=lo + end - length, end=lo + end, edits=edits)
