"""HTML views of tagged texts, read back as a browser's parser reads them."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

import unicancer
from tests.cli_run import run
from tests.pages import marked, read_page
from unicancer import Hit, InvalidTypeError, InvalidValueError, Tag, Tagger, Term, charter
from unicancer._cli import main
from unicancer.render import COLOURS, colour, page_foot, page_head, render, render_tags

PATIENTS = "Nos patients partenaires siègent au comité de patients."
HOSTILE = (
    "<script>document.title='pwned'</script> & \"quoted\" 'single' "
    '<img src=x onerror="alert(1)"> &amp; </div></section>\r\n\tcomité de patients'
)


def test_each_piece_of_evidence_is_marked_in_its_principle_colour() -> None:
    page = read_page(render(PATIENTS))
    (tag,) = unicancer.tag(PATIENTS)
    assert {PATIENTS[h.start : h.end] for h in tag.evidence} >= {"comité de patients"}
    spans = {i for h in tag.evidence for i in range(h.start, h.end)}
    assert marked(page, 7) == spans
    for mark in page.marks:
        assert mark.attrs["class"] == f"c{COLOURS.index(colour(7))}"
        assert mark.attrs["title"].startswith("7 Culture du patient partenaire: +")
    assert page.texts == [PATIENTS]


def test_the_legend_lists_each_tag_with_its_number_title_and_probability() -> None:
    text = (
        "Patient partners sit on our patient committee. "
        "We benchmark quality indicators against other centres."
    )
    tags = unicancer.tag(text, lang="en")
    page = read_page(render(text, lang="en"))
    expected = [f"{t.principle.number} {t.principle.title_en} {t.score:.2f}" for t in tags]
    assert page.legends == [expected]
    assert sorted(t.principle.number for t in tags) == [7, 10]


def test_a_text_without_tags_says_so_and_is_kept_unmarked() -> None:
    page = render("Il a plu toute la journée.", lang="en")
    assert "No principle" in page
    assert read_page(page).marks == []
    assert read_page(page).texts == ["Il a plu toute la journée."]


def test_markup_in_the_text_is_shown_as_typed_and_never_becomes_an_element() -> None:
    page_text = render(HOSTILE, title="<b>title</b> & more")
    page = read_page(page_text)
    assert page.texts == [HOSTILE]
    assert page.title == "<b>title</b> & more"
    assert "script" not in page.tags
    assert "img" not in page.tags
    assert page.tags.count("section") == 1
    assert marked(page, 7) >= set(range(len(HOSTILE) - 18, len(HOSTILE)))


def test_characters_html_cannot_hold_become_replacement_characters() -> None:
    text = "a\x00b\ud800c"
    page = read_page(render_tags(text, ()))
    assert page.texts == ["a\ufffdb\ufffdc"]
    render(text).encode("utf-8")  # no lone surrogate left: the page can be written


def _tag(number: int, score: float, *spans: tuple[int, int, float]) -> Tag:
    principle = charter.principle(number)
    return Tag(principle, score, tuple(Hit(s, e, Term(number, "t", "fr"), w) for s, e, w in spans))


def test_overlapping_hits_cut_the_text_into_pieces_marked_with_every_hit_over_them() -> None:
    text = "abcdefgh"
    tags = (_tag(7, 0.9, (0, 4, 1.5)), _tag(10, 0.8, (2, 6, 0.5)), _tag(3, 0.6, (5, 8, -0.25)))
    page = read_page(render_tags(text, tags, lang="en", against=True))
    assert page.texts == [text]
    pieces = [
        (m.text, m.attrs.get("data-principles"), m.attrs.get("data-against")) for m in page.marks
    ]
    assert pieces == [
        ("ab", "7", None),
        ("cd", "7 10", None),
        ("e", "10", None),
        ("f", "10", "3"),
        ("gh", None, "3"),
    ]
    both = page.marks[1]
    assert colour(7) in both.attrs["style"]
    assert colour(10) in both.attrs["style"]
    assert both.attrs["title"].splitlines() == [
        f"7 {charter.principle(7).title_en}: +1.50, t",
        f"10 {charter.principle(10).title_en}: +0.50, t",
    ]
    assert "against" in page.marks[4].attrs["class"].split()
    assert "-0.25 (against)" in page.marks[4].attrs["title"]


def test_hits_against_a_principle_are_marked_only_when_asked_for() -> None:
    tags = (_tag(7, 0.9, (0, 2, 1.0), (2, 4, -0.5)),)
    page = read_page(render_tags("abcd", tags))
    assert [(m.text, m.attrs.get("data-principles")) for m in page.marks] == [("ab", "7")]
    page = read_page(render_tags("abcd", tags, against=True))
    assert [(m.text, m.attrs.get("data-against")) for m in page.marks] == [
        ("ab", None),
        ("cd", "7"),
    ]
    assert page.marks[1].attrs["class"] == f"against a{COLOURS.index(colour(7))}"


def test_the_hover_text_names_each_principle_in_the_page_language() -> None:
    tags = (_tag(7, 0.9, (0, 3, 1.0)),)
    english = read_page(render_tags("abc", tags, lang="en")).marks[0].attrs["title"]
    french = read_page(render_tags("abc", tags, lang="fr")).marks[0].attrs["title"]
    assert english == f"7 {charter.principle(7).title_en}: +1.00, t"
    assert french == f"7 {charter.principle(7).title}: +1.00, t"


def test_a_page_is_its_head_sections_and_foot() -> None:
    texts = [PATIENTS, "rien"]
    tagger = Tagger()
    pieces = [page_head(lang="fr")]
    pieces += [render_tags(t, tagger.tag(t)) for t in texts]
    pieces.append(page_foot())
    assert "".join(pieces) == render(texts, tagger)


def test_a_page_fetches_nothing_and_runs_nothing() -> None:
    head = page_head()
    assert "default-src 'none'; style-src 'unsafe-inline'" in head
    for needle in ("http:", "https:", "<script", "<link", "@import", "url("):
        assert needle not in render(PATIENTS)


def test_labels_are_escaped_headings() -> None:
    page = read_page(render_tags("x", (), label="<i>a.txt</i>:3"))
    assert "i" not in page.tags
    assert "h2" in page.tags


OUTSIDE = (_tag(7, 0.9, (1, 3, 1.0)),)


@pytest.mark.parametrize(
    ("function", "arguments", "keywords", "error", "message"),
    [
        (render, (42,), {}, InvalidTypeError, "texts must be a str or an iterable of str, not int"),
        (render, ([b"x"],), {}, InvalidTypeError, "can only tag a str, not bytes"),
        (render, ("x",), {"lang": "de"}, InvalidValueError, "lang must be 'fr' or 'en' or None"),
        (render, ("x",), {"tagger": "no"}, InvalidTypeError, "tagger must be a Tagger or None"),
        (render_tags, (3, ()), {}, InvalidTypeError, "can only render a str, not int"),
        (render_tags, ("x", ["no"]), {}, InvalidTypeError, "tags must be Tag objects, not str"),
        (render_tags, ("x", None), {}, InvalidTypeError, "tags must be a sequence of Tag"),
        (render_tags, ("ab", OUTSIDE), {}, InvalidValueError, "a hit of principle 7 spans 1:3, "),
        (render_tags, ("x", ()), {"label": 3}, InvalidTypeError, "label must be a str or None"),
        (page_head, (), {"title": None}, InvalidTypeError, "title must be a str, not NoneType"),
        (page_head, (), {"lang": None}, InvalidValueError, "lang must be 'fr' or 'en', not None"),
        (colour, ("7",), {}, InvalidTypeError, "principle must be an int, not str"),
    ],
)
def test_bad_input_is_named(
    function: Callable[..., object],
    arguments: tuple[object, ...],
    keywords: dict[str, object],
    error: type[Exception],
    message: str,
) -> None:
    with pytest.raises(error) as info:
        function(*arguments, **keywords)
    assert str(info.value).startswith(message)


def test_a_hit_outside_the_text_is_named_with_the_text_length() -> None:
    with pytest.raises(InvalidValueError) as info:
        render_tags("ab", OUTSIDE)
    assert str(info.value) == "a hit of principle 7 spans 1:3, outside the text (of length 2)"


def test_ten_distinct_colours() -> None:
    assert len(set(COLOURS)) == 10
    assert [colour(n) for n in range(1, 12)] == [*COLOURS, COLOURS[0]]


def test_the_command_line_writes_one_page_for_all_texts(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    one = tmp_path / "one.txt"
    one.write_text(f"{PATIENTS}\n\nrien\n\n<script>x</script>\n", encoding="utf-8")
    two = tmp_path / "two.txt"
    two.write_text("Le benchmarking des indicateurs de qualité.", encoding="utf-8")
    status, out, err = run(
        capsys, "tag", str(one), str(two), "--by", "paragraph", "--format", "html"
    )
    assert (status, err) == (0, "")
    assert out.startswith("<!DOCTYPE html>")
    assert out.endswith("</html>\n")
    page = read_page(out)
    assert page.texts == [f"{PATIENTS}\n", "rien\n", "<script>x</script>\n", two.read_text("utf-8")]
    assert "script" not in page.tags
    assert page.tags.count("h2") == 4
    assert f"<h2>{one}:5</h2>" in out
    assert {m.attrs.get("data-principles") for m in page.marks} == {"7", "10"}
    assert [len(legend) for legend in page.legends] == [1, 1]  # the two texts tagged
    assert '<html lang="fr">' in out


class _Lines:
    """Standard input that notes, as each paragraph is read, how many sections were written."""

    def __init__(self, paragraphs: int, written: Callable[[], str]) -> None:
        self.paragraphs = paragraphs
        self.written = written
        self.seen: list[int] = []

    def __iter__(self) -> Iterator[str]:
        for _ in range(self.paragraphs):
            self.seen.append(self.written().count("<section>"))
            yield "Un comité de patients relit nos brochures.\n"
            yield "\n"


def test_the_command_line_page_is_written_as_the_texts_are_tagged(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    stdout = io.StringIO()
    lines = _Lines(300, stdout.getvalue)
    monkeypatch.setattr("sys.stdin", lines)
    monkeypatch.setattr("sys.stdout", stdout)
    assert main(["tag", "-", "--by", "paragraph", "--format", "html"]) == 0
    assert stdout.getvalue().count("<section>") == 300
    assert lines.seen[0] == 0
    assert lines.seen[-1] >= 200  # sections written long before the input ends
