from tui.core import motions
from tui.core.annotation import Anchor, Annotation
from tui.core.spans import SpanIndex

TEXT = "One sentence here. Another one! A third?\n\nNew paragraph, words.\n\nLast."


def test_words() -> None:
    assert motions.word_forward(TEXT, 0) == 4
    assert motions.word_forward(TEXT, 4) == 13
    assert motions.word_backward(TEXT, 13) == 4
    assert motions.word_at(TEXT, 5) == (4, 12)


def test_sentences() -> None:
    second = TEXT.index("Another")
    third = TEXT.index("A third")
    assert motions.sentence_forward(TEXT, 0) == second
    assert motions.sentence_forward(TEXT, second) == third
    assert motions.sentence_backward(TEXT, third) == second
    assert motions.sentence_at(TEXT, second + 2) == (second, third - 1)


def test_paragraphs() -> None:
    second = TEXT.index("New paragraph")
    last = TEXT.index("Last.")
    assert motions.paragraph_forward(TEXT, 0) == second
    assert motions.paragraph_forward(TEXT, second) == last
    assert motions.paragraph_backward(TEXT, last) == second
    assert motions.paragraph_at(TEXT, second + 3) == (second, last - 2)


def test_motions_stay_inside_the_text() -> None:
    assert motions.word_forward(TEXT, len(TEXT)) == len(TEXT)
    assert motions.word_backward(TEXT, 0) == 0
    assert motions.paragraph_backward("", 0) == 0


def make(start: int, end: int) -> Annotation:
    return Annotation(doc_id="d", anchor=Anchor(start, end, "x"))


def test_span_index_finds_overlaps_in_order() -> None:
    long, a, b, c = make(0, 100), make(10, 20), make(15, 30), make(50, 60)
    index = SpanIndex([c, b, a, long, Annotation(doc_id="d")])
    assert index.overlapping(18, 19) == [long, a, b]
    assert index.overlapping(30, 50) == [long]
    assert index.at(55) == [long, c]
    assert index.next_after(10) == b
    assert index.previous_before(15) == a
    assert index.next_after(60) is None
