"""What the walk records: where names are bound, and the scopes it is in."""

from __future__ import annotations

import ast
from dataclasses import dataclass, field
from typing import NamedTuple, TypeAlias

Branch: TypeAlias = tuple[tuple[int, str], ...]
Definition: TypeAlias = ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef

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
        unpacked: The name is one element of a tuple or list target.
    """

    name: str
    line: int
    col: int
    kind: str
    value: ast.expr | None = None
    annotation: ast.expr | None = None
    pair: bool = False
    unpacked: bool = False


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


