"""Each step of relocation, on small texts where the right answer is plain."""

from tui.core.anchoring import anchor_at, find_quote
from tui.core.placement import Status
from tui.core.relocate import MIN_SCORE, relocate

TEXT = (
    "The harbour opened at dawn and the boats went out past the lighthouse.\n\n"
    "By noon the fish market was full of buyers from the inland towns, haggling loudly.\n\n"
    "In the evening the fishermen mended their nets and talked about the weather.\n"
)


def place(old: str, new: str, quote: str):
    [placement] = relocate(new, [find_quote(old, quote)])
    return placement


def test_step_1_unchanged_text_keeps_the_anchor() -> None:
    placement = place(TEXT, TEXT, "fish market")
    assert placement.status is Status.KEPT
    assert placement.score == 1.0
    assert placement.anchor == find_quote(TEXT, "fish market")


def test_step_2_the_exact_quote_moves_with_the_text() -> None:
    new = "A new first paragraph, written later.\n\n" + TEXT
    placement = place(TEXT, new, "fish market was full of buyers")
    assert placement.status is Status.MOVED
    assert new[placement.anchor.start : placement.anchor.end] == "fish market was full of buyers"


def test_step_2_several_occurrences_are_told_apart_by_context_not_nearness() -> None:
    first = "In the spring the red boat was painted again by the old harbour master."
    second = "Later that year, far in the cold north, a red boat sank in the storm off the cape."
    old = f"{first}\n\n{'Filler text about other things. ' * 10}\n\n{second}\n"
    anchor = anchor_at(old, old.rindex("red boat"), old.rindex("red boat") + len("red boat"))
    new = f"{second}\n\n{first}\n\n{'Filler text about other things. ' * 10}\n"
    [placement] = relocate(new, [anchor])
    assert placement.status is Status.MOVED
    assert placement.anchor.start == new.index("red boat")
    assert placement.anchor.prefix == anchor.prefix


def test_step_2_identical_copies_go_to_the_nearest_to_where_expected() -> None:
    line = "Note: see the manual for details.\n"
    old = line * 5
    anchor = anchor_at(old, 3 * len(line), 3 * len(line) + 4)
    [placement] = relocate(old, [anchor])
    assert placement.anchor.start == 3 * len(line)


def test_step_3_a_changed_word_inside_is_found_approximately() -> None:
    quote = "the fishermen mended their nets and talked about the weather"
    new = TEXT.replace("mended their nets", "repaired their nets")
    placement = place(TEXT, new, quote)
    assert placement.status is Status.FUZZY
    assert MIN_SCORE <= placement.score < 1.0
    assert placement.anchor.quote == quote.replace("mended", "repaired")


def test_step_3_a_changed_first_word_stays_inside_the_passage() -> None:
    quote = "By noon the fish market was full of buyers"
    new = TEXT.replace("By noon", "At noon")
    placement = place(TEXT, new, quote)
    assert placement.anchor.quote == "At noon the fish market was full of buyers"


def test_whitespace_reflowed_is_not_a_change_of_text() -> None:
    quote = "the boats went out past the lighthouse"
    new = TEXT.replace("the boats went out", "the boats\nwent  out")
    placement = place(TEXT, new, quote)
    assert placement.status in (Status.KEPT, Status.MOVED)
    assert placement.score == 1.0
    assert placement.anchor.quote == "the boats\nwent  out past the lighthouse"


def test_step_4_a_deleted_passage_is_an_orphan() -> None:
    new = TEXT.replace("By noon the fish market was full of buyers from the inland towns, ", "")
    placement = place(TEXT, new, "fish market was full of buyers")
    assert placement.status is Status.ORPHANED
    assert placement.anchor is None


def test_a_short_quote_whose_passage_is_gone_does_not_go_to_another_copy() -> None:
    old = "the boat left early. " + "y " * 200 + " the boat came back late."
    anchor = find_quote(old, "boat left")
    new = old.replace("the boat left early. ", "")
    assert relocate(new, [anchor])[0].status is Status.ORPHANED
    word = anchor_at(old, 4, 8)  # "boat", the first one, deleted
    assert relocate(new, [word])[0].status is Status.ORPHANED


def test_neighbours_tell_where_a_short_quote_went() -> None:
    new = ("Inserted paragraph. " * 30) + "\n\n" + TEXT
    quotes = ["harbour", "fish market was full of buyers from the inland towns", "nets"]
    placements = relocate(new, [find_quote(TEXT, quote) for quote in quotes])
    assert [p.anchor.quote for p in placements] == quotes
    assert all(p.status is Status.MOVED for p in placements)


def test_placements_come_in_the_order_of_the_anchors() -> None:
    anchors = [find_quote(TEXT, "weather"), find_quote(TEXT, "harbour")]
    placements = relocate(TEXT, anchors)
    assert [p.anchor.quote for p in placements] == ["weather", "harbour"]


# What must never happen: an annotation attached to other text. -------------------------------

METHODS = (
    "Called to implement the binary arithmetic operations:\n\n"
    "object.__add__(self, other)\n"
    "object.__sub__(self, other)\n"
    "object.__mul__(self, other)\n"
    "object.__xor__(self, other)\n"
    "object.__or__(self, other)\n\n"
    "These methods should return NotImplemented for operands they do not support.\n"
)


def test_a_deleted_list_item_does_not_go_to_the_next_one() -> None:
    line = "object.__xor__(self, other)\n"
    new = METHODS.replace(line, "")
    assert place(METHODS, new, line.strip()).status is Status.ORPHANED


def test_a_deleted_paragraph_does_not_go_to_the_next_one_written_alike() -> None:
    first = "The argument *file* must have two methods, a read() method and a readline() method."
    second = "The file-like object must have two methods, a read() method and a readline() one."
    old = f"Results\n\n{first}\n\n{second}\n\nIf *buffers* is not None, it is an iterable.\n"
    assert place(old, old.replace(first + "\n\n", ""), first).status is Status.ORPHANED


def test_a_changed_passage_is_not_taken_for_a_copy_of_its_old_text() -> None:
    sentence = "Both methods should return bytes, or any other custom object that meets this."
    old = f"Pickling.\n\n{sentence}\n\n{'Other words about other things. ' * 12}\n\n{sentence}\n"
    quote = "any other custom object that meets this."
    anchor = anchor_at(old, old.rindex(quote), old.rindex(quote) + len(quote))
    new = old[: anchor.start] + "any other object of a class that meets this." + "\n"
    [placement] = relocate(new, [anchor])
    assert placement.anchor is None or placement.anchor.start == anchor.start


def test_a_passage_whose_context_was_rewritten_is_not_taken_for_a_look_alike() -> None:
    old = "river record record bridge bridge\n\na harbour: a river record record bridge bridge"
    anchor = anchor_at(old, old.rindex("bridge bridge"), old.rindex("bridge bridge") + 6)
    new = old[: old.rindex("a river")] + "one two three four five six seven bridge seven"
    [placement] = relocate(new, [anchor])
    assert placement.anchor is None or placement.anchor.start == new.index("bridge seven")


def test_rows_written_alike_are_told_apart_or_not_at_all() -> None:
    rows = [f"| {name:<10} | set to the default value |\n" for name in ("alpha", "beta", "gamma")]
    old = "Options:\n\n" + "".join(rows) + "\nEnd of the table.\n"
    quote = "| beta       | set to the default value |"
    new = old.replace(rows[1], "")
    assert place(old, new, quote).status is Status.ORPHANED


INSERTED = ("A paragraph inserted at the top, long enough to move everything. " * 8) + "\n\n"

# What must still be found. --------------------------------------------------------------------


def test_a_typo_fixed_in_a_one_word_quote_is_followed() -> None:
    old = TEXT.replace("lighthouse", "lighthosue")
    placement = place(old, TEXT, "lighthosue")
    assert placement.status is Status.FUZZY
    assert placement.anchor.quote == "lighthouse"


def test_a_last_word_changed_beyond_the_budget_is_not_cut_short() -> None:
    quote = "In the evening the fishermen mended their nets"
    new = TEXT.replace("their nets", "their old and heavy fishing nets")
    placement = place(TEXT, new, quote)
    assert placement.anchor is None or placement.anchor.quote.endswith("nets")


def test_neighbours_placed_in_the_first_pass_guide_a_changed_passage() -> None:
    new = INSERTED + TEXT.replace("haggling loudly", "haggling quietly")
    quotes = ["The harbour opened at dawn", "buyers from the inland towns, haggling loudly"]
    quotes += ["the fishermen mended their nets", "talked about the weather"]
    [first, changed, *others] = relocate(new, [find_quote(TEXT, quote) for quote in quotes])
    assert all(p.status is Status.MOVED for p in (first, *others))
    assert changed.status is Status.FUZZY
    assert changed.anchor.quote == "buyers from the inland towns, haggling quietly"


def test_a_changed_passage_without_neighbours_in_place_is_looked_for_where_it_was() -> None:
    new = INSERTED + TEXT.replace("haggling loudly", "haggling quietly")
    quote = "buyers from the inland towns, haggling loudly"
    assert place(TEXT, new, quote).status is Status.ORPHANED
