"""Find secrets in one file's text."""

from __future__ import annotations

import re
from collections.abc import Iterator

from pytest_backend_guide.checks.secrets.formats import (
    ASSIGNMENT,
    SECRET_WORDS,
    TOKEN_FORMATS,
    URL_KIND,
    Finding,
    is_jwt,
    is_local_url_password,
    looks_real,
    plain_value,
)

# A Python line that binds a secret-like name to a string literal: SEC001's.
_PYTHON_BINDING = re.compile(
    r"""^\s*(?:[\w.]*\.)?\w*(?:password|passwd|pwd|secret|token|key|credential)\w*"""
    r"""\s*(?::[^=]+)?=\s*[rRbBuUfF]{0,2}["']""",
    re.IGNORECASE,
)


CONFIG_SUFFIXES = frozenset(
    {
        ".yml", ".yaml", ".json", ".toml", ".ini", ".cfg", ".conf", ".properties",
        ".sh", ".bash", ".zsh", ".tf", ".tfvars", ".envrc", ".npmrc", ".pypirc",
        ".netrc",
    }
)
CONFIG_NAMES = ("Dockerfile", "docker-compose", "compose.", ".env", "Procfile")


def is_config_file(relpath: str) -> bool:
    """Return whether a file is configuration, where ``KEY=value`` lines are read.

    Args:
        relpath: Path relative to the rootdir.

    Returns:
        True for ``.env`` files and templates, YAML, JSON, TOML, INI and
        ``.cfg``/``.conf``/``.properties`` files, shell scripts, Terraform,
        Dockerfiles and compose files, ``.npmrc``/``.pypirc``/``.netrc``;
        False for source code and documents, where the same shape is code
        (``password: z.string()``) or prose.
    """
    name = relpath.rsplit("/", 1)[-1]
    if name.startswith(CONFIG_NAMES):
        return True
    dot = name.rfind(".")
    return dot >= 0 and name[dot:].lower() in CONFIG_SUFFIXES


def scan_text(text: str, *, assignments: bool) -> list[Finding]:
    """Return the secrets of one file, in order.

    Args:
        text: The file's text.
        assignments: Also judge ``KEY=value`` / ``key: value`` lines (in
            configuration files; in Python they belong to SEC001).

    Returns:
        The findings.
    """
    if _looks_minified(text):
        return []
    found = list(_tokens(text))
    if assignments:
        found.extend(_assignments(text, {f.line for f in found}))
    return sorted(found, key=lambda finding: (finding.line, finding.col))


def is_python_binding(line: str) -> bool:
    """Return whether a Python line binds a secret-like name to a string literal.

    Args:
        line: The line.

    Returns:
        True for ``API_KEY = "..."``, ``self.token: str = '...'`` and the like.
    """
    return _PYTHON_BINDING.match(line) is not None


def _tokens(text: str) -> Iterator[Finding]:
    for token in TOKEN_FORMATS:
        if not any(marker in text for marker in token.markers):
            continue
        group = 2 if token.kind == URL_KIND else 1
        for match in token.pattern.finditer(text):
            value = match.group(group)
            if _stand_in(token.kind, value, match):
                continue
            line, col = _position(text, match.start(group))
            yield Finding(line, col, token.kind, value)


def _stand_in(kind: str, value: str, match: re.Match[str]) -> bool:
    """Return whether a format match is a documented example or a local stand-in."""
    if "EXAMPLE" in value.upper():
        return True  # AWS's own AKIAIOSFODNN7EXAMPLE, and the like
    if kind == "JWT":
        return not is_jwt(value)
    if kind == URL_KIND:
        return is_local_url_password(*match.group(1, 2, 3))
    return False


def _assignments(text: str, taken: set[int]) -> Iterator[Finding]:
    """Judge the lines that hold a secret word, and those only.

    Matching the assignment pattern at every line start of a large JSON or
    YAML file costs ten times more than finding the few lines with a
    secret word in them.
    """
    done = -1
    for word in SECRET_WORDS.finditer(text.lower()):
        start = text.rfind("\n", 0, word.start()) + 1
        if start <= done:
            continue  # one look per line
        end = text.find("\n", word.start())
        done = end = len(text) if end < 0 else end
        match = ASSIGNMENT.match(text, start, end)
        if match is None:
            continue
        value = plain_value(match.group("value"))
        if not looks_real(value) or " " in value or "(" in value:
            continue
        line, col = _position(text, text.index(value, match.start("value")))
        if line in taken:
            continue
        yield Finding(line, col, f"'{match.group('key')}' value", value)


def _position(text: str, offset: int) -> tuple[int, int]:
    """Return the 1-based line and column of an offset (matches are rare)."""
    line_start = text.rfind("\n", 0, offset) + 1
    return text.count("\n", 0, offset) + 1, offset - line_start + 1


def _looks_minified(text: str) -> bool:
    """Return whether a text is generated or minified (a few very long lines)."""
    head = text[:20000]
    return len(head) == 20000 and head.count("\n") < 20
