"""Rebuild the packaged model (``src/unicancer/data/model.json``) from the project's corpus.

    pip install -e ".[train]"
    python tools/train.py            # train, write the model, print dev and holdout figures
    python tools/train.py --tune     # also search the regularisation on the dev set
    python tools/train.py --out FILE # write elsewhere (the packaged file is the default)

Deterministic: the same corpus, lexicon and settings give the same bytes. Steps:

1. *Candidate phrases*: the words and runs of two or three words (folded, as the matcher folds)
   of at least `MIN_DOCS` training passages, not starting or ending with a stop word, and not
   lexicon terms (those have features of their own).
2. *Features* of each passage, found by the package's own code (`unicancer._features.extract`):
   for each principle, ln(1 + number of distinct terms of it found); each lexicon term of at
   least `MIN_DOCS` passages; each candidate phrase.
3. *Selection*: one L1-regularised logistic regression per principle (scikit-learn's
   liblinear); the phrases that some principle weighs are kept, the others dropped, and the
   features found again with the kept phrases only (the matcher is leftmost-longest, so a
   phrase's matches depend on the other phrases).
4. *Final fit*: an L2-regularised logistic regression per principle on those features, then
   Platt scaling (a logistic regression of the label on the out-of-fold log-odds of five folds
   grouped by document, the phrases selected again in each fold without its passages: selected
   on all of them, the out-of-fold scores were too sure and so were the probabilities), folded
   into the weights, so that the packaged model is one logistic
   regression per principle, calibrated; weights below `PRUNE` are dropped.

The test set (``tests/data/test.jsonl``) and the holdout set are never used to train or to
choose anything; the holdout figures are printed for the record.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run as a script

import unicancer
from tools import corpus
from unicancer._features import WINDOW, Found, extract
from unicancer._loading import forget_packaged
from unicancer._model import Lang
from unicancer._scoring import Model, PrincipleWeights, features, to_data
from unicancer._tagging import Tagger
from unicancer._text import fold

__all__ = ["main", "train"]

ROOT = Path(__file__).resolve().parent.parent
PACKAGED = ROOT / "src" / "unicancer" / "data" / "model.json"
#: A phrase or term has a feature of its own when at least this many passages hold it.
MIN_DOCS = 3
#: Regularisation (inverse strength) of the selection and of the final fit; chosen with
#: ``--tune`` on the development set.
C_SELECT = 2.0
C_FINAL = 2.0
#: A phrase is kept when the selection gives it a weight at least this large.
EPSILON = 1e-4
#: The share of L1 in the final fit's penalty (the rest is L2).
L1_FINAL = 0.0
#: Whether the gold set (written by the project, like the corpus) is trained on too.
GOLD_IN_TRAINING = False
#: Final weights smaller than this are dropped from the packaged model.
PRUNE = 0.05

#: Function words: a learned phrase neither starts nor ends with one (they are frequent in
#: any text, so they would cost matching time and carry no meaning of their own).
_STOP_WORDS = """
    a ai aie au aux avec avoir ce ceci cela celle celles celui ces cet cette ceux chaque
    comme comment dans de des donc dont du elle elles en encore entre est et etaient etait
    ete etre eu fait faire il ils je la le les leur leurs lui ma mais me meme mes moi mon
    ne ni nos notre nous on ont ou par parce pas peu peut peuvent plus pour pourquoi
    quand que quel quelle quelles quels qui sa sans se sera ses si sinon soit son sont
    sous sur ta te tes toi ton toujours tous tout toute toutes tres tu un une vers vos
    votre vous y deja aussi ainsi afin apres avant autre autres bien car cas ici jamais
    l d s n c j m t qu
    an and any are as at be been being both but by can could did do does each either
    for from had has have he her here his how i if in into is it its just may might more
    most much must my no nor not now of on one only or other our out own same she should
    so some such than that the their them then there these they this those through to
    too under up upon us very was we were what when where which while who whom why will
    with would you your all also can first well new two three per via within without
"""
STOP_WORDS = frozenset(_STOP_WORDS.split())


def _words(text: str) -> list[list[str]]:
    """The runs of words of *text*, folded; punctuation and apostrophes end a run."""
    return [seg.split() for seg in re.split(r"[^\w ]+|_", fold(text)) if seg.strip()]


def candidate_phrases(texts: Sequence[str], lexicon: frozenset[str]) -> frozenset[str]:
    """Step 1: the phrases of at least `MIN_DOCS` of *texts*."""
    counts: Counter[str] = Counter()
    for text in texts:
        grams: set[str] = set()
        for run in _words(text):
            for n in (1, 2, 3):
                for i in range(len(run) - n + 1):
                    gram = run[i : i + n]
                    if gram[0] in STOP_WORDS or gram[-1] in STOP_WORDS:
                        continue
                    if n == 1 and (len(gram[0]) < 4 or gram[0].isdigit()):
                        continue
                    grams.add(" ".join(gram))
        counts.update(grams)
    return frozenset(g for g, n in counts.items() if n >= MIN_DOCS and g not in lexicon)


class Featuriser:
    """Passages to feature rows, as the package will compute them."""

    def __init__(self, tagger: Tagger, phrases: frozenset[str], terms: frozenset[str]) -> None:
        self.index = tagger._terms
        self.phrases = phrases
        self.size = len(self.index.charter.principles)
        self.names = [f"lexicon {q}" for q in range(1, self.size + 1)]
        self.names += [f"term {t}" for t in sorted(terms)]
        self.names += [f"phrase {g}" for g in sorted(phrases)]
        self.column = {name: i for i, name in enumerate(self.names)}

    def found(self, text: str, lang: Lang | None = None) -> list[Found]:
        return extract(self.index, self.phrases, text, lang)

    def row(self, text: str, lang: Lang | None) -> dict[int, float]:
        """The feature values of *text*, by column, as the package computes them."""
        lexicon, keys = features(self.found(text, lang), self.index.principles)
        row = {q - 1: value for q, value in lexicon.items()}
        for key, is_phrase in keys:
            column = self.column.get(f"phrase {key}" if is_phrase else f"term {key}")
            if column is not None:
                row[column] = 1.0
        return row

    def matrix(self, passages: Sequence[corpus.Passage]) -> Any:
        from scipy.sparse import csr_matrix

        rows, cols, values = [], [], []
        for i, p in enumerate(passages):
            for j, v in sorted(self.row(p.text, _lang(p)).items()):
                rows.append(i)
                cols.append(j)
                values.append(v)
        return csr_matrix((values, (rows, cols)), shape=(len(passages), len(self.names)))


def _lang(passage: corpus.Passage) -> Lang | None:
    """The language the tagger is given for *passage*: none for a mixed one."""
    return "fr" if passage.lang == "fr" else "en" if passage.lang == "en" else None


def _labels(passages: Sequence[corpus.Passage], number: int) -> list[int]:
    return [int(number in p.labels) for p in passages]


def _fit(x: Any, y: list[int], c: float, l1_ratio: float = 1.0) -> Any:
    from sklearn.linear_model import LogisticRegression

    model = LogisticRegression(
        l1_ratio=l1_ratio, C=c, solver="liblinear", random_state=0, max_iter=1000, tol=1e-6
    )
    return model.fit(x, y)


def _select(
    first: Featuriser,
    x_first: Any,
    passages: Sequence[corpus.Passage],
    rows: list[int],
    c_select: float,
) -> frozenset[str]:
    """Step 3 on the passages of *rows*: the candidate phrases some principle weighs."""
    kept: set[str] = set()
    chosen = [passages[i] for i in rows]
    for number in range(1, first.size + 1):
        y = _labels(chosen, number)
        if len(set(y)) < 2:
            continue
        fitted = _fit(x_first[rows], y, c_select)
        for j, w in enumerate(fitted.coef_[0]):
            name = first.names[j]
            if abs(w) > EPSILON and name.startswith("phrase "):
                kept.add(name.removeprefix("phrase "))
    return frozenset(kept)


def _out_of_fold(
    tagger: Tagger,
    terms: frozenset[str],
    first: Featuriser,
    x_first: Any,
    passages: Sequence[corpus.Passage],
    c_select: float,
    c_final: float,
) -> Any:
    """Each passage's log-odds of each principle (a column each) from the steps 3 and 4
    done without its document: five folds grouped by document, the phrases selected
    again in each, so that the labels of a passage choose nothing of its own score."""
    import numpy as np
    from sklearn.model_selection import GroupKFold

    groups = [p.doc for p in passages]
    scores = np.zeros((len(passages), first.size))
    for fit_rows, score_rows in GroupKFold(n_splits=5).split(x_first, groups=groups):
        rows = [int(i) for i in fit_rows]
        fold = Featuriser(tagger, _select(first, x_first, passages, rows, c_select), terms)
        x = fold.matrix(passages)
        for column in range(first.size):
            y = _labels([passages[i] for i in rows], column + 1)
            if len(set(y)) < 2:
                continue
            fitted = _fit(x[fit_rows], y, c_final, L1_FINAL)
            scores[score_rows, column] = fitted.decision_function(x[score_rows])
    return scores


def _platt(scores: Any, y: list[int]) -> tuple[float, float, list[float]]:
    """Scale and shift of the log-odds that calibrate them (fitted on the out-of-fold
    log-odds *scores*), and the calibrated out-of-fold probabilities."""
    from sklearn.linear_model import LogisticRegression

    platt = LogisticRegression(C=1e6, solver="lbfgs", max_iter=1000).fit(scores.reshape(-1, 1), y)
    return (
        float(platt.coef_[0][0]),
        float(platt.intercept_[0]),
        [float(p) for p in platt.predict_proba(scores.reshape(-1, 1))[:, 1]],
    )


def train(
    passages: Sequence[corpus.Passage], c_select: float = C_SELECT, c_final: float = C_FINAL
) -> Model:
    """Steps 1 to 4: a calibrated model from training *passages*."""
    tagger = Tagger()
    charter = tagger._terms.charter
    numbers = [p.number for p in charter.principles]
    texts = [p.text for p in passages]
    lexicon = frozenset(t.folded for t in tagger.terms)
    base = Featuriser(tagger, frozenset(), frozenset())
    term_docs: Counter[str] = Counter()
    for text in texts:
        term_docs.update({key for _, _, key, _ in base.found(text)})
    terms = frozenset(t for t, n in term_docs.items() if n >= MIN_DOCS)
    candidates = candidate_phrases(texts, lexicon)

    first = Featuriser(tagger, candidates, terms)
    x_first = first.matrix(passages)
    every = list(range(len(passages)))
    final = Featuriser(tagger, _select(first, x_first, passages, every, c_select), terms)
    x = final.matrix(passages)
    out_of_fold = _out_of_fold(tagger, terms, first, x_first, passages, c_select, c_final)
    weights = []
    counts = [0, 0, 0]  # out-of-fold true positives, false positives, false negatives
    for column, number in enumerate(numbers):
        y = _labels(passages, number)
        fitted = _fit(x, y, c_final, L1_FINAL)
        scale, shift, calibrated = _platt(out_of_fold[:, column], y)
        for truth, probability in zip(y, calibrated, strict=True):
            predicted = probability >= 0.5
            counts[0] += truth and predicted
            counts[1] += predicted and not truth
            counts[2] += truth and not predicted
        coef = [scale * w for w in fitted.coef_[0]]
        bias = scale * float(fitted.intercept_[0]) + shift
        named = {final.names[j]: w for j, w in enumerate(coef) if abs(w) >= PRUNE}
        weights.append(
            PrincipleWeights(
                number,
                round(bias, 6),
                tuple(round(named.get(f"lexicon {q}", 0.0), 6) for q in numbers),
                tuple(
                    (k.removeprefix("term "), round(w, 6))
                    for k, w in sorted(named.items())
                    if k.startswith("term ")
                ),
                tuple(
                    (k.removeprefix("phrase "), round(w, 6))
                    for k, w in sorted(named.items())
                    if k.startswith("phrase ")
                ),
            )
        )
    tp, fp, fn = counts
    CROSS_VALIDATED.update(
        precision=tp / max(1, tp + fp),
        recall=tp / max(1, tp + fn),
        f1=2 * tp / max(1, 2 * tp + fp + fn),
    )
    return Model(charter.version, WINDOW, tuple(weights))


#: The micro precision, recall and F1 at 0.5 of the last `train`'s out-of-fold probabilities
#: (five folds of the training passages, grouped by document).
CROSS_VALIDATED: dict[str, float] = {}


def dumps(model: Model) -> str:
    """The model file's text: sorted keys, one weight a line, so that diffs stay readable."""
    return json.dumps(to_data(model), ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def _figures(name: str, gold: Any) -> str:
    result = _evaluate(gold) if isinstance(gold, list) else unicancer.evaluate(gold)
    m = result.micro
    line = f"{name:<10} micro P {m.precision:.3f}  R {m.recall:.3f}  F1 {m.f1:.3f}"
    return line + f"   macro F1 {result.macro.f1:.3f}   ({result.documents} passages)"


def _gold_file(passages: Sequence[corpus.Passage]) -> Path:
    """*passages* as a gold file that `unicancer.evaluate` reads with their languages."""
    import tempfile

    handle, name = tempfile.mkstemp(suffix=".jsonl")
    with open(handle, "w", encoding="utf-8") as out:
        for p in passages:
            record = {"id": p.id, "lang": p.lang, "text": p.text, "labels": list(p.labels)}
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    return Path(name)


def _evaluate(passages: Sequence[corpus.Passage]) -> Any:
    path = _gold_file(passages)
    try:
        return unicancer.evaluate(path)
    finally:
        path.unlink()


def gold_passages() -> list[corpus.Passage]:
    """The gold set (``tests/data/gold.jsonl``), each passage a document of its own."""
    path = ROOT / "tests" / "data" / "gold.jsonl"
    return [
        corpus.Passage(r["id"], f"gold-{r['id']}", r["lang"], "gold", r["text"], tuple(r["labels"]))
        for r in map(json.loads, path.read_text(encoding="utf-8").splitlines())
    ]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=PACKAGED, help="where to write the model")
    parser.add_argument("--tune", action="store_true", help="search C on the dev set first")
    parser.add_argument("--quiet", action="store_true", help="print no figures")
    args = parser.parse_args(argv)
    passages = corpus.read()
    training, dev = corpus.split(passages, "train"), corpus.split(passages, "dev")
    if GOLD_IN_TRAINING:
        training += gold_passages()
    c_select, c_final = C_SELECT, C_FINAL
    if args.tune:
        c_select, c_final = _tune(training, dev)
    model = train(training, c_select, c_final)
    args.out.write_text(dumps(model), encoding="utf-8")
    if args.quiet:
        return 0
    print(f"{len(training)} training passages, {len(dev)} dev; C {c_select} / {c_final}")
    print(f"wrote {args.out} ({sum(len(w.phrases) for w in model.principles)} phrase weights)")
    if args.out.resolve() == PACKAGED.resolve():
        forget_packaged("model.json")
        cv = CROSS_VALIDATED
        print(
            f"{'5-fold CV':<10} micro P {cv['precision']:.3f}  R {cv['recall']:.3f}  "
            f"F1 {cv['f1']:.3f}   (training passages, folds by document)"
        )
        print(_figures("dev", dev))
        print(_figures("holdout", ROOT / "tests" / "data" / "holdout.jsonl"))
    return 0


def _tune(training: Sequence[corpus.Passage], dev: Sequence[corpus.Passage]) -> tuple[float, float]:
    """The (C_SELECT, C_FINAL) of a small grid with the best dev micro F1."""
    best: tuple[float, float, float] = (-1.0, C_SELECT, C_FINAL)
    for c_select in (1.0, 2.0, 4.0):
        for c_final in (0.5, 1.0, 2.0):
            model = train(training, c_select, c_final)
            PACKAGED.write_text(dumps(model), encoding="utf-8")
            forget_packaged("model.json")
            f1 = _evaluate(dev).micro.f1
            print(f"C_SELECT {c_select}  C_FINAL {c_final}: dev micro F1 {f1:.3f}")
            best = max(best, (f1, c_select, c_final))
    return best[1], best[2]


if __name__ == "__main__":
    raise SystemExit(main())
