"""Layer contracts: which module of the package may import which.

The layer of a module is the first path component under the backend
package (``app.core.db`` is in ``core``), or the longest dotted layer name
that prefixes it. A module may import its own layer and the layers below
it; modules in no layer (``app.schemas``) are unconstrained. ``allow``
entries make exceptions to the order and to ``forbid``; ``forbid`` entries
add forbidden imports. Imports of the entry point (``main``) and of tests
have rules of their own.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from pytest_backend_guide.checks.architecture.config import TABLE, ArchConfig
from pytest_backend_guide.checks.architecture.patterns import EdgeRule
from pytest_backend_guide.helpers.import_graph import Import, Module

LAYER_VIOLATION = "ARCH010"
IMPORTS_ENTRY_POINT = "ARCH012"
IMPORTS_TESTS = "ARCH013"
ENTRY_POINT = "main"


@dataclass(frozen=True)
class Finding:
    """A forbidden import, before it becomes a violation.

    Attributes:
        code: The rule code.
        where: The import, in the importing file (the first hop of a chain).
        message: What is wrong.
        fix_hint: How to fix it.
    """

    code: str
    where: Import
    message: str
    fix_hint: str


@dataclass(frozen=True)
class LayerPolicy:
    """The layer order and the extra rules of one backend package.

    Attributes:
        package: Dotted name of the backend package (``""``: the rootdir).
        layers: Layer names from top to bottom.
        allow: Extra allowed imports.
        forbid: Extra forbidden imports.
        cross_cutting: Names of modules (or packages) that every layer may
            import, wherever they live: ``core.config``, ``core.settings.base``.
        entry_points: Names of command-line modules (``cli``), and dotted
            modules that ``[project.scripts]`` names; they may import main.
        per_app: Layers are named inside each app or domain: a module's
            layer is the last part of its name that is a layer
            (``users.services``, ``incident.service``).
    """

    package: str
    layers: tuple[str, ...]
    allow: tuple[EdgeRule, ...] = ()
    forbid: tuple[EdgeRule, ...] = ()
    cross_cutting: frozenset[str] = frozenset()
    entry_points: frozenset[str] = frozenset()
    per_app: bool = False
    _layer_cache: dict[str, int | None] = field(
        default_factory=dict, compare=False, repr=False
    )

    @classmethod
    def from_config(
        cls, package: str, config: ArchConfig, scripts: Iterable[str] = ()
    ) -> LayerPolicy:
        """Build the policy of a package from the architecture options.

        Args:
            package: Dotted name of the backend package.
            config: The options.
            scripts: Dotted modules of the project's console scripts.

        Returns:
            The policy.
        """
        return cls(
            package,
            config.layers,
            config.allow,
            config.forbid,
            frozenset(config.cross_cutting),
            frozenset(config.entry_points) | frozenset(scripts),
            config.per_app,
        )

    def is_cross_cutting(self, module: str) -> bool:
        """Return whether a module is configuration or a cross-cutting concern.

        Args:
            module: A dotted module name.

        Returns:
            True when a part of its name below the package (``config`` of
            ``app.core.config``, ``settings`` of ``app.core.settings.base``)
            is a cross-cutting name.
        """
        relative = self.relative(module)
        if not relative:
            return False
        return not self.cross_cutting.isdisjoint(relative.split("."))

    def is_command_line(self, module: str) -> bool:
        """Return whether a module is a command-line entry point.

        Args:
            module: A dotted module name.

        Returns:
            True for a module whose last name is an entry-point name
            (``app.cli``, ``app.__main__``) or inside such a package, and for
            a module that ``[project.scripts]`` names.
        """
        if module in self.entry_points:
            return True
        return not self.entry_points.isdisjoint(module.split("."))

    def relative(self, module: str) -> str | None:
        """Return a module's name below the package, or None outside it.

        Args:
            module: A dotted module name.

        Returns:
            ``core.db`` for ``app.core.db``; ``""`` for the package itself.
        """
        if not self.package:
            return module
        if module == self.package:
            return ""
        if module.startswith(self.package + "."):
            return module[len(self.package) + 1 :]
        return None

    def layer_of(self, module: str) -> int | None:
        """Return the index of a module's layer (0 is the top), if it has one.

        Args:
            module: A dotted module name.

        Returns:
            The index, or None for modules in no layer.
        """
        if module not in self._layer_cache:
            self._layer_cache[module] = self._find_layer(module)
        return self._layer_cache[module]

    def _find_layer(self, module: str) -> int | None:
        relative = self.relative(module)
        if not relative:
            return None
        if self.per_app:
            scope = self.layer_scope(module)
            return None if scope is None else self.layers.index(scope[1])
        best: int | None = None
        for position, layer in enumerate(self.layers):
            inside = relative == layer or relative.startswith(layer + ".")
            if inside and (best is None or len(layer) > len(self.layers[best])):
                best = position
        return best

    def layer_scope(self, module: str) -> tuple[str, str] | None:
        """Return, in per-app mode, where a module's layer is named.

        Args:
            module: A dotted module name.

        Returns:
            The dotted name up to the part that names the layer
            (``shop.users.services`` for ``shop.users.services.mail``) and
            that layer; None when no part is a layer.
        """
        parts = module.split(".")
        first = len(parts) - len((self.relative(module) or "").split("."))
        for index in range(len(parts) - 1, first - 1, -1):
            if parts[index] in self.layers:
                return ".".join(parts[: index + 1]), parts[index]
        return None

    def same_folder(self, importer: str, imported: str) -> bool:
        """Return whether, per app, the importer sits in the imported's layer folder.

        ``feedback.service.models`` importing ``feedback.service.enums``
        (a domain package that happens to be called ``service``) is one
        folder talking to itself, not a layer importing another.

        Args:
            importer: The importing module.
            imported: The imported module.

        Returns:
            True in per-app mode when the importer is below the folder
            that names the imported module's layer.
        """
        if not self.per_app:
            return False
        scope = self.layer_scope(imported)
        return scope is not None and importer.startswith(scope[0] + ".")

    def is_entry_point(self, module: str) -> bool:
        """Return whether a module is the application's entry point.

        Args:
            module: A dotted module name.

        Returns:
            True for the package's ``main`` (and modules below it) and for a
            top-level ``main`` module beside the package.
        """
        relative = self.relative(module)
        if relative is not None:
            return relative == ENTRY_POINT or relative.startswith(ENTRY_POINT + ".")
        return module == ENTRY_POINT

    def matches(self, rule: EdgeRule, importer: str, imported: str) -> bool:
        """Return whether an edge rule covers an import.

        Patterns match dotted names below the package (``core.db``) or
        full names (``app.core.db``).

        Args:
            rule: The rule.
            importer: The importing module.
            imported: The imported module.

        Returns:
            Whether both sides match.
        """
        return self._matches(rule.importer.matches, importer) and self._matches(
            rule.imported.matches, imported
        )

    def _matches(self, test: Callable[[str], bool], module: str) -> bool:
        if test(module):
            return True
        relative = self.relative(module)
        return bool(relative) and relative != module and test(relative or "")

    def allowed(self, importer: str, imported: str) -> bool:
        """Return whether an ``allow`` entry covers the import.

        Args:
            importer: The importing module.
            imported: The imported module.

        Returns:
            Whether it is explicitly allowed.
        """
        return any(self.matches(rule, importer, imported) for rule in self.allow)

    def forbidding(self, importer: str, imported: str) -> EdgeRule | None:
        """Return the ``forbid`` entry that covers the import, if any.

        Args:
            importer: The importing module.
            imported: The imported module.

        Returns:
            The first matching entry, or None.
        """
        for rule in self.forbid:
            if self.matches(rule, importer, imported):
                return rule
        return None

    def short(self, module: str) -> str:
        """Return a module's name below the package, or its full name."""
        return self.relative(module) or module


def direct_findings(
    imports: Iterable[Import], modules: Mapping[str, Module], policy: LayerPolicy
) -> list[Finding]:
    """Check every import against the layers, ``forbid``, main and tests.

    Test modules may import anything. An import of the entry point is
    reported as ARCH012 and one of a test module as ARCH013, never also as
    ARCH010.

    Args:
        imports: The imports to check.
        modules: The project's modules.
        policy: The package's layer policy.

    Returns:
        The findings, in the order of the imports.
    """
    findings = []
    for edge in imports:
        importer = modules[edge.importer]
        if importer.is_test:
            continue
        inside = policy.relative(edge.importer) is not None
        if modules[edge.imported].is_test:
            if inside:
                findings.append(_test_finding(edge))
            continue
        if not inside:
            continue
        if is_entry_module(edge.imported, modules, policy):
            exempt = (
                policy.is_entry_point(edge.importer)
                or _is_dunder_main(edge.importer)
                or policy.is_command_line(edge.importer)
            )
            if not exempt:
                findings.append(_entry_point_finding(edge))
            continue
        finding = layer_finding(edge, policy)
        if finding is not None:
            findings.append(finding)
    return findings


def is_entry_module(
    name: str, modules: Mapping[str, Module], policy: LayerPolicy
) -> bool:
    """Return whether a module is the entry point, judged on the real tree.

    The entry point is a ``main.py`` module. A ``main/`` package is an
    ordinary package: Flask projects name their main blueprint ``app/main/``
    (``from app.main import bp``), and that is not the application's start.

    Args:
        name: A dotted module name.
        modules: The project's modules.
        policy: The package's layer policy.

    Returns:
        True for the ``main`` module, never for a ``main`` package or
        modules below it.
    """
    if not policy.is_entry_point(name):
        return False
    head = name
    while head and head.rsplit(".", 1)[-1] != ENTRY_POINT:
        head = head.rpartition(".")[0]
    module = modules.get(head)
    return module is None or not module.is_package


def layer_finding(edge: Import, policy: LayerPolicy) -> Finding | None:
    """Return the ARCH010 finding of one direct import, if it breaks a rule.

    Args:
        edge: The import.
        policy: The package's layer policy.

    Returns:
        The finding, or None when the import is fine.
    """
    importer, imported = edge.importer, edge.imported
    if policy.allowed(importer, imported):
        return None
    rule = policy.forbidding(importer, imported)
    if rule is not None:
        message = f"'{importer}' may not import '{imported}' (forbid: '{rule.text}')"
        hint = f"remove the import, or narrow the forbid entry in [{TABLE}]"
        return Finding(LAYER_VIOLATION, edge, message, hint)
    if policy.is_cross_cutting(imported) or policy.is_command_line(importer):
        return None  # settings and loggers sit below every layer; a CLI on top
    if policy.same_folder(importer, imported):
        return None
    low, high = policy.layer_of(importer), policy.layer_of(imported)
    if low is None or high is None or high >= low:
        return None
    lower, upper = policy.layers[low], policy.layers[high]
    message = f"'{lower}' may not import '{upper}' ('{imported}')"
    pair = f"{policy.short(importer)} -> {policy.short(imported)}"
    hint = (
        f"'{lower}' is below '{upper}': move what both need into a layer below "
        f"'{lower}', or add \"{pair}\" to allow in [{TABLE}]"
    )
    return Finding(LAYER_VIOLATION, edge, message, hint)


def _test_finding(edge: Import) -> Finding:
    message = (
        f"production module '{edge.importer}' imports test module '{edge.imported}'"
    )
    hint = "move what both need out of the tests into the package (e.g. utils)"
    return Finding(IMPORTS_TESTS, edge, message, hint)


def _entry_point_finding(edge: Import) -> Finding:
    message = f"'{edge.importer}' imports the entry point '{edge.imported}'"
    hint = (
        "only tests may import main: move what is needed into a lower layer "
        "(core, config) and import it from there"
    )
    return Finding(IMPORTS_ENTRY_POINT, edge, message, hint)


def _is_dunder_main(module: str) -> bool:
    return module == "__main__" or module.endswith(".__main__")
