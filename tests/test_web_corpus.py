"""The web-like corpus of ``benchmarks/bench_web.py``: deterministic, sized, with web typography.

Only its builder (``benchmarks/web_corpus.py``, standard library only) is tested, on the
labelled passages and a few manual-like documents written here: no download, no peer library.
"""

from __future__ import annotations

import importlib.util
import random
from types import ModuleType

import pytest

from tests.paths import ROOT

NBSP, NNBSP = "\u00a0", "\u202f"
MANUALS = [
    (
        "fr",
        "NOM\nfrobnique - range les fichiers d'un répertoire selon leur taille\n"
        "DESCRIPTION\nLa commande lit chaque fichier... puis écrit la liste triée : "
        'les noms suivent l\'option "--taille" ; voilà ! Elle traite 12 000 fichiers '
        "par seconde, soit 40 % de plus que la version précédente.",
    ),
    (
        "en",
        "NAME\nfrobnicate - sort the files of a directory by size\nDESCRIPTION\n"
        "The command reads each file... then prints the sorted list -- the names "
        'follow the "--size" option. It doesn\'t follow links.',
    ),
] * 1500


@pytest.fixture(scope="module")
def web_corpus() -> ModuleType:
    path = ROOT / "benchmarks" / "web_corpus.py"
    spec = importlib.util.spec_from_file_location("web_corpus", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def documents(web_corpus: ModuleType) -> list[str]:
    result: list[str] = web_corpus.web_documents(web_corpus.read_labelled(), MANUALS, 600_000)
    return result


def test_the_same_inputs_give_the_same_corpus(web_corpus: ModuleType, documents: list[str]) -> None:
    again = web_corpus.web_documents(web_corpus.read_labelled(), MANUALS, 600_000)
    assert again == documents
    other = web_corpus.web_documents(web_corpus.read_labelled(), MANUALS, 600_000, seed=9)
    assert other != documents
    assert sorted(other) != sorted(documents)  # packed anew, not only in another order


def test_documents_are_of_200_to_5000_characters(documents: list[str]) -> None:
    sizes = [len(d) for d in documents]
    assert min(sizes) >= 200
    assert max(sizes) <= 5000
    assert sum(1 for s in sizes if s > 1500) > 10  # not all page-sized


def test_about_the_size_asked_half_of_it_labelled(documents: list[str]) -> None:
    size = sum(len(d.encode("utf-8")) + 2 for d in documents)
    assert 600_000 <= size <= 600_000 + 10_000
    manuals = sum(len(d.encode("utf-8")) + 2 for d in documents if "frobni" in d)
    assert 0.4 < manuals / size < 0.6


def test_every_mark_of_web_typography_is_there(documents: list[str]) -> None:
    text = "\n\n".join(documents)
    for mark in ("’", f"«{NBSP}", f"{NBSP}»", NNBSP, NBSP, "–", "—", "…", "œ", "“"):
        assert mark in text, repr(mark)
    assert "\n\n\n" not in text


def test_french_typography(web_corpus: ModuleType) -> None:
    text = 'Il dit "oui" : 1 200 patients ; 30 % de plus... Son coeur - et son oeuvre !'
    assert web_corpus.webify(text, "fr", random.Random(0)) == (
        f"Il dit «{NBSP}oui{NBSP}»{NBSP}: 1{NNBSP}200 patients{NNBSP}; 30{NBSP}% de plus… "
        f"Son cœur – et son œuvre{NNBSP}!"
    )


def test_english_typography_keeps_command_options(web_corpus: ModuleType) -> None:
    text = 'Use "--all" -- or -v... Oedipus stays.'
    assert web_corpus.webify(text, "en", random.Random(0)) == "Use “--all” — or -v… Oedipus stays."


def test_apostrophes_are_mixed_across_documents(web_corpus: ModuleType) -> None:
    rng = random.Random(0)
    results = {web_corpus.webify("l'accueil", "fr", rng) for _ in range(40)}
    assert results == {"l’accueil", "l'accueil"}
