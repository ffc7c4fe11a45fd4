"""Full garbage collections that leave out what a build already holds.

CPython's cyclic collector runs a full collection whenever the objects that
survived since the last one reach a quarter of the long-lived heap, and a
full collection walks every container object alive. A build allocates
millions of objects that live until its end (slim digests, the corpus, the
threads state, page keys), so one edit at 921 articles ran about nine full
collections, each walking the whole heap again: 1-2.5 s of an edit, none of
it finding garbage among the objects it walked over and over.

`steady_heap()` moves the objects alive when a stage starts into the
collector's permanent generation (`gc.freeze`) for the stage and back when it
ends (`gc.unfreeze`): collections inside the stage walk only what the stage
made. Objects freed by their reference count are freed as before; only a
cycle among the frozen objects that becomes garbage during the stage waits
for the first full collection after it.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

_depth = [0]


@contextmanager
def steady_heap() -> Iterator[None]:
    """Within the block, full collections skip the objects alive when it began (nested blocks: the outermost decides)."""
    if _depth[0] == 0:
        gc.freeze()
    _depth[0] += 1
    try:
        yield
    finally:
        _depth[0] -= 1
        if _depth[0] == 0:
            gc.unfreeze()


def settle() -> None:
    """Freeze again inside a `steady_heap` block: what the stage has made so far (a loaded state) is skipped too."""
    if _depth[0]:
        gc.freeze()
