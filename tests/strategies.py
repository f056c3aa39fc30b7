"""Hypothesis strategies shared by the property tests."""

from __future__ import annotations

import unicodedata

from hypothesis import strategies as st

from unicancer import charter

#: Every keyword of the packaged charter, in both languages.
KEYWORDS: tuple[str, ...] = tuple(
    keyword for p in charter.principles for lang in ("fr", "en") for keyword in p.keywords_in(lang)
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

#: A short text of arbitrary Unicode.
any_text = st.text(max_size=200)

#: A set of principle numbers: a passage's labels, or a tagger's answer.
principle_sets = st.frozensets(st.integers(min_value=1, max_value=10), max_size=4)

#: A gold set with a tagger's answers: ``(labels, predicted)`` per passage, at least one.
labelled_predictions = st.lists(st.tuples(principle_sets, principle_sets), min_size=1, max_size=30)
