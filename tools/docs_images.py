"""Rebuild the documentation's images from the examples of its own pages.

``python tools/docs_images.py [FOLDER]`` runs the ``>>>`` examples of ``docs/render.md`` and
``docs/evaluation.md`` from the repository's root, as the doctests do, and saves what they
make into FOLDER (``docs/images/`` by default):

- ``render.png``: the first ``page`` that ``docs/render.md`` renders, in headless Chromium
  (Debian's ``chromium``; left as it is, with a message, when there is none);
- ``curves.svg`` and ``matrix.svg``: the figures ``curves`` and ``matrix`` of
  ``docs/evaluation.md``, saved as `Evaluation.plot` saves them (the same bytes each time
  with the same matplotlib).
"""

from __future__ import annotations

import doctest
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

__all__ = ["IMAGES", "ROOT", "browser_command", "build", "first_values"]

ROOT = Path(__file__).resolve().parent.parent
IMAGES = ROOT / "docs" / "images"
#: The screenshot's size, in CSS pixels: the page of docs/render.md's first example.
WINDOW = (820, 220)


def first_values(page: Path, names: Sequence[str]) -> dict[str, object]:
    """Run the examples of *page* in order; return the first value bound to each of *names*."""
    found: dict[str, object] = {}
    namespace: dict[str, object] = {"__name__": "__docs__"}
    here = os.getcwd()
    os.chdir(ROOT)  # the examples read tests/data/ by relative path, as the doctests do
    try:
        for example in doctest.DocTestParser().get_examples(page.read_text(encoding="utf-8")):
            try:
                exec(compile(example.source, str(page), "exec"), namespace)
            except Exception:
                if example.exc_msg is None:  # an example that is not meant to raise
                    raise
            for name in names:
                if name in namespace and name not in found:
                    found[name] = namespace[name]
    finally:
        os.chdir(here)
    missing = [name for name in names if name not in found]
    if missing:
        raise SystemExit(f"{page}: no example binds {', '.join(missing)}")
    return found


def browser_command(browser: str, profile: Path, url: str, *options: str) -> list[str]:
    """Headless Chromium opening *url*, fetching and synchronising nothing, with *options*."""
    return [
        browser,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--hide-scrollbars",
        "--force-device-scale-factor=1",
        f"--user-data-dir={profile}",
        *options,
        url,
    ]


def _screenshot(page: str, out: Path) -> bool:
    browser = shutil.which("chromium")
    if browser is None:
        print("no chromium: render.png is left as it is", file=sys.stderr)
        return False
    with tempfile.TemporaryDirectory() as work:
        html = Path(work) / "page.html"
        html.write_text(page, encoding="utf-8")
        size = f"--window-size={WINDOW[0]},{WINDOW[1]}"
        shot = f"--screenshot={out}"
        command = browser_command(browser, Path(work) / "profile", html.as_uri(), shot, size)
        subprocess.run(command, capture_output=True, timeout=120, check=True)
    return True


def build(folder: Path = IMAGES, *, screenshot: bool = True) -> list[Path]:
    """Write the images into *folder*; return the paths written."""
    from matplotlib.figure import Figure

    from unicancer._plot import save

    folder.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    figures = first_values(ROOT / "docs" / "evaluation.md", ["curves", "matrix"])
    for name, figure in figures.items():
        assert isinstance(figure, Figure), name
        save(figure, folder / f"{name}.svg", "svg")
        written.append(folder / f"{name}.svg")
    if screenshot:
        (page,) = first_values(ROOT / "docs" / "render.md", ["page"]).values()
        assert isinstance(page, str)
        if _screenshot(page, folder / "render.png"):
            written.append(folder / "render.png")
    return written


if __name__ == "__main__":
    for path in build(Path(sys.argv[1]) if len(sys.argv) > 1 else IMAGES):
        print(path)
