"""NAME rules: snake_case, PascalCase, UPPER_SNAKE_CASE and descriptive names.

The guide asks for snake_case functions, variables and modules, PascalCase
classes, UPPER_SNAKE_CASE constants and meaningful names. One ``ast`` walk
with a scope stack feeds all eight rules. Names that the code does not own
are left alone: overrides of an external API (``@override``, ``setUp``,
``visit_Name``, ``do_GET``), imports, dunders, type variables and aliases,
and framework-mandated module names.

Where each rule is judged:

- NAME001 (the file's and folders' names): :mod:`.module_path`.
- NAME002 to NAME005, NAME007, NAME008 (names bound in classes and
  functions): :mod:`.judge`, fed by the walk in :mod:`.visitor` (binding
  statements) over :mod:`.walk` (blocks, branches, positions).
- NAME005 and NAME006 for module-level names, judged from all their
  bindings: :mod:`.module_level`.
- The options: :mod:`.options`; the names, bases and decorators treated
  specially: :mod:`.vocabulary` and :mod:`.predicates`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from pytest_backend_guide import ConfigSection, FileContext, Rule, Violation, hookimpl
from pytest_backend_guide.checks.naming.options import NAMING_SECTION

RULES = (
    Rule("NAME001", "module-name", "module or package name not snake_case"),
    Rule("NAME002", "class-name", "class name not PascalCase"),
    Rule("NAME003", "function-name", "function or method name not snake_case"),
    Rule("NAME004", "argument-name", "parameter name not snake_case"),
    Rule(
        "NAME005",
        "variable-name",
        "local, module or class variable not snake_case (constants aside)",
    ),
    Rule(
        "NAME006",
        "constant-name",
        "module constant not UPPER_SNAKE_CASE, or UPPER_SNAKE_CASE name reassigned",
    ),
    Rule(
        "NAME007",
        "non-descriptive-name",
        "ambiguous (l, O, I), single-letter or denied name where a word is needed",
    ),
    Rule(
        "NAME008",
        "exception-name",
        "exception class name not ending in 'Error'",
        default_enabled=False,
    ),
)

# Codes judged during the walk (NAME001 only needs the path).
WALK_CODES = tuple(rule.code for rule in RULES if rule.code != "NAME001")


@hookimpl
def guide_rules() -> Sequence[Rule]:
    """Declare the NAME rules.

    Returns:
        NAME001 to NAME008.
    """
    return RULES


@hookimpl
def guide_config_sections() -> Sequence[ConfigSection]:
    """Declare the ``[tool.backend-guide.naming]`` table.

    Returns:
        The one ``naming`` section.
    """
    return (NAMING_SECTION,)


@hookimpl
def guide_check_file(ctx: FileContext) -> Iterable[Violation]:
    """Check the names bound in one file and the file's own name.

    Args:
        ctx: The parsed file, the enabled rules and the options.

    Returns:
        The NAME violations.
    """
    # Imported on first use: a warm run, whose files are all cached,
    # never checks a file and need not load the checking code.
    from pytest_backend_guide.checks.naming.module_path import check_module_path
    from pytest_backend_guide.checks.naming.visitor import NamingVisitor

    options = ctx.options_for(NAMING_SECTION)
    violations: list[Violation] = []
    if ctx.is_enabled("NAME001"):
        violations.extend(check_module_path(ctx, options))
    if not ctx.enabled.isdisjoint(WALK_CODES):
        visitor = NamingVisitor(ctx, options)
        visitor.walk(ctx.source.tree)
        violations.extend(visitor.finish())
    return violations


