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

import hashlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from pytest_backend_guide import (
    ConfigSection,
    FileFact,
    Option,
    ParsedSection,
    ProjectCheck,
    ProjectContext,
    Rule,
    SourceFile,
    Violation,
    hookimpl,
)

# The scanning code is imported where it runs: registering the family (every
# run) must not compile its formats, and a replayed run never scans.
if TYPE_CHECKING:
    from pytest_backend_guide.checks.secrets.formats import Finding

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

@dataclass(frozen=True)
class SecretsOptions:
    """The ``secrets`` table, with Python names.

    Attributes:
        allow_secrets: Paths never reported and accepted fingerprints.
    """

    allow_secrets: tuple[str, ...]


SECTION = ParsedSection(
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
    parse=SecretsOptions,
)


def _python_findings(source: SourceFile) -> list[list[Any]]:
    """Scan a Python file for certain formats; the value itself is not kept."""
    from pytest_backend_guide.checks.secrets.scan import is_python_binding, scan_text

    lines = source.lines
    found = []
    for finding in scan_text(source.text, assignments=False):
        text = lines[finding.line - 1] if finding.line <= len(lines) else ""
        found.append(_stored(finding, is_python_binding(text)))
    return found


def _stored(finding: Finding, binding: bool) -> list[Any]:
    """Return a finding as cached: the value masked and fingerprinted, not kept."""
    from pytest_backend_guide.checks.secrets.allow import fingerprint, masked

    return [
        finding.line,
        finding.col,
        finding.kind,
        masked(finding.value),
        fingerprint(finding.value),
        binding,
    ]


SECRETS_FACT = FileFact("committed-secrets", _python_findings)


def run_secrets(ctx: ProjectContext) -> Iterator[Violation]:
    """Scan the project's files for committed secrets.

    Args:
        ctx: The project context.

    Yields:
        SEC002 at each secret, and at line 1 of each tracked ``.env`` file.
    """
    from pytest_backend_guide.checks.secrets.allow import AllowList
    from pytest_backend_guide.checks.secrets.envfiles import env_file_kind

    files = ctx.project_files()
    allow = AllowList.of(ctx.options_for(SECTION).allow_secrets)
    scanned: list[str] = []
    for relpath in files.paths:
        if allow.allows_path(relpath):
            continue
        if env_file_kind(relpath) != "env":
            scanned.append(relpath)
        elif files.from_git:
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
        # without git, a .env is a local file: never read
    checked = {found.relpath for found in ctx.files}
    python = [relpath for relpath in scanned if relpath in checked]
    others = [relpath for relpath in scanned if relpath not in checked]
    found = _python_findings_of(ctx, python)
    found.update(_other_findings(ctx, others))
    for relpath in scanned:
        for line, col, kind, shown, print_, binding in found.get(relpath, ()):
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


def _python_findings_of(
    ctx: ProjectContext, paths: list[str]
) -> dict[str, list[list[Any]]]:
    """Return the findings of Python files: the file stage's facts where known."""
    found = {}
    for relpath in paths:
        known, findings = ctx.file_fact(SECRETS_FACT, relpath)
        if known and findings:
            found[relpath] = findings
    return found


def _other_findings(
    ctx: ProjectContext, paths: list[str]
) -> dict[str, list[list[Any]]]:
    """Return the findings of the other files, cached by their content.

    These are the files the file stage does not check: configuration,
    docs, and Python files outside the source roots. They are read once to
    digest them; only when the digest is not in the cache are they read
    again and scanned. When the files' status (size, times, inode) is the
    same as when their content was last digested, that digest is reused
    without reading them (see :meth:`ProjectContext.status_digest`). The secrets
    themselves are never stored, only their masked form and fingerprint.
    """
    from pytest_backend_guide.checks.secrets.reading import read_scannable
    from pytest_backend_guide.checks.secrets.scan import is_config_file, scan_text

    digest = _content_digest(ctx, paths)

    def scan_all() -> dict[str, list[list[Any]]]:
        found = {}
        for relpath in paths:
            data = read_scannable(ctx.rootdir, relpath, ctx.settings.max_file_size)
            if data is None:
                continue
            text = data.decode("utf-8", errors="replace")
            if relpath.endswith(".py"):
                findings = _python_findings(SourceFile(relpath, text))
            else:
                scan = scan_text(text, assignments=is_config_file(relpath))
                findings = [_stored(finding, False) for finding in scan]
            if findings:
                found[relpath] = findings
        return found

    return ctx.cached("secrets.scan", digest, scan_all)


def _content_digest(ctx: ProjectContext, paths: list[str]) -> bytes:
    """Return the digest of the files' paths and bytes, read or known unchanged."""
    from pytest_backend_guide.checks.secrets.reading import read_scannable

    def read_all() -> str:
        digest = hashlib.blake2b(digest_size=32)
        for relpath in paths:
            data = read_scannable(ctx.rootdir, relpath, ctx.settings.max_file_size)
            if data is None:
                continue
            digest.update(relpath.encode("utf-8", errors="surrogateescape") + b"\0")
            digest.update(hashlib.blake2b(data, digest_size=20).digest())
        return digest.hexdigest()

    status = ctx.status_digest(paths)
    if status is None:
        known = read_all()
    else:
        known = ctx.cached("secrets.files", status, read_all)
    try:
        return bytes.fromhex(known)
    except (TypeError, ValueError):  # a damaged value: read the files
        return bytes.fromhex(read_all())


# The reported lines hold the secrets: no code frame prints them.
SECRETS_CHECK = ProjectCheck(
    SECTION_NAME,
    (CODE,),
    run_secrets,
    facts=(SECRETS_FACT,),
    show_lines=False,
    replay=True,
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
