"""ast-grep rule files: read, validated and turned into :class:`PatternRule`.

A rule file holds one or more YAML documents (separated by ``---``) in
ast-grep's own rule schema, so that the same file works with
``ast-grep scan``. The plugin applies the keys the matcher ignores: ``id``
is the rule code, ``message`` and ``note`` become the violation text and
its help line, ``severity`` decides whether the rule is on by default,
``files`` and ``ignores`` limit where it runs. ``fix`` is accepted and
ignored: the plugin never writes sources.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

import yaml

from pytest_backend_guide.registry import CODE_PATTERN, NAME_PATTERN, Rule

if TYPE_CHECKING:
    from ast_grep_py import Config

MATCHER_KEYS = ("rule", "constraints", "utils", "transform")
FILE_KEYS = frozenset(
    {
        "id",
        "language",
        "severity",
        "message",
        "note",
        "fix",
        "files",
        "ignores",
        "metadata",
        "url",
        "labels",
        "rewriters",
        *MATCHER_KEYS,
    }
)
SEVERITIES = ("error", "warning", "info", "hint", "off")
ON_BY_DEFAULT = ("error", "warning")
RELATIONAL_KEYS = ("inside", "has", "precedes", "follows", "not")
# ast-grep writes metavariables as $NAME in Python patterns; tree-sitter
# reads them through this stand-in character (see ast-grep's expando_char).
EXPANDO = "µ"


class PatternRuleError(Exception):
    """A rule file is unusable; the message names the file, the rule and why."""


@dataclass(frozen=True)
class PatternRule:
    """One ast-grep rule, validated and ready to match.

    Attributes:
        code: The rule's ``id``, a code such as ``ERR001`` or ``SHOP001``.
        name: Kebab-case name (``metadata.name``; the code in lower case).
        summary: One line for ``--guide-rules`` (``metadata.summary`` or
            the message).
        message: Violation text; ``$NAME`` metavariables are filled in.
        note: Help line shown under the violation, if any.
        severity: ``error``, ``warning``, ``info`` or ``hint``.
        config: What the matcher reads: ``rule`` and, when given,
            ``constraints``, ``utils`` and ``transform``.
        files: Globs of paths (relative to the rootdir) the rule runs on.
        ignores: Globs of paths the rule skips.
        origin: The file the rule came from, for messages.
    """

    code: str
    name: str
    summary: str
    message: str
    note: str | None
    severity: str
    config: Mapping[str, Any]
    files: tuple[str, ...] = ()
    ignores: tuple[str, ...] = ()
    origin: str = ""

    @property
    def default_enabled(self) -> bool:
        """Return whether the rule runs when the user selects nothing."""
        return self.severity in ON_BY_DEFAULT

    def as_rule(self) -> Rule:
        """Return the registry entry of this rule.

        Returns:
            The rule metadata.
        """
        return Rule(self.code, self.name, self.summary, self.default_enabled)

    def applies_to(self, path: str) -> bool:
        """Return whether the ``files``/``ignores`` globs let the rule run on a file.

        Args:
            path: Path relative to the rootdir, with ``/`` separators.

        Returns:
            Whether the rule runs there.
        """
        if self.files and not any(_glob(g).match(path) for g in self.files):
            return False
        return not any(_glob(g).match(path) for g in self.ignores)


def load_package_rules(package: str, folder: str) -> tuple[PatternRule, ...]:
    """Read the ``*.yml`` rule files shipped in a package folder.

    Args:
        package: An importable package (``pytest_backend_guide``).
        folder: Folder inside it, with ``/`` separators (``rules/errors``).

    Returns:
        The rules, in file-name order.
    """
    base = resources.files(package).joinpath(*folder.split("/"))
    files = sorted(
        (entry for entry in base.iterdir() if entry.name.endswith((".yml", ".yaml"))),
        key=lambda entry: entry.name,
    )
    rules: list[PatternRule] = []
    for entry in files:
        text = entry.read_text("utf-8")
        rules.extend(parse_rule_file(text, f"{folder}/{entry.name}"))
    return tuple(rules)


def load_rule_file(path: Path, display: str) -> tuple[PatternRule, ...]:
    """Read one rule file of the user's.

    Args:
        path: The file.
        display: How to name it in messages (relative to the rootdir).

    Returns:
        Its rules.

    Raises:
        PatternRuleError: It cannot be read or holds an invalid rule.
    """
    try:
        text = path.read_text("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        msg = f"{display}: cannot read the rule file: {exc}"
        raise PatternRuleError(msg) from None
    return parse_rule_file(text, display)


def parse_rule_file(text: str, origin: str) -> tuple[PatternRule, ...]:
    """Parse and validate the YAML documents of one rule file.

    Args:
        text: The file's content.
        origin: Its display name, for messages.

    Returns:
        The rules whose severity is not ``off``.

    Raises:
        PatternRuleError: Bad YAML, an unknown key, a bad id, a pattern that
            does not parse, or anything else ast-grep refuses.
    """
    try:
        documents = [doc for doc in yaml.safe_load_all(text) if doc is not None]
    except yaml.YAMLError as exc:
        msg = f"{origin}: invalid YAML: {_one_line(str(exc))}"
        raise PatternRuleError(msg) from None
    rules = []
    for index, document in enumerate(documents, start=1):
        rule = _parse_document(document, origin, index)
        if rule is not None:
            rules.append(rule)
    return tuple(rules)


def _parse_document(document: object, origin: str, index: int) -> PatternRule | None:
    if not isinstance(document, dict):
        msg = f"{origin}: rule #{index}: a rule must be a mapping of keys"
        raise PatternRuleError(msg)
    code = document.get("id")
    where = f"{origin}: rule {code!r}" if code else f"{origin}: rule #{index}"

    def fail(problem: str) -> PatternRuleError:
        return PatternRuleError(f"{where}: {problem}")

    unknown = sorted(str(key) for key in document if key not in FILE_KEYS)
    if unknown:
        valid = ", ".join(sorted(FILE_KEYS))
        raise fail(f"unknown key {unknown[0]!r}; valid keys: {valid}")
    if not isinstance(code, str) or not CODE_PATTERN.match(code):
        raise fail(
            "'id' must be a rule code: capital letters then three digits (SHOP001)"
        )
    language = document.get("language")
    if not isinstance(language, str) or language.lower() != "python":
        raise fail("'language' must be Python")
    if "rule" not in document:
        raise fail("'rule' is missing")
    severity = document.get("severity", "hint")
    if severity is False:  # YAML 1.1 reads a bare `off` as false; ast-grep does not
        severity = "off"
    if severity not in SEVERITIES:
        raise fail(f"'severity' must be one of {', '.join(SEVERITIES)}")
    message = document.get("message")
    if not isinstance(message, str) or not message.strip():
        raise fail("'message' is missing")
    note = document.get("note")
    if note is not None and not isinstance(note, str):
        raise fail("'note' must be text")
    metadata = document.get("metadata") or {}
    if not isinstance(metadata, dict):
        raise fail("'metadata' must be a mapping")
    name = metadata.get("name", code.lower())
    if not isinstance(name, str) or not NAME_PATTERN.match(name):
        raise fail(f"'metadata.name' {name!r} is not kebab-case")
    summary = metadata.get("summary", message)
    config = {key: document[key] for key in MATCHER_KEYS if key in document}
    problem = matcher_problem(config)
    if problem:
        raise fail(problem)
    if severity == "off":
        return None
    return PatternRule(
        code=code,
        name=name,
        summary=_one_line(str(summary)),
        message=_one_line(message),
        note=_one_line(note) if note else None,
        severity=severity,
        config=config,
        files=_globs(document.get("files"), fail),
        ignores=_globs(document.get("ignores"), fail),
        origin=origin,
    )


def matcher_problem(config: Mapping[str, Any]) -> str | None:
    """Return why ast-grep cannot use a matcher config, or None when it can.

    ast-grep raises on unknown keys and kinds but silently matches nothing
    with a pattern that does not parse, so every pattern is parsed here.

    Args:
        config: ``rule`` and optionally ``constraints``, ``utils``, ``transform``.

    Returns:
        The problem, in one line, or None.
    """
    from ast_grep_py import SgRoot

    for pattern in _patterns(config):
        probe = SgRoot(pattern.replace("$", EXPANDO), "python").root()
        if not pattern.strip() or probe.find(kind="ERROR") is not None:
            return f"pattern {pattern!r} is not valid Python"
    try:
        SgRoot("", "python").root().find_all(cast("Config", dict(config)))
    except BaseException as exc:  # noqa: BLE001 - the binding raises bare Exceptions
        if isinstance(exc, (KeyboardInterrupt, SystemExit)):
            raise
        return "ast-grep refuses the rule: " + _ast_grep_reason(str(exc))
    return None


def _patterns(node: object) -> Iterator[str]:
    """Yield every pattern text in a matcher config, however deeply nested."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "pattern" and isinstance(value, str):
                yield value
            elif key == "pattern" and isinstance(value, dict):
                context = value.get("context")
                if isinstance(context, str):
                    yield context
            else:
                yield from _patterns(value)
    elif isinstance(node, list):
        for item in node:
            yield from _patterns(item)


def _ast_grep_reason(text: str) -> str:
    """Keep ast-grep's error chain, without its Rust stack trace."""
    kept = []
    for line in text.splitlines():
        if line.strip().startswith("Stack backtrace"):
            break
        line = re.sub(r"^\s*\d+:\s*", "", line).strip()
        if line and line != "Caused by:":
            kept.append(line)
    return "; ".join(kept) or text


def _globs(value: object, fail: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise fail("'files' and 'ignores' must be lists of glob patterns")
    return tuple(value)


def _one_line(text: str) -> str:
    return " ".join(text.split())


_GLOB_CACHE: dict[str, re.Pattern[str]] = {}


def _glob(pattern: str) -> re.Pattern[str]:
    """Compile an ast-grep style glob (``**``, ``*``, ``?``, ``[...]``) once."""
    compiled = _GLOB_CACHE.get(pattern)
    if compiled is None:
        text = pattern[2:] if pattern.startswith("./") else pattern
        compiled = re.compile(_translate(text))
        _GLOB_CACHE[pattern] = compiled
    return compiled


def _translate(pattern: str) -> str:
    parts = []
    index = 0
    while index < len(pattern):
        char = pattern[index]
        if pattern.startswith("**/", index):
            parts.append("(?:.*/)?")
            index += 3
            continue
        if pattern.startswith("**", index):
            parts.append(".*")
            index += 2
            continue
        if char == "*":
            parts.append("[^/]*")
        elif char == "?":
            parts.append("[^/]")
        elif char == "[":
            end = pattern.find("]", index + 1)
            if end < 0:
                parts.append(re.escape(char))
            else:
                parts.append("[" + pattern[index + 1 : end].replace("!", "^", 1) + "]")
                index = end
        else:
            parts.append(re.escape(char))
        index += 1
    return "^" + "".join(parts) + "$"
