"""SEC002: secrets committed to the repository, in any file it tracks.

One project check, ``pyproject.toml::guide[secrets]``, scans every file git
tracks under the rootdir (without git: every file the ``.gitignore`` files
do not ignore) for credentials whose format is certain: private key
blocks, AWS/GitHub/GitLab/Slack/Stripe/Google keys and tokens, JWTs,
passwords in URLs, and, in configuration files (``.env`` templates, YAML,
JSON, TOML, INI, shell, Dockerfiles...), ``KEY=value`` / ``key: value``
lines whose key is secret-like and whose value looks real. A
``.env`` file that git tracks is reported by itself. In Python files the
``name = "literal"`` shape belongs to SEC001 (file level), so SEC002 reports
there only the certain formats, and none on a line SEC001 covers. Options:
``[tool.backend-guide.secrets]``.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from pytest_backend_guide import (
    ConfigSection,
    FileFact,
    Option,
    ProjectCheck,
    ProjectContext,
    Rule,
    SourceFile,
    Violation,
    hookimpl,
)
from pytest_backend_guide.checks.secrets.allow import AllowList, fingerprint, masked
from pytest_backend_guide.checks.secrets.envfiles import env_file_kind
from pytest_backend_guide.checks.secrets.reading import read_text_file
from pytest_backend_guide.checks.secrets.scan import (
    is_config_file,
    is_python_binding,
    scan_text,
)

CODE = "SEC002"
SEC001 = "SEC001"
SECTION_NAME = "secrets"

RULES = (
    Rule(
        CODE,
        "committed-secret",
        "a file of the project (any kind) holding a private key, a cloud or VCS "
        "token, a JWT, a password in a URL or a real secret value; a tracked .env",
    ),
)

SECTION = ConfigSection(
    SECTION_NAME,
    (
        Option(
            "allow-secrets",
            "str-list",
            (),
            "SEC002: files never reported (gitignore-style patterns such as "
            '"tests/fixtures/") and accepted values by their fingerprint '
            '("sha256:..." as the report shows it).',
        ),
    ),
    "Committed secrets (SEC002).",
)


def _python_findings(source: SourceFile) -> list[list[Any]]:
    """Scan a Python file for certain formats; the value itself is not kept."""
    lines = source.lines
    found = []
    for finding in scan_text(source.text, assignments=False):
        text = lines[finding.line - 1] if finding.line <= len(lines) else ""
        found.append(
            [
                finding.line,
                finding.col,
                finding.kind,
                masked(finding.value),
                fingerprint(finding.value),
                is_python_binding(text),
            ]
        )
    return found


SECRETS_FACT = FileFact("committed-secrets", _python_findings)


def run_secrets(ctx: ProjectContext) -> Iterator[Violation]:
    """Scan the project's files for committed secrets.

    Args:
        ctx: The project context.

    Yields:
        SEC002 at each secret, and at line 1 of each tracked ``.env`` file.
    """
    files = ctx.project_files()
    options = SECTION.with_defaults(ctx.section(SECTION_NAME))
    allow = AllowList.of(tuple(options["allow-secrets"]))
    for relpath in files.paths:
        if allow.allows_path(relpath):
            continue
        env_kind = env_file_kind(relpath)
        if env_kind == "env":
            if files.from_git:
                yield ctx.violation(
                    CODE,
                    relpath,
                    1,
                    1,
                    f"'{relpath}' is tracked by git: a .env file holds this "
                    "machine's secrets",
                    fix_hint="git rm --cached it, add it to .gitignore and commit "
                    "a .env.example with placeholder values instead",
                )
            continue  # without git, a .env is a local file: never read
        for finding in _findings(ctx, relpath):
            line, col, kind, shown, print_, binding = finding
            if print_ in allow.fingerprints:
                continue
            if binding and SEC001 in ctx.settings.enabled_for(relpath):
                continue  # SEC001 reports this line
            yield ctx.violation(
                CODE,
                relpath,
                line,
                col,
                f"{kind} committed: {shown} ({print_})",
                fix_hint="remove it, rotate it, and read it from the environment; "
                f"a known test value can be accepted with allow-secrets = "
                f'["{print_}"]',
            )


def _findings(ctx: ProjectContext, relpath: str) -> list[list[Any]]:
    if relpath.endswith(".py"):
        known, found = ctx.file_fact(SECRETS_FACT, relpath)
        return found if known else []
    text = read_text_file(ctx.rootdir, relpath, ctx.settings.max_file_size)
    if text is None:
        return []
    return [
        [f.line, f.col, f.kind, masked(f.value), fingerprint(f.value), False]
        for f in scan_text(text, assignments=is_config_file(relpath))
    ]


# The reported lines hold the secrets: no code frame prints them.
SECRETS_CHECK = ProjectCheck(
    SECTION_NAME, (CODE,), run_secrets, facts=(SECRETS_FACT,), show_lines=False
)


@hookimpl
def guide_rules() -> Sequence[Rule]:
    """Declare SEC002.

    Returns:
        The rule.
    """
    return RULES


@hookimpl
def guide_config_sections() -> Sequence[ConfigSection]:
    """Declare ``[tool.backend-guide.secrets]``.

    Returns:
        The section.
    """
    return (SECTION,)


@hookimpl
def guide_project_checks() -> Sequence[ProjectCheck]:
    """Declare the secrets check.

    Returns:
        The check.
    """
    return (SECRETS_CHECK,)
