"""The exports."""

from __future__ import annotations

from unicancer import charter, export

from ._compat import assert_type

assert_type(export.FORMATS, tuple[export.Format, ...])
for format in export.FORMATS:
    assert_type(export.dump(charter, format), str)
assert_type(export.dump(charter, "markdown", lang="en"), str)
assert_type(export.to_json(charter), str)
assert_type(export.json_schema(), dict[str, object])
assert_type(export.to_schema(), str)
assert_type(export.to_csv(charter, bom=True), str)
assert_type(export.to_markdown(charter, lang="fr"), str)
assert_type(export.to_skos(charter), str)
assert_type(export.principle_iri(charter.principle(1)), str)
assert_type(export.CSV_COLUMNS, tuple[str, ...])

# Misuses that a type checker catches.
export.dump(charter, "pdf")  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
export.dump(charter, "csv", lang="de")  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
export.to_csv(charter, True)  # type: ignore[call-arg]  # pyright: ignore[reportCallIssue]
