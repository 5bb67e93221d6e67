"""DOC001-DOC003: public modules, classes and functions have docstrings."""

from __future__ import annotations

from pytest_backend_guide import FileContext, Violation
from pytest_backend_guide.checks.docstrings.options import DocOptions
from pytest_backend_guide.checks.docstrings.parser import DocstringCache
from pytest_backend_guide.checks.docstrings.sections import PARAMETER_KINDS
from pytest_backend_guide.helpers import (
    ClassFacts,
    FunctionFacts,
    ModuleFacts,
    name_position,
)

CONFIG_CLASSES = frozenset({"Meta", "Config"})


def check_presence(
    ctx: FileContext,
    facts: ModuleFacts,
    options: DocOptions,
    docs: DocstringCache,
    module_private: bool,
) -> list[Violation]:
    """Report public definitions without a docstring.

    Args:
        ctx: The file being checked.
        facts: Its definitions.
        options: The docstring options.
        docs: Parsed docstrings, shared with the agreement rules.
        module_private: The module or one of its packages is private.

    Returns:
        DOC001, DOC002 and DOC003 violations.
    """
    found: list[Violation] = []
    if ctx.is_enabled("DOC001") and _module_needs(ctx, facts, options, module_private):
        message = f"module '{ctx.source.module_name}' has no docstring"
        hint = "start the file with a docstring saying what the module is for"
        found.append(ctx.violation("DOC001", 1, 1, message, fix_hint=hint))
    if ctx.is_enabled("DOC002"):
        for klass in facts.classes:
            if klass.docstring is None and _class_needs(klass, options, module_private):
                found.append(_missing(ctx, "DOC002", klass, "class"))
    if ctx.is_enabled("DOC003"):
        for function in facts.functions:
            if function.docstring is None and _function_needs(
                function, options, docs, module_private
            ):
                kind = "method" if function.owner is not None else "function"
                found.append(_missing(ctx, "DOC003", function, kind))
    return found


def _module_needs(
    ctx: FileContext, facts: ModuleFacts, options: DocOptions, module_private: bool
) -> bool:
    if facts.docstring is not None or facts.empty:
        return False
    if module_private and not options.include_private:
        return False
    package = ctx.source.path.rsplit("/", 1)[-1] == "__init__.py"
    return options.require_package_docstring or not package


def _class_needs(klass: ClassFacts, options: DocOptions, module_private: bool) -> bool:
    if klass.owner is not None and klass.node.name in CONFIG_CLASSES:
        return False  # Django's Meta, pydantic's Config
    return options.covers(klass, module_private)


def _function_needs(
    function: FunctionFacts,
    options: DocOptions,
    docs: DocstringCache,
    module_private: bool,
) -> bool:
    if not options.covers(function, module_private):
        return False
    if function.name == "__init__" and function.owner is not None:
        return options.include_init and not _class_documents_init(function.owner, docs)
    if function.is_dunder:
        return options.include_magic_methods
    return not options.exempts(function)


def _class_documents_init(klass: ClassFacts, docs: DocstringCache) -> bool:
    if klass.docstring is None:
        return False
    return docs.get(klass.docstring).has(*PARAMETER_KINDS)


def _missing(
    ctx: FileContext, code: str, facts: ClassFacts | FunctionFacts, kind: str
) -> Violation:
    line, col = name_position(ctx.source, facts.node)
    public = "public " if facts.public else ""
    message = f"{public}{kind} '{facts.qualname}' has no docstring"
    hint = f"add a docstring saying what the {kind} does"
    end = col + len(facts.node.name)
    return ctx.violation(code, line, col, message, fix_hint=hint, end_col=end)
