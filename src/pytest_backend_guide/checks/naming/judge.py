"""The judge of names bound in classes and functions (NAME002 to NAME008).

Module-level names are judged once all their bindings are known, by
:mod:`pytest_backend_guide.checks.naming.module_level`.
"""

from __future__ import annotations

from pytest_backend_guide import FileContext, Violation
from pytest_backend_guide.checks.naming.bindings import Binding, Scope
from pytest_backend_guide.checks.naming.options import NamingOptions
from pytest_backend_guide.checks.naming.predicates import (
    acceptable_variable,
    conventional_short,
    error_name,
    exempt_function,
    is_short,
)
from pytest_backend_guide.checks.naming.vocabulary import (
    AMBIGUOUS,
    CALLABLE_STYLE,
    EXCEPTION,
    HANDLER_METHOD,
    OVERRIDE,
    TEST_CASE,
)
from pytest_backend_guide.helpers import casing


class Judge:
    """Apply the NAME rules to bindings and collect the violations."""

    def __init__(self, ctx: FileContext, options: NamingOptions) -> None:
        """Prepare to judge the names of one file.

        Args:
            ctx: The file.
            options: The compiled ``naming`` options.
        """
        self.ctx = ctx
        self.options = options
        enabled = ctx.enabled
        self.check_classes = "NAME002" in enabled
        self.check_functions = "NAME003" in enabled
        self.check_arguments = "NAME004" in enabled
        self.check_variables = "NAME005" in enabled
        self.check_constants = "NAME006" in enabled
        self.check_short = "NAME007" in enabled
        self.check_exceptions = "NAME008" in enabled
        self.violations: list[Violation] = []

    def report(self, code: str, binding: Binding, message: str, fix: str) -> None:
        """Record a violation underlining a bound name.

        Args:
            code: Rule code.
            binding: Where the name is bound.
            message: What is wrong.
            fix: How to fix it.
        """
        end_col = binding.col + len(binding.name)
        violation = self.ctx.violation(
            code, binding.line, binding.col, message, fix_hint=fix, end_col=end_col
        )
        self.violations.append(violation)

    def class_name(self, binding: Binding, traits: frozenset[str]) -> None:
        """Judge a class name (NAME002, NAME007, NAME008).

        Args:
            binding: The class name and where it is.
            traits: What the class is (enum, exception...).
        """
        name = binding.name
        if self.options.ignores(name):
            return
        self.short(binding, "class", "class")
        exempt = casing.is_dunder(name) or (
            CALLABLE_STYLE in traits and casing.is_snake_case(name)
        )
        # ``class _:`` has no name at all: is_pascal_case passes an empty core.
        nameless = not casing.core_of(name)
        if self.check_classes and not exempt and (
            nameless or not casing.is_pascal_case(name)
        ):
            message = f"class name '{name}' is not PascalCase"
            fix = (
                "give the class a PascalCase name"
                if nameless
                else f"rename to '{casing.to_pascal_case(name)}'"
            )
            self.report("NAME002", binding, message, fix)
        is_exception = self.check_exceptions and EXCEPTION in traits
        if is_exception and not casing.core_of(name).endswith(("Error", "Warning")):
            message = f"exception class name '{name}' does not end in 'Error'"
            fix = f"rename to '{error_name(name)}'"
            self.report("NAME008", binding, message, fix)

    def function_name(self, binding: Binding, scope: Scope, decorated: str) -> None:
        """Judge a function or method name (NAME003, NAME007).

        Args:
            binding: The function name and where it is.
            scope: The scope the function is defined in.
            decorated: ``override`` or ``property`` when a decorator makes
                the name an override or an attribute, else empty.
        """
        name = binding.name
        if self.options.ignores(name):
            return
        overrides = decorated == OVERRIDE
        self.short(binding, "function", scope.kind, relaxed=overrides)
        if not self.check_functions or exempt_function(name, decorated):
            return
        in_class = scope.kind == "class"
        if in_class and (TEST_CASE in scope.traits or HANDLER_METHOD.fullmatch(name)):
            return
        message = f"function name '{name}' is not snake_case"
        fix = f"rename to '{casing.to_snake_case(name)}'"
        self.report("NAME003", binding, message, fix)

    def parameter(self, binding: Binding, latitude: str) -> None:
        """Judge a parameter name (NAME004, NAME007).

        Args:
            binding: The parameter and where it is.
            latitude: ``override`` when a base class dictates the name (only
                ambiguous and denied names are reported), ``short-names`` when
                single letters are conventional here, else empty.
        """
        name = binding.name
        if self.options.ignores(name):
            return
        self.short(binding, "parameter", "function", relaxed=bool(latitude))
        if latitude == OVERRIDE or not self.check_arguments or is_short(name):
            return
        if not casing.is_snake_case(name):
            message = f"argument name '{name}' is not snake_case"
            fix = f"rename to '{casing.to_snake_case(name)}'"
            self.report("NAME004", binding, message, fix)

    def attribute(self, binding: Binding) -> None:
        """Judge an attribute set through ``self`` (NAME007).

        Args:
            binding: The attribute name and where it is.
        """
        if not self.options.ignores(binding.name):
            self.short(binding, "attribute", "class")

    def variable(self, binding: Binding, scope: Scope, special: bool) -> None:
        """Judge the first binding of a variable in a scope (NAME005, NAME007).

        Module-level names are judged for case by :meth:`module_name` once
        all their bindings are known.

        Args:
            binding: The variable and where it is bound.
            scope: The scope binding it.
            special: The value is a type variable, alias or factory result.
        """
        name = binding.name
        if self.options.ignores(name):
            return
        what = "class attribute" if scope.kind == "class" else "variable"
        self.short(binding, what, scope.kind, relaxed=special)
        if special or scope.kind == "module" or not self.check_variables:
            return
        if acceptable_variable(binding, scope):
            return
        message = f"{what} name '{name}' is not snake_case"
        fix = f"rename to '{casing.to_snake_case(name)}'"
        self.report("NAME005", binding, message, fix)

    def short(
        self, binding: Binding, what: str, scope_kind: str, *, relaxed: bool = False
    ) -> None:
        """Judge whether a name says enough (NAME007).

        Args:
            binding: The name and where it is bound.
            what: What the name is, for the message (``parameter``).
            scope_kind: The kind of scope binding it.
            relaxed: Report only ambiguous and denied names.
        """
        if not self.check_short:
            return
        name = binding.name
        core = casing.core_of(name)
        options = self.options
        if name in options.deny or core in options.deny:
            message = f"{what} name '{name}' is on the deny list"
            self.report("NAME007", binding, message, "use a descriptive name")
        elif name in options.allowed_short or core in options.allowed_short:
            return
        elif core in AMBIGUOUS:
            looks_like = AMBIGUOUS[core]
            message = f"{what} name '{name}' is ambiguous: it reads like {looks_like}"
            self.report("NAME007", binding, message, "use a descriptive name")
        elif len(core) == 1 and not relaxed:
            self.single_letter(binding, what, core, scope_kind)

    def single_letter(
        self, binding: Binding, what: str, core: str, scope_kind: str
    ) -> None:
        """Report a single-letter name unless it is a conventional one there.

        Args:
            binding: The name and where it is bound.
            what: What the name is, for the message.
            core: The name without surrounding underscores.
            scope_kind: The kind of scope binding it.
        """
        if not conventional_short(core, binding, scope_kind):
            message = f"{what} name '{binding.name}' is a single letter, not a word"
            fix = "use a name that says what it holds"
            self.report("NAME007", binding, message, fix)

