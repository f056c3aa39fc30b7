"""The project's labelled corpus: reading it and splitting it into train and dev by document.

``corpus/parts/*.jsonl`` holds the passages the project wrote to train the model, one JSON
object a line: ``{"id", "doc", "lang", "register", "text", "labels"}``. A passage belongs to a
*document* (``doc``: a page, a report, an offer); the split into a training and a development
set is by document, never by passage, and fixed by the document's name: a document is in the
development set when the SHA-256 of its name, read as a number, is 0 modulo `DEV_SHARE`.

``tests/data/holdout.jsonl`` and ``tests/data/test.jsonl`` are never read here: no training or
tuning sees them.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Literal, NamedTuple

__all__ = ["CORPUS", "DEV_SHARE", "Passage", "read", "split"]

#: The folder of the corpus files.
CORPUS = Path(__file__).resolve().parent.parent / "corpus" / "parts"
#: One document in this many goes to the development set.
DEV_SHARE = 5

Split = Literal["train", "dev"]


class Passage(NamedTuple):
    """One labelled passage of the corpus."""

    id: str
    doc: str
    lang: str
    register: str
    text: str
    labels: tuple[int, ...]


def read(folder: Path = CORPUS) -> list[Passage]:
    """Every passage of the corpus files in *folder*, in file then line order."""
    passages = []
    for path in sorted(folder.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            r = json.loads(line)
            passages.append(
                Passage(r["id"], r["doc"], r["lang"], r["register"], r["text"], tuple(r["labels"]))
            )
    return passages


def split_of(doc: str) -> Split:
    """The set a document belongs to.

    >>> split_of("A-d001") in ("train", "dev")
    True
    """
    digest = int.from_bytes(hashlib.sha256(doc.encode()).digest(), "big")
    return "dev" if digest % DEV_SHARE == 0 else "train"


def split(passages: list[Passage], which: Split) -> list[Passage]:
    """The passages of *passages* in the *which* set."""
    return [p for p in passages if split_of(p.doc) == which]
