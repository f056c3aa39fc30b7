"""One small hierarchy; each error also a builtin one."""

from __future__ import annotations

import pytest

import unicancer
from unicancer import (
    CharterDataError,
    InvalidTypeError,
    InvalidValueError,
    MissingDependencyError,
    NotFoundError,
    UnicancerError,
)


@pytest.mark.parametrize(
    ("error", "builtin"),
    [
        (CharterDataError, ValueError),
        (NotFoundError, LookupError),
        (InvalidTypeError, TypeError),
        (InvalidValueError, ValueError),
        (MissingDependencyError, ImportError),
    ],
)
def test_each_error_is_a_unicancer_error_and_a_builtin(
    error: type[Exception], builtin: type[Exception]
) -> None:
    assert issubclass(error, UnicancerError)
    assert issubclass(error, builtin)
    assert error.__module__ == "unicancer"


def test_not_found_is_not_a_key_error_and_reads_plainly() -> None:
    with pytest.raises(NotFoundError) as info:
        unicancer.charter.principle("no-such-slug")
    assert not isinstance(info.value, KeyError)
    assert str(info.value).startswith("no principle 'no-such-slug'; expected a number from 1")
    assert info.value.key == "no-such-slug"


def test_charter_data_error_lists_every_problem() -> None:
    error = CharterDataError([("a", "first"), ("b[1]", "second")])
    assert error.problems == (("a", "first"), ("b[1]", "second"))
    assert "2 problems" in str(error)
    assert "b[1]: second" in str(error)
