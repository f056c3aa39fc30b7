"""Every public error pickles and copies to an equal one: type, message and attributes."""

from __future__ import annotations

import copy
import pickle
from collections.abc import Callable

from hypothesis import given
from hypothesis import strategies as st

from tests import strategies
from unicancer import (
    CharterDataError,
    GoldDataError,
    InvalidTypeError,
    InvalidValueError,
    NotFoundError,
    UnicancerError,
)

_COPIES: list[Callable[[BaseException], BaseException]] = [
    lambda error: pickle.loads(pickle.dumps(error)),
    lambda error: pickle.loads(pickle.dumps(error, protocol=0)),
    copy.copy,
    copy.deepcopy,
]


def _assert_copies_equal(error: BaseException, attributes: tuple[str, ...]) -> None:
    for make_copy in _COPIES:
        copied = make_copy(error)
        assert type(copied) is type(error)
        assert str(copied) == str(error)
        assert copied.args == error.args
        for name in attributes:
            assert getattr(copied, name) == getattr(error, name), name


@given(strategies.problems)
def test_charter_data_error(problems: list[tuple[str, str]]) -> None:
    _assert_copies_equal(CharterDataError(problems), ("problems", "document"))


@given(strategies.problems, strategies.document_names)
def test_charter_data_error_of_any_document(problems: list[tuple[str, str]], name: str) -> None:
    error = CharterDataError(problems, document=name)
    assert str(error).startswith(f"invalid {name} data")
    _assert_copies_equal(error, ("problems", "document"))


@given(strategies.problems)
def test_gold_data_error(problems: list[tuple[str, str]]) -> None:
    _assert_copies_equal(GoldDataError(problems), ("problems", "document"))


@given(st.text(max_size=20), strategies.lookup_keys, st.text(max_size=40))
def test_not_found_error(what: str, key: object, valid: str) -> None:
    _assert_copies_equal(NotFoundError(what, key, valid), ("what", "key", "valid"))


@given(
    st.sampled_from([UnicancerError, InvalidTypeError, InvalidValueError]),
    st.text(max_size=40),
)
def test_message_errors(cls: type[UnicancerError], message: str) -> None:
    _assert_copies_equal(cls(message), ())


@given(strategies.problems, st.text(max_size=20))
def test_added_attributes_are_kept(problems: list[tuple[str, str]], note: str) -> None:
    error = CharterDataError(problems)
    vars(error)["__notes__"] = [note]  # what BaseException.add_note (3.11) sets
    _assert_copies_equal(error, ("problems", "__notes__"))
