"""The public API's types, as client code sees them: precise, and never `Any`."""

from __future__ import annotations

import inspect
import os
import subprocess
import sys
import typing
from collections.abc import Callable, Iterator
from typing import IO, Any

import dask.dataframe as dd
import pandas as pd
import polars as pl
import pyarrow as pa
import pyspark.sql
import pytest
from matplotlib.axes import Axes
from matplotlib.figure import Figure

import unicancer
from tests.paths import ROOT
from unicancer import export, frame, render
from unicancer import spacy as spacy_component

#: The public modules, whose ``__all__`` is the public API.
PUBLIC_MODULES = (unicancer, export, frame, render, spacy_component)
#: The names that annotations use but that modules import for type checkers only, to keep
#: `import unicancer` cheap.
TYPE_NAMES = {
    **{name: getattr(unicancer, name) for name in unicancer.__all__},
    "pd": pd,
    "dd": dd,
    "Axes": Axes,
    "Figure": Figure,
    "pl": pl,
    "pa": pa,
    "pyspark": pyspark,
    # The alias of unicancer.frame, for type checkers only (pandas' Series is not generic).
    "PandasSeries": pd.Series,
    # The aliases of unicancer._loading, as it defines them for type checkers only.
    "Document": unicancer.Charter | unicancer.Lexicon,
    "Source": str | os.PathLike[str] | IO[str] | IO[bytes],
}


def check(*command: str) -> None:
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr


def test_typing_tests_pass_mypy_strict() -> None:
    check(sys.executable, "-m", "mypy", "--strict", "typing_tests")


def test_typing_tests_pass_pyright_strict() -> None:
    """basedpyright runs pyright; `[tool.basedpyright]` in pyproject.toml sets strict mode."""
    check(sys.executable, "-m", "basedpyright", "--pythonpath", sys.executable, "typing_tests")


def _annotated(obj: object) -> Iterator[tuple[str, Callable[..., object] | type]]:
    """The functions and classes whose annotations make *obj*'s public signature."""
    if isinstance(obj, type):
        yield obj.__qualname__, obj
        for name, member in vars(obj).items():
            if name.startswith("_") and name != "__init__":
                continue
            if isinstance(member, property) and member.fget:
                member = member.fget
            elif hasattr(member, "func"):  # functools.cached_property
                member = member.func
            if inspect.isfunction(member):
                yield from _annotated(member)
    elif inspect.isfunction(obj):
        # Type checkers see the overloads of an overloaded function, not its implementation.
        overloads: list[Callable[..., object]] = []
        if sys.version_info >= (3, 11):
            overloads = typing.get_overloads(obj)
        for overload in overloads:
            yield f"{obj.__qualname__} (overload)", overload
        if not overloads:
            yield obj.__qualname__, obj


def _has_any(hint: object) -> bool:
    if hint is Any:
        return True
    if isinstance(hint, list):  # the parameters of a Callable
        return any(map(_has_any, hint))
    return any(map(_has_any, typing.get_args(hint)))


def public_signatures() -> Iterator[tuple[str, dict[str, object]]]:
    for module in PUBLIC_MODULES:
        yield module.__name__, typing.get_type_hints(module, localns=TYPE_NAMES)
        for name in module.__all__:
            obj = getattr(module, name)
            if typing.get_origin(obj) is typing.Literal:
                yield f"{module.__name__}.{name}", {"alias": obj}
            for where, annotated in _annotated(obj):
                hints = typing.get_type_hints(annotated, localns=TYPE_NAMES)
                yield f"{module.__name__}.{where}", hints


@pytest.mark.parametrize(("where", "hints"), list(public_signatures()), ids=lambda x: str(x)[:40])
def test_no_any_in_public_signatures(where: str, hints: dict[str, object]) -> None:
    if sys.version_info < (3, 11):
        pytest.skip("needs typing.get_overloads (3.11) to skip overloaded implementations")
    leaks = [name for name, hint in hints.items() if _has_any(hint)]
    assert not leaks, f"{where}: Any in the annotations of {leaks}"


def test_the_any_check_finds_any() -> None:
    def leaky(x: dict[str, Any], f: Callable[[Any], int]) -> int | None:
        return None

    hints = typing.get_type_hints(leaky)
    assert [name for name, hint in hints.items() if _has_any(hint)] == ["x", "f"]


def test_the_public_api_is_all_checked() -> None:
    checked = {where for where, _ in public_signatures()}
    assert "unicancer.Charter.get (overload)" in checked
    assert "unicancer.loads (overload)" in checked
    assert "unicancer.export.dump" in checked
    assert "unicancer.render.render" in checked
    assert "unicancer.Evaluation.plot" in checked
    assert "unicancer.Principle.title_in" in checked
    # A cached property: a descriptor, or in a slotted attrs class an annotation of the class.
    signatures = dict(public_signatures())
    digest = signatures.get("unicancer.Charter.digest", {}).get("return")
    assert (digest or signatures["unicancer.Charter"].get("digest")) is str
