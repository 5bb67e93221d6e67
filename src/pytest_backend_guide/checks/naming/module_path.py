"""NAME001: the names of a module's file and of its package folders."""

from __future__ import annotations

from pytest_backend_guide import FileContext, Violation
from pytest_backend_guide.checks.naming.options import NamingOptions
from pytest_backend_guide.helpers import casing


def check_module_path(ctx: FileContext, options: NamingOptions) -> list[Violation]:
    """Check the file's stem and its folders' names (NAME001).

    Folder names that are not identifiers (``my-project``, ``.github``)
    cannot be packages and are skipped; a stem may start with a digit
    (``0001_initial``, ``2021-11-18_ce5c4ac967d8``), as migration tools
    name files.

    Args:
        ctx: The file.
        options: The compiled ``naming`` options.

    Returns:
        One violation per offending name, at 1:1.
    """
    found: list[Violation] = []
    for folder in ctx.source.path.split("/")[:-1]:
        if not folder.isidentifier() or options.ignores(folder):
            continue
        if not casing.is_snake_case(folder):
            message = f"package name '{folder}' is not snake_case"
            fix = f"rename the folder to '{casing.module_name_fix(folder)}'"
            found.append(ctx.violation("NAME001", 1, 1, message, fix_hint=fix))
    stem = ctx.source.module_name
    if "." in stem or stem[:1].isdigit() or options.ignores(stem):
        # A stem that starts with a digit cannot be imported by name: tools
        # name files so (``0001_initial``, ``2021-11-18_ce5c4ac967d8``).
        return found
    if not (stem.isidentifier() and casing.is_snake_case(stem)):
        message = f"module name '{stem}' is not snake_case"
        fix = f"rename the file to '{casing.module_name_fix(stem)}.py'"
        found.append(ctx.violation("NAME001", 1, 1, message, fix_hint=fix))
    return found

