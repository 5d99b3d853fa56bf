"""Every format's files for the sample match the reviewed files in `golden/`.

After a deliberate change of a format, `POSTIL_UPDATE_GOLDEN=1 pytest tests/formats` rewrites
them; read the diff before committing it. Paths of the test's own folder become `DOCS`; a zip
is compared member by member, unpacked into a folder named like the zip.
"""

from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path

import pytest

from tests.formats.conftest import exported
from tui.core.store import Store

GOLDEN = Path(__file__).parent / "golden"
CASES = {
    "json": ("json", {}),
    "jsonl": ("jsonl", {}),
    "jsonl-doccano": ("jsonl", {"flavor": "doccano"}),
    "csv": ("csv", {}),
    "csv-bom": ("csv", {"bom": True}),
    "markdown": ("markdown", {}),
    "markdown-by-tag": ("markdown", {"by": "tag"}),
    "html": ("html", {}),
    "w3c": ("w3c", {}),
    "brat": ("brat", {}),
    "refi-qda": ("refi-qda", {}),
}


def unpacked(files: dict[str, bytes]) -> dict[str, bytes]:
    """Zip files replaced by their members (`x.qdpx/project.qde`, ...)."""
    flat: dict[str, bytes] = {}
    for name, data in files.items():
        if zipfile.is_zipfile(io.BytesIO(data)):
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                for member in archive.namelist():
                    flat[f"{name}/{member}"] = archive.read(member)
        else:
            flat[name] = data
    return flat


@pytest.mark.parametrize("case", sorted(CASES))
def test_export_matches_golden_files(case: str, sample: Store, seed: Path) -> None:
    name, options = CASES[case]
    folder = str(seed.parent.resolve())
    files = {
        path: data.replace(folder.encode(), b"DOCS")
        for path, data in unpacked(exported(sample, name, **options)).items()
    }
    expected_folder = GOLDEN / case
    if os.environ.get("POSTIL_UPDATE_GOLDEN"):
        for path, data in files.items():
            (expected_folder / path).parent.mkdir(parents=True, exist_ok=True)
            (expected_folder / path).write_bytes(data)
    expected = {
        str(path.relative_to(expected_folder)): path.read_bytes()
        for path in sorted(expected_folder.rglob("*"))
        if path.is_file()
    }
    assert sorted(files) == sorted(expected)
    for path, data in files.items():
        assert data.decode("utf-8") == expected[path].decode("utf-8"), path
