"""Render the month's PDFs in several processes: the pack here, the owners' PDFs in worker processes too.

A 200-seam month has 200 owners' PDFs besides the pack. Each worker process prepares the renderer once
from the same workbook, metrics and findings (inherited, or pickled to it) and renders the owners it is given; this
process renders the pack meanwhile, then takes the owners no worker has started. The bytes are the
same wherever a PDF is rendered: the renderer depends on its inputs only (spec §5, byte-identical).

Workers are used only where they can be and pay off: not inside a daemon process (which may not have
children), not for a renderer that cannot be sent to another process, and not for a handful of owners
(starting a worker costs about a second). A worker ends when the process that started it ends, however
that ends (killed, crashed): none is left behind waiting for work.
"""

from __future__ import annotations

import multiprocessing
import multiprocessing.connection
import os
import pickle
import signal
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

MIN_OWNERS = 16  # fewer owners' PDFs than this render faster in one process
MAX_WORKERS = 3  # each worker holds a copy of the workbook
CHUNK = 4  # owners per task: fewer round trips, still fine-grained enough to share the work

_render = None  # the worker process's renderer


def worker_count(owners: int, prepare: object) -> int:
    """How many worker processes to use for this many owners' PDFs (0: render everything here)."""
    cpus = os.cpu_count() or 1
    if owners < MIN_OWNERS or cpus < 2 or multiprocessing.current_process().daemon:
        return 0
    try:
        pickle.dumps(prepare)
    except Exception:  # a renderer made on the spot (a closure) cannot travel to a worker
        return 0
    return min(cpus - 1, MAX_WORKERS)


def _start_method() -> str:
    """'fork' on Linux in a process without other threads: the worker starts at once with everything this
    process has read and prepared, nothing pickled; else 'spawn' (Windows and macOS have no safe fork)."""
    if sys.platform.startswith("linux") and threading.active_count() == 1:
        return "fork"
    return "spawn"


def _start(prepare, book, metrics, findings, paper) -> None:
    global _render
    # A forked worker inherits `tec`'s handlers (SIGTERM raising like Ctrl+C): the parent alone stops and
    # cleans up, so a worker ignores Ctrl+C (sent to the whole terminal group) and dies plainly on SIGTERM.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    _exit_with_parent()
    _render = prepare(book, metrics, findings, paper)


def _exit_with_parent() -> None:
    """End this worker as soon as its parent process is gone. A pool's worker otherwise outlives a parent
    that was killed (the desktop's engine, stopped by its window; `tec report` killed), waiting for
    work forever: it holds its own end of the pool's queue, so it never sees the queue close."""
    parent = multiprocessing.parent_process()
    if parent is None:
        return
    sentinel = parent.sentinel  # ready when the parent ends (a pipe on POSIX, the process handle on Windows)

    def watch() -> None:
        multiprocessing.connection.wait([sentinel])
        os._exit(0)  # nothing to save: the parent that wanted these PDFs is gone

    threading.Thread(target=watch, name="tec-exit-with-parent", daemon=True).start()


def _owners(owners: Sequence[str]) -> list[bytes]:
    assert _render is not None
    return [_render(owner, lambda: False) for owner in owners]


def render_all(
    render: Callable[[str | None, Callable[[], bool]], bytes],
    prepare_args: tuple,
    owners: Sequence[str],
    workers: int,
    cancel: Callable[[], bool],
) -> Iterator[tuple[str | None, bytes]]:
    """(owner, PDF bytes) for the pack (owner None) and each owner, as they are done.

    `prepare_args` is (prepare, book, metrics, findings, paper): what a worker needs to make its own
    renderer. Stops (leaving the workers to finish and exit) as soon as cancel() turns true.
    """
    if workers <= 0:
        for owner in [None, *owners]:
            yield owner, render(owner, cancel)
        return
    chunks = [list(owners[i : i + CHUNK]) for i in range(0, len(owners), CHUNK)]
    pool = ProcessPoolExecutor(workers, multiprocessing.get_context(_start_method()), _start, prepare_args)
    try:
        pending = {i: pool.submit(_owners, chunk) for i, chunk in enumerate(chunks)}
        yield None, render(None, cancel)
        while pending:
            first = min(pending)
            if not pending[first].done():
                # Rather than wait, render a chunk no worker has started, from the far end of the queue.
                idle = next((i for i in sorted(pending, reverse=True) if pending[i].cancel()), None)
                if idle is not None:
                    del pending[idle]
                    for owner in chunks[idle]:
                        yield owner, render(owner, cancel)
                    continue
            try:
                done = pending.pop(first).result()
            except BrokenProcessPool:  # no worker could start (say, a script without a __main__ guard)
                done = [render(owner, cancel) for owner in chunks[first]]
            yield from zip(chunks[first], done)
    finally:
        pool.shutdown(wait=False, cancel_futures=True)
