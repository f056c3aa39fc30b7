"""The charter, its records and lookups."""

from __future__ import annotations

from typing import Literal

import unicancer
from unicancer import Charter, Mission, MissionId, Principle, charter

from ._compat import assert_type

assert_type(charter, Charter)
assert_type(charter.version, str)
assert_type(charter.digest, str)
assert_type(charter.title, str)
assert_type(charter.preamble, tuple[str, ...])
assert_type(charter.missions, tuple[Mission, ...])
assert_type(charter.principles, tuple[Principle, ...])
assert_type(len(charter), int)
assert_type(7 in charter, bool)

# Lookups.
assert_type(charter.principle(7), Principle)
assert_type(charter.principle("patient-partnership"), Principle)
assert_type(charter.get(7), Principle | None)
assert_type(charter.get("equal-access", None), Principle | None)
assert_type(charter.get(42, 0), Principle | int)
assert_type(charter.get(42, default="none"), Principle | str)
assert_type(charter.mission("care"), Mission)
assert_type(charter.search("qualité"), tuple[Principle, ...])
assert_type(charter.search("quality", lang="en"), tuple[Principle, ...])
assert_type(charter.principles_for("care"), tuple[Principle, ...])
assert_type(charter.principles_for(charter.mission("care")), tuple[Principle, ...])

for p in charter:
    assert_type(p, Principle)
    assert_type(p.number, int)
    assert_type(p.slug, str)
    assert_type(p.title_in("en"), str)
    assert_type(p.text_in("fr"), str)
    assert_type(p.missions, tuple[MissionId, ...])
    assert_type(p.missions, tuple[Literal["care", "research", "teaching"], ...])
    assert_type(p.keywords_in("fr"), tuple[str, ...])

m = charter.missions[0]
assert_type(m.id, MissionId)
assert_type(m.label_en, str)

# Loading and serialising.
assert_type(unicancer.loads("{}"), Charter)
assert_type(unicancer.load("charter.json"), Charter)
assert_type(unicancer.dumps(charter), str)
assert_type(unicancer.unstructure(charter), dict[str, object])

# Errors keep their builtin bases.
error: LookupError = unicancer.NotFoundError("principle", 11, "1 to 10")
value_error: ValueError = unicancer.CharterDataError([("title", "missing")])
assert_type(unicancer.CharterDataError([]).problems, tuple[tuple[str, str], ...])

# Misuses that a type checker catches.
charter.principle(7.0)  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
charter.search("x", lang="de")  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
p0 = charter.principles[0]
p0.slug = "x"  # type: ignore[misc]  # pyright: ignore[reportAttributeAccessIssue]
p0.title_in("de")  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
