"""Checks of a `Tagger`'s settings, each error naming the value and what was expected."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence

from ._errors import InvalidTypeError, InvalidValueError

__all__ = ["Thresholds", "check_threshold", "check_tuple", "thresholds_of"]

#: Per-principle thresholds: ``{principle number: probability}``.
Thresholds = Mapping[int, float] | Iterable[tuple[int, float]]


def check_tuple(name: str, value: object, item: type) -> None:
    if not isinstance(value, tuple) or not all(isinstance(x, item) for x in value):
        raise InvalidTypeError(
            f"{name} must be a tuple of {item.__name__}, not {type(value).__name__} {value!r}"
        )


def check_threshold(name: str, value: object) -> None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise InvalidTypeError(f"{name} must be a number, not {type(value).__name__}")
    if not 0 <= value <= 1:  # compares big ints without converting them
        raise InvalidValueError(f"{name} must be a probability from 0 to 1, not {value!r}")


def thresholds_of(value: Thresholds) -> tuple[tuple[int, float], ...]:
    """Per-principle thresholds as sorted ``(number, threshold)`` pairs."""
    if isinstance(value, (str, bytes)) or not isinstance(value, (Mapping, Iterable)):
        raise InvalidTypeError(
            f"thresholds must be a mapping of principle numbers to probabilities, "
            f"not {type(value).__name__}"
        )
    pairs = list(value.items() if isinstance(value, Mapping) else value)
    result: dict[int, float] = {}
    for pair in pairs:
        if not isinstance(pair, tuple) or len(pair) != 2:
            raise InvalidTypeError(f"thresholds must hold (number, threshold) pairs, not {pair!r}")
        number, threshold = pair
        if type(number) is not int:
            raise InvalidTypeError(f"a threshold's principle must be an int, not {number!r}")
        check_threshold(f"the threshold of principle {number}", threshold)
        result[number] = float(threshold)
    return tuple(sorted(result.items()))


def floors(thresholds: Sequence[float]) -> tuple[tuple[float, float], ...]:
    """Each threshold, with the log-odds below which a probability rounded to 6 places
    cannot reach it (room left for the rounding and for float error)."""
    result = []
    for threshold in thresholds:
        low = threshold - 1e-6
        floor = -math.inf if low <= 0 else math.log(low) - math.log1p(-low) - 1e-9
        result.append((threshold, floor))
    return tuple(result)
