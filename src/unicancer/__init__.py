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
    InvalidTypeError,
    InvalidValueError,
    NotFoundError,
    UnicancerError,
)
from ._loading import dumps, load, loads, unstructure
from ._model import Charter, Lang, Mission, MissionId, Principle
from ._version import __version__

if TYPE_CHECKING:
    #: The charter packaged with unicancer, loaded and validated on first use.
    charter: Charter

__all__ = [
    "Charter",
    "CharterDataError",
    "InvalidTypeError",
    "InvalidValueError",
    "Lang",
    "Mission",
    "MissionId",
    "NotFoundError",
    "Principle",
    "UnicancerError",
    "__version__",
    "charter",
    "dumps",
    "load",
    "loads",
    "unstructure",
]


if not TYPE_CHECKING:  # hidden from type checkers, which would then accept any name

    def __getattr__(name: str) -> object:
        if name == "charter":
            from ._loading import packaged

            return packaged()
        if name == "export":  # the submodule, imported on first use: `import unicancer` stays cheap
            import importlib

            return importlib.import_module(".export", __name__)
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
