"""`unicancer evaluate GOLD.jsonl`: the report, its JSON form and its errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import unicancer
from tests.cli_run import run
from tests.paths import DATA

GOLD = DATA / "gold.jsonl"


def test_the_report_is_a_table_in_french_by_default(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(capsys, "evaluate", str(GOLD))
    assert (status, err) == (0, "")
    lines = out.splitlines()
    assert lines[0].split() == ["principe", "précision", "rappel", "F1", "effectif"]
    assert [line.split()[1] for line in lines[1:11]] == [p.slug for p in unicancer.charter]
    assert lines[11].startswith("micro")
    assert lines[12].startswith("macro")
    assert lines[13].startswith("weighted")
    assert lines[14].startswith("samples")
    assert lines[15].startswith("245 documents, ")


def test_the_report_in_english_with_mistakes(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "evaluate", str(GOLD), "--lang", "en", "--mistakes")
    assert status == 0
    assert out.splitlines()[0].split()[0] == "principle"
    assert "\nfalse positives:\n" in out
    assert "\nfalse negatives:\n" in out


def test_json_is_the_evaluation_of_the_default_tagger(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "evaluate", str(GOLD), "--json")
    assert status == 0
    record = json.loads(out)
    expected = unicancer.evaluate(GOLD)
    assert record["documents"] == 245
    assert record["micro"]["f1"] == expected.micro.f1
    assert [p["f1"] for p in record["principles"]] == [s.f1 for s in expected.scores]
    assert len(record["false_positives"]) == len(expected.false_positives)


def test_threshold_is_passed_to_the_tagger(capsys: pytest.CaptureFixture[str]) -> None:
    default = unicancer.evaluate(GOLD)
    strict = unicancer.evaluate(GOLD, unicancer.Tagger(threshold=0.999))
    assert strict.micro != default.micro  # so the comparison below can fail
    status, out, _ = run(capsys, "evaluate", str(GOLD), "--json", "--threshold", "0.999")
    assert status == 0
    assert json.loads(out)["micro"]["recall"] == strict.micro.recall


@pytest.mark.parametrize(
    ("threshold", "expected"),
    [
        ("high", "expected a number, found 'high'"),
        ("nan", "expected a probability from 0 to 1, found 'nan'"),
        ("inf", "expected a probability from 0 to 1, found 'inf'"),
        ("-1", "expected a probability from 0 to 1, found '-1'"),
    ],
)
def test_a_bad_threshold_exits_2(
    capsys: pytest.CaptureFixture[str], threshold: str, expected: str
) -> None:
    status, out, err = run(capsys, "evaluate", str(GOLD), "--threshold", threshold)
    assert (status, out) == (2, "")
    assert f"argument --threshold: {expected}" in err


def test_a_missing_file_exits_2_in_one_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    missing = tmp_path / "missing.jsonl"
    status, out, err = run(capsys, "evaluate", str(missing))
    assert (status, out) == (2, "")
    assert err == f"unicancer: error: cannot read {missing}: No such file or directory\n"


def test_a_malformed_gold_file_exits_2_naming_the_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "gold.jsonl"
    path.write_text('{"text": "a", "labels": [1]}\n{"text": "b", "labels": [1, 11]}\n')
    status, out, err = run(capsys, "evaluate", str(path))
    assert (status, out) == (2, "")
    assert err == (
        "unicancer: error: invalid gold data at line 2: labels[1]: "
        "expected a principle number 1-10, found 11\n"
    )
    assert "Traceback" not in err


def test_curve_prints_precision_and_recall_by_threshold_and_the_calibration(
    capsys: pytest.CaptureFixture[str],
) -> None:
    status, out, err = run(capsys, "evaluate", str(GOLD), "--curve", "--lang", "en")
    assert (status, err) == (0, "")
    result = unicancer.evaluate(GOLD)
    lines = out.splitlines()
    head = next(i for i, line in enumerate(lines) if "P@0.5" in line)
    assert lines[head].startswith("principle")
    row = lines[head + 7].split()  # principle 7
    (point,) = result.curve(7, thresholds=[0.5])
    assert row[:2] == ["7", "patient-partnership"]
    assert [float(x) for x in row[6:8]] == pytest.approx([point.precision, point.recall], abs=5e-4)
    bins = result.calibration()
    calibration = lines[lines.index(next(x for x in lines if x.startswith("calibration"))) + 1 :]
    assert len(calibration) == len(bins)
    assert [int(line.split()[2]) for line in calibration] == [b.count for b in bins]
