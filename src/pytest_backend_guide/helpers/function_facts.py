"""What a function, class or module definition looks like and does.

Plain data about definitions, filled in by the walk in
:mod:`pytest_backend_guide.helpers.functions` and read by the docstring and
type-hint families.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field
from functools import cached_property
from typing import NamedTuple

FunctionNode = ast.FunctionDef | ast.AsyncFunctionDef

PROPERTY_DECORATORS = frozenset({"property", "cached_property"})
ABSTRACT_DECORATORS = frozenset(
    {
        "abstractmethod",
        "abstractproperty",
        "abstractclassmethod",
        "abstractstaticmethod",
    }
)
IMPLICIT_NAMES = frozenset({"self", "cls"})
STARS = {"star": "*", "double-star": "**"}
INJECTION_CALLS = frozenset({"Depends", "Security"})


class Parameter(NamedTuple):
    """One parameter of a function.

    Attributes:
        name: The name, without ``*`` or ``**``.
        node: The ``ast.arg`` node, which points at the name.
        kind: ``positional``, ``star``, ``keyword`` or ``double-star``.
        implicit: Whether it is the ``self``/``cls`` of a method.
        default: The default value, if any.
    """

    name: str
    node: ast.arg
    kind: str
    implicit: bool = False
    default: ast.expr | None = None

    @property
    def injected(self) -> bool:
        """Return whether a framework supplies it (FastAPI ``Depends``).

        Returns:
            True when the default, or an ``Annotated`` metadata item, is a
            call to ``Depends`` or ``Security``.
        """
        candidates = [self.default]
        annotation = self.node.annotation
        if isinstance(annotation, ast.Subscript) and isinstance(
            annotation.slice, ast.Tuple
        ):
            candidates.extend(annotation.slice.elts[1:])
        return any(_is_injection(candidate) for candidate in candidates)

    @property
    def is_star(self) -> bool:
        """Return whether it is ``*args`` or ``**kwargs``."""
        return self.kind in ("star", "double-star")

    @property
    def display(self) -> str:
        """Return the name as written in the signature (``**kwargs``)."""
        return STARS.get(self.kind, "") + self.name


@dataclass(frozen=True)
class RaisedError:
    """An exception that a function raises itself.

    Attributes:
        name: The exception's name, last part of a dotted name.
        node: The ``raise`` statement.
    """

    name: str
    node: ast.Raise


@dataclass(eq=False)
class ClassFacts:
    """What one class definition looks like.

    Attributes:
        node: The class definition.
        qualname: Dotted name inside the module (``Outer.Inner``).
        public: No leading underscore on it or an enclosing class, and not
            defined inside a function.
        nested: Defined inside a function.
        owner: The class whose body defines it, if any.
        docstring: The docstring node, if any.
        init: The class's own ``__init__``, if it defines one.
    """

    node: ast.ClassDef
    qualname: str
    public: bool
    nested: bool
    owner: ClassFacts | None
    docstring: ast.Constant | None
    init: FunctionFacts | None = None


@dataclass(eq=False)
class FunctionFacts:
    """What one function or method definition looks like and does.

    Attributes:
        node: The function definition.
        qualname: Dotted name inside the module (``UserService.get``).
        public: Public name (or dunder) on a public path, and not nested.
        nested: Defined inside another function.
        owner: The class whose body defines it, for methods.
        decorators: Decorator names, each dotted and by its last part.
        docstring: The docstring node, if any.
        returns_value: A ``return`` with a value other than ``None``.
        is_generator: The body yields.
        raises: Exceptions raised in the body and not caught there.
        overload_impl: The implementation after ``@overload`` stubs.
    """

    node: FunctionNode
    qualname: str
    public: bool
    nested: bool
    owner: ClassFacts | None
    decorators: frozenset[str]
    docstring: ast.Constant | None
    returns_value: bool = False
    is_generator: bool = False
    raises: list[RaisedError] = field(default_factory=list)
    overload_impl: bool = False

    @property
    def name(self) -> str:
        """Return the function's own name."""
        return self.node.name

    @property
    def is_dunder(self) -> bool:
        """Return whether the name is ``__like_this__``."""
        return is_dunder(self.node.name)

    @property
    def is_overload(self) -> bool:
        """Return whether it is an ``@overload`` stub."""
        return "overload" in self.decorators

    @property
    def is_override(self) -> bool:
        """Return whether it is marked ``@override``."""
        return "override" in self.decorators

    @property
    def is_property(self) -> bool:
        """Return whether it is a property getter."""
        return not PROPERTY_DECORATORS.isdisjoint(self.decorators)

    @property
    def is_property_accessor(self) -> bool:
        """Return whether it is a property setter or deleter."""
        return any(name.endswith((".setter", ".deleter")) for name in self.decorators)

    @property
    def is_abstract(self) -> bool:
        """Return whether it is an abstract method."""
        return not ABSTRACT_DECORATORS.isdisjoint(self.decorators)

    @property
    def is_stub(self) -> bool:
        """Return whether the body only passes, ``...`` or NotImplementedError."""
        return all(_is_stub_statement(statement) for statement in self._code)

    @property
    def body_lines(self) -> int:
        """Return how many lines the body spans, the docstring left out."""
        code = self._code
        if not code:
            return 0
        end = getattr(self.node, "end_lineno", None) or code[-1].lineno
        return end - code[0].lineno + 1

    @property
    def _code(self) -> list[ast.stmt]:
        return self.node.body[1:] if self.docstring is not None else self.node.body

    @cached_property
    def parameters(self) -> tuple[Parameter, ...]:
        """Return the parameters in signature order, ``self``/``cls`` marked.

        Returns:
            Positional-only, ordinary, ``*args``, keyword-only and
            ``**kwargs`` parameters.
        """
        args = self.node.args
        method = self.owner is not None or _binds_first(self.node)
        static = "staticmethod" in self.decorators
        positional = [*args.posonlyargs, *args.args]
        defaults = [None] * (len(positional) - len(args.defaults)) + args.defaults
        found: list[Parameter] = []
        for index, arg in enumerate(positional):
            # Only a method's first parameter is implicit (or a function's a
            # decorator binds, Celery's ``@app.task(bind=True)``): a plain
            # module-level function's ``self`` is an ordinary parameter.
            first = (
                index == 0 and method and (not static or arg.arg in IMPLICIT_NAMES)
            )
            found.append(Parameter(arg.arg, arg, "positional", first, defaults[index]))
        if args.vararg is not None:
            found.append(Parameter(args.vararg.arg, args.vararg, "star"))
        for arg, default in zip(args.kwonlyargs, args.kw_defaults, strict=True):
            found.append(Parameter(arg.arg, arg, "keyword", False, default))
        if args.kwarg is not None:
            found.append(Parameter(args.kwarg.arg, args.kwarg, "double-star"))
        return tuple(found)


@dataclass(eq=False)
class ModuleFacts:
    """The definitions of one module.

    Attributes:
        docstring: The module docstring node, if any.
        empty: The module has no statements at all.
        functions: Every function and method, nested ones included.
        classes: Every class, nested ones included.
    """

    docstring: ast.Constant | None
    empty: bool
    functions: list[FunctionFacts]
    classes: list[ClassFacts]


def is_dunder(name: str) -> bool:
    """Return whether ``name`` is a ``__dunder__`` name."""
    return len(name) > 4 and name.startswith("__") and name.endswith("__")


def is_public_name(name: str) -> bool:
    """Return whether a name is public: no leading underscore, or a dunder."""
    return not name.startswith("_") or is_dunder(name)


def dotted_name(node: ast.expr) -> str | None:
    """Return ``a.b.c`` for a chain of names and attributes, else None.

    Args:
        node: An expression.

    Returns:
        The dotted name, or None when the expression is something else.
    """
    parts: list[str] = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if not isinstance(node, ast.Name):
        return None
    parts.append(node.id)
    return ".".join(reversed(parts))


def _is_stub_statement(statement: ast.stmt) -> bool:
    if isinstance(statement, ast.Pass):
        return True
    if isinstance(statement, ast.Expr):
        return isinstance(statement.value, ast.Constant)
    if isinstance(statement, ast.Raise) and statement.exc is not None:
        exc = statement.exc
        target = exc.func if isinstance(exc, ast.Call) else exc
        dotted = dotted_name(target) or ""
        return dotted.rpartition(".")[2] == "NotImplementedError"
    return False


def _binds_first(node: FunctionNode) -> bool:
    """Return whether a decorator passes the function itself first (``bind=True``)."""
    return any(
        isinstance(decorator, ast.Call)
        and any(
            keyword.arg == "bind"
            and isinstance(keyword.value, ast.Constant)
            and keyword.value.value is True
            for keyword in decorator.keywords
        )
        for decorator in node.decorator_list
    )


def _is_injection(node: ast.expr | None) -> bool:
    if not isinstance(node, ast.Call):
        return False
    dotted = dotted_name(node.func) or ""
    return dotted.rpartition(".")[2] in INJECTION_CALLS
