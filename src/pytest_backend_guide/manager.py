"""The checker plugin manager and what the loaded checkers declare."""

from __future__ import annotations

import importlib.metadata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

import pluggy

from pytest_backend_guide import hookspecs
from pytest_backend_guide.code_digest import code_roots
from pytest_backend_guide.options import ConfigSection
from pytest_backend_guide.project import FileFact, ProjectCheck
from pytest_backend_guide.registry import Rule, RuleRegistry
from pytest_backend_guide.violation import FileContext, Violation


class CheckerError(Exception):
    """A checker plugin declared something inconsistent."""


@dataclass(frozen=True)
class Checkers:
    """The loaded checker plugins and their declarations.

    Attributes:
        hook: Calls ``guide_check_file`` on the checkers with an enabled rule.
        rules: All declared rules.
        sections: Declared option tables, by name.
        code_roots: The folders (or files) of the checkers' code, this
            package's first, for the cache key (see :mod:`code_digest`).
        project_checks: Declared project-level checks, by name.
        versions: ``name==version`` of each package that provides checkers.
    """

    hook: FileHook
    rules: RuleRegistry
    sections: dict[str, ConfigSection]
    code_roots: tuple[Path, ...]
    project_checks: dict[str, ProjectCheck]
    versions: tuple[str, ...] = ()


class FileHook:
    """The ``guide_check_file`` hook, called on the families it concerns only.

    A checker that declares rules (``guide_rules``) is called for a file
    only when one of its rules is enabled there; a checker that declares
    none is always called. Its violations of disabled rules would be
    dropped anyway, so skipping it changes no result, only saves its work.
    """

    def __init__(
        self, manager: pluggy.PluginManager, declared_by: Mapping[int, frozenset[str]]
    ) -> None:
        """Prepare the callers from the checkers' declarations.

        Args:
            manager: The plugin manager with every checker.
            declared_by: The codes each plugin declares, by ``id(plugin)``.
        """
        self._manager = manager
        self._declared = [
            (impl.plugin, declared_by[id(impl.plugin)])
            for impl in manager.hook.guide_check_file.get_hookimpls()
            if id(impl.plugin) in declared_by
        ]
        self._callers: dict[frozenset[str], Callable[..., list[Any]]] = {}

    def guide_check_file(self, ctx: FileContext) -> list[Iterable[Violation] | None]:
        """Call ``guide_check_file`` of the checkers with a rule enabled in ``ctx``.

        Args:
            ctx: The file and its enabled rules.

        Returns:
            Each called checker's result, in pluggy's order.
        """
        caller = self._callers.get(ctx.enabled)
        if caller is None:
            caller = self._caller_for(ctx.enabled)
        results: list[Iterable[Violation] | None] = caller(ctx=ctx)
        return results

    def _caller_for(self, enabled: frozenset[str]) -> Callable[..., list[Any]]:
        idle = [plugin for plugin, codes in self._declared if codes.isdisjoint(enabled)]
        caller: Callable[..., list[Any]] = self._manager.hook.guide_check_file
        if idle:
            caller = self._manager.subset_hook_caller("guide_check_file", idle)
        self._callers[enabled] = caller
        return caller


class GuidePluginManager(pluggy.PluginManager):
    """A plugin manager that remembers which distributions its checkers came from.

    pluggy's own entry-point loader keeps a distribution per plugin, and
    each ``name`` or ``version`` read of it parses the distribution's whole
    metadata again: some 30 parses for the built-in families alone. This
    one keeps each distribution once.

    Attributes:
        distributions: The distributions that provided loaded checkers, in
            loading order, each once.
    """

    def __init__(self) -> None:
        """Create a manager for :data:`hookspecs.PROJECT_NAME`'s hooks."""
        super().__init__(hookspecs.PROJECT_NAME)
        self.distributions: list[importlib.metadata.Distribution] = []

    def load_checker_entry_points(self) -> None:
        """Register every checker of the ``pytest_backend_guide`` group.

        In the order of :func:`importlib.metadata.entry_points`, as pluggy's
        ``load_setuptools_entrypoints`` does; a name already registered or
        blocked is skipped.
        """
        for entry_point in importlib.metadata.entry_points(
            group=hookspecs.PROJECT_NAME
        ):
            name = entry_point.name
            if self.has_plugin(name) or self.is_blocked(name):
                continue
            self.register(entry_point.load(), name=name)
            dist = entry_point.dist
            known = any(dist is seen for seen in self.distributions)
            if dist is not None and not known:
                self.distributions.append(dist)

    def distribution_versions(self) -> tuple[str, ...]:
        """Return ``name==version`` of each distribution that provided checkers.

        Returns:
            The sorted, distinct pairs.
        """
        pairs = set()
        for dist in self.distributions:
            metadata = dist.metadata  # one parse for both fields
            pairs.add(f"{metadata['Name']}=={metadata['Version']}")
        return tuple(sorted(pairs))


def create_plugin_manager(*, load_entry_points: bool = True) -> GuidePluginManager:
    """Create a plugin manager with our specifications and installed checkers.

    Args:
        load_entry_points: Load every checker registered in the
            ``pytest_backend_guide`` entry-point group (built-ins included).

    Returns:
        The plugin manager.
    """
    manager = GuidePluginManager()
    manager.add_hookspecs(hookspecs)
    if load_entry_points:
        manager.load_checker_entry_points()
    return manager


def load_checkers(manager: pluggy.PluginManager | None = None) -> Checkers:
    """Collect the rules and option tables that the checkers declare.

    Args:
        manager: A prepared plugin manager; a new one with every installed
            checker when not given.

    Returns:
        The checkers and their declarations.

    Raises:
        CheckerError: Two checkers declare the same rule code or table.
    """
    manager = manager or create_plugin_manager()
    registry = RuleRegistry()
    declared_by: dict[int, frozenset[str]] = {}
    # In the order pluggy calls them: the last registered first.
    for impl in reversed(manager.hook.guide_rules.get_hookimpls()):
        rules = cast(Sequence[Rule], impl.function())
        declared_by[id(impl.plugin)] = frozenset(rule.code for rule in rules)
        for rule in rules:
            try:
                registry.add(rule)
            except ValueError as exc:
                raise CheckerError(str(exc)) from None
    sections: dict[str, ConfigSection] = {}
    for declared in manager.hook.guide_config_sections():
        for section in declared:
            if section.name in sections or not section.name:
                msg = f"configuration table {section.name!r} is declared twice"
                raise CheckerError(msg)
            sections[section.name] = section
    project_checks: dict[str, ProjectCheck] = {}
    for declared in manager.hook.guide_project_checks():
        for check in declared:
            if check.name in project_checks:
                msg = f"project check {check.name!r} is declared twice"
                raise CheckerError(msg)
            undeclared = [code for code in check.codes if code not in registry]
            if undeclared:
                name = check.name
                msg = f"project check {name!r} reports undeclared rules {undeclared}"
                raise CheckerError(msg)
            project_checks[check.name] = check
    _check_fact_kinds(project_checks.values())
    host = Path(__file__).parent
    roots = code_roots((plugin for _, plugin in manager.list_name_plugin()), host)
    versions = _versions(manager)
    hook = FileHook(manager, declared_by)
    return Checkers(hook, registry, sections, roots, project_checks, versions)


def _versions(manager: pluggy.PluginManager) -> tuple[str, ...]:
    """Return ``name==version`` of each distribution that provided checkers.

    Args:
        manager: The plugin manager.

    Returns:
        The sorted, distinct pairs.
    """
    if isinstance(manager, GuidePluginManager):
        return manager.distribution_versions()
    return tuple(
        sorted(
            {
                f"{dist.project_name}=={dist.version}"
                for _, dist in manager.list_plugin_distinfo()
            }
        )
    )


def _check_fact_kinds(checks: Iterable[ProjectCheck]) -> None:
    """Refuse two different facts under one kind: one would get the other's data.

    Raises:
        CheckerError: Two project checks declare different facts of one kind.
    """
    seen: dict[str, FileFact] = {}
    for check in checks:
        for fact in check.facts:
            if seen.setdefault(fact.kind, fact) != fact:
                msg = f"file fact {fact.kind!r} is declared twice, differently"
                raise CheckerError(msg)
