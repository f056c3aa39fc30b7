"""The reports of an `Evaluation`: a text table, JSON, a DataFrame and curves as text."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import attrs

from ._model import Lang

if TYPE_CHECKING:
    import pandas as pd

    from ._evaluate import Evaluation, Mistake

__all__ = ["curve_text", "to_frame", "to_json", "to_text"]

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


def _row(label: str, width: int, *values: float) -> str:
    return f"{label:<{width}}" + "".join(f"  {v:>9.3f}" for v in values)


def _describe_mistake(m: Mistake) -> str:
    where = m.id if m.id is not None else f"#{m.index}"
    hits = ", ".join(
        f"{text!r} [{h.start}:{h.end}] {h.weight:+.2f}"
        for text, h in zip(m.matched(), m.hits, strict=True)
    )
    head = f"  {where} ({m.principle}, p={m.score:.2f}): {m.text}"
    return head + (f"\n      hits: {hits}" if hits else "")


def _mistake_record(m: Mistake) -> dict[str, object]:
    return {
        "index": m.index,
        "id": m.id,
        "principle": m.principle,
        "score": m.score,
        "text": m.text,
        "hits": [
            {
                "start": h.start,
                "end": h.end,
                "text": m.text[h.start : h.end],
                "term": h.term.text,
                "lang": h.term.lang,
                "weight": h.weight,
            }
            for h in m.hits
        ],
    }


def to_text(evaluation: Evaluation, *, lang: Lang = "fr", mistakes: bool = False) -> str:
    """`Evaluation.to_text`."""
    e = evaluation
    h = _HEADERS["en" if lang == "en" else "fr"]
    width = max(len(h[0]), len("weighted"), *(len(f"{s.number:>2} {s.slug}") for s in e.scores))
    rows = [f"{h[0]:<{width}}  {h[1]:>9}  {h[2]:>9}  {h[3]:>9}  {h[4]:>9}"]
    rows += [
        (
            _row(f"{s.number:>2} {s.slug}", width, s.precision, s.recall, s.f1)
            if s.evaluated
            else f"{s.number:>2} {s.slug:<{width - 3}}" + f"  {'-':>9}" * 3
        )
        + f"  {s.support:>9}"
        for s in e.scores
    ]
    support = sum(s.support for s in e.scores)
    micro = e.micro
    rows.append(_row("micro", width, micro.precision, micro.recall, micro.f1) + f"  {support:>9}")
    for name, average in (("macro", e.macro), ("weighted", e.weighted), ("samples", e.samples)):
        if name == "macro" or e.labels:
            rows.append(_row(name, width, average.precision, average.recall, average.f1))
    rows.append(
        f"{e.documents} {h[5]}, {len(e.false_positives)} {h[6]}, {len(e.false_negatives)} {h[7]}"
    )
    if mistakes:
        for title, found in ((h[6], e.false_positives), (h[7], e.false_negatives)):
            rows += ["", f"{title}:"]
            rows += [_describe_mistake(m) for m in found]
    return "\n".join(rows)


def to_json(evaluation: Evaluation, *, indent: int | None = 2) -> str:
    """`Evaluation.to_json`."""
    e = evaluation
    record = {
        "documents": e.documents,
        "principles": [
            {
                **attrs.asdict(s),
                "support": s.support,
                "precision": s.precision,
                "recall": s.recall,
                "f1": s.f1,
            }
            for s in e.scores
        ],
        "micro": attrs.asdict(e.micro),
        "macro": attrs.asdict(e.macro),
        "weighted": attrs.asdict(e.weighted),
        "samples": attrs.asdict(e.samples),
        "false_positives": [_mistake_record(m) for m in e.false_positives],
        "false_negatives": [_mistake_record(m) for m in e.false_negatives],
    }
    return json.dumps(record, ensure_ascii=False, indent=indent)


def to_frame(evaluation: Evaluation) -> pd.DataFrame:
    """`Evaluation.to_frame`."""
    import pandas as pd

    e = evaluation
    rows: list[dict[str, object]] = [
        {
            "principle": s.number,
            "slug": s.slug,
            "precision": s.precision,
            "recall": s.recall,
            "f1": s.f1,
            "support": s.support,
        }
        for s in e.scores
    ]
    support = sum(s.support for s in e.scores)
    for name in ("micro", "macro", "weighted", "samples"):
        a = getattr(e, name)
        rows.append(
            {
                "principle": name,
                "slug": "",
                "precision": a.precision,
                "recall": a.recall,
                "f1": a.f1,
                "support": support,
            }
        )
    frame: pd.DataFrame = pd.DataFrame(rows).set_index("principle")
    return frame


def curve_text(evaluation: Evaluation, *, lang: Lang = "fr") -> str:
    """Precision-recall curves of every principle and pooled, then the calibration table."""
    e = evaluation
    thresholds = (0.2, 0.35, 0.5, 0.65, 0.8)
    head = "principle" if lang == "en" else "principe"
    width = max(len(head), *(len(f"{s.number:>2} {s.slug}") for s in e.scores))
    rows = [f"{head:<{width}}  " + "  ".join(f"P@{t:<4} R@{t:<4}" for t in thresholds)]
    keys: list[tuple[str, int | None]] = [(f"{s.number:>2} {s.slug}", s.number) for s in e.scores]
    for label, key in [*keys, ("micro", None)]:
        points = e.curve(key, thresholds=thresholds)
        rows.append(
            f"{label:<{width}}  "
            + "  ".join(f"{p.precision:>6.3f} {p.recall:>6.3f}" for p in points)
        )
    rows += ["", "calibration (all principles): bin, pairs, mean predicted, observed"]
    for b in e.calibration():
        rows.append(
            f"  [{b.lower:.1f}, {b.upper:.1f})  {b.count:>6}"
            f"  {b.predicted:>8.3f}  {b.observed:>8.3f}"
        )
    return "\n".join(rows)
