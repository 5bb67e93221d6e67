"""The ``[tool.backend-guide.docstrings]`` table and which code it covers."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from pytest_backend_guide import Option, ParsedSection

if TYPE_CHECKING:  # facts of checked code; registering needs none of them
    from pytest_backend_guide.helpers import ClassFacts, FunctionFacts


@dataclass(frozen=True)
class DocOptions:
    """The docstring options of one run, with Python names.

    Attributes:
        style: ``google``, ``numpy`` or ``any``.
        include_private: Require docstrings on private names too.
        include_init: Require ``__init__`` docstrings.
        include_magic_methods: Require docstrings on other dunder methods.
        require_package_docstring: Require a docstring in ``__init__.py``.
        skip_overload: Exempt ``@overload`` stubs.
        skip_property_setters: Exempt property setters and deleters.
        skip_overrides: Exempt ``@override`` methods.
        skip_test_modules: Do not check test modules at all.
        require_args_section_above: Parameter count above which a function
            needs an Args section even when it has none.
        short_function_lines: Body length up to which a summary-only
            docstring needs no Returns, Yields or Raises section.
        skip_summary_only_docstrings: A summary-only docstring needs no
            Args section.
        dependency_aliases: Configured FastAPI dependency annotations.
    """

    style: str
    include_private: bool
    include_init: bool
    include_magic_methods: bool
    require_package_docstring: bool
    skip_overload: bool
    skip_property_setters: bool
    skip_overrides: bool
    skip_test_modules: bool
    require_args_section_above: int
    short_function_lines: int
    skip_summary_only_docstrings: bool = False
    dependency_aliases: tuple[str, ...] = ()

    def covers(self, facts: FunctionFacts | ClassFacts, module_private: bool) -> bool:
        """Return whether a definition must carry a complete docstring.

        Public definitions in public modules always do; private ones do
        with ``include-private``; definitions nested in functions never do.

        Args:
            facts: A function or class.
            module_private: The module or one of its packages is private.

        Returns:
            Whether the presence rules, and the agreement rules that do not
            depend on the docstring's own sections, apply.
        """
        if facts.nested:
            return False
        return self.include_private or (facts.public and not module_private)

    def exempts(self, function: FunctionFacts) -> bool:
        """Return whether a decorator lets a function go without a docstring.

        Args:
            function: A function or method.

        Returns:
            True for ``@overload`` stubs, property setters and deleters, and
            ``@override`` methods, each unless its option is off.
        """
        return (
            (self.skip_overload and function.is_overload)
            or (self.skip_property_setters and function.is_property_accessor)
            or (self.skip_overrides and function.is_override)
        )


SECTION = ParsedSection(
    "docstrings",
    (
        Option(
            "style",
            "str",
            "google",
            "Docstring style: 'google', 'numpy', or 'any' (each docstring in its own).",
            choices=("google", "numpy", "any"),
        ),
        Option(
            "include-private",
            "bool",
            False,
            "Also require docstrings on _private names.",
        ),
        Option("include-init", "bool", False, "Require __init__ docstrings (DOC003)."),
        Option(
            "include-magic-methods",
            "bool",
            False,
            "Require docstrings on dunder methods other than __init__.",
        ),
        Option(
            "require-package-docstring",
            "bool",
            False,
            "Require a docstring in package __init__.py files (DOC001).",
        ),
        Option("skip-overload", "bool", True, "Exempt @overload stubs from DOC003."),
        Option(
            "skip-property-setters",
            "bool",
            True,
            "Exempt @x.setter and @x.deleter methods from DOC003.",
        ),
        Option("skip-overrides", "bool", True, "Exempt @override methods from DOC003."),
        Option(
            "skip-test-modules",
            "bool",
            True,
            "Skip test modules: test_*.py, *_test.py, conftest.py, tests/.",
        ),
        Option(
            "require-args-section-above",
            "int",
            3,
            "DOC011 without an Args section only above this many parameters.",
            minimum=0,
        ),
        Option(
            "skip-summary-only-docstrings",
            "bool",
            False,
            "A summary-only docstring needs no Args section (DOC011), as "
            "pydoclint's skip-checking-short-docstrings.",
        ),
        Option(
            "dependency-aliases",
            "str-list",
            (),
            "Annotations that FastAPI injects, defined in another module "
            "(SessionDep = Annotated[Session, Depends(get_db)]).",
        ),
        Option(
            "short-function-lines",
            "int",
            10,
            "Summary-only docstrings need no Returns/Yields/Raises up to this "
            "many body lines (0: always needed).",
            minimum=0,
        ),
    ),
    "Docstring rules (DOC).",
    parse=DocOptions,
)
