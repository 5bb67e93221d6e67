"""The docs and the code must agree: every rule documented, every example true."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from pytest_backend_guide.config import TOP_LEVEL
from pytest_backend_guide.coverage.verdict import CODES as MEASURED_CODES
from pytest_backend_guide.manager import Checkers, load_checkers

DOCS = Path(__file__).resolve().parent.parent / "docs"
HEADING = re.compile(r"^## ([A-Z]+[0-9]{3}) ([a-z0-9-]+)\s*$", re.MULTILINE)
FENCE = re.compile(r"^```(\w+) (bad|good)\n(.*?)^```\s*$", re.MULTILINE | re.DOTALL)
FILE_LINE = re.compile(r"^# file: (\S+)\n")


@dataclass(frozen=True)
class Example:
    """One fenced example of a rule page."""

    page: str
    code: str
    language: str
    kind: str
    text: str

    @property
    def id(self) -> str:
        return f"{self.code}-{self.kind}"


def rule_sections() -> dict[str, tuple[str, str, str]]:
    """Return code -> (page, name, section text) for every documented rule."""
    sections = {}
    for page in sorted((DOCS / "rules").glob("*.md")):
        text = page.read_text(encoding="utf-8")
        matches = list(HEADING.finditer(text))
        for index, match in enumerate(matches):
            end = matches[index + 1].start() if index + 1 < len(matches) else len(text)
            sections[match.group(1)] = (
                page.name,
                match.group(2),
                text[match.end() : end],
            )
    return sections


def examples() -> list[Example]:
    found = []
    for code, (page, _, body) in rule_sections().items():
        for fence in FENCE.finditer(body):
            found.append(
                Example(page, code, fence.group(1), fence.group(2), fence.group(3))
            )
    return found


def project_codes(checkers: Checkers) -> set[str]:
    """Return the codes of project-level rules, static or measured during the run."""
    declared = {
        code for check in checkers.project_checks.values() for code in check.codes
    }
    return declared | set(MEASURED_CODES)


def test_every_registered_rule_is_documented_under_its_name(checkers: Checkers) -> None:
    sections = rule_sections()
    missing = [rule.code for rule in checkers.rules if rule.code not in sections]
    assert not missing, f"rules without a docs section: {missing}"
    wrong = [
        (rule.code, sections[rule.code][1], rule.name)
        for rule in checkers.rules
        if sections[rule.code][1] != rule.name
    ]
    assert not wrong, f"docs headings with the wrong rule name: {wrong}"


def test_every_documented_rule_exists(checkers: Checkers) -> None:
    stale = sorted(set(rule_sections()) - checkers.rules.all_codes())
    assert not stale, f"docs describe rules that are not registered: {stale}"


def test_every_rule_has_its_parts_and_examples(checkers: Checkers) -> None:
    sections = rule_sections()
    project = project_codes(checkers)
    for rule in checkers.rules:
        body = sections[rule.code][2]
        for part in ("**What it does.**", "**Why.**", "**Options.**"):
            assert part in body, f"{rule.code}: no {part} paragraph"
        kinds = {(f.group(1), f.group(2)) for f in FENCE.finditer(body)}
        language = "text" if rule.code in project else "python"
        for kind in ("bad", "good"):
            assert (language, kind) in kinds, (
                f"{rule.code}: no ```{language} {kind} example"
            )


@pytest.mark.parametrize(
    "example",
    [e for e in examples() if e.language == "python"],
    ids=lambda e: e.id,
)
def test_python_examples_behave_as_documented(example: Example, lint) -> None:
    text = example.text
    path = "app/example.py"
    header = FILE_LINE.match(text)
    if header:
        path = header.group(1)
    result = lint(text, path=path)
    assert result.error is None, (
        f"{example.id} in {example.page} does not parse: {result.error}"
    )
    fired = [v for v in result.violations if v.code == example.code]
    if example.kind == "bad":
        assert fired, f"{example.id} in {example.page}: the bad example does not fire"
    else:
        shown = [f"{v.line}:{v.col} {v.message}" for v in fired]
        assert not fired, (
            f"{example.id} in {example.page}: the good example fires: {shown}"
        )


def test_configuration_reference_lists_every_key() -> None:
    text = (DOCS / "configuration.md").read_text(encoding="utf-8")
    checkers = load_checkers()
    tables = {"": TOP_LEVEL, **checkers.sections}
    for name, section in tables.items():
        heading = f"[tool.backend-guide.{name}]" if name else "[tool.backend-guide]"
        start = text.find(f"## `{heading}`")
        assert start >= 0, f"docs/configuration.md has no section for {heading}"
        end = text.find("\n## ", start + 1)
        body = text[start : end if end >= 0 else len(text)]
        for option in section.options:
            assert f"| `{option.key}` |" in body, (
                f"{heading} {option.key} is not documented"
            )
