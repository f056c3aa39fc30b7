"""A spaCy pipeline component: ``nlp.add_pipe("unicancer")``.

Install with ``pip install "unicancer[spacy]"``. The component needs no spaCy
model: a `Tagger` reads ``doc.text``, whatever the pipeline's language and
tokenizer (``spacy.blank("fr")`` will do). Only this module imports spaCy:
``import unicancer`` never does.

unicancer advertises the factory ``unicancer`` through the ``spacy_factories``
entry point, so spaCy finds it once unicancer is installed, for
``nlp.add_pipe`` as for a saved pipeline's ``config.cfg``. The component sets:

- ``doc.cats``: every principle's probability (`Tagger.probabilities`), by
  slug, in charter order, all ten always present: scores, not decisions, as
  is spaCy's convention for text classification;
- ``doc.spans["unicancer"]``: one `Span` per piece of evidence of each
  principle the tagger tags, that is each hit of its `Tag` whose weight is
  positive (a long text's: those of the principle's likeliest window),
  labelled with the principle's slug, in text order. A hit that is evidence
  for two principles gives two spans, one per label. The group's
  ``attrs["weights"]`` holds each span's `Hit.weight`, in the same order.

Hits are found in the text, not in the tokens. Where one starts or ends
inside a token (``innovation`` in ``l'innovation``, which spaCy's English
tokenizer keeps whole), its span is widened to the tokens it touches:
``doc.char_span(start, end, alignment_mode="expand")``.

The settings are those of `Tagger`, in spaCy's config::

    [components.unicancer]
    factory = "unicancer"
    threshold = 0.5
    thresholds = {"patient-partnership": 0.8}
    languages = ["fr", "en"]
    spans_key = "unicancer"

*threshold* and *thresholds* choose the principles whose evidence makes the
spans; *thresholds* is keyed by slug or by number (``"7"``). The component has
no weights of its own (the model is packaged with unicancer): a pipeline saved
with ``nlp.to_disk`` keeps its settings, and ``spacy.load`` rebuilds it.

>>> import spacy
>>> nlp = spacy.blank("fr")
>>> _ = nlp.add_pipe("unicancer", config={"thresholds": {"patient-partnership": 0.6}})
>>> doc = nlp("Un comité de patients relit nos brochures.")
>>> max(doc.cats, key=doc.cats.__getitem__)
'patient-partnership'
>>> sorted({span.label_ for span in doc.spans["unicancer"]})
['patient-partnership']
>>> "comité de patients" in [span.text for span in doc.spans["unicancer"]]
True
"""

import functools
from collections.abc import Mapping, Sequence
from types import MappingProxyType

import attrs
from spacy.language import Language
from spacy.tokens import Doc, Span

from ._errors import InvalidTypeError, InvalidValueError
from ._evaluate import charter_of
from ._model import Charter, Lang
from ._tagging import DEFAULT_THRESHOLD, Tagger
from ._terms import LANGS

__all__ = ["SPANS_KEY", "UnicancerComponent", "make_component"]

#: The key of ``doc.spans`` the component sets, by default.
SPANS_KEY = "unicancer"
# The component's settings by default, as in spaCy's config (which wants a dict).
_CONFIG = {
    "threshold": DEFAULT_THRESHOLD,
    "thresholds": {},
    "languages": list(LANGS),
    "spans_key": SPANS_KEY,
}


@attrs.define(on_setattr=attrs.setters.frozen)
class UnicancerComponent:
    """Sets ``doc.cats`` and ``doc.spans[spans_key]`` from a `Tagger` (see the module's notes).

    ``nlp.add_pipe("unicancer")`` makes one from its config. For a `Tagger`
    the config cannot describe (extra terms, another charter), return one
    from a factory of your own (``@Language.factory``).

    Attributes:
        tagger: The tagger that reads each document.
        name: The component's name in the pipeline (the one attribute that
            can be set: spaCy renames its components).
        spans_key: The key of ``doc.spans`` it sets.
    """

    tagger: Tagger
    name: str = attrs.field(default="unicancer", kw_only=True, on_setattr=attrs.setters.NO_OP)
    spans_key: str = attrs.field(default=SPANS_KEY, kw_only=True)

    def __attrs_post_init__(self) -> None:
        if not isinstance(self.tagger, Tagger):
            raise InvalidTypeError(f"tagger must be a Tagger, not {type(self.tagger).__name__}")
        for label, value in (("name", self.name), ("spans_key", self.spans_key)):
            if not isinstance(value, str) or not value:
                raise InvalidValueError(f"{label} must be a non-empty str, not {value!r}")

    @functools.cached_property
    def _slugs(self) -> Mapping[int, str]:
        return MappingProxyType({p.number: p.slug for p in charter_of(self.tagger).principles})

    def __call__(self, doc: Doc) -> Doc:
        """Tag *doc*: set its ``cats`` and its span group; return it."""
        text = doc.text
        probabilities = self.tagger.probabilities(text)
        doc.cats.update({self._slugs[n]: p for n, p in probabilities.items()})
        found: list[tuple[int, int, int, Span, float]] = []
        for tag in self.tagger.tag(text):
            slug = tag.principle.slug
            for hit in tag.hits:
                if hit.weight <= 0:
                    continue
                span = doc.char_span(hit.start, hit.end, label=slug, alignment_mode="expand")
                if span is not None:  # never None for a hit, which is not blank
                    found.append((hit.start, hit.end, tag.principle.number, span, hit.weight))
        found.sort(key=lambda item: item[:3])
        doc.spans[self.spans_key] = [item[3] for item in found]
        doc.spans[self.spans_key].attrs["weights"] = [item[4] for item in found]
        return doc


def _thresholds(charter: Charter, value: object) -> dict[int, float]:
    """Per-principle thresholds keyed by slug or number string, keyed by number."""
    if not isinstance(value, Mapping):
        raise InvalidTypeError(
            f"thresholds must be a mapping of slugs to probabilities, not {type(value).__name__}"
        )
    result: dict[int, float] = {}
    keys: dict[int, str] = {}
    for key, threshold in value.items():
        if not isinstance(key, str):
            raise InvalidTypeError(f"a key of thresholds must be a str, not {key!r}")
        number = charter.principle(int(key) if key.isascii() and key.isdigit() else key).number
        if number in keys:
            raise InvalidValueError(
                f"thresholds: principle {number} is given twice, as {keys[number]!r} and {key!r}"
            )
        keys[number] = key
        result[number] = threshold
    return result


def _languages(value: object) -> tuple[Lang, ...]:
    if isinstance(value, str) or not isinstance(value, Sequence):
        raise InvalidTypeError(f"languages must be a list of 'fr' and 'en', not {value!r}")
    return tuple(value)


def make_component(
    nlp: Language,
    name: str,
    threshold: float,
    thresholds: dict[str, float],
    languages: list[str],
    spans_key: str,
) -> UnicancerComponent:
    """Make the component from its config: spaCy calls this for ``nlp.add_pipe("unicancer")``.

    spaCy first checks each setting's type against this signature (a
    ``ConfigValidationError``, a `ValueError` naming the setting); unicancer
    then checks the values.

    Raises:
        InvalidTypeError: a setting has the wrong type (when called directly).
        InvalidValueError: *threshold* or a threshold is not a probability,
            a principle is given twice in *thresholds*, *languages* is not a
            non-empty list of distinct ``"fr"`` and ``"en"``, or *spans_key*
            is empty.
        NotFoundError: a key of *thresholds* is not a principle's slug or number.
    """
    from ._loading import packaged

    tagger = Tagger(
        threshold=threshold,
        thresholds=_thresholds(packaged(), thresholds),
        languages=_languages(languages),
    )
    return UnicancerComponent(tagger, name=name, spans_key=spans_key)


# Registered by a call, not as a decorator: spaCy's decorator would type the function as Any.
Language.factory(
    "unicancer", default_config=_CONFIG, assigns=["doc.cats", "doc.spans"], func=make_component
)
