"""Measure a tagger against a gold set: passages labelled by hand with principle numbers.

Zero division: a ratio whose denominator is zero is ``0.0``, as scikit-learn
does with ``zero_division=0.0``: the precision of a principle the tagger never
predicts, the recall of a principle no passage is labelled with, and the F1
when both precision and recall are zero. Macro averages are taken over the
principles that are *evaluated*, those that the gold set or the tagger gives
to at least one passage (like scikit-learn's default ``labels``), so a small
gold set that never mentions a principle is not penalised for it.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Union

import attrs

from ._errors import GoldDataError, InvalidTypeError, NotFoundError
from ._model import Charter, Lang

if TYPE_CHECKING:
    from ._tagging import Hit, Tagger

__all__ = ["Average", "Evaluation", "Gold", "Mistake", "PrincipleScore", "evaluate"]

#: A gold set: the path of a JSON Lines file, or ``(text, labels)`` pairs.
Gold = Union[str, "os.PathLike[str]", Iterable[tuple[str, Iterable[int]]]]


def _ratio(numerator: int | float, denominator: int | float) -> float:
    """*numerator* / *denominator*, ``0.0`` when the denominator is zero."""
    return numerator / denominator if denominator else 0.0


def _f1(true_positives: int, false_positives: int, false_negatives: int) -> float:
    """The harmonic mean of precision and recall, from the counts (exact when it is 0.4)."""
    return _ratio(2 * true_positives, 2 * true_positives + false_positives + false_negatives)


@attrs.frozen
class PrincipleScore:
    """How well the tagger finds one principle.

    Attributes:
        number: The principle's number.
        slug: The principle's slug.
        true_positives: Passages labelled with the principle and tagged with it.
        false_positives: Passages tagged with the principle but not labelled with it.
        false_negatives: Passages labelled with the principle but not tagged with it.

    >>> s = PrincipleScore(7, "patient-partnership", 3, 1, 2)
    >>> s.precision, s.recall, s.support
    (0.75, 0.6, 5)
    >>> round(s.f1, 4)
    0.6667
    """

    number: int
    slug: str
    true_positives: int
    false_positives: int
    false_negatives: int

    @property
    def support(self) -> int:
        """The number of passages labelled with the principle."""
        return self.true_positives + self.false_negatives

    @property
    def predicted(self) -> int:
        """The number of passages the tagger tagged with the principle."""
        return self.true_positives + self.false_positives

    @property
    def evaluated(self) -> bool:
        """Whether the principle counts in the macro average (support or predictions)."""
        return self.support + self.predicted > 0

    @property
    def precision(self) -> float:
        """``TP / (TP + FP)``; ``0.0`` when the principle is never predicted."""
        return _ratio(self.true_positives, self.predicted)

    @property
    def recall(self) -> float:
        """``TP / (TP + FN)``; ``0.0`` when no passage is labelled with it."""
        return _ratio(self.true_positives, self.support)

    @property
    def f1(self) -> float:
        """The harmonic mean of precision and recall; ``0.0`` when both are zero."""
        return _f1(self.true_positives, self.false_positives, self.false_negatives)


@attrs.frozen
class Average:
    """Precision, recall and F1 averaged over the principles.

    Attributes:
        precision: The averaged precision.
        recall: The averaged recall.
        f1: The averaged F1 (for the macro average, the mean of the
            principles' F1, not the F1 of the mean precision and recall).
    """

    precision: float
    recall: float
    f1: float


@attrs.frozen
class Mistake:
    """A false positive or a false negative: one passage, one principle.

    Attributes:
        index: The passage's position in the gold set, from 0.
        id: The passage's ``"id"`` in a JSON Lines gold file, else ``None``.
        text: The passage.
        principle: The number of the principle wrongly given or missed.
        hits: The tagger's hits of that principle in the passage: why it was
            tagged (false positive), or the hits that were not enough (false
            negative, often empty).
    """

    index: int
    id: str | None
    text: str
    principle: int
    hits: tuple[Hit, ...]

    def matched(self) -> tuple[str, ...]:
        """The passage's text under each hit."""
        return tuple(self.text[hit.start : hit.end] for hit in self.hits)


_HEADERS = {
    "fr": (
        "principe",
        "précision",
        "rappel",
        "F1",
        "effectif",
        "documents",
        "faux positifs",
        "faux négatifs",
    ),
    "en": (
        "principle",
        "precision",
        "recall",
        "F1",
        "support",
        "documents",
        "false positives",
        "false negatives",
    ),
}


@attrs.frozen
class Evaluation:
    """The result of `evaluate`: per-principle scores, averages and mistakes.

    Attributes:
        documents: The number of passages in the gold set.
        scores: One `PrincipleScore` per principle of the charter, in order.
        false_positives: Every principle given to a passage not labelled with
            it, in gold-set order.
        false_negatives: Every label the tagger missed, in gold-set order.
    """

    documents: int
    scores: tuple[PrincipleScore, ...]
    false_positives: tuple[Mistake, ...]
    false_negatives: tuple[Mistake, ...]

    @property
    def micro(self) -> Average:
        """Scores of the pooled counts of every principle."""
        tp = sum(s.true_positives for s in self.scores)
        fp = sum(s.false_positives for s in self.scores)
        fn = sum(s.false_negatives for s in self.scores)
        return Average(_ratio(tp, tp + fp), _ratio(tp, tp + fn), _f1(tp, fp, fn))

    @property
    def macro(self) -> Average:
        """Unweighted means over the evaluated principles (see the module's notes)."""
        scores = [s for s in self.scores if s.evaluated]
        return Average(
            _ratio(sum(s.precision for s in scores), len(scores)),
            _ratio(sum(s.recall for s in scores), len(scores)),
            _ratio(sum(s.f1 for s in scores), len(scores)),
        )

    def score(self, key: int | str) -> PrincipleScore:
        """Return the score of the principle numbered or slugged *key*.

        Raises:
            NotFoundError: No principle has that number or slug.
        """
        for s in self.scores:
            if key in (s.number, s.slug) and not isinstance(key, bool):
                return s
        raise NotFoundError("principle", key, "one of " + ", ".join(s.slug for s in self.scores))

    def to_text(self, *, lang: Lang = "fr", mistakes: bool = False) -> str:
        """Return a report table in *lang*; with *mistakes*, list them and their hits.

        A principle that is not evaluated (no label, no prediction) shows ``-``.
        """
        h = _HEADERS["en" if lang == "en" else "fr"]
        width = max(len(h[0]), *(len(f"{s.number:>2} {s.slug}") for s in self.scores))
        rows = [f"{h[0]:<{width}}  {h[1]:>9}  {h[2]:>9}  {h[3]:>9}  {h[4]:>9}"]
        rows += [
            (
                _row(f"{s.number:>2} {s.slug}", width, s.precision, s.recall, s.f1)
                if s.evaluated
                else f"{s.number:>2} {s.slug:<{width - 3}}" + f"  {'-':>9}" * 3
            )
            + f"  {s.support:>9}"
            for s in self.scores
        ]
        support = sum(s.support for s in self.scores)
        micro, macro = self.micro, self.macro
        rows.append(
            _row("micro", width, micro.precision, micro.recall, micro.f1) + f"  {support:>9}"
        )
        rows.append(_row("macro", width, macro.precision, macro.recall, macro.f1))
        rows.append(
            f"{self.documents} {h[5]}, {len(self.false_positives)} {h[6]}, "
            f"{len(self.false_negatives)} {h[7]}"
        )
        if mistakes:
            for title, found in ((h[6], self.false_positives), (h[7], self.false_negatives)):
                rows += ["", f"{title}:"]
                rows += [_describe_mistake(m) for m in found]
        return "\n".join(rows)

    def __str__(self) -> str:
        return self.to_text()

    def to_json(self, *, indent: int | None = 2) -> str:
        """Return the evaluation as JSON, for machines.

        The object has ``documents``, ``principles`` (one object per
        principle with its counts and scores), ``micro``, ``macro``,
        ``false_positives`` and ``false_negatives`` (with their hits).
        """
        record = {
            "documents": self.documents,
            "principles": [
                {
                    **attrs.asdict(s),
                    "support": s.support,
                    "precision": s.precision,
                    "recall": s.recall,
                    "f1": s.f1,
                }
                for s in self.scores
            ],
            "micro": attrs.asdict(self.micro),
            "macro": attrs.asdict(self.macro),
            "false_positives": [_mistake_record(m) for m in self.false_positives],
            "false_negatives": [_mistake_record(m) for m in self.false_negatives],
        }
        return json.dumps(record, ensure_ascii=False, indent=indent)


def _row(label: str, width: int, *values: float) -> str:
    return f"{label:<{width}}" + "".join(f"  {v:>9.3f}" for v in values)


def _describe_mistake(m: Mistake) -> str:
    where = m.id if m.id is not None else f"#{m.index}"
    hits = ", ".join(
        f"{text!r} [{h.start}:{h.end}]" for text, h in zip(m.matched(), m.hits, strict=True)
    )
    return f"  {where} ({m.principle}): {m.text}" + (f"\n      hits: {hits}" if hits else "")


def _mistake_record(m: Mistake) -> dict[str, object]:
    return {
        "index": m.index,
        "id": m.id,
        "principle": m.principle,
        "text": m.text,
        "hits": [
            {
                "start": h.start,
                "end": h.end,
                "text": m.text[h.start : h.end],
                "term": h.term.text,
                "lang": h.term.lang,
            }
            for h in m.hits
        ],
    }


@attrs.frozen
class _Passage:
    id: str | None
    lang: Lang | None
    text: str
    labels: frozenset[int]


def evaluate(gold: Gold, tagger: Tagger | None = None) -> Evaluation:
    """Tag every passage of *gold* with *tagger* and compare with its labels.

    *gold* is either the path of a JSON Lines file, one object a line with
    ``"text"`` (a string) and ``"labels"`` (a list of principle numbers,
    possibly empty), and optionally ``"id"`` (a string, unique) and
    ``"lang"`` (``"fr"``, ``"en"`` or ``null``, passed to the tagger); other
    keys are ignored, and so are blank lines. Or it is an iterable of
    ``(text, labels)`` pairs. *tagger* defaults to ``Tagger()``.

    A ratio whose denominator is zero (the precision of a principle never
    predicted, the recall of a principle never labelled) is ``0.0``; the
    macro averages cover the principles labelled or predicted at least once.

    Raises:
        GoldDataError: The gold set is empty or malformed; every problem is
            reported, located by line (``"line 12: labels[1]"``) or by item
            (``"gold[11]: labels"``).
        InvalidTypeError: *gold* is neither a path nor an iterable.
        OSError: The file cannot be read.

    >>> from unicancer import evaluate
    >>> result = evaluate([
    ...     ("Le comité de patients partenaires a relu le protocole.", [7]),
    ...     ("Preheat the oven to 180°C.", []),
    ... ])
    >>> result.score(7).recall, result.micro.precision
    (1.0, 1.0)
    """
    tagger = default_tagger(tagger)
    charter = charter_of(tagger)
    numbers = frozenset(p.number for p in charter)
    passages = _read(gold, numbers)
    counts = {n: [0, 0, 0] for n in numbers}  # true positives, false positives, false negatives
    false_positives: list[Mistake] = []
    false_negatives: list[Mistake] = []
    for index, passage in enumerate(passages):
        tags = {t.principle.number: t for t in tagger.tag(passage.text, lang=passage.lang)}
        for n in sorted(tags.keys() - passage.labels):
            counts[n][1] += 1
            false_positives.append(Mistake(index, passage.id, passage.text, n, tags[n].hits))
        missed = sorted(passage.labels - tags.keys())
        hits = tagger.hits(passage.text, lang=passage.lang) if missed else ()
        for n in missed:
            counts[n][2] += 1
            found = tuple(h for h in hits if h.term.principle == n)
            false_negatives.append(Mistake(index, passage.id, passage.text, n, found))
        for n in passage.labels & tags.keys():
            counts[n][0] += 1
    return Evaluation(
        documents=len(passages),
        scores=tuple(PrincipleScore(p.number, p.slug, *counts[p.number]) for p in charter),
        false_positives=tuple(false_positives),
        false_negatives=tuple(false_negatives),
    )


def default_tagger(tagger: Tagger | None) -> Tagger:
    """*tagger*, or ``Tagger()`` when it is ``None``."""
    if tagger is None:
        from ._tagging import Tagger

        return Tagger()
    return tagger


def charter_of(tagger: Tagger) -> Charter:
    """The charter whose principles *tagger* tags with."""
    if tagger.charter is not None:
        return tagger.charter
    import unicancer

    return unicancer.charter


def _read(gold: Gold, numbers: frozenset[int]) -> tuple[_Passage, ...]:
    if isinstance(gold, (str, os.PathLike)):
        passages, problems = _read_jsonl(Path(gold), numbers)
    elif isinstance(gold, Iterable) and not isinstance(gold, (bytes, dict)):
        passages, problems = _read_pairs(gold, numbers)
    else:
        raise InvalidTypeError(
            f"gold must be the path of a JSON Lines file or an iterable of (text, labels) "
            f"pairs, not {type(gold).__name__}"
        )
    if not passages and not problems:
        problems.append(("", "no passages to evaluate"))
    if problems:
        raise GoldDataError(problems)
    return tuple(passages)


_Problems = list[tuple[str, str]]


def _read_jsonl(path: Path, numbers: frozenset[int]) -> tuple[list[_Passage], _Problems]:
    passages: list[_Passage] = []
    problems: _Problems = []
    try:
        # Lines end at "\n" only: JSON strings may hold U+2028 and other line breaks.
        lines = path.read_bytes().decode("utf-8-sig").split("\n")
    except UnicodeDecodeError as exc:
        return [], [("", f"{path} is not UTF-8 text ({exc.reason} at byte {exc.start})")]
    seen: dict[str, int] = {}
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        where = f"line {number}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            problems.append((where, f"not valid JSON ({exc.msg}, column {exc.colno})"))
            continue
        if not isinstance(record, dict):
            problems.append((where, f"expected a JSON object, found {_json_type(record)}"))
            continue
        found = list(_record_problems(record, where, numbers))
        if isinstance(record.get("id"), str):
            if record["id"] in seen:
                found.append(
                    (f"{where}: id", f"{record['id']!r} is also on line {seen[record['id']]}")
                )
            seen.setdefault(record["id"], number)
        if found:
            problems += found
            continue
        passages.append(
            _Passage(
                record.get("id"), record.get("lang"), record["text"], frozenset(record["labels"])
            )
        )
    return passages, problems


def _record_problems(
    record: dict[str, object], where: str, numbers: frozenset[int]
) -> Iterator[tuple[str, str]]:
    for key in ("text", "labels"):
        if key not in record:
            yield f"{where}: {key}", "missing"
    text = record.get("text")
    if "text" in record and not isinstance(text, str):
        yield f"{where}: text", f"expected a string, found {_json_type(text)}"
    labels = record.get("labels")
    if "labels" in record:
        if isinstance(labels, list):
            yield from _label_problems(labels, f"{where}: labels", numbers)
        else:
            yield (
                f"{where}: labels",
                f"expected a list of principle numbers, found {_json_type(labels)}",
            )
    if record.get("id") is not None and not isinstance(record["id"], str):
        yield f"{where}: id", f"expected a string, found {_json_type(record['id'])}"
    if record.get("lang") not in (None, "fr", "en"):
        yield f"{where}: lang", f"expected 'fr', 'en' or null, found {record['lang']!r}"


def _label_problems(
    labels: Sequence[object], where: str, numbers: frozenset[int], *, json: bool = True
) -> Iterator[tuple[str, str]]:
    expected = f"a principle number {min(numbers)}-{max(numbers)}"
    for i, label in enumerate(labels):
        if type(label) is not int:
            kind = f"{_json_type(label)} " if json else ""
            yield f"{where}[{i}]", f"expected {expected}, found {kind}{label!r}"
        elif label not in numbers:
            yield f"{where}[{i}]", f"expected {expected}, found {label}"
        elif label in labels[:i]:
            yield f"{where}[{i}]", f"{label} is repeated"


def _read_pairs(
    gold: Iterable[object], numbers: frozenset[int]
) -> tuple[list[_Passage], _Problems]:
    passages: list[_Passage] = []
    problems: _Problems = []
    for index, item in enumerate(gold):
        where = f"gold[{index}]"
        if not (isinstance(item, tuple) and len(item) == 2):
            problems.append((where, f"expected a (text, labels) pair, found {item!r:.60}"))
            continue
        text, labels = item
        found: _Problems = []
        if not isinstance(text, str):
            found.append((f"{where}: text", f"expected a string, found {type(text).__name__}"))
        if isinstance(labels, Iterable) and not isinstance(labels, (str, bytes, dict)):
            labels = list(labels)
            found += _label_problems(labels, f"{where}: labels", numbers, json=False)
        else:
            found.append(
                (
                    f"{where}: labels",
                    f"expected an iterable of principle numbers, found {type(labels).__name__}",
                )
            )
        if found:
            problems += found
            continue
        passages.append(_Passage(None, None, text, frozenset(labels)))
    return passages, problems


def _json_type(value: object) -> str:
    names = {dict: "object", list: "array", str: "string", bool: "boolean", type(None): "null"}
    return names.get(type(value), type(value).__name__)
