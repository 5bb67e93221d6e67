"""Module-level names, judged from all their bindings (NAME005, NAME006)."""

from __future__ import annotations

from collections.abc import Iterable

from pytest_backend_guide.checks.naming.bindings import Branch, Site
from pytest_backend_guide.checks.naming.judge import Judge
from pytest_backend_guide.checks.naming.predicates import (
    is_final,
    is_literal,
    is_short,
    may_be_class,
)
from pytest_backend_guide.checks.naming.vocabulary import (
    ASSIGN,
    CONFIG_FILE_STEMS,
    DECLARE,
    DJANGO_MARKERS,
    DJANGO_SETTINGS,
    FRAMEWORK_MODULE_NAMES,
)
from pytest_backend_guide.helpers import casing


def is_settings_module(path: str, names: Iterable[str]) -> bool:
    """Return whether a module is a Django settings module.

    Args:
        path: The file's path, with ``/`` separators.
        names: The names its top level binds.

    Returns:
        True when it binds a core Django setting (``INSTALLED_APPS``...) or
        a part of its path is ``settings``.
    """
    parts = path.removesuffix(".py").split("/")
    return "settings" in parts or not DJANGO_MARKERS.isdisjoint(names)


def judge_module_name(
    judge: Judge, name: str, sites: list[Site], settings_module: bool = False
) -> None:
    """Judge a module-level name from all of its bindings (NAME005/006).

    Names that an import or a definition binds are not judged here.

    Args:
        judge: The judge of the file, which collects the violations.
        name: The name.
        sites: Its bindings, in source order.
        settings_module: The module is a Django settings module, where
            Django settings may be rebound.
    """
    for site in sites:
        if site.special:
            return
    if casing.is_dunder(name) or judge.options.ignores(name):
        return
    first = next((site for site in sites if not site.via_global), sites[0])
    bindings = [site for site in sites if site.binding.kind != DECLARE]
    if judge.check_constants:
        if _constant(judge, name, bindings):
            return
        if not (settings_module and name in DJANGO_SETTINGS):
            _reassigned(judge, name, bindings)
    if not judge.check_variables or is_short(name):
        return
    if casing.is_snake_case(name) or casing.is_upper_snake_case(name):
        return
    binding = first.binding
    if casing.is_mixed_pascal(name) and may_be_class(binding):
        return
    message = f"variable name '{name}' is not snake_case"
    fix = f"rename to '{casing.to_snake_case(name)}'"
    judge.report("NAME005", binding, message, fix)

def _constant(judge: Judge, name: str, sites: list[Site]) -> bool:
    """Report a name bound once to a literal or ``Final``, not in UPPER case.

    Args:
        judge: The judge of the file, which collects the violations.
        name: The module-level name.
        sites: Its bindings (declarations left out).

    Returns:
        Whether the name was reported.
    """
    if len(sites) != 1 or sites[0].via_global:
        return False
    binding = sites[0].binding
    if binding.kind != ASSIGN or casing.is_upper_snake_case(name):
        return False
    if not (is_final(binding.annotation) or is_literal(binding.value)):
        return False
    if name in FRAMEWORK_MODULE_NAMES:
        return False
    if judge.ctx.source.module_name in CONFIG_FILE_STEMS:
        return False
    message = f"constant '{name}' is not UPPER_SNAKE_CASE"
    fix = f"rename to '{casing.to_upper_snake_case(name)}'"
    judge.report("NAME006", binding, message, fix)
    return True

def _reassigned(judge: Judge, name: str, sites: list[Site]) -> None:
    """Report an UPPER_SNAKE_CASE name assigned twice in the same block.

    Bindings in different branches (``if``/``else``, ``try``/``except``)
    and augmented assignments (``INSTALLED_APPS += [...]``) are not
    reassignments; neither are rebindings through ``global``. (Django
    settings in a settings module are not judged here at all.)

    Args:
        judge: The judge of the file, which collects the violations.
        name: The module-level name.
        sites: Its bindings.
    """
    core = casing.core_of(name)
    if not casing.is_upper_snake_case(name) or core == core.lower():
        return
    first_in_branch: dict[Branch, Site] = {}
    for site in sites:
        if site.binding.kind != ASSIGN or site.via_global:
            continue
        first = first_in_branch.setdefault(site.branch, site)
        if first is not site:
            again = f"first bound on line {first.binding.line}"
            message = f"constant '{name}' is reassigned ({again})"
            lower = casing.to_snake_case(name).lower()
            fix = f"bind it once, or name it '{lower}' if it is meant to change"
            judge.report("NAME006", site.binding, message, fix)
            return


