"""TYPE: function parameters and return values carry type hints.

The guide asks to "Use type hints for function parameters and return
values". This checker reports parameters without annotation (TYPE001),
functions without return annotation (TYPE002) and, when enabled, explicit
``Any`` annotations (TYPE003).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from pytest_backend_guide import ConfigSection, FileContext, Rule, Violation, hookimpl
from pytest_backend_guide.checks.typehints.options import SECTION, TypeOptions

if TYPE_CHECKING:
    from pytest_backend_guide.helpers import FunctionFacts

RULES = (
    Rule(
        "TYPE001",
        "missing-parameter-annotation",
        "A parameter (not self/cls) without a type annotation.",
    ),
    Rule(
        "TYPE002",
        "missing-return-annotation",
        "A function without a return annotation (__init__ excepted).",
    ),
    Rule(
        "TYPE003",
        "any-annotation",
        "A parameter or return annotated with an explicit Any.",
        default_enabled=False,
    ),
)


@hookimpl
def guide_rules() -> Sequence[Rule]:
    """Declare the TYPE rules.

    Returns:
        TYPE001 to TYPE003.
    """
    return RULES


@hookimpl
def guide_config_sections() -> Sequence[ConfigSection]:
    """Declare the ``[tool.backend-guide.typehints]`` table.

    Returns:
        The typehints section.
    """
    return (SECTION,)


@hookimpl
def guide_check_file(ctx: FileContext) -> list[Violation]:
    """Check the annotations of every function of one file.

    Args:
        ctx: The parsed file, the enabled rules and the options.

    Returns:
        The violations; none for a test module when test modules are skipped.
    """
    # Imported on first use: registering the family (every run) and a warm
    # run, whose files are all cached, need no checking code.
    from pytest_backend_guide.checks.typehints.any_type import any_violations
    from pytest_backend_guide.helpers import (
        is_test_module,
        module_facts,
        module_is_private,
    )

    options = ctx.options_for(SECTION)
    path = ctx.source.path
    if options.skip_test_modules and is_test_module(path):
        return []
    private = module_is_private(path)
    check_parameters = ctx.is_enabled("TYPE001")
    check_return = ctx.is_enabled("TYPE002")
    check_any = ctx.is_enabled("TYPE003")
    found: list[Violation] = []
    for function in module_facts(ctx.source).functions:
        if not options.covers(function, private):
            continue
        if check_parameters:
            found.extend(_parameters(ctx, function, options))
        if check_return:
            found.extend(_return(ctx, function, options))
        if check_any:
            found.extend(any_violations(ctx, function, options))
    return found


def _parameters(
    ctx: FileContext, function: FunctionFacts, options: TypeOptions
) -> list[Violation]:
    found = []
    for param in function.parameters:
        if param.node.annotation is not None or options.ignores(param):
            continue
        message = (
            f"parameter '{param.display}' of '{function.qualname}' "
            "has no type annotation"
        )
        hint = f"annotate it: '{param.name}: <type>'"
        width = len(param.name)
        found.append(
            ctx.at_node("TYPE001", param.node, message, fix_hint=hint, width=width)
        )
    return found


def _return(
    ctx: FileContext, function: FunctionFacts, options: TypeOptions
) -> list[Violation]:
    if function.node.returns is not None or function.name == "__init__":
        return []
    from pytest_backend_guide.helpers import name_position

    none = not function.returns_value and not function.is_generator
    if none and options.allow_implicit_none_return:
        return []
    line, col = name_position(ctx.source, function.node)
    message = f"'{function.qualname}' has no return annotation"
    hint = "add '-> None'" if none else "add '-> <type>' after the parameters"
    end = col + len(function.name)
    return [ctx.violation("TYPE002", line, col, message, fix_hint=hint, end_col=end)]
