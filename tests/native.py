"""Tagging with the C core of scoring turned off, to compare it with the Python path."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from unicancer import _compiled


@contextlib.contextmanager
def python_path() -> Iterator[None]:
    """Within the block, tagging scores in Python (the C core's switch, set back after)."""
    enabled = _compiled.ENABLED
    _compiled.ENABLED = False
    try:
        yield
    finally:
        _compiled.ENABLED = enabled
