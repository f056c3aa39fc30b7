"""Tagging: what a user relies on, from one string to many."""

from __future__ import annotations

import itertools
import json
import math
import pickle
import unicodedata
from collections.abc import Iterator
from typing import Any

import pytest

import unicancer
from tests.linear import assert_linear
from unicancer import (
    Hit,
    InvalidTypeError,
    InvalidValueError,
    Tag,
    Tagger,
    Term,
    _parallel,
    charter,
    tag,
)
from unicancer._features import windows
from unicancer._text import fold, is_phrase, tokens

TAGGER = Tagger()


def numbers(tags: tuple[Tag, ...]) -> list[int]:
    return [t.principle.number for t in tags]


def surfaces(text: str, tagger: Tagger = TAGGER) -> list[str]:
    return [text[h.start : h.end] for h in tagger.hits(text)]


# Passages written for these tests, each about one principle.
PASSAGES = [
    (1, "fr", "Le centre lutte contre le renoncement aux soins et les inégalités de santé."),
    (1, "en", "We fight health inequalities so that access to care is the same for all."),
    (2, "fr", "Aucun dépassement d’honoraires : nos médecins appliquent les tarifs opposables."),
    (2, "en", "The ethics committee reviewed every conflict of interest declared."),
    (3, "fr", "Chaque dossier passe en réunion de concertation pluridisciplinaire."),
    (3, "en", "Each case is discussed by the multidisciplinary team at the tumour board."),
    (4, "fr", "Les centres partagent un projet médico-scientifique et des plateformes communes."),
    (
        4,
        "en",
        "A shared medical project lets the network of centres pool resources: a joint project.",
    ),
    (5, "fr", "La médecine de précision repose sur le profilage moléculaire des tumeurs."),
    (5, "en", "Molecular profiling guides targeted therapy; survivorship care follows."),
    (6, "fr", "L’innovation passe par la recherche translationnelle et les essais cliniques."),
    (6, "en", "Translational research brings clinical trials from bench to bedside."),
    (7, "fr", "Des patients partenaires siègent au comité de patients de l’hôpital."),
    (7, "en", "Our patient advisory committee values lived experience."),
    (8, "fr", "La formation continue des professionnels de santé passe par des webinaires."),
    (8, "en", "Continuing medical education for health professionals, with e-learning."),
    (9, "fr", "Les entretiens professionnels aident les salariés à construire leur parcours."),
    (9, "en", "Career development and internal mobility help employees grow."),
    (10, "fr", "Le benchmarking des indicateurs de qualité compare les centres."),
    (10, "en", "Benchmarking quality indicators across centres drives quality improvement."),
]

UNRELATED = [
    "Le match de football s'est terminé sur un score nul après prolongations.",
    "Faites revenir les oignons dans le beurre, puis ajoutez la crème fraîche.",
    "The new smartphone has a faster processor and a better camera.",
    "Stock markets fell sharply on Monday as investors worried about rates.",
    "La qualité du vin dépend du terroir et du travail du vigneron.",
    "The patient waited in the lobby while the nurse checked the schedule.",
]


@pytest.mark.parametrize(("number", "lang", "text"), PASSAGES)
def test_a_passage_about_a_principle_makes_it_the_likeliest(
    number: int, lang: str, text: str
) -> None:
    for given in (None, lang):
        probabilities = TAGGER.probabilities(text, lang=given)  # type: ignore[arg-type]
        assert max(probabilities, key=probabilities.__getitem__) == number, text
        assert probabilities[number] > 0.3, text


@pytest.mark.parametrize("text", UNRELATED)
def test_unrelated_text_is_not_tagged(text: str) -> None:
    assert TAGGER.tag(text) == ()


def test_module_tag_uses_a_default_tagger() -> None:
    text = PASSAGES[12][2]
    assert tag(text) == TAGGER.tag(text)
    assert unicancer.tag is tag


# Matching


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("L’INNOVATION", ["INNOVATION"]),
        ("l'innovation", ["innovation"]),
        ("des Patients-Partenaires", ["Patients-Partenaires"]),
        ("des patients   partenaires", ["patients   partenaires"]),
        ("des patients\npartenaires", ["patients\npartenaires"]),
        ("égalité d'accès", ["égalité d'accès"]),
        ("EGALITE D’ACCES", ["EGALITE D’ACCES"]),
        ("egalite d`acces", ["egalite d`acces"]),
        ("l’égalité d\u02bcaccès", ["égalité d\u02bcaccès"]),
    ],
)
def test_matching_ignores_case_accents_apostrophes_hyphens_elisions(
    text: str, found: list[str]
) -> None:
    assert surfaces(text) == found


@pytest.mark.parametrize(
    "text",
    [
        "innovationnel",  # a longer word
        "préinnovation",
        "innovation_x",
        "patientpartenaire",
        "égalité daccès",
        "égalité d’ accès",
        "patient…partenaire",  # punctuation is not a space
        "patient. partenaire",
        "patient“partenaire",
    ],
)
def test_matching_is_of_whole_words(text: str) -> None:
    assert surfaces(text) == []


def test_a_word_with_non_ascii_letters_is_one_word() -> None:
    tagger = Tagger(extra_terms=(Term(1, "fran", "fr"),))
    assert surfaces("le français", tagger) == []
    assert surfaces("Fran ça", tagger) == ["Fran"]


def test_the_longest_term_wins_at_the_leftmost_position() -> None:
    hits = TAGGER.hits("un dépistage organisé")
    assert [h.term.text for h in hits] == ["dépistage organisé"]


FULLWIDTH = "".join(chr(ord(c) + 0xFEE0) for c in "INNOVATION")


@pytest.mark.parametrize(
    ("text", "found"),
    [
        # Decomposed (NFD) accents, inside and at both ends of a term.
        (unicodedata.normalize("NFD", "Égalité d’accès"), "E\u0301galite\u0301 d’acce\u0300s"),
        ("e\u0301galite\u0301\u0301 d'acce\u0300s.", "e\u0301galite\u0301\u0301 d'acce\u0300s"),
        ("İnnovation", "İnnovation"),  # lowercases to two characters
        (FULLWIDTH, FULLWIDTH),
        ("😀 innovation 😀", "innovation"),  # astral characters before the term
        ("… innovation…", "innovation"),
    ],
)
def test_spans_are_offsets_into_the_original_string(text: str, found: str) -> None:
    assert surfaces(text) == [found]


@pytest.mark.parametrize(
    ("text", "found"),
    [
        # Punctuation and symbols, in and outside Latin-1, separate words.
        ("«innovation»", ["innovation"]),
        ("“innovation”", ["innovation"]),
        ("→innovation•", ["innovation"]),
        ("½ innovation¿", ["innovation"]),
        ("\ud800innovation\udfff", ["innovation"]),  # lone surrogates
        # Letters and digits, whatever they fold to, do not.
        ("µinnovation", []),  # folds to Greek mu
        ("ºinnovation", []),  # folds to "o"
        ("innovation²", []),  # folds to "2"
        ("innovation½", []),  # folds to "1", fraction slash, "2"
        ("中innovation", []),
        ("innovationß", []),
        ("ﬁinnovation", []),
        ("innovation\u0301x", []),
        # Characters folding to several or to nothing, right next to a term.
        ("ﬁ innovation œ", ["innovation"]),
        (
            "\u0301innovation\u0301\u0301, innovation",
            ["\u0301innovation\u0301\u0301", "innovation"],
        ),
    ],
)
def test_terms_are_whole_words_next_to_any_character(text: str, found: list[str]) -> None:
    assert surfaces(text) == found


@pytest.mark.parametrize(
    ("term", "text", "found"),
    [
        # Letters that fold to themselves, in Latin-1 and beyond.
        ("fjörður", "le FJÖRÐUR, le fjordur", ["FJÖRÐUR"]),
        ("Łódź", "à ŁÓDŹ, à Lodz", ["ŁÓDŹ"]),
        ("µg", "5 µg, 5 μg, 5 ug", ["µg", "μg"]),
        ("strasse", "la Straße", ["Straße"]),
    ],
)
def test_extra_terms_in_any_letters_are_found_with_the_charter_terms(
    term: str, text: str, found: list[str]
) -> None:
    tagger = Tagger(extra_terms=(Term(1, term, "fr"),))
    assert surfaces(f"{text}; innovation", tagger) == [*found, "innovation"]


def test_characters_folding_to_several_match_their_folded_form() -> None:
    tagger = Tagger(extra_terms=(Term(1, "grosse strasse", "fr"), Term(2, "soeur", "fr")))
    assert surfaces("Große Straße; ma sœur, ma SŒUR", tagger) == [
        "Große Straße",
        "sœur",
        "SŒUR",
    ]
    # ß is one character: a term cannot end in its middle.
    assert surfaces("grosse stras", Tagger(extra_terms=(Term(1, "grosse stras", "fr"),))) == [
        "grosse stras"
    ]
    assert surfaces("Große Straß", Tagger(extra_terms=(Term(1, "grosse stras", "fr"),))) == []


def test_hits_of_a_term_in_both_languages_are_given_once() -> None:
    hits = TAGGER.hits("innovation")
    assert len(hits) == 1
    assert hits[0].term.principle == 6


def test_hits_with_lang_use_that_language_only() -> None:
    text = "patient expert et formation continue; continuing education"
    assert [h.term.lang for h in TAGGER.hits(text, lang="fr")] == ["fr", "fr"]
    assert [h.term.text for h in TAGGER.hits(text, lang="en")] == [
        "patient expert",
        "continuing education",
    ]


def test_a_hit_is_a_record_with_the_term() -> None:
    (hit,) = TAGGER.hits("le savoir expérientiel")
    assert hit == Hit(3, 22, Term(7, "savoir expérientiel", "fr"))


# Scores and tags


def test_tags_are_sorted_best_first_and_scores_are_probabilities() -> None:
    text = (
        "Nos patients partenaires siègent au comité de patients. "
        "Le benchmarking des indicateurs de qualité se poursuit."
    )
    tags = TAGGER.tag(text)
    assert len(tags) >= 2
    assert [t.score for t in tags] == sorted((t.score for t in tags), reverse=True)
    probabilities = TAGGER.probabilities(text)
    assert list(probabilities) == [p.number for p in charter]
    assert all(0 <= p <= 1 for p in probabilities.values())
    assert {t.principle.number: t.score for t in tags} == {
        n: p for n, p in probabilities.items() if p >= 0.5
    }


def test_plain_statements_of_a_principle_are_tagged_with_it() -> None:
    assert 7 in numbers(TAGGER.tag("Nos patients partenaires siègent au comité de patients."))
    assert 2 in numbers(
        TAGGER.tag("Aucun dépassement d'honoraires : nous appliquons les tarifs conventionnels.")
    )
    assert numbers(TAGGER.tag("Preheat the oven to 180 degrees.")) == []


def test_thresholds_select_tags_by_probability() -> None:
    text = "une innovation, un audit, un essai clinique, un comité de patients"
    probabilities = TAGGER.probabilities(text)
    for threshold in (0.0, 0.2, 0.5, 0.8, 1.0):
        expected = {n for n, p in probabilities.items() if p >= threshold and p > 0}
        assert set(numbers(Tagger(threshold=threshold).tag(text))) == expected
    (best, *_) = sorted(probabilities, key=probabilities.__getitem__, reverse=True)
    only = Tagger(threshold=1.0, thresholds={best: 0.0})
    assert numbers(only.tag(text)) == [best]
    assert Tagger(thresholds=[(7, 0.7)]).thresholds == ((7, 0.7),)


def test_the_evidence_adds_up_to_the_log_odds() -> None:
    """Bias plus the hits' weights is the logit of the score: the hits explain it all."""
    text = "Le comité de patients relit les brochures ; un audit compare nos indicateurs."
    model = TAGGER._model
    for t in TAGGER.tag(text):
        bias = model.principles[t.principle.number - 1].bias
        logit = bias + sum(h.weight for h in t.hits)
        assert 1 / (1 + math.exp(-logit)) == pytest.approx(t.score, abs=1e-5)
        assert all(h.weight != 0 for h in t.hits)
        assert [h.start for h in t.hits] == sorted(h.start for h in t.hits)
        assert all(text[h.start : h.end] for h in t.hits)
        assert t.evidence == tuple(
            sorted((h for h in t.hits if h.weight > 0), key=lambda h: -h.weight)
        )


def test_explain_gives_the_score_below_the_threshold_too() -> None:
    text = "Nos valeurs : excellence, humanisme, innovation."
    for number in range(1, 11):
        explained = TAGGER.explain(text, number)
        assert explained.principle is charter.principle(number)
        assert explained.score == TAGGER.probabilities(text)[number]
    with pytest.raises(unicancer.NotFoundError):
        TAGGER.explain(text, 11)


def test_a_long_document_is_scored_by_its_likeliest_window() -> None:
    about = "Un essai clinique donne aux patients accès à un traitement innovant. "
    filler = "Le temps était clair et la route longue. " * 200
    text = filler + about + filler
    spans = windows(text, TAGGER._model.window)
    assert len(spans) > 1
    assert spans[0][0] == 0
    assert spans[-1][1] == len(text)
    assert all(end - start <= 2 * TAGGER._model.window for start, end in spans)
    probabilities = TAGGER.probabilities(text)
    # Each window scores as the same text alone; windows without evidence do not count.
    by_window = [
        TAGGER.probabilities(text[start:end])
        for start, end in spans
        if TAGGER._found(text[start:end], None)
    ]
    assert by_window
    for n in probabilities:
        assert probabilities[n] == pytest.approx(max(w[n] for w in by_window), abs=1e-6)


def test_empty_text_has_no_tags() -> None:
    assert TAGGER.tag("") == ()
    assert TAGGER.hits("") == ()


# Settings


def test_languages_restrict_the_terms() -> None:
    french = Tagger(languages=("fr",))
    assert {t.lang for t in french.terms} == {"fr"}
    assert french.tag("patient advisory committee") == ()
    with pytest.raises(InvalidValueError, match="'en' is not one of this tagger's languages"):
        french.tag("x", lang="en")


def test_terms_are_the_keywords_and_lexicon_plus_extra_minus_excluded() -> None:
    keywords = {(p.number, k, lang) for p in charter for lang in LANGS for k in p.keywords_in(lang)}
    lexicon = {
        (e.number, t, lang)
        for e in unicancer.lexicon.principles
        for lang in LANGS
        for t in e.terms_in(lang)
    }
    assert keywords.isdisjoint(lexicon)
    assert {(t.principle, t.text, t.lang) for t in TAGGER.terms} == keywords | lexicon
    empty = Tagger(lexicon=EMPTY_LEXICON)
    assert {(t.principle, t.text, t.lang) for t in empty.terms} == keywords
    extra = Term(3, "cellule de coordination", "fr")
    tagger = Tagger(extra_terms=(extra,), exclude_terms=("INNOVATION",))
    assert extra in tagger.terms
    assert "innovation" not in {t.folded for t in tagger.terms}
    assert tagger.hits("innovation") == ()
    assert [h.term for h in tagger.hits("une cellule de coordination")] == [extra]


LANGS: tuple[unicancer.Lang, ...] = ("fr", "en")
EMPTY_LEXICON = unicancer.Lexicon(
    version=charter.version,
    principles=tuple(unicancer.LexiconEntry(p.number, (), ()) for p in charter),
)


def test_a_custom_charter_gives_its_principles() -> None:
    data: dict[str, Any] = unicancer.unstructure(charter)
    data["principles"][6]["keywords"] = ["soignant expert"]
    custom = unicancer.loads(json.dumps(data))
    explained = Tagger(charter=custom).explain("un soignant expert", 7)
    assert explained.principle is custom.principle(7)
    (keyword,) = [h for h in explained.hits if not h.term.learned]
    assert keyword.term == Term(7, "soignant expert", "fr")
    assert keyword.weight > 0


def test_the_packaged_lexicon_goes_with_charters_of_its_version_only() -> None:
    lexicon_term = unicancer.lexicon.entry(7).terms[0]
    assert Tagger().tag(lexicon_term)
    other_version = unicancer.loads(
        json.dumps({**unicancer.unstructure(charter), "version": "99.0.0"})
    )
    assert Tagger(charter=other_version).hits(lexicon_term) == ()
    with pytest.raises(InvalidValueError, match="lexicon has data version"):
        Tagger(charter=other_version, lexicon=unicancer.lexicon)
    # A charter without a trained model is scored from its own terms: one term tags.
    keyword = charter.principle(7).keywords[0]
    assert numbers(Tagger(charter=other_version).tag(keyword)) == [7]


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"threshold": "1"}, InvalidTypeError, "threshold must be a number, not str"),
        ({"threshold": True}, InvalidTypeError, "threshold must be a number, not bool"),
        ({"threshold": -1}, InvalidValueError, "threshold must be a probability from 0 to 1"),
        ({"threshold": float("nan")}, InvalidValueError, "probability from 0 to 1"),
        ({"threshold": 10**400}, InvalidValueError, "probability from 0 to 1"),
        ({"threshold": 1.5}, InvalidValueError, "probability from 0 to 1"),
        ({"thresholds": {11: 0.5}}, InvalidValueError, "no principle 11"),
        ({"thresholds": {7: 2}}, InvalidValueError, "threshold of principle 7"),
        ({"thresholds": {"7": 0.5}}, InvalidTypeError, "principle must be an int"),
        ({"thresholds": 0.5}, InvalidTypeError, "thresholds must be a mapping"),
        ({"languages": ["fr"]}, InvalidTypeError, "languages must be a tuple of str"),
        ({"languages": ("de",)}, InvalidValueError, "lang must be 'fr' or 'en', not 'de'"),
        ({"languages": ()}, InvalidValueError, "at least one"),
        ({"languages": ("fr", "fr")}, InvalidValueError, "distinct"),
        ({"extra_terms": ("x",)}, InvalidTypeError, "extra_terms must be a tuple of Term"),
        ({"extra_terms": (Term(11, "x", "fr"),)}, InvalidValueError, "principle 11"),
        ({"exclude_terms": "innovation"}, InvalidTypeError, "exclude_terms must be a tuple"),
        ({"exclude_terms": ("inovation",)}, InvalidValueError, "cannot exclude 'inovation'"),
        ({"charter": "charter"}, InvalidTypeError, "charter must be a Charter or None, not str"),
        ({"lexicon": {}}, InvalidTypeError, "lexicon must be a Lexicon or None, not dict"),
    ],
)
def test_bad_settings_raise_errors_naming_them(
    kwargs: dict[str, object], error: type[Exception], message: str
) -> None:
    with pytest.raises(error, match=message):
        Tagger(**kwargs)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("args", "error", "message"),
    [
        ((7, "patient expert", "de"), InvalidValueError, "'de'"),
        ((7, "", "fr"), InvalidValueError, "words separated"),
        ((7, "a.b", "fr"), InvalidValueError, "'a.b'"),
        ((7, "patients '", "en"), InvalidValueError, "words separated"),
        (("7", "patient expert", "fr"), InvalidTypeError, "principle must be an int, not str"),
        ((True, "patient expert", "fr"), InvalidTypeError, "not bool"),
        ((7, b"patient", "fr"), InvalidTypeError, "text must be a str, not bytes"),
    ],
)
def test_bad_terms_raise_errors(
    args: tuple[object, ...], error: type[Exception], message: str
) -> None:
    with pytest.raises(error, match=message):
        Term(*args)  # type: ignore[arg-type]


@pytest.mark.parametrize("text", [None, b"innovation", 42, ["innovation"]])
def test_tagging_a_non_string_raises_invalid_type_error(text: object) -> None:
    with pytest.raises(InvalidTypeError, match=f"can only tag a str, not {type(text).__name__}"):
        TAGGER.tag(text)  # type: ignore[arg-type]
    with pytest.raises(InvalidTypeError):
        TAGGER.hits(text)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        tag(text)  # type: ignore[arg-type]


@pytest.mark.parametrize("lang", ["de", "FR", "", 1])
def test_a_bad_lang_raises_invalid_value_error(lang: object) -> None:
    with pytest.raises(InvalidValueError, match="lang must be 'fr' or 'en' or None"):
        TAGGER.tag("x", lang=lang)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="lang"):
        list(TAGGER.tag_many(["x"], lang=lang))  # type: ignore[arg-type]


# Pickling and many texts


def test_a_tagger_pickles_small_and_equal() -> None:
    tagger = Tagger(threshold=0.5, extra_terms=(Term(3, "cellule de coordination", "fr"),))
    tagger.tag("innovation")  # compiles the matcher
    data = pickle.dumps(tagger)
    assert len(data) < 1000
    copy = pickle.loads(data)
    assert copy == tagger
    assert hash(copy) == hash(tagger)
    assert copy.tag("innovation, cellule de coordination") == tagger.tag(
        "innovation, cellule de coordination"
    )


def test_tags_pickle() -> None:
    tags = TAGGER.tag(PASSAGES[0][2])
    assert pickle.loads(pickle.dumps(tags)) == tags


TEXTS = [text for _, _, text in PASSAGES] + UNRELATED + [""]


@pytest.mark.parametrize("processes", [1, 2])
def test_tag_many_gives_tag_for_each_text_in_order(processes: int) -> None:
    texts = TEXTS * 3
    results = list(TAGGER.tag_many(texts, processes=processes, chunksize=4))
    assert results == [TAGGER.tag(text) for text in texts]


def test_tag_many_in_processes_reads_a_list_when_the_first_result_is_asked_for() -> None:
    texts = ["rien", "innovation"] * 20
    results = TAGGER.tag_many(texts, processes=2, chunksize=3)
    texts.append("comité de patients")  # before the first result: read
    read = list(texts)
    first = next(results)
    texts[1] = texts[-1] = "rien"  # after it: not read
    assert [first, *results] == [TAGGER.tag(text) for text in read]


def test_tag_many_in_processes_lets_go_of_the_texts_it_shares() -> None:
    texts = ["innovation", "rien"] * 20
    list(TAGGER.tag_many(texts, processes=2, chunksize=3))
    results = TAGGER.tag_many(texts, processes=2, chunksize=3)
    next(results)
    del results  # closes it
    with pytest.raises(InvalidTypeError):
        list(TAGGER.tag_many([*texts, 1], processes=2))  # type: ignore[list-item]
    assert _parallel._shared == {}


@pytest.mark.parametrize("processes", [1, 2])
def test_tag_many_streams_an_endless_iterable(processes: int) -> None:
    endless = itertools.cycle(TEXTS)
    results = TAGGER.tag_many(endless, processes=processes, chunksize=2)
    first = list(itertools.islice(results, 50))
    assert first == [TAGGER.tag(text) for text in itertools.islice(itertools.cycle(TEXTS), 50)]


def test_tag_many_reads_its_input_lazily() -> None:
    read: list[int] = []

    def texts() -> Iterator[str]:
        for index in itertools.count():
            read.append(index)
            yield "innovation"

    results = TAGGER.tag_many(texts(), chunksize=10)
    next(results)
    assert len(read) <= 11


@pytest.mark.parametrize("processes", [1, 2])
def test_tag_many_rejects_a_non_string_item_naming_it(processes: int) -> None:
    texts: list[object] = ["innovation", b"x"]
    results = TAGGER.tag_many(texts, processes=processes)  # type: ignore[arg-type]
    with pytest.raises(InvalidTypeError, match=r"not bytes \(item 1\)"):
        list(results)


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"processes": 0}, InvalidValueError),
        ({"processes": "2"}, InvalidTypeError),
        ({"chunksize": 0}, InvalidValueError),
        ({"chunksize": 1.5}, InvalidTypeError),
    ],
)
def test_tag_many_checks_its_arguments_at_once(
    kwargs: dict[str, object], error: type[Exception]
) -> None:
    with pytest.raises(error):
        TAGGER.tag_many(["x"], **kwargs)  # type: ignore[arg-type]


# The lexicon


def all_terms() -> list[Term]:
    return list(TAGGER.terms)


def test_every_keyword_is_a_valid_term() -> None:
    for p in charter:
        for keyword in (*p.keywords, *p.keywords_en):
            assert is_phrase(fold(keyword)), keyword


def test_no_term_repeats_after_folding_within_a_principle_and_language() -> None:
    seen: set[tuple[int, str | None, str]] = set()
    for term in all_terms():
        key = (term.principle, term.lang, term.folded)
        assert key not in seen, term
        seen.add(key)


def test_no_term_is_claimed_by_two_principles() -> None:
    """Folded as the tagger and as search compare them, in any language."""
    owners: dict[str, int] = {}
    for term in all_terms():
        for key in (term.folded, " ".join(tokens(term.text))):
            assert owners.setdefault(key, term.principle) == term.principle, (
                f"{term.text!r} of principle {term.principle} is also a term of "
                f"principle {owners[key]}"
            )


#: Words too common in writing about hospitals to signal a principle alone.
GENERIC = {
    "qualite", "patient", "patients", "soins", "soin", "sante", "cancer", "cancers", "hopital",
    "centre", "centres", "recherche", "medecin", "medecins", "traitement", "traitements",
    "formation", "quality", "care", "health", "hospital", "research", "treatment", "training",
    "doctor", "doctors", "nurse", "nurses", "staff", "center", "oncology", "cancerologie",
}  # fmt: skip


def test_no_term_is_a_generic_word() -> None:
    assert not [t.text for t in all_terms() if t.folded in GENERIC]


def test_every_principle_has_terms_in_both_languages() -> None:
    for p in charter:
        for lang in ("fr", "en"):
            assert len([t for t in all_terms() if (t.principle, t.lang) == (p.number, lang)]) >= 15


# Adversarial inputs take time linear in their length.


@pytest.mark.parametrize(
    "unit",
    [
        "a",  # one endless word
        "’",  # only apostrophes
        "\u0301",  # only combining marks
        "d’",  # endless elisions
        "patient ",  # a term's first word, again and again
        "é\u0301",
        "ß",
        "patients. partenaires ",  # a term but for its separator
    ],
)
def test_adversarial_input_is_tagged_in_linear_time(unit: str) -> None:
    assert_linear(lambda size: TAGGER.tag(unit * (size // len(unit))), 50_000)


def test_a_10_mb_single_word_is_tagged() -> None:
    assert TAGGER.tag("a" * 10_000_000) == ()


def test_tag_many_tags_a_small_list_in_this_process(monkeypatch: pytest.MonkeyPatch) -> None:
    """Starting workers costs more than a small list takes: it is tagged here, and a
    large one (or any iterator) in the workers."""
    monkeypatch.setattr(_parallel, "SERIAL_CHARACTERS", 1 << 20)
    pools: list[int] = []
    in_pool = _parallel.tag_in_pool

    def counting(*args: Any) -> Any:
        pools.append(1)
        return in_pool(*args)

    monkeypatch.setattr(_parallel, "tag_in_pool", counting)
    small = ["comité de patients", "rien"] * 10
    assert list(TAGGER.tag_many(small, processes=2)) == [TAGGER.tag(t) for t in small]
    assert list(TAGGER.tag_many(tuple(small), processes=2)) == [TAGGER.tag(t) for t in small]
    assert pools == []
    large = ["comité de patients. " * 2_000] * 30  # 1.2 million characters
    assert list(TAGGER.tag_many(large, processes=2)) == [TAGGER.tag(t) for t in large]
    assert list(TAGGER.tag_many(iter(small), processes=2)) == [TAGGER.tag(t) for t in small]
    assert pools == [1, 1]
    with pytest.raises(InvalidTypeError, match="item 20"):
        list(TAGGER.tag_many([*small, 1], processes=2))  # type: ignore[list-item]
