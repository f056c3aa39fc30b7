"""The one implementation of `unicancer.frame.tag_frame`, for every eager frame library.

narwhals reads the column (and the language column) of a pandas, Polars or
PyArrow frame or Series into Python lists; the documents are tagged; the two
frames are built back in the input's library, with the same dtypes. pandas alone
has an index: the wide frame keeps it, and the long frame's ``document`` column
holds its labels. Elsewhere a row is known by its position, from 0.
"""

from __future__ import annotations

import itertools
import math
import sys
from collections.abc import Callable, Iterator, Mapping, Sequence
from types import ModuleType
from typing import TYPE_CHECKING, Any

from ._errors import InvalidTypeError, InvalidValueError, NotFoundError
from ._evaluate import charter_of, default_tagger
from ._progress import Progress, track
from ._terms import LANGS

if TYPE_CHECKING:
    import narwhals.stable.v2 as nw

    from ._model import Lang
    from ._tagging import Tag, Tagger

__all__ = ["HIT_COLUMNS", "lang_column", "tag_native"]

#: The columns of the long frame of hits, in order.
HIT_COLUMNS = ("document", "principle", "slug", "term", "lang", "start", "end", "text", "weight")
_EXPECTED = "a pandas Series, a Polars DataFrame, LazyFrame or Series, or a PyArrow Table"


def lang_column(lang: object, columns: Sequence[str]) -> tuple[Lang | None, str | None]:
    """``(the language of every row, the column of per-row languages)``: one of them is ``None``.

    *lang* is ``"fr"``, ``"en"``, ``None`` (both languages) or the name of a column.

    Raises:
        InvalidTypeError: *lang* is neither a string nor ``None``.
        NotFoundError: *lang* is another string, but not one of *columns*.
    """
    if lang is None or (isinstance(lang, str) and lang in LANGS):
        return lang, None
    if not isinstance(lang, str):
        raise InvalidTypeError(
            f"lang must be 'fr', 'en', None or the name of a column of languages, "
            f"not {type(lang).__name__}"
        )
    if lang not in columns:
        raise NotFoundError(
            "language column", lang, f"'fr', 'en', None or one of {list(columns)!r}"
        )
    return None, lang


def tag_native(
    data: object,
    column: str | None,
    tagger: Tagger | None,
    lang: object,
    scores: bool,
    progress: Progress,
    hits: bool = True,
) -> tuple[object, object]:
    """The native wide and long frames of *data* (see `unicancer.frame.tag_frame`).

    Without *hits*, the long frame is ``None`` and no tag's hits are made (they are made
    when first read): for callers that want the wide frame only.
    """
    import narwhals.stable.v2 as nw

    frame = _from_native(data)
    tagger = default_tagger(tagger)
    if isinstance(frame, nw.Series):
        if column is not None:
            raise InvalidValueError(f"a Series is tagged whole: pass no column, not {column!r}")
        fixed, by_row = lang_column(lang, [])
        texts, langs, name = frame, None, frame.name
    else:
        if column is None:
            raise InvalidValueError("pass the column of documents: tag_frame(df, column)")
        if column not in frame.columns:
            raise NotFoundError("column", column, f"one of {list(frame.columns)!r}")
        fixed, by_row = lang_column(lang, frame.columns)
        selected = frame.select([column] if by_row is None else [column, by_row])
        if isinstance(selected, nw.LazyFrame):
            from ._lazy import tag_lazy

            def tag(df: object, report: bool, with_hits: bool) -> tuple[Any, Any]:
                return tag_native(
                    df, column, tagger, lang, scores, progress if report else None, with_hits
                )

            return tag_lazy(selected.to_native(), tag)
        texts, name = selected[column], column
        langs = None if by_row is None else selected[by_row]
    index = nw.maybe_get_index(frame)
    label = _labeller(index)
    values = None if langs is None else langs.to_list()
    rows = _rows(texts.to_list(), values, fixed, tagger, label, by_row)
    tagged = _tag_rows(track(rows, progress, len(texts)), _tag_of(tagger, fixed), label, name)
    wide, long, positions = _columns(tagged, tagger, scores, hits)
    backend = nw.get_native_namespace(frame)
    return _build(backend, index, wide, long if hits else None, positions, scores)


def _from_native(data: object) -> nw.DataFrame[Any] | nw.LazyFrame[Any] | nw.Series[Any]:
    try:
        import narwhals.stable.v2 as nw
    except ImportError:
        raise ImportError(
            'unicancer.frame needs narwhals: pip install "unicancer[pandas]" '
            '(or "unicancer[polars]", "unicancer[arrow]")'
        ) from None
    from narwhals import dependencies as found

    if found.is_polars_lazyframe(data):
        return nw.from_native(data)
    for lazy, hint in ((found.is_dask_dataframe, "tag_dask"), (_is_spark, "tag_spark")):
        if lazy(data):
            raise InvalidTypeError(f"expected an eager frame, found a {_name(data)}: use {hint}")
    frame = nw.from_native(data, eager_only=True, allow_series=True, pass_through=True)
    if frame is data or not isinstance(frame, (nw.DataFrame, nw.Series)):
        raise InvalidTypeError(
            f"expected a pandas DataFrame, found {type(data).__name__} (or {_EXPECTED})"
        )
    return frame


def _name(data: object) -> str:
    return f"{type(data).__module__.partition('.')[0]} {type(data).__name__}"


def _is_spark(data: object) -> bool:
    from narwhals import dependencies as found

    return found.is_pyspark_dataframe(data) or found.is_pyspark_connect_dataframe(data)


def _labeller(index: object) -> Callable[[int], object]:
    """The row label of a position: the pandas index's label, or the position itself."""
    if index is None:
        return lambda position: position
    return lambda position: index[position : position + 1].tolist()[0]  # type: ignore[index]


def _rows(
    texts: list[object],
    langs: list[object] | None,
    fixed: Lang | None,
    tagger: Tagger,
    label: Callable[[int], object],
    by_row: str | None,
) -> Iterator[tuple[int, object, Lang | None]]:
    """``(position, value, language)`` of each row: the languages of *by_row*, checked."""
    for position, text in enumerate(texts):
        if langs is None:
            yield position, text, fixed  # the tagger checks it
            continue
        lang = langs[position]
        if _missing(lang):
            yield position, text, None
        elif isinstance(lang, str) and lang in tagger.languages:
            yield position, text, lang
        else:
            raise InvalidValueError(
                f"row {label(position)!r} of column {by_row!r}: expected one of the tagger's "
                f"languages {tagger.languages!r} or a missing value, found {lang!r:.40}"
            )


def _missing(value: object) -> bool:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return True
    pandas = sys.modules.get("pandas")
    return pandas is not None and value is pandas.NA


def _tag_of(tagger: Tagger, fixed: Lang | None) -> Callable[[str, Lang | None], tuple[Tag, ...]]:
    """How a row is tagged: by `Tagger.tag` without the checks that each call of it makes
    (done here once: the rows' values and languages are checked as they are read), or by
    the tagger's own ``tag``, if it has one (a subclass's, or a duck-typed tagger's)."""
    from ._tagging import Tagger

    if isinstance(tagger, Tagger) and type(tagger).tag is Tagger.tag:
        tagger._check("", fixed)
        bound: dict[Lang | None, Callable[[str], tuple[Tag, ...]]] = {}

        def tag(text: str, lang: Lang | None) -> tuple[Tag, ...]:
            # What `Tagger._tag` looks up for each text, looked up once per language.
            if lang not in bound:
                bound[lang] = tagger._tagging(lang)
            return bound[lang](text)

        return tag
    return lambda text, lang: tagger.tag(text, lang=lang)


def _tag_rows(
    rows: Iterator[tuple[int, object, Lang | None]],
    tag: Callable[[str, Lang | None], tuple[Tag, ...]],
    label: Callable[[int], object],
    column: object,
) -> Iterator[tuple[int, str, tuple[Tag, ...]]]:
    """``(position, text, tags)`` of each row; missing values have no tags."""
    where = "of the Series" if column is None else f"of column {column!r}"
    for position, text, lang in rows:
        if isinstance(text, str):
            yield position, text, tag(text, lang)
        elif _missing(text):
            yield position, "", ()
        else:
            raise InvalidTypeError(
                f"row {label(position)!r} {where}: expected a string or a missing value, "
                f"found {type(text).__name__} {text!r:.40}"
            )


def _columns(
    tagged: Iterator[tuple[int, str, tuple[Tag, ...]]],
    tagger: Tagger,
    scores: bool,
    with_hits: bool = True,
) -> tuple[dict[str, list[float]], dict[str, list[object]], list[int]]:
    """The wide frame's columns, the long frame's (but ``document``; empty unless
    *with_hits*), and each hit's row."""
    charter = charter_of(tagger)
    # Each principle's (row, value) where it is tagged: most rows have no tag.
    tagged_at: dict[int, list[tuple[int, float]]] = {p.number: [] for p in charter}
    hits: dict[str, list[object]] = {name: [] for name in HIT_COLUMNS[1:]}
    numbers, slugs, terms, langs, starts, ends, spans, weights = hits.values()
    positions: list[int] = []
    rows = 0
    for position, text, tags in tagged:
        for t in tags:
            tagged_at[t.principle.number].append((rows, t.score if scores else 1))
        rows += 1
        for t in tags if with_hits else ():
            # Column by column: a frame of every hit holds hundreds of thousands.
            found = t.hits
            count = len(found)
            numbers += itertools.repeat(t.principle.number, count)
            slugs += itertools.repeat(t.principle.slug, count)
            terms += [hit.term.text for hit in found]
            langs += [hit.term.lang or "" for hit in found]
            starts += [hit.start for hit in found]
            ends += [hit.end for hit in found]
            spans += [text[hit.start : hit.end] for hit in found]
            weights += [hit.weight for hit in found]
            positions += itertools.repeat(position, count)
    wide: dict[str, list[float]] = {}
    zero = 0.0 if scores else 0  # one type per column: pandas reads it far faster
    for principle in charter:
        column: list[float] = [zero] * rows
        for row, value in tagged_at[principle.number]:
            column[row] = value
        wide[principle.slug] = column
    return wide, hits, positions


def _frame(
    backend: ModuleType, columns: Mapping[str, list[Any]], schema: dict[str, Any]
) -> nw.DataFrame[Any]:
    """The frame of *columns* and *schema* in *backend*'s library; pandas, which reads a
    list value by value and an array at once, gets the number columns as NumPy arrays."""
    import narwhals.stable.v2 as nw

    data: dict[str, Any] = dict(columns)
    if backend.__name__ == "pandas":
        import numpy as np

        for name, dtype in schema.items():
            if dtype == nw.Int64 or dtype == nw.Float64:
                kind = np.int64 if dtype == nw.Int64 else np.float64
                data[name] = np.array(columns[name], dtype=kind)
    return nw.from_dict(data, schema, backend=backend)


def _build(
    backend: ModuleType,
    index: object,
    wide: dict[str, list[float]],
    hits: dict[str, list[object]] | None,
    positions: list[int],
    scores: bool,
) -> tuple[object, object]:
    """The two frames in the input's library (the long one ``None`` without *hits*)."""
    import narwhals.stable.v2 as nw

    number: nw.dtypes.DType = nw.Float64() if scores else nw.Int64()
    wide_native = _frame(backend, wide, dict.fromkeys(wide, number)).to_native()
    if index is not None:  # pandas: the wide frame has the input's index
        wide_native.index = index.copy()  # type: ignore[attr-defined]
    if hits is None:
        return wide_native, None
    dtypes: dict[str, nw.dtypes.DType] = {"principle": nw.Int64(), "weight": nw.Float64()}
    dtypes |= {"start": nw.Int64(), "end": nw.Int64()}
    long_frame = _frame(backend, hits, {name: dtypes.get(name, nw.String()) for name in hits})
    if index is None:
        document = nw.new_series("document", positions, nw.Int64(), backend=backend)
        return wide_native, long_frame.with_columns(document).select(HIT_COLUMNS).to_native()
    import numpy as np  # pandas: the document column holds the labels

    long_native = long_frame.to_native()
    labels = index.take(np.array(positions, dtype=np.intp))  # type: ignore[attr-defined]
    long_native.insert(0, "document", labels)
    return wide_native, long_native
