"""Helpers for checker authors: the public facts about code that families share.

Built-in families use these, and so may third-party checkers; like the
names exported by :mod:`pytest_backend_guide`, they are public API.

- :mod:`~pytest_backend_guide.helpers.casing`: case tests and conversions
  of identifiers (``is_snake_case``, ``to_pascal_case``...).
- :func:`module_facts`: the functions and classes of a parsed file, what
  they take, return, raise and how they are decorated, read once from the
  file's shared node index for every checker that asks (:class:`FunctionFacts`,
  :class:`ClassFacts`, :class:`ModuleFacts`).
- :func:`is_test_module`, :func:`module_is_private`: what a path is.
- :func:`dependency_aliases`, :func:`is_injected`, :func:`documented_inline`:
  what a parameter's annotation says (FastAPI ``Depends``, ``Doc``).
- :func:`name_position`, :func:`docstring_node`: where things are in a file.
- :func:`layout_preset`: the project's layout (the guide's tree, Django,
  per-domain), configured or detected, with its layers, required parts and
  business packages (:mod:`~pytest_backend_guide.helpers.layout_preset`).
- :func:`backend_package`: the folder that holds the application's layers,
  configured or detected, found once per session
  (:mod:`~pytest_backend_guide.helpers.backend_package`, with the required
  parts in :mod:`~pytest_backend_guide.helpers.parts`).
- :func:`project_imports`: the project's import graph (:class:`ImportGraph`),
  built once per session from the :data:`IMPORTS` fact of each file; the
  scan of one file is :mod:`~pytest_backend_guide.helpers.import_scan`.

Its submodules are public too. Analyses that several project checks share
are kept with :meth:`ProjectContext.memo`, as these helpers do.
"""

from pytest_backend_guide.helpers import casing
from pytest_backend_guide.helpers.annotations import (
    dependency_aliases,
    documented_inline,
    is_injected,
)
from pytest_backend_guide.helpers.backend_package import (
    BackendPackage,
    Detection,
    backend_package,
)
from pytest_backend_guide.helpers.function_facts import (
    ClassFacts,
    FunctionFacts,
    FunctionNode,
    ModuleFacts,
    Parameter,
    RaisedError,
    dotted_name,
    is_dunder,
    is_public_name,
)
from pytest_backend_guide.helpers.functions import (
    docstring_node,
    is_test_module,
    module_facts,
    module_is_private,
    name_position,
)
from pytest_backend_guide.helpers.import_graph import (
    Import,
    ImportGraph,
    Module,
    build_import_graph,
)
from pytest_backend_guide.helpers.layout_preset import (
    LAYOUTS,
    Preset,
    detect_layout,
    layout_preset,
)
from pytest_backend_guide.helpers.project_imports import (
    IMPORTS,
    ProjectImports,
    import_scanner,
    project_imports,
)

__all__ = [
    "BackendPackage",
    "ClassFacts",
    "Detection",
    "FunctionFacts",
    "FunctionNode",
    "IMPORTS",
    "LAYOUTS",
    "Import",
    "ImportGraph",
    "Module",
    "ModuleFacts",
    "Parameter",
    "Preset",
    "ProjectImports",
    "RaisedError",
    "backend_package",
    "build_import_graph",
    "casing",
    "dependency_aliases",
    "detect_layout",
    "docstring_node",
    "documented_inline",
    "dotted_name",
    "import_scanner",
    "is_dunder",
    "is_injected",
    "is_public_name",
    "is_test_module",
    "layout_preset",
    "module_facts",
    "module_is_private",
    "name_position",
    "project_imports",
]
