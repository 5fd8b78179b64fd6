"""Reading many facts files on all cores: `check` and `compile` load and lint each file in a
pool of worker processes, and take the (small) results back in the order of the files.

Reading a file is pure CPU (YAML, validation, the lint's regular expressions and jieba), and
files do not depend on one another, so the work splits across processes; results come back
one by one in input order while later files are still being read, so memory holds a few
chunks of results, never all the files. With a handful of files, or one core, it all runs in
this process: starting workers would cost more than it saves.

A worker returns plain data (rows, findings, problems), never raises a HouqinError across
the process boundary: the exceptions carry more than their message and do not travel. A
worker that dies is a WorkerError (in Chinese, nothing written), and no worker outlives its
parent, even one killed with SIGKILL.
"""
from __future__ import annotations

import os
import signal
import threading
import time
from functools import lru_cache
from typing import Callable, Iterable, Iterator, TypeVar

from houqin_report.errors import WorkerError

T = TypeVar("T")
R = TypeVar("R")

MIN_PER_WORKER = 8  # files per worker below which the pool is not worth starting


def cpu_count() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except (AttributeError, OSError):
        return os.cpu_count() or 1


WORKER_DIED = ("一个工作进程意外退出（常见原因是内存不足，被系统终止），本次命令没有写出结果，原有的文件未改动。"
               "请关闭其他程序，或用 -j 1 逐个处理后重试。")


def _default_method() -> str:
    import multiprocessing

    return multiprocessing.get_start_method()


def _worker_start(parent: int | None) -> None:
    # Ctrl-C is the parent's to handle (it stops the pool); workers would each print a traceback.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _die_with(parent)


def _die_with(parent: int | None) -> None:
    """A worker must not outlive its parent: killed (SIGKILL, the out-of-memory killer), the
    parent cannot shut the pool down, and its workers would wait for work forever. Linux kills
    the worker with it (PR_SET_PDEATHSIG); elsewhere, and as a second guard, a thread sees the
    parent gone within half a second."""
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL, 0, 0, 0)  # 1: PR_SET_PDEATHSIG
    except (OSError, AttributeError, ImportError):
        pass
    if parent is None:  # started by a fork server: its parent is the server, which dies with us
        return
    if os.getppid() != parent:  # gone before the line above took effect
        os._exit(1)
    threading.Thread(target=_watch, args=(parent,), name="houqin-parent-watch", daemon=True).start()


def _watch(parent: int) -> None:
    while True:
        time.sleep(0.5)
        if os.getppid() != parent:
            os._exit(1)


def ordered_map(func: Callable[[T], R], items: Iterable[T], jobs: int | None = None, context=None,  # noqa: ANN001
                min_per_worker: int = MIN_PER_WORKER, chunksize: int | None = None) -> Iterator[R]:
    """func(item) for each item, in order, computed by up to jobs worker processes (default:
    one per core; never fewer than min_per_worker items each). func must be a module-level
    function; items and results must pickle. A worker that dies raises WorkerError.
    context: the multiprocessing context of the workers (default: the platform's; a server
    with threads passes forkserver, since a fork copies locks other threads may hold)."""
    items = list(items)
    jobs = min(jobs or cpu_count(), len(items) // max(min_per_worker, 1))
    if jobs <= 1:
        yield from map(func, items)
        return
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    try:
        # A forked worker's parent is this process; a fork server's worker has the server.
        forked = (context.get_start_method() if context is not None else _default_method()) == "fork"
        pool = ProcessPoolExecutor(jobs, mp_context=context, initializer=_worker_start,
                                   initargs=(os.getpid() if forked else None,))
    except (OSError, ImportError, NotImplementedError):  # no process support here (no /dev/shm)
        yield from map(func, items)
        return
    # Chunks of a few files: few round trips, and the results of the files already read come
    # back while the rest are read, in order.
    if chunksize is None:
        chunksize = max(1, min(16, len(items) // (jobs * 8)))
    try:
        yield from pool.map(func, items, chunksize=chunksize)
    except BrokenProcessPool:
        raise WorkerError(WORKER_DIED) from None
    finally:
        pool.shutdown(wait=True, cancel_futures=True)  # on Ctrl-C: only the chunks under way finish


_BACKGROUND: list[tuple] = []  # (func, args) for the one forked child to run, until it is forked


def _run_background() -> object:
    func, args = _BACKGROUND[0]
    return func(*args)


def in_background(func: Callable[..., R], *args: object) -> Callable[[], R]:
    """Start func(*args) in a forked worker process while this one goes on (compile writes the
    workbook on the second core while this one writes the .docx); returns the call that waits
    for its result. The worker is forked at once and sees this process's memory as it is now,
    so neither func nor args are pickled (only the result is). Without fork, or on one core,
    func runs when its result is first asked for. Asked again, the call gives the same result.
    A worker that dies is a WorkerError."""
    if cpu_count() < 2 or _default_method() != "fork":
        return lru_cache(maxsize=1)(lambda: func(*args))
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    _BACKGROUND[:] = [(func, args)]
    try:
        pool = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("fork"), initializer=_worker_start,
                                   initargs=(os.getpid(),))
        future = pool.submit(_run_background)  # a fork pool forks its worker here, in submit
    except (OSError, ImportError, NotImplementedError):  # no process support here (no /dev/shm)
        return lru_cache(maxsize=1)(lambda: func(*args))
    finally:
        _BACKGROUND.clear()  # the worker has its copy; this process may let args go

    @lru_cache(maxsize=1)
    def result() -> R:
        try:
            return future.result()
        except BrokenProcessPool:
            raise WorkerError(WORKER_DIED) from None
        finally:
            pool.shutdown(wait=True)

    return result


__all__ = ["cpu_count", "ordered_map", "in_background", "WORKER_DIED"]
