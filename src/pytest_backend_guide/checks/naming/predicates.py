"""Small judgments on names, values and decorators, shared by the NAME walk."""

from __future__ import annotations

import ast
from functools import lru_cache

from pytest_backend_guide.checks.naming.bindings import Binding, Scope
from pytest_backend_guide.checks.naming.vocabulary import (
    API_NAMES,
    ASSIGN,
    CALLABLE_STYLE,
    CLASS_VALUES,
    COMPREHENSION,
    COORDINATES,
    DESCRIPTOR_BASES,
    ENUM,
    ENUM_BASES,
    EXCEPT,
    EXCEPTION,
    EXCEPTION_BASES,
    HANDLER_METHOD,
    LAMBDA,
    LOCAL_KINDS,
    LOOP,
    LOOP_INDICES,
    OVERRIDE,
    PROPERTY,
    PROPERTY_SUFFIXES,
    ROUTE_DECORATORS,
    SCHEMA,
    SCHEMA_BASES,
    SCHEMA_SUFFIXES,
    TEST_CASE,
    TYPED_DICT,
    TYPE_FACTORIES,
    UNITTEST_STYLE,
    UNKNOWN_VALUE_KINDS,
    WITH,
)
from pytest_backend_guide.helpers import casing

def decoration_of(overrides: bool, decorators: list[str]) -> str:
    """Return ``override``, ``property`` or empty for a function's decorators."""
    if overrides:
        return OVERRIDE
    if any(name.endswith(PROPERTY_SUFFIXES) for name in decorators):
        return PROPERTY
    return ""


def is_route(decorators: list[str]) -> bool:
    """Return whether a decorator registers the function as an HTTP route."""
    return any(
        "." in name and name.rpartition(".")[2] in ROUTE_DECORATORS
        for name in decorators
    )


def exempt_function(name: str, decorated: str) -> bool:
    """Return whether a function name is fine or dictated from elsewhere."""
    if casing.is_snake_case(name) or is_short(name) or decorated == OVERRIDE:
        return True
    if casing.is_dunder(name) or name in API_NAMES:
        return True
    if UNITTEST_STYLE.fullmatch(casing.core_of(name)):
        return True
    if decorated == PROPERTY:
        return casing.is_upper_snake_case(name) or casing.is_mixed_pascal(name)
    return False


def acceptable_variable(binding: Binding, scope: Scope) -> bool:
    """Return whether a function or class variable's case is acceptable.

    Args:
        binding: The variable and where it is bound.
        scope: The scope binding it.

    Returns:
        True for snake_case, constants, API and handler names, enum
        members and names that may hold a class.
    """
    name = binding.name
    if casing.is_snake_case(name) or casing.is_dunder(name) or is_short(name):
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
        if SCHEMA in scope.traits and is_lower_camel(name):
            return True  # a field named after the JSON it mirrors
    if scope.kind != "class" and (
        binding.unpacked or binding.kind in UNKNOWN_VALUE_KINDS
    ):
        # Unpacked, loop, ``with`` and comprehension targets in a function
        # are judged as pep8-naming's N806 does, unless the loop runs over
        # classes written out (``for Model in (User, Group)``) or a ``with``
        # mocks a class (``with mock.patch("app.Service") as MockService``).
        return casing.is_mixed_pascal(name) and (
            iterates_classes(binding) or mocks_class(binding)
        )
    return casing.is_mixed_pascal(name) and may_be_class(binding)


def is_lower_camel(name: str) -> bool:
    """Return whether a name is camelCase: lower-case first, no underscores.

    Args:
        name: An identifier.

    Returns:
        True for ``itemsPerPage`` and ``createdAt``; False for ``Items`` and
        ``items_Per``.
    """
    return name[:1].islower() and "_" not in name and name.isalnum()


def conventional_short(core: str, binding: Binding, scope_kind: str) -> bool:
    """Return whether a single-letter name is a conventional one where it is.

    Args:
        core: The name without surrounding underscores.
        binding: Where and how it is bound.
        scope_kind: The kind of scope binding it.

    Returns:
        True for ``i`` in a loop, ``e`` in ``except``, ``f`` for an open
        file, coordinates, and names in comprehensions and lambdas.
    """
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
        return kind == WITH or (kind == ASSIGN and is_open_call(binding.value))
    return False


def is_short(name: str) -> bool:
    """Return whether the name's core is at most one character."""
    return len(casing.core_of(name)) <= 1


def is_key_value(target: ast.expr) -> bool:
    """Return whether a loop target unpacks into ``k`` and ``v``."""
    if not isinstance(target, ast.Tuple):
        return False
    names = {element.id for element in target.elts if isinstance(element, ast.Name)}
    return {"k", "v"} <= names


def dotted(node: ast.AST | None) -> str:
    """Return the dotted name of a name, attribute, call or subscript.

    A loop down the chain, not recursion: a chain of thousands of links
    (``q.filter(...).filter(...)...``) is a valid expression.
    """
    parts: list[str] = []
    while True:
        if isinstance(node, ast.Attribute):
            parts.append(node.attr)
            node = node.value
        elif isinstance(node, ast.Call):
            node = node.func
        elif isinstance(node, ast.Subscript):
            node = node.value
        else:
            if isinstance(node, ast.Name):
                parts.append(node.id)
            return ".".join(reversed(parts))


def last_name(node: ast.AST | None) -> str:
    """Return the last component of a node's dotted name."""
    return dotted(node).rpartition(".")[2]


def parameters(arguments: ast.arguments) -> list[ast.arg]:
    """Return every parameter of a signature, in order."""
    found = [*arguments.posonlyargs, *arguments.args]
    if arguments.vararg is not None:
        found.append(arguments.vararg)
    found.extend(arguments.kwonlyargs)
    if arguments.kwarg is not None:
        found.append(arguments.kwarg)
    return found


def first_parameter(arguments: ast.arguments) -> str | None:
    """Return the name of the first positional parameter, if any."""
    positional = arguments.posonlyargs or arguments.args
    return positional[0].arg if positional else None


def method_names(node: ast.ClassDef) -> list[str]:
    """Return the names of the methods that a class body defines."""
    return [
        statement.name
        for statement in node.body
        if isinstance(statement, ast.FunctionDef | ast.AsyncFunctionDef)
    ]


@lru_cache(maxsize=1024)
def base_traits(name: str) -> frozenset[str]:
    """Return the traits that a base class name implies.

    Args:
        name: The last component of a base class's name.

    Returns:
        Enum, test case, typed dict, schema, exception or callable style.
    """
    traits = set()
    if name in ENUM_BASES or name.endswith(("Enum", "Flag", "Choices")):
        traits.add(ENUM)
    if name.endswith("TestCase"):
        traits.add(TEST_CASE)
    if name == "TypedDict":
        traits.add(TYPED_DICT)
    if name in SCHEMA_BASES or name.endswith(SCHEMA_SUFFIXES):
        traits.add(SCHEMA)
    if name in EXCEPTION_BASES or name.endswith(("Error", "Exception")):
        traits.add(EXCEPTION)
    lower_base = bool(name) and name != "object" and name[0].islower()
    if lower_base or name in DESCRIPTOR_BASES or name.endswith("Decorator"):
        traits.add(CALLABLE_STYLE)
    return frozenset(traits)


def is_special(value: ast.expr | None, annotation: ast.expr | None) -> bool:
    """Return whether a binding defines a type: TypeVar, alias, NewType..."""
    if annotation is not None and last_name(annotation) == "TypeAlias":
        return True
    return isinstance(value, ast.Call) and last_name(value.func) in TYPE_FACTORIES


def is_final(annotation: ast.expr | None) -> bool:
    """Return whether an annotation is ``Final`` or ``Final[...]``."""
    return annotation is not None and last_name(annotation) == "Final"


def is_literal(value: ast.expr | None) -> bool:
    """Return whether a value is a literal constant expression.

    Numbers, strings, bytes, booleans, arithmetic on them, and tuples and
    ``frozenset(...)`` of them count; ``None``, lists, dicts, sets and other
    calls do not.

    Args:
        value: The value bound, if known.

    Returns:
        Whether it is such a literal.
    """
    todo = [value]
    while todo:  # a loop, not recursion: ``1 + 1 + ...`` may be thousands long
        node = todo.pop()
        if isinstance(node, ast.Constant):
            if node.value is None or node.value is Ellipsis:
                return False
        elif isinstance(node, ast.UnaryOp):
            todo.append(node.operand)
        elif isinstance(node, ast.BinOp):
            todo += (node.right, node.left)
        elif isinstance(node, ast.Tuple):
            todo.extend(node.elts)
        elif isinstance(node, ast.Call) and dotted(node.func) == "frozenset":
            if node.keywords:
                return False
            for argument in node.args:
                if not isinstance(argument, ast.Tuple | ast.List | ast.Set):
                    return False
                todo.extend(argument.elts)
        else:
            return False
    return True


def is_literal_collection(value: ast.expr) -> bool:
    """Return whether a value is a tuple, list or set display of literals."""
    if not isinstance(value, ast.Tuple | ast.List | ast.Set):
        return False
    return all(is_literal(element) for element in value.elts)


def iterates_classes(binding: Binding) -> bool:
    """Return whether a loop variable runs over a written-out tuple of classes."""
    value = binding.value
    if binding.kind not in (LOOP, COMPREHENSION) or binding.unpacked:
        return False
    if not isinstance(value, ast.Tuple | ast.List | ast.Set) or not value.elts:
        return False
    return all(
        isinstance(item, ast.Name | ast.Attribute)
        and casing.is_mixed_pascal(last_name(item))
        for item in value.elts
    )


def mocks_class(binding: Binding) -> bool:
    """Return whether a ``with`` target is a mock (``mock.patch(...)``)."""
    value = binding.value
    if binding.kind != WITH or not isinstance(value, ast.Call):
        return False
    return "patch" in dotted(value.func).split(".")


def may_be_class(binding: Binding) -> bool:
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


def is_open_call(value: ast.expr | None) -> bool:
    """Return whether a value opens a file (``open(...)``, ``path.open()``)."""
    return isinstance(value, ast.Call) and last_name(value.func).endswith("open")


def error_name(name: str) -> str:
    """Return the name of an exception class, ending in ``Error``."""
    if name.endswith("Exception") and len(name) > len("Exception"):
        return name[: -len("Exception")] + "Error"
    return name + "Error"
