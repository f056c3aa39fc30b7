"""A griffe extension for the API reference: show docstrings' doctests as code.

The docstrings hold bare ``>>>`` examples (run by pytest's doctest); Markdown would read
their output lines as text. This wraps each run of doctest lines in a ``pycon`` code block.
Used by mkdocs.yml.
"""

from __future__ import annotations

from typing import Any

import griffe


def fence_doctests(text: str) -> str:
    """Wrap each doctest block of *text* (from a ``>>>`` line to a blank line) in a fence.

    >>> fence_doctests("Say hi.\\n\\n>>> 1 + 1\\n2\\n\\nBye.").splitlines()
    ['Say hi.', '', '```pycon', '>>> 1 + 1', '2', '```', '', 'Bye.']
    """
    out: list[str] = []
    in_block = False
    for line in text.splitlines():
        stripped = line.strip()
        if not in_block and stripped.startswith(">>>"):
            indent = line[: len(line) - len(line.lstrip())]
            out.append(f"{indent}```pycon")
            in_block = True
        elif in_block and not stripped:
            out.append(f"{indent}```")
            in_block = False
        out.append(line)
    if in_block:
        out.append(f"{indent}```")
    return "\n".join(out)


def _fence_all(obj: griffe.Object) -> None:
    if obj.docstring is not None:
        obj.docstring.value = fence_doctests(obj.docstring.value)
    for member in obj.members.values():
        if not member.is_alias:
            _fence_all(member)  # type: ignore[arg-type]  # not an alias


class DoctestBlocks(griffe.Extension):
    """Fence the doctests of every docstring of the package."""

    def on_package(self, *, pkg: griffe.Module, **kwargs: Any) -> None:
        _fence_all(pkg)
