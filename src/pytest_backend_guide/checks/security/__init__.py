"""SEC: security rules that read one file at a time.

SEC001 finds secrets written into the code; SEC010-SEC016 find calls that
open the door to injection, code execution, weak password storage, forged
tokens and debug mode in production. Every rule works on the ``ast`` tree,
with names resolved through the file's imports (:mod:`.names`), in one walk
of the file.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from pytest_backend_guide import (
    ConfigSection,
    FileContext,
    Option,
    ParsedSection,
    Rule,
    Violation,
    hookimpl,
)

if TYPE_CHECKING:
    from pytest_backend_guide.checks.security.names import ModuleIndex

SECTION_NAME = "security"
CALL_CODES = ("SEC011", "SEC012", "SEC013", "SEC014", "SEC015", "SEC016")
TEST_DIRS = frozenset({"tests", "test", "testing"})
TEST_MODULES = frozenset({"conftest.py", "test.py", "tests.py", "testing.py"})

RULES = (
    Rule(
        "SEC001",
        "hardcoded-secret",
        "a non-empty string literal bound to a secret-like name (password, "
        "secret, token, api_key...) or passed as such a keyword",
    ),
    Rule(
        "SEC010",
        "sql-injection",
        "SQL built by f-string, %, .format or + passed to execute/text/raw",
    ),
    Rule("SEC011", "eval-exec", "eval/exec on anything but a literal"),
    Rule(
        "SEC012",
        "shell-injection",
        "subprocess with shell=True or os.system/os.popen on a non-literal",
    ),
    Rule(
        "SEC013",
        "unsafe-deserialization",
        "pickle.load(s), yaml.load without a safe loader, marshal.loads",
    ),
    Rule(
        "SEC014",
        "weak-password-hash",
        "md5/sha1/sha256 applied to a password; use bcrypt/argon2/scrypt/passlib",
    ),
    Rule(
        "SEC015",
        "jwt-unverified",
        "JWT decoded without signature verification or with algorithm none",
    ),
    Rule(
        "SEC016",
        "debug-enabled",
        "debug=True given to an app/server run, DEBUG = True in config",
    ),
)


@dataclass(frozen=True)
class SecurityOptions:
    """The ``[tool.backend-guide.security]`` table.

    Attributes:
        secret_names: Extra secret-like words.
        check_tests: Whether SEC001 and SEC015 look at test files.
        config_modules: Where ``DEBUG = True`` is reported.
    """

    secret_names: tuple[str, ...]
    check_tests: bool
    config_modules: tuple[str, ...]


SECTION = ParsedSection(
    SECTION_NAME,
    (
        Option(
            "secret-names",
            "str-list",
            (),
            "More words that make a name secret-like when it ends with them "
            '(SEC001), e.g. ["dsn", "salt"].',
        ),
        Option(
            "check-tests",
            "bool",
            False,
            "Look for hardcoded secrets (SEC001) and unverified JWT decoding "
            "(SEC015) in test files too (tests/, test_*.py, *_test.py, "
            "conftest.py).",
        ),
        Option(
            "config-modules",
            "str-list",
            ("config.py", "settings.py", "settings/base.py", "settings/production.py"),
            "Modules where a module-level DEBUG = True is reported (SEC016); "
            "a path matches at any depth.",
        ),
    ),
    "Hardcoded secrets (SEC001) and debug mode in config modules (SEC016).",
    parse=SecurityOptions,
)


def is_test_file(path: str) -> bool:
    """Tell whether a project path is a test module or lives in a tests folder.

    Args:
        path: ``/``-separated path relative to the rootdir.

    Returns:
        True for ``tests/...``, ``test_*.py``, ``*_test.py``, ``conftest.py``
        and test settings (``settings/test.py``).
    """
    *folders, name = path.split("/")
    if TEST_DIRS.intersection(folders) or name in TEST_MODULES:
        return True
    return name.startswith("test_") or name.endswith("_test.py")


def matches_module(path: str, patterns: Sequence[str]) -> bool:
    """Tell whether a path is one of the patterns, at any depth.

    Args:
        path: ``/``-separated path relative to the rootdir.
        patterns: Paths such as ``settings/base.py``.

    Returns:
        True when the path is a pattern or ends with ``/`` and one.
    """
    return any(path == p or path.endswith("/" + p) for p in patterns)


def check_security(ctx: FileContext, options: SecurityOptions) -> Iterator[Violation]:
    """Run the enabled SEC rules on one file.

    Args:
        ctx: The file and its enabled rules.
        options: The security options.

    Yields:
        The violations.
    """
    # Imported on first use: a warm run, whose files are all cached,
    # never checks a file and need not load the checking code.
    from pytest_backend_guide.checks.security.calls import debug_assignments
    from pytest_backend_guide.checks.security.names import ModuleIndex
    from pytest_backend_guide.checks.security.secrets import find_secrets
    from pytest_backend_guide.checks.security.sql import find_injections

    tree = ctx.source.tree
    index = ModuleIndex.of(ctx.source.nodes)
    path = ctx.source.path
    if ctx.is_enabled("SEC001") and (options.check_tests or not is_test_file(path)):
        extra = frozenset(word.lower() for word in options.secret_names)
        for secret in find_secrets(index, extra):
            yield ctx.at_node(
                "SEC001",
                secret.node,
                f"hardcoded secret in '{secret.name}'",
                fix_hint="read it from the environment or a settings class",
            )
    if ctx.is_enabled("SEC010"):
        for injection in find_injections(index):
            built = (
                f" (built on line {injection.built_at})" if injection.built_at else ""
            )
            yield ctx.at_node(
                "SEC010",
                injection.node,
                f"SQL built by string formatting reaches {injection.sink}(){built}",
                fix_hint="pass the values as query parameters",
            )
    enabled = [code for code in CALL_CODES if ctx.is_enabled(code)]
    if not options.check_tests and is_test_file(path):
        # A test decodes the token it was just given to read its claims.
        enabled = [code for code in enabled if code != "SEC015"]
    if enabled:
        yield from _calls(ctx, index, frozenset(enabled))
    if ctx.is_enabled("SEC016") and matches_module(path, options.config_modules):
        for statement in debug_assignments(tree):
            yield ctx.at_node(
                "SEC016",
                statement,
                "DEBUG = True in a config module",
                fix_hint="read DEBUG from the environment, off by default",
            )


def _calls(
    ctx: FileContext, index: ModuleIndex, enabled: frozenset[str]
) -> Iterator[Violation]:
    from pytest_backend_guide.checks.security.calls import check_call

    for call in index.calls:
        for finding in check_call(call, index.names):
            if finding.code in enabled:
                yield ctx.at_node(
                    finding.code,
                    finding.node,
                    finding.message,
                    fix_hint=finding.fix_hint,
                )


@hookimpl
def guide_rules() -> Sequence[Rule]:
    """Declare the file-level SEC rules.

    Returns:
        The rules.
    """
    return RULES


@hookimpl
def guide_config_sections() -> Sequence[ConfigSection]:
    """Declare ``[tool.backend-guide.security]``.

    Returns:
        The section.
    """
    return (SECTION,)


@hookimpl
def guide_check_file(ctx: FileContext) -> list[Violation]:
    """Check one file for the file-level SEC rules.

    Args:
        ctx: The parsed file, the enabled rules and the options.

    Returns:
        The violations.
    """
    options = ctx.options_for(SECTION)
    return list(check_security(ctx, options))
