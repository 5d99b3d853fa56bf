"""Python's cyclic garbage collector paused around bulk work.

Reading a store, re-anchoring, changing the codebook and exporting each make hundreds of
thousands of small objects that live until the work ends. Every time they grow by a quarter the
collector walks every object of the process: measured, a third to a half of the time of such
work over 100,000 annotations. None of them holds a cycle (reference counting frees them), so
nothing is lost by not looking; other threads' garbage waits a moment.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused(keep: bool = False) -> Iterator[None]:
    """Pause the collector for a block, then set it back as it was (also on an error).

    `keep`: what the block made lives as long as the process (a store's index, read once), so
    it is left out of every later collection (`gc.freeze`); else the first collection after the
    block walks all of it, a third of a second for 100,000 annotations.
    """
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
        if keep:
            gc.freeze()
    finally:
        if collecting:
            gc.enable()
