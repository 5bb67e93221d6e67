"""API001: routes whose full path carries no version segment.

A route's full path is the prefixes of every router it hangs from, joined
with its own path. The routers, routes and mounts of each file come from
:func:`~.routes.scan_routes` (a per-file fact, cached by content); here
they are joined across the project, following imports to the module that
defines each mounted router. A route is judged only when every prefix on
every way to an application is static; a router mounted nowhere the scan
can see (or mounted through a loop, a function, a setting) is left alone.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

RouterId = tuple[str, str]
MAX_DEPTH = 8


@dataclass(frozen=True)
class Route:
    """A route of the project whose full path has no version.

    Attributes:
        path: File that declares it.
        line: Line of its decorator.
        col: Column of its decorator.
        full_path: Its full path, prefixes included.
    """

    path: str
    line: int
    col: int
    full_path: str


@dataclass
class Project:
    """The routing facts of every file, joined.

    Attributes:
        facts: File path -> its routing facts.
        modules: Dotted module name (any suffix of the path) -> file paths.
        mounts: Router -> the mounts of it: (parent router, prefix, replaces).
    """

    facts: Mapping[str, Mapping[str, Any]]
    modules: dict[str, list[str]] = field(default_factory=dict)
    mounts: dict[RouterId, list[tuple[RouterId | None, str | None, bool]]] = field(
        default_factory=dict
    )

    def __post_init__(self) -> None:
        """Index the modules and resolve every mount to its routers."""
        for path in self.facts:
            for name in module_names(path):
                self.modules.setdefault(name, []).append(path)
        for path, facts in self.facts.items():
            for mount in facts["mounts"]:
                parent = None
                if mount["parent"] is not None:
                    parent = self.resolve(path, mount["parent"], None)
                child = self.resolve(path, *mount["child"])
                if child is not None:
                    entry = (parent, mount["prefix"], bool(mount["replaces"]))
                    self.mounts.setdefault(child, []).append(entry)

    def module_file(self, path: str, module: str) -> str | None:
        """Return the file of a module imported from ``path``, if unique.

        Args:
            path: The importing file.
            module: The module, absolute or relative (``..core``).

        Returns:
            The file, or None when it is not in the project or ambiguous.
        """
        if module.startswith("."):
            level = len(module) - len(module.lstrip("."))
            package = path.split("/")[:-1]
            if level > 1:
                package = package[: -(level - 1)] if len(package) >= level else []
            rest = module.lstrip(".")
            module = ".".join([*package, *(rest.split(".") if rest else [])])
        found = self.modules.get(module, [])
        return found[0] if len(found) == 1 else None

    def resolve(
        self, path: str, name: str, attribute: str | None, depth: int = 0
    ) -> RouterId | None:
        """Find the router a name (or ``name.attribute``) stands for in a file.

        Args:
            path: The file where the name is used.
            name: The local name.
            attribute: An attribute of it (``users.router``), if any, or
                an attribute path through submodules (``views.blueprint``
                of ``user.views.blueprint``).
            depth: How many re-exports were followed already.

        Returns:
            ``(file, router name)``, or None when it cannot be known.
        """
        facts = self.facts.get(path)
        if facts is None or depth > MAX_DEPTH:
            return None
        if attribute is None and name in facts["routers"]:
            return (path, name)
        imported = facts["imports"].get(name)
        if imported is None:
            return None
        module, member = imported
        if attribute is not None:
            dotted = f"{module}.{member}" if member else module
            submodules, _, attribute = attribute.rpartition(".")
            if submodules:  # user.views.blueprint: module user.views
                dotted = f"{dotted}.{submodules}"
            target = self.module_file(path, dotted)
            if target is None:
                return None
            return self.resolve(target, attribute, None, depth + 1)
        if member is None:
            return None
        target = self.module_file(path, module)
        if target is None:
            return None
        return self.resolve(target, member, None, depth + 1)

    def prefixes(
        self, router: RouterId, seen: frozenset[RouterId] = frozenset()
    ) -> list[str] | None:
        """Return every full prefix of a router, or None if one is unknown.

        Args:
            router: The router.
            seen: Routers already on the way (a cycle makes it unknown).

        Returns:
            The full prefixes.
        """
        if router in seen:
            return None
        own = self.facts[router[0]]["routers"][router[1]]
        if own["prefix"] is None:
            return None
        mounts = self.mounts.get(router, [])
        if not mounts:
            return [own["prefix"]] if own["app"] else None
        found: list[str] = []
        for parent, prefix, replaces in mounts:
            if parent is None or prefix is None:
                return None
            above = self.prefixes(parent, seen | {router})
            if above is None:
                return None
            middle = prefix if replaces else prefix + own["prefix"]
            found.extend(join(outer, middle) for outer in above)
        return found


def module_names(path: str) -> list[str]:
    """Return every dotted name a file may be imported by (each path suffix).

    Args:
        path: ``app/api/users.py`` or ``app/api/__init__.py``.

    Returns:
        ``["app.api.users", "api.users", "users"]``.
    """
    parts = path[:-3].split("/") if path.endswith(".py") else path.split("/")
    if parts and parts[-1] == "__init__":
        parts = parts[:-1]
    return [".".join(parts[start:]) for start in range(len(parts))]


def join(*pieces: str) -> str:
    """Join URL prefixes and a path with single slashes.

    Args:
        *pieces: The prefixes and the path.

    Returns:
        ``/api/v1/users`` for ``("/api", "/v1/", "/users")``.
    """
    segments = [seg for piece in pieces for seg in piece.split("/") if seg]
    return "/" + "/".join(segments)


def unversioned_routes(
    facts: Mapping[str, Mapping[str, Any]],
    version: re.Pattern[str],
    exempt: Sequence[str],
) -> Iterator[Route]:
    """Yield every API route whose full path is statically known and unversioned.

    A route that answers JSON on a router that also serves web pages is
    one of those pages' helpers, not an API, unless its path has an
    ``api`` segment.

    Args:
        facts: File path -> its routing facts.
        version: A path segment that is a version (``v1``).
        exempt: Paths (and the paths below them) that need no version.

    Yields:
        The routes, with one of their unversioned full paths.
    """
    project = Project(facts)
    exempt_paths = [join(path) for path in exempt]
    for path, file_facts in sorted(facts.items()):
        page_routers = {r["router"] for r in file_facts["routes"] if r["html"]}
        for route in file_facts["routes"]:
            if route["html"]:
                continue
            website = route["router"] in page_routers
            router = project.resolve(path, route["router"], None)
            if router is None:
                continue
            prefixes = project.prefixes(router)
            if prefixes is None:
                continue
            for prefix in prefixes:
                full = join(prefix, route["path"])
                if _is_versioned(full, version) or _is_exempt(full, exempt_paths):
                    continue
                if website and "api" not in full.lower().split("/"):
                    continue  # a page's own JSON helper (microblog's /translate)
                yield Route(path, route["line"], route["col"], full)
                break


def _is_versioned(full: str, version: re.Pattern[str]) -> bool:
    return any(version.fullmatch(segment) for segment in full.split("/") if segment)


def _is_exempt(full: str, exempt: Sequence[str]) -> bool:
    return any(
        full == path or (path != "/" and full.startswith(path + "/")) for path in exempt
    )
