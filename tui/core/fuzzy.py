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
"""

from __future__ import annotations

from dataclasses import dataclass

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
    for char in text:
        equal = masks.get(char, 0)
        vertical = equal | negative
        horizontal = (((equal & positive) + positive) ^ positive) | equal
        up = negative | (full & ~(horizontal | positive))
        down = positive & horizontal
        if up & last:
            score += 1
        elif down & last:
            score -= 1
        up = ((up << 1) | carry) & full
        down = (down << 1) & full
        positive = down | (full & ~(vertical | up))
        negative = up & vertical
        scores.append(score)
    return scores


def best_matches(
    pattern: str, text: str, lo: int, hi: int, max_edits: int, hint: int, limit: int = 4
) -> list[Match]:
    """The places in `text[lo:hi]` where `pattern` matches with at most `max_edits` edits.

    One match per stretch of good end positions (the best end in it, ties going to the end
    nearest `hint + len(pattern)`), the `limit` with fewest edits first. Boundaries are exact:
    the start is the one, among equally good, that makes the match closest to the pattern's
    length.
    """
    if not pattern or max_edits < 0 or lo >= hi:
        return []
    region = text[lo:hi]
    scores = distances_at_ends(pattern, region, anchored=False)
    wanted_end = hint + len(pattern) - lo
    stretches: list[tuple[tuple[int, int], int]] = []  # ((edits, distance to wanted), end)
    previous = -2
    for index, edits in enumerate(scores):
        if edits > max_edits:
            continue
        end = index + 1
        key = (edits, abs(end - wanted_end))
        if index == previous + 1:
            stretches[-1] = min(stretches[-1], (key, end))
        else:
            stretches.append((key, end))
        previous = index
    stretches.sort()
    return [_with_start(pattern, region, lo, end) for _, end in stretches[:limit]]


def _with_start(pattern: str, region: str, lo: int, end: int) -> Match:
    """The match of `pattern` that ends at `region[end]`: its best start, found backwards."""
    reach = region[max(0, end - 2 * len(pattern) - 1) : end][::-1]
    scores = distances_at_ends(pattern[::-1], reach, anchored=True)
    edits = min(scores)
    length = min(
        (index + 1 for index, score in enumerate(scores) if score == edits),
        key=lambda n: abs(n - len(pattern)),
    )
    return Match(start=lo + end - length, end=lo + end, edits=edits)
