"""SEC001: a secret written into the code as a string literal.

A literal counts when it is bound to a name that says "secret" (an
assignment, a settings-class attribute, a parameter default, a keyword
argument) or wrapped in ``SecretStr``. What makes a name secret-like is its
last word: ``DB_PASSWORD``, ``SECRET_KEY``, ``apiKey`` are; ``token_type``,
``TOKEN_URL``, ``SECRET_KEY_ENV``, ``password_field`` name something else.
Values that are clearly not secrets are skipped: empty strings, text with
spaces (``"Bearer "``, messages), URLs and paths, environment variable
names (``"SECRET_KEY"``), ``$VAR`` references, masks (``"****"``), regular
expressions (a lexer's ``jsonnet_token = r"[^\\W\\d]\\w*"``), dummy
words (``"test"``, ``"foo:bar"``) and
values that are themselves names of secrets (``password = "password"``,
``token_key = "access_token"``).
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from dataclasses import dataclass

from pytest_backend_guide.checks.security.names import ModuleIndex, Names

SECRET_WORDS = frozenset(
    {
        "password",
        "passwd",
        "pwd",
        "pass",
        "passphrase",
        "secret",
        "token",
        "apikey",
        "credentials",
        "credential",
        "secretkey",
        "privatekey",
    }
)
KEY_QUALIFIERS = frozenset(
    {
        "api",
        "private",
        "secret",
        "access",
        "signing",
        "encryption",
        "auth",
        "master",
        "client",
        "jwt",
        "hmac",
        "fernet",
    }
)
WORD = re.compile(r"[A-Z]?[a-z0-9]+|[A-Z]+(?![a-z])")
ENV_NAME = re.compile(r"[A-Z][A-Z0-9]*(_[A-Z0-9]+)+|[A-Z]+")
ENV_REFERENCE = re.compile(r"\$\{?\w+\}?|%\(\w+\)s|\{\{?\s*\w+\s*\}?\}")
NAME_LIKE = re.compile(r"[A-Za-z][A-Za-z_]*")
HEADER = re.compile(r"[Xx]-[A-Za-z0-9-]+")
REGEX = re.compile(r"\\[wdsbWDSB]|\[\^|\(\?[:=!<P]")
MASK = re.compile(r"[*x.•#-]+", re.IGNORECASE)
FILE_SUFFIX = re.compile(r"\.(pem|key|crt|cer|der|json|txt|ya?ml|env|cfg|ini|p12|pfx)$")
AUTH_WORDS = frozenset({"bearer", "basic", "digest", "jwt", "oauth2", "hs256", "rs256"})
DUMMY_WORDS = frozenset(
    {
        "test",
        "testing",
        "foo",
        "bar",
        "baz",
        "qux",
        "dummy",
        "fake",
        "example",
        "sample",
        "placeholder",
        "none",
        "null",
        "todo",
        "valid",
        "invalid",
        "changeme",
        "changethis",
    }
)
# Prefixes vendors put on their tokens (Slack, Stripe, GitHub, OpenAI).
TOKEN_PREFIXES = frozenset(
    {"xoxb", "xoxp", "xoxa", "xapp", "sk", "pk", "rk", "ghp", "gho", "test", "live"}
)


@dataclass(frozen=True)
class Finding:
    """A hardcoded secret.

    Attributes:
        node: The string literal (or ``SecretStr`` call) to report.
        name: What it is bound to.
    """

    node: ast.expr
    name: str


def words(name: str) -> list[str]:
    """Split a snake_case or camelCase name into lowercase words.

    Args:
        name: The name (``DB_PASSWORD``, ``apiKey``).

    Returns:
        Its words (``["db", "password"]``, ``["api", "key"]``).
    """
    return [part.lower() for part in WORD.findall(name)]


def is_secret_name(name: str, extra: frozenset[str] = frozenset()) -> bool:
    """Tell whether a name says it holds a secret, by its last word.

    Args:
        name: A variable, attribute, parameter or keyword name.
        extra: More words that make a name secret-like.

    Returns:
        True for ``SECRET_KEY``, ``db_password``, ``apiKey``; False for
        ``token_type``, ``TOKEN_URL``, ``SECRET_KEY_ENV``.
    """
    parts = words(name)
    if not parts:
        return False
    last = parts[-1]
    if last in SECRET_WORDS or last in extra:
        return True
    return last == "key" and len(parts) > 1 and parts[-2] in KEY_QUALIFIERS


def is_secret_value(value: str | bytes, name: str) -> bool:
    """Tell whether a literal bound to a secret-like name looks like a secret.

    Args:
        value: The literal.
        name: The name it is bound to.

    Returns:
        False for the non-secrets the module docstring lists.
    """
    if isinstance(value, bytes):
        return bool(value.strip())
    text = value.strip()
    if not text or any(char.isspace() for char in text):
        return False
    if _is_location(text) or _is_reference(text):
        return False
    masked = text.strip(":")
    if MASK.fullmatch(masked) and len(set(masked.lower())) == 1:
        return False
    if REGEX.search(text):
        return False
    squashed = _squash(text)
    if squashed in AUTH_WORDS or squashed == _squash(name):
        return False
    parts = [part.lower() for part in re.split(r"[:@._-]", text)]
    while len(parts) > 1 and parts[0] in TOKEN_PREFIXES:
        parts = parts[1:]  # ``xoxb-valid``: a vendor's prefix on a dummy word
    if all(part in DUMMY_WORDS for part in parts):
        return False
    # A value that is itself a secret-like name is a key, not a secret.
    return not (NAME_LIKE.fullmatch(text) and is_secret_name(text))


def _is_location(text: str) -> bool:
    if "://" in text or text.startswith(("/", "./", "../", "~")):
        return True
    return bool(FILE_SUFFIX.search(text.lower()))


def _is_reference(text: str) -> bool:
    return bool(
        ENV_NAME.fullmatch(text)
        or ENV_REFERENCE.fullmatch(text)
        or HEADER.fullmatch(text)
    )


def _squash(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.lower())


def find_secrets(
    index: ModuleIndex, extra: frozenset[str] = frozenset()
) -> Iterator[Finding]:
    """Yield every hardcoded secret of a module.

    Args:
        index: The module's assignments, calls and parameter lists.
        extra: More words that make a name secret-like.

    Yields:
        The findings: assignments first, then keywords, then defaults.
    """
    names = index.names
    for node in index.bindings:
        if isinstance(node, ast.Assign):
            for target in node.targets:
                yield from _bound(_target_name(target), node.value, names, extra)
        elif node.value is not None:
            yield from _bound(_target_name(node.target), node.value, names, extra)
    for call in index.calls:
        yield from _in_call(call, names, extra)
    for arguments in index.arguments:
        yield from _defaults(arguments, extra)


def _target_name(target: ast.expr) -> str | None:
    if isinstance(target, ast.Name):
        return target.id
    if isinstance(target, ast.Attribute):
        return target.attr
    return None


def _bound(
    name: str | None, value: ast.expr, names: Names, extra: frozenset[str]
) -> Iterator[Finding]:
    if name is None or not is_secret_name(name, extra):
        return
    literal = _field_default(value, names) if isinstance(value, ast.Call) else value
    if _is_secret_literal(literal, name):
        assert literal is not None
        yield Finding(literal, name)


def _field_default(call: ast.Call, names: Names) -> ast.expr | None:
    """Return the literal default of ``Field("...")``/``Field(default="...")``."""
    origin = names.qualify(call.func) or ""
    if origin.split(".")[-1] != "Field":
        return None
    for item in call.keywords:
        if item.arg == "default":
            return item.value
    return call.args[0] if call.args else None


def _is_secret_literal(node: ast.expr | None, name: str) -> bool:
    return (
        isinstance(node, ast.Constant)
        and isinstance(node.value, str | bytes)
        and is_secret_value(node.value, name)
    )


def _in_call(call: ast.Call, names: Names, extra: frozenset[str]) -> Iterator[Finding]:
    origin = names.qualify(call.func) or ""
    if origin.split(".")[-1] == "SecretStr" and call.args:
        value = call.args[0]
        if _is_secret_literal(value, "SecretStr"):
            yield Finding(call, "SecretStr")
        return
    for item in call.keywords:
        if item.arg and is_secret_name(item.arg, extra):
            if _is_secret_literal(item.value, item.arg):
                yield Finding(item.value, item.arg)


def _defaults(arguments: ast.arguments, extra: frozenset[str]) -> Iterator[Finding]:
    positional = [*arguments.posonlyargs, *arguments.args]
    pairs = list(
        zip(positional[len(positional) - len(arguments.defaults) :], arguments.defaults)
    )
    pairs += [
        (arg, default)
        for arg, default in zip(arguments.kwonlyargs, arguments.kw_defaults)
        if default is not None
    ]
    for arg, default in pairs:
        if is_secret_name(arg.arg, extra) and _is_secret_literal(default, arg.arg):
            yield Finding(default, arg.arg)
