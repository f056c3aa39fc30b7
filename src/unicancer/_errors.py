"""The exceptions raised by unicancer.

Every error derives from `UnicancerError` *and* from the builtin that a
caller would naturally catch, so ``except LookupError`` or
``except ValueError`` keep working.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

__all__ = [
    "CharterDataError",
    "GoldDataError",
    "InvalidTypeError",
    "InvalidValueError",
    "NotFoundError",
    "UnicancerError",
]


class UnicancerError(Exception):
    """Base class of every exception raised on purpose by unicancer."""


class CharterDataError(UnicancerError, ValueError):
    """A charter document is malformed or breaks one of the charter's rules.

    Attributes:
        problems: ``(path, message)`` pairs, in document order, where *path*
            locates the problem in the data (``"principles[3].number"``;
            ``""`` for the document itself).
    """

    problems: tuple[tuple[str, str], ...]

    def __init__(self, problems: Iterable[tuple[str, str]]) -> None:
        self.problems = tuple(problems)
        super().__init__(_describe("charter data", self.problems))


class GoldDataError(UnicancerError, ValueError):
    """A gold set (labelled passages, see `unicancer.evaluate`) is malformed.

    Attributes:
        problems: ``(path, message)`` pairs, in document order, where *path*
            locates the problem (``"line 12: labels[1]"`` in a JSON Lines
            file, ``"gold[11]: labels"`` in a Python iterable; ``""`` for the
            whole set).
    """

    problems: tuple[tuple[str, str], ...]

    def __init__(self, problems: Iterable[tuple[str, str]]) -> None:
        self.problems = tuple(problems)
        super().__init__(_describe("gold data", self.problems))


def _describe(what: str, problems: Sequence[tuple[str, str]]) -> str:
    lines = [f"{path or '<document>'}: {message}" for path, message in problems]
    if len(lines) == 1:
        return f"invalid {what} at {lines[0]}"
    return f"invalid {what} ({len(lines)} problems):\n  " + "\n  ".join(lines)


class NotFoundError(UnicancerError, LookupError):
    """No principle or mission answers to the given key.

    Attributes:
        key: The key that was asked for.
        valid: A human-readable description of the keys that do exist.
    """

    key: object
    valid: str

    def __init__(self, what: str, key: object, valid: str) -> None:
        self.key = key
        self.valid = valid
        super().__init__(f"no {what} {key!r}; expected {valid}")

    def __str__(self) -> str:  # LookupError/KeyError quoting is not wanted
        return str(self.args[0])


class InvalidTypeError(UnicancerError, TypeError):
    """A value of the wrong type was passed to a unicancer function."""


class InvalidValueError(UnicancerError, ValueError):
    """An argument has the right type but an unusable value (a blank query,
    an unknown language)."""


# Show the public name in tracebacks: ``unicancer.NotFoundError``.
for _name in __all__:
    globals()[_name].__module__ = "unicancer"
