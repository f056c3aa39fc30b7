"""The submodules, reached as attributes of the package (no `import unicancer.export`)."""

from __future__ import annotations

import pandas as pd
from matplotlib.figure import Figure

import unicancer

from ._compat import assert_type

assert_type(unicancer.export.dump(unicancer.charter, "json"), str)
assert_type(unicancer.export.FORMATS, tuple[unicancer.export.Format, ...])
df: pd.DataFrame = pd.DataFrame({"text": ["Un comité de patients."]})
wide, hits = unicancer.frame.tag_frame(df, "text")
assert_type(wide, pd.DataFrame)
assert_type(unicancer.render.render(["Un comité de patients."], lang="en"), str)
tags = unicancer.tag("Un comité de patients.")
assert_type(unicancer.render.render_tags("Un comité de patients.", tags, label="a.txt"), str)
assert_type(unicancer.evaluate([("Un comité de patients.", [7])]).plot(kind="matrix"), Figure)

# The charter is iterable and sized, not indexed by position: `principle(n)` is the lookup.
assert_type(len(unicancer.charter), int)
assert_type(list(unicancer.charter), list[unicancer.Principle])
assert_type(unicancer.charter.principle(6), unicancer.Principle)
unicancer.charter[6]  # type: ignore[index]  # pyright: ignore[reportIndexIssue]

# Misuses that a type checker catches.
unicancer.export.dump(unicancer.charter, "pdf")  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
unicancer.evaluate([("x", [7])]).plot(kind="pie")  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
