from tui.core.annotation import Anchor, Annotation, normalize_tags, tag_matches


def test_tags_are_trimmed_unique_ordered_and_non_empty() -> None:
    assert normalize_tags([" b ", "a", "b", "", "  ", "economy / covid", "a//c/"]) == (
        "b",
        "a",
        "economy/covid",
        "a/c",
    )


def test_parent_tag_matches_children_only() -> None:
    assert tag_matches("economy/covid", "economy")
    assert tag_matches("economy", "economy")
    assert not tag_matches("economyx", "economy")
    assert not tag_matches("economy", "economy/covid")


def test_annotation_round_trips_through_dict() -> None:
    annotation = Annotation(
        doc_id="d1",
        anchor=Anchor(3, 8, "quote", "pre", "suf"),
        tags=("x", "y/z"),
        note="**note**",
        color="#ff0000",
        author="me",
        doc_sha256="abc",
    )
    again = Annotation.from_dict(annotation.to_dict())
    assert again == annotation
    assert again.start == 3 and again.end == 8 and again.quote == "quote"


def test_created_and_modified_are_utc_iso() -> None:
    annotation = Annotation(doc_id="d")
    assert annotation.created.endswith("Z")
    assert annotation.modified == annotation.created
    later = annotation.edited(note="n")
    assert later.modified >= annotation.modified and later.created == annotation.created


def test_document_note_and_orphan_have_no_offsets() -> None:
    assert Annotation(doc_id="d").is_document_note
    orphan = Annotation(doc_id="d", anchor=Anchor(1, 2, "q"), orphan=True)
    assert orphan.start is None and orphan.quote == "q"
