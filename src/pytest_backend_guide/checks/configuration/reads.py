"""What a configuration module reads from the environment, and what it hard-codes."""

from __future__ import annotations

import ast
import re
from typing import Any

from pytest_backend_guide import ImportBindings, SourceFile

# Dotted names (and their prefixes) that read the process environment.
ENV_SOURCES = (
    "os.environ",
    "os.getenv",
    "os.environb",
    "os.getenvb",
    "pydantic_settings",
    "pydantic.BaseSettings",
    "pydantic.env_settings",
    "pydantic.v1.BaseSettings",
    "dynaconf",
    "decouple",
    "environs",
    "environ",
    "starlette.config",
    "dotenv",
    "envparse",
    "everett",
)
_ENV_PARTS = frozenset({"env", "environ", "environment"})
_SECRET_NAME = re.compile(
    r"(?:^|_)(?:password|passwd|pwd|secret|token|credentials?|"
    r"(?:api|secret|private|access|auth|signing|encryption)_?key|apikey)$",
    re.IGNORECASE,
)
_PLACEHOLDERS = frozenset(
    {"changeme", "change-me", "change_me", "changethis", "example", "dummy", "xxx"}
)
CONFIG_NAMES = frozenset({"config", "settings"})


def is_config_path(relpath: str) -> bool:
    """Return whether a path may belong to a configuration module or package.

    Args:
        relpath: Path relative to the rootdir.

    Returns:
        True for ``config.py``, ``settings.py`` and files under a
        ``config/`` or ``settings/`` folder, at any depth.
    """
    parts = relpath[:-3].split("/") if relpath.endswith(".py") else []
    return any(part in CONFIG_NAMES for part in parts)


def environment_facts(source: SourceFile) -> dict[str, Any] | None:
    """Return what a configuration module reads and defines, or None for others.

    Args:
        source: The parsed module.

    Returns:
        ``{"env": reads the environment, "settings": defines settings,
        "secrets": [[line, column, name], ...]}`` for a possible
        configuration module, None for any other file.
    """
    if not is_config_path(source.path):
        return None
    return module_environment(source)


def module_environment(source: SourceFile) -> dict[str, Any]:
    """Return what any module reads from the environment and defines.

    Args:
        source: The parsed module.

    Returns:
        The same mapping as :func:`environment_facts`.
    """
    tree = source.tree
    bindings = ImportBindings.of(tree)
    return {
        "env": _reads_env(tree, bindings),
        "settings": _defines_settings(tree),
        "secrets": list(_secret_literals(tree)),
    }


def _reads_env(tree: ast.Module, bindings: ImportBindings) -> bool:
    for dotted in bindings.imported.values():
        if _is_env_source(dotted):
            return True
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute | ast.Name):
            name = bindings.resolve(node)
            if name is not None and _is_env_source(name):
                return True
    return False


def _is_env_source(dotted: str) -> bool:
    if any(dotted == s or dotted.startswith(s + ".") for s in ENV_SOURCES):
        return True
    return bool(_ENV_PARTS.intersection(dotted.lstrip(".").split(".")))


def _defines_settings(tree: ast.Module) -> bool:
    for node in tree.body:
        if isinstance(node, ast.ClassDef):
            return True
        for target in _targets(node):
            if target.isupper():
                return True
    return False


def _secret_literals(tree: ast.Module) -> list[list[Any]]:
    found = []
    bodies = [tree.body]
    bodies += [n.body for n in tree.body if isinstance(n, ast.ClassDef)]
    for body in bodies:
        for node in body:
            value = getattr(node, "value", None)
            if not _is_secret_literal(value):
                continue
            for target in _targets(node):
                if _SECRET_NAME.search(target):
                    found.append([node.lineno, node.col_offset + 1, target])
    return found


def _targets(node: ast.stmt) -> list[str]:
    if isinstance(node, ast.Assign):
        return [t.id for t in node.targets if isinstance(t, ast.Name)]
    if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
        return [node.target.id]
    return []


def _is_secret_literal(value: object) -> bool:
    if not isinstance(value, ast.Constant) or not isinstance(value.value, str):
        return False
    text = value.value.strip()
    return bool(text) and text.lower() not in _PLACEHOLDERS and "${" not in text
