"""Read HTML pages back the way a browser does, and run a headless browser on them."""

from __future__ import annotations

import os
import shutil
import struct
import subprocess
import zlib
from html.parser import HTMLParser
from pathlib import Path

import attrs
import pytest
from tools.docs_images import browser_command


@attrs.frozen
class Mark:
    """A ``<mark>`` of a page: its attributes, its text and where it starts in its text."""

    attrs: dict[str, str]
    text: str
    start: int


@attrs.define
class Page:
    """What a page holds: its title, each ``.text`` element's text, its marks, its tags."""

    title: str = ""
    texts: list[str] = attrs.Factory(list)
    marks: list[Mark] = attrs.Factory(list)
    legends: list[list[str]] = attrs.Factory(list)
    tags: list[str] = attrs.Factory(list)


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = Page()
        self._open: list[tuple[str, dict[str, str]]] = []
        self._text: list[str] | None = None
        self._mark: list[str] | None = None
        self._at = 0  # where the mark starts in the text
        self._item: list[str] | None = None
        self._title: list[str] | None = None

    def handle_starttag(self, tag: str, attributes: list[tuple[str, str | None]]) -> None:
        found = {k: v or "" for k, v in attributes}
        self.page.tags.append(tag)
        if tag in ("meta", "br", "hr", "link", "img", "input"):
            return
        self._open.append((tag, found))
        if tag == "div" and found.get("class") == "text":
            self._text = []
            self.page.texts.append("")
        elif tag == "mark":
            self._mark = []
            self._at = len("".join(self._text or ()))
        elif tag == "ul" and found.get("class") == "legend":
            self.page.legends.append([])
        elif tag == "li" and self.page.legends:
            self._item = []
        elif tag == "title":
            self._title = []

    def handle_endtag(self, tag: str) -> None:
        if not self._open or self._open[-1][0] != tag:
            return
        _, found = self._open.pop()
        if tag == "div" and self._text is not None:
            self.page.texts[-1] = "".join(self._text)
            self._text = None
        elif tag == "mark" and self._mark is not None:
            self.page.marks.append(Mark(found, "".join(self._mark), self._at))
            self._mark = None
        elif tag == "li" and self._item is not None:
            self.page.legends[-1].append(" ".join("".join(self._item).split()))
            self._item = None
        elif tag == "title" and self._title is not None:
            self.page.title = "".join(self._title)
            self._title = None

    def handle_data(self, data: str) -> None:
        for part in (self._text, self._mark, self._item, self._title):
            if part is not None:
                part.append(data)


def marked(page: Page, principle: int) -> set[int]:
    """Where *page*'s text has a mark of evidence for *principle* (of one text pages)."""
    return {
        i
        for mark in page.marks
        if str(principle) in mark.attrs.get("data-principles", "").split()
        for i in range(mark.start, mark.start + len(mark.text))
    }


def read_page(text: str) -> Page:
    """The title, texts, marks and legends of the HTML page *text*."""
    reader = _Reader()
    reader.feed(text)
    reader.close()
    return reader.page


def pixels(png: bytes) -> list[tuple[int, int, int]]:
    """The RGB colour of every pixel of an 8-bit, non-interlaced RGB or RGBA PNG image."""
    assert png[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG image"
    at, data, header = 8, b"", b""
    while at < len(png):
        (length,) = struct.unpack(">I", png[at : at + 4])
        kind, body = png[at + 4 : at + 8], png[at + 8 : at + 8 + length]
        at += 12 + length
        if kind == b"IHDR":
            header = body
        elif kind == b"IDAT":
            data += body
    width, height, depth, colour_type, _, _, interlace = struct.unpack(">IIBBBBB", header)
    assert (depth, colour_type, interlace) in ((8, 2, 0), (8, 6, 0)), "unsupported PNG"
    step = 3 if colour_type == 2 else 4
    raw = zlib.decompress(data)
    stride = width * step
    previous = bytearray(stride)
    found: list[tuple[int, int, int]] = []
    for row in range(height):
        start = row * (stride + 1)
        method, line = raw[start], bytearray(raw[start + 1 : start + 1 + stride])
        for i in range(stride):
            left = line[i - step] if i >= step else 0
            up = previous[i]
            corner = previous[i - step] if i >= step else 0
            if method == 1:
                line[i] = (line[i] + left) & 0xFF
            elif method == 2:
                line[i] = (line[i] + up) & 0xFF
            elif method == 3:
                line[i] = (line[i] + (left + up) // 2) & 0xFF
            elif method == 4:
                p = left + up - corner
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
                guess = left if pa <= pb and pa <= pc else up if pb <= pc else corner
                line[i] = (line[i] + guess) & 0xFF
        found += [(line[i], line[i + 1], line[i + 2]) for i in range(0, stride, step)]
        previous = line
    return found


#: Set (as .ci/run does) to fail, not skip, the browser tests when there is no browser.
REQUIRE_BROWSER = "UNICANCER_REQUIRE_BROWSER"


def browser() -> str:
    """The path of Debian's ``chromium``; the test is skipped when it is not installed."""
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None:
        reason = "chromium is not installed (.ci/run installs it: apt-get install chromium)"
        if os.environ.get(REQUIRE_BROWSER):
            pytest.fail(f"{reason}, and {REQUIRE_BROWSER} is set")
        pytest.skip(reason)
    return found


def run_browser(page: Path, work: Path, *options: str) -> subprocess.CompletedProcess[bytes]:
    """Open *page* in headless chromium, with nothing fetched or synchronised, for *options*."""
    profile = work / "profile"
    command = browser_command(browser(), profile, page.resolve().as_uri(), *options)
    done = subprocess.run(command, capture_output=True, timeout=120, check=False, cwd=work)
    assert done.returncode == 0, done.stderr.decode("utf-8", "replace")[-2000:]
    return done
