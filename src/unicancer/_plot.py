"""Plots of an `Evaluation` with matplotlib (``unicancer[plot]``), imported on first use.

Two kinds: ``"curves"``, each principle's precision-recall curve over every threshold
(as scikit-learn's ``precision_recall_curve`` and ``PrecisionRecallDisplay`` draw it), with
its average precision and the tagger's own operating point; and ``"matrix"``, the passages
counted by gold principle (rows) and predicted principle (columns).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import TYPE_CHECKING, Literal

from ._errors import InvalidTypeError, InvalidValueError, MissingDependencyError
from ._model import Lang

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from ._evaluate import Evaluation

__all__ = ["KINDS", "Kind", "label_matrix", "plot", "precision_recall", "save"]

#: What `Evaluation.plot` draws.
Kind = Literal["curves", "matrix"]
KINDS: tuple[Kind, ...] = ("curves", "matrix")
#: The file formats a plot is saved in, by the path's suffix.
_FORMATS = {".png": "png", ".svg": "svg"}

_WORDS = {
    "fr": {
        "recall": "rappel",
        "precision": "précision",
        "curves": "Précision et rappel selon le seuil",
        "pooled": "tous (micro)",
        "point": "seuil du tagger",
        "gold": "principe de référence (gold)",
        "predicted": "principe prédit",
        "matrix": "Passages par principe de référence et prédit",
        "none": "aucun",
        "passages": "passages",
    },
    "en": {
        "recall": "recall",
        "precision": "precision",
        "curves": "Precision and recall over thresholds",
        "pooled": "all (micro)",
        "point": "tagger's threshold",
        "gold": "gold principle",
        "predicted": "predicted principle",
        "matrix": "Passages by gold and predicted principle",
        "none": "none",
        "passages": "passages",
    },
}


def precision_recall(
    pairs: Sequence[tuple[float, bool]],
) -> tuple[list[float], list[float], float]:
    """The precision-recall curve of *pairs* (probability, labelled), as scikit-learn's.

    Returns the precisions and recalls from the lowest distinct probability taken as the
    threshold to the highest, then ``(1.0, 0.0)``, and the average precision
    (``sum((R[n] - R[n-1]) * P[n])``). No labelled pair: empty curves and ``0.0``.
    """
    positives = sum(labelled for _, labelled in pairs)
    if not positives:
        return [], [], 0.0
    precisions, recalls = [1.0], [0.0]
    ordered = sorted(pairs, key=lambda pair: -pair[0])
    tp = 0
    for i, (probability, labelled) in enumerate(ordered):
        tp += labelled
        if i + 1 == len(ordered) or ordered[i + 1][0] != probability:
            precisions.append(tp / (i + 1))
            recalls.append(tp / positives)
    average = sum((recalls[n] - recalls[n - 1]) * precisions[n] for n in range(1, len(recalls)))
    return precisions[::-1], recalls[::-1], average


def label_matrix(evaluation: Evaluation) -> list[list[int]]:
    """Passages counted by gold principle (rows) and predicted principle (columns).

    Rows and columns follow the charter's order, then one for none: cell (i, j) is the number
    of passages labelled with principle i and tagged with principle j (the diagonal: the
    true positives); the last column counts the passages labelled i that got no tag at all,
    the last row the passages with no label tagged j, and the corner those with neither.
    """
    held = {len(evaluation.labels), len(evaluation.predicted)}
    if held != {evaluation.documents} or not evaluation.documents:
        raise InvalidValueError("this evaluation holds no labels and predictions")
    numbers = [s.number for s in evaluation.scores]
    place = {n: i for i, n in enumerate(numbers)}
    none = len(numbers)
    counts = [[0] * (none + 1) for _ in range(none + 1)]
    for labels, predicted in zip(evaluation.labels, evaluation.predicted, strict=True):
        for row in [place[n] for n in labels] or [none]:
            for column in [place[n] for n in predicted] or [none]:
                counts[row][column] += 1
    return counts


def _figure_class() -> type[Figure]:
    """matplotlib's `Figure`, or a clear error: a figure made without pyplot is drawn by
    Agg when saved, and never shown."""
    try:
        from matplotlib.figure import Figure
    except ImportError:
        raise MissingDependencyError(
            "plotting needs matplotlib: pip install 'unicancer[plot]'"
        ) from None
    return Figure


def _curves(evaluation: Evaluation, ax: Axes, words: dict[str, str]) -> None:
    from matplotlib import colormaps

    shades = colormaps["tab10"]
    for i, score in enumerate(evaluation.scores):
        precisions, recalls, average = precision_recall(evaluation._pairs(score.number))
        if not recalls:
            continue  # no passage labelled: no curve
        shade = shades(i % 10)
        label = f"{score.number} {score.slug} (AP {average:.2f})"
        ax.plot(recalls, precisions, drawstyle="steps-post", color=shade, label=label, lw=1.4)
        ax.plot([score.recall], [score.precision], "o", color=shade, ms=4)
    precisions, recalls, average = precision_recall(evaluation._pairs(None))
    ax.plot(
        recalls,
        precisions,
        drawstyle="steps-post",
        color="black",
        ls="--",
        lw=1.4,
        label=f"{words['pooled']} (AP {average:.2f})",
    )
    ax.plot([], [], "o", color="grey", ms=4, label=words["point"])
    ax.set(xlim=(0, 1.01), ylim=(0, 1.03), xlabel=words["recall"], ylabel=words["precision"])
    ax.set_title(words["curves"])
    ax.grid(alpha=0.3)
    ax.legend(loc="center left", bbox_to_anchor=(1.02, 0.5), fontsize="small")


def _matrix(evaluation: Evaluation, ax: Axes, words: dict[str, str]) -> None:
    counts = label_matrix(evaluation)
    names = [str(s.number) for s in evaluation.scores] + [words["none"]]
    # The corner (no label, no tag) is left out of the colour scale: it would dwarf the rest.
    top = max(count for row in counts[:-1] for count in row) or 1
    top = max([top, *counts[-1][:-1]])
    image = ax.imshow(counts, cmap="Blues", vmin=0, vmax=top)
    for i, row in enumerate(counts):
        for j, count in enumerate(row):
            ink = "white" if count > top / 2 else ("black" if count else "#bbbbbb")
            ax.text(j, i, str(count), ha="center", va="center", color=ink, fontsize="small")
    ax.set_xticks(range(len(names)), names)
    ax.set_yticks(range(len(names)), names)
    ax.set(xlabel=words["predicted"], ylabel=words["gold"])
    ax.set_title(words["matrix"])
    ax.figure.colorbar(image, ax=ax, shrink=0.8, label=words["passages"])


def plot(
    evaluation: Evaluation,
    path: str | os.PathLike[str] | None,
    *,
    kind: Kind,
    lang: Lang,
    ax: Axes | None,
) -> Figure:
    """Draw *evaluation* (see `Evaluation.plot`); save it to *path* if given."""
    from ._checks import check_lang

    if kind not in KINDS:
        raise InvalidValueError(f"kind must be 'curves' or 'matrix', not {kind!r}")
    check_lang(lang, allow_none=False)
    suffix = None
    if path is not None:
        if not isinstance(path, (str, os.PathLike)):
            raise InvalidTypeError(f"path must be a str, a path or None, not {type(path).__name__}")
        suffix = _FORMATS.get(os.path.splitext(os.fspath(path))[1].lower())
        if suffix is None:
            raise InvalidValueError(
                f"cannot plot to {os.fspath(path)!r}: expected a .png or .svg file"
            )
    figure_type = _figure_class()
    from matplotlib.axes import Axes

    if ax is None:
        size = (9.5, 5.5) if kind == "curves" else (7, 6)
        figure = figure_type(figsize=size, layout="constrained")
        ax = figure.add_subplot()
    elif not isinstance(ax, Axes):
        raise InvalidTypeError(f"ax must be a matplotlib Axes or None, not {type(ax).__name__}")
    else:
        root = ax.get_figure(root=True)
        if root is None:
            raise InvalidValueError("ax must belong to a figure")
        figure = root
    (_curves if kind == "curves" else _matrix)(evaluation, ax, _WORDS[lang])
    if path is not None and suffix is not None:
        save(figure, path, suffix)
    return figure


def save(figure: Figure, path: str | os.PathLike[str], suffix: str) -> None:
    """Save *figure*, the same bytes for the same figure (no date, a fixed SVG id salt)."""
    import matplotlib

    metadata = {"Date": None} if suffix == "svg" else {"Software": None}
    try:
        with matplotlib.rc_context({"svg.hashsalt": "unicancer", "svg.fonttype": "path"}):
            figure.savefig(path, format=suffix, metadata=metadata)
    except OSError as exc:
        raise InvalidValueError(f"cannot write {os.fspath(path)!r}: {exc.strerror}") from None
