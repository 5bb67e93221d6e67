"""TEST003: business modules that no test module imports.

A module counts as tested when test code imports it directly, or imports a
package whose ``__init__.py`` (re-)exports it, at any depth of packages.
An import through another plain module does not count: a service that
calls the module is not a test of it. The import graph is the project's
(:func:`pytest_backend_guide.helpers.project_imports`); test files outside
the source roots are added.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import PurePosixPath

from pytest_backend_guide import ProjectContext, Violation
from pytest_backend_guide.checks.testing.suite import Suite
from pytest_backend_guide.checks.testing.testable import has_testable_code
from pytest_backend_guide.helpers import (
    ImportGraph,
    build_import_graph,
    import_scanner,
    project_imports,
)

CODE = "TEST003"
MIGRATIONS = "migrations"


def untested_modules(
    ctx: ProjectContext, suite: Suite, packages: tuple[str, ...]
) -> Iterator[Violation]:
    """Report the business modules that no test code imports.

    Modules with nothing to unit-test are not reported: constants and
    re-exports, enums, settings classes, abstract interfaces, Django
    ``AppConfig``, data classes and models without methods, migrations
    (see :mod:`.testable`).

    Args:
        ctx: The project context.
        suite: The project's test files.
        packages: The ``business-packages`` option.

    Yields:
        One TEST003 per untested module, at its first line.
    """
    if not packages:
        return
    graph = _graph(ctx, suite)
    tested = reached_from(graph, suite.code)
    for name in sorted(graph.modules):
        module = graph.modules[name]
        path = module.path
        if module.is_package or not path.endswith(".py") or name in tested:
            continue
        if path in suite.code or module.is_test:
            continue
        part = business_part(path, packages)
        if part is None or not _defines_code(ctx, path):
            continue
        hint = f"add a test that imports it, such as {suggest(path, part, suite)}"
        message = f"module '{name}' is imported by no test module"
        yield ctx.violation(CODE, path, 1, 1, message, fix_hint=hint)


def reached_from(graph: ImportGraph, test_files: Iterable[str]) -> set[str]:
    """Return the modules that test code imports, directly or via packages.

    Args:
        graph: The import graph, test files included.
        test_files: Paths of the test code, relative to the rootdir.

    Returns:
        Dotted names of the imported modules; imports under
        ``if TYPE_CHECKING:`` do not count.
    """
    targets: dict[str, set[str]] = {}
    for edge in graph.imports:
        if not edge.type_checking:
            targets.setdefault(edge.importer, set()).add(edge.imported)
    pending = [
        name
        for name in (graph.module_for_path(path) for path in test_files)
        if name is not None
    ]
    reached: set[str] = set()
    expanded = set(pending)
    while pending:
        for imported in targets.get(pending.pop(), ()):
            reached.add(imported)
            module = graph.modules.get(imported)
            if module is not None and module.is_package and imported not in expanded:
                expanded.add(imported)
                pending.append(imported)
    return reached


def business_part(path: str, packages: Iterable[str]) -> str | None:
    """Return the business package a file belongs to, if any.

    Args:
        path: The file's path relative to the rootdir.
        packages: Folder or module names (matched at any depth), module
            names only when written with ``.py`` (``service.py``), or paths
            from the rootdir (``app/domain``).

    Returns:
        The matching folder's path (``app/core``), the module's path without
        ``.py`` for a module name (``users/services``), or None.
    """
    folders = path.split("/")[:-1]
    stem = PurePosixPath(path).stem
    for entry in packages:
        entry = entry.strip("/")
        if "/" in entry:
            if path.startswith(entry + "/"):
                return entry
        elif entry.endswith(".py"):  # modules only: a domain may be called so
            if entry == f"{stem}.py":
                return path.removesuffix(".py")
        elif entry in folders:
            return "/".join(folders[: folders.index(entry) + 1])
        elif entry == stem:  # a module per app: users/services.py
            return path.removesuffix(".py")
    return None


def suggest(path: str, part: str, suite: Suite) -> str:
    """Return where a test of a module could go.

    Args:
        path: The module's path (``app/core/orders.py``).
        part: Its business folder (``app/core``).
        suite: The test suite, for the test folder.

    Returns:
        Such as ``tests/core/test_orders.py``.
    """
    below = PurePosixPath(path).relative_to(PurePosixPath(part).parent)
    name = f"test_{below.stem}.py"
    return str(PurePosixPath(suite.home, below.parent, name))


def _graph(ctx: ProjectContext, suite: Suite) -> ImportGraph:
    analysis = project_imports(ctx)
    checked = [f.relpath for f in ctx.files if not f.relpath.startswith("..")]
    extra = suite.code - set(checked)
    if not extra:
        return analysis.graph
    files = sorted(set(checked) | extra)
    return build_import_graph(files, analysis.roots, import_scanner(ctx))


def _defines_code(ctx: ProjectContext, path: str) -> bool:
    if MIGRATIONS in path.split("/")[:-1]:
        return False  # generated, even when exclude-migrations is off
    source = ctx.source(path)
    if source is None:
        return False
    return has_testable_code(source.tree)
