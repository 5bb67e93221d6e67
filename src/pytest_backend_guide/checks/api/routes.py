"""What one module says about its HTTP routes, as JSON-compatible data.

FastAPI and Flask declare routes the same way: a decorator on a router
object (``@router.get("/users")``, ``@bp.route("/users")``). The router
gets a prefix where it is made (``APIRouter(prefix=...)``,
``Blueprint(..., url_prefix=...)``) and where it is mounted
(``app.include_router(router, prefix=...)``,
``app.register_blueprint(bp, url_prefix=...)``), often in another module.
:func:`scan_routes` records, for one file, the routers it makes, the routes
it declares, the routers it mounts and its imports; the project check joins
the files. Only string literals and module-level string constants are
static: any other prefix is recorded as unknown (``None``).
"""

from __future__ import annotations

import ast
from typing import Any

from pytest_backend_guide import SourceFile, walk_statements

ROUTER_CLASSES = {
    "APIRouter": "fastapi",
    "FastAPI": "fastapi",
    "Blueprint": "flask",
    "Flask": "flask",
}
APP_CLASSES = frozenset({"FastAPI", "Flask"})
ROUTE_METHODS = {
    "get": "GET",
    "post": "POST",
    "put": "PUT",
    "patch": "PATCH",
    "delete": "DELETE",
    "head": "HEAD",
    "options": "OPTIONS",
}
MULTI_METHOD = frozenset({"route", "api_route"})
MOUNTS = {"include_router": "prefix", "register_blueprint": "url_prefix"}
HTML_CALLS = frozenset(
    {
        "render_template",
        "render_template_string",
        "redirect",
        "TemplateResponse",
        "HTMLResponse",
        "RedirectResponse",
    }
)
UNKNOWN = None
# Text that any module making, decorating or mounting a router contains.
MARKERS = ("Router", "Blueprint", "FastAPI", "Flask", "Starlette", "@", "ount(")
# Text that any module mounting a router (or a Starlette Mount) contains.
MOUNT_WORDS = ("include_router", "register_blueprint", "ount(")


def scan_routes(source: SourceFile) -> dict[str, Any]:
    """Compute a file's routing facts.

    Args:
        source: The parsed file.

    Returns:
        ``{"imports", "routers", "routes", "mounts"}``: local name ->
        ``[module, attribute or None]``; router name -> ``{"prefix",
        "app"}``; the routes (``router``, ``path``, ``methods``, ``line``,
        ``col``, ``html``); the mounts (``parent``, ``child`` as
        ``[name, attribute or None]``, ``prefix``, ``replaces``).
    """
    tree = source.tree
    constants = _string_constants(tree)
    facts: dict[str, Any] = {
        "imports": {},
        "routers": {},
        "routes": [],
        "mounts": [],
    }
    if not any(marker in source.text for marker in MARKERS):
        # Nothing routes here; only its top-level imports may re-export a router.
        for statement in tree.body:
            if isinstance(statement, ast.Import | ast.ImportFrom):
                _add_import(statement, facts["imports"])
        return facts
    for node in walk_statements(tree):  # imports, routers, routes: statements
        if isinstance(node, ast.Import | ast.ImportFrom):
            _add_import(node, facts["imports"])
        elif isinstance(node, ast.Assign | ast.AnnAssign):
            _router(node, constants, facts["routers"])
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            facts["routes"].extend(_routes(node, constants, source))
    if any(word in source.text for word in MOUNT_WORDS):
        nodes = source.nodes
        found = []
        for call in nodes.of_type(ast.Call):  # a mount is a call, anywhere
            mount = _mount(call, constants)
            if mount is not None:
                found.append((nodes.depth(call), mount))
        # In ast.walk's order, level by level, as the facts always were.
        found.sort(key=_depth_first)
        facts["mounts"].extend(mount for _, mount in found)
    return facts


def _depth_first(item: tuple[int, dict[str, Any]]) -> int:
    return item[0]


def static_text(node: ast.expr | None, constants: dict[str, str]) -> str | None:
    """Return the value of a string known before the code runs.

    Args:
        node: The expression (a literal, a module constant, or a sum of both).
        constants: The module's string constants.

    Returns:
        The string, or None when it is not static.
    """
    pieces: list[str] = []
    todo = [node]
    while todo:  # left to right, without recursion: a sum may be thousands long
        part = todo.pop()
        if isinstance(part, ast.BinOp) and isinstance(part.op, ast.Add):
            todo += (part.right, part.left)
            continue
        if isinstance(part, ast.Constant) and isinstance(part.value, str):
            pieces.append(part.value)
        elif isinstance(part, ast.Name) and part.id in constants:
            pieces.append(constants[part.id])
        else:
            return None
    return "".join(pieces)


def _string_constants(tree: ast.Module) -> dict[str, str]:
    constants: dict[str, str] = {}
    assigned: dict[str, int] = {}
    for statement in tree.body:
        if isinstance(statement, ast.Assign) and len(statement.targets) == 1:
            target, value = statement.targets[0], statement.value
        elif isinstance(statement, ast.AnnAssign) and statement.value is not None:
            target, value = statement.target, statement.value
        else:
            continue
        if isinstance(target, ast.Name):
            assigned[target.id] = assigned.get(target.id, 0) + 1
            text = static_text(value, constants)
            if text is not None:
                constants[target.id] = text
    return {name: text for name, text in constants.items() if assigned[name] == 1}


def _add_import(
    statement: ast.Import | ast.ImportFrom, imports: dict[str, list[str | None]]
) -> None:
    if isinstance(statement, ast.Import):
        for alias in statement.names:
            if alias.asname:
                imports[alias.asname] = [alias.name, None]
        return
    module = "." * statement.level + (statement.module or "")
    for alias in statement.names:
        imports[alias.asname or alias.name] = [module, alias.name]


def _class_name(func: ast.expr) -> str:
    if isinstance(func, ast.Attribute):
        return func.attr
    return func.id if isinstance(func, ast.Name) else ""


def _router(
    node: ast.Assign | ast.AnnAssign,
    constants: dict[str, str],
    routers: dict[str, dict[str, Any]],
) -> None:
    target = node.targets[0] if isinstance(node, ast.Assign) else node.target
    call = node.value
    if not isinstance(target, ast.Name) or not isinstance(call, ast.Call):
        return
    kind = _class_name(call.func)
    if kind not in ROUTER_CLASSES:
        return
    key = "prefix" if ROUTER_CLASSES[kind] == "fastapi" else "url_prefix"
    prefix: str | None = ""
    for item in call.keywords:
        if item.arg == key:
            prefix = static_text(item.value, constants)
        elif item.arg is None:
            prefix = UNKNOWN
    routers[target.id] = {"prefix": prefix, "app": kind in APP_CLASSES}


def _routes(
    function: ast.FunctionDef | ast.AsyncFunctionDef,
    constants: dict[str, str],
    source: SourceFile,
) -> list[dict[str, Any]]:
    found = []
    for decorator in function.decorator_list:
        if not isinstance(decorator, ast.Call):
            continue
        func = decorator.func
        if not isinstance(func, ast.Attribute) or not isinstance(func.value, ast.Name):
            continue
        methods = route_methods(decorator)
        if methods is None:
            continue
        path_node = decorator.args[0] if decorator.args else None
        for item in decorator.keywords:
            if item.arg in {"path", "rule"}:
                path_node = item.value
        path = static_text(path_node, constants)
        if path is None:
            continue
        found.append(
            {
                "router": func.value.id,
                "path": path,
                "methods": sorted(methods),
                "line": decorator.lineno,
                "col": source.char_column(decorator.lineno, decorator.col_offset),
                "html": renders_html(function, decorator),
            }
        )
    return found


def route_methods(decorator: ast.Call) -> set[str] | None:
    """Return the HTTP methods of a route decorator, or None if it is not one.

    Args:
        decorator: A decorator call such as ``router.post("/users")``.

    Returns:
        The methods (``{"GET"}`` for ``@bp.route`` without ``methods=``).
    """
    func = decorator.func
    if not isinstance(func, ast.Attribute):
        return None
    if func.attr in ROUTE_METHODS:
        return {ROUTE_METHODS[func.attr]}
    if func.attr not in MULTI_METHOD:
        return None
    for item in decorator.keywords:
        if item.arg == "methods" and isinstance(item.value, ast.List | ast.Tuple):
            return {
                str(element.value).upper()
                for element in item.value.elts
                if isinstance(element, ast.Constant)
            }
    return {"GET"}


def renders_html(
    function: ast.FunctionDef | ast.AsyncFunctionDef, decorator: ast.Call
) -> bool:
    """Tell whether a route serves a web page rather than an API.

    Args:
        function: The handler.
        decorator: Its route decorator.

    Returns:
        True when it renders a template, redirects, or says it answers HTML.
    """
    for item in decorator.keywords:
        if item.arg == "response_class" and "HTML" in ast.unparse(item.value):
            return True
    for node in ast.walk(function):
        if isinstance(node, ast.Call) and _class_name(node.func) in HTML_CALLS:
            return True
    return False


def _mount(call: ast.Call, constants: dict[str, str]) -> dict[str, Any] | None:
    func = call.func
    if isinstance(func, ast.Name) and func.id == "Mount":
        return _starlette_mount(call, None, constants)
    if not isinstance(func, ast.Attribute):
        return None
    if func.attr == "Mount":
        return _starlette_mount(call, None, constants)
    if not isinstance(func.value, ast.Name):
        return None
    if func.attr == "mount":
        return _starlette_mount(call, func.value.id, constants)
    if func.attr not in MOUNTS or not call.args:
        return None
    child = _reference(call.args[0])
    if child is None:
        return None
    key = MOUNTS[func.attr]
    prefix: str | None = ""
    given = False
    for item in call.keywords:
        if item.arg == key:
            prefix, given = static_text(item.value, constants), True
        elif item.arg is None:
            prefix, given = UNKNOWN, True
    return {
        "parent": func.value.id,
        "child": child,
        "prefix": prefix,
        "replaces": given and func.attr == "register_blueprint",
    }


def _starlette_mount(
    call: ast.Call, parent: str | None, constants: dict[str, str]
) -> dict[str, Any] | None:
    """Record ``app.mount("/api/v1", app=api)`` or ``Mount("/v1", app=api)``.

    A ``Mount`` in a route list belongs to an application the scan cannot
    name: its parent is unknown, which keeps the mounted routes unjudged.
    """
    target = call.args[1] if len(call.args) > 1 else None
    for item in call.keywords:
        if item.arg == "app":
            target = item.value
    child = _reference(target) if target is not None else None
    if child is None:
        return None
    path = static_text(call.args[0], constants) if call.args else None
    return {"parent": parent, "child": child, "prefix": path, "replaces": False}


def _reference(node: ast.expr) -> list[str | None] | None:
    """Return ``[name, None]``, or ``[name, "a.b"]`` for ``name.a.b``.

    ``user.views.blueprint`` (flask-realworld: ``from conduit import
    user``) keeps its whole attribute path, so the module it names can be
    found.
    """
    if isinstance(node, ast.Name):
        return [node.id, None]
    attributes: list[str] = []
    while isinstance(node, ast.Attribute):  # a loop, not recursion
        attributes.insert(0, node.attr)
        node = node.value
    if isinstance(node, ast.Name) and attributes:
        return [node.id, ".".join(attributes)]
    return None
