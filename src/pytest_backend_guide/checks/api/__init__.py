"""API: REST API rules for FastAPI and Flask back ends.

API001 needs every module's routers and mounts, so it is a project check
fed by a per-file fact (:mod:`.routes`, joined in :mod:`.versioning`) and
reports at each route's decorator. API002 (an ast-grep rule with a Python
judge) and API003 read one handler at a time (:mod:`.handlers`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from pytest_backend_guide import (
    ConfigSection,
    FileContext,
    FileFact,
    Option,
    ParsedSection,
    ProjectCheck,
    ProjectContext,
    Rule,
    SourceFile,
    Violation,
    hookimpl,
)

SECTION_NAME = "api"
UNVERSIONED = "API001"

RULES = (
    Rule(
        UNVERSIONED,
        "unversioned-route",
        "a route whose full path (router prefixes followed where static) has no "
        "version segment (/v1, /api/v2); probes and docs exempt",
    ),
    # API002 is the ast-grep rule rules/api/API002.yml; its entry is written
    # out here so that registering it reads no YAML (a test keeps the two
    # the same).
    Rule(
        "API002",
        "unvalidated-body",
        "a handler reading the raw body (await request.json(), "
        "request.get_json(), request.form) instead of a schema model",
    ),
    Rule(
        "API003",
        "missing-status-code",
        "a create (POST) route that states no success status",
    ),
)


@dataclass(frozen=True)
class ApiOptions:
    """The ``[tool.backend-guide.api]`` table.

    Attributes:
        version_pattern: What a version segment looks like.
        unversioned_paths: Paths exempt from API001.
        create_words: Names of create handlers (API003).
    """

    version_pattern: str
    unversioned_paths: tuple[str, ...]
    create_words: tuple[str, ...]


SECTION = ParsedSection(
    SECTION_NAME,
    (
        Option(
            "version-pattern",
            "str",
            r"v\d+(\.\d+)?",
            "Regular expression a whole path segment must match to count as a "
            "version (API001).",
        ),
        Option(
            "unversioned-paths",
            "str-list",
            (
                "/health",
                "/healthz",
                "/ready",
                "/readyz",
                "/live",
                "/livez",
                "/ping",
                "/metrics",
                "/status",
                "/docs",
                "/redoc",
                "/openapi.json",
            ),
            "Full paths (and the paths below them) that need no version: "
            "probes and docs (API001).",
        ),
        Option(
            "create-words",
            "str-list",
            ("create", "add", "register", "new", "insert", "signup", "upload"),
            "First words of a POST handler's name that make it a create route "
            "(API003).",
        ),
    ),
    "Route versioning (API001) and create routes (API003).",
    parse=ApiOptions,
)


def scan_routes(source: SourceFile) -> dict[str, Any]:
    """Read one file's routers, mounts and routes (the API001 fact).

    Args:
        source: The decoded file.

    Returns:
        The file's routing facts, as JSON-compatible data.
    """
    # Imported on first use: a warm run, whose files are all cached,
    # never computes a fact and need not load the scanning code.
    from pytest_backend_guide.checks.api.routes import scan_routes as scan

    return scan(source)


ROUTES = FileFact("api-routes", scan_routes)


def run_versioning(ctx: ProjectContext) -> Iterator[Violation]:
    """Report every API route whose full path has no version segment.

    Args:
        ctx: The project context.

    Yields:
        API001 at each unversioned route's decorator.
    """
    from pytest_backend_guide.checks.api.versioning import unversioned_routes

    options = ctx.options_for(SECTION)
    facts: dict[str, Any] = {}
    for found in ctx.files:
        known, value = ctx.file_fact(ROUTES, found.relpath)
        if known:
            facts[found.relpath] = value
    version = re.compile(options.version_pattern)
    for route in unversioned_routes(facts, version, options.unversioned_paths):
        yield ctx.violation(
            UNVERSIONED,
            route.path,
            route.line,
            route.col,
            f"route '{route.full_path}' has no version segment",
            fix_hint="mount it under a versioned prefix such as /api/v1",
        )


VERSIONING_CHECK = ProjectCheck(
    "api", (UNVERSIONED,), run_versioning, facts=(ROUTES,), replay=True
)


def check_handlers(ctx: FileContext, options: ApiOptions) -> Iterator[Violation]:
    """Run API002 and API003 on one file.

    Args:
        ctx: The file and its enabled rules.
        options: The API options.

    Yields:
        The violations.
    """
    # Imported on first use: a warm run, whose files are all cached,
    # never checks a file and need not load the checking code.
    from pytest_backend_guide.checks.api.handlers import (
        raw_body_reads,
        silent_creates,
    )

    text = ctx.source.text
    # Cheap text tests first: most modules handle no request and no POST.
    if ctx.is_enabled("API002") and "req" in text:
        yield from raw_body_reads(ctx)
    if ctx.is_enabled("API003") and ("post" in text or "POST" in text):
        words = tuple(word.lower() for word in options.create_words)
        for finding in silent_creates(ctx.source.tree, words):
            yield ctx.at_node(
                finding.code, finding.node, finding.message, fix_hint=finding.fix_hint
            )


@hookimpl
def guide_rules() -> Sequence[Rule]:
    """Declare the API rules.

    Returns:
        The rules.
    """
    return RULES


@hookimpl
def guide_config_sections() -> Sequence[ConfigSection]:
    """Declare ``[tool.backend-guide.api]``.

    Returns:
        The section.
    """
    return (SECTION,)


@hookimpl
def guide_project_checks() -> Sequence[ProjectCheck]:
    """Declare the route versioning check.

    Returns:
        The check.
    """
    return (VERSIONING_CHECK,)


@hookimpl
def guide_check_file(ctx: FileContext) -> list[Violation] | None:
    """Check one file's handlers (API002, API003).

    Args:
        ctx: The parsed file, the enabled rules and the options.

    Returns:
        The violations, or None when neither rule is enabled.
    """
    if not (ctx.is_enabled("API002") or ctx.is_enabled("API003")):
        return None
    options = ctx.options_for(SECTION)
    return list(check_handlers(ctx, options))
