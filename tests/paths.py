"""Paths of the repository, for tests that read its files."""

from pathlib import Path

#: The repository's root.
ROOT = Path(__file__).resolve().parent.parent
#: The test data: the source document, labelled passages.
DATA = ROOT / "tests" / "data"
