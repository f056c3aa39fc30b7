"""How the command line's help is laid out."""

from __future__ import annotations

import argparse

__all__ = ["HelpFormatter", "examples"]


class HelpFormatter(argparse.HelpFormatter):
    """Wraps one-line descriptions to the terminal; keeps the lines of a text that has several.

    Examples and lists in descriptions and epilogs are written line by line.
    """

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        if "\n" in text:
            return "".join(indent + line for line in text.splitlines(keepends=True))
        return super()._fill_text(text, width, indent)


def examples(*lines: str) -> str:
    """An epilog listing example command lines."""
    return "examples:\n" + "\n".join(f"  {line}" for line in lines)
