"""Hypothesis strategies shared by the property tests."""

from __future__ import annotations

from hypothesis import strategies as st

#: A set of principle numbers: a passage's labels, or a tagger's answer.
principle_sets = st.frozensets(st.integers(min_value=1, max_value=10), max_size=4)

#: A gold set with a tagger's answers: ``(labels, predicted)`` per passage, at least one.
labelled_predictions = st.lists(st.tuples(principle_sets, principle_sets), min_size=1, max_size=30)
