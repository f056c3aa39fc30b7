"""`Tagger.tag_many` in worker processes: chunks out, tags back as plain numbers."""

from __future__ import annotations

import itertools
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING

from ._errors import InvalidTypeError
from ._model import Lang
from ._pool import stoppable_pool, worker_signals

if TYPE_CHECKING:
    from multiprocessing.pool import AsyncResult

    from ._features import Chosen
    from ._records import Tag
    from ._tagging import Tagger

__all__ = ["SERIAL_CHARACTERS", "chunks", "small", "tag_in_pool"]

#: The characters from which `chunks` cuts a chunk short.
CHUNK_CHARACTERS = 1 << 18

# Tags as plain data: (principle index, score, window), as `Tagger._chosen` gives
# them: the hits are made in the caller's process, from the text, if read.
_Packed = list["Chosen"]


#: Below this many characters in all, a list or tuple is tagged in the calling process:
#: starting the workers would cost more than sharing the work saves.
SERIAL_CHARACTERS = 1 << 22


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
    chunk: list[str] = []
    characters = 0
    for position, text in enumerate(texts):
        if not isinstance(text, str):
            raise InvalidTypeError(
                f"can only tag a str, not {type(text).__name__} (item {position})"
            )
        chunk.append(text)
        characters += len(text)
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
    try:
        with stoppable_pool(context, processes, _start_worker, (tagger,)) as pool:
            pending: deque[tuple[list[str], AsyncResult[list[_Packed]]]] = deque()
            start = 0
            for chunk in chunks(iter(texts), chunksize):
                if token in _shared:
                    stop = start + len(chunk)
                    task = pool.apply_async(_tag_shared, (token, lang, start, stop))
                    start = stop
                else:
                    task = pool.apply_async(_tag_chunk, (lang, chunk))
                pending.append((chunk, task))
                if len(pending) > 2 * processes:
                    yield from _unpacked(tagger, lang, *pending.popleft())
            while pending:
                yield from _unpacked(tagger, lang, *pending.popleft())
    finally:
        _shared.pop(token, None)


def _unpacked(
    tagger: Tagger, lang: Lang | None, chunk: list[str], task: AsyncResult[list[_Packed]]
) -> Iterator[tuple[Tag, ...]]:
    for text, chosen in zip(chunk, task.get(), strict=True):
        yield tagger._tags(text, lang, chosen)


# The tagger of a worker process, sent once when the process starts.
_worker: list[Tagger] = []


def _start_worker(tagger: Tagger) -> None:
    worker_signals()  # only the parent stops on Ctrl-C: it stops the pool
    _worker.append(tagger)


def _tag_chunk(lang: Lang | None, texts: Iterable[str]) -> list[_Packed]:
    tagger = _worker[-1]
    return [tagger._chosen(text, lang) for text in texts]


# Texts that forked workers read in memory, by token; each lives while its `tag_many` runs.
_shared: dict[int, tuple[str, ...]] = {}
_tokens = itertools.count()


def _tag_shared(token: int, lang: Lang | None, start: int, stop: int) -> list[_Packed]:
    return _tag_chunk(lang, _shared[token][start:stop])
