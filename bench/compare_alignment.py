"""How long side by side costs on big documents: finding paragraphs, pairing them, padding the
pairs level, and mapping one scroll position to the other pane (what every scroll step does).

    python bench/compare_alignment.py [MEGABYTES]

Prints figures; asserts nothing. The documents are the sample article repeated, wrapped at 60
columns by the reader's own row index.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from tui.app.screens.compare import Leveller, paragraph_rows
from tui.app.view.rows import LineIndex, RowIndex
from tui.core.alignment import LEFT, Alignment, Paragraphs

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = (ROOT / "seeds" / "000_b169668185c3824f.txt").read_text(encoding="utf-8")
KOREAN = (ROOT / "tests" / "data" / "hamhung_ko.txt").read_text(encoding="utf-8")
PAGE = 40


def repeated(text: str, megabytes: float) -> str:
    copies = max(1, int(megabytes * 1_000_000 / len(text)))
    return "\n\n".join([text] * copies)


def timed(label: str, work):  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    result = work()
    print(f"{label:<44} {time.perf_counter() - start:8.3f} s")
    return result


def main() -> None:
    megabytes = float(sys.argv[1]) if len(sys.argv) > 1 else 10.0
    english, korean = repeated(SAMPLE, megabytes), repeated(KOREAN, megabytes / 3)
    print(f"left {len(english) / 1e6:.1f} M characters, right {len(korean) / 1e6:.1f} M")
    left = timed("paragraphs of the left document", lambda: Paragraphs.of(english))
    right = timed("paragraphs of the right document", lambda: Paragraphs.of(korean))
    print(f"{len(left)} and {len(right)} paragraphs")
    links = [(n, n - n // 1000) for n in range(1000, min(len(left), len(right)), 1000)]
    alignment = timed(
        f"pairing them, with {len(links)} links", lambda: Alignment(left, right, links)
    )
    indexes = timed(
        "wrapping both at 60 columns (reader cost)",
        lambda: (RowIndex(LineIndex(english), 60), RowIndex(LineIndex(korean), 60)),
    )
    leveller = Leveller(alignment, indexes)
    kind = "every pair" if leveller.whole else "the last pages"
    timed(f"padding {kind} on opening", lambda: leveller.start(PAGE))
    rows = tuple(paragraph_rows(index, index.row_count - PAGE) for index in indexes)
    steps = 2000
    limit = rows[LEFT].limit
    start = time.perf_counter()
    for step in range(steps):
        y = step * limit // steps
        leveller.level_screen(LEFT, y, PAGE)
        rows = tuple(paragraph_rows(index, index.row_count - PAGE) for index in indexes)
        alignment.follow(LEFT, y, rows)
    per_step = (time.perf_counter() - start) / steps * 1e6
    print(f"{'a jump: screen padded, mapped to the other pane':<44} {per_step:8.1f} µs")
    start = time.perf_counter()
    y = limit // 3
    for step in range(steps):
        leveller.level_screen(LEFT, y + step, PAGE)
        rows = tuple(paragraph_rows(index, index.row_count - PAGE) for index in indexes)
        alignment.follow(LEFT, y + step, rows)
    per_step = (time.perf_counter() - start) / steps * 1e6
    print(f"{'a row down: the same':<44} {per_step:8.1f} µs")


if __name__ == "__main__":
    main()
