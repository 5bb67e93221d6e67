"""The import graph of a project, built once per session and shared.

Several project checks need it: the import layers of the architecture
family, and "a module no test imports" of the testing family.
:func:`project_imports` builds it on the first request for a
:class:`ProjectContext` (through :meth:`ProjectContext.memo`) and hands the
same object to every later caller for that context.

A project check that reads it declares :data:`IMPORTS` in its
``facts``, so that each file's import statements are gathered while the
file stage has the file in hand, and cached with the file's result.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from pytest_backend_guide.helpers.backend_package import Detection, backend_package
from pytest_backend_guide.project import FileFact, ProjectContext
from pytest_backend_guide.source import SourceFile

# The scan and the graph are imported where they are used: declaring the
# fact (every run, to register the checks that read it) needs neither.
if TYPE_CHECKING:
    from pytest_backend_guide.helpers.import_graph import ImportGraph, Scanner
    from pytest_backend_guide.helpers.import_scan import ImportStatement

MEMO_KEY = "helpers.project-imports"


@dataclass(frozen=True)
class ProjectImports:
    """The backend package and the import graph of the checked files.

    Attributes:
        detection: The backend package, or why there is none.
        graph: The import graph of every checked file.
        roots: The import roots the module names are relative to.
    """

    detection: Detection
    graph: ImportGraph
    roots: tuple[str, ...]


def _imports_of(source: SourceFile) -> list[list[Any]]:
    """Return a file's import statements as JSON-compatible lists.

    Args:
        source: The decoded file.

    Returns:
        The statements, as :func:`to_json` gives them.

    Raises:
        SourceError: The statements need a parse, and the file doesn't parse.
    """
    from pytest_backend_guide.helpers.import_scan import scan_source, to_json

    return to_json(scan_source(source))


def _statements(data: list[list[Any]]) -> list[ImportStatement]:
    """Return the statements of a file's fact, as :func:`_imports_of` stored them.

    Args:
        data: The fact's data.

    Returns:
        The statements.

    Raises:
        TypeError: The data is not what :func:`_imports_of` gives.
        ValueError: The data is not what :func:`_imports_of` gives.
    """
    from pytest_backend_guide.helpers.import_scan import from_json

    return from_json(data)


IMPORTS = FileFact("imports", _imports_of, _statements)
"""The import statements of a file, for the import graph."""


def project_imports(ctx: ProjectContext) -> ProjectImports:
    """Return the project's package and import graph, building them once.

    Args:
        ctx: The project context; the result is kept for as long as it lives.

    Returns:
        The package, the graph and its roots.
    """
    return ctx.memo(MEMO_KEY, lambda: _build(ctx))


def import_roots(ctx: ProjectContext, detection: Detection) -> tuple[str, ...]:
    """Return the folders that module names are relative to.

    Args:
        ctx: The project context.
        detection: The backend package, if any.

    Returns:
        The rootdir (``""``), ``src`` when it is a plain folder, and the
        folder the backend package is imported from.
    """
    roots = [""]
    src = ctx.rootdir / "src"
    if os.path.isdir(src) and not os.path.isfile(src / "__init__.py"):
        roots.append("src")
    package = detection.package
    if package is not None and package.import_root not in roots:
        roots.append(package.import_root)
    return tuple(roots)


def _build(ctx: ProjectContext) -> ProjectImports:
    from pytest_backend_guide.helpers.import_graph import build_import_graph

    detection = backend_package(ctx)
    roots = import_roots(ctx, detection)
    files = [found.relpath for found in ctx.files if not found.relpath.startswith("..")]
    graph = build_import_graph(files, roots, import_scanner(ctx))
    return ProjectImports(detection, graph, roots)


def import_scanner(ctx: ProjectContext) -> Scanner:
    """Return the reader of a file's import statements for the graph.

    The statements are the :data:`IMPORTS` fact of each file: computed by
    the file stage or kept from an earlier run while the file is unchanged.

    Args:
        ctx: The project context.

    Returns:
        A function from a path to its statements, None when unreadable.
    """

    def scan(relpath: str) -> list[ImportStatement] | None:
        found, data = ctx.file_fact(IMPORTS, relpath)
        if not found:
            return None
        try:
            return _statements(data)
        except (TypeError, ValueError):  # a damaged fact: read the file again
            return _scan_afresh(ctx, relpath)

    return scan


def _scan_afresh(ctx: ProjectContext, relpath: str) -> list[ImportStatement] | None:
    found, data = ctx.compute_fact(IMPORTS, relpath)
    return _statements(data) if found else None
