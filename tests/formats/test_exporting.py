"""Running an export as the app does: filters, progress, safe names, no overwriting."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest

from tests.formats.conftest import DOC_ID, fixed_id
from tui.core.errors import PostilError, UsageError
from tui.core.store import Store
from tui.formats import registry
from tui.formats.exporting import export_to, with_any_tag, write_files
from tui.formats.naming import UniqueNames, safe_stem


def test_export_to_writes_reports_progress_and_names_its_files(
    sample: Store, tmp_path: Path
) -> None:
    steps: list[tuple[int, int]] = []
    report = export_to(
        sample, "markdown", tmp_path / "out", {"by": "tag"}, progress=lambda *s: steps.append(s)
    )
    assert report.paths == [tmp_path / "out"]
    assert report.paths[0].read_text(encoding="utf-8").startswith("# Annotations")
    assert steps == [(1, 2), (2, 2), (2, 2)]
    assert all(done <= total for done, total in steps)


def test_a_single_file_export_into_a_folder_takes_its_default_name(
    sample: Store, tmp_path: Path
) -> None:
    report = export_to(sample, "csv", tmp_path)
    assert report.paths == [tmp_path / "annotations.csv"]


def test_a_tag_filter_keeps_children_and_drops_documents_left_empty(
    sample: Store, tmp_path: Path, seed: Path
) -> None:
    other = seed.with_name("other.txt")
    other.write_text("another document\n", encoding="utf-8")
    sample.open_document(other)
    report = export_to(sample, "jsonl", tmp_path / "a.jsonl", keep=with_any_tag(["economy"]))
    lines = report.paths[0].read_text(encoding="utf-8").splitlines()
    assert len(lines) == 2  # economy and economy/food; the other document has neither
    everything = export_to(sample, "brat", tmp_path / "brat", doc_ids=[DOC_ID])
    assert not any(path.name.startswith("other") for path in everything.paths)


def test_existing_files_are_not_overwritten_without_force(sample: Store, tmp_path: Path) -> None:
    target = tmp_path / "brat"
    export_to(sample, "brat", target)
    before = (target / "annotation.conf").read_bytes()
    with pytest.raises(PostilError, match="already exists; use --force"):
        export_to(sample, "brat", target)
    assert export_to(sample, "brat", target, force=True).paths
    assert (target / "annotation.conf").read_bytes() == before


def test_an_option_of_another_format_is_a_usage_error(sample: Store, tmp_path: Path) -> None:
    with pytest.raises(UsageError, match=r"no option 'bom' .*csv"):
        export_to(sample, "markdown", tmp_path / "x.md", {"bom": True})
    with pytest.raises(UsageError, match="by must be one of: document, tag"):
        export_to(sample, "markdown", tmp_path / "x.md", {"by": "colour"})


@pytest.mark.parametrize(
    "hostile", ["..", "../../etc/passwd", "CON", "a\x1b[31mb", "/", " .hidden", "x" * 400, ""]
)
def test_names_made_from_titles_stay_in_their_folder(hostile: str, tmp_path: Path) -> None:
    stem = safe_stem(hostile)
    assert stem and "/" not in stem and "\\" not in stem and not stem.startswith(".")
    assert len(stem.encode("utf-8")) <= 120
    assert stem.split(".")[0].upper() != "CON"
    [written] = write_files({f"{stem}.txt": b"x"}, tmp_path / "out", single_file=False)
    assert written.parent == (tmp_path / "out").resolve()


def test_brat_export_of_documents_with_awkward_names_stays_in_its_folder(
    sample: Store, tmp_path: Path, seed: Path
) -> None:
    for name in ["CON.txt", "000_b169668185c3824f.TXT", "..."]:
        path = seed.with_name(name)
        path.write_text(f"text of {name}\n", encoding="utf-8")
        document = sample.open_document(path)
        note = sample.get(fixed_id(5), DOC_ID)
        sample.write_many(puts=[note.edited(doc_id=document.id, id=f"note-{document.id}")])
    report = export_to(sample, "brat", tmp_path / "out")
    root = (tmp_path / "out").resolve()
    assert all(path.parent == root for path in report.paths)
    names = sorted(path.name for path in report.paths if path.suffix == ".txt")
    assert names == [
        "000_b169668185c3824f-2.txt",
        "000_b169668185c3824f.txt",
        "_CON.txt",
        "document.txt",
    ]


def test_unique_names_differ_ignoring_case() -> None:
    names = UniqueNames()
    assert [names.take(n) for n in ["Notes", "notes", "NOTES", "notes-2"]] == [
        "Notes",
        "notes-2",
        "NOTES-3",
        "notes-2-2",
    ]


def test_writing_outside_the_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(PostilError, match="refusing to write outside"):
        write_files({"../escape.txt": b"x"}, tmp_path / "out", single_file=False)
    assert not (tmp_path / "escape.txt").exists()


@pytest.mark.parametrize("name", registry.names())
def test_an_empty_store_exports_without_error(name: str, store: Store, tmp_path: Path) -> None:
    report = export_to(store, name, tmp_path / "out")
    assert report.paths and all(path.exists() for path in report.paths)


def test_a_document_whose_file_is_gone_is_reported_not_dropped(
    sample: Store, seed: Path, tmp_path: Path
) -> None:
    seed.unlink()
    for name, options in [("brat", {}), ("refi-qda", {}), ("jsonl", {"flavor": "doccano"})]:
        report = export_to(sample, name, tmp_path / name, options)
        assert any("cannot be read" in notice for notice in report.notices), name
    brat_unplaced = (tmp_path / "brat" / "unplaced.jsonl").read_text(encoding="utf-8")
    assert brat_unplaced.count("the document's file cannot be read") == 5
    for name in ("markdown", "html", "csv", "w3c", "json"):
        [path] = export_to(sample, name, tmp_path / name).paths
        assert "Hamhung Station" in path.read_text(encoding="utf-8"), name
    assert "the document&#x27;s file cannot be read" in (tmp_path / "html").read_text()


@pytest.mark.parametrize("enabled", [True, False])
def test_an_export_leaves_the_cycle_collector_as_it_found_it(
    enabled: bool, sample: Store, tmp_path: Path
) -> None:
    """Exports pause the collector for speed; the app around them must get it back."""
    (gc.enable if enabled else gc.disable)()
    try:
        export_to(sample, "json", tmp_path / "a.json")
        assert gc.isenabled() is enabled
        sample.annotations_path(DOC_ID).write_text("{damaged", encoding="utf-8")
        with pytest.raises(PostilError):
            export_to(sample, "json", tmp_path / "b.json")
        assert gc.isenabled() is enabled
    finally:
        gc.enable()
