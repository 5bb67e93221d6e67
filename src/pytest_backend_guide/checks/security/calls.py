"""SEC011-SEC016: dangerous calls, each recognised by what it resolves to.

Every call is resolved through the file's imports first (``import yaml as
y``; ``from hashlib import md5``), so a method that happens to share a
name (``model.eval()``) or a function of the project's own is never taken
for the library call.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from dataclasses import dataclass

from pytest_backend_guide.checks.security.names import (
    Names,
    identifiers,
    is_literal_string,
    is_true,
    keyword,
)

WEAK_HASHES = frozenset(
    {"md5", "sha1", "sha224", "sha256", "sha384", "sha512", "sha3_256", "sha3_512"}
)
PASSWORD = re.compile(r"(^|_)(password|passwd|pwd|passphrase|pw)(_|$)", re.IGNORECASE)
DESERIALIZERS = frozenset(
    {
        "pickle.load",
        "pickle.loads",
        "cPickle.load",
        "cPickle.loads",
        "_pickle.loads",
        "dill.load",
        "dill.loads",
        "marshal.load",
        "marshal.loads",
        "yaml.unsafe_load",
        "yaml.unsafe_load_all",
    }
)
JWT_DECODERS = frozenset({"jwt.decode", "jose.jwt.decode", "jwt.api_jwt.decode"})
APP_CLASSES = frozenset(
    {
        "fastapi.FastAPI",
        "starlette.applications.Starlette",
        "flask.Flask",
        "quart.Quart",
        "sanic.Sanic",
        "uvicorn.run",
        "uvicorn.Config",
        "litestar.Litestar",
    }
)


# Last names of the functions the rules look at; other calls are skipped
# unless they pass shell= or debug=.
CALL_TAILS = frozenset(
    {"eval", "exec", "system", "popen", "new", "decode"}
    | WEAK_HASHES
    | {name.rsplit(".", 1)[-1] for name in DESERIALIZERS}
    | {"load", "load_all"}
)


@dataclass(frozen=True)
class Finding:
    """One dangerous call.

    Attributes:
        code: The rule (``SEC011`` ...).
        node: The call (or the argument) to report.
        message: What is wrong.
        fix_hint: What to do instead.
    """

    code: str
    node: ast.AST
    message: str
    fix_hint: str


def check_call(call: ast.Call, names: Names) -> Iterator[Finding]:
    """Yield the SEC011-SEC016 findings of one call.

    Args:
        call: The call.
        names: The file's import bindings.

    Yields:
        The findings (usually none).
    """
    func = call.func
    tail = func.attr if isinstance(func, ast.Attribute) else ""
    if isinstance(func, ast.Name):
        tail = func.id
    if tail not in CALL_TAILS and not any(
        k.arg in {"shell", "debug"} for k in call.keywords
    ):
        return
    if tail in names.imported and not isinstance(func, ast.Attribute):
        tail = names.imported[tail].rsplit(".", 1)[-1]
    origin = names.qualify(func) or ""
    yield from _eval_exec(call, names)
    yield from _shell(call, origin)
    yield from _deserialize(call, origin)
    yield from _weak_hash(call, origin)
    yield from _jwt(call, origin)
    yield from _debug(call, origin)


def _eval_exec(call: ast.Call, names: Names) -> Iterator[Finding]:
    for builtin in ("eval", "exec"):
        if names.is_builtin(call.func, builtin) and call.args:
            if not is_literal_string(call.args[0]):
                yield Finding(
                    "SEC011",
                    call,
                    f"{builtin}() of a value that is not a literal",
                    "parse the data (json.loads, ast.literal_eval) or dispatch "
                    "on it explicitly",
                )


def _shell(call: ast.Call, origin: str) -> Iterator[Finding]:
    command = call.args[0] if call.args else keyword(call, "args")
    literal = command is not None and is_literal_string(command)
    shell = is_true(keyword(call, "shell"))
    if origin.startswith("subprocess.") and shell and not literal:
        yield Finding(
            "SEC012",
            call,
            f"{origin}() of a command built at run time, with shell=True",
            "pass the command as a list of arguments without shell=True",
        )
    elif origin in {"os.system", "os.popen"} and call.args:
        if not is_literal_string(call.args[0]):
            yield Finding(
                "SEC012",
                call,
                f"{origin}() of a command built at run time",
                "use subprocess.run([...]) with a list of arguments",
            )


def _deserialize(call: ast.Call, origin: str) -> Iterator[Finding]:
    if origin in DESERIALIZERS:
        yield Finding(
            "SEC013",
            call,
            f"{origin}() can run code from the data it reads",
            "use json, or a safe loader, for data you did not produce",
        )
    elif origin in {"yaml.load", "yaml.load_all"} and not _safe_loader(call):
        yield Finding(
            "SEC013",
            call,
            f"{origin}() without a safe Loader",
            "use yaml.safe_load() or Loader=yaml.SafeLoader",
        )


def _safe_loader(call: ast.Call) -> bool:
    loader = keyword(call, "Loader")
    if loader is None and len(call.args) > 1:
        loader = call.args[1]
    if loader is None:
        return False
    name = loader.attr if isinstance(loader, ast.Attribute) else ""
    if isinstance(loader, ast.Name):
        name = loader.id
    return "Safe" in name or name == "BaseLoader"


def _weak_hash(call: ast.Call, origin: str) -> Iterator[Finding]:
    parts = origin.split(".")
    if len(parts) != 2 or parts[0] != "hashlib":
        return
    algorithm = parts[1]
    arguments = list(call.args)
    if algorithm == "new" and arguments and isinstance(arguments[0], ast.Constant):
        algorithm = str(arguments[0].value).lower()
        arguments = arguments[1:]
    arguments += [k.value for k in call.keywords if k.arg in {"data", "string"}]
    if algorithm not in WEAK_HASHES:
        return
    if any(PASSWORD.search(name) for arg in arguments for name in identifiers(arg)):
        yield Finding(
            "SEC014",
            call,
            f"password hashed with {algorithm}, a fast hash",
            "hash passwords with bcrypt, argon2, scrypt or passlib",
        )


def _jwt(call: ast.Call, origin: str) -> Iterator[Finding]:
    if origin not in JWT_DECODERS:
        return
    options = keyword(call, "options")
    if isinstance(options, ast.Dict):
        for key, value in zip(options.keys, options.values):
            if (
                isinstance(key, ast.Constant)
                and key.value == "verify_signature"
                and isinstance(value, ast.Constant)
                and value.value is False
            ):
                yield _unverified(call, 'options={"verify_signature": False}')
                return
    verify = keyword(call, "verify")
    if isinstance(verify, ast.Constant) and verify.value is False:
        yield _unverified(call, "verify=False")
        return
    algorithms = keyword(call, "algorithms")
    if algorithms is not None and any(
        isinstance(c, ast.Constant) and str(c.value).lower() == "none"
        for c in ast.walk(algorithms)
    ):
        yield _unverified(call, 'the "none" algorithm')


def _unverified(call: ast.Call, how: str) -> Finding:
    return Finding(
        "SEC015",
        call,
        f"JWT decoded without verifying its signature ({how})",
        "verify the signature with the key and an explicit list of algorithms",
    )


def _debug(call: ast.Call, origin: str) -> Iterator[Finding]:
    debug = keyword(call, "debug")
    if not is_true(debug):
        return
    is_run = isinstance(call.func, ast.Attribute) and call.func.attr == "run"
    if origin in APP_CLASSES or is_run:
        assert debug is not None
        shown = origin or ast.unparse(call.func)
        yield Finding(
            "SEC016",
            debug,
            f"debug=True given to {shown}()",
            "read the debug flag from the environment; never ship it on",
        )


def debug_assignments(tree: ast.Module) -> Iterator[ast.Assign | ast.AnnAssign]:
    """Yield the module-level ``DEBUG = True`` statements of a config module.

    Args:
        tree: The parsed config module.

    Yields:
        Each assignment of the literal ``True`` to ``DEBUG``.
    """
    for statement in tree.body:
        if isinstance(statement, ast.Assign):
            targets = statement.targets
        elif isinstance(statement, ast.AnnAssign):
            targets = [statement.target]
        else:
            continue
        named = any(isinstance(t, ast.Name) and t.id == "DEBUG" for t in targets)
        if named and is_true(statement.value):
            yield statement
