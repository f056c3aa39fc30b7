"""The exceptions raised by unicancer.

Every error derives from `UnicancerError` *and* from the builtin that a
caller would naturally catch, so ``except LookupError`` or
``except ValueError`` keep working.

Every error pickles and copies to an equal one (same type, message and
attributes), so an error raised in a worker process (`multiprocessing`,
`concurrent.futures`, Dask) reaches the caller intact: each class whose
constructor does not take its message reduces to its constructor's arguments.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

__all__ = [
    "CharterDataError",
    "GoldDataError",
    "InvalidTypeError",
    "InvalidValueError",
    "MissingDependencyError",
    "NotFoundError",
    "UnicancerError",
]


class UnicancerError(Exception):
    """Base class of every exception raised on purpose by unicancer."""


class _ProblemsError(UnicancerError):
    """An error carrying ``(path, message)`` problems found in a *document*."""

    problems: tuple[tuple[str, str], ...]
    document: str

    def __init__(self, problems: Iterable[tuple[str, str]], document: str) -> None:
        self.problems = tuple(problems)
        self.document = document
        super().__init__(_describe(document, self.problems))

    def __reduce__(self) -> tuple[Any, ...]:
        # What pickle and copy call: the constructor's arguments, not the message.
        return (type(self), (self.problems, self.document), self.__dict__ or None)


class CharterDataError(_ProblemsError, ValueError):
    """A charter (or lexicon) document is malformed or breaks one of its rules.

    Attributes:
        problems: ``(path, message)`` pairs, in document order, where *path*
            locates the problem in the data (``"principles[3].number"``;
            ``""`` for the document itself, or ``"line 3, column 7"`` for a
            problem of its JSON text).
        document: What the data is: ``"charter"`` or ``"lexicon"``; the
            message reads "invalid charter data" or "invalid lexicon data".
    """

    def __init__(self, problems: Iterable[tuple[str, str]], document: str = "charter") -> None:
        super().__init__(problems, document)


class GoldDataError(_ProblemsError, ValueError):
    """A gold set (labelled passages, see `unicancer.evaluate`) is malformed.

    Attributes:
        problems: ``(path, message)`` pairs, in document order, where *path*
            locates the problem (``"line 12: labels[1]"`` in a JSON Lines
            file, ``"gold[11]: labels"`` in a Python iterable; ``""`` for the
            whole set).
        document: ``"gold"``.
    """

    def __init__(self, problems: Iterable[tuple[str, str]], document: str = "gold") -> None:
        super().__init__(problems, document)


def _describe(document: str, problems: Sequence[tuple[str, str]]) -> str:
    lines = [f"{path or '<document>'}: {message}" for path, message in problems]
    if len(lines) == 1:
        return f"invalid {document} data at {lines[0]}"
    return f"invalid {document} data ({len(lines)} problems):\n  " + "\n  ".join(lines)


class NotFoundError(UnicancerError, LookupError):
    """No principle or mission answers to the given key.

    Attributes:
        what: What was looked for (``"principle"``, ``"mission"``).
        key: The key that was asked for.
        valid: A human-readable description of the keys that do exist.
    """

    what: str
    key: object
    valid: str

    def __init__(self, what: str, key: object, valid: str) -> None:
        self.what = what
        self.key = key
        self.valid = valid
        super().__init__(f"no {what} {key!r}; expected {valid}")

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.what, self.key, self.valid), self.__dict__ or None)

    def __str__(self) -> str:  # LookupError/KeyError quoting is not wanted
        return str(self.args[0])


class InvalidTypeError(UnicancerError, TypeError):
    """A value of the wrong type was passed to a unicancer function."""


class InvalidValueError(UnicancerError, ValueError):
    """An argument has the right type but an unusable value (a blank query,
    an unknown language)."""


class MissingDependencyError(UnicancerError, ImportError):
    """A feature needs an optional library that is not installed (the message names the
    extra to install, ``pip install 'unicancer[plot]'``)."""


# Show the public name in tracebacks: ``unicancer.NotFoundError``.
for _name in __all__:
    globals()[_name].__module__ = "unicancer"
