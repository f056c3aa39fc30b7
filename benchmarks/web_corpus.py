"""A corpus like the web pages users tag, for bench_web.py, built deterministically.

Documents of 200 to 5,000 characters in French and English, about half of the
bytes about cancer care and dense in terms (the project's own labelled
passages, grouped into documents, repeated and shuffled), the other half the
manual pages and manuals of `corpus.py` cut into documents of whole
paragraphs. Every document gets web typography (see `webify`): typographic
apostrophes and quotes, guillemets with non-breaking spaces, narrow
non-breaking spaces before ``; ! ?`` and in numbers, dashes, ellipses, œ.

    python benchmarks/web_corpus.py [--mb 20]

Writes ``benchmarks/.cache/web-<MB>mb.txt`` (documents separated by one blank
line, paragraphs by a newline) and a ``.json`` manifest, or reuses them when
their inputs and this file are unchanged. Uses only the standard library.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import random
import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
#: The seed of every random choice: the same inputs give the same corpus.
SEED = 8
MIN_CHARS, MAX_CHARS = 200, 5000
#: Passages of tests/data (which has no ``doc`` field) per document group.
GROUP = 6
#: The labelled corpora, as (glob relative to the repository root).
LABELLED = ("corpus/parts/*.jsonl", "tests/data/*.jsonl")

NBSP, NNBSP = "\u00a0", "\u202f"
# Word stems French writes with the œ ligature, written with "oe" by some sources.
_OE = re.compile(r"\b([cCsSvVnNfF]?|[mM]an)(oe)(?=ur|il|uvr|ud|sophag|stro|d[eè]me|tus)")
_APOSTROPHE = re.compile(r"(?<=\w)'(?=\w)")
_QUOTED = re.compile(r'"([^"\n]{1,200})"')
_FRENCH_THOUSANDS = re.compile(r"(?<=\d) (?=\d{3}\b)")
_FRENCH_BEFORE = re.compile(r" ([;!?])")
_FRENCH_COLON = re.compile(r"(?<=[\w»)]) :(?= )")
_FRENCH_UNITS = re.compile(r"(?<=\d) (?=[%€])")
_GUILLEMETS = re.compile("«[ \u00a0]*([^»\n]{1,300}?)[ \u00a0]*»")


def webify(text: str, lang: str, rng: random.Random) -> str:
    """*text* with the typography of web pages in *lang*, deterministic given *rng*.

    - ``'`` between letters becomes ``’`` (in 4 documents out of 5; web pages
      mix both), ``"..."`` becomes ``…``, `` - `` an en dash and `` -- `` an em
      dash (``--option`` stays);
    - in French: ``"x"`` and ``« x »`` become ``«\u00a0x\u00a0»``, a space before
      ``; ! ?`` a narrow non-breaking space (U+202F), before ``:``, ``%`` and
      ``€`` a non-breaking space (U+00A0), between thousands a narrow one, and
      ``oe`` in *cœur*, *œuvre*, *œsophage*... the ligature;
    - in English: ``"x"`` becomes ``“x”``.
    """
    if rng.random() < 0.8:
        text = _APOSTROPHE.sub("’", text)
    text = text.replace("...", "…").replace(" -- ", " — ").replace(" - ", " – ")
    if lang == "en":
        return _QUOTED.sub(r"“\1”", text)
    text = _QUOTED.sub(r"« \1 »", text)
    text = _GUILLEMETS.sub(f"«{NBSP}\\1{NBSP}»", text)
    text = _FRENCH_BEFORE.sub(f"{NNBSP}\\1", text)
    text = _FRENCH_COLON.sub(f"{NBSP}:", text)
    text = _FRENCH_UNITS.sub(NBSP, text)
    text = _FRENCH_THOUSANDS.sub(NNBSP, text)
    return _OE.sub(lambda m: m.group(1) + ("Œ" if m.group(2)[0] == "O" else "œ"), text)


def read_labelled(root: Path = ROOT) -> list[tuple[str, str, str]]:
    """The labelled passages as (group, language, text), in file order.

    The group is the passage's ``doc`` (the page it belongs to) or, in files
    without one, a run of `GROUP` passages of one language.
    """
    passages = []
    for pattern in LABELLED:
        for path in sorted(root.glob(pattern)):
            run: defaultdict[str, int] = defaultdict(int)
            for line in path.read_text(encoding="utf-8").splitlines():
                record = json.loads(line)
                lang = record["lang"]
                group = record.get("doc") or f"{path.stem}-{lang}-{run[lang] // GROUP}"
                run[lang] += 1
                passages.append((group, lang, record["text"]))
    return passages


def read_debian(cache: Path) -> list[tuple[str, str]]:
    """The documents of `corpus.py`'s French and English files as (language, text), alternating."""
    by_lang = [
        [(lang, d) for d in (cache / f"corpus-{lang}.txt").read_text("utf-8").split("\n\n") if d]
        for lang in ("fr", "en")
    ]
    return [doc for pair in zip(*by_lang, strict=False) for doc in pair]


def _target(rng: random.Random) -> int:
    """A document size, log-uniform between the bounds: many short ones, some long."""
    return round(math.exp(rng.uniform(math.log(MIN_CHARS), math.log(MAX_CHARS))))


def _pack(pieces: Iterable[str], rng: random.Random, join: Callable[[], str]) -> list[str]:
    """*pieces* (each at most MAX_CHARS) in documents of MIN_CHARS to MAX_CHARS characters."""
    documents, current, target = [], "", _target(rng)
    for piece in pieces:
        if current and (len(current) >= target or len(current) + 1 + len(piece) > MAX_CHARS):
            if len(current) >= MIN_CHARS:
                documents.append(current)
            current, target = "", _target(rng)
        current = current + join() + piece if current else piece
    if len(current) >= MIN_CHARS:
        documents.append(current)
    return documents


def _cut(paragraph: str) -> list[str]:
    """*paragraph* in pieces of at most MAX_CHARS characters, cut at spaces."""
    pieces = []
    while len(paragraph) > MAX_CHARS:
        cut = paragraph.rfind(" ", 0, MAX_CHARS)
        cut = cut if cut > 0 else MAX_CHARS
        pieces.append(paragraph[:cut])
        paragraph = paragraph[cut + 1 :]
    return [*pieces, paragraph] if paragraph else pieces


def web_documents(
    labelled: list[tuple[str, str, str]],
    debian: list[tuple[str, str]],
    size: int,
    seed: int = SEED,
) -> list[str]:
    """Documents of about *size* bytes in all, half from each source, shuffled by *seed*.

    The labelled groups are shuffled and packed into documents anew for each
    repetition, so that repetitions are not copies of each other; the Debian
    documents are taken in order and cut at paragraphs.
    """
    rng = random.Random(seed)
    groups: dict[tuple[str, str], list[str]] = defaultdict(list)
    for group, lang, text in labelled:
        groups[lang, group].append(text)
    by_lang: defaultdict[str, list[str]] = defaultdict(list)
    for (lang, _), texts in groups.items():
        by_lang[lang].append("\n".join(texts))

    def passage_join() -> str:
        return "\n" if rng.random() < 0.7 else " "

    documents: list[str] = []
    half, done = size // 2, 0
    while done < half:
        passes = []
        for lang in sorted(by_lang):
            pool = by_lang[lang][:]
            rng.shuffle(pool)
            passes += [(lang, d) for d in _pack(pool, rng, passage_join)]
        rng.shuffle(passes)  # a part of a pass is of both languages
        for lang, document in passes:
            if done >= half:
                break
            documents.append(webify(document, "en" if lang == "en" else "fr", rng))
            done += len(documents[-1].encode("utf-8")) + 2
    for lang, text in debian:
        if done >= size:
            break
        pieces = [piece for paragraph in text.split("\n") for piece in _cut(paragraph)]
        for document in _pack(pieces, rng, lambda: "\n"):
            documents.append(webify(document, lang, rng))
            done += len(documents[-1].encode("utf-8")) + 2
    rng.shuffle(documents)
    return documents


def _digest(*parts: bytes) -> str:
    sha = hashlib.sha256()
    for part in parts:
        sha.update(hashlib.sha256(part).digest())
    return sha.hexdigest()


def build_web_corpus(cache: Path, mb: float, *, seed: int = SEED) -> tuple[Path, str]:
    """Build (or reuse) the corpus of about *mb* MB in *cache*: its path and sha256."""
    from corpus import build_corpus

    build_corpus(cache, min_mb=20)
    inputs = [Path(__file__), *(cache / f"corpus-{lang}.txt" for lang in ("fr", "en"))]
    inputs += [path for pattern in LABELLED for path in sorted(ROOT.glob(pattern))]
    key = _digest(str((mb, seed)).encode(), *(path.read_bytes() for path in inputs))
    name = f"web-{mb:g}mb"
    out, manifest = cache / f"{name}.txt", cache / f"{name}.json"
    if manifest.exists() and out.exists():
        recorded = json.loads(manifest.read_text(encoding="utf-8"))
        if recorded["key"] == key:
            return out, recorded["sha256"]
    documents = web_documents(read_labelled(), read_debian(cache), int(mb * 1e6), seed)
    data = ("\n\n".join(documents) + "\n").encode("utf-8")
    out.write_bytes(data)
    sha256 = hashlib.sha256(data).hexdigest()
    record = {"key": key, "sha256": sha256, "bytes": len(data), "documents": len(documents)}
    manifest.write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
    return out, sha256


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mb", type=float, default=20, help="size in MB (default: 20)")
    args = parser.parse_args()
    path, sha256 = build_web_corpus(HERE / ".cache", args.mb)
    print(f"{path}: {path.stat().st_size:,} bytes, sha256 {sha256}")


if __name__ == "__main__":
    main()
