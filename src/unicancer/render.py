"""Tagged texts as HTML: every hit in its principle's colour, its weight on hover, a legend.

A page is self-contained (inline CSS, no script, no image, no font, nothing
fetched: its Content Security Policy forbids it) and safe with any text: the
text, the labels and the titles are escaped, so markup in them shows as
typed and never runs.

>>> from unicancer.render import render
>>> page = render("Un comité de patients relit nos brochures.")
>>> page.startswith("<!DOCTYPE html>")
True
>>> '<mark class="c6" data-principles="7"' in page
True

To write a page piece by piece (for many texts, as ``unicancer tag --format
html`` does), join `page_head`, one `render_tags` per text and `page_foot`.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Final

from ._checks import check_lang
from ._errors import InvalidTypeError, InvalidValueError
from ._model import Lang
from ._records import Hit, Tag

if TYPE_CHECKING:
    from ._tagging import Tagger

__all__ = ["COLOURS", "colour", "page_foot", "page_head", "render", "render_tags"]

#: The background colour of each principle's hits, from principle 1 to 10 (light, for dark
#: text, and of ten distinct hues: ColorBrewer's "Set3").
COLOURS: Final[tuple[str, ...]] = (
    "#8dd3c7",
    "#ffed6f",
    "#bebada",
    "#fb8072",
    "#80b1d3",
    "#fdb462",
    "#b3de69",
    "#fccde5",
    "#d9d9d9",
    "#bc80bd",
)

_CSS = (
    "body{font:16px/1.7 system-ui,sans-serif;color:#111;background:#fff;"
    "max-width:50em;margin:1em auto;padding:0 1em}"
    "section{border-top:1px solid #ccc;padding:.5em 0}"
    "h2{font-size:1em;margin:.3em 0;color:#444;overflow-wrap:anywhere}"
    ".legend{list-style:none;padding:0;margin:.3em 0;font-size:.9em}"
    ".legend li{display:inline-block;margin-right:1.2em}"
    ".swatch{display:inline-block;width:.9em;height:.9em;margin-right:.3em;"
    "vertical-align:-.1em;border:1px solid #888}"
    ".text{white-space:pre-wrap;overflow-wrap:anywhere}"
    "mark{color:inherit;background:none;border-radius:2px}"
    "mark.against{text-decoration-line:underline;text-decoration-style:dashed;"
    "text-decoration-thickness:2px}"
    + "".join(
        f".c{i}{{background:{c}}}.a{i}{{text-decoration-color:{c}}}" for i, c in enumerate(COLOURS)
    )
)

#: The page's words, in each language.
_WORDS: Final[dict[str, dict[str, str]]] = {
    "fr": {"none": "Aucun principe", "score": "probabilité", "against": "contre"},
    "en": {"none": "No principle", "score": "probability", "against": "against"},
}

# Escape the markup characters and quotes; keep a carriage return (a browser reads a raw one
# as a line feed); NUL and lone surrogates, which no HTML text can hold, become U+FFFD.
_ESCAPES: Final[dict[int, str]] = {
    **dict.fromkeys(range(0xD800, 0xE000), "\ufffd"),
    0: "\ufffd",
    ord("\r"): "&#13;",
    ord("&"): "&amp;",
    ord("<"): "&lt;",
    ord(">"): "&gt;",
    ord('"'): "&quot;",
    ord("'"): "&#39;",
}


def _escape(text: str) -> str:
    return text.translate(_ESCAPES)


def colour(principle: int) -> str:
    """The colour of *principle*'s hits (by number; past 10, the colours come round again).

    >>> colour(7)
    '#b3de69'
    """
    if isinstance(principle, bool) or not isinstance(principle, int):
        raise InvalidTypeError(f"principle must be an int, not {type(principle).__name__}")
    return COLOURS[(principle - 1) % len(COLOURS)]


def _index(principle: int) -> int:
    return (principle - 1) % len(COLOURS)


def page_head(*, title: str = "unicancer", lang: Lang = "fr") -> str:
    """The start of a page: its head (styles, *title*, the language *lang*) and heading.

    Raises:
        InvalidTypeError: *title* is not a `str`.
        InvalidValueError: *lang* is not ``"fr"`` or ``"en"``.
    """
    if not isinstance(title, str):
        raise InvalidTypeError(f"title must be a str, not {type(title).__name__}")
    check_lang(lang, allow_none=False)
    shown = _escape(title)
    return (
        f'<!DOCTYPE html>\n<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
        '<meta http-equiv="Content-Security-Policy" '
        "content=\"default-src 'none'; style-src 'unsafe-inline'\">\n"
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{shown}</title>\n<style>{_CSS}</style>\n</head>\n<body>\n<h1>{shown}</h1>\n"
    )


def page_foot() -> str:
    """The end of a page."""
    return "</body>\n</html>\n"


def _check(text: object, tags: object) -> tuple[Tag, ...]:
    if not isinstance(text, str):
        raise InvalidTypeError(f"can only render a str, not {type(text).__name__}")
    if isinstance(tags, (str, bytes)) or not isinstance(tags, Iterable):
        raise InvalidTypeError(f"tags must be a sequence of Tag, not {type(tags).__name__}")
    checked = tuple(tags)
    for tag in checked:
        if not isinstance(tag, Tag):
            raise InvalidTypeError(f"tags must be Tag objects, not {type(tag).__name__}")
        for hit in tag.hits:
            if not 0 <= hit.start <= hit.end <= len(text):
                raise InvalidValueError(
                    f"a hit of principle {tag.principle.number} spans {hit.start}:{hit.end}, "
                    f"outside the text (of length {len(text)})"
                )
    return checked


def _hover(tag: Tag, hit: Hit, lang: Lang) -> str:
    against = f" ({_WORDS[lang]['against']})" if hit.weight < 0 else ""
    return (
        f"{tag.principle.number} {tag.principle.title_in(lang)}: "
        f"{hit.weight:+.2f}{against}, {hit.term.text}"
    )


def _marked(text: str, tags: tuple[Tag, ...], lang: Lang, against: bool) -> Iterable[str]:
    """*text*, escaped, cut at every hit's bounds, each piece marked with the hits over it."""
    spans = sorted(
        (
            (hit.start, hit.end, tag, hit)
            for tag in tags
            for hit in tag.hits
            if hit.end > hit.start and (against or hit.weight >= 0)
        ),
        key=lambda span: span[:2],
    )
    cuts = sorted({0, len(text), *(s[0] for s in spans), *(s[1] for s in spans)})
    active: list[tuple[int, int, Tag, Hit]] = []
    waiting = iter(spans)
    following = next(waiting, None)
    for start, end in itertools.pairwise(cuts):
        active = [span for span in active if span[1] > start]
        while following is not None and following[0] <= start:
            active.append(following)
            following = next(waiting, None)
        piece = _escape(text[start:end])
        if not active:
            yield piece
            continue
        yield _mark(active, lang, piece)


def _mark(spans: list[tuple[int, int, Tag, Hit]], lang: Lang, piece: str) -> str:
    """*piece* in a ``<mark>``: a background of the principles it is evidence for (stripes when
    several), an underline of those it counts against, and every hit's weight on hover."""
    ups = sorted({s[2].principle.number for s in spans if s[3].weight >= 0})
    downs = sorted({s[2].principle.number for s in spans if s[3].weight < 0} - set(ups))
    classes = [f"c{_index(n)}" for n in ups[:1]] if len(ups) == 1 else []
    classes += ["against", *(f"a{_index(n)}" for n in downs[:1])] if downs else []
    style = ""
    if len(ups) > 1:
        share = 100 / len(ups)
        stops = ",".join(
            f"{colour(n)} {i * share:.4g}% {(i + 1) * share:.4g}%" for i, n in enumerate(ups)
        )
        style = f' style="background:linear-gradient({stops})"'
    hover = _escape("\n".join(_hover(s[2], s[3], lang) for s in spans))
    data = f' data-principles="{" ".join(map(str, ups))}"' if ups else ""
    data += f' data-against="{" ".join(map(str, downs))}"' if downs else ""
    return f'<mark class="{" ".join(classes)}"{data}{style} title="{hover}">{piece}</mark>'


def render_tags(
    text: str,
    tags: Sequence[Tag],
    *,
    lang: Lang = "fr",
    label: str | None = None,
    against: bool = False,
) -> str:
    """One tagged text, as a ``<section>`` of a page: *label* as its heading if given, a
    legend (each tag's number, title in *lang* and probability) and the text with its hits.

    Every piece of evidence of *tags* (a hit of positive weight) is marked on a background of
    its principle's colour, with its principle, weight and term on hover; with *against*,
    the hits that count against a tag's principle are marked too, underlined in its colour
    (a tag's `Tag.hits` hold both). Where hits overlap, the text is cut at every hit's bounds, and
    each piece is marked with all the hits over it (in stripes when they are for several
    principles). The text itself is kept whole: the section's ``.text`` element holds it,
    character for character (but NUL and lone surrogates, shown as U+FFFD).

    Raises:
        InvalidTypeError: *text* is not a `str`, *tags* not a sequence of `Tag`, or *label*
            neither a `str` nor ``None``.
        InvalidValueError: A hit is outside the text, or *lang* is invalid.

    >>> from unicancer import tag
    >>> text = "Un comité de patients relit nos brochures."
    >>> section = render_tags(text, tag(text), lang="en")
    >>> section.count('<mark class="c6" data-principles="7"')  # "comité", " de ", "patients"
    3
    """
    tags = _check(text, tags)
    check_lang(lang, allow_none=False)
    if label is not None and not isinstance(label, str):
        raise InvalidTypeError(f"label must be a str or None, not {type(label).__name__}")
    heading = "" if label is None else f"<h2>{_escape(label)}</h2>\n"
    items = "".join(
        f'<li data-principle="{n}"><span class="swatch c{_index(n)}"></span>'
        f"{n} {_escape(t.principle.title_in(lang))} "
        f'<span class="score" title="{_WORDS[lang]["score"]}">{t.score:.2f}</span></li>'
        for t in tags
        for n in (t.principle.number,)
    )
    legend = (
        f'<ul class="legend">{items}</ul>'
        if tags
        else f'<p class="legend">{_WORDS[lang]["none"]}</p>'
    )
    body = "".join(_marked(text, tags, lang, bool(against)))
    return f'<section>\n{heading}{legend}\n<div class="text">{body}</div>\n</section>\n'


def render(
    texts: str | Iterable[str],
    tagger: Tagger | None = None,
    *,
    lang: Lang | None = None,
    title: str = "unicancer",
    against: bool = False,
) -> str:
    """Tag *texts* (one text, or an iterable of texts) and return them as one HTML page.

    *tagger* defaults to ``Tagger()``. With *lang*, the texts are tagged in that language
    only and the page is in it; without, both languages' terms are looked for and the
    principles' titles are in French. See `render_tags` for what a text looks like, and
    *against*.

    Raises:
        InvalidTypeError: *texts* is neither a `str` nor an iterable of them.
        InvalidValueError: *lang* is invalid.

    >>> page = render(["Des patients partenaires.", "<b>Rien</b>"], lang="en")
    >>> page.count("<section>"), "&lt;b&gt;Rien&lt;/b&gt;" in page
    (2, True)
    """
    from ._tagging import Tagger, _default

    if isinstance(texts, str):
        texts = (texts,)
    elif isinstance(texts, bytes) or not isinstance(texts, Iterable):
        raise InvalidTypeError(
            f"texts must be a str or an iterable of str, not {type(texts).__name__}"
        )
    check_lang(lang, allow_none=True)
    if tagger is None:
        tagger = _default()
    elif not isinstance(tagger, Tagger):
        raise InvalidTypeError(f"tagger must be a Tagger or None, not {type(tagger).__name__}")
    shown: Lang = lang or "fr"
    texts = list(texts)
    parts = [page_head(title=title, lang=shown)]
    for text, tags in zip(texts, tagger.tag_many(texts, lang=lang), strict=True):
        parts.append(render_tags(text, tags, lang=shown, against=against))
    parts.append(page_foot())
    return "".join(parts)
