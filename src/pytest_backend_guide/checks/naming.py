"""NAME rules: snake_case, PascalCase, UPPER_SNAKE_CASE and descriptive names.

The guide asks for snake_case functions, variables and modules, PascalCase
classes, UPPER_SNAKE_CASE constants and meaningful names. One ``ast`` walk
with a scope stack feeds all eight rules. Names that the code does not own
are left alone: overrides of an external API (``@override``, ``setUp``,
``visit_Name``, ``do_GET``), imports, dunders, type variables and aliases,
and framework-mandated module names.
"""

from __future__ import annotations

import ast
import fnmatch
import re
import string
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, NamedTuple, TypeAlias

from pytest_backend_guide.checks import casing
from pytest_backend_guide.hookspecs import hookimpl
from pytest_backend_guide.options import ConfigSection, Option
from pytest_backend_guide.registry import Rule
from pytest_backend_guide.violation import FileContext, Violation

SECTION = "naming"

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

DEFAULT_CLASSMETHOD_DECORATORS = (
    "validator",
    "field_validator",
    "model_validator",
    "root_validator",
    "validates",
    "declared_attr",
)
DEFAULT_OVERRIDE_DECORATORS = (
    "override",
    "typing.override",
    "typing_extensions.override",
)

OPTIONS = (
    Option(
        "ignore-names",
        "str-list",
        (),
        "Glob patterns (fnmatch) of names that no NAME rule reports.",
    ),
    Option(
        "deny-names",
        "str-list",
        (),
        "Names that NAME007 reports wherever they are bound (e.g. 'data', 'tmp').",
    ),
    Option(
        "allowed-short-names",
        "str-list",
        (),
        "Short names NAME007 accepts anywhere, beyond the conventional ones.",
    ),
    Option(
        "classmethod-decorators",
        "str-list",
        DEFAULT_CLASSMETHOD_DECORATORS,
        "Validator-style decorators: first parameter is the class, short value "
        "parameters (v) are accepted.",
    ),
    Option(
        "override-decorators",
        "str-list",
        DEFAULT_OVERRIDE_DECORATORS,
        "Decorators marking an override: its name and parameters are not judged.",
    ),
)
NAMING_SECTION = ConfigSection(SECTION, OPTIONS, "Naming conventions (NAME rules).")

# camelCase names defined by the standard library (unittest, logging,
# xml.sax) and Twisted, which subclasses and test modules must override.
API_NAMES = frozenset(
    {
        "setUp",
        "tearDown",
        "setUpClass",
        "tearDownClass",
        "setUpModule",
        "tearDownModule",
        "asyncSetUp",
        "asyncTearDown",
        "setUpTestData",
        "addCleanup",
        "addClassCleanup",
        "addAsyncCleanup",
        "doCleanups",
        "doClassCleanups",
        "enterContext",
        "enterClassContext",
        "shortDescription",
        "countTestCases",
        "defaultTestResult",
        "subTest",
        "maxDiff",
        "longMessage",
        "failureException",
        "addSuccess",
        "addError",
        "addFailure",
        "addSkip",
        "addExpectedFailure",
        "addUnexpectedSuccess",
        "addSubTest",
        "startTest",
        "stopTest",
        "startTestRun",
        "stopTestRun",
        "wasSuccessful",
        "addDuration",
        "printErrors",
        "printErrorList",
        "getDescription",
        "getMessage",
        "formatTime",
        "formatException",
        "formatStack",
        "formatMessage",
        "usesTime",
        "handleError",
        "createLock",
        "makeRecord",
        "findCaller",
        "shouldRollover",
        "doRollover",
        "setDocumentLocator",
        "startDocument",
        "endDocument",
        "startPrefixMapping",
        "endPrefixMapping",
        "startElement",
        "endElement",
        "startElementNS",
        "endElementNS",
        "ignorableWhitespace",
        "processingInstruction",
        "skippedEntity",
        "dataReceived",
        "connectionMade",
        "connectionLost",
        "lineReceived",
        "rawDataReceived",
        "buildProtocol",
        "startFactory",
        "stopFactory",
        "clientConnectionFailed",
        "clientConnectionLost",
        "datagramReceived",
    }
)

# Methods named by a visitor or handler protocol: ast.NodeVisitor,
# libcst, docutils, http.server.BaseHTTPRequestHandler, cmd.Cmd.
HANDLER_METHOD = re.compile(r"(?:visit|leave|depart)_\w+|do_[A-Z][A-Z0-9_]*")
# unittest's assertion and skip helpers, which test code imitates.
UNITTEST_STYLE = re.compile(r"(?:assert|fail|skipIf|skipUnless)[A-Z]\w*")
PROPERTY_SUFFIXES = ("property", ".setter", ".getter", ".deleter")
DEFINITION_KEYWORD = re.compile(r"(?:async\s+)?def\s+|class\s+")
AS_KEYWORD = re.compile(r"\bas\s+")
# ASCII characters of names, to tell the keyword ``for`` from ``format``.
NAME_CHARS = frozenset(string.ascii_letters + string.digits + "_")

# Calls whose result is a type named by its own string argument.
TYPE_FACTORIES = frozenset(
    {
        "TypeVar",
        "ParamSpec",
        "TypeVarTuple",
        "NewType",
        "namedtuple",
        "NamedTuple",
        "TypedDict",
        "TypeAliasType",
        "Enum",
        "IntEnum",
        "StrEnum",
        "Flag",
        "IntFlag",
    }
)
ENUM_BASES = frozenset({"Enum", "IntEnum", "StrEnum", "Flag", "IntFlag", "ReprEnum"})
EXCEPTION_BASES = frozenset({"Exception", "BaseException"})
DESCRIPTOR_BASES = frozenset(
    {"property", "cached_property", "classmethod", "staticmethod"}
)
CALLABLE_DUNDERS = frozenset(
    {"__call__", "__get__", "__set_name__", "__enter__", "__aenter__"}
)

# Module-level names that frameworks read in lower case: Django URLconfs and
# apps, Alembic revisions, pytest conftest files.
FRAMEWORK_MODULE_NAMES = frozenset(
    {
        "app_name",
        "default_app_config",
        "handler400",
        "handler403",
        "handler404",
        "handler500",
        "revision",
        "down_revision",
        "branch_labels",
        "depends_on",
        "pytest_plugins",
        "collect_ignore",
        "collect_ignore_glob",
    }
)
# Files whose lower-case module variables are read by a tool: Sphinx,
# gunicorn and Celery configuration, setuptools-scm's generated _version.py.
CONFIG_FILE_STEMS = frozenset(
    {"conf", "gunicorn.conf", "gunicorn_conf", "gunicorn_config", "celeryconfig"}
    | {"_version"}
)

# Fields of compound statements that hold statements.
BLOCK_FIELDS = frozenset({"body", "orelse", "finalbody", "handlers", "cases"})

# Fields that hold no names: contexts, operators, comments.
SKIPPED_FIELDS = frozenset({"ctx", "op", "ops", "type_comment", "kind"})

# Targets that unpack into their elements.
SEQUENCE_TARGETS = (ast.Tuple, ast.List)

# Values that may hold a class: ``User = get_user_model()``.
CLASS_VALUES = (ast.Name, ast.Attribute, ast.Call, ast.Subscript, ast.IfExp)

AMBIGUOUS = {"l": "'1' or 'I'", "O": "'0'", "I": "'l' or '1'"}
COORDINATES = frozenset({"x", "y", "z"})
LOOP_INDICES = frozenset({"i", "j", "k"})

# Kinds of binding.
ASSIGN = "assign"
DECLARE = "declare"
AUGMENT = "augment"
LOOP = "loop"
WITH = "with"
EXCEPT = "except"
WALRUS = "walrus"
MATCH = "match"
COMPREHENSION = "comprehension"
DEFINITION = "definition"
PARAMETER = "parameter"
LAMBDA = "lambda"
ATTRIBUTE = "attribute"
# Kinds of binding where i, j and k are read as indices in a function.
LOCAL_KINDS = frozenset({ASSIGN, AUGMENT, WALRUS})

# What a decorator makes of a function and its parameters.
OVERRIDE = "override"
PROPERTY = "property"
SHORT_NAMES = "short-names"
# Route decorators (FastAPI, Flask, Starlette...): the parameters of a
# handler are the names of its query and path parameters, such as ``q``.
ROUTE_DECORATORS = frozenset(
    {"get", "post", "put", "patch", "delete", "head", "options", "trace"}
    | {"route", "api_route", "websocket", "websocket_route"}
)

# Class traits, inherited through local subclasses.
ENUM = "enum"
TEST_CASE = "test-case"
TYPED_DICT = "typed-dict"
EXCEPTION = "exception"
CALLABLE_STYLE = "callable-style"

# Codes judged during the walk (NAME001 only needs the path).
WALK_CODES = tuple(rule.code for rule in RULES if rule.code != "NAME001")

Branch: TypeAlias = tuple[tuple[int, str], ...]
Definition: TypeAlias = ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef


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
def guide_check_file(ctx: FileContext) -> Iterable[Violation] | None:
    """Check the names bound in one file and the file's own name.

    Args:
        ctx: The parsed file, the enabled rules and the options.

    Returns:
        The NAME violations, or None when no NAME rule is enabled.
    """
    if not ctx.any_enabled("NAME"):
        return None
    options = naming_options(ctx.section(SECTION))
    violations: list[Violation] = []
    if ctx.is_enabled("NAME001"):
        violations.extend(check_module_path(ctx, options))
    if not ctx.enabled.isdisjoint(WALK_CODES):
        visitor = NamingVisitor(ctx, options)
        visitor.visit(ctx.source.tree)
        violations.extend(visitor.finish())
    return violations


@dataclass(frozen=True)
class DecoratorSet:
    """Decorator names from an option, matched by dotted or final name.

    An entry without a dot (``override``) matches any decorator whose last
    component it is (``typing.override``); a dotted entry must match exactly.

    Attributes:
        dotted: Entries containing a dot.
        bare: Entries without a dot.
    """

    dotted: frozenset[str]
    bare: frozenset[str]

    @classmethod
    def of(cls, entries: Iterable[str]) -> DecoratorSet:
        """Build a set from option entries.

        Args:
            entries: Decorator names, plain or dotted.

        Returns:
            The matcher.
        """
        names = tuple(entries)
        return cls(
            frozenset(name for name in names if "." in name),
            frozenset(name for name in names if "." not in name),
        )

    def matches(self, decorators: Iterable[str]) -> bool:
        """Return whether any of the decorators is in the set.

        Args:
            decorators: Dotted names of a function's decorators.

        Returns:
            True when one of them matches an entry.
        """
        for name in decorators:
            if name in self.dotted or name.rpartition(".")[2] in self.bare:
                return True
        return False


class PassingNames(dict[str, bool]):
    """Whether each name passes every variable, parameter and function rule.

    Such a name is snake_case, not denied and longer than one letter:
    judging it as a variable, parameter, attribute or function reports
    nothing, wherever it is bound. Look a name up with ``passing[name]``;
    it is judged on its first look-up only, as most names recur.
    """

    def __init__(self, deny: frozenset[str]) -> None:
        """Start with no name judged.

        Args:
            deny: Names NAME007 always reports.
        """
        super().__init__()
        self.deny = deny

    def __missing__(self, name: str) -> bool:
        """Judge a name seen for the first time, and remember the verdict.

        Args:
            name: A name as written.

        Returns:
            Whether the name passes.
        """
        core = casing.core_of(name)
        passes = (
            len(core) > 1
            and core.lower() == core
            and name not in self.deny
            and core not in self.deny
        )
        self[name] = passes
        return passes


@dataclass(frozen=True)
class NamingOptions:
    """The ``naming`` table, compiled for fast matching.

    Attributes:
        ignore: Matcher of ignored names, or None when nothing is ignored.
        deny: Names NAME007 always reports.
        allowed_short: Short names NAME007 always accepts.
        classmethods: Validator-style decorators.
        overrides: Override decorators.
        passing: Which names pass every variable, parameter and function rule.
    """

    ignore: re.Pattern[str] | None
    deny: frozenset[str]
    allowed_short: frozenset[str]
    classmethods: DecoratorSet
    overrides: DecoratorSet
    passing: PassingNames = field(compare=False, repr=False)

    def ignores(self, name: str) -> bool:
        """Return whether ``ignore-names`` covers the name.

        Args:
            name: A name as written.

        Returns:
            True when a pattern matches it.
        """
        return self.ignore is not None and self.ignore.match(name) is not None


def naming_options(section: Mapping[str, Any]) -> NamingOptions:
    """Compile the ``naming`` option table, reusing earlier compilations.

    Args:
        section: The validated table (missing keys take their defaults).

    Returns:
        The compiled options.
    """
    values = NAMING_SECTION.with_defaults(section)
    return _compile_options(
        tuple(values["ignore-names"]),
        tuple(values["deny-names"]),
        tuple(values["allowed-short-names"]),
        tuple(values["classmethod-decorators"]),
        tuple(values["override-decorators"]),
    )


@lru_cache(maxsize=64)
def _compile_options(
    ignore: tuple[str, ...],
    deny: tuple[str, ...],
    allowed: tuple[str, ...],
    classmethods: tuple[str, ...],
    overrides: tuple[str, ...],
) -> NamingOptions:
    """Build the compiled options; cached, since every file has the same."""
    pattern = None
    if ignore:
        pattern = re.compile("|".join(fnmatch.translate(glob) for glob in ignore))
    return NamingOptions(
        pattern,
        frozenset(deny),
        frozenset(allowed),
        DecoratorSet.of(classmethods),
        DecoratorSet.of(overrides),
        PassingNames(frozenset(deny)),
    )


def check_module_path(ctx: FileContext, options: NamingOptions) -> list[Violation]:
    """Check the file's stem and its folders' names (NAME001).

    Folder names that are not identifiers (``my-project``, ``.github``)
    cannot be packages and are skipped; a stem may start with a digit
    (``0001_initial``), as migration tools name files.

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
    if "." in stem or options.ignores(stem):
        return found
    if not (_is_module_identifier(stem) and casing.is_snake_case(stem)):
        message = f"module name '{stem}' is not snake_case"
        fix = f"rename the file to '{casing.module_name_fix(stem)}.py'"
        found.append(ctx.violation("NAME001", 1, 1, message, fix_hint=fix))
    return found


def _is_module_identifier(stem: str) -> bool:
    """Return whether a stem is an identifier, allowing a leading digit."""
    return stem.isidentifier() or (stem[:1].isdigit() and f"_{stem}".isidentifier())


class Binding(NamedTuple):
    """One place where a name is bound.

    Attributes:
        name: The bound name.
        line: 1-based line of the name.
        col: 1-based column of the name.
        kind: How it is bound (assign, loop, parameter, definition...).
        value: The value bound to exactly this name, when known.
        annotation: The annotation of an annotated assignment.
        pair: The name is part of a ``k, v`` loop target.
    """

    name: str
    line: int
    col: int
    kind: str
    value: ast.expr | None = None
    annotation: ast.expr | None = None
    pair: bool = False


class Site(NamedTuple):
    """One binding of a module-level name, judged after the walk.

    Attributes:
        binding: The binding.
        branch: The module-level ``if``/``try``/loop branches around it.
        via_global: Bound in a function through a ``global`` statement.
        special: A type variable, type alias or factory result.
    """

    binding: Binding
    branch: Branch = ()
    via_global: bool = False
    special: bool = False


@dataclass(slots=True)
class Scope:
    """One namespace being walked: the module, a class or a function.

    Attributes:
        kind: ``module``, ``class``, ``function`` or ``comprehension``.
        judged: Names already judged (or exempt) in this scope.
        globals: Names declared ``global`` here.
        nonlocals: Names declared ``nonlocal`` here.
        traits: For a class: enum, test case, typed dict...
        receiver: For a method: the name of its ``self``/``cls`` parameter.
        owner: For a method: the scope of its class.
        attributes: For a class: ``self`` attributes already judged.
    """

    kind: str
    judged: set[str] = field(default_factory=set)
    globals: set[str] = field(default_factory=set)
    nonlocals: set[str] = field(default_factory=set)
    traits: frozenset[str] = frozenset()
    receiver: str | None = None
    owner: Scope | None = None
    attributes: set[str] = field(default_factory=set)


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
        if self.check_classes and not exempt and not casing.is_pascal_case(name):
            message = f"class name '{name}' is not PascalCase"
            fix = f"rename to '{casing.to_pascal_case(name)}'"
            self.report("NAME002", binding, message, fix)
        is_exception = self.check_exceptions and EXCEPTION in traits
        if is_exception and not casing.core_of(name).endswith(("Error", "Warning")):
            message = f"exception class name '{name}' does not end in 'Error'"
            fix = f"rename to '{_error_name(name)}'"
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
        if not self.check_functions or _exempt_function(name, decorated):
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
        if latitude == OVERRIDE or not self.check_arguments or _is_short(name):
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
        if _acceptable_variable(binding, scope):
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
        if not _conventional_short(core, binding, scope_kind):
            message = f"{what} name '{binding.name}' is a single letter, not a word"
            fix = "use a name that says what it holds"
            self.report("NAME007", binding, message, fix)

    def module_name(self, name: str, sites: list[Site]) -> None:
        """Judge a module-level name from all of its bindings (NAME005/006).

        Names that an import or a definition binds are not judged here.

        Args:
            name: The name.
            sites: Its bindings, in source order.
        """
        for site in sites:
            if site.special:
                return
        if casing.is_dunder(name) or self.options.ignores(name):
            return
        first = next((site for site in sites if not site.via_global), sites[0])
        bindings = [site for site in sites if site.binding.kind != DECLARE]
        if self.check_constants:
            if self.constant(name, bindings):
                return
            self.reassigned(name, bindings)
        if not self.check_variables or _is_short(name):
            return
        if casing.is_snake_case(name) or casing.is_upper_snake_case(name):
            return
        binding = first.binding
        if casing.is_mixed_pascal(name) and _may_be_class(binding):
            return
        message = f"variable name '{name}' is not snake_case"
        fix = f"rename to '{casing.to_snake_case(name)}'"
        self.report("NAME005", binding, message, fix)

    def constant(self, name: str, sites: list[Site]) -> bool:
        """Report a name bound once to a literal or ``Final``, not in UPPER case.

        Args:
            name: The module-level name.
            sites: Its bindings (declarations left out).

        Returns:
            Whether the name was reported.
        """
        if len(sites) != 1 or sites[0].via_global:
            return False
        binding = sites[0].binding
        if binding.kind != ASSIGN or casing.is_upper_snake_case(name):
            return False
        if not (_is_final(binding.annotation) or _is_literal(binding.value)):
            return False
        if name in FRAMEWORK_MODULE_NAMES:
            return False
        if self.ctx.source.module_name in CONFIG_FILE_STEMS:
            return False
        message = f"constant '{name}' is not UPPER_SNAKE_CASE"
        fix = f"rename to '{casing.to_upper_snake_case(name)}'"
        self.report("NAME006", binding, message, fix)
        return True

    def reassigned(self, name: str, sites: list[Site]) -> None:
        """Report an UPPER_SNAKE_CASE name assigned twice in the same block.

        Bindings in different branches (``if``/``else``, ``try``/``except``)
        and augmented assignments (``INSTALLED_APPS += [...]``) are not
        reassignments; neither are rebindings through ``global``.

        Args:
            name: The module-level name.
            sites: Its bindings.
        """
        core = casing.core_of(name)
        if not casing.is_upper_snake_case(name) or core == core.lower():
            return
        first_in_branch: dict[Branch, Site] = {}
        for site in sites:
            if site.binding.kind != ASSIGN or site.via_global:
                continue
            first = first_in_branch.setdefault(site.branch, site)
            if first is not site:
                again = f"first bound on line {first.binding.line}"
                message = f"constant '{name}' is reassigned ({again})"
                lower = casing.to_snake_case(name).lower()
                fix = f"bind it once, or name it '{lower}' if it is meant to change"
                self.report("NAME006", site.binding, message, fix)
                return


class NamingVisitor(ast.NodeVisitor):
    """Walk one module once, binding names in scopes for the :class:`Judge`.

    Statements are walked one by one. Expressions are entered only where
    their lines may bind a name (see :meth:`may_bind`): most of a module's
    nodes are expressions that bind nothing.
    """

    def __init__(self, ctx: FileContext, options: NamingOptions) -> None:
        """Prepare a walk of ``ctx``'s tree.

        Args:
            ctx: The file.
            options: The compiled ``naming`` options.
        """
        self.ctx = ctx
        self.options = options
        self.passes = options.passing
        self.judge = Judge(ctx, options)
        self.scope = Scope("module")
        self.outer: list[Scope] = []
        self.comprehension = Scope(COMPREHENSION)
        self.module_sites: dict[str, list[Site]] = {}
        # Module-level names bound by an import, a definition or a type
        # alias: the module does not choose them, or judges them elsewhere.
        self.unjudged_at_module: set[str] = set()
        self.branch: list[tuple[int, str]] = []
        self.class_traits: dict[str, frozenset[str]] = {}
        source = ctx.source
        self.binders = _binder_lines(source.text, len(source.lines))

    def finish(self) -> list[Violation]:
        """Judge the module-level names once their bindings are all known.

        Returns:
            Every violation found by the walk.
        """
        for name, sites in self.module_sites.items():
            if name not in self.unjudged_at_module:
                self.judge.module_name(name, sites)
        return self.judge.violations

    def enter(self, scope: Scope) -> None:
        """Make a new scope the innermost one.

        Args:
            scope: The scope of a class or function body.
        """
        self.outer.append(self.scope)
        self.scope = scope

    def leave(self) -> None:
        """Return to the scope around the innermost one."""
        self.scope = self.outer.pop()

    # Walking ---------------------------------------------------------

    def visit(self, node: ast.AST) -> None:
        """Dispatch a node to its ``visit_*`` method, cached per node type.

        Args:
            node: Any node.
        """
        handler = HANDLERS.get(type(node)) or _handler(type(node))
        handler(self, node)

    def visit_block(self, statements: Iterable[ast.AST]) -> None:
        """Visit the statements of a block in order.

        Args:
            statements: The statements, or handlers or cases.
        """
        for statement in statements:
            handler = HANDLERS.get(type(statement)) or _handler(type(statement))
            handler(self, statement)

    def visit_Module(self, node: ast.Module) -> None:
        """Visit the statements of the module."""
        self.visit_block(node.body)

    def visit_simple(self, node: ast.stmt) -> None:
        """Visit a statement that holds no block, if it may bind a name.

        Args:
            node: An expression statement, ``return``, ``raise``...
        """
        if self.may_bind(node):
            self.generic_visit(node)

    def visit_expression(self, node: ast.expr | ast.keyword) -> None:
        """Visit an expression of a statement, if it may bind a name.

        Args:
            node: An expression or a keyword argument.
        """
        if self.may_bind(node):
            self.visit(node)

    def may_bind(self, node: ast.expr | ast.stmt | ast.keyword) -> bool:
        """Return whether a node's lines hold ``for``, ``lambda`` or ``:=``.

        Only comprehensions, lambdas and assignment expressions bind names
        inside an expression, and each needs its keyword or operator.

        Args:
            node: A node with a position.

        Returns:
            False when the node surely binds nothing.
        """
        first = node.lineno
        last = node.end_lineno or first
        if first == last:
            return self.binders[first] == 1
        return self.binders.find(1, first, last + 1) >= 0

    def header_may_bind(self, node: Definition) -> bool:
        """Return whether a definition's decorators or signature may bind a name.

        Args:
            node: A function or class definition.

        Returns:
            False when the lines up to its body's first line surely bind nothing.
        """
        first = node.decorator_list[0].lineno if node.decorator_list else node.lineno
        return self.binders.find(1, first, node.body[0].lineno + 1) >= 0

    def generic_visit(self, node: ast.AST) -> None:
        """Visit the children of a node, skipping fields that hold no names.

        Args:
            node: Any node.
        """
        for name in node._fields:
            if name in SKIPPED_FIELDS:
                continue
            value = getattr(node, name, None)
            if isinstance(value, list):
                for item in value:
                    if isinstance(item, ast.AST):
                        self.visit(item)
            elif isinstance(value, ast.AST):
                self.visit(value)

    def visit_Name(self, node: ast.Name) -> None:
        """Skip a name that is read: bindings are handled by statements."""

    def visit_Constant(self, node: ast.Constant) -> None:
        """Skip a constant: it binds nothing."""

    def visit_body(
        self, statements: Sequence[ast.AST], node: ast.stmt, block: str
    ) -> None:
        """Visit a block, noting its branch when it is at module level.

        Args:
            statements: The block.
            node: The compound statement.
            block: The block's name in the statement (``body``, ``except0``).
        """
        if self.scope.kind != "module":
            self.visit_block(statements)
            return
        self.branch.append((id(node), block))
        self.visit_block(statements)
        self.branch.pop()

    def visit_If(self, node: ast.If) -> None:
        """Visit an ``if``, keeping its two branches apart."""
        self.visit_expression(node.test)
        self.visit_body(node.body, node, "body")
        if node.orelse:
            self.visit_body(node.orelse, node, "else")

    def visit_Try(self, node: ast.Try) -> None:
        """Visit a ``try``, keeping each handler apart from the body."""
        self.visit_body(node.body + node.orelse, node, "try")
        for index, handler in enumerate(node.handlers):
            self.visit_body([handler], node, f"except{index}")
        self.visit_block(node.finalbody)

    visit_TryStar = visit_Try

    def visit_While(self, node: ast.While) -> None:
        """Visit a ``while`` loop; its body is a branch of its own."""
        self.visit_expression(node.test)
        self.visit_body(node.body, node, "loop")
        if node.orelse:
            self.visit_body(node.orelse, node, "else")

    def visit_Match(self, node: ast.Match) -> None:
        """Visit a ``match``; each case is a branch of its own."""
        self.visit_expression(node.subject)
        for index, case in enumerate(node.cases):
            self.visit_body([case], node, f"case{index}")

    # Positions -------------------------------------------------------

    def column(self, line: int, byte_offset: int) -> int:
        """Return the 1-based character column of an ``ast`` byte offset.

        Args:
            line: 1-based line.
            byte_offset: 0-based UTF-8 offset.

        Returns:
            The column.
        """
        return self.ctx.source.char_column(line, byte_offset)

    def definition_column(self, node: Definition) -> int:
        """Return the column of the name after ``def`` or ``class``.

        Args:
            node: A function or class definition.

        Returns:
            The 1-based column of the name, or of the keyword as a fallback.
        """
        line = node.lineno
        start = self.column(line, node.col_offset) - 1
        text = self.ctx.source.line_text(line)
        match = DEFINITION_KEYWORD.match(text, start)
        if match and text.startswith(node.name, match.end()):
            return match.end() + 1
        return start + 1

    def column_before(self, node: ast.expr | ast.pattern, name: str) -> tuple[int, int]:
        """Return where ``name`` is when it ends a node (``*rest``, ``obj.attr``).

        Args:
            node: A node whose source ends with (or just after) the name.
            name: The name to find.

        Returns:
            The 1-based line and column of the name.
        """
        line = node.end_lineno or node.lineno
        text = self.ctx.source.line_text(line)
        end = self.column(line, node.end_col_offset or 0) - 1
        index = text.rfind(name, 0, end)
        return line, (index + 1 if index >= 0 else 1)

    def except_position(self, node: ast.ExceptHandler, name: str) -> tuple[int, int]:
        """Return where the name after ``except ... as`` is.

        Args:
            node: The handler.
            name: The bound name.

        Returns:
            The 1-based line and column.
        """
        line, start = node.lineno, self.column(node.lineno, node.col_offset) - 1
        if node.type is not None and node.type.end_lineno is not None:
            line = node.type.end_lineno
            start = self.column(line, node.type.end_col_offset or 0) - 1
        text = self.ctx.source.line_text(line)
        for match in AS_KEYWORD.finditer(text, start):
            if text.startswith(name, match.end()):
                return line, match.end() + 1
        return node.lineno, self.column(node.lineno, node.col_offset)

    # Binding statements ----------------------------------------------

    def visit_Global(self, node: ast.Global) -> None:
        """Note names that a function or class body binds in the module."""
        if self.scope.kind != "module":
            self.scope.globals.update(node.names)

    def visit_Nonlocal(self, node: ast.Nonlocal) -> None:
        """Note names that a function binds in an enclosing function."""
        self.scope.nonlocals.update(node.names)

    def visit_Assign(self, node: ast.Assign) -> None:
        """Bind each target of an assignment."""
        if self.may_bind(node):
            self.visit(node.value)
        for target in node.targets:
            self.bind_target(target, ASSIGN, node.value)

    def visit_AnnAssign(self, node: ast.AnnAssign) -> None:
        """Bind an annotated target, or declare it when there is no value."""
        self.visit_expression(node.annotation)
        if node.value is not None:
            self.visit_expression(node.value)
        kind = ASSIGN if node.value is not None else DECLARE
        if isinstance(node.target, ast.Name):
            self.bind_name(node.target, kind, node.value, node.annotation)
        else:
            self.bind_target(node.target, kind, node.value)

    def visit_AugAssign(self, node: ast.AugAssign) -> None:
        """Bind the target of an augmented assignment."""
        if self.may_bind(node):
            self.visit(node.value)
        self.bind_target(node.target, AUGMENT, None)

    def visit_For(self, node: ast.For | ast.AsyncFor) -> None:
        """Bind a loop's target; the body is a branch at module level."""
        self.visit_expression(node.iter)
        self.bind_target(node.target, LOOP, None, _is_key_value(node.target))
        self.visit_body(node.body, node, "loop")
        if node.orelse:
            self.visit_body(node.orelse, node, "else")

    visit_AsyncFor = visit_For

    def visit_With(self, node: ast.With | ast.AsyncWith) -> None:
        """Bind each ``as`` target of a ``with``."""
        for item in node.items:
            self.visit_expression(item.context_expr)
            if item.optional_vars is not None:
                self.bind_target(item.optional_vars, WITH, item.context_expr)
        self.visit_block(node.body)

    visit_AsyncWith = visit_With

    def visit_ExceptHandler(self, node: ast.ExceptHandler) -> None:
        """Bind the ``as`` name of an exception handler."""
        if node.type is not None:
            self.visit_expression(node.type)
        if node.name:
            line, col = self.except_position(node, node.name)
            self.bind(Binding(node.name, line, col, EXCEPT))
        self.visit_block(node.body)

    def visit_NamedExpr(self, node: ast.NamedExpr) -> None:
        """Bind the target of an assignment expression."""
        self.visit(node.value)
        self.bind_target(node.target, WALRUS, node.value)

    def visit_MatchAs(self, node: ast.MatchAs) -> None:
        """Bind a capture pattern's name."""
        if node.pattern is not None:
            self.visit(node.pattern)
        if node.name:
            self.bind(Binding(node.name, *self.column_before(node, node.name), MATCH))

    def visit_MatchStar(self, node: ast.MatchStar) -> None:
        """Bind a star pattern's name."""
        if node.name:
            self.bind(Binding(node.name, *self.column_before(node, node.name), MATCH))

    def visit_MatchMapping(self, node: ast.MatchMapping) -> None:
        """Bind a mapping pattern's ``**rest`` name."""
        self.generic_visit(node)
        if node.rest:
            self.bind(Binding(node.rest, *self.column_before(node, node.rest), MATCH))

    def visit_Import(self, node: ast.Import) -> None:
        """Note imported names: they are not ours to judge."""
        for alias in node.names:
            self.bind_unjudged(alias.asname or alias.name.partition(".")[0])

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        """Note imported names: they are not ours to judge."""
        for alias in node.names:
            if alias.name != "*":
                self.bind_unjudged(alias.asname or alias.name)

    def visit_TypeAlias(self, node: ast.stmt) -> None:
        """Note a ``type X = ...`` alias (Python 3.12+): type aliases are exempt."""
        name = getattr(node, "name", None)
        if isinstance(name, ast.Name):
            self.bind_unjudged(name.id)

    def visit_ListComp(
        self, node: ast.ListComp | ast.SetComp | ast.GeneratorExp
    ) -> None:
        """Bind a comprehension's variables, then visit its element."""
        self.visit_generators(node.generators)
        self.visit(node.elt)

    visit_SetComp = visit_ListComp
    visit_GeneratorExp = visit_ListComp

    def visit_DictComp(self, node: ast.DictComp) -> None:
        """Bind a dict comprehension's variables, then visit its items."""
        self.visit_generators(node.generators)
        self.visit(node.key)
        self.visit(node.value)

    def visit_generators(self, generators: list[ast.comprehension]) -> None:
        """Bind the ``for`` targets of a comprehension.

        Args:
            generators: The comprehension's ``for`` clauses.
        """
        for generator in generators:
            self.visit(generator.iter)
            self.bind_target(generator.target, COMPREHENSION, None)
            for condition in generator.ifs:
                self.visit(condition)

    # Binding ---------------------------------------------------------

    def bind_unjudged(self, name: str) -> None:
        """Bind a name that the module does not choose (import, type alias).

        Args:
            name: The bound name.
        """
        scope = self.scope
        if scope.kind == "module":
            self.unjudged_at_module.add(name)
        scope.judged.add(name)

    def bind_target(
        self, target: ast.expr, kind: str, value: ast.expr | None, pair: bool = False
    ) -> None:
        """Bind every name in an assignment target.

        Args:
            target: A name, tuple, list, starred, attribute or subscript.
            kind: How it is bound.
            value: The value bound to ``target`` as a whole.
            pair: The target is a ``k, v`` pair of a loop.
        """
        if isinstance(target, ast.Name):
            self.bind_name(target, kind, value, None, pair)
        elif isinstance(target, SEQUENCE_TARGETS):
            for element in target.elts:
                self.bind_target(element, kind, None, pair)
        elif isinstance(target, ast.Starred):
            self.bind_target(target.value, kind, None, pair)
        else:
            # A comprehension's target is inside an expression, where lines
            # are not checked (see visit_Lambda).
            if kind == COMPREHENSION:
                self.visit(target)
            else:
                self.visit_expression(target)
            if isinstance(target, ast.Attribute):
                self.bind_attribute(target)

    def bind_name(
        self,
        node: ast.Name,
        kind: str,
        value: ast.expr | None,
        annotation: ast.expr | None = None,
        pair: bool = False,
    ) -> None:
        """Bind a ``Name`` node, building its binding only when it is needed.

        A name that :class:`PassingNames` passes and that no module-level
        judgement needs is only noted as judged in its scope.

        Args:
            node: The bound name.
            kind: How it is bound.
            value: The value bound to exactly this name, when known.
            annotation: The annotation of an annotated assignment.
            pair: The name is part of a ``k, v`` loop target.
        """
        name = node.id
        scope = self.scope
        if self.passes[name]:
            if kind == COMPREHENSION:
                return
            if scope.kind != "module" and name not in scope.globals:
                if name not in scope.nonlocals:
                    scope.judged.add(name)
                return
        col = self.column(node.lineno, node.col_offset)
        self.bind(Binding(name, node.lineno, col, kind, value, annotation, pair))

    def bind(self, binding: Binding) -> None:
        """Bind one name in the current scope and judge its first binding.

        Args:
            binding: The name and how it is bound.
        """
        scope = self.scope
        name = binding.name
        if binding.kind == COMPREHENSION:
            self.judge.variable(binding, self.comprehension, special=False)
            return
        if name in scope.nonlocals:
            return
        if name in scope.globals:
            self.add_module_site(Site(binding, via_global=True))
            return
        special = _is_special(binding.value, binding.annotation)
        if scope.kind == "module":
            self.add_module_site(Site(binding, tuple(self.branch), special=special))
        if name not in scope.judged:
            scope.judged.add(name)
            self.judge.variable(binding, scope, special)

    def bind_attribute(self, target: ast.Attribute) -> None:
        """Judge the first ``self.name = ...`` of each name in a class.

        Args:
            target: The assigned attribute.
        """
        scope = self.scope
        owner = scope.owner
        receiver = target.value
        if owner is None or not isinstance(receiver, ast.Name):
            return
        if receiver.id != scope.receiver or target.attr in owner.attributes:
            return
        owner.attributes.add(target.attr)
        if self.passes[target.attr]:
            return
        line, col = self.column_before(target, target.attr)
        self.judge.attribute(Binding(target.attr, line, col, ATTRIBUTE))

    def add_module_site(self, site: Site) -> None:
        """Record one binding of a module-level name.

        Args:
            site: The binding and its context.
        """
        self.module_sites.setdefault(site.binding.name, []).append(site)

    def define(self, node: Definition) -> bool:
        """Bind a function or class name in the current scope.

        Args:
            node: The definition.

        Returns:
            Whether it is the first binding of its name here, to be judged.
        """
        scope = self.scope
        name = node.name
        if name in scope.globals:
            self.unjudged_at_module.add(name)
            return False
        if scope.kind == "module":
            self.unjudged_at_module.add(name)
        if name in scope.judged or name in scope.nonlocals:
            return False
        scope.judged.add(name)
        return True

    def definition(self, node: Definition) -> Binding:
        """Return the binding of a function or class name, at the name.

        Args:
            node: The definition.

        Returns:
            The binding.
        """
        col = self.definition_column(node)
        return Binding(node.name, node.lineno, col, DEFINITION)

    # Definitions -----------------------------------------------------

    def visit_FunctionDef(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        """Judge a function's name and parameters, then walk its body."""
        scope = self.scope
        decorators = list(map(_dotted, node.decorator_list))
        if self.header_may_bind(node):
            for decorator in node.decorator_list:
                self.visit_expression(decorator)
            self.visit_signature(node.args, node.returns)
        overrides = validator = False
        latitude = ""
        if decorators:
            overrides = self.options.overrides.matches(decorators)
            validator = self.options.classmethods.matches(decorators)
            latitude = OVERRIDE if overrides else ""
            if not latitude and (validator or _is_route(decorators)):
                latitude = SHORT_NAMES
        if self.define(node) and not self.passes[node.name]:
            decorated = _decorated(overrides, decorators)
            self.judge.function_name(self.definition(node), scope, decorated)
        function = Scope("function")
        is_method = scope.kind == "class" and "staticmethod" not in decorators
        if is_method or validator:
            function.receiver = _first_parameter(node.args)
            function.owner = scope if scope.kind == "class" else None
        self.enter(function)
        self.bind_parameters(node.args, function, latitude)
        self.visit_block(node.body)
        self.leave()

    visit_AsyncFunctionDef = visit_FunctionDef

    def visit_Lambda(self, node: ast.Lambda) -> None:
        """Judge a lambda's parameters (short names are fine), then its body.

        Its defaults are visited whatever their lines: inside an expression,
        lines are not checked (f-strings misplace nodes before Python 3.12).
        """
        for default in [*node.args.defaults, *node.args.kw_defaults]:
            if default is not None:
                self.visit(default)
        self.bind_parameters(node.args, None, SHORT_NAMES)
        self.visit(node.body)

    def visit_signature(
        self, arguments: ast.arguments, returns: ast.expr | None
    ) -> None:
        """Visit defaults and annotations, which run in the enclosing scope.

        Args:
            arguments: The parameters.
            returns: The return annotation.
        """
        for default in [*arguments.defaults, *arguments.kw_defaults]:
            if default is not None:
                self.visit_expression(default)
        for parameter in _parameters(arguments):
            if parameter.annotation is not None:
                self.visit_expression(parameter.annotation)
        if returns is not None:
            self.visit_expression(returns)

    def bind_parameters(
        self, arguments: ast.arguments, function: Scope | None, latitude: str
    ) -> None:
        """Bind and judge the parameters of a function or lambda.

        Args:
            arguments: The parameters.
            function: The function's scope (None for a lambda).
            latitude: ``override`` when the names are dictated by a base
                class, ``short-names`` when single letters are conventional
                (lambdas, validators, route handlers), else empty.
        """
        kind = PARAMETER if function is not None else LAMBDA
        receiver = function.receiver if function is not None else None
        for parameter in _parameters(arguments):
            name = parameter.arg
            if function is not None:
                function.judged.add(name)
            if name == receiver or self.passes[name]:
                continue
            col = self.column(parameter.lineno, parameter.col_offset)
            binding = Binding(name, parameter.lineno, col, kind)
            self.judge.parameter(binding, latitude)

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        """Judge a class's name, then walk its body as a class scope."""
        if self.header_may_bind(node):
            for expression in [*node.decorator_list, *node.bases, *node.keywords]:
                self.visit_expression(expression)
        traits = self.traits_of(node)
        self.class_traits[node.name] = traits
        if self.define(node):
            self.judge.class_name(self.definition(node), traits)
        self.enter(Scope("class", traits=traits))
        self.visit_block(node.body)
        self.leave()

    def traits_of(self, node: ast.ClassDef) -> frozenset[str]:
        """Return what the class is, from its bases (local ones too) and body.

        Args:
            node: The class definition.

        Returns:
            Its traits: enum, test case, typed dict, exception, callable style.
        """
        traits: set[str] = set()
        for base in node.bases:
            name = _last_name(base)
            traits.update(self.class_traits.get(name, ()))
            traits.update(_base_traits(name))
        if not CALLABLE_DUNDERS.isdisjoint(_method_names(node)):
            traits.add(CALLABLE_STYLE)
        return frozenset(traits)


# How NamingVisitor visits each node type, filled in by _handler.
HANDLERS: dict[type, Callable[[NamingVisitor, Any], None]] = {}


def _handler(node_type: type) -> Callable[[NamingVisitor, Any], None]:
    """Find and cache how :class:`NamingVisitor` visits nodes of one type.

    Statements without a method of their own and without a block are
    visited only where they may bind a name.

    Args:
        node_type: A node class.

    Returns:
        The unbound ``visit_*`` method.
    """
    handler = getattr(NamingVisitor, f"visit_{node_type.__name__}", None)
    if handler is None:
        simple = issubclass(node_type, ast.stmt) and BLOCK_FIELDS.isdisjoint(
            node_type._fields
        )
        handler = NamingVisitor.visit_simple if simple else NamingVisitor.generic_visit
    HANDLERS[node_type] = handler
    return handler


def _binder_lines(text: str, line_count: int) -> bytearray:
    """Flag the lines that may bind a name inside an expression.

    Every such binding needs a comprehension's ``for``, a ``lambda`` or
    ``:=``; words in strings and comments only cost a closer look.

    Args:
        text: The source; ``\r\n`` and ``\r`` end lines, as for the parser.
        line_count: How many lines the source has.

    Returns:
        One byte per 1-based line (and one for line 0): 1 where the line
        holds one of them, else 0.
    """
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    starts = [*_keyword_starts(text, "for"), *_keyword_starts(text, "lambda")]
    index = text.find(":=")
    while index >= 0:
        starts.append(index)
        index = text.find(":=", index + 2)
    starts.sort()
    flags = bytearray(line_count + 2)
    line, position = 1, 0
    for start in starts:
        line += text.count("\n", position, start)
        position = start
        flags[line] = 1
    return flags


def _keyword_starts(text: str, keyword: str) -> list[int]:
    """Return where ``keyword`` may be the keyword, not the start of a name.

    What precedes it is not looked at: ``1jfor`` is a number and ``for``.
    """
    starts = []
    index = text.find(keyword)
    while index >= 0:
        end = index + len(keyword)
        if text[end : end + 1] not in NAME_CHARS:  # not "format", "for_"
            starts.append(index)
        index = text.find(keyword, end)
    return starts


def _decorated(overrides: bool, decorators: list[str]) -> str:
    """Return ``override``, ``property`` or empty for a function's decorators."""
    if overrides:
        return OVERRIDE
    if any(name.endswith(PROPERTY_SUFFIXES) for name in decorators):
        return PROPERTY
    return ""


def _is_route(decorators: list[str]) -> bool:
    """Return whether a decorator registers the function as an HTTP route."""
    return any(
        "." in name and name.rpartition(".")[2] in ROUTE_DECORATORS
        for name in decorators
    )


def _exempt_function(name: str, decorated: str) -> bool:
    """Return whether a function name is fine or dictated from elsewhere."""
    if casing.is_snake_case(name) or _is_short(name) or decorated == OVERRIDE:
        return True
    if casing.is_dunder(name) or name in API_NAMES:
        return True
    if UNITTEST_STYLE.fullmatch(casing.core_of(name)):
        return True
    if decorated == PROPERTY:
        return casing.is_upper_snake_case(name) or casing.is_mixed_pascal(name)
    return False


def _acceptable_variable(binding: Binding, scope: Scope) -> bool:
    """Return whether a function or class variable's case is acceptable."""
    name = binding.name
    if casing.is_snake_case(name) or casing.is_dunder(name) or _is_short(name):
        return True
    if casing.is_upper_snake_case(name) or UNITTEST_STYLE.fullmatch(name):
        return True
    if scope.kind == "class":
        if name in API_NAMES or TYPED_DICT in scope.traits:
            return True
        if HANDLER_METHOD.fullmatch(name):
            return True
        if ENUM in scope.traits and casing.is_mixed_pascal(name):
            return True
    return casing.is_mixed_pascal(name) and _may_be_class(binding)


def _conventional_short(core: str, binding: Binding, scope_kind: str) -> bool:
    """Return whether a single-letter name is a conventional one where it is."""
    kind = binding.kind
    if kind in (COMPREHENSION, LAMBDA) or core in COORDINATES:
        return True
    if core in LOOP_INDICES:
        return kind == LOOP or (scope_kind == "function" and kind in LOCAL_KINDS)
    if kind == LOOP:
        return binding.pair and core == "v"
    if kind == EXCEPT:
        return core == "e"
    if core == "f":
        return kind == WITH or (kind == ASSIGN and _is_open_call(binding.value))
    return False


def _is_short(name: str) -> bool:
    """Return whether the name's core is at most one character."""
    return len(casing.core_of(name)) <= 1


def _is_key_value(target: ast.expr) -> bool:
    """Return whether a loop target unpacks into ``k`` and ``v``."""
    if not isinstance(target, ast.Tuple):
        return False
    names = {element.id for element in target.elts if isinstance(element, ast.Name)}
    return {"k", "v"} <= names


def _dotted(node: ast.AST | None) -> str:
    """Return the dotted name of a name, attribute, call or subscript."""
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        prefix = _dotted(node.value)
        return f"{prefix}.{node.attr}" if prefix else node.attr
    if isinstance(node, ast.Call):
        return _dotted(node.func)
    if isinstance(node, ast.Subscript):
        return _dotted(node.value)
    return ""


def _last_name(node: ast.AST | None) -> str:
    """Return the last component of a node's dotted name."""
    return _dotted(node).rpartition(".")[2]


def _parameters(arguments: ast.arguments) -> list[ast.arg]:
    """Return every parameter of a signature, in order."""
    found = [*arguments.posonlyargs, *arguments.args]
    if arguments.vararg is not None:
        found.append(arguments.vararg)
    found.extend(arguments.kwonlyargs)
    if arguments.kwarg is not None:
        found.append(arguments.kwarg)
    return found


def _first_parameter(arguments: ast.arguments) -> str | None:
    """Return the name of the first positional parameter, if any."""
    positional = arguments.posonlyargs or arguments.args
    return positional[0].arg if positional else None


def _method_names(node: ast.ClassDef) -> list[str]:
    """Return the names of the methods that a class body defines."""
    return [
        statement.name
        for statement in node.body
        if isinstance(statement, ast.FunctionDef | ast.AsyncFunctionDef)
    ]


@lru_cache(maxsize=1024)
def _base_traits(name: str) -> frozenset[str]:
    """Return the traits that a base class name implies."""
    traits = set()
    if name in ENUM_BASES or name.endswith(("Enum", "Flag", "Choices")):
        traits.add(ENUM)
    if name.endswith("TestCase"):
        traits.add(TEST_CASE)
    if name == "TypedDict":
        traits.add(TYPED_DICT)
    if name in EXCEPTION_BASES or name.endswith(("Error", "Exception")):
        traits.add(EXCEPTION)
    lower_base = bool(name) and name != "object" and name[0].islower()
    if lower_base or name in DESCRIPTOR_BASES or name.endswith("Decorator"):
        traits.add(CALLABLE_STYLE)
    return frozenset(traits)


def _is_special(value: ast.expr | None, annotation: ast.expr | None) -> bool:
    """Return whether a binding defines a type: TypeVar, alias, NewType..."""
    if annotation is not None and _last_name(annotation) == "TypeAlias":
        return True
    return isinstance(value, ast.Call) and _last_name(value.func) in TYPE_FACTORIES


def _is_final(annotation: ast.expr | None) -> bool:
    """Return whether an annotation is ``Final`` or ``Final[...]``."""
    return annotation is not None and _last_name(annotation) == "Final"


def _is_literal(value: ast.expr | None) -> bool:
    """Return whether a value is a literal constant expression.

    Numbers, strings, bytes, booleans, arithmetic on them, and tuples and
    ``frozenset(...)`` of them count; ``None``, lists, dicts, sets and other
    calls do not.
    """
    if isinstance(value, ast.Constant):
        return value.value is not None and value.value is not Ellipsis
    if isinstance(value, ast.UnaryOp):
        return _is_literal(value.operand)
    if isinstance(value, ast.BinOp):
        return _is_literal(value.left) and _is_literal(value.right)
    if isinstance(value, ast.Tuple):
        return all(_is_literal(element) for element in value.elts)
    if isinstance(value, ast.Call) and _dotted(value.func) == "frozenset":
        return not value.keywords and all(map(_is_literal_collection, value.args))
    return False


def _is_literal_collection(value: ast.expr) -> bool:
    """Return whether a value is a tuple, list or set display of literals."""
    if not isinstance(value, ast.Tuple | ast.List | ast.Set):
        return False
    return all(_is_literal(element) for element in value.elts)


def _may_be_class(binding: Binding) -> bool:
    """Return whether a PascalCase name may hold a class (``User = get_model()``)."""
    value = binding.value
    if binding.kind == EXCEPT:
        return False
    if value is None:
        return True
    if isinstance(value, ast.Constant):
        return value.value is None
    if isinstance(value, ast.BinOp):
        return isinstance(value.op, ast.BitOr)
    return isinstance(value, CLASS_VALUES)


def _is_open_call(value: ast.expr | None) -> bool:
    """Return whether a value opens a file (``open(...)``, ``path.open()``)."""
    return isinstance(value, ast.Call) and _last_name(value.func).endswith("open")


def _error_name(name: str) -> str:
    """Return the name of an exception class, ending in ``Error``."""
    if name.endswith("Exception") and len(name) > len("Exception"):
        return name[: -len("Exception")] + "Error"
    return name + "Error"
