"""The spaCy component, as a pipeline's code sees it."""

from __future__ import annotations

import spacy

from unicancer import Tagger
from unicancer.spacy import SPANS_KEY, UnicancerComponent, make_component

from ._compat import assert_type

nlp = spacy.blank("fr")
component = make_component(nlp, "unicancer", 0.5, {"patient-partnership": 0.8}, ["fr"], SPANS_KEY)
assert_type(component, UnicancerComponent)
assert_type(component.tagger, Tagger)
assert_type(component.spans_key, str)
doc = component(nlp("Un comité de patients."))
assert_type(doc.cats, dict[str, float])

# Misuses that a type checker catches.
UnicancerComponent(Tagger(), spans_key=None)  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
