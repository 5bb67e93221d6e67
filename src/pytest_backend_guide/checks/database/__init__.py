"""DB: database interaction (file-level rules DB001, DB002, DB004).

All three need facts a pattern cannot express: the file's place among the
data-access modules, the enclosing function and its decorators, one local
variable's value, the ``with`` blocks around a commit.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from fnmatch import fnmatchcase

from pytest_backend_guide import (
    ConfigSection,
    FileContext,
    ImportBindings,
    Option,
    ParsedSection,
    Rule,
    Violation,
    hookimpl,
)

SECTION_NAME = "database"
TESTS = re.compile(
    r"(^|/)tests?/|(^|/)(conftest|tests?)\.py$|(^|/)test_[^/]*\.py$|_test\.py$"
)
MIGRATION_MODULES = ("alembic", "django.db.migrations")
MIGRATION_SCRIPT_MODULES = ("alembic.op", "alembic.context", "django.db.migrations")

RULES = (
    Rule(
        "DB001",
        "raw-sql",
        "raw SQL strings executed outside the configured data-access modules "
        "and migrations",
    ),
    Rule(
        "DB002",
        "engine-per-call",
        "create_engine/create_async_engine/sessionmaker/a connection pool "
        "created inside a function that runs per request",
    ),
    Rule(
        "DB004",
        "commit-without-rollback",
        "a commit on a session the function creates itself, outside 'with' "
        "and without a rollback path",
        default_enabled=False,
    ),
)


@dataclass(frozen=True)
class DatabaseOptions:
    """The ``[tool.backend-guide.database]`` table.

    Attributes:
        data_access_modules: Where raw SQL belongs.
        engine_factories: Functions that may create engines.
    """

    data_access_modules: tuple[str, ...]
    engine_factories: tuple[str, ...]


SECTION = ParsedSection(
    SECTION_NAME,
    (
        Option(
            "data-access-modules",
            "str-list",
            (
                "repositories/",
                "repository/",
                "crud/",
                "db/",
                "dal/",
                "migrations/",
                "alembic/",
                "crud.py",
                "repository.py",
                "repositories.py",
            ),
            "Where raw SQL belongs (DB001): a name ending in / is a folder at "
            "any depth; other entries are fnmatch globs matched against the "
            "path from the rootdir and against the file name.",
        ),
        Option(
            "engine-factories",
            "str-list",
            ("main", "create_app", "init_db"),
            "Names of functions that run once and may create engines, session "
            "factories and pools (DB002).",
        ),
    ),
    "Database interaction (DB001, DB002).",
    parse=DatabaseOptions,
)


@hookimpl
def guide_rules() -> list[Rule]:
    """Declare DB001, DB002 and DB004.

    Returns:
        The rules.
    """
    return list(RULES)


@hookimpl
def guide_config_sections() -> list[ConfigSection]:
    """Declare ``[tool.backend-guide.database]``.

    Returns:
        The section.
    """
    return [SECTION]


@hookimpl
def guide_check_file(ctx: FileContext) -> Iterator[Violation]:
    """Check a file's SQL, engines and commits.

    Args:
        ctx: The file's context.

    Yields:
        The violations.
    """
    # Imported on first use: a warm run, whose files are all cached,
    # never checks a file and need not load the checking code.
    from pytest_backend_guide.checks.database.commits import commits_without_rollback
    from pytest_backend_guide.checks.database.pooling import (
        ENGINE_MAKERS,
        engines_per_call,
    )
    from pytest_backend_guide.checks.database.raw_sql import (
        TEXT_FUNCTIONS,
        may_execute_sql,
        raw_sql_calls,
    )

    options = ctx.options_for(SECTION)
    path = ctx.source.path
    tree = ctx.source.tree
    in_tests = bool(TESTS.search(path))
    bindings = ImportBindings.of(tree)
    migration = _is_migration(path) or _imports_any(bindings, MIGRATION_MODULES)
    data_access = migration or is_data_access(path, options.data_access_modules)
    if (
        ctx.is_enabled("DB001")
        and not in_tests
        and not data_access
        and (
            may_execute_sql(ctx.source.text)
            or bindings.may_resolve_to(TEXT_FUNCTIONS)
        )
    ):
        for call in raw_sql_calls(tree, bindings):
            yield ctx.at_node(
                "DB001",
                call,
                "raw SQL executed outside the data-access modules",
                fix_hint="move the query into a repository/crud module, or "
                "build it with the ORM",
            )
    if (
        ctx.is_enabled("DB002")
        and not in_tests
        and not migration
        and bindings.may_resolve_to(ENGINE_MAKERS)
    ):
        factories = frozenset(options.engine_factories)
        for found in engines_per_call(tree, bindings, factories):
            short = found.what.rsplit(".", 1)[-1]
            made = "session factory" if "sessionmaker" in short else "engine or pool"
            yield ctx.at_node(
                "DB002",
                found.call,
                f"'{short}' inside '{found.function}' builds a new {made} on "
                "every call",
                fix_hint="create it once at module level or in the lifespan, or "
                "cache the factory with functools.lru_cache",
            )
    if (
        ctx.is_enabled("DB004")
        and not in_tests
        and not _is_migration(path)
        # a CLI that imports alembic.command is not a migration script
        and not _imports_any(bindings, MIGRATION_SCRIPT_MODULES)
    ):
        for call in commits_without_rollback(tree, bindings):
            yield ctx.at_node(
                "DB004",
                call,
                "commit on a session made here without a rollback path: a "
                "failure leaves the transaction open",
                fix_hint="open the session in a 'with' block, or roll back in an "
                "except and close it in a finally",
            )


def is_data_access(path: str, patterns: tuple[str, ...]) -> bool:
    """Return whether a file is one of the configured data-access modules.

    Args:
        path: Path from the rootdir, with ``/`` separators.
        patterns: Folder names ending in ``/`` (any depth) and fnmatch globs.

    Returns:
        Whether raw SQL belongs there.
    """
    folders = path.split("/")[:-1]
    name = path.rsplit("/", 1)[-1]
    for pattern in patterns:
        if pattern.endswith("/"):
            folder = pattern.rstrip("/")
            if "/" in folder:
                if path.startswith(pattern) or f"/{pattern}" in f"/{path}":
                    return True
            elif folder in folders:
                return True
        elif fnmatchcase(path, pattern) or fnmatchcase(name, pattern):
            return True
    return False


def _imports_any(bindings: ImportBindings, modules: tuple[str, ...]) -> bool:
    """Return whether a file imports one of these modules or something in them.

    Args:
        bindings: The file's import bindings.
        modules: Dotted module names.

    Returns:
        Whether any import names one of them.
    """
    return any(
        name == module or name.startswith(module + ".")
        for name in bindings.imported.values()
        for module in modules
    )


def _is_migration(path: str) -> bool:
    """Return whether a path holds migrations or Django management commands.

    A management command is run by an operator, outside the request path,
    like a migration: it is where a Django project keeps maintenance SQL
    (healthchecks builds its sqlite FTS5 search index in one).
    """
    rooted = f"/{path}"
    return any(
        folder in rooted
        for folder in ("/migrations/", "/alembic/", "/management/commands/")
    )
