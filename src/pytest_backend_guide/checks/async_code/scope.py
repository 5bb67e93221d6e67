"""What the names of one function hold: a sync DB session, an HTTP client, a path.

Facts a pattern cannot see: a parameter annotated ``Session`` (directly,
through ``Annotated[Session, Depends(...)]`` or a module-level alias of
it), a local bound by ``Session(engine)``, by a module-level
``sessionmaker`` result, or by ``with httpx.Client() as client``, and an
attribute the function itself binds to one (dispatch's middleware:
``request.state.db = scoped_session(sessionmaker(bind=engine))()``).
"""

from __future__ import annotations

import ast
from collections.abc import Mapping
from dataclasses import dataclass, field

from pytest_backend_guide import ImportBindings, walk_own_scope
from pytest_backend_guide.helpers import dotted_name

FunctionNode = ast.FunctionDef | ast.AsyncFunctionDef

SYNC_SESSION = "sync-session"
REQUESTS_SESSION = "requests-session"
HTTPX_CLIENT = "httpx-client"
ASYNC_HTTPX_CLIENT = "httpx-async-client"
AIOHTTP_SESSION = "aiohttp-session"
PATH = "path"
INSPECTOR = "sql-inspector"
SESSION_FACTORY = "session-factory"

SYNC_SESSION_TYPES = frozenset(
    {
        "sqlalchemy.orm.Session",
        "sqlalchemy.orm.session.Session",
        "sqlmodel.Session",
        "sqlmodel.orm.session.Session",
    }
)
SESSION_FACTORIES = frozenset(
    {"sqlalchemy.orm.sessionmaker", "sqlalchemy.orm.session.sessionmaker"}
)
SCOPED_SESSION = frozenset(
    {"sqlalchemy.orm.scoped_session", "sqlalchemy.orm.scoping.scoped_session"}
)
# Names whose call gives a session: a sessionmaker result, a scoped_session.
CALLED_SESSIONS = frozenset({"session-factory", "sync-session"})
CLIENT_TYPES = {
    "requests.Session": REQUESTS_SESSION,
    "requests.sessions.Session": REQUESTS_SESSION,
    "requests.session": REQUESTS_SESSION,
    "httpx.Client": HTTPX_CLIENT,
    "httpx.AsyncClient": ASYNC_HTTPX_CLIENT,
    "aiohttp.ClientSession": AIOHTTP_SESSION,
}
# sqlalchemy.inspect() of an engine or connection gives an Inspector whose
# reflection methods query the database; of a model or an instance it gives
# a Mapper or an InstanceState, which have none of those methods.
INSPECT_FUNCTIONS = frozenset({"sqlalchemy.inspect", "sqlalchemy.inspection.inspect"})
PATH_TYPES = frozenset(
    {"pathlib.Path", "pathlib.PurePath", "pathlib.PosixPath", "pathlib.WindowsPath"}
)


@dataclass(frozen=True)
class ModuleFacts:
    """Module-level names that stand for a sync session or its factory.

    Attributes:
        bindings: The module's import bindings.
        session_aliases: Names of aliases of ``Session``
            (``SessionDep = Annotated[Session, Depends(get_db)]``).
        session_factories: Names bound to a ``sessionmaker(...)`` result.
        sessions: Names bound to a ``scoped_session(...)`` (usable as a session).
        clients: Module-level HTTP clients, name -> kind.
    """

    bindings: ImportBindings
    session_aliases: frozenset[str]
    session_factories: frozenset[str]
    sessions: frozenset[str]
    clients: Mapping[str, str] = field(default_factory=dict)

    @classmethod
    def of(cls, tree: ast.Module, known: frozenset[str] = frozenset()) -> ModuleFacts:
        """Read the module-level facts of a file.

        Args:
            tree: The module.
            known: Configured aliases of ``Session`` defined elsewhere; a
                file cannot see another file's definitions.

        Returns:
            The facts.
        """
        bindings = ImportBindings.of(tree)
        aliases: set[str] = set(known)
        factories: set[str] = set()
        sessions: set[str] = set()
        clients: dict[str, str] = {}
        for statement in tree.body:
            target, value = _single_assignment(statement)
            if target is None or value is None:
                continue
            if _annotates_session(value, bindings, frozenset(aliases)):
                aliases.add(target)
            elif isinstance(value, ast.Call):
                called = bindings.resolve(value.func) or ""
                if called in SESSION_FACTORIES and not _makes_async(value):
                    factories.add(target)
                elif called in SCOPED_SESSION:
                    sessions.add(target)
                elif called in CLIENT_TYPES:
                    clients[target] = CLIENT_TYPES[called]
        return cls(
            bindings,
            frozenset(aliases),
            frozenset(factories),
            frozenset(sessions),
            clients,
        )

    def is_sync_session_type(self, annotation: ast.expr | None) -> bool:
        """Return whether an annotation names a sync SQLAlchemy/SQLModel session.

        Args:
            annotation: A parameter's annotation, if any.

        Returns:
            Whether it is ``Session``, ``Annotated[Session, ...]`` or an alias.
        """
        if annotation is None:
            return False
        return _annotates_session(annotation, self.bindings, self.session_aliases)

    def kind_of_value(self, value: ast.expr, local: dict[str, str]) -> str | None:
        """Return what a value holds, when it is one of the tracked kinds.

        Args:
            value: An expression (the right side of an assignment or a
                ``with`` item).
            local: Kinds of the function's names known so far.

        Returns:
            The kind, or None.
        """
        if isinstance(value, ast.Name):
            if value.id in self.sessions:
                return SYNC_SESSION
            return local.get(value.id) or self.clients.get(value.id)
        if isinstance(value, ast.Attribute):  # request.state.db
            return local.get(dotted_name(value) or "")
        if isinstance(value, ast.BinOp) and isinstance(value.op, ast.Div):
            while isinstance(value, ast.BinOp) and isinstance(value.op, ast.Div):
                value = value.left  # base / "a" / "b" / ...: a loop, not recursion
            return PATH if self.kind_of_value(value, local) == PATH else None
        if not isinstance(value, ast.Call):
            return None
        func = value.func
        if isinstance(func, ast.Name) and func.id in self.session_factories:
            return SYNC_SESSION
        if isinstance(func, ast.Name) and local.get(func.id) in CALLED_SESSIONS:
            return SYNC_SESSION  # factory() or a scoped_session called
        if isinstance(func, ast.Call):  # sessionmaker(bind=engine)()
            inner = self.bindings.resolve(func.func) or ""
            sync = inner in SESSION_FACTORIES and not _makes_async(func)
            return SYNC_SESSION if sync else None
        called = self.bindings.resolve(func) or ""
        if called in SYNC_SESSION_TYPES or called in SCOPED_SESSION:
            return SYNC_SESSION
        if called in SESSION_FACTORIES and not _makes_async(value):
            return SESSION_FACTORY
        if called in PATH_TYPES:
            return PATH
        if called in INSPECT_FUNCTIONS:
            return INSPECTOR
        return CLIENT_TYPES.get(called)


def function_kinds(function: FunctionNode, facts: ModuleFacts) -> dict[str, str]:
    """Return the kinds of a function's parameters and locals.

    Args:
        function: The function.
        facts: The module's facts.

    Returns:
        Name -> kind, for the names whose kind is known.
    """
    kinds: dict[str, str] = {}
    arguments = function.args
    for argument in (
        *arguments.posonlyargs,
        *arguments.args,
        *arguments.kwonlyargs,
    ):
        if facts.is_sync_session_type(argument.annotation):
            kinds[argument.arg] = SYNC_SESSION
        elif (facts.bindings.resolve(_bare(argument.annotation)) or "") in PATH_TYPES:
            kinds[argument.arg] = PATH
    for node in walk_own_scope(function.body):
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            target = node.targets[0]
            name = target.id if isinstance(target, ast.Name) else None
            if isinstance(target, ast.Attribute):  # request.state.db = session()
                name = dotted_name(target)
            if name is not None:
                kind = facts.kind_of_value(node.value, kinds)
                if kind:
                    kinds[name] = kind
        elif isinstance(node, (ast.With, ast.AsyncWith)):
            for item in node.items:
                if isinstance(item.optional_vars, ast.Name):
                    kind = facts.kind_of_value(item.context_expr, kinds)
                    if kind:
                        kinds[item.optional_vars.id] = kind
    return kinds


def _makes_async(factory: ast.Call) -> bool:
    """Return whether ``sessionmaker(..., class_=AsyncSession)`` makes async ones."""
    for keyword in factory.keywords:
        if keyword.arg == "class_":
            named = keyword.value
            name = named.attr if isinstance(named, ast.Attribute) else None
            name = named.id if isinstance(named, ast.Name) else name
            return (name or "").startswith("Async")
    return False


def _bare(annotation: ast.expr | None) -> ast.expr:
    if annotation is None:
        return ast.Constant(None)
    if isinstance(annotation, ast.Subscript):  # Annotated[Path, ...]
        inner = annotation.slice
        if isinstance(inner, ast.Tuple) and inner.elts:
            return inner.elts[0]
    return annotation


def _annotates_session(
    annotation: ast.expr, bindings: ImportBindings, aliases: frozenset[str]
) -> bool:
    while True:  # into Annotated[Annotated[...], ...], without recursion
        if isinstance(annotation, ast.Name) and annotation.id in aliases:
            return True
        if not isinstance(annotation, ast.Subscript):
            return (bindings.resolve(annotation) or "") in SYNC_SESSION_TYPES
        head = bindings.resolve(annotation.value) or ""
        if not head.endswith("Annotated"):
            return False
        inner = annotation.slice
        annotation = inner.elts[0] if isinstance(inner, ast.Tuple) else inner


def _single_assignment(statement: ast.stmt) -> tuple[str | None, ast.expr | None]:
    if (
        isinstance(statement, ast.Assign)
        and len(statement.targets) == 1
        and isinstance(statement.targets[0], ast.Name)
    ):
        return statement.targets[0].id, statement.value
    if isinstance(statement, ast.AnnAssign) and isinstance(statement.target, ast.Name):
        return statement.target.id, statement.value
    return None, None
