"""DB003: ORM models without migrations.

One project check, ``pyproject.toml::guide[migrations]``: when the checked
Python files define ORM models (see :mod:`.models`) and the project holds no
migration (an Alembic revision, a Django migration, or a file matching the
configured patterns), it reports once, at the first model. What each file
defines is a per-file fact, cached with the file's result. Options:
``[tool.backend-guide.migrations]``.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import pathspec

from pytest_backend_guide import (
    ConfigSection,
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

CODE = "DB003"
SECTION_NAME = "migrations"
DEFAULT_PATTERNS = (
    "**/alembic/versions/*.py",
    "**/migrations/versions/*.py",
    "**/migrations/[0-9]*.py",
)

RULES = (
    Rule(
        CODE,
        "missing-migrations",
        "ORM models exist but the project has no migrations (alembic/versions/, "
        "Django migrations/)",
    ),
)

@dataclass(frozen=True)
class MigrationOptions:
    """The ``migrations`` table, with Python names.

    Attributes:
        paths: Gitignore-style patterns of migration files.
    """

    paths: tuple[str, ...]


SECTION = ParsedSection(
    SECTION_NAME,
    (
        Option(
            "paths",
            "str-list",
            DEFAULT_PATTERNS,
            "DB003: gitignore-style patterns of migration files; an Alembic "
            "versions/ folder beside its env.py always counts.",
        ),
    ),
    "Where migrations live (DB003).",
    parse=MigrationOptions,
)


def orm_models(source: SourceFile) -> list[list[object]]:
    """Return the ORM model classes defined at a module's top level.

    Imports the reading code on first use: registering the family must
    not load it.

    Args:
        source: The parsed module.

    Returns:
        What :func:`.models.orm_models` returns.
    """
    from pytest_backend_guide.checks.migrations import models

    return models.orm_models(source)


MODELS_FACT = FileFact("orm-models", orm_models)


def run_migrations(ctx: ProjectContext) -> Iterator[Violation]:
    """Report models without migrations, once.

    Args:
        ctx: The project context.

    Yields:
        DB003 at the first model class, when there are models and no
        migration file.
    """
    models: list[tuple[str, int, int, str, str]] = []
    for found in ctx.files:
        if _is_test(found.relpath):
            continue
        known, classes = ctx.file_fact(MODELS_FACT, found.relpath)
        if known:
            models.extend(
                (found.relpath, line, col, name, framework)
                for line, col, name, framework in classes
            )
    if not models:
        return
    patterns = ctx.options_for(SECTION).paths
    if _has_migrations(ctx.project_files().paths, tuple(patterns)):
        return
    path, line, col, name, framework = models[0]
    files = len({model[0] for model in models})
    more = ""
    if len(models) > 1:
        where = "in the same file" if files == 1 else f"in {files} files"
        more = f" (and {len(models) - 1} more {where})"
    yield ctx.violation(
        CODE,
        path,
        line,
        col,
        f"{framework} model '{name}'{more} but no migrations: no Alembic "
        "versions/, no Django migrations/, nothing matching migrations.paths",
        fix_hint="generate the first migration (alembic revision --autogenerate, "
        "python manage.py makemigrations) and commit it",
    )


def _has_migrations(paths: Sequence[str], patterns: tuple[str, ...]) -> bool:
    """Return whether a migration file exists among the project's files."""
    spec = pathspec.GitIgnoreSpec.from_lines(patterns) if patterns else None
    alembic_homes = {p.rsplit("/", 1)[0] for p in paths if p.endswith("/env.py")}
    alembic_homes |= {"" for p in paths if p == "env.py"}
    for path in paths:
        if spec is not None and spec.match_file(path):
            return True
        if not path.endswith(".py"):
            continue
        folder, _, _ = path.rpartition("/")
        home, _, last = folder.rpartition("/")
        if last == "versions" and home in alembic_homes:
            return True
    return False


def _is_test(relpath: str) -> bool:
    name = relpath.rsplit("/", 1)[-1]
    parts = relpath.split("/")[:-1]
    return (
        "tests" in parts
        or "test" in parts
        or name.startswith("test_")
        or name.endswith("_test.py")
        or name == "conftest.py"
    )


MIGRATIONS_CHECK = ProjectCheck(
    SECTION_NAME, (CODE,), run_migrations, facts=(MODELS_FACT,), replay=True
)


@hookimpl
def guide_rules() -> Sequence[Rule]:
    """Declare DB003.

    Returns:
        The rule.
    """
    return RULES


@hookimpl
def guide_config_sections() -> Sequence[ConfigSection]:
    """Declare ``[tool.backend-guide.migrations]``.

    Returns:
        The section.
    """
    return (SECTION,)


@hookimpl
def guide_project_checks() -> Sequence[ProjectCheck]:
    """Declare the migrations check.

    Returns:
        The check.
    """
    return (MIGRATIONS_CHECK,)
