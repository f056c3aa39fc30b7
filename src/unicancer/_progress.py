"""Progress reports for long tagging runs: a tqdm bar, or a callback.

*progress* is ``None`` or ``False`` (no report, the default), ``True`` (a tqdm
bar on standard error: ``pip install "unicancer[progress]"``), or a callable
called with the number of texts tagged since its previous call (``bar.update``
of a tqdm bar of your own fits).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import TypeAlias, TypeVar

from ._errors import InvalidTypeError, InvalidValueError

__all__ = ["Progress", "close", "reporter", "track"]

T = TypeVar("T")

#: What a ``progress=`` parameter takes.
Progress: TypeAlias = bool | Callable[[int], object] | None


class _Bar:
    """A tqdm bar as a callback, closed by `close`."""

    def __init__(self, total: int | None) -> None:
        try:
            from tqdm.auto import tqdm
        except ImportError:
            raise InvalidValueError(
                'progress=True needs tqdm (pip install "unicancer[progress]"); '
                "or pass a callable, called with the number of texts tagged"
            ) from None
        self._bar = tqdm(total=total, unit=" texts")

    def __call__(self, done: int) -> None:
        self._bar.update(done)

    def close(self) -> None:
        self._bar.close()


def reporter(progress: Progress, total: int | None) -> Callable[[int], object] | None:
    """The callback *progress* stands for (a new tqdm bar for ``True``), or ``None``.

    Raises:
        InvalidTypeError: *progress* is neither a bool, ``None`` nor callable.
        InvalidValueError: *progress* is ``True`` and tqdm is not installed.
    """
    if progress is None or progress is False:
        return None
    if progress is True:
        return _Bar(total)
    if not callable(progress):
        raise InvalidTypeError(
            f"progress must be a bool, None or a callable, not {type(progress).__name__}"
        )
    return progress


def close(report: Callable[[int], object] | None) -> None:
    """Close *report* if it is a tqdm bar of ours."""
    if isinstance(report, _Bar):
        report.close()


def track(items: Iterable[T], progress: Progress, total: int | None = None) -> Iterator[T]:
    """*items*, reporting each one yielded to *progress*; *items* itself when there is none.

    The checks of `reporter` are made at once, not on the first item.
    """
    report = reporter(progress, total)
    if report is None:
        return iter(items)
    return _tracked(items, report)


def _tracked(items: Iterable[T], report: Callable[[int], object]) -> Iterator[T]:
    try:
        for item in items:
            report(1)
            yield item
    finally:
        close(report)
