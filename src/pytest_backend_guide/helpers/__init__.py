"""Helpers for checker authors: the public facts about code that families share.

Built-in families use these, and so may third-party checkers; like the
names exported by :mod:`pytest_backend_guide`, they are public API.

- :mod:`~pytest_backend_guide.helpers.casing`: case tests and conversions
  of identifiers (``is_snake_case``, ``to_pascal_case``...).
- :func:`module_facts`: the functions and classes of a parsed file, what
  they take, return, raise and how they are decorated, gathered in one
  walk shared by every checker that asks (:class:`FunctionFacts`,
  :class:`ClassFacts`, :class:`ModuleFacts`).
- :func:`is_test_module`, :func:`module_is_private`: what a path is.
- :func:`name_position`, :func:`docstring_node`: where things are in a file.
"""

from pytest_backend_guide.helpers import casing
from pytest_backend_guide.helpers.function_facts import (
    ClassFacts,
    FunctionFacts,
    FunctionNode,
    ModuleFacts,
    Parameter,
    RaisedError,
    dotted_name,
    is_dunder,
    is_public_name,
)
from pytest_backend_guide.helpers.functions import (
    docstring_node,
    is_test_module,
    module_facts,
    module_is_private,
    name_position,
)

__all__ = [
    "ClassFacts",
    "FunctionFacts",
    "FunctionNode",
    "ModuleFacts",
    "Parameter",
    "RaisedError",
    "casing",
    "docstring_node",
    "dotted_name",
    "is_dunder",
    "is_public_name",
    "is_test_module",
    "module_facts",
    "module_is_private",
    "name_position",
]
