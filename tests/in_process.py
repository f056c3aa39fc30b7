"""Run the command line in the test's own process."""

from __future__ import annotations

import pytest

from unicancer._cli import main


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """``unicancer ARGV`` through `main`: its exit status, standard output and error."""
    try:
        status = main(list(argv))
    except SystemExit as exc:
        status = exc.code if isinstance(exc.code, int) else 1
    out, err = capsys.readouterr()
    return status, out, err
