"""Tagging with the C core of scoring turned off, to compare it with the Python path; and
counting the hits made either way."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator

import pytest

from unicancer import Hit, _compiled
from unicancer._features import Found, Parts


@contextlib.contextmanager
def python_path() -> Iterator[None]:
    """Within the block, tagging scores in Python (the C core's switch, set back after)."""
    enabled = _compiled.ENABLED
    _compiled.ENABLED = False
    try:
        yield
    finally:
        _compiled.ENABLED = enabled


def count_hits_made(monkeypatch: pytest.MonkeyPatch) -> list[list[int]]:
    """The principle indices of each window whose hits are made from now on, in C
    (`KeptHits`) or in Python (`Parts.hits`): the two ways a tag's hits are made."""
    calls: list[list[int]] = []
    kept, parts = _compiled.KeptHits.__call__, Parts.hits

    def in_c(self: _compiled.KeptHits, window: int, indices: list[int]) -> list[tuple[Hit, ...]]:
        calls.append(indices)
        return kept(self, window, indices)

    def in_python(
        self: Parts,
        evidence: Callable[[list[Found], list[int]], list[tuple[Hit, ...]]],
        window: int,
        indices: list[int],
    ) -> list[tuple[Hit, ...]]:
        calls.append(indices)
        return parts(self, evidence, window, indices)

    monkeypatch.setattr(_compiled.KeptHits, "__call__", in_c)
    monkeypatch.setattr(Parts, "hits", in_python)
    return calls
