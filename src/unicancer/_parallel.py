"""`Tagger.tag_many` in worker processes: chunks out, tags back as plain numbers."""

from __future__ import annotations

import contextlib
import itertools
import signal
from collections import deque
from collections.abc import Callable, Generator, Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Protocol, TypeVar, cast

from ._compiled import Chooser
from ._errors import InvalidTypeError, InvalidValueError
from ._model import Lang
from ._pool import STOPPING, stoppable_pool, worker_started

if TYPE_CHECKING:
    from multiprocessing.context import BaseContext
    from multiprocessing.pool import AsyncResult, Pool
    from multiprocessing.process import BaseProcess as Process

    from ._features import Chosen
    from ._records import Tag
    from ._tagging import Tagger

__all__ = ["SERIAL_CHARACTERS", "check_pool", "chunks", "finish_in_pool", "small", "tag_in_pool"]

#: The characters from which `chunks` cuts a chunk short.
CHUNK_CHARACTERS = 1 << 18

# Tags as plain data: (principle index, score, window), as `Tagger._choosing` gives
# them: the hits are made in the caller's process, from the text, if read.
_Packed = list["Chosen"]


class _Text(Protocol):
    @property
    def text(self) -> str: ...


_T = TypeVar("_T")
_Item = TypeVar("_Item", bound=_Text)
_Result = TypeVar("_Result")


#: Below this many characters in all, a list or tuple is tagged in the calling process:
#: starting the workers would cost more than sharing the work saves.
SERIAL_CHARACTERS = 1 << 22


def check_pool(**values: object) -> None:
    """That each of *values* (``processes``, ``chunksize``) is an int of at least 1."""
    for name, value in values.items():
        if type(value) is not int:
            raise InvalidTypeError(f"{name} must be an int, not {type(value).__name__}")
        if value < 1:
            raise InvalidValueError(f"{name} must be at least 1, not {value}")


def small(texts: Sequence[object]) -> bool:
    """Whether *texts* hold fewer than `SERIAL_CHARACTERS` (counted up to that many)."""
    total = 0
    for text in texts:
        if isinstance(text, str):
            total += len(text)
            if total >= SERIAL_CHARACTERS:
                return False
    return True


def chunks(texts: Iterator[object], size: int) -> Iterator[list[str]]:
    """Lists of *size* texts, each checked to be a `str`.

    A list is cut short once it holds `CHUNK_CHARACTERS`, so that worker
    processes get similar amounts of work: a long document does not hold
    back a chunk of many others.
    """
    return _cut(_checked(texts), size, len)


def _checked(texts: Iterator[object]) -> Iterator[str]:
    for position, text in enumerate(texts):
        if not isinstance(text, str):
            raise InvalidTypeError(_not_a_str(text, position))
        yield text


def _not_a_str(text: object, position: int) -> str:
    return f"can only tag a str, not {type(text).__name__} (item {position})"


def _cut(items: Iterable[_T], size: int, length: Callable[[_T], int]) -> Iterator[list[_T]]:
    """Lists of *size* items, cut short once their ``length`` reaches `CHUNK_CHARACTERS`."""
    chunk: list[_T] = []
    characters = 0
    for item in items:
        chunk.append(item)
        characters += length(item)
        if len(chunk) == size or characters >= CHUNK_CHARACTERS:
            yield chunk
            chunk, characters = [], 0
    if chunk:
        yield chunk


def tag_in_pool(
    tagger: Tagger, texts: Iterable[str], lang: Lang | None, processes: int, chunksize: int
) -> Iterator[tuple[Tag, ...]]:
    import multiprocessing

    # The matchers compiled and the model loaded once here, inherited by forked workers
    # (an empty text would return before reaching them: each worker would load them).
    tagger.tag(" ", lang=lang)
    context = multiprocessing.get_context()
    # Forked workers read a list or tuple in memory they share with this process, as
    # its place in `_shared` and a range of it: far cheaper than through pipes.
    token = next(_tokens)
    if isinstance(texts, (list, tuple)):
        texts = tuple(texts)
        if context.get_start_method() == "fork":
            _shared[token] = texts
    tasks: Iterable[Sequence[str]] = chunks(iter(texts), chunksize)
    if token in _shared:
        tasks = _slices(_shared[token], _share(_shared[token], processes))

    def submit(pool: Pool, chunk: Sequence[str], start: int) -> AsyncResult[list[_Packed]]:
        if token in _shared:
            return pool.apply_async(_tag_shared, (token, lang, start, start + len(chunk)))
        return pool.apply_async(_tag_chunk, (lang, chunk))

    try:
        with contextlib.closing(_in_order(context, tagger, processes, tasks, submit)) as done:
            for chunk, packed in done:
                for text, chosen in zip(chunk, packed, strict=True):
                    yield tagger._tags(text, lang, chosen)
    finally:
        _shared.pop(token, None)


def finish_in_pool(
    tagger: Tagger,
    items: Iterable[_Item],
    lang: Lang | None,
    processes: int,
    chunksize: int,
    finish: Callable[[_Item, tuple[Tag, ...]], _Result],
    check: Callable[[], None] = lambda: None,
) -> Iterator[_Result]:
    """``finish(item, tags)`` for each of *items*, its ``text`` tagged, in input order:
    tagged and finished in the workers (a caller who reads every hit, to write them, say,
    would otherwise make them all itself). *finish* and the items are pickled. *check* is
    called while results are awaited (see `_in_order`)."""
    import multiprocessing

    tagger.tag(" ", lang=lang)  # as in `tag_in_pool`

    def submit(pool: Pool, chunk: Sequence[_Item], _: int) -> AsyncResult[list[_Result]]:
        return pool.apply_async(_finish_chunk, (lang, finish, chunk))

    context = multiprocessing.get_context()
    tasks = _cut(items, chunksize, lambda item: len(item.text))
    with contextlib.closing(_in_order(context, tagger, processes, tasks, submit, check)) as done:
        for _, results in done:
            yield from results


def _in_order(
    context: BaseContext,
    tagger: Tagger,
    processes: int,
    tasks: Iterable[Sequence[_T]],
    submit: Callable[[Pool, Sequence[_T], int], AsyncResult[list[_Result]]],
    check: Callable[[], None] = lambda: None,
) -> Generator[tuple[Sequence[_T], list[_Result]], None, None]:
    """Each of *tasks* and its results, in order, ``submit(pool, task, start)`` sending it
    (*start*: the position of its first item) to a pool of *processes* workers; a few
    tasks per process in flight.

    Results are awaited `WAIT` seconds at a time, *check* called between: a caller that
    keeps the signals whose exception was lost (raised in a ``__del__`` or weakref
    callback that the garbage collector ran) raises them there, rather than waiting for
    ever on the tasks of the workers that the same signal ended. A worker ended by SIGINT
    or SIGTERM (sent to the process group, this process's exception lost) has the signal
    raised again here, once, where its handler's exception cannot be lost."""
    with stoppable_pool(context, processes, _start_worker, (tagger,)) as pool:
        watch = _Watch(list(getattr(pool, "_pool", ())), check)
        pending: deque[tuple[Sequence[_T], AsyncResult[list[_Result]]]] = deque()
        start = 0
        for task in tasks:
            pending.append((task, submit(pool, task, start)))
            start += len(task)
            if len(pending) > 2 * processes:
                task, result = pending.popleft()
                yield task, watch.awaited(result)
        while pending:
            task, result = pending.popleft()
            yield task, watch.awaited(result)


#: How long `_in_order` waits for a result before it looks again, in seconds.
WAIT = 0.1


class _Watch:
    """What `_in_order` does while it waits: *check*, and a look at the *workers*."""

    def __init__(self, workers: list[Process], check: Callable[[], None]) -> None:
        self.workers, self.check = workers, check

    def awaited(self, result: AsyncResult[list[_Result]]) -> list[_Result]:
        while not result.ready():
            result.wait(WAIT)
            self.check()
            for worker in self.workers:
                code = worker.exitcode
                if code is not None and -code in STOPPING:
                    self.workers = []  # once: a handler that ignores it is obeyed
                    signal.raise_signal(-code)
        return result.get()


def _share(texts: Sequence[object], processes: int) -> int:
    """The characters of a task of shared *texts*: a quarter of each process's share, and
    `CHUNK_CHARACTERS` at least. Each task costs the caller's threads a message (and a
    wait for the GIL, held by the thread that makes the tags); tasks of a few chunks keep
    the workers busy, four per process balance their load."""
    total = sum(len(text) for text in texts if isinstance(text, str))
    return max(CHUNK_CHARACTERS, total // (4 * processes))


def _slices(texts: tuple[object, ...], characters: int) -> Iterator[tuple[str, ...]]:
    """Consecutive slices of *texts* holding *characters* at least (the last: the rest),
    each item checked to be a `str` (as `chunks` checks them) as its slice is cut."""
    start = held = 0
    for position, text in enumerate(texts):
        if not isinstance(text, str):
            raise InvalidTypeError(_not_a_str(text, position))
        held += len(text)
        if held >= characters:
            yield cast("tuple[str, ...]", texts[start : position + 1])
            start, held = position + 1, 0
    if start < len(texts):
        yield cast("tuple[str, ...]", texts[start:])


# The tagger of a worker process, sent once when the process starts.
_worker: list[Tagger] = []


def _start_worker(tagger: Tagger) -> None:
    worker_started()  # only the parent stops on Ctrl-C: it stops the pool
    _worker.append(tagger)


def _tag_chunk(lang: Lang | None, texts: Iterable[str]) -> list[_Packed]:
    chosen = _worker[-1]._choosing(lang)
    return [chosen(text) for text in texts]


def _finish_chunk(
    lang: Lang | None, finish: Callable[[_Item, tuple[Tag, ...]], _Result], items: Sequence[_Item]
) -> list[_Result]:
    tagger = _worker[-1]
    return [finish(item, tagger._tag(item.text, lang)) for item in items]


# Texts that forked workers read in memory, by token; each lives while its `tag_many` runs.
_shared: dict[int, tuple[str, ...]] = {}
_tokens = itertools.count()


def _tag_shared(token: int, lang: Lang | None, start: int, stop: int) -> list[_Packed]:
    chosen, texts = _worker[-1]._choosing(lang), _shared[token]
    if isinstance(chosen, Chooser):  # in C, the texts read where they are
        return chosen.many(texts, start, stop)
    return [chosen(text) for text in texts[start:stop]]
