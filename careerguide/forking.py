"""Worker processes forked from this one, which find their input in its memory instead of a pickle."""

from __future__ import annotations

import gc
import multiprocessing
import os
from collections.abc import Iterator
from contextlib import contextmanager
from multiprocessing.context import BaseContext

PARALLEL_FROM = 300
"""Below this many items (files to parse, pages to render), starting workers costs more than it saves."""


def worker_count(jobs: int | None, items: int) -> int:
    """`jobs` when given; else one process per core, up to four, for PARALLEL_FROM items or more, and one below."""
    return jobs or (min(os.cpu_count() or 1, 4) if items >= PARALLEL_FROM else 1)


@contextmanager
def forking(*, collect: bool = True) -> Iterator[BaseContext]:
    """The fork context, with this process's objects frozen meanwhile: the children's collectors leave them
    alone, and so do not copy the memory they share with this process (`collect` first frees the garbage)."""
    if collect:
        gc.collect()
    gc.freeze()
    try:
        yield multiprocessing.get_context("fork")
    finally:
        gc.unfreeze()
