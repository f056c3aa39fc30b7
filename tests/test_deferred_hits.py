"""A tag's hits are made when first read, and the tag is in all things the one it describes.

`Tagger.tag` returns tags whose hits are made on first read: most callers read the
principles and scores only. What every caller relies on is that nothing tells such a tag
from one built with its hits: equality, hashing, ``repr``, pickling, copying, `attrs`
functions, threads, processes.
"""

from __future__ import annotations

import copy
import gc
import json
import pickle
import sys
import threading
from typing import Any

import attrs
import pytest

import unicancer
from tests.native import count_hits_made
from tests.paths import DATA
from unicancer import Hit, Tag, Tagger, _compiled

TAGGER = Tagger()


def _texts() -> list[str]:
    lines = (DATA / "test.jsonl").read_text(encoding="utf-8").splitlines()
    passages = [json.loads(line)["text"] for line in lines]
    long = " ".join(passages[:40])  # several windows
    return [*passages[:120], long]


TEXTS = _texts()


def _built(tag: Tag, text: str) -> Tag:
    """The tag as `Tagger.explain` builds it, its hits made at once."""
    explained = TAGGER.explain(text, tag.principle.number)
    return Tag(explained.principle, explained.score, explained.hits)


def test_the_texts_give_tags_with_hits_for_and_against() -> None:
    tags = [t for text in TEXTS for t in TAGGER.tag(text)]
    assert len(tags) > 50
    assert any(h.weight < 0 for t in tags for h in t.hits)


@pytest.mark.parametrize("text", TEXTS[:60:3] + TEXTS[-1:], ids=lambda t: t[:30])
def test_a_tag_is_equal_to_the_one_built_with_its_hits(text: str) -> None:
    for tag in TAGGER.tag(text):
        built = _built(tag, text)
        assert hash(tag) == hash(built)  # read before anything else reads the hits
        assert tag == built
        assert (tag.principle, tag.score) == (built.principle, built.score)
        assert repr(tag) == repr(built)
        assert tag.hits == built.hits


@pytest.mark.parametrize(
    "read",
    [
        pickle.dumps,
        copy.copy,
        copy.deepcopy,
        repr,
        hash,
        attrs.asdict,
        attrs.astuple,
        unicancer.unstructure,
        lambda tag: attrs.evolve(tag, score=0.5).hits,
        lambda tag: tag.evidence,
    ],
    ids=[
        "pickle",
        "copy",
        "deepcopy",
        "repr",
        "hash",
        "asdict",
        "astuple",
        "unstructure",
        "evolve",
        "evidence",
    ],
)
def test_every_way_of_reading_a_tag_reads_its_hits(read: Any) -> None:
    text = TEXTS[-1]
    for tag, again in zip(TAGGER.tag(text), TAGGER.tag(text), strict=True):
        read(tag)
        assert tag == again
        assert tag.hits == _built(again, text).hits


def test_a_pickled_tag_whose_hits_were_never_read_has_them() -> None:
    tags = TAGGER.tag(TEXTS[-1])
    back = pickle.loads(pickle.dumps(tags))
    assert back == tags
    assert all(b.hits and b.hits == t.hits for b, t in zip(back, tags, strict=True))


@pytest.mark.parametrize("in_python", [False, True])
def test_a_tag_whose_hits_were_not_read_does_not_hold_its_text(
    monkeypatch: pytest.MonkeyPatch, in_python: bool
) -> None:
    if in_python:
        monkeypatch.setattr(_compiled, "ENABLED", False)
    text = " ".join(TEXTS) * 2  # a str of its own, of several windows
    held = sys.getrefcount(text)
    tags = TAGGER.tag(text)
    assert len(tags) > 1
    assert sys.getrefcount(text) == held
    assert all(tag.hits for tag in tags)


@pytest.mark.parametrize("in_python", [False, True])
def test_hits_are_not_made_until_read_then_once_per_window(
    monkeypatch: pytest.MonkeyPatch, in_python: bool
) -> None:
    calls = count_hits_made(monkeypatch)
    if in_python:
        monkeypatch.setattr(_compiled, "ENABLED", False)
    tagger = Tagger(threshold=0.05)
    text = (
        "Le comité de patients relit nos brochures ; la formation continue des infirmières "
        "est assurée par notre école."
    )
    tags = tagger.tag(text)
    assert len(tags) >= 2  # one window, several tags
    assert calls == []
    tags[0].hits  # noqa: B018
    assert len(calls) == 1
    assert sorted(calls[0]) == sorted(unicancer.charter.principles.index(t.principle) for t in tags)
    for tag in tags:
        tag.hits  # noqa: B018
    assert len(calls) == 1


def test_threads_reading_the_hits_at_once_read_the_same() -> None:
    tags = TAGGER.tag(TEXTS[-1])
    barrier = threading.Barrier(8)
    seen: list[tuple[tuple[Hit, ...], ...]] = []

    def read() -> None:
        barrier.wait()
        seen.append(tuple(t.hits for t in tags))

    threads = [threading.Thread(target=read) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    expected = tuple(_built(t, TEXTS[-1]).hits for t in tags)
    assert seen == [expected] * 8


def test_tags_from_worker_processes_are_those_of_one_process() -> None:
    serial = list(TAGGER.tag_many(TEXTS, processes=1))
    parallel = list(TAGGER.tag_many(TEXTS, processes=2, chunksize=8))
    assert parallel == serial
    assert [[t.hits for t in tags] for tags in parallel] == [
        [_built(t, text).hits for t in tags] for text, tags in zip(TEXTS, serial, strict=True)
    ]


def test_a_tag_with_nothing_set_says_which_attribute_is_missing() -> None:
    empty = Tag.__new__(Tag)
    with pytest.raises(AttributeError, match="'hits'"):
        empty.hits  # noqa: B018
    with pytest.raises(AttributeError, match="'nothing'"):
        empty.nothing  # type: ignore[attr-defined]  # noqa: B018


def test_a_tag_refuses_to_be_changed_before_its_hits_are_read() -> None:
    tag = TAGGER.tag(TEXTS[-1])[0]
    for name in ("hits", "_source", "score"):
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            setattr(tag, name, ())
    assert tag.hits == _built(tag, TEXTS[-1]).hits


def _reachable(roots: list[object], known: set[int]) -> set[int]:
    """The ids of the objects the garbage collector tracks, reachable from *roots*."""
    seen: set[int] = set()
    todo = list(roots)
    while todo:
        item = todo.pop()
        if id(item) in seen or id(item) in known or not gc.is_tracked(item):
            continue
        seen.add(id(item))
        todo.extend(gc.get_referents(item))
    return seen


def test_the_tags_of_a_text_hold_a_few_objects_until_their_hits_are_read() -> None:
    # Results kept by the million cost the garbage collector every object they hold.
    tagger = Tagger(threshold=0.05)
    text = "Le comité de patients relit nos brochures ; la formation continue est assurée."
    tags = tagger.tag(text)
    assert len(tags) >= 2
    shared = _reachable([tagger, unicancer.charter, Tagger, Tag], set())
    held, limit = len(_reachable([tags], shared)), len(tags) + 10
    # The tuple and the tags; for all of them, one object that makes the hits, the tags'
    # numbers (a list of tuples), and how to find the spans (a few objects): some 20 once.
    assert held <= limit, (held, limit)  # no repr of the tags, which would read their hits
    for tag in tags:
        assert tag.hits
    assert tags == tagger.tag(text)
