"""The submodules, reached as attributes of the package (no `import unicancer.export`)."""

from __future__ import annotations

import pandas as pd

import unicancer

from ._compat import assert_type

assert_type(unicancer.export.dump(unicancer.charter, "json"), str)
assert_type(unicancer.export.FORMATS, tuple[unicancer.export.Format, ...])
df: pd.DataFrame = pd.DataFrame({"text": ["Un comité de patients."]})
wide, hits = unicancer.frame.tag_frame(df, "text")
assert_type(wide, pd.DataFrame)

# The charter is iterable and sized, not indexed by position: `principle(n)` is the lookup.
assert_type(len(unicancer.charter), int)
assert_type(list(unicancer.charter), list[unicancer.Principle])
assert_type(unicancer.charter.principle(6), unicancer.Principle)
unicancer.charter[6]  # type: ignore[index]  # pyright: ignore[reportIndexIssue]

# Misuses that a type checker catches.
unicancer.export.dump(unicancer.charter, "pdf")  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
