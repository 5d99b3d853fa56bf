"""The matching pieces of re-anchoring: bit-parallel edit distance and whitespace folding."""

from hypothesis import given
from hypothesis import strategies as st

from tui.core.folded import PARAGRAPH, Folded, fold
from tui.core.fuzzy import best_matches, distances_at_ends, similarity


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
