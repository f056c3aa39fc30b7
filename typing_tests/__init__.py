"""Checks of the public API's types, as client code sees them.

Nothing here runs: ``mypy --strict`` and pyright (strict) check these files
(``tests/test_typing.py`` runs both). ``assert_type`` fails the check when an
inferred type differs; an ignore comment that is not needed fails it too, so
each ``# type: ignore`` below proves that a misuse is caught.
"""
