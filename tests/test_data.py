"""Rules on the packaged data: faithful to the source, versioned, tidy."""

from __future__ import annotations

import re
from importlib.resources import files

import unicancer
from tests.paths import DATA, ROOT
from unicancer import charter
from unicancer._scoring import packaged_model
from unicancer._text import tokens

#: Each data version and the digest of its data. Append a line for every new data
#: version; never edit a line: a released version's data never changes.
DATA_DIGESTS = {
    "1.0.0": "19aadb05a405493bbfa574eac5b7b0810395217cea5648bc5897ea4c00d80ae8",
    "1.1.0": "9f696f0e4f089d1f352fd2f3d17f8ce5fdc2b764db3627ec14e48d3f8ddf60ec",
    "1.2.0": "c742316d65bb3e1e84a0df8349a6a928532908da9a1d92a248769234a1ca1c74",
    "1.3.0": "fdc40265feaa1fa5dc0b6af820de444d6e870f7f86c3730134bb375f87f694fe",
    "1.4.0": "c269112823e519536a02f7f907867818aa3bfe2df5ab3aeffbe166000cbe91d2",
    "1.5.0": "f0fa5f8236ecd146dc438ebdc7ba0a763c570dbd9470247d216b8080d38f3eaa",
    "1.6.0": "959b87973281eb54db3d4bde7a2334a26cde77cc17b6a4f969c86b3b10fdf184",
    "1.7.0": "77b023ab039053cd8b7cc06119f7fa21e5e4091c2281e0bbd9c2d8140ab28b97",
}
#: The same for the tagging lexicon (``data/lexicon.json``, since 1.5.0), which
#: shares the charter's data version.
LEXICON_DIGESTS = {
    "1.5.0": "b8d74ec545e5b3e68d225cfca6ec056c8e47d590fc50cca8f27c68e760e1fac2",
    "1.6.0": "21b62a219ca54aa02f8b8051c87ca4b76e8dfaa29726702bd1b3ce501565febf",
    "1.7.0": "4598c6942f2337c0949730760c630ab4b288a54aa35930a04d441376f4ca4d2e",
}
#: The same for the learned model (``data/model.json``, since 1.6.0): a change of weights is
#: a new data version.
MODEL_DIGESTS = {
    "1.6.0": "2d1240053d678d5ab0e92cb58f330320b3c6d2245ec1e97fcb4643b1970d1232",
    "1.7.0": "81e6fd47b0a9ea14e6cffe8b9fb27d4a228b5e66281bf0fe3b7291c8598d4311",
}


def source_paragraphs() -> list[str]:
    """The source document's paragraphs and bullet items, whitespace collapsed."""
    text = (DATA / "source-charter-fr.txt").read_text(encoding="utf-8")
    paragraphs = []
    for block in re.split(r"\n\s*\n", text):
        for part in re.split(r"\n(?=\s*•)", block):
            collapsed = " ".join(part.strip().lstrip("•").split())
            if collapsed:
                paragraphs.append(collapsed)
    return paragraphs


def french_paragraphs() -> list[str]:
    """Every verbatim French paragraph of the packaged data, in document order."""
    return [
        *charter.preamble,
        *(m.text for m in charter.missions),
        charter.foundations,
        charter.principles_heading,
        *(p.text for p in charter.principles),
        charter.title,
    ]


def test_every_source_paragraph_is_in_the_data_verbatim() -> None:
    """The data holds the source exactly: nothing missing, added, reordered or retyped."""
    assert french_paragraphs() == source_paragraphs()


def test_the_source_mixes_apostrophes_and_the_data_keeps_both() -> None:
    texts = " ".join(french_paragraphs())
    assert "’" in texts
    assert "'" in texts
    assert texts.count("’") + texts.count("'") == sum(
        p.count("’") + p.count("'") for p in source_paragraphs()
    )


def test_digest_is_bound_to_the_data_version() -> None:
    assert charter.version in DATA_DIGESTS, (
        f"data version {charter.version} is not registered: add it to DATA_DIGESTS "
        "with a CHANGELOG entry"
    )
    assert charter.digest == DATA_DIGESTS[charter.version], (
        f"the data changed but its version ({charter.version}) did not: bump the data "
        "version, register the new digest in DATA_DIGESTS and say what changed in CHANGELOG.md"
    )


def test_lexicon_digest_is_bound_to_the_same_data_version() -> None:
    lexicon = unicancer.lexicon
    assert lexicon.version == charter.version
    assert lexicon.digest == LEXICON_DIGESTS[lexicon.version], (
        f"the lexicon changed but the data version ({lexicon.version}) did not: bump the "
        "data version (charter and lexicon), register both digests and say what changed in "
        "CHANGELOG.md"
    )


def test_model_digest_is_bound_to_the_same_data_version() -> None:
    model = packaged_model()
    assert model.version == charter.version
    assert model.digest == MODEL_DIGESTS[model.version], (
        f"the model changed but the data version ({model.version}) did not: bump the data "
        "version (charter, lexicon and model), register the digests and say what changed in "
        "CHANGELOG.md"
    )


def test_every_data_version_has_a_changelog_entry() -> None:
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    for version in DATA_DIGESTS:
        assert f"data version {version}" in changelog.lower(), version


def test_the_packaged_files_are_in_canonical_form() -> None:
    """The files are formatted as `unicancer.dumps` writes them, so diffs stay readable."""
    data = files("unicancer").joinpath("data")
    assert data.joinpath("charter.json").read_text(encoding="utf-8") == unicancer.dumps(charter)
    lexicon = data.joinpath("lexicon.json").read_text(encoding="utf-8")
    assert lexicon == unicancer.dumps(unicancer.lexicon)


def test_terms_are_defined_once_after_folding() -> None:
    """No keyword or lexicon term repeats, in a principle or across principles.

    Within a language: a keyword is never also a lexicon term, and no term
    signals two principles (none is marked as shared: none may be).
    """
    seen: dict[tuple[str, tuple[str, ...]], int] = {}
    for p in charter.principles:
        entry = unicancer.lexicon.entry(p.number)
        for lang in ("fr", "en"):
            for term in (*p.keywords_in(lang), *entry.terms_in(lang)):
                key = (lang, tokens(term))
                assert key[1], term
                assert key not in seen, f"{term!r} of {p.number} is also in {seen.get(key)}"
                seen[key] = p.number


def test_each_principle_is_found_by_its_own_title() -> None:
    for p in charter.principles:
        for lang in ("fr", "en"):
            assert p in charter.search(p.title_in(lang), lang=lang)
