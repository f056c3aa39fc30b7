"""Plots of an evaluation: what they draw, checked against scikit-learn, and the files."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from sklearn import metrics

import unicancer
from tests.cli_run import run
from tests.paths import DATA
from unicancer import Evaluation, InvalidValueError, MissingDependencyError, evaluate

#: Passages whose tags are known: 7 alone, 10 alone (labelled 7), both (labelled both), none.
SMALL = [
    ("Un comité de patients relit nos brochures.", [7]),
    ("Le benchmarking des indicateurs de qualité compare les centres.", [7]),
    ("Le comité de patients et le benchmarking des indicateurs de qualité.", [7, 10]),
    ("Il a plu toute la journée sur la côte.", []),
]


@pytest.fixture(scope="module")
def holdout() -> Evaluation:
    return evaluate(DATA / "holdout.jsonl")


@pytest.fixture(scope="module")
def small() -> Evaluation:
    result = evaluate(SMALL)
    assert result.predicted == (
        frozenset({7}),
        frozenset({10}),
        frozenset({7, 10}),
        frozenset(),
    )
    return result


def _points(ax: Axes) -> dict[str, tuple[list[float], list[float]]]:
    """Each line of *ax* by label: its x and y values."""
    return {
        str(line.get_label()): (
            np.asarray(line.get_xdata(), dtype=float).tolist(),
            np.asarray(line.get_ydata(), dtype=float).tolist(),
        )
        for line in ax.get_lines()
    }


def test_each_labelled_principle_has_scikit_learns_precision_recall_curve(
    holdout: Evaluation,
) -> None:
    figure = holdout.plot(lang="en")
    assert isinstance(figure, Figure)
    (ax,) = figure.axes
    assert (ax.get_xlabel(), ax.get_ylabel()) == ("recall", "precision")
    curves = {k: v for k, v in _points(ax).items() if len(v[0]) > 1}
    labelled = [s for s in holdout.scores if s.support]
    assert len(curves) == len(labelled) + 1  # and the pooled one
    for i, score in enumerate(holdout.scores):
        if not score.support:
            continue
        truth = [score.number in labels for labels in holdout.labels]
        probabilities = [row[i] for row in holdout.probabilities]
        precision, recall, _ = metrics.precision_recall_curve(truth, probabilities)
        average = metrics.average_precision_score(truth, probabilities)
        recalls, precisions = curves[f"{score.number} {score.slug} (AP {average:.2f})"]
        assert recalls == pytest.approx(list(recall))
        assert precisions == pytest.approx(list(precision))
    drawn = {line.get_drawstyle() for line in ax.get_lines() if line.get_label() in curves}
    assert drawn == {"steps-post"}


def test_the_tagger_s_operating_point_is_marked_on_each_curve(holdout: Evaluation) -> None:
    ax = holdout.plot().axes[0]
    dots = {(x[0], y[0]) for x, y in _points(ax).values() if len(x) == 1}
    for score in holdout.scores:
        if score.support:
            assert (score.recall, score.precision) in dots


def test_the_matrix_counts_passages_by_gold_and_predicted_principle(small: Evaluation) -> None:
    figure = small.plot(kind="matrix", lang="en")
    ax = figure.axes[0]
    (image,) = ax.get_images()
    counts = image.get_array()
    assert counts is not None
    rows = {(i, j): int(counts[i, j]) for i in range(11) for j in range(11) if counts[i, j]}
    # Row 7 (index 6): passages 1 and 3 tagged 7, passages 2 and 3 tagged 10; row 10: passage
    # 3; the passage with no label and no tag in the corner.
    assert rows == {(6, 6): 2, (6, 9): 2, (9, 6): 1, (9, 9): 1, (10, 10): 1}
    assert [t.get_text() for t in ax.get_xticklabels()] == [*map(str, range(1, 11)), "none"]
    assert [t.get_text() for t in ax.get_yticklabels()] == [*map(str, range(1, 11)), "none"]
    assert (ax.get_xlabel(), ax.get_ylabel()) == ("predicted principle", "gold principle")
    assert len(ax.texts) == 121
    assert [t.get_text() for t in ax.texts][6 * 11 + 6] == "2"


def test_labels_in_french_by_default(small: Evaluation) -> None:
    ax = small.plot(kind="matrix").axes[0]
    assert ax.get_ylabel() == "principe de référence (gold)"
    assert ax.get_xticklabels()[-1].get_text() == "aucun"


def test_a_path_is_written_in_the_format_of_its_suffix(small: Evaluation, tmp_path: Path) -> None:
    small.plot(tmp_path / "curves.png")
    assert (tmp_path / "curves.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    small.plot(str(tmp_path / "matrix.SVG"), kind="matrix")
    svg = (tmp_path / "matrix.SVG").read_text(encoding="utf-8")
    assert svg.startswith("<?xml")
    assert "<svg" in svg


def test_svg_files_are_the_same_bytes_each_time(small: Evaluation, tmp_path: Path) -> None:
    small.plot(tmp_path / "a.svg")
    small.plot(tmp_path / "b.svg")
    first = (tmp_path / "a.svg").read_bytes()
    assert first == (tmp_path / "b.svg").read_bytes()
    assert b"<dc:date>" not in first


def test_it_draws_into_the_axes_given(small: Evaluation) -> None:
    figure = Figure()
    left, right = figure.subplots(1, 2)
    assert small.plot(ax=right, kind="matrix") is figure
    assert right.get_images()
    assert not left.get_images()


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"kind": "pie"}, "kind must be 'curves' or 'matrix', not 'pie'"),
        ({"lang": "de"}, "lang must be 'fr' or 'en', not 'de'"),
        ({"path": "plot.pdf"}, "cannot plot to 'plot.pdf': expected a .png or .svg file"),
        ({"path": "/no/such/dir/plot.png"}, "cannot write '/no/such/dir/plot.png': "),
    ],
)
def test_bad_arguments_are_named(
    small: Evaluation, arguments: dict[str, str], message: str
) -> None:
    with pytest.raises(InvalidValueError) as info:
        small.plot(**arguments)  # type: ignore[arg-type]
    assert str(info.value).startswith(message)


def test_other_bad_arguments_are_type_errors(small: Evaluation) -> None:
    with pytest.raises(unicancer.InvalidTypeError, match=r"^ax must be a matplotlib Axes"):
        small.plot(ax="left")  # type: ignore[arg-type]
    with pytest.raises(unicancer.InvalidTypeError, match=r"^path must be a str, a path or None"):
        small.plot(3)  # type: ignore[arg-type]


def test_curves_need_probabilities(small: Evaluation) -> None:
    bare = Evaluation(small.documents, small.scores, (), (), small.labels, small.predicted)
    with pytest.raises(InvalidValueError, match="holds no probabilities"):
        bare.plot()
    bare.plot(kind="matrix")  # the matrix needs labels and predictions only
    with pytest.raises(InvalidValueError, match="holds no labels"):
        Evaluation(small.documents, small.scores, (), ()).plot(kind="matrix")
    with pytest.raises(InvalidValueError, match="holds no labels"):
        Evaluation(small.documents, small.scores, (), (), small.labels).plot(kind="matrix")


def test_without_matplotlib_the_error_says_what_to_install(
    small: Evaluation, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("matplotlib", "matplotlib.figure"):  # as if neither could be imported
        monkeypatch.setitem(sys.modules, name, None)
    with pytest.raises(MissingDependencyError, match=r"pip install 'unicancer\[plot\]'") as info:
        small.plot()
    assert isinstance(info.value, ImportError)


def test_plotting_never_loads_pyplot_and_import_unicancer_never_loads_matplotlib() -> None:
    code = (
        "import sys, unicancer; print('matplotlib' in sys.modules); "
        "r = unicancer.evaluate([('comité de patients', [7])]); r.plot(); r.plot(kind='matrix'); "
        "print('matplotlib' in sys.modules, 'matplotlib.pyplot' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.splitlines() == ["False", "True False"]


def test_the_command_line_writes_the_plot_and_still_prints_the_report(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "matrix.svg"
    status, out, err = run(
        capsys,
        "evaluate",
        str(DATA / "holdout.jsonl"),
        "--plot",
        str(path),
        "--plot-kind",
        "matrix",
    )
    assert (status, err) == (0, "")
    assert "<svg" in path.read_text(encoding="utf-8")
    assert "104 documents" in out


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--plot", "out.gif"], "cannot plot to 'out.gif': expected a .png or .svg file"),
        (["--plot-kind", "matrix"], "--plot-kind applies with --plot only"),
    ],
)
def test_the_command_line_refuses_bad_plot_options(
    capsys: pytest.CaptureFixture[str], options: list[str], message: str
) -> None:
    status, _, err = run(capsys, "evaluate", str(DATA / "holdout.jsonl"), *options)
    assert status == 2
    assert err == f"unicancer: error: {message}\n"
