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

import importlib
from typing import TYPE_CHECKING, Any

# Imported now: three functions share their module's name, and a module
# imported later would take the function's place in this namespace. The
# families' registration needs them anyway (options, the imports fact).
from pytest_backend_guide.helpers.backend_package import (
    BackendPackage,
    Detection,
    backend_package,
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

if TYPE_CHECKING:
    from pytest_backend_guide.helpers import casing
    from pytest_backend_guide.helpers.annotations import (
        dependency_aliases,
        documented_inline,
        is_injected,
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

# Where each other public name lives. They are imported on first use (PEP
# 562), as the package's own names are: a family that registers an option
# or a fact does not load every helper (and its dataclasses) on every run.
_HOMES = {
    "build_import_graph": "import_graph",
    "ClassFacts": "function_facts",
    "dependency_aliases": "annotations",
    "docstring_node": "functions",
    "documented_inline": "annotations",
    "dotted_name": "function_facts",
    "FunctionFacts": "function_facts",
    "FunctionNode": "function_facts",
    "Import": "import_graph",
    "ImportGraph": "import_graph",
    "is_dunder": "function_facts",
    "is_injected": "annotations",
    "is_public_name": "function_facts",
    "is_test_module": "functions",
    "Module": "import_graph",
    "module_facts": "functions",
    "module_is_private": "functions",
    "ModuleFacts": "function_facts",
    "name_position": "functions",
    "Parameter": "function_facts",
    "RaisedError": "function_facts",
}
_SUBMODULES = frozenset({"casing"})


def __getattr__(name: str) -> Any:
    """Import a public name from its module on first use (PEP 562).

    Args:
        name: The attribute asked for.

    Returns:
        The public object (or submodule).

    Raises:
        AttributeError: No such public name.
    """
    if name in _SUBMODULES:
        value: Any = importlib.import_module(f"{__name__}.{name}")
    elif name in _HOMES:
        module = importlib.import_module(f"{__name__}.{_HOMES[name]}")
        value = getattr(module, name)
    else:
        msg = f"module {__name__!r} has no attribute {name!r}"
        raise AttributeError(msg)
    globals()[name] = value
    return value


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
