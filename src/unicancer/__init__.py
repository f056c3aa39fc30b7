"""The UNICANCER charter as a typed, validated, versioned data package.

>>> from unicancer import charter
>>> charter.principle(7).slug
'patient-partnership'
>>> [m.id for m in charter.missions]
['care', 'research', 'teaching']
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ._errors import (
    CharterDataError,
    GoldDataError,
    InvalidTypeError,
    InvalidValueError,
    MissingDependencyError,
    NotFoundError,
    UnicancerError,
)
from ._loading import dumps, load, loads, unstructure
from ._model import Charter, Lang, Mission, MissionId, Principle

#: The package version (the data's is `charter.version`); hatch reads it from here.
__version__ = "0.1.0"

if TYPE_CHECKING:
    # Imported on first use (see __getattr__), to keep `import unicancer` cheap.
    from . import export as export
    from . import frame as frame
    from . import render as render
    from ._evaluate import (
        Average,
        CalibrationBin,
        CurvePoint,
        Evaluation,
        Gold,
        Mistake,
        PrincipleScore,
        evaluate,
    )
    from ._lexicon import Lexicon, LexiconEntry
    from ._tagging import Hit, Tag, Tagger, Term, tag

    #: The charter packaged with unicancer, loaded and validated on first use.
    charter: Charter
    #: The tagging lexicon packaged with unicancer, loaded on first use.
    lexicon: Lexicon

__all__ = [
    "Average",
    "CalibrationBin",
    "Charter",
    "CharterDataError",
    "CurvePoint",
    "Evaluation",
    "Gold",
    "GoldDataError",
    "Hit",
    "InvalidTypeError",
    "InvalidValueError",
    "Lang",
    "Lexicon",
    "LexiconEntry",
    "MissingDependencyError",
    "Mission",
    "MissionId",
    "Mistake",
    "NotFoundError",
    "Principle",
    "PrincipleScore",
    "Tag",
    "Tagger",
    "Term",
    "UnicancerError",
    "__version__",
    "charter",
    "dumps",
    "evaluate",
    "lexicon",
    "load",
    "loads",
    "tag",
    "unstructure",
]


#: The submodules that ``unicancer.NAME`` imports on first use.
_SUBMODULES = frozenset({"export", "frame", "render"})
_TAGGING = frozenset({"Hit", "Tag", "Tagger", "Term", "tag"})
_LEXICON = frozenset({"Lexicon", "LexiconEntry"})
_EVALUATE = frozenset(
    {
        "Average",
        "CalibrationBin",
        "CurvePoint",
        "Evaluation",
        "Gold",
        "Mistake",
        "PrincipleScore",
        "evaluate",
    }
)

if not TYPE_CHECKING:  # hidden from type checkers, which would then accept any name

    def __getattr__(name: str) -> object:
        if name == "charter":
            from ._loading import packaged

            return packaged()
        if name in _SUBMODULES:  # imported on first use
            import importlib

            return importlib.import_module(f".{name}", __name__)
        if name in _TAGGING:  # imported on first use: `import unicancer` stays cheap
            from . import _tagging

            return getattr(_tagging, name)
        if name == "lexicon":
            from ._lexicon import packaged_lexicon

            return packaged_lexicon()
        if name in _LEXICON:
            from . import _lexicon

            return getattr(_lexicon, name)
        if name in _EVALUATE:
            from . import _evaluate

            return getattr(_evaluate, name)
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

    def __dir__() -> list[str]:
        """The public names, those imported on first use included (for tab completion)."""
        return sorted({*globals(), *__all__, *_SUBMODULES})
