"""The matching pieces of re-anchoring: bit-parallel edit distance, the shortcuts that skip
it, whitespace folding and the word index, each checked against its plain definition."""

import re

from hypothesis import given
from hypothesis import strategies as st

from tui.core.folded import PARAGRAPH, Folded, fold
from tui.core.fuzzy import (
    best_matches,
    cuts,
    distances_at_ends,
    edits_ending,
    may_hold,
    similarity,
)
from tui.core.wordindex import WordIndex, is_boundary, whole_words


def levenshtein(a: str, b: str) -> int:
    """The textbook dynamic programme, to check the bit-parallel one against."""
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, 1):
        current = [i]
        for j, char_b in enumerate(b, 1):
            current.append(
                min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (char_a != char_b))
            )
        previous = current
    return previous[-1]


small = st.text(alphabet="abc ", min_size=1, max_size=9)


@given(pattern=small, text=st.text(alphabet="abc ", max_size=14))
def test_bit_parallel_distances_equal_the_textbook_ones(pattern: str, text: str) -> None:
    free = distances_at_ends(pattern, text, anchored=False)
    anchored = distances_at_ends(pattern, text, anchored=True)
    for end in range(1, len(text) + 1):
        assert anchored[end - 1] == levenshtein(pattern, text[:end])
        best = min(levenshtein(pattern, text[start:end]) for start in range(end + 1))
        assert free[end - 1] == best


@given(pattern=small, text=st.text(alphabet="abc ", max_size=14))
def test_best_matches_are_optimal_at_their_end(pattern: str, text: str) -> None:
    for match in best_matches(pattern, text, 0, len(text), len(pattern) // 2, hint=0):
        assert levenshtein(pattern, text[match.start : match.end]) == match.edits
        assert match.edits <= len(pattern) // 2
        assert match.edits == min(
            levenshtein(pattern, text[start : match.end]) for start in range(match.end + 1)
        )


def test_best_match_finds_a_changed_word_with_exact_ends() -> None:
    text = "The quick brown fox jumps over the lazy dog."
    [match, *_] = best_matches("quick brown fax", text, 0, len(text), 3, hint=0)
    assert text[match.start : match.end] == "quick brown fox"
    assert match.edits == 1


def test_no_match_beyond_the_budget() -> None:
    assert best_matches("zzzzzz", "abcabcabc", 0, 9, 2, hint=0) == []


def test_similarity_is_one_minus_normalized_distance() -> None:
    assert similarity("abcd", "abxd") == 0.75
    assert similarity("same", "same") == 1.0
    assert similarity("", "") == 1.0


def test_fold_keeps_paragraph_breaks_and_makes_other_runs_one_space() -> None:
    assert fold("one  two\nthree\n\n\tfour") == f"one two three{PARAGRAPH}four"


@given(st.text(alphabet="ab \n\t", max_size=40))
def test_folded_offsets_map_back_to_the_same_characters(text: str) -> None:
    folded = Folded.of(text)
    assert folded.text == fold(text)
    for offset, char in enumerate(folded.text):
        original = folded.original(offset)
        if char.isspace():
            assert text[original].isspace()
            assert original == 0 or not text[original - 1].isspace()
        else:
            assert text[original] == char
        assert folded.folded(original) == offset


spaced = st.text(alphabet="ab \n\t\r\u2028\xa0", max_size=30)


def folded_by_definition(text: str) -> str:
    """Every run of white space made one character: a break if it holds a blank line."""
    return re.sub(
        r"\s+", lambda run: PARAGRAPH if re.search(r"\n[^\S\n]*\n", run[0]) else " ", text
    )


@given(spaced)
def test_fold_is_what_its_definition_says(text: str) -> None:
    assert fold(text) == folded_by_definition(text)


@given(spaced)
def test_folded_offset_of_an_original_one_is_the_first_not_before_it(text: str) -> None:
    folded = Folded.of(text)
    for original in range(-1, len(text) + 2):
        first = next(
            (f for f in range(len(folded.text)) if folded.original(f) >= original),
            len(folded.text),
        )
        assert folded.folded(original) == first


@given(st.text(alphabet="ab c.", max_size=40), st.text(alphabet="ab c.", min_size=1, max_size=6))
def test_the_word_index_finds_every_occurrence_made_of_whole_words(text: str, quote: str) -> None:
    index = WordIndex(text)
    found = index.occurrences(quote, whole_words(quote, True, True), limit=100)
    expected = [
        start
        for start in range(len(text))
        if text.startswith(quote, start)
        and is_boundary(text, start)
        and is_boundary(text, start + len(quote))
    ]
    if found is None:  # no whole word in the quote: the caller scans
        assert not whole_words(quote, True, True)
    else:
        assert set(expected) <= set(found)
        assert all(text.startswith(quote, start) for start in found)


def test_whole_words_at_the_ends_only_where_the_quote_is_known_to_end_on_a_word() -> None:
    assert whole_words("ab cd ef", starts_word=False, ends_word=False) == [("cd", 3)]
    assert whole_words("ab cd ef", starts_word=True, ends_word=True) == [
        ("ab", 0),
        ("cd", 3),
        ("ef", 6),
    ]


@given(pattern=small, text=st.text(alphabet="abc ", max_size=30), rate=st.floats(0, 0.6))
def test_may_hold_never_turns_down_a_region_holding_a_match(
    pattern: str, text: str, rate: float
) -> None:
    edits = int(len(pattern) * rate)
    if (
        min(
            levenshtein(pattern, text[i:j])
            for i in range(len(text) + 1)
            for j in range(i, len(text) + 1)
        )
        <= edits
    ):
        assert may_hold(pattern, text, edits)


@given(
    before=st.text(alphabet="ab", min_size=1, max_size=5),
    after=st.text(alphabet="ab", min_size=1, max_size=5),
    text=st.text(alphabet="ab", max_size=12),
    edits=st.tuples(st.integers(0, 2), st.integers(0, 2)),
)
def test_cuts_are_where_the_text_reads_before_then_after(
    before: str, after: str, text: str, edits: tuple[int, int]
) -> None:
    expected = [
        cut
        for cut in range(len(text) + 1)
        if min(levenshtein(before, text[i:cut]) for i in range(cut + 1)) <= edits[0]
        and min(levenshtein(after, text[cut:j]) for j in range(cut, len(text) + 1)) <= edits[1]
    ]
    assert cuts(before, after, text, *edits) == expected
    for cut in expected:
        assert edits_ending(before, text[:cut]) == min(
            levenshtein(before, text[i:cut]) for i in range(cut + 1)
        )
