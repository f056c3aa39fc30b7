"""Hypothesis strategies shared by the property tests."""

from __future__ import annotations

import copy
import math
import unicodedata
from collections.abc import Sequence
from typing import Any, get_args

from hypothesis import strategies as st

import unicancer
from unicancer import Charter, Mission, MissionId, Principle
from unicancer._convert import _structure_str
from unicancer._features import Found
from unicancer._text import fold

MISSION_IDS: tuple[MissionId, ...] = get_args(MissionId)

#: Texts the loader accepts: non-empty, single-spaced, visible (any Unicode but surrogates,
#: control and format characters).
texts = (
    st.text(
        st.characters(codec="utf-8", exclude_categories=("Cc", "Cs", "Cf")),
        min_size=1,
        max_size=12,
    )
    .map(lambda text: " ".join(text.split()))
    .filter(bool)
)
slugs = st.from_regex(r"[a-z0-9]{1,8}(-[a-z0-9]{1,8}){0,2}", fullmatch=True)
#: Keywords the loader accepts: phrases tagging can find, distinct once folded.
keyword_lists = st.lists(
    st.from_regex(r"[a-zA-Zéèàçœ0-9]{1,8}([ '’-][a-zA-Zéà0-9]{1,8}){0,2}", fullmatch=True),
    min_size=1,
    max_size=3,
    unique_by=fold,
).map(tuple)


def accepted_text(text: str) -> bool:
    """Whether the loader accepts *text* as one of the charter's texts."""
    try:
        _structure_str(text, str)
    except ValueError:
        return False
    return True


@st.composite
def principles(draw: st.DrawFn, number: int, slug: str) -> Principle:
    return Principle(
        number=number,
        slug=slug,
        title=draw(texts),
        title_en=draw(texts),
        text=draw(texts),
        text_en=draw(texts),
        missions=tuple(
            draw(st.lists(st.sampled_from(MISSION_IDS), min_size=1, max_size=3, unique=True))
        ),
        keywords=draw(keyword_lists),
        keywords_en=draw(keyword_lists),
    )


@st.composite
def charters(draw: st.DrawFn) -> Charter:
    """Valid charters, random in every field the rules leave free."""
    slug_list = draw(st.lists(slugs, min_size=10, max_size=10, unique=True))
    preamble = tuple(draw(st.lists(texts, min_size=1, max_size=2)))
    return Charter(
        version=draw(
            st.from_regex(r"(0|[1-9][0-9]{0,2})\.(0|[1-9][0-9]?)\.(0|[1-9])", fullmatch=True)
        ),
        title=draw(texts),
        title_en=draw(texts),
        translation_notice=draw(texts),
        preamble=preamble,
        preamble_en=tuple(draw(texts) for _ in preamble),
        missions=tuple(
            Mission(id=i, label=draw(texts), label_en=draw(texts), text=draw(texts))
            for i in MISSION_IDS
        ),
        foundations=draw(texts),
        foundations_en=draw(texts),
        principles_heading=draw(texts),
        principles_heading_en=draw(texts),
        principles=tuple(draw(principles(n + 1, s)) for n, s in enumerate(slug_list)),
    )


# --- corrupted documents -------------------------------------------------------------------

Path = tuple[str | int, ...]


def _paths(data: Any, prefix: Path = ()) -> list[Path]:
    """Every path to a value inside JSON-like *data* (not the root)."""
    found: list[Path] = []
    if isinstance(data, dict):
        for key, value in data.items():
            found.append((*prefix, key))
            found += _paths(value, (*prefix, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            found.append((*prefix, index))
            found += _paths(value, (*prefix, index))
    return found


def path_text(path: Path) -> str:
    """``("principles", 3, "number")`` -> ``"principles[3].number"``: how errors name it."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text


def _wrong_values(value: Any) -> st.SearchStrategy[Any]:
    """JSON values of another type than *value* (never valid where *value* was)."""
    others: list[st.SearchStrategy[Any]] = [
        st.none(),
        st.booleans(),
        st.floats(allow_nan=False, allow_infinity=False),
    ]
    if not isinstance(value, str):
        others.append(st.text(max_size=5))
    if isinstance(value, bool) or not isinstance(value, int):
        others.append(st.integers())
    if not isinstance(value, list):
        others.append(st.lists(st.integers(), max_size=2))
    if not isinstance(value, dict):
        others.append(st.dictionaries(st.text(max_size=3), st.integers(), max_size=2))
    return st.one_of(others)


def _get(data: Any, path: Path) -> Any:
    for part in path:
        data = data[part]
    return data


@st.composite
def corrupted_documents(draw: st.DrawFn) -> tuple[dict[str, Any], str, str]:
    """A copy of the packaged data broken in one random place.

    Returns the document, the path (as errors name it) of the place where the
    problem must be reported, and what was done.
    """
    data: dict[str, Any] = copy.deepcopy(unicancer.unstructure(unicancer.charter))
    paths = _paths(data)
    kind = draw(st.sampled_from(["wrong type", "missing key", "unknown key", "rule"]))
    if kind == "wrong type":
        path = draw(st.sampled_from(paths))
        parent, key = _get(data, path[:-1]), path[-1]
        parent[key] = draw(_wrong_values(parent[key]))
        return data, path_text(path), kind
    if kind == "missing key":
        path = draw(st.sampled_from([p for p in paths if isinstance(p[-1], str)]))
        del _get(data, path[:-1])[path[-1]]
        return data, path_text(path), kind
    if kind == "unknown key":
        objects: list[Path] = [(), *(p for p in paths if isinstance(_get(data, p), dict))]
        path = draw(st.sampled_from(objects))
        target = _get(data, path)
        name = draw(st.text(min_size=1, max_size=8).filter(lambda k: k not in target))
        target[name] = draw(st.integers())
        return data, path_text(path), kind
    index = draw(st.integers(0, 9))
    principle = data["principles"][index]
    rule = draw(
        st.sampled_from(["number", "slug", "mission", "empty", "spacing", "count", "missions"])
    )
    if rule == "number":
        principle["number"] = draw(st.integers().filter(lambda n: n != index + 1))
        return data, f"principles[{index}].number", rule
    if rule == "slug":
        other = draw(st.integers(0, 9).filter(lambda i: i != index))
        principle["slug"] = data["principles"][other]["slug"]
        return data, f"principles[{max(index, other)}].slug", rule
    if rule == "mission":
        principle["missions"].append(draw(st.text().filter(lambda m: m not in MISSION_IDS)))
        return data, f"principles[{index}].missions[{len(principle['missions']) - 1}]", rule
    if rule == "empty":
        field = draw(st.sampled_from(["text", "text_en", "title", "title_en"]))
        principle[field] = draw(st.sampled_from(["", " ", "\t", "\n"]))
        return data, f"principles[{index}].{field}", rule
    if rule == "spacing":
        field = draw(st.sampled_from(["text", "text_en", "title", "title_en"]))
        principle[field] = draw(st.sampled_from(["{} ", " {}", "{}\n", "{}  {}"])).format(
            principle[field], principle[field]
        )
        return data, f"principles[{index}].{field}", rule
    if rule == "count":
        del data["principles"][draw(st.integers(0, 9)) :]
        return data, "principles", rule
    principle["missions"] = []
    return data, f"principles[{index}].missions", rule


# --- query variants ------------------------------------------------------------------------

_COMBINING = [chr(c) for c in range(0x300, 0x370)]


@st.composite
def variants(draw: st.DrawFn, query: str) -> str:
    """*query* with random case, accents, apostrophe style and surrounding spaces."""
    out = []
    for char in query:
        if char in "'’":
            out.append(draw(st.sampled_from(["'", "’"])))
            continue
        base = unicodedata.normalize("NFD", char)[0] if char.isalpha() else char
        if char.isalpha() and draw(st.booleans()):
            base = base.upper() if draw(st.booleans()) else base.lower()
            if draw(st.booleans()):
                base += draw(st.sampled_from(_COMBINING))
        else:
            base = char
        out.append(base)
    space = st.text(" \t\n", max_size=3)
    return (
        draw(space)
        + unicodedata.normalize(draw(st.sampled_from(["NFC", "NFD"])), "".join(out))
        + draw(space)
    )


# --- texts to tag ------------------------------------------------------------------------

#: Every keyword of the packaged charter, in both languages.
KEYWORDS: tuple[str, ...] = tuple(
    keyword
    for p in unicancer.charter.principles
    for lang in ("fr", "en")
    for keyword in p.keywords_in(lang)
)

#: Ways of writing a space between two words of a term.
SEPARATORS = (" ", "  ", "-", "\u2011", " \u2013 ", "\n", "\t", "\u00a0")
#: Ways of writing an apostrophe.
APOSTROPHE_STYLES = ("'", "\u2019", "\u2018", "\u02bc", "`")
#: Characters that a text may hold around the terms: letters, punctuation,
#: characters that fold to several (ß, œ, …) or to nothing (combining marks).
NOISE = "aeszAEÉ ,.;:!?()«»\"'’-–\n\tßœÆİ…\u0301\u0327\u00a0€😀ﬁ1"


def _variant_char(char: str, upper: bool, decompose: bool) -> str:
    if upper:
        char = char.upper() if len(char.upper()) == 1 else char
    if decompose:
        char = unicodedata.normalize("NFD", char)
    return char


@st.composite
def written(draw: st.DrawFn, phrase: str) -> str:
    """*phrase* as someone might write it: case, accents' form, separators, apostrophes."""
    words = phrase.split(" ")
    out: list[str] = []
    for index, word in enumerate(words):
        if index:
            out.append(draw(st.sampled_from(SEPARATORS)))
        for char in word:
            if char in "'\u2019":
                out.append(draw(st.sampled_from(APOSTROPHE_STYLES)))
            else:
                out.append(_variant_char(char, draw(st.booleans()), draw(st.booleans())))
    return "".join(out)


#: A keyword of the packaged charter, written in some way.
written_keywords = st.sampled_from(KEYWORDS).flatmap(written)

#: Texts mixing written keywords with noise: where terms are, and where they almost are.
texts_with_terms = st.lists(
    st.one_of(written_keywords, st.text(alphabet=NOISE, max_size=6)), max_size=8
).map("".join)

#: Texts mixing written keywords with any Latin-1 characters.
latin1_texts_with_terms = st.lists(
    st.one_of(written_keywords, st.text(st.characters(max_codepoint=0xFF), max_size=6)),
    max_size=8,
).map("".join)

#: A short text of arbitrary Unicode.
any_text = st.text(max_size=200)

#: Words that fold to themselves, of letters that other characters fold to or from.
TRICKY_WORDS = ("a", "ab", "e", "ss", "oe", "ae", "ð", "ø", "1", "ł", "μ")
#: Characters around such words: their variants, separators, letters folding to several.
TRICKY_CHARS = "aAbBeEéÉsSßẞoOœŒæÆðÐøØłŁµμ\u039c1¹½_ \t-–'’.…«中\u0301\u00a0\ud800"

#: What may come between words: spaces, punctuation, marks, letters folding to several.
TRICKY_SEPARATORS = (" ", "  ", "-", "–", "\n", "'", "’", ".", "…", "«", "“", "\u0301", "ß", "½")


@st.composite
def tricky_phrases_and_texts(draw: st.DrawFn) -> tuple[frozenset[str], str]:
    """Phrases of `TRICKY_WORDS`, and a text of their words, written, between tricky characters."""
    # Half of the time, none of the letters that only the slower way of matching can find.
    vocabulary = draw(st.sampled_from([TRICKY_WORDS, TRICKY_WORDS[:-2]]))
    phrases = set()
    for _ in range(draw(st.integers(1, 4))):
        words = draw(st.lists(st.sampled_from(vocabulary), min_size=1, max_size=3))
        phrase = words[0]
        for word in words[1:]:
            phrase += draw(st.sampled_from([" ", "'"])) + word
        phrases.add(phrase)
    words = sorted({w for phrase in phrases for w in phrase.replace("'", " ").split()})
    parts = draw(
        st.lists(
            st.one_of(
                st.sampled_from(sorted(phrases)).flatmap(_nearly_written),
                st.sampled_from(words).flatmap(written),
                st.text(alphabet=TRICKY_CHARS, max_size=2),
            ),
            max_size=8,
        )
    )
    separators = st.sampled_from(("", *TRICKY_SEPARATORS))
    return frozenset(phrases), "".join(draw(separators) + part for part in parts)


@st.composite
def _nearly_written(draw: st.DrawFn, phrase: str) -> str:
    """*phrase* written, its spaces and apostrophes made any `TRICKY_SEPARATORS`."""
    *words, last = [draw(written(word)) for word in phrase.replace("'", " ").split()]
    separators = st.sampled_from(TRICKY_SEPARATORS)
    return "".join(word + draw(separators) for word in words) + last


#: A set of principle numbers: a passage's labels, or a tagger's answer.
principle_sets = st.frozensets(st.integers(min_value=1, max_value=10), max_size=4)

#: A gold set with a tagger's answers: ``(labels, predicted)`` per passage, at least one.
labelled_predictions = st.lists(st.tuples(principle_sets, principle_sets), min_size=1, max_size=30)

#: ``(path, message)`` problems, as `CharterDataError` and `GoldDataError` take them.
problems = st.lists(st.tuples(st.text(max_size=20), st.text(max_size=40)), max_size=4)
#: Documents a `CharterDataError` can name.
document_names = st.sampled_from(["charter", "lexicon", "gold"]) | st.text(max_size=10)
#: Keys a caller may look up: anything equal to its own copy (no NaN).
lookup_keys = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False)
    | st.text(max_size=20)
    | st.binary(max_size=10),
    lambda inner: st.tuples(inner, inner) | st.lists(inner, max_size=3),
    max_leaves=6,
)


# --- HTML views and plots -------------------------------------------------------------------

#: Texts for the HTML view: any, with terms, and markup-heavy ones (quotes, CR, NUL, tags).
html_texts = st.one_of(
    any_text,
    texts_with_terms,
    st.lists(
        st.one_of(
            written_keywords,
            st.sampled_from(["<script>", "</div>", "&amp;", "&#13;", "<!--", "]]>", '"', "'"]),
            st.text(alphabet="<>&\"'/=\r\n\x00\ud800 ab", max_size=6),
        ),
        max_size=10,
    ).map("".join),
)
#: (probability, labelled) pairs, with ties.
scored_pairs = st.lists(
    st.tuples(st.sampled_from([0.0, 0.1, 0.25, 0.5, 0.9, 1.0]) | st.floats(0, 1), st.booleans()),
    min_size=1,
    max_size=40,
)
#: Words to write documents with: some of the charter's keywords, and words of no principle.
DOCUMENT_WORDS = (
    *sorted({k for p in unicancer.charter for k in p.keywords[:2]}),
    *("le", "the", "et", "and", "four", "oven", "rien", "é", "."),
)
#: Short documents of those words.
documents = st.lists(st.sampled_from(DOCUMENT_WORDS), max_size=6).map(" ".join)
#: A column of documents, some of them missing (``None``), with each row's language.
document_rows = st.lists(
    st.tuples(st.none() | documents, st.sampled_from(["fr", "en", None])), max_size=8
)


#: Sentences of `texts_with_terms`, enough of them to make texts of several windows.
long_texts_with_terms = st.lists(
    st.tuples(
        texts_with_terms, st.sampled_from([". ", "! ", ";\n", "\n", "… ", " ", ".", "?\u00a0"])
    ),
    max_size=120,
).map(lambda parts: "".join(text + end for text, end in parts))


@st.composite
def found_spans(draw: st.DrawFn, keys: Sequence[str], positions: int) -> list[Found]:
    """Spans of one window as `Tagger._found` gives them, in any number and order: keys
    of *keys* (some shared by a term and a phrase, some at one start several times),
    term positions below *positions* or -1 (a learned phrase)."""
    spans = st.tuples(
        st.integers(min_value=0, max_value=40),
        st.integers(min_value=1, max_value=20),
        st.sampled_from(keys),
        st.integers(min_value=-1, max_value=positions - 1),
    )
    return [(start, start + length, key, term) for start, length, key, term in draw(
        st.lists(spans, max_size=60)
    )]  # fmt: skip


def _next_to(x: float, steps: int) -> float:
    for _ in range(abs(steps)):
        x = math.nextafter(x, math.inf if steps > 0 else -math.inf)
    return x


_ties = st.builds(
    lambda k, steps: _next_to((k + 0.5) / 1e6, steps),
    st.integers(min_value=-(10**11), max_value=10**11),
    st.integers(min_value=-2, max_value=2),
)
_binary_ties = st.builds(  # odd / 128 and the like: x * 1e6 is exactly half-way
    lambda odd, power, steps: _next_to((2 * odd + 1) / 2**power, steps),
    st.integers(min_value=-(10**6), max_value=10**6),
    st.integers(min_value=1, max_value=12),
    st.integers(min_value=-1, max_value=1),
)
#: Floats where shares are rounded in C (1e-7 <= |x| < 1e6), many at or next to a tie.
shares = st.one_of(
    st.floats(min_value=-1e6, max_value=1e6, allow_nan=False),
    st.floats(min_value=-1e-5, max_value=1e-5, allow_nan=False),
    _ties,
    _binary_ties,
).filter(lambda x: 1e-7 <= abs(x) < 1e6)
