"""The project's static import graph: module names, files and import edges.

Nothing is imported or executed. Each file gets a dotted module name from
its path below an import root (``src/app/core/db.py`` under the root
``src`` is ``app.core.db``); each import statement is resolved to the
project module it loads, and imports of anything else (the standard
library, third-party packages) are left out.

The graph is reusable: the import-layer rules (ARCH010-ARCH013) read its
edges, and a rule that looks for modules no test imports reads
:meth:`ImportGraph.importers_of`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property

from pytest_backend_guide.helpers.import_scan import ImportStatement

Scanner = Callable[[str], "list[ImportStatement] | None"]


@dataclass(frozen=True)
class Module:
    """One module of the project.

    Attributes:
        name: Dotted name (``app.core.db``; ``app`` for ``app/__init__.py``).
        path: File path relative to the rootdir; for a namespace package (a
            folder without ``__init__.py``), the folder's path.
        is_package: Whether the module is a package (``__init__.py`` or a
            namespace folder), which decides how relative imports resolve.
    """

    name: str
    path: str
    is_package: bool

    @cached_property
    def is_test(self) -> bool:
        """Return whether the module is test code.

        Returns:
            True for ``conftest.py``, ``tests.py``, ``test_*.py``,
            ``*_test.py``, anything under a ``tests`` folder and under a
            ``test`` folder at the top of the project. A ``test`` folder
            deeper down is often a library (``django.test``), not tests.
        """
        parts = self.path.split("/")
        stem = parts[-1].removesuffix(".py")
        if stem in ("conftest", "tests") or stem.startswith("test_"):
            return True
        if stem.endswith("_test") or "tests" in parts[:-1]:
            return True
        return parts[0] == "test"


@dataclass(frozen=True)
class Import:
    """One import of a project module by another, where it is written.

    Attributes:
        importer: Dotted name of the importing module.
        imported: Dotted name of the imported project module.
        path: File of the importer, relative to the rootdir.
        line: 1-based line of the import statement.
        col: 1-based column of the import statement.
        end_col: Column just after the statement, when on one line.
        type_checking: Whether the import is under ``if TYPE_CHECKING:``.
    """

    importer: str
    imported: str
    path: str
    line: int
    col: int
    end_col: int | None = None
    type_checking: bool = False

    @property
    def where(self) -> str:
        """Return ``path:line`` of the import statement."""
        return f"{self.path}:{self.line}"


@dataclass
class ImportGraph:
    """Modules of the project and the imports between them.

    Attributes:
        modules: Every module by dotted name, namespace packages included.
        imports: Every import of a project module, in file and line order.
        unreadable: Files whose imports could not be read (not parseable).
    """

    modules: dict[str, Module]
    imports: list[Import]
    unreadable: list[str] = field(default_factory=list)
    _by_path: dict[str, str] = field(default_factory=dict, repr=False)
    _by_importer: dict[str, list[Import]] = field(default_factory=dict, repr=False)
    _by_imported: dict[str, list[Import]] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        """Index the modules by file path and the imports by both ends."""
        self._by_path = {module.path: name for name, module in self.modules.items()}
        for edge in self.imports:
            self._by_importer.setdefault(edge.importer, []).append(edge)
            self._by_imported.setdefault(edge.imported, []).append(edge)

    def module_for_path(self, relpath: str) -> str | None:
        """Return the dotted name of the module in a file, if it is one.

        Args:
            relpath: Path relative to the rootdir.

        Returns:
            The module name, or None.
        """
        return self._by_path.get(relpath)

    def imports_of(self, module: str) -> list[Import]:
        """Return the imports written in ``module``, in line order.

        Args:
            module: A dotted module name.

        Returns:
            The imports.
        """
        return list(self._by_importer.get(module, ()))

    def importers_of(self, module: str, *, submodules: bool = False) -> set[str]:
        """Return the modules that import ``module``.

        Args:
            module: A dotted module name.
            submodules: Also count imports of modules below ``module``.

        Returns:
            The importing modules' names.
        """
        targets = [module]
        if submodules:
            prefix = module + "."
            targets += [name for name in self._by_imported if name.startswith(prefix)]
        return {
            edge.importer
            for target in targets
            for edge in self._by_imported.get(target, ())
        }


def adjacency(imports: Iterable[Import]) -> dict[str, dict[str, Import]]:
    """Return, for each module, the modules it imports.

    Args:
        imports: Imports in file and line order, e.g. ``graph.imports``.

    Returns:
        ``{importer: {imported: first import}}``; every imported module is
        a key too. The first import of a pair is the one kept.
    """
    edges: dict[str, dict[str, Import]] = {}
    for edge in imports:
        targets = edges.setdefault(edge.importer, {})
        edges.setdefault(edge.imported, {})
        if edge.imported not in targets:
            targets[edge.imported] = edge
    return edges


def module_name(relpath: str, roots: Sequence[str]) -> str | None:
    """Return the dotted name of a Python file below the deepest import root.

    Args:
        relpath: A ``.py`` path relative to the rootdir, ``/``-separated.
        roots: Import roots relative to the rootdir (``""`` is the rootdir).

    Returns:
        The name (``app.core`` for ``src/app/core/__init__.py`` under
        ``src``), or None when no root holds the file.
    """
    for root in sorted(roots, key=len, reverse=True):
        if not root:
            rest = relpath
        elif relpath.startswith(root + "/"):
            rest = relpath[len(root) + 1 :]
        else:
            continue
        parts = rest[: -len(".py")].split("/")
        if parts[-1] == "__init__":
            parts.pop()
        return ".".join(parts) or None
    return None


def index_modules(files: Iterable[str], roots: Sequence[str]) -> dict[str, Module]:
    """Name every file and the folders that hold them.

    Args:
        files: ``.py`` paths relative to the rootdir.
        roots: Import roots relative to the rootdir.

    Returns:
        The modules by name; a folder without ``__init__.py`` that holds
        modules is a namespace package.
    """
    modules: dict[str, Module] = {}
    for relpath in files:
        name = module_name(relpath, roots)
        if name is None or name in modules:
            continue
        is_package = relpath.endswith("/__init__.py") or relpath == "__init__.py"
        modules[name] = Module(name, relpath, is_package)
    for name, module in list(modules.items()):
        parts = name.split(".")[:-1]
        folder = _dirname(module.path)
        if module.is_package:
            folder = _dirname(folder)
        while parts:
            parent = ".".join(parts)
            if parent in modules:
                break
            modules[parent] = Module(parent, folder, is_package=True)
            folder = _dirname(folder)
            parts.pop()
    return modules


def resolve(
    statement: ImportStatement, importer: Module, modules: dict[str, Module]
) -> list[str]:
    """Return the project modules that one import statement loads.

    ``from a import b`` loads ``a.b`` when that is a module of the project,
    else ``a`` (``b`` is a name defined in ``a``, perhaps re-exported by its
    ``__init__.py``). ``import a.b.c`` loads the deepest of ``a.b.c``,
    ``a.b``, ``a`` that the project has.

    Args:
        statement: The statement.
        importer: The module it is written in.
        modules: The project's modules.

    Returns:
        The loaded modules, without duplicates; empty for imports of
        modules outside the project.
    """
    base = statement.module
    if statement.level:
        package = importer.name if importer.is_package else _parent(importer.name)
        for _ in range(statement.level - 1):
            if not package:
                return []
            package = _parent(package)
        base = ".".join(part for part in (package, statement.module) if part)
    if not statement.is_from:
        found = _deepest(base, modules)
        return [found] if found else []
    targets: list[str] = []
    for name in statement.names:
        candidate = f"{base}.{name}" if base else name
        found = (
            candidate
            if name != "*" and candidate in modules
            else _deepest(base, modules)
        )
        if found and found not in targets:
            targets.append(found)
    return targets


def _dirname(path: str) -> str:
    return path.rsplit("/", 1)[0] if "/" in path else ""


def _parent(name: str) -> str:
    return name.rsplit(".", 1)[0] if "." in name else ""


def _deepest(dotted: str, modules: dict[str, Module]) -> str | None:
    while dotted:
        if dotted in modules:
            return dotted
        dotted = _parent(dotted)
    return None


def build_import_graph(
    files: Iterable[str], roots: Sequence[str], scan: Scanner
) -> ImportGraph:
    """Read every file's imports and resolve them to project modules.

    Args:
        files: ``.py`` paths relative to the rootdir.
        roots: Import roots relative to the rootdir, e.g. ``("", "src")``.
        scan: Returns a file's import statements, or None when it cannot
            be read or parsed; called once per file.

    Returns:
        The graph. Imports of a module by itself are left out.
    """
    paths = list(files)
    modules = index_modules(paths, roots)
    imports: list[Import] = []
    unreadable: list[str] = []
    for relpath in paths:
        name = module_name(relpath, roots)
        if name is None or modules[name].path != relpath:
            continue
        statements = scan(relpath)
        if statements is None:
            unreadable.append(relpath)
            continue
        importer = modules[name]
        for statement in statements:
            for target in resolve(statement, importer, modules):
                if target != name:
                    imports.append(
                        Import(
                            name,
                            target,
                            relpath,
                            statement.line,
                            statement.col,
                            statement.end_col,
                            statement.type_checking,
                        )
                    )
    return ImportGraph(modules, imports, unreadable)
