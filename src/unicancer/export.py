"""The charter in other formats: JSON, JSON Schema, CSV, Markdown and SKOS.

Every function returns text; write it where you like, or use the command
``unicancer export --format FORMAT``.

>>> from unicancer import charter, export
>>> export.to_csv(charter).splitlines()[0]
'number,slug,title,title_en,text,text_en,missions,keywords,keywords_en'
>>> export.dump(charter, "markdown", lang="en").splitlines()[0]
'# The UNICANCER Charter'
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from typing import Final, Literal, get_args
from urllib.parse import quote

from ._errors import InvalidValueError
from ._loading import dumps
from ._model import Charter, Lang, Mission, Principle
from ._schema import BASE_IRI, SCHEMA_ID, json_schema, to_schema

__all__ = [
    "BASE_IRI",
    "CSV_COLUMNS",
    "CSV_SEPARATOR",
    "FORMATS",
    "SCHEMA_ID",
    "Format",
    "dump",
    "json_schema",
    "mission_iri",
    "principle_iri",
    "to_csv",
    "to_json",
    "to_markdown",
    "to_schema",
    "to_skos",
]

#: The name of an export format.
Format = Literal["json", "schema", "csv", "markdown", "skos"]
#: Every export format, in the order the command line lists them.
FORMATS: Final[tuple[Format, ...]] = get_args(Format)


#: The columns of the CSV export, in order.
CSV_COLUMNS: Final[tuple[str, ...]] = (
    "number",
    "slug",
    "title",
    "title_en",
    "text",
    "text_en",
    "missions",
    "keywords",
    "keywords_en",
)
#: How the CSV export joins the items of a list in one cell.
CSV_SEPARATOR: Final[str] = "; "


def dump(charter: Charter, format: Format, *, lang: Lang = "fr") -> str:
    """Return *charter* as text in *format* (one of `FORMATS`).

    *lang* selects the language of the ``"markdown"`` export; the other
    formats hold both languages.

    Raises:
        InvalidValueError: *format* or *lang* is not a known one (also a
            `ValueError`).

    >>> from unicancer import charter, export
    >>> export.dump(charter, "skos").startswith("@prefix")
    True
    >>> export.dump(charter, "pdf")
    Traceback (most recent call last):
    ...
    unicancer.InvalidValueError: unknown export format 'pdf'; expected one of json, schema, ...
    """
    if lang not in ("fr", "en"):
        raise InvalidValueError(f"unknown language {lang!r}; expected 'fr' or 'en'")
    if format == "json":
        return to_json(charter)
    if format == "schema":
        return to_schema()
    if format == "csv":
        return to_csv(charter)
    if format == "markdown":
        return to_markdown(charter, lang=lang)
    if format == "skos":
        return to_skos(charter)
    raise InvalidValueError(
        f"unknown export format {format!r}; expected one of {', '.join(FORMATS)}"
    )


# --- JSON ---------------------------------------------------------------------------------------


def to_json(charter: Charter) -> str:
    """Return the canonical JSON document of *charter*, as `unicancer.dumps` does.

    `unicancer.loads` reads it back equal.

    >>> import unicancer
    >>> from unicancer import charter, export
    >>> unicancer.loads(export.to_json(charter)) == charter
    True
    """
    return dumps(charter)


# --- CSV ----------------------------------------------------------------------------------------


def _joined(items: tuple[str, ...], where: str) -> str:
    for item in items:
        if CSV_SEPARATOR.strip() in item:
            raise InvalidValueError(
                f"cannot export {where} to CSV: {item!r} contains the separator "
                f"{CSV_SEPARATOR.strip()!r}"
            )
    return CSV_SEPARATOR.join(items)


def to_csv(charter: Charter, *, bom: bool = False) -> str:
    """Return *charter*'s principles as CSV text, one row per principle.

    The columns are `CSV_COLUMNS`; lists (missions, keywords) are joined
    with `CSV_SEPARATOR`. Rows end with CRLF and fields are quoted when
    needed, as RFC 4180 says. Encode the text as UTF-8; with *bom*, it
    starts with a byte order mark (U+FEFF), which spreadsheet programs such
    as Excel need to read UTF-8, but which most other programs keep as part
    of the first column's name.

    Raises:
        InvalidValueError: A keyword contains the separator's ``;``.

    >>> import csv, io
    >>> from unicancer import charter, export
    >>> rows = list(csv.DictReader(io.StringIO(export.to_csv(charter), newline="")))
    >>> rows[6]["slug"], rows[6]["missions"]
    ('patient-partnership', 'care')
    """
    out = io.StringIO(newline="")
    if bom:
        out.write("\ufeff")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for p in charter.principles:
        where = f"principle {p.number}"
        writer.writerow(
            (
                p.number,
                p.slug,
                p.title,
                p.title_en,
                p.text,
                p.text_en,
                _joined(p.missions, where),
                _joined(p.keywords, where),
                _joined(p.keywords_en, where),
            )
        )
    return out.getvalue()


# --- Markdown -----------------------------------------------------------------------------------

_MARKDOWN_LABELS: Final[dict[str, dict[str, str]]] = {
    "fr": {"missions": "Missions", "data": "Données de la charte, version", "colon": " :"},
    "en": {"missions": "Missions", "data": "Charter data version", "colon": ":"},
}
_INLINE = str.maketrans({c: "\\" + c for c in "\\`*_[]"} | {"<": "&lt;", "&": "&amp;"})
_BLOCK_START = re.compile(r"[#>+-]|\d+\.")


def _inline(text: str) -> str:
    """Escape *text* so that Markdown shows it as it is, within a line."""
    escaped = text.translate(_INLINE)
    if escaped.endswith("#"):  # would close a heading
        escaped = escaped[:-1] + "\\#"
    return escaped


def _block(text: str) -> str:
    """Escape *text* so that Markdown shows it as it is, at the start of a line."""
    escaped = _inline(text)
    match = _BLOCK_START.match(escaped)
    if match:  # would start a heading, a quote, a list...
        end = match.end()
        escaped = escaped[: end - 1] + "\\" + escaped[end - 1 :]
    return escaped


def to_markdown(charter: Charter, *, lang: Lang = "fr") -> str:
    """Return *charter* as a Markdown document in *lang*.

    The English document starts with the notice that its translation is
    unofficial.

    >>> from unicancer import charter, export
    >>> print(export.to_markdown(charter, lang="en"))
    # The UNICANCER Charter
    <BLANKLINE>
    > The English texts are an unofficial translation ...
    ...
    ### 7. The patient as partner
    ...
    """
    en = lang == "en"
    labels = _MARKDOWN_LABELS[lang]
    lines = [f"# {_inline(charter.title_en if en else charter.title)}", ""]
    if en:
        lines += [f"> {_block(charter.translation_notice)}", ""]
    for paragraph in charter.preamble_en if en else charter.preamble:
        lines += [_block(paragraph), ""]
    lines += [f"- {_block(m.label_en if en else m.text)}" for m in charter.missions]
    lines += ["", _block(charter.foundations_en if en else charter.foundations), ""]
    lines += [f"## {_inline(charter.principles_heading_en if en else charter.principles_heading)}"]
    for p in charter.principles:
        missions = ", ".join(
            _inline(m.label_in(lang)) for m in charter.missions if m.id in p.missions
        )
        lines += ["", f"### {p.number}. {_inline(p.title_in(lang))}", "", _block(p.text_in(lang))]
        lines += ["", f"*{labels['missions']}{labels['colon']} {missions}*"]
    lines += ["", "---", "", f"{labels['data']} {_inline(charter.version)}."]
    return "\n".join(lines) + "\n"


# --- SKOS ---------------------------------------------------------------------------------------

_PREFIXES: Final[dict[str, str]] = {
    "owl": "http://www.w3.org/2002/07/owl#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
}
# Turtle string escapes (ECHAR); other control characters are written as \uXXXX.
_ECHAR = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}
_TURTLE_STRING = str.maketrans({chr(c): f"\\u{c:04X}" for c in (*range(0x20), 0x7F)} | _ECHAR)


def _literal(text: str, lang: str | None = None) -> str:
    """A Turtle string literal of *text*, with a language tag if *lang*."""
    quoted = '"' + text.translate(_TURTLE_STRING) + '"'
    return f"{quoted}@{lang}" if lang else quoted


def principle_iri(principle: Principle) -> str:
    """The IRI of *principle*'s concept in the SKOS export: `BASE_IRI` + ``principle/SLUG``."""
    return f"{BASE_IRI}principle/{quote(principle.slug, safe='')}"


def mission_iri(mission: Mission) -> str:
    """The IRI of *mission*'s collection in the SKOS export: `BASE_IRI` + ``mission/ID``."""
    return f"{BASE_IRI}mission/{quote(mission.id, safe='')}"


def _statements(subject: str, pairs: list[tuple[str, list[str]]]) -> Iterator[str]:
    yield subject
    for index, (predicate, objects) in enumerate(pairs):
        end = " ." if index == len(pairs) - 1 else " ;"
        yield f"    {predicate} " + ",\n        ".join(objects) + end
    yield ""


def _labels(predicate: str, fr: str, en: str) -> tuple[str, list[str]]:
    return predicate, [_literal(fr, "fr"), _literal(en, "en")]


def to_skos(charter: Charter) -> str:
    """Return *charter* as a SKOS concept scheme, in Turtle.

    The scheme is `BASE_IRI`; each principle is a ``skos:Concept``
    (`principle_iri`) with its number as ``skos:notation``, its title as
    ``skos:prefLabel``, its text as ``skos:definition`` and its keywords as
    ``skos:altLabel``, in French (``@fr``) and English (``@en``). Each
    mission is a ``skos:Collection`` (`mission_iri`) of the principles that
    serve it. Load it with rdflib (``pip install unicancer[rdf]``) or any
    RDF tool.

    >>> from unicancer import charter, export
    >>> print(export.to_skos(charter))
    @prefix ...
    <https://w3id.org/unicancer/charter/principle/patient-partnership>
        a skos:Concept ;
        skos:notation 7 ;
        skos:prefLabel "Culture du patient partenaire"@fr,
            "The patient as partner"@en ;
    ...
    """
    lines = [f"@prefix {name}: <{iri}> ." for name, iri in _PREFIXES.items()]
    lines.append("")
    scheme = f"<{BASE_IRI}>"
    concepts = [f"<{principle_iri(p)}>" for p in charter.principles]
    lines += _statements(
        scheme,
        [
            ("a", ["skos:ConceptScheme"]),
            _labels("skos:prefLabel", charter.title, charter.title_en),
            _labels("skos:definition", charter.foundations, charter.foundations_en),
            ("skos:editorialNote", [_literal(charter.translation_notice, "en")]),
            ("owl:versionInfo", [_literal(charter.version)]),
            ("skos:hasTopConcept", concepts),
        ],
    )
    for p in charter.principles:
        lines += _statements(
            f"<{principle_iri(p)}>",
            [
                ("a", ["skos:Concept"]),
                ("skos:notation", [str(p.number)]),
                _labels("skos:prefLabel", p.title, p.title_en),
                _labels("skos:definition", p.text, p.text_en),
                (
                    "skos:altLabel",
                    [_literal(k, "fr") for k in p.keywords]
                    + [_literal(k, "en") for k in p.keywords_en],
                ),
                ("skos:inScheme", [scheme]),
                ("skos:topConceptOf", [scheme]),
            ],
        )
    for m in charter.missions:
        members = [f"<{principle_iri(p)}>" for p in charter.principles_for(m)]
        pairs = [
            ("a", ["skos:Collection"]),
            ("skos:notation", [_literal(m.id)]),
            _labels("skos:prefLabel", m.label, m.label_en),
        ]
        if members:
            pairs.append(("skos:member", members))
        lines += _statements(f"<{mission_iri(m)}>", pairs)
    return "\n".join(lines)
