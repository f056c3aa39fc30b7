"""The HTML view keeps any text whole and marks exactly the evidence, whatever overlaps."""

from __future__ import annotations

from hypothesis import given

from tests.pages import marked, read_page
from tests.strategies import html_texts
from unicancer import Tagger
from unicancer.render import render_tags

TAGGER = Tagger(threshold=0.05)


def shown(text: str) -> str:
    """*text* as a page can hold it: NUL and lone surrogates replaced."""
    return "".join("\ufffd" if c == "\x00" or "\ud800" <= c <= "\udfff" else c for c in text)


@given(html_texts)
def test_the_text_is_kept_and_each_principle_marks_exactly_its_evidence(text: str) -> None:
    tags = TAGGER.tag(text)
    page = read_page(render_tags(text, tags, against=True))
    assert page.texts == [shown(text)]
    assert len(page.legends) == (1 if tags else 0)
    for mark in page.marks:
        assert mark.text == shown(text)[mark.start : mark.start + len(mark.text)]
        assert mark.attrs.get("data-principles") or mark.attrs.get("data-against")
    for tag in tags:
        evidence = {i for h in tag.hits if h.weight >= 0 for i in range(h.start, h.end)}
        assert marked(page, tag.principle.number) == evidence
    assert not {"script", "b", "div"} & set(page.tags[page.tags.index("div") + 1 :])
