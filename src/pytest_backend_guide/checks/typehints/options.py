"""The ``[tool.backend-guide.typehints]`` table and which code it covers."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from pytest_backend_guide import Option, ParsedSection

if TYPE_CHECKING:  # facts of checked code; registering needs none of them
    from pytest_backend_guide.helpers import FunctionFacts, Parameter


@dataclass(frozen=True)
class TypeOptions:
    """The type-hint options of one run, with Python names.

    Attributes:
        check_private: Check private and nested functions too.
        ignore_star_args: ``*args``/``**kwargs`` need no annotation.
        ignore_dummy_args: ``_``-prefixed parameters need no annotation.
        allow_implicit_none_return: Functions that never return a value
            need no return annotation.
        any_nested: TYPE003 looks inside annotations for ``Any``.
        allow_star_args_any: TYPE003 accepts ``Any`` on star parameters.
        skip_overload: Skip ``@overload`` stubs and their implementation.
        skip_test_modules: Do not check test modules at all.
    """

    check_private: bool
    ignore_star_args: bool
    ignore_dummy_args: bool
    allow_implicit_none_return: bool
    any_nested: bool
    allow_star_args_any: bool
    skip_overload: bool
    skip_test_modules: bool

    def covers(self, function: FunctionFacts, module_private: bool) -> bool:
        """Return whether a function's annotations are checked.

        Args:
            function: The function.
            module_private: The module or one of its packages is private.

        Returns:
            False for ``@no_type_check`` functions and, with
            ``skip-overload``, for overloads; otherwise True for public
            functions, and for all with ``check-private``.
        """
        if "no_type_check" in function.decorators:
            return False
        if self.skip_overload and (function.is_overload or function.overload_impl):
            return False
        return self.check_private or (function.public and not module_private)

    def ignores(self, param: Parameter) -> bool:
        """Return whether a parameter needs no annotation.

        Args:
            param: The parameter.

        Returns:
            True for ``self``/``cls`` and for the kinds the options exempt.
        """
        if param.implicit:
            return True
        if param.is_star and self.ignore_star_args:
            return True
        return param.name.startswith("_") and self.ignore_dummy_args


SECTION = ParsedSection(
    "typehints",
    (
        Option(
            "check-private",
            "bool",
            False,
            "Also check private and nested functions, and private modules.",
        ),
        Option(
            "ignore-star-args", "bool", False, "Do not require *args/**kwargs hints."
        ),
        Option(
            "ignore-dummy-args",
            "bool",
            False,
            "Do not require hints on parameters named with a leading underscore.",
        ),
        Option(
            "allow-implicit-none-return",
            "bool",
            False,
            "No return annotation needed when a function never returns a value.",
        ),
        Option(
            "any-nested",
            "bool",
            False,
            "TYPE003 also reports Any nested in an annotation (dict[str, Any]).",
        ),
        Option(
            "allow-star-args-any",
            "bool",
            True,
            "TYPE003 accepts *args: Any and **kwargs: Any.",
        ),
        Option(
            "skip-overload",
            "bool",
            True,
            "Skip @overload stubs and the implementation they describe.",
        ),
        Option(
            "skip-test-modules",
            "bool",
            True,
            "Skip test modules: test_*.py, *_test.py, conftest.py, tests/.",
        ),
    ),
    "Type-hint rules (TYPE).",
    parse=TypeOptions,
)


