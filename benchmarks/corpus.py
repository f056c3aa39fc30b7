#!/usr/bin/env python3
"""Deterministic builder of a French + English prose corpus for benchmarks.

The text comes only from Debian packages (manual pages and documentation),
fetched with ``apt-get download`` into a cache directory and read with
``dpkg-deb --fsys-tarfile``: nothing is installed system-wide, so the script
works on a clean Debian machine, as root or not.  Package names and versions
are pinned in :data:`PACKAGES`; if a pinned version is no longer available
the candidate version is used instead and a warning is printed.

Outputs (in ``--out``, default ``benchmarks/.cache``):

* ``corpus-fr.txt`` -- French documents,
* ``corpus-en.txt`` -- English documents,
* ``corpus.txt`` -- both, interleaved document by document so that every
  part of the file is roughly half French and half English by size,
* ``manifest.json`` -- packages and versions used, sizes, sha256 digests,
  and how many times each UNICANCER charter sentence was inserted.

Documents are separated by exactly one blank line and contain no blank line
themselves.  If ``src/unicancer/data/charter.json`` exists, the charter's
principles (``principles[i].text`` in the French file, ``text_en`` in the
English one) are inserted as one-line documents, one about every 200 KB of
each language's text, cycling through the principles in order.

Usage::

    python benchmarks/corpus.py [--out DIR] [--min-mb 20]

Other benchmark scripts can ``from corpus import build_corpus``.
Standard library only.
"""

from __future__ import annotations

import argparse
import dataclasses
import gzip
import hashlib
import html.parser
import json
import os
import pathlib
import re
import subprocess
import sys
import tarfile
import time
import unicodedata
from collections.abc import Callable, Iterable, Iterator

#: Bump to force a rebuild when the output format changes (the manifest
#: also records a digest of this file, so any code change rebuilds anyway).
FORMAT_VERSION = 1

BENCH_DIR = pathlib.Path(__file__).resolve().parent
REPO_DIR = BENCH_DIR.parent
DEFAULT_OUT = BENCH_DIR / ".cache"
CHARTER_PATH = REPO_DIR / "src" / "unicancer" / "data" / "charter.json"

#: Insert one charter sentence after about this many bytes of each language.
CHARTER_EVERY = 200_000
#: Documents shorter than this (in characters) are dropped (stubs, .so links).
MIN_DOC_CHARS = 200
#: Paragraphs at least this long are kept only at their first occurrence
#: across the whole corpus (boilerplate such as licence notes).
DEDUP_PARAGRAPH_CHARS = 100

#: Debian packages used, with the exact versions the reference corpus was
#: built from (Debian 12 "bookworm").
PACKAGES: dict[str, str] = {
    "manpages-fr": "4.18.1-1",
    "manpages-fr-dev": "4.18.1-1",
    "manpages": "6.03-2",
    "manpages-dev": "6.03-2",
    "debian-reference-fr": "2.100",
    "debian-reference-en": "2.100",
    "maint-guide-fr": "1.2.53",
    "maint-guide": "1.2.53",
    "debian-faq-fr": "11.1",
    "debian-faq": "11.1",
    "developers-reference-fr": "12.18",
    "developers-reference": "12.18",
    "installation-guide-amd64": "20230508+deb12u1",
    "harden-doc": "3.19+nmu1",
    "libreoffice-help-fr": "4:7.4.7-1+deb12u14",
    "libreoffice-help-en-us": "4:7.4.7-1+deb12u14",
    # manual pages shipped in both languages by the Debian tools themselves
    "apt": "2.6.2",
    "dpkg": "1.21.23",
    "dpkg-dev": "1.21.23",
    "debhelper": "13.11.4",
    "devscripts": "2.23.4+deb12u2",
    "po4a": "0.69-1",
    # English only: the prose parts of the Python documentation
    "python3.11-doc": "3.11.2-6+deb12u9",
}

#: Packages whose manual pages are used in both French and English.
BILINGUAL_MAN_PACKAGES: tuple[str, ...] = (
    "apt",
    "debhelper",
    "devscripts",
    "dpkg",
    "dpkg-dev",
    "po4a",
)


@dataclasses.dataclass(frozen=True)
class Selection:
    """Files of one package that make documents of one language."""

    package: str
    lang: str  # "fr" or "en"
    pattern: str  # regular expression matched against the whole member path
    fmt: str  # "man", "html" or "text"


SELECTIONS: tuple[Selection, ...] = (
    Selection("manpages-fr", "fr", r"usr/share/man/fr/man\w+/[^/]+\.gz", "man"),
    Selection("manpages-fr-dev", "fr", r"usr/share/man/fr/man\w+/[^/]+\.gz", "man"),
    Selection("manpages", "en", r"usr/share/man/man\w+/[^/]+\.gz", "man"),
    Selection("manpages-dev", "en", r"usr/share/man/man\w+/[^/]+\.gz", "man"),
    Selection(
        "debian-reference-fr",
        "fr",
        r"usr/share/debian-reference/debian-reference\.fr\.txt\.gz",
        "text",
    ),
    Selection(
        "debian-reference-en",
        "en",
        r"usr/share/debian-reference/debian-reference\.en\.txt\.gz",
        "text",
    ),
    Selection(
        "maint-guide-fr",
        "fr",
        r"usr/share/doc/maint-guide-fr/maint-guide\.fr\.txt\.gz",
        "text",
    ),
    Selection("maint-guide", "en", r"usr/share/doc/maint-guide/maint-guide\.en\.txt\.gz", "text"),
    Selection("debian-faq-fr", "fr", r"usr/share/doc/debian/FAQ/debian-faq\.fr\.txt\.gz", "text"),
    Selection("debian-faq", "en", r"usr/share/doc/debian/FAQ/debian-faq\.en\.txt\.gz", "text"),
    Selection(
        "developers-reference-fr",
        "fr",
        r"usr/share/developers-reference/fr/developers-reference\.txt\.gz",
        "text",
    ),
    Selection(
        "developers-reference",
        "en",
        r"usr/share/developers-reference/developers-reference\.txt\.gz",
        "text",
    ),
    Selection(
        "installation-guide-amd64",
        "fr",
        r"usr/share/doc/installation-guide-amd64/fr/[^/]+\.html",
        "html",
    ),
    Selection(
        "installation-guide-amd64",
        "en",
        r"usr/share/doc/installation-guide-amd64/en/[^/]+\.html",
        "html",
    ),
    Selection("harden-doc", "fr", r"usr/share/doc/harden-doc/html/fr-FR/[^/]+\.html", "html"),
    Selection("harden-doc", "en", r"usr/share/doc/harden-doc/html/en-US/[^/]+\.html", "html"),
    Selection("libreoffice-help-fr", "fr", r"usr/share/libreoffice/help/fr/text/.+\.html", "html"),
    Selection(
        "libreoffice-help-en-us", "en", r"usr/share/libreoffice/help/en-US/text/.+\.html", "html"
    ),
    Selection(
        "python3.11-doc",
        "en",
        r"usr/share/doc/python3\.11/html/"
        r"(?:whatsnew|howto|tutorial|faq|reference|using|extending)/[^/]+\.html",
        "html",
    ),
    *(
        Selection(package, lang, pattern, "man")
        for package in BILINGUAL_MAN_PACKAGES
        for lang, pattern in (
            ("fr", r"usr/share/man/fr/man\w+/[^/]+\.gz"),
            ("en", r"usr/share/man/man\w+/[^/]+\.gz"),
        )
    ),
)

LANGS: tuple[str, str] = ("fr", "en")


def log(message: str) -> None:
    print(message, flush=True)


def sha256_file(path: pathlib.Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


# ---------------------------------------------------------------------------
# roff (man page) to plain text
# ---------------------------------------------------------------------------

#: groff special characters, ``\(xx`` / ``\[xx]`` / ``\*(xx`` names.
SPECIAL_CHARS: dict[str, str] = {
    "aq": "'",
    "dq": '"',
    "lq": "\u201c",
    "rq": "\u201d",
    "oq": "\u2018",
    "cq": "\u2019",
    "Fo": "\u00ab",
    "Fc": "\u00bb",
    "fo": "\u2039",
    "fc": "\u203a",
    "em": "\u2014",
    "en": "\u2013",
    "hy": "-",
    "mi": "-",
    "pl": "+",
    "eq": "=",
    "sl": "/",
    "rs": "\\",
    "ti": "~",
    "ha": "^",
    "ga": "`",
    "ul": "_",
    "ru": "_",
    "bu": "\u2022",
    "co": "\u00a9",
    "rg": "\u00ae",
    "tm": "\u2122",
    "Tm": "\u2122",
    "de": "\u00b0",
    "mu": "\u00d7",
    "di": "\u00f7",
    "+-": "\u00b1",
    "<=": "\u2264",
    ">=": "\u2265",
    "!=": "\u2260",
    "->": "\u2192",
    "<-": "\u2190",
    "lA": "\u21d0",
    "rA": "\u21d2",
    "da": "\u2193",
    "ua": "\u2191",
    "ba": "|",
    "br": "|",
    "or": "|",
    "sq": "\u25a1",
    "dg": "\u2020",
    "ct": "\u00a2",
    "Po": "\u00a3",
    "Eu": "\u20ac",
    "eu": "\u20ac",
    "Ye": "\u00a5",
    "ss": "\u00df",
    "lB": "[",
    "rB": "]",
    "lC": "{",
    "rC": "}",
    "la": "\u27e8",
    "ra": "\u27e9",
    "ps": "\u00b6",
    "sc": "\u00a7",
    "R": "\u00ae",
    "ca": "\u2229",
    "cu": "\u222a",
    "if": "\u221e",
    "*a": "\u03b1",
    "*b": "\u03b2",
    "*m": "\u03bc",
    "*p": "\u03c0",
    "12": "\u00bd",
    "14": "\u00bc",
    "34": "\u00be",
    "S1": "\u00b9",
    "S2": "\u00b2",
    "S3": "\u00b3",
    "a-": "\u00af",
    "'e": "\u00e9",
    "`e": "\u00e8",
    "^e": "\u00ea",
    "'E": "\u00c9",
    "`a": "\u00e0",
    ",c": "\u00e7",
    ":u": "\u00fc",
    ":o": "\u00f6",
    ":a": "\u00e4",
    "~n": "\u00f1",
}

#: Combining accents for groff composite names such as ``\[e aa]``.
_COMPOSITE_ACCENTS: dict[str, str] = {
    "aa": "\u0301",
    "ga": "\u0300",
    "ha": "\u0302",
    ":": "\u0308",
    "ac": "\u0327",
    "ti": "\u0303",
}

_ESCAPE_RE = re.compile(
    r"""\\(?:
        (?P<font>f(?:\[[^\]]*\]|\(..|.))              # font change
      | (?P<special>\((?P<s2>..)|\[(?P<sb>[^\]]*)\])  # special character
      | (?P<string>\*(?:\[(?P<strb>[^\]]*)\]|\((?P<str2>..)|(?P<str1>.)))
      | (?P<size>s(?:\[[^\]]*\]|\([+-]?..|[+-]?\d\d?|[+-]?\d))
      | (?P<quoted>[hvwolLDZbxXNSABCRV](?P<q>['|]).*?(?P=q))
      | (?P<reg>[nmMgkFY](?:\[[^\]]*\]|\(..|.))
      | (?P<char>.)
    )""",
    re.VERBOSE,
)

#: Single character escapes, everything else in this family vanishes.
_CHAR_ESCAPES: dict[str, str] = {
    "-": "-",
    "e": "\\",
    "\\": "\\",
    "E": "\\",
    "'": "\u00b4",
    "`": "`",
    " ": " ",
    "~": " ",
    "0": " ",
    ".": ".",
    "t": " ",
    "_": "_",
    "@": "@",
}


def _special(name: str) -> str:
    if name in SPECIAL_CHARS:
        return SPECIAL_CHARS[name]
    if re.fullmatch(r"u[0-9A-Fa-f]{4,6}(?:_[0-9A-Fa-f]{4,6})*", name):
        return "".join(chr(int(part, 16)) for part in name[1:].split("_"))
    parts = name.split()
    if len(parts) == 2 and parts[1] in _COMPOSITE_ACCENTS and len(parts[0]) == 1:
        return unicodedata.normalize("NFC", parts[0] + _COMPOSITE_ACCENTS[parts[1]])
    if name.startswith("char") and name[4:].isdigit():
        return chr(int(name[4:]))
    return ""


def _replace_escape(match: re.Match[str]) -> str:
    if match.group("special") is not None:
        return _special(match.group("s2") or match.group("sb") or "")
    if match.group("string") is not None:
        name = match.group("strb") or match.group("str2") or match.group("str1") or ""
        return SPECIAL_CHARS.get(name, "")
    char = match.group("char")
    if char is not None:
        return _CHAR_ESCAPES.get(char, "")
    return ""  # font, size, quoted arguments, registers


def roff_inline(text: str) -> str:
    """Strip the inline escapes of one roff line."""
    if "\\" not in text:
        return text
    return _ESCAPE_RE.sub(_replace_escape, text)


def roff_args(rest: str) -> list[str]:
    """Split macro arguments the way roff does (double quotes group words)."""
    args: list[str] = []
    i, n = 0, len(rest)
    while i < n:
        while i < n and rest[i] in " \t":
            i += 1
        if i >= n:
            break
        if rest[i] == '"':
            i += 1
            buf: list[str] = []
            while i < n:
                if rest[i] == '"':
                    if i + 1 < n and rest[i + 1] == '"':
                        buf.append('"')
                        i += 2
                        continue
                    i += 1
                    break
                buf.append(rest[i])
                i += 1
            args.append("".join(buf))
        else:
            start = i
            while i < n and rest[i] not in " \t":
                i += 1
            args.append(rest[start:i])
    return args


_FONT_JOIN_MACROS = frozenset({"BR", "RB", "BI", "IB", "IR", "RI"})
_FONT_SPACE_MACROS = frozenset({"B", "I", "SM", "SB", "CW", "CR", "CB", "CI"})
_BREAK_MACROS = frozenset(
    {"PP", "P", "LP", "sp", "br", "HP", "RS", "RE", "in", "ti", "TQ", "EE", "YS", "bp"}
)
_HEADING_MACROS = frozenset({"SH", "SS"})
_SKIP_SECTIONS = frozenset({"TRADUCTION", "COLOPHON", "TRANSLATION", "TRANSLATORS", "TRADUCTEURS"})


class _RoffText:
    """Accumulates filled paragraphs and verbatim lines."""

    def __init__(self) -> None:
        self.paragraphs: list[str] = []
        self.words: list[str] = []
        self.fill = True
        self.skip_section = False

    def add(self, text: str) -> None:
        if self.skip_section:
            return
        if self.fill:
            self.words.append(text.strip())
        else:
            self.flush()
            if text.strip():
                self.paragraphs.append(text.rstrip())

    def flush(self) -> None:
        if self.words:
            paragraph = " ".join(word for word in self.words if word)
            if paragraph:
                self.paragraphs.append(paragraph)
            self.words = []


def man_to_text(source: str) -> str:
    """Convert a man page written in roff (man macros + tbl) to plain text."""
    out = _RoffText()
    lines = source.splitlines()
    i = 0
    skip_until: str | None = None  # ".." for .de/.ig, ".EE" for examples
    table_state = 0  # 0: none, 1: options/format lines, 2: data rows
    pending_tag = False  # .TP: the next text line is a tag
    while i < len(lines):
        line = lines[i]
        i += 1
        # continuation lines ending with a backslash
        while line.endswith("\\") and not line.endswith("\\\\") and i < len(lines):
            line = line[:-1] + lines[i]
            i += 1
        if skip_until is not None:
            if line.strip().startswith(skip_until):
                skip_until = None
            continue
        if line.startswith(("'", ".")) and len(line) > 1 and line[1:2] == "\\":
            continue  # comment line: .\" or '\"
        if line.startswith((".", "'")):
            body = line[1:].lstrip()
            name, _, rest = body.partition(" ")
            name = name.strip()
            rest = rest.strip()
            if "\\" in name and not name.startswith("\\"):
                name = name.split("\\", 1)[0]
            if name in ("de", "de1", "am", "ig"):
                skip_until = ".."
                continue
            if name == "EX":
                out.flush()
                skip_until = ".EE"  # code examples are not prose
                continue
            if name == "TS":
                out.flush()
                table_state = 1
                continue
            if name == "TE":
                table_state = 0
                continue
            if name == "nf":
                out.flush()
                out.fill = False
                continue
            if name == "fi":
                out.fill = True
                continue
            if name == "so":
                continue
            if name in _HEADING_MACROS:
                out.flush()
                heading = roff_inline(" ".join(roff_args(rest))).strip()
                if not heading and i < len(lines) and not lines[i].startswith("."):
                    heading = roff_inline(lines[i]).strip()
                    i += 1
                out.skip_section = name == "SH" and heading.upper() in _SKIP_SECTIONS
                if heading and not out.skip_section:
                    out.paragraphs.append(heading)
                continue
            if name in _BREAK_MACROS:
                out.flush()
                continue
            if name == "TP":
                out.flush()
                pending_tag = True
                continue
            if name == "IP":
                out.flush()
                args = roff_args(rest)
                if args and args[0]:
                    tag = roff_inline(args[0]).strip()
                    if tag and tag not in ("\u2022", "*", "-", "o"):
                        out.add(tag)
                        out.flush()
                continue
            if name in _FONT_JOIN_MACROS:
                text = "".join(roff_args(rest))
            elif name in _FONT_SPACE_MACROS:
                if not rest and i < len(lines) and not lines[i].startswith("."):
                    rest = lines[i]
                    i += 1
                text = " ".join(roff_args(rest))
            elif name in ("UR", "MT", "UE", "ME"):
                # keep the link text, drop URLs and addresses;
                # ".UE ." / ".ME ," carry trailing punctuation
                if name in ("UE", "ME") and rest:
                    out.add(roff_inline(rest))
                    if pending_tag:
                        pending_tag = False
                continue
            elif name == "OP":
                text = "[" + " ".join(roff_args(rest)) + "]"
            elif name == "SY":
                out.flush()
                text = " ".join(roff_args(rest))
            else:
                continue  # any other request: .TH, .ad, .nh, .ft, .ne, ...
            out.add(roff_inline(text))
            if pending_tag:
                out.flush()
                pending_tag = False
            continue
        if table_state == 1:
            # tbl: an options line ending with ';', then format lines up to '.'
            if line.rstrip().endswith("."):
                table_state = 2
            continue
        if table_state == 2:
            if line.startswith(".T&"):
                table_state = 1
                continue
            cells = [c.replace("T{", "").replace("T}", "").strip() for c in line.split("\t")]
            row = " ".join(roff_inline(c) for c in cells if c and c not in ("_", "=")).strip()
            if row:
                out.flush()
                out.add(row)
                out.flush()
            continue
        if not line.strip():
            out.flush()
            continue
        out.add(roff_inline(line))
        if pending_tag:
            out.flush()
            pending_tag = False
    out.flush()
    return "\n".join(out.paragraphs)


# ---------------------------------------------------------------------------
# HTML to plain text
# ---------------------------------------------------------------------------

_VOID_TAGS = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
)
#: Never text: metadata, navigation, and code blocks (``pre``), which are
#: not prose (the man page converter drops ``.EX`` examples likewise).
_SKIP_TAGS = frozenset(
    {
        "head", "script", "style", "noscript", "template", "nav", "header", "footer",
        "aside", "pre",
    }
)  # fmt: skip
_SKIP_CLASSES = frozenset(
    {
        # DocBook, Publican
        "navheader", "navfooter", "toc", "list-of-tables", "list-of-figures",
        "list-of-examples", "docnav",
        # Sphinx
        "related", "sphinxsidebar", "footer", "headerlink", "mobile-nav",
        "highlight",
    }
)  # fmt: skip
_SKIP_IDS = frozenset({"banner", "title"})  # Publican page headers
_BLOCK_TAGS = frozenset(
    {
        "address", "article", "blockquote", "body", "br", "caption", "dd", "div", "dl",
        "dt", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "li",
        "main", "ol", "p", "section", "table", "tbody", "thead", "tfoot", "tr",
        "ul", "title",
    }
)  # fmt: skip
_CELL_TAGS = frozenset({"td", "th"})


class _HTMLText(html.parser.HTMLParser):
    """Collects the visible text of an HTML page, one paragraph per block."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.paragraphs: list[str] = []
        self.buf: list[str] = []
        self.skip_tag: str | None = None
        self.skip_depth = 0

    def _flush(self) -> None:
        text = " ".join("".join(self.buf).split())
        self.buf = []
        if text:
            self.paragraphs.append(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.skip_tag is not None:
            if tag == self.skip_tag:
                self.skip_depth += 1
            return
        classes: set[str] = set()
        hidden = False
        element_id = ""
        for key, value in attrs:
            if key == "class" and value:
                classes.update(value.split())
            elif key == "id" and value:
                element_id = value
            elif key == "hidden":
                hidden = True
        # LibreOffice help hides every platform variant of a "switchinline"
        # and lets JavaScript show one: keep the default (non-macOS) one.
        if hidden and element_id.startswith("default"):
            hidden = False
        if tag in _SKIP_TAGS or hidden or element_id in _SKIP_IDS or classes & _SKIP_CLASSES:
            if tag not in _VOID_TAGS:
                self.skip_tag = tag
                self.skip_depth = 1
            return
        if tag in _BLOCK_TAGS:
            self._flush()
        elif tag in _CELL_TAGS:
            self.buf.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if self.skip_tag is not None:
            if tag == self.skip_tag:
                self.skip_depth -= 1
                if self.skip_depth == 0:
                    self.skip_tag = None
            return
        if tag in _BLOCK_TAGS:
            self._flush()
        elif tag in _CELL_TAGS:
            self.buf.append(" ")

    def handle_data(self, data: str) -> None:
        if self.skip_tag is None:
            self.buf.append(data)

    def close(self) -> None:
        super().close()
        self._flush()


def html_to_text(source: str) -> str:
    parser = _HTMLText()
    parser.feed(source)
    parser.close()
    return "\n".join(parser.paragraphs)


def plain_text(source: str) -> str:
    return source


CONVERTERS: dict[str, Callable[[str], str]] = {
    "man": man_to_text,
    "html": html_to_text,
    "text": plain_text,
}

# ---------------------------------------------------------------------------
# Language filter
# ---------------------------------------------------------------------------

#: Frequent function words that are not words of the other language.
STOP_WORDS: dict[str, frozenset[str]] = {
    "en": frozenset(
        {
            "the", "and", "of", "to", "is", "are", "that", "this", "with", "for", "be",
            "by", "it", "which", "from", "you", "your", "can", "will", "not", "if", "when",
            "have", "has", "been", "was", "were", "into", "these", "those", "should",
            "would", "their", "there", "then", "than", "only", "also", "its", "in", "at",
        }
    ),
    "fr": frozenset(
        {
            "le", "la", "les", "des", "du", "de", "est", "et", "un", "une", "dans", "pour",
            "que", "qui", "sur", "pas", "avec", "par", "ce", "cette", "ces", "il", "elle",
            "sont", "au", "aux", "sa", "ses", "ou", "être", "peut", "vous", "nous",
            "lorsque", "si", "ne", "plus", "leur", "leurs", "été",
        }
    ),
}  # fmt: skip
_WORD_RE = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")


def in_other_language(paragraph: str, lang: str) -> bool:
    """True when a paragraph is clearly written in the other language.

    Translations are often partial (untranslated strings stay in English),
    so each paragraph of a French document is checked, and vice versa.
    """
    words = _WORD_RE.findall(paragraph.lower())
    if len(words) < 8:
        return False
    other = "en" if lang == "fr" else "fr"
    own_count = sum(1 for w in words if w in STOP_WORDS[lang])
    other_count = sum(1 for w in words if w in STOP_WORDS[other])
    return other_count >= 3 and other_count > own_count


_CONTROL_RE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\u00ad\ufeff]")


def normalize_document(text: str) -> str:
    """NFC, no control characters, no trailing spaces, no blank lines."""
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\t", " "))
    text = _CONTROL_RE.sub("", text)
    lines = (line.rstrip() for line in text.split("\n"))
    return "\n".join(line for line in lines if line.strip())


def decode(data: bytes) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("latin-1")


# ---------------------------------------------------------------------------
# Debian packages
# ---------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class FetchedPackage:
    name: str
    pinned: str
    version: str
    deb: pathlib.Path
    sha256: str


def _deb_version(deb: pathlib.Path) -> str:
    result = subprocess.run(
        ["dpkg-deb", "--field", str(deb), "Version"],
        check=True,
        capture_output=True,
        text=True,
    )
    return result.stdout.strip()


def _cached_debs(cache: pathlib.Path, name: str) -> list[pathlib.Path]:
    return sorted(p for p in cache.glob(f"{name}_*.deb") if p.name.split("_", 1)[0] == name)


def _apt_download(name: str, spec: str, cache: pathlib.Path) -> bool:
    result = subprocess.run(
        ["apt-get", "download", "-q", spec],
        check=False,
        cwd=cache,
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        log(f"  apt-get download {spec} failed: {result.stderr.strip().splitlines()[-1:]}")
    return result.returncode == 0 and bool(_cached_debs(cache, name))


def fetch_package(name: str, pinned: str, cache: pathlib.Path) -> FetchedPackage:
    """Return the .deb of ``name``, preferring the pinned version."""
    cache.mkdir(parents=True, exist_ok=True)

    def found() -> FetchedPackage | None:
        debs = {_deb_version(p): p for p in _cached_debs(cache, name)}
        if pinned in debs:
            deb = debs[pinned]
            return FetchedPackage(name, pinned, pinned, deb, sha256_file(deb))
        return None

    hit = found()
    if hit is not None:
        return hit
    log(f"  downloading {name}={pinned}")
    if _apt_download(name, f"{name}={pinned}", cache):
        hit = found()
        if hit is not None:
            return hit
    # The pinned version is gone from the archive: take the candidate.
    for deb in _cached_debs(cache, name):
        deb.unlink()
    if not _apt_download(name, name, cache) and os.geteuid() == 0:
        log("  running apt-get update and retrying")
        subprocess.run(["apt-get", "update", "-q"], check=False, capture_output=True)
        _apt_download(name, name, cache)
    debs = _cached_debs(cache, name)
    if not debs:
        raise RuntimeError(
            f"cannot download Debian package {name!r}; run 'apt-get update' (as root) and try again"
        )
    deb = debs[-1]
    version = _deb_version(deb)
    log(f"  WARNING: {name} {pinned} is not available, using {version} instead")
    return FetchedPackage(name, pinned, version, deb, sha256_file(deb))


def iter_deb_files(deb: pathlib.Path, pattern: re.Pattern[str]) -> Iterator[tuple[str, bytes]]:
    """Yield ``(path, content)`` of the regular files whose path matches."""
    proc = subprocess.Popen(["dpkg-deb", "--fsys-tarfile", str(deb)], stdout=subprocess.PIPE)
    assert proc.stdout is not None
    complete = False
    try:
        with tarfile.open(fileobj=proc.stdout, mode="r|") as tar:
            for member in tar:
                path = member.name.removeprefix("./")
                if not member.isfile() or not pattern.fullmatch(path):
                    continue
                handle = tar.extractfile(member)
                if handle is None:
                    continue
                data = handle.read()
                if path.endswith(".gz"):
                    data = gzip.decompress(data)
                yield path, data
        complete = True
    finally:
        if not complete:  # the caller stopped early, or reading failed
            proc.kill()
        proc.stdout.close()
        status = proc.wait()
    if status != 0:
        raise RuntimeError(f"dpkg-deb --fsys-tarfile {deb} failed")


# ---------------------------------------------------------------------------
# Corpus assembly
# ---------------------------------------------------------------------------


@dataclasses.dataclass
class Document:
    source: str  # "package:path", or "charter:N"
    text: str

    @property
    def size(self) -> int:
        return len(self.text.encode("utf-8")) + 2  # with the separating blank line


def load_documents(
    packages: dict[str, FetchedPackage],
) -> dict[str, list[Document]]:
    """Convert every selected file, sorted by package then path."""
    docs: dict[str, list[Document]] = {lang: [] for lang in LANGS}
    for selection in sorted(SELECTIONS, key=lambda s: (s.package, s.lang, s.pattern)):
        pattern = re.compile(selection.pattern)
        convert = CONVERTERS[selection.fmt]
        files = sorted(iter_deb_files(packages[selection.package].deb, pattern))
        for path, data in files:
            text = normalize_document(convert(decode(data)))
            docs[selection.lang].append(Document(f"{selection.package}:{path}", text))
    return docs


def clean_up(docs: dict[str, list[Document]]) -> dict[str, int]:
    """Drop paragraphs in the other language, repeated long paragraphs, and
    repeated or tiny documents, keeping the first occurrence in order."""
    seen_paragraphs: set[str] = set()
    seen_docs: set[str] = set()
    dropped = {"other_language_paragraphs": 0, "repeated_paragraphs": 0, "documents": 0}
    for lang in LANGS:
        kept: list[Document] = []
        for doc in docs[lang]:
            lines: list[str] = []
            for line in doc.text.split("\n"):
                if in_other_language(line, lang):
                    dropped["other_language_paragraphs"] += 1
                    continue
                if len(line) >= DEDUP_PARAGRAPH_CHARS:
                    key = " ".join(line.split())
                    if key in seen_paragraphs:
                        dropped["repeated_paragraphs"] += 1
                        continue
                    seen_paragraphs.add(key)
                lines.append(line)
            doc.text = "\n".join(lines)
            digest = hashlib.sha256(doc.text.encode("utf-8")).hexdigest()
            if len(doc.text) < MIN_DOC_CHARS or digest in seen_docs:
                dropped["documents"] += 1
                continue
            seen_docs.add(digest)
            kept.append(doc)
        docs[lang] = kept
    return dropped


def load_charter(path: pathlib.Path) -> dict[str, list[str]] | None:
    if not path.is_file():
        return None
    data = json.loads(path.read_text(encoding="utf-8"))
    principles = data.get("principles", [])
    return {
        "fr": [str(p["text"]) for p in principles if p.get("text")],
        "en": [str(p["text_en"]) for p in principles if p.get("text_en")],
    }


def sprinkle_charter(docs: list[Document], sentences: list[str]) -> list[Document]:
    """Insert one sentence (cycling) as its own document every ~CHARTER_EVERY bytes."""
    if not sentences:
        return docs
    out: list[Document] = []
    since = 0
    count = 0
    for doc in docs:
        out.append(doc)
        since += doc.size
        if since >= CHARTER_EVERY:
            index = count % len(sentences)
            out.append(Document(f"charter:{index + 1}", sentences[index]))
            count += 1
            since = 0
    return out


def interleave(fr: list[Document], en: list[Document]) -> Iterator[Document]:
    """Merge two document lists so that both advance at the same relative pace."""
    fr_total = sum(d.size for d in fr) or 1
    en_total = sum(d.size for d in en) or 1
    i = j = 0
    fr_done = en_done = 0
    while i < len(fr) or j < len(en):
        # take French while its share written so far is not ahead of English
        if j >= len(en) or (i < len(fr) and fr_done * en_total <= en_done * fr_total):
            fr_done += fr[i].size
            yield fr[i]
            i += 1
        else:
            en_done += en[j].size
            yield en[j]
            j += 1


def write_documents(path: pathlib.Path, docs: Iterable[Document]) -> None:
    tmp = path.with_name(path.name + ".tmp")
    with tmp.open("w", encoding="utf-8", newline="\n") as handle:
        first = True
        for doc in docs:
            if not first:
                handle.write("\n")
            handle.write(doc.text)
            handle.write("\n")
            first = False
    tmp.replace(path)


def _self_digest() -> str:
    return hashlib.sha256(pathlib.Path(__file__).read_bytes()).hexdigest()


def _charter_digest() -> str | None:
    return sha256_file(CHARTER_PATH) if CHARTER_PATH.is_file() else None


OUTPUT_NAMES: tuple[str, str, str] = ("corpus-fr.txt", "corpus-en.txt", "corpus.txt")


def _manifest_key() -> dict[str, object]:
    return {
        "format_version": FORMAT_VERSION,
        "builder_sha256": _self_digest(),
        "pinned": PACKAGES,
        "charter_sha256": _charter_digest(),
    }


def _up_to_date(out_dir: pathlib.Path) -> dict[str, object] | None:
    manifest_path = out_dir / "manifest.json"
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(manifest, dict) or manifest.get("key") != _manifest_key():
        return None
    files = manifest.get("files", {})
    for name in OUTPUT_NAMES:
        path = out_dir / name
        entry = files.get(name) if isinstance(files, dict) else None
        if not isinstance(entry, dict) or not path.is_file():
            return None
        if path.stat().st_size != entry.get("bytes") or sha256_file(path) != entry.get("sha256"):
            return None
    return manifest


def _print_summary(manifest: dict[str, object]) -> None:
    packages = manifest.get("packages", [])
    if isinstance(packages, list):
        log("packages:")
        for entry in packages:
            if isinstance(entry, dict):
                note = ""
                if entry.get("version") != entry.get("pinned"):
                    note = f"  (pinned {entry.get('pinned')}, not available)"
                log(f"  {entry.get('name')} {entry.get('version')}{note}")
    files = manifest.get("files", {})
    if isinstance(files, dict):
        for name in OUTPUT_NAMES:
            entry = files.get(name)
            if isinstance(entry, dict):
                size = int(entry.get("bytes", 0))
                log(
                    f"{name}: {size:,} bytes ({size / 2**20:.2f} MiB), "
                    f"{entry.get('documents')} documents"
                )
        corpus = files.get("corpus.txt")
        if isinstance(corpus, dict):
            log(f"sha256(corpus.txt) = {corpus.get('sha256')}")
    log(f"charter sentences inserted: {manifest.get('charter_insertions')}")


def build_corpus(out_dir: pathlib.Path = DEFAULT_OUT, min_mb: int = 20) -> pathlib.Path:
    """Build (or reuse) the corpus in ``out_dir`` and return the path of corpus.txt.

    ``min_mb`` is a lower bound in MiB on the size of corpus.txt: a
    :class:`RuntimeError` is raised rather than repeating text when the pinned
    sources are too small.  The corpus itself does not depend on ``min_mb``.
    """
    out_dir = pathlib.Path(out_dir)
    start = time.monotonic()
    corpus_path = out_dir / "corpus.txt"
    manifest = _up_to_date(out_dir)
    if manifest is not None:
        log(f"corpus is up to date in {out_dir}")
        _print_summary(manifest)
    else:
        _build(out_dir)
    log(f"time: {time.monotonic() - start:.2f} s")
    size = corpus_path.stat().st_size
    if size < min_mb * 2**20:
        raise RuntimeError(
            f"corpus.txt is only {size / 2**20:.2f} MiB < {min_mb} MiB: "
            "add packages to PACKAGES/SELECTIONS (text is never repeated)"
        )
    return corpus_path


def _build(out_dir: pathlib.Path) -> None:
    """Fetch the packages, convert them and write the corpus and its manifest."""
    corpus_path = out_dir / "corpus.txt"
    out_dir.mkdir(parents=True, exist_ok=True)
    cache = out_dir / "debs"
    log(f"fetching {len(PACKAGES)} Debian packages into {cache}")
    fetched = {name: fetch_package(name, PACKAGES[name], cache) for name in sorted(PACKAGES)}

    log("converting documents")
    docs = load_documents(fetched)
    dropped = clean_up(docs)

    charter = load_charter(CHARTER_PATH)
    insertions: dict[str, dict[str, int]] = {lang: {} for lang in LANGS}
    if charter is not None:
        for lang in LANGS:
            docs[lang] = sprinkle_charter(docs[lang], charter[lang])
            for doc in docs[lang]:
                if doc.source.startswith("charter:"):
                    number = doc.source.split(":", 1)[1]
                    insertions[lang][number] = insertions[lang].get(number, 0) + 1
    else:
        log(f"no charter at {CHARTER_PATH}: nothing inserted")

    paths = {name: out_dir / name for name in OUTPUT_NAMES}
    write_documents(paths["corpus-fr.txt"], docs["fr"])
    write_documents(paths["corpus-en.txt"], docs["en"])
    write_documents(corpus_path, interleave(docs["fr"], docs["en"]))

    counts = {
        "corpus-fr.txt": len(docs["fr"]),
        "corpus-en.txt": len(docs["en"]),
        "corpus.txt": len(docs["fr"]) + len(docs["en"]),
    }
    new_manifest: dict[str, object] = {
        "key": _manifest_key(),
        "packages": [
            {
                "name": p.name,
                "pinned": p.pinned,
                "version": p.version,
                "deb": p.deb.name,
                "deb_sha256": p.sha256,
            }
            for p in fetched.values()
        ],
        "files": {
            name: {
                "bytes": path.stat().st_size,
                "sha256": sha256_file(path),
                "documents": counts[name],
            }
            for name, path in paths.items()
        },
        "dropped": dropped,
        "charter_every_bytes": CHARTER_EVERY,
        "charter_insertions": {
            lang: dict(sorted(insertions[lang].items(), key=lambda kv: int(kv[0])))
            for lang in LANGS
        },
    }
    manifest_path = out_dir / "manifest.json"
    manifest_path.write_text(
        json.dumps(new_manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    _print_summary(new_manifest)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument(
        "--out",
        type=pathlib.Path,
        default=DEFAULT_OUT,
        help=f"output directory (default: {DEFAULT_OUT})",
    )
    parser.add_argument(
        "--min-mb",
        type=int,
        default=20,
        help="minimum size of corpus.txt in MiB (default: 20)",
    )
    args = parser.parse_args(argv)
    try:
        build_corpus(args.out, args.min_mb)
    except (RuntimeError, subprocess.CalledProcessError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
