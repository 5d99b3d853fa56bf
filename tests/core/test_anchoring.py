import pytest

from tui.core.anchoring import anchor_at, find_quote
from tui.core.errors import QuoteError

TEXT = "one two three two one two"


def test_anchor_keeps_32_characters_of_context() -> None:
    text = "x" * 40 + "QUOTE" + "y" * 40
    anchor = anchor_at(text, 40, 45)
    assert anchor.quote == "QUOTE"
    assert anchor.prefix == "x" * 32
    assert anchor.suffix == "y" * 32


def test_context_is_shorter_at_the_edges() -> None:
    anchor = anchor_at(TEXT, 0, 3)
    assert anchor.prefix == "" and anchor.suffix == " two three two one two"


def test_quote_found_once() -> None:
    anchor = find_quote(TEXT, "three")
    assert (anchor.start, anchor.end) == (8, 13)


def test_quote_with_occurrence_picks_that_one() -> None:
    assert find_quote(TEXT, "two", occurrence=2).start == 14
    assert find_quote(TEXT, "two", occurrence=3).start == 22


def test_ambiguous_quote_is_an_error_that_counts() -> None:
    with pytest.raises(QuoteError, match="occurs 3 times"):
        find_quote(TEXT, "two")


@pytest.mark.parametrize(
    ("quote", "occurrence", "message"),
    [
        ("four", None, "not found"),
        ("two", 4, "only 3 times"),
        ("", None, "empty"),
        ("two", 0, "from 1"),
    ],
)
def test_bad_quotes(quote: str, occurrence: int | None, message: str) -> None:
    with pytest.raises(QuoteError, match=message):
        find_quote(TEXT, quote, occurrence)


def test_offsets_are_code_points() -> None:
    text = "한국 🙂 emoji"
    anchor = find_quote(text, "emoji")
    assert text[anchor.start : anchor.end] == "emoji"
    assert anchor.start == 5


@pytest.mark.parametrize(("start", "end"), [(-1, 2), (3, 3), (5, 2), (0, 100)])
def test_bad_offsets(start: int, end: int) -> None:
    with pytest.raises(QuoteError):
        anchor_at(TEXT, start, end)
