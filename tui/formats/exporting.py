"""Running an export from start to end: choose, convert, write. The CLI and the app both call
`export_to`; the app passes a progress callback for its progress bar."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tui.core.annotation import Annotation, normalize_tag
from tui.core.annotation_index import AnnotationIndex
from tui.core.errors import PostilError, StoreCorruptError, UsageError
from tui.core.store import Store
from tui.formats import registry
from tui.formats.base import Format, Progress, collector_paused, export_set


@dataclass
class ExportReport:
    """What an export wrote, and what it had to leave out or change (one line each)."""

    paths: list[Path] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)


def with_any_tag(tags: Iterable[str]) -> Callable[[Annotation], bool]:
    """A filter for annotations carrying one of `tags` or one of their children."""
    wanted = [normalize_tag(tag) for tag in tags]
    return lambda annotation: any(annotation.has_tag(tag) for tag in wanted)


def matching_query(store: Store, query: str) -> Callable[[Annotation], bool]:
    """A filter for the annotations the query finds (the language of `postil search`)."""
    index = AnnotationIndex(store)
    index.refresh()
    if index.damaged:
        raise StoreCorruptError(next(iter(index.damaged.values())))
    found = {entry.annotation.id for entry in index.search(query)}
    return lambda annotation: annotation.id in found


def all_of(*filters: Callable[[Annotation], bool] | None) -> Callable[[Annotation], bool] | None:
    """A filter that keeps what every given filter keeps (None when none is given)."""
    chosen = [f for f in filters if f is not None]
    if not chosen:
        return None
    return lambda annotation: all(keep(annotation) for keep in chosen)


def checked_options(chosen: Format, options: Mapping[str, Any]) -> dict[str, Any]:
    """The options given, if `chosen` takes each of them with a value it knows."""
    known = {option.name: option for option in chosen.options}
    for name, value in options.items():
        option = known.get(name)
        if option is None:
            takers = [n for n in registry.names() if n != chosen.name and _takes(n, name)]
            where = f" (it is an option of: {', '.join(takers)})" if takers else ""
            raise UsageError(f"the {chosen.name} format has no option {name!r}{where}")
        if option.choices and value not in option.choices:
            raise UsageError(f"{name} must be one of: {', '.join(option.choices)}")
    return dict(options)


def _takes(format_name: str, option_name: str) -> bool:
    return any(option.name == option_name for option in registry.get(format_name).options)


def render(
    store: Store,
    chosen: Format,
    options: Mapping[str, Any] | None = None,
    keep: Callable[[Annotation], bool] | None = None,
    doc_ids: list[str] | None = None,
    progress: Progress | None = None,
) -> tuple[dict[str, bytes], list[str]]:
    """The export's files (name -> bytes) and its notices, without writing anything.

    Progress counts documents twice: once read from the store, once converted.
    """
    options = checked_options(chosen, options or {})

    def loading(done: int, total: int) -> None:
        if progress is not None:
            progress(done, 2 * total)

    with collector_paused():  # for the whole export (see `collector_paused`)
        selection = export_set(store, doc_ids, keep, loading)
        total = len(selection.views)
        if progress is not None:
            selection.progress = lambda done, _total: progress(total + done, 2 * total)
        files = chosen.convert(selection, **options)
        notices = selection.notices
        del selection  # freed before the collector is back, which then has nothing to walk
    if progress is not None:
        progress(2 * total, 2 * total)
    return files, notices


def export_to(
    store: Store,
    format_name: str,
    destination: str | Path,
    options: Mapping[str, Any] | None = None,
    keep: Callable[[Annotation], bool] | None = None,
    doc_ids: list[str] | None = None,
    force: bool = False,
    progress: Progress | None = None,
) -> ExportReport:
    """Export to a file (single-file formats) or a folder, never overwriting without `force`."""
    chosen = registry.get(format_name)
    destination = Path(destination)
    if chosen.single_file:
        destination = single_target(chosen, destination)
        refuse_existing([destination], force)
    files, notices = render(store, chosen, options, keep, doc_ids, progress)
    return ExportReport(write_files(files, destination, chosen.single_file, force), notices)


def single_target(chosen: Format, output: Path) -> Path:
    """Where a single-file export goes: `output`, or its default name inside a folder."""
    return output / chosen.default_name if output.is_dir() else output


def refuse_existing(paths: Iterable[Path], force: bool) -> None:
    if force:
        return
    for path in paths:
        if path.exists() or path.is_symlink():
            raise PostilError(f"{path}: already exists; use --force to overwrite")


def write_files(
    files: dict[str, bytes], output: Path, single_file: bool, force: bool = False
) -> list[Path]:
    """Write an export's files to `output` (a file, or a folder for several files).

    Names come from document names and titles; one that would land outside the folder (through
    `..` or a link) is refused, and nothing is written.
    """
    if single_file:
        targets = {output: next(iter(files.values()))}
    else:
        if output.exists() and not output.is_dir():
            raise PostilError(f"{output}: is a file; this format writes a folder")
        root = output.resolve()
        targets = {}
        for name, data in files.items():
            target = (root / name).resolve()
            if not target.is_relative_to(root) or target == root:
                raise PostilError(f"{name}: refusing to write outside {output}")
            targets[target] = data
    refuse_existing(targets, force)
    folders: set[Path] = set()  # made once each, not once per file
    for path, data in targets.items():
        try:
            if path.parent not in folders:
                path.parent.mkdir(parents=True, exist_ok=True)
                folders.add(path.parent)
            path.write_bytes(data)
        except OSError as error:
            raise PostilError(f"{path}: cannot write ({error.strerror})") from None
    return list(targets)
