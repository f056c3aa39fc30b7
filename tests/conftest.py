"""Shared fixtures and the hypothesis settings profiles.

Select a profile with ``HYPOTHESIS_PROFILE`` (``dev`` by default; CI runs ``ci``).
"""

from __future__ import annotations

import os
from typing import Any

import pytest
from hypothesis import HealthCheck, settings

import unicancer
from unicancer import _parallel

settings.register_profile("dev", max_examples=50, deadline=None)
settings.register_profile(
    "ci",
    max_examples=200,
    deadline=None,
    derandomize=True,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))


@pytest.fixture(autouse=True)
def _workers_for_any_list(monkeypatch: pytest.MonkeyPatch) -> None:
    """`Tagger.tag_many` tags a small list in the calling process whatever *processes*
    says; the tests of its worker processes use small lists, so here any list is shared
    with the workers (tests/test_tagging.py checks the default)."""
    monkeypatch.setattr(_parallel, "SERIAL_CHARACTERS", 0)


@pytest.fixture
def charter_data() -> dict[str, Any]:
    """A fresh, mutable copy of the packaged charter as JSON-compatible data."""
    return unicancer.unstructure(unicancer.charter)
