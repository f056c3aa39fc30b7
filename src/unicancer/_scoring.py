"""The learned model: weights and biases that turn features into probabilities.

For each principle *p*, the model is a logistic regression over the
features of `unicancer._features`, calibrated on held-out folds of its
training corpus::

    P(p | window) = 1 / (1 + exp(-(bias[p] + sum of weight[p, f] * value[f])))

The weights live in ``data/model.json``, under the charter's data version and
bound to it by `Model.digest`; ``tools/train.py`` rebuilds them from the
project's corpus. Inference is this module: pure Python, no dependency.
"""

from __future__ import annotations

import functools
import itertools
import math
from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING

import attrs

from ._features import WINDOW, Chosen, Found
from ._records import Hit, learned_term

if TYPE_CHECKING:
    from ._terms import TermIndex

__all__ = [
    "Model",
    "PrincipleWeights",
    "choose",
    "from_data",
    "hits_of",
    "loads_model",
    "packaged_model",
    "prior_model",
]


@attrs.frozen
class PrincipleWeights:
    """The model of one principle.

    Attributes:
        number: The principle's number, 1 to 10.
        bias: The log-odds of the principle in a window with no feature.
        lexicon: The weight of ``ln(1 + n)``, *n* the number of distinct terms
            of principle *q* found, for *q* = 1 to 10.
        terms: ``(folded lexicon term, weight)`` pairs, sorted.
        phrases: ``(folded learned phrase, weight)`` pairs, sorted.
    """

    number: int
    bias: float
    lexicon: tuple[float, ...]
    terms: tuple[tuple[str, float], ...]
    phrases: tuple[tuple[str, float], ...]


@attrs.frozen
class Model:
    """Weights and biases that score texts, one `PrincipleWeights` per principle.

    Attributes:
        version: The data version, the charter's.
        window: The longest text, in characters, scored in one piece.
        principles: The principles' weights, in the charter's order.

    >>> from unicancer._scoring import packaged_model
    >>> model = packaged_model()
    >>> [w.number for w in model.principles] == list(range(1, 11))
    True
    """

    version: str
    window: int
    principles: tuple[PrincipleWeights, ...]

    @functools.cached_property
    def digest(self) -> str:
        """The SHA-256 of the model's canonical JSON serialisation."""
        import hashlib
        import json

        data = json.dumps(to_data(self), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(data.encode()).hexdigest()

    @functools.cached_property
    def phrases(self) -> frozenset[str]:
        """Every learned phrase that some principle weighs."""
        return frozenset(g for w in self.principles for g, _ in w.phrases)

    @functools.cached_property
    def compiled(self) -> Compiled:
        """The weights indexed for scoring."""
        return Compiled(self)


def to_data(model: Model) -> dict[str, object]:
    """*model* as JSON-compatible data (the layout of ``data/model.json``)."""
    return {
        "version": model.version,
        "window": model.window,
        "principles": [
            {
                "number": w.number,
                "bias": w.bias,
                "lexicon": list(w.lexicon),
                "terms": dict(w.terms),
                "phrases": dict(w.phrases),
            }
            for w in model.principles
        ],
    }


class Compiled:
    """A model's weights as vectors, for scoring in few Python steps."""

    def __init__(self, model: Model) -> None:
        self.size = len(model.principles)
        self.bias = tuple(w.bias for w in model.principles)
        #: lexicon[q - 1]: each principle's weight of the lexicon feature of principle q.
        self.lexicon: list[tuple[float, ...]] = [
            tuple(w.lexicon[q] for w in model.principles) for q in range(self.size)
        ]
        vectors: dict[tuple[str, bool], list[float]] = {}
        for index, weights in enumerate(model.principles):
            for table, is_phrase in ((weights.terms, False), (weights.phrases, True)):
                for key, weight in table:
                    vectors.setdefault((key, is_phrase), [0.0] * self.size)[index] = weight
        #: (key, is a learned phrase) -> each principle's weight of that feature.
        self.vectors = {key: tuple(vector) for key, vector in vectors.items()}
        #: For each principle index: its lexicon weights, and its weight of each term and
        #: phrase (what `contributions` looks up, one principle at a time).
        self.own: list[tuple[tuple[float, ...], dict[str, float], dict[str, float]]] = [
            (w.lexicon, dict(w.terms), dict(w.phrases)) for w in model.principles
        ]


def sigmoid(x: float) -> float:
    """The logistic function, without overflow."""
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    z = math.exp(x)
    return z / (1.0 + z)


def choose(
    best: Sequence[float], where: Sequence[int], floors: Sequence[tuple[float, float]]
) -> list[Chosen]:
    """The principles whose probability, rounded to 6 places, reaches its threshold,
    best first (ties in index order): each one's index, score and window (*where*).

    *floors* gives each principle's threshold and the log-odds below which it cannot
    be reached (`unicancer._settings.floors`): only those above are rounded.
    """
    chosen: list[tuple[float, int, int]] = []
    for index, (threshold, floor) in enumerate(floors):
        value = best[index]
        if value < floor:
            continue
        score = round(sigmoid(value), 6)
        if score >= threshold and score > 0:
            chosen.append((-score, index, where[index]))
    chosen.sort()
    return [(index, -negative, window) for negative, index, window in chosen]


def features(
    found: Sequence[Found], principles: Sequence[int]
) -> tuple[dict[int, float], set[tuple[str, bool]]]:
    """The feature values of the *found* spans of one window.

    The value of each principle's lexicon feature, ``ln(1 + n)`` for *n*
    distinct terms of it found, by principle number; and the distinct
    ``(key, is a learned phrase)`` found, each a feature of value 1.
    *principles* gives, for each term position, its principle's number.
    Training (``tools/train.py``) reads the same values.
    """
    lexicon: dict[int, set[str]] = {}
    for _, _, key, term in found:
        if term >= 0:
            lexicon.setdefault(principles[term], set()).add(key)
    keys = {(key, term < 0) for _, _, key, term in found}
    return {q: math.log1p(len(terms)) for q, terms in lexicon.items()}, keys


def logits(compiled: Compiled, found: Sequence[Found], principles: Sequence[int]) -> list[float]:
    """The log-odds of each principle given the *found* spans of one window."""
    if not found:
        return list(compiled.bias)
    lexicon, keys = features(found, principles)
    vectors = compiled.vectors
    terms: list[tuple[float, ...]] = [vectors[key] for key in keys if key in vectors]
    for q, value in lexicon.items():
        terms.append(tuple(value * weight for weight in compiled.lexicon[q - 1]))
    # Summed column by column, from the bias, in the order of the terms.
    return [math.fsum(column) for column in zip(compiled.bias, *terms, strict=True)]


def contributions(
    compiled: Compiled, found: Sequence[Found], principles: Sequence[int], indices: Sequence[int]
) -> list[list[float]]:
    """Each found span's share of the log-odds of each principle of *indices* (0-based).

    A feature's contribution is split evenly among the spans that make it:
    the lexicon feature of principle *q* among the hits of *q*'s terms, a
    term's or phrase's weight among its occurrences. Their sum plus the
    bias is the window's log-odds. One list of shares per index.
    """
    lexicon, _ = features(found, principles)
    hits_of = Counter(principles[term] for _, _, _, term in found if term >= 0)
    occurrences = Counter((key, term < 0) for _, _, key, term in found)
    # Each span's lexicon principle (0 for none) and, where it first brings its
    # feature (a span found by terms of several principles counts its key's weight
    # once), the feature's weights, with the number of its occurrences.
    vectors = compiled.vectors
    seen: set[tuple[int, str]] = set()
    spans: list[tuple[int, tuple[float, ...] | None, int]] = []
    for start, _, key, term in found:
        feature = (key, term < 0)
        vector = None
        if (start, key) not in seen:
            seen.add((start, key))
            vector = vectors.get(feature)
        spans.append((principles[term] if term >= 0 else 0, vector, occurrences[feature]))
    result = []
    for index in indices:
        weights = compiled.own[index][0]
        lexicon_share = {q: weights[q - 1] * value / hits_of[q] for q, value in lexicon.items()}
        result.append(
            [
                (lexicon_share[q] if q else 0.0) + (0.0 if vector is None else vector[index] / n)
                for q, vector, n in spans
            ]
        )
    return result


def hits_of(
    compiled: Compiled, terms: TermIndex, found: list[Found], indices: list[int]
) -> list[tuple[Hit, ...]]:
    """The hits of *found* (one window's spans) that move each principle of *indices*,
    each with its share rounded to 6 digits: what `_native.Evidence` makes in C."""
    shares = contributions(compiled, found, terms.principles, indices)
    principles = terms.charter.principles
    return [
        tuple(
            Hit(start, end, terms.terms[term] if term >= 0 else learned_term(number, key), weight)
            for (start, end, key, term), weight in zip(
                found, map(round, own, itertools.repeat(6)), strict=True
            )
            if weight != 0
        )
        for index, own in zip(indices, shares, strict=True)
        for number in (principles[index].number,)
    ]


def prior_model(numbers: Sequence[int], version: str) -> Model:
    """A model for a charter that has no trained one: each principle's terms only.

    One term of a principle gives it a probability of 0.52, two distinct
    terms 0.79, none 0.12; other principles' terms do not count.
    """
    size = len(numbers)
    return Model(
        version,
        WINDOW,
        tuple(
            PrincipleWeights(n, -2.0, tuple(3.0 if q == i else 0.0 for q in range(size)), (), ())
            for i, n in enumerate(numbers)
        ),
    )


def from_data(data: object) -> Model:
    """Validate ``data/model.json``'s content, every problem located.

    Raises:
        CharterDataError: of the ``"model"`` document (see `unicancer._model_checks`).
    """
    from ._model_checks import checked_model

    version, window, principles = checked_model(data)
    return Model(version, window, tuple(PrincipleWeights(*fields) for fields in principles))


def loads_model(text: str | bytes) -> Model:
    """The model of a model file's JSON *text*, parsed as strictly as `unicancer.loads` does.

    Raises:
        CharterDataError: of the ``"model"`` document: *text* is not strict JSON (the
            problem located by line and column) or not a valid model.
    """
    from ._loading import parse_json

    return from_data(parse_json(text, "model"))


def packaged_model() -> Model:
    """The model packaged with unicancer (``data/model.json``), loaded once (thread-safe)."""
    from ._loading import packaged_data

    return packaged_data("model.json", loads_model)
