"""Tagging, evaluation and DataFrames."""

from __future__ import annotations

from collections.abc import Iterator

import pandas as pd
import polars as pl
import pyarrow as pa

from unicancer import (
    Average,
    CalibrationBin,
    CurvePoint,
    Evaluation,
    Hit,
    Lang,
    Lexicon,
    LexiconEntry,
    Mistake,
    Principle,
    PrincipleScore,
    Tag,
    Tagger,
    Term,
    evaluate,
    lexicon,
    tag,
)
from unicancer.frame import tag_frame

from ._compat import assert_type

tags = tag("Un comité de patients.", lang="fr")
assert_type(tags, tuple[Tag, ...])
first = tags[0]
assert_type(first.principle, Principle)
assert_type(first.score, float)
assert_type(first.hits, tuple[Hit, ...])
assert_type(first.hits[0].start, int)
assert_type(first.hits[0].term, Term)
assert_type(first.hits[0].term.lang, Lang | None)
assert_type(first.hits[0].weight, float)
assert_type(first.evidence, tuple[Hit, ...])

assert_type(lexicon, Lexicon)
assert_type(lexicon.entry(7), LexiconEntry)
assert_type(lexicon.entry(7).terms_in("en"), tuple[str, ...])

tagger = Tagger(
    threshold=0.6, thresholds={7: 0.8}, languages=("fr",), extra_terms=(Term(7, "usagers", "fr"),)
)
assert_type(tagger.tag("texte"), tuple[Tag, ...])
assert_type(tagger.hits("texte"), tuple[Hit, ...])
assert_type(tagger.terms, tuple[Term, ...])
assert_type(tagger.probabilities("texte")[7], float)
assert_type(tagger.explain("texte", 7), Tag)
assert_type(tagger.thresholds, tuple[tuple[int, float], ...])
assert_type(tagger.tag_many(["a", "b"], processes=2), Iterator[tuple[Tag, ...]])

result = evaluate([("Un comité de patients.", [7])], tagger)
assert_type(result, Evaluation)
assert_type(evaluate("gold.jsonl"), Evaluation)
assert_type(result.micro, Average)
assert_type(result.micro.f1, float)
assert_type(result.score(7), PrincipleScore)
assert_type(result.score("patient-partnership").recall, float)
assert_type(result.false_positives, tuple[Mistake, ...])
assert_type(result.to_text(lang="en"), str)
assert_type(result.weighted, Average)
assert_type(result.samples.f1, float)
assert_type(result.curve(7), tuple[CurvePoint, ...])
assert_type(result.curve(thresholds=[0.5])[0].precision, float)
assert_type(result.threshold_for(7, precision=0.8), float | None)
assert_type(result.calibration(), tuple[CalibrationBin, ...])
assert_type(result.to_frame(), pd.DataFrame)

# pandas-stubs types the constructor's result as Any (and Any in gives Any out): name its type.
df: pd.DataFrame = pd.DataFrame({"text": ["Un comité de patients."], "lang": ["fr"]})
wide, hits = tag_frame(df, "text", lang="lang", progress=True)
assert_type(wide, pd.DataFrame)
assert_type(hits, pd.DataFrame)
assert_type(tag_frame(pl.DataFrame({"text": ["x"]}), "text", progress=print)[0], pl.DataFrame)
assert_type(tag_frame(pl.Series(["x"]))[1], pl.DataFrame)
assert_type(tag_frame(pl.LazyFrame({"text": ["x"]}), "text")[0], pl.LazyFrame)
assert_type(tag_frame(pa.table({"text": ["x"]}), "text")[0], pa.Table)
assert_type(tag_frame(df, "text", hits=False), pd.DataFrame)
assert_type(tag_frame(df, "text", hits=True), tuple[pd.DataFrame, pd.DataFrame])
assert_type(tag_frame(pl.Series(["x"]), hits=False), pl.DataFrame)
assert_type(tag_frame(pl.LazyFrame({"text": ["x"]}), "text", hits=False), pl.LazyFrame)
assert_type(tag_frame(pa.table({"text": ["x"]}), "text", hits=False), pa.Table)
assert_type(Tagger().tag_many(["x"], progress=lambda done: None), Iterator[tuple[Tag, ...]])

# Misuses that a type checker catches.
tag(42)  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
tag("texte", lang="de")  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
Tagger(threshold="high")  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
Tagger(thresholds={"7": 0.5})  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
first.score = 0.0  # type: ignore[misc]  # pyright: ignore[reportAttributeAccessIssue]
first.hit  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]  # noqa: B018
