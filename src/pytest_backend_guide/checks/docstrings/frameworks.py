"""Functions whose parameters a framework fills in by name.

Slack Bolt calls its listeners and middleware with whatever their parameter
names ask for (``ack``, ``body``, ``client``, ``context``, ``say``...) and
with keys a middleware put in the context (``db_session``). Nobody calls
such a function by hand, so its parameters need no Args section, just as
FastAPI's ``Depends`` parameters need none.
"""

from __future__ import annotations

import ast

from pytest_backend_guide.helpers import FunctionFacts, dotted_name

BOLT_PACKAGE = "slack_bolt"
# Parameters only a Bolt listener or middleware takes.
BOLT_MARKER_NAMES = frozenset({"ack", "say", "respond", "next", "next_"})
BOLT_MARKER_TYPES = frozenset(
    {"Ack", "AsyncAck", "Say", "AsyncSay", "Respond", "AsyncRespond"}
)
# ``@app.action(...)``, ``@app.view(...)``: the methods that register one.
BOLT_LISTENERS = frozenset(
    {
        "action",
        "block_action",
        "command",
        "event",
        "message",
        "middleware",
        "options",
        "shortcut",
        "use",
        "view",
        "view_closed",
        "view_submission",
    }
)


def imports_bolt(tree: ast.Module) -> bool:
    """Return whether a module imports Slack Bolt at its top level.

    Args:
        tree: The module.

    Returns:
        True for ``import slack_bolt...`` or ``from slack_bolt... import``.
    """
    for statement in tree.body:
        if isinstance(statement, ast.ImportFrom):
            names = [statement.module or ""]
        elif isinstance(statement, ast.Import):
            names = [alias.name for alias in statement.names]
        else:
            continue
        if any(name.split(".")[0] == BOLT_PACKAGE for name in names):
            return True
    return False


def is_bolt_listener(function: FunctionFacts) -> bool:
    """Return whether Bolt calls a function, filling its parameters by name.

    A helper that merely takes a ``BoltContext`` is not one: only a
    registering decorator or a parameter that exists for Bolt alone
    (``ack``, ``say``, ``respond``, ``next``, or one annotated ``Ack``,
    ``Say``, ``Respond``) says so.

    Args:
        function: The function, in a module that imports Bolt.

    Returns:
        Whether it is a listener or a middleware.
    """
    for decorator in function.node.decorator_list:
        target = decorator.func if isinstance(decorator, ast.Call) else decorator
        if isinstance(target, ast.Attribute) and target.attr in BOLT_LISTENERS:
            return True
    arguments = function.node.args
    for param in [*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs]:
        if param.arg in BOLT_MARKER_NAMES:
            return True
        annotation = dotted_name(param.annotation) if param.annotation else None
        if annotation and annotation.rpartition(".")[2] in BOLT_MARKER_TYPES:
            return True
    return False
