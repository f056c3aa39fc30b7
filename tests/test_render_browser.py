"""The HTML view in a real browser: headless Chromium's DOM and screenshots of a page.

Skipped when Debian's ``chromium`` is not installed; ``.ci/run`` installs it and sets
``UNICANCER_REQUIRE_BROWSER``, so that in CI these tests run or fail.
"""

from __future__ import annotations

from pathlib import Path

import unicancer
from tests.pages import marked, pixels, read_page, run_browser
from unicancer.render import colour, render

PATIENTS = "Nos patients partenaires siègent au comité de patients."
HOSTILE = (
    "<script>document.title='pwned'</script>"
    "<img src=x onerror=\"document.title='pwned'\"> & \"quotes\" 'and' &amp; "
    "</div></section><style>body{background:red}</style> "
)


def _write(tmp_path: Path, page: str) -> Path:
    path = tmp_path / "page.html"
    path.write_text(page, encoding="utf-8", newline="")
    return path


def test_in_the_dom_the_text_is_intact_the_hits_marked_and_no_script_ran(tmp_path: Path) -> None:
    text = HOSTILE + PATIENTS
    done = run_browser(_write(tmp_path, render(text)), tmp_path, "--dump-dom")
    dom = done.stdout.decode("utf-8")
    page = read_page(dom)
    assert page.title == "unicancer"  # the injected script did not set it
    assert page.texts == [text]
    assert {"script", "img"}.isdisjoint(page.tags)
    assert page.tags.count("style") == 1
    (tag,) = unicancer.tag(text)
    assert marked(page, 7) == {i for h in tag.evidence for i in range(h.start, h.end)}
    assert {"comité de patients"} <= {text[h.start : h.end] for h in tag.evidence}


def _screenshot(tmp_path: Path, text: str) -> list[tuple[int, int, int]]:
    shot = tmp_path / "shot.png"
    path = _write(tmp_path, render(text))
    run_browser(path, tmp_path, f"--screenshot={shot}", "--window-size=800,400")
    return pixels(shot.read_bytes())


def _rgb(hex_colour: str) -> tuple[int, int, int]:
    return (int(hex_colour[1:3], 16), int(hex_colour[3:5], 16), int(hex_colour[5:7], 16))


def _near(found: tuple[int, int, int], wanted: tuple[int, int, int]) -> bool:
    return all(abs(a - b) <= 3 for a, b in zip(found, wanted, strict=True))


def test_the_screenshot_shows_the_principle_colour_only_where_there_is_a_hit(
    tmp_path: Path,
) -> None:
    patients, benchmarking = _rgb(colour(7)), _rgb(colour(10))
    tagged = _screenshot(tmp_path, PATIENTS)
    assert len(tagged) == 800 * 400
    assert sum(_near(p, patients) for p in tagged) > 500  # the marks and the legend's swatch
    assert not any(_near(p, benchmarking) for p in tagged)
    plain = _screenshot(tmp_path, "Il a plu toute la journée sur la côte.")
    assert not any(_near(p, patients) for p in plain)
    assert sum(p == (255, 255, 255) for p in plain) > 0.8 * len(plain)  # a white page
