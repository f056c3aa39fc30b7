"""Read the exports back the way their users do."""

from __future__ import annotations

import typing
from html.parser import HTMLParser
from typing import Any

import markdown
import rdflib


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []

    def handle_data(self, data: str) -> None:
        self.blocks.append(data)


def rendered_blocks(markdown_text: str) -> list[str]:
    """The texts of the HTML blocks that *markdown_text* renders to, as a browser shows
    them: the parser converts character references once (converted again, an ``&#0``
    written as ``&amp;#0`` would read as a character it is not)."""
    parser = _Text()
    parser.feed(markdown.markdown(markdown_text))
    parser.close()
    return [b.strip() for b in parser.blocks if b.strip()]


def literals(graph: rdflib.Graph, subject: Any, predicate: rdflib.URIRef) -> list[rdflib.Literal]:
    found = list(graph.objects(subject, predicate))
    assert all(isinstance(o, rdflib.Literal) for o in found), found
    return typing.cast("list[rdflib.Literal]", found)
