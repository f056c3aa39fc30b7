"""A `multiprocessing` pool that stops without fail: on Ctrl-C, SIGTERM or an error.

The workers ignore SIGINT: Ctrl-C reaches the whole process group, and a worker it
killed could hold a lock of the pool's queues, on which `Pool.terminate` would then
wait forever. SIGTERM (what `Pool.terminate` sends) ends them at once, as by default,
whatever handler the parent has. Only the parent handles the interrupt: it terminates
the pool and, should that wait on a lock or a message that a dead worker left, kills
the workers left after `STOP_TIMEOUT`.

A worker forked while the parent was writing (the pool forks the workers that replace
dead ones from a thread of its own) holds a copy of what the parent had not flushed
yet, which it would write again when it ends; each worker starts on standard streams
of its own instead.
"""

from __future__ import annotations

import contextlib
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from multiprocessing.context import BaseContext
    from multiprocessing.pool import Pool

__all__ = ["STOPPING", "STOP_TIMEOUT", "stoppable_pool", "worker_started"]

#: How long `stoppable_pool` waits for `Pool.terminate` before it kills the workers left.
STOP_TIMEOUT = 1.0

#: The signals that stop tagging: Ctrl-C and `Pool.terminate`'s (or a user's) SIGTERM.
STOPPING = frozenset({signal.SIGINT, signal.SIGTERM})


@contextlib.contextmanager
def stoppable_pool(
    context: BaseContext,
    processes: int,
    initializer: Callable[..., object],
    initargs: tuple[object, ...],
) -> Iterator[Pool]:
    """A pool of *processes* workers, each started by *initializer*, which must call
    `worker_started` first.

    The workers start with SIGINT and SIGTERM blocked, until `worker_started` has set
    their handlers. On any exit (the end of the work, an error, `KeyboardInterrupt`,
    a generator closed early) the pool is terminated in a thread, waited for
    `STOP_TIMEOUT` seconds: should it still wait, the workers left are killed, so that
    none outlives the pool and the caller never hangs.
    """
    started = None
    try:
        with _blocked(STOPPING):  # the pool's threads, which fork its workers, too
            started = context.Pool(processes, initializer=initializer, initargs=initargs)
        yield started
    finally:
        if started is not None:
            _stop(started)


def worker_started() -> None:
    """In a worker: ignore SIGINT, end at once on SIGTERM (no exit code that could wait),
    and write on standard streams of its own."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, STOPPING)
    _own_streams()


#: The standard streams a worker inherited, kept unflushed for as long as it lives (a
#: worker ends in ``os._exit``, which flushes nothing).
_inherited: list[object] = []


def _own_streams() -> None:
    """New `sys.stdout` and `sys.stderr` on the same files, with empty buffers.

    The inherited ones may hold the start of a line that the parent was writing when the
    worker was forked: the parent writes it, and a worker that flushed its copy when it
    ends (`multiprocessing` does, for a worker that ends normally) would write it a
    second time, a partial line in the middle of the parent's output (seen, 2026-12-03,
    on a record of ``unicancer tag --processes 2`` stopped by SIGTERM). Streams that are
    not files (a test's capture) stay as they are.
    """
    for name in ("stdout", "stderr"):
        stream = getattr(sys, name)
        try:
            fileno = stream.fileno()
        except (AttributeError, OSError, ValueError):
            continue
        own = open(  # noqa: SIM115 -- it lives as long as the worker, as sys.stdout does
            fileno,
            "w",
            buffering=1 if getattr(stream, "line_buffering", False) else -1,
            encoding=getattr(stream, "encoding", None),
            errors=getattr(stream, "errors", None),
            closefd=False,
        )
        _inherited.append(stream)  # freed, it would be flushed
        setattr(sys, name, own)


@contextlib.contextmanager
def _blocked(signals: frozenset[signal.Signals]) -> Iterator[None]:
    """*signals* held back in this thread, and in the threads and processes it starts."""
    if not hasattr(signal, "pthread_sigmask"):  # Windows
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, signals)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def _stop(started: Pool) -> None:
    stopper = threading.Thread(target=_terminate, args=(started,), name="pool-stop", daemon=True)
    try:
        with _blocked(STOPPING):  # a stopper that waits must not take the caller's signals
            stopper.start()
    except RuntimeError:  # no new thread at interpreter shutdown
        _terminate(started)
        return
    stopper.join(STOP_TIMEOUT)
    if stopper.is_alive():  # waiting on a lock or a message that a killed worker left
        workers = getattr(started, "_pool", [])
        for worker in workers:
            worker.kill()
        for worker in workers:
            worker.join(STOP_TIMEOUT)
    # The results still awaited (work stopped early) refer to the pool, which refers to
    # them: left so, the pool would be freed by the garbage collector, at any later time,
    # and the weakref callbacks of its locks would run then. A signal whose handler
    # raised there would be lost (seen: Ctrl-C in the next `tag_many`). Freed when its
    # last user lets it go, now, instead.
    cache = getattr(started, "_cache", None)
    if isinstance(cache, dict):
        cache.clear()


def _terminate(started: Pool) -> None:
    # The pool is being thrown away: what its queues hold, garbled perhaps by a worker that
    # a signal ended in the middle of a message, is of no use (nor are its errors).
    with contextlib.suppress(Exception):
        started.terminate()
