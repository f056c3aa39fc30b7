"""Sphinx configuration of the documentation site (see docs/contributing.md).

The pages are Markdown (MyST); the API reference is autodoc's, from the docstrings (Google
style, read by napoleon). ``tests/test_docs.py`` builds the site with warnings as errors and
nitpicky cross-references, as ``sphinx-build -W --keep-going -n docs OUT`` does.
"""

from __future__ import annotations

from pathlib import Path

from docutils.nodes import Element
from sphinx.addnodes import pending_xref
from sphinx.application import Sphinx
from sphinx.pycode import ModuleAnalyzer

import unicancer

project = "unicancer"
author = "The unicancer developers"
copyright = "the unicancer developers (MIT licence); the charter's text is UNICANCER's"
release = unicancer.__version__
version = release

extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
]

source_suffix = {".md": "markdown"}
root_doc = "index"
exclude_patterns = ["_build"]
language = "en"

# Markdown: "(page.md#a-heading)" links need the headings' anchors, "```{note}" admonitions
# are directives; "{include}" brings README's and CHANGELOG's sections in.
myst_heading_anchors = 3
myst_enable_extensions = ["colon_fence"]

# The API reference: members in source order, documented ones only, no private name;
# signatures with type hints, one parameter a line once a signature is longer than this.
autodoc_member_order = "bysource"
autodoc_default_options = {"members": True}
autodoc_typehints = "signature"
autodoc_typehints_format = "short"
autodoc_class_signature = "mixed"
maximum_signature_line_length = 80
python_use_unqualified_type_names = True
napoleon_google_docstring = True
napoleon_numpy_docstring = False
napoleon_use_rtype = False
napoleon_attr_annotations = True

# Docstrings write `name` for a name or a bit of code, as Markdown does: a link where it names
# a documented object, code otherwise (see _code_if_unresolved).
default_role = "py:obj"

# Nitpicky: every reference must resolve, except to the standard library's and the optional
# libraries' names (the build is offline: no intersphinx inventory is fetched).
nitpicky = True
nitpick_ignore_regex = [
    (r"py:class", r"collections\.abc\.\w+"),
    (r"py:class", r"(pd|dd)\.DataFrame"),  # frame.py's annotations, for pandas and Dask
    (r"py:class", r"(pl|pa|pyspark\.sql)\.\w+|PandasSeries"),  # and Polars, Arrow, Spark
    (r"py:class", r"spacy\.[\w.]+"),  # unicancer.spacy's annotations
    (r"py:class", r"(Axes|Figure|os\.PathLike)"),  # Evaluation.plot's, for matplotlib
    # Private type variables and the aliases that exist for type checkers only.
    (r"py:class", r"unicancer\.(\w+\.)*_\w+"),
    (r"py:class", r"(Source|Document)"),
]

html_theme = "furo"  # system fonts: no web font fetched by readers' browsers
html_title = f"unicancer {release}"
html_static_path: list[str] = []
html_show_sourcelink = False
html_copy_source = False
pygments_style = "sphinx"
pygments_dark_style = "monokai"


def _alias_docs(
    app: Sphinx, what: str, name: str, obj: object, options: object, lines: list[str]
) -> None:
    """Give ``unicancer.NAME`` the ``#:`` comment of NAME where a private module defines it.

    autodoc reads such comments from the module a name is documented under (``unicancer``),
    which only re-exports the type aliases; without this, an alias shows its class's docstring.
    """
    module, _, short = name.rpartition(".")
    if what != "data" or module != "unicancer":
        return
    package = Path(unicancer.__file__).parent
    for path in sorted(package.glob("_*.py")):
        docs = ModuleAnalyzer.for_module(f"unicancer.{path.stem}").find_attr_docs()
        if ("", short) in docs:
            lines[:] = [*docs["", short], ""]
            return


def _code_if_unresolved(
    app: Sphinx, env: object, node: pending_xref, contnode: Element
) -> Element | None:
    """Show a `name` of a docstring that names no documented object as code, without a warning.

    Only the default role makes ``py:obj`` references (signatures and fields make ``py:class``
    ones, still checked): the docstrings use it for code as well as for names.
    """
    if node.get("refdomain") == "py" and node.get("reftype") == "obj":
        return contnode
    return None


def setup(app: Sphinx) -> None:
    app.connect("autodoc-process-docstring", _alias_docs)
    app.connect("missing-reference", _code_if_unresolved)
