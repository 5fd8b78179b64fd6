"""Reading many facts files on all cores: `check` and `compile` load and lint each file in a
pool of worker processes, and take the (small) results back in the order of the files.

Reading a file is pure CPU (YAML, validation, the lint's regular expressions and jieba), and
files do not depend on one another, so the work splits across processes; results come back
one by one in input order while later files are still being read, so memory holds a few
chunks of results, never all the files. With a handful of files, or one core, it all runs in
this process: starting workers would cost more than it saves.

A worker returns plain data (rows, findings, problems), never raises a HouqinError across
the process boundary: the exceptions carry more than their message and do not travel.
"""
from __future__ import annotations

import os
import signal
from typing import Callable, Iterable, Iterator, TypeVar

T = TypeVar("T")
R = TypeVar("R")

MIN_PER_WORKER = 8  # files per worker below which the pool is not worth starting


def cpu_count() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def _quiet_worker() -> None:
    # Ctrl-C is the parent's to handle (it stops the pool); workers would each print a traceback.
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def ordered_map(func: Callable[[T], R], items: Iterable[T], jobs: int | None = None, context=None) -> Iterator[R]:  # noqa: ANN001
    """func(item) for each item, in order, computed by up to jobs worker processes (default:
    one per core). func must be a module-level function; items and results must pickle.
    context: the multiprocessing context of the workers (default: the platform's; a server
    with threads passes forkserver, since a fork copies locks other threads may hold)."""
    items = list(items)
    jobs = min(jobs or cpu_count(), len(items) // MIN_PER_WORKER)
    if jobs <= 1:
        yield from map(func, items)
        return
    from concurrent.futures import ProcessPoolExecutor

    try:
        pool = ProcessPoolExecutor(jobs, mp_context=context, initializer=_quiet_worker)
    except (OSError, ImportError, NotImplementedError):  # no process support here (no /dev/shm)
        yield from map(func, items)
        return
    # Chunks of a few files: few round trips, and the results of the files already read come
    # back while the rest are read, in order. A worker that dies (killed for memory) raises
    # BrokenProcessPool here instead of leaving the command waiting.
    chunksize = max(1, min(16, len(items) // (jobs * 8)))
    try:
        yield from pool.map(func, items, chunksize=chunksize)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)  # on Ctrl-C: only the chunks under way finish


__all__ = ["cpu_count", "ordered_map"]
