"""The checker plugin manager and what the loaded checkers declare."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pluggy

from pytest_backend_guide import hookspecs
from pytest_backend_guide.code_digest import code_roots
from pytest_backend_guide.options import ConfigSection
from pytest_backend_guide.project import FileFact, ProjectCheck
from pytest_backend_guide.registry import RuleRegistry


class CheckerError(Exception):
    """A checker plugin declared something inconsistent."""


@dataclass(frozen=True)
class Checkers:
    """The loaded checker plugins and their declarations.

    Attributes:
        hook: The hook relay used to call every checker.
        rules: All declared rules.
        sections: Declared option tables, by name.
        code_roots: The folders (or files) of the checkers' code, this
            package's first, for the cache key (see :mod:`code_digest`).
        project_checks: Declared project-level checks, by name.
        versions: ``name==version`` of each package that provides checkers.
    """

    hook: pluggy.HookRelay
    rules: RuleRegistry
    sections: dict[str, ConfigSection]
    code_roots: tuple[Path, ...]
    project_checks: dict[str, ProjectCheck]
    versions: tuple[str, ...] = ()


def create_plugin_manager(*, load_entry_points: bool = True) -> pluggy.PluginManager:
    """Create a plugin manager with our specifications and installed checkers.

    Args:
        load_entry_points: Load every checker registered in the
            ``pytest_backend_guide`` entry-point group (built-ins included).

    Returns:
        The plugin manager.
    """
    manager = pluggy.PluginManager(hookspecs.PROJECT_NAME)
    manager.add_hookspecs(hookspecs)
    if load_entry_points:
        manager.load_setuptools_entrypoints(hookspecs.PROJECT_NAME)
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
    for rules in manager.hook.guide_rules():
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
    versions = tuple(
        sorted(
            {
                f"{dist.project_name}=={dist.version}"
                for _, dist in manager.list_plugin_distinfo()
            }
        )
    )
    return Checkers(manager.hook, registry, sections, roots, project_checks, versions)


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
