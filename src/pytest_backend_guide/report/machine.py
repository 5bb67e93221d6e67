"""Reports for machines: JSON, SARIF 2.1.0 and GitHub workflow annotations.

Each renderer is a pure function of the run's results as data (the file
and project-check results, each with its reported and baselined
violations), so ``pytest --guide`` and ``backend-guide check`` write the
same documents.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from pytest_backend_guide import __version__
from pytest_backend_guide.engine import FileResult
from pytest_backend_guide.explain import is_documented, rule_url
from pytest_backend_guide.registry import Rule, RuleRegistry
from pytest_backend_guide.suppression import Suppressed
from pytest_backend_guide.violation import Violation

TOOL = "backend-guide"
INFORMATION_URI = "https://pytest-backend-guide.readthedocs.io/"
SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"


@dataclass(frozen=True)
class RunData:
    """What one run found, for the machine renderers.

    Attributes:
        results: File results, then project checks' results.
        rules: The registry, for names, summaries and links.
        enabled: Codes of the rules that ran.
        prefix: The rootdir's path inside the repository (``""`` or
            ``backend/``), put before every reported path.
    """

    results: Sequence[FileResult]
    rules: RuleRegistry
    enabled: frozenset[str]
    prefix: str = ""

    def violations(self) -> Iterator[tuple[Violation, bool]]:
        """Yield every violation with whether the baseline holds it back.

        Yields:
            ``(violation, baselined)`` in report order per result.
        """
        for result in self.results:
            for violation in result.violations:
                yield violation, False
            for violation in result.baselined:
                yield violation, True

    def suppressed(self) -> Iterator[Suppressed]:
        """Yield every violation a ``# guide: ignore`` comment silences.

        Yields:
            The silenced violations, with their reasons, per result.
        """
        for result in self.results:
            yield from result.suppressed

    def name(self, code: str) -> str:
        """Return a rule's name, empty for an unknown code."""
        return self.rules.get(code).name if code in self.rules else ""


def json_document(data: RunData) -> dict[str, Any]:
    """Return the ``--guide-json`` document.

    Args:
        data: The run's results.

    Returns:
        ``{"tool", "violations", "errors", "summary"}``, ready for json.dumps.
    """
    violations = []
    for violation, baselined in data.violations():
        end_col = violation.end_col
        violations.append(
            {
                "path": data.prefix + violation.path,
                "line": violation.line,
                "column": violation.col,
                "end_line": violation.line if end_col else None,
                "end_column": end_col,
                "code": violation.code,
                "name": data.name(violation.code),
                "message": violation.message,
                "help": violation.fix_hint,
                "symbol": violation.symbol,
                "baselined": baselined,
            }
        )
    errors = [
        {
            "path": data.prefix + r.error.path,
            "line": r.error.line,
            "column": r.error.col,
            "message": r.error.message,
        }
        for r in data.results
        if r.error is not None
    ]
    reported = Counter(v["code"] for v in violations if not v["baselined"])
    summary = {
        "violations": sum(reported.values()),
        "baselined": sum(1 for v in violations if v["baselined"]),
        "suppressed": sum(1 for _ in data.suppressed()),
        "errors": len(errors),
        "checks": len(data.results),
        "checks_failed": sum(not r.ok for r in data.results),
        "by_code": dict(sorted(reported.items())),
    }
    return {
        "tool": {"name": TOOL, "version": __version__},
        "violations": violations,
        "errors": errors,
        "summary": summary,
    }


def sarif_document(data: RunData) -> dict[str, Any]:
    """Return the ``--guide-sarif`` document: SARIF 2.1.0, one run.

    Baselined violations are results with an external suppression, as
    GitHub code scanning expects for accepted findings, and those a
    ``# guide: ignore`` comment silences have an ``inSource`` one (with
    the comment's reason as justification); files that could not be
    checked are tool notifications.

    Args:
        data: The run's results.

    Returns:
        The document, ready for json.dumps.
    """
    rules = [rule for rule in data.rules if rule.code in data.enabled]
    index = {rule.code: number for number, rule in enumerate(rules)}
    results = [
        _sarif_result(violation, index, data.prefix, _BASELINED if baselined else None)
        for violation, baselined in data.violations()
    ]
    results += [
        _sarif_result(s.violation, index, data.prefix, _in_source(s.justification))
        for s in data.suppressed()
    ]
    notifications = [
        {
            "level": "error",
            "message": {"text": error.message},
            "locations": [_location(data.prefix + error.path, error.line, error.col)],
        }
        for error in (r.error for r in data.results)
        if error is not None
    ]
    driver = {
        "name": TOOL,
        "version": __version__,
        "informationUri": INFORMATION_URI,
        "rules": [_sarif_rule(rule) for rule in rules],
    }
    run: dict[str, Any] = {"tool": {"driver": driver}, "results": results}
    invocation: dict[str, Any] = {"executionSuccessful": True}
    if notifications:
        invocation["toolExecutionNotifications"] = notifications
    run["invocations"] = [invocation]
    return {"version": "2.1.0", "$schema": SARIF_SCHEMA, "runs": [run]}


def _sarif_rule(rule: Rule) -> dict[str, Any]:
    described: dict[str, Any] = {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "defaultConfiguration": {"level": "error"},
    }
    if is_documented(rule):  # a custom rule has no page on our site
        described["helpUri"] = rule_url(rule)
    return described


_BASELINED = {"kind": "external", "justification": "held in the guide's baseline"}


def _in_source(justification: str | None) -> dict[str, str]:
    """Return the SARIF suppression of a ``# guide: ignore`` comment."""
    if justification is None:
        return {"kind": "inSource"}
    return {"kind": "inSource", "justification": justification}


def _sarif_result(
    violation: Violation,
    index: dict[str, int],
    prefix: str,
    suppression: dict[str, str] | None,
) -> dict[str, Any]:
    location = _location(
        prefix + violation.path, violation.line, violation.col, violation.end_col
    )
    result: dict[str, Any] = {
        "ruleId": violation.code,
        "level": "error",
        "message": {"text": violation.message},
        "locations": [location],
    }
    if violation.code in index:
        result["ruleIndex"] = index[violation.code]
    if suppression is not None:
        result["suppressions"] = [suppression]
    return result


def _location(path: str, line: int, col: int, end_col: int | None = None) -> Any:
    region: dict[str, int] = {"startLine": max(line, 1), "startColumn": max(col, 1)}
    if end_col and end_col > col:
        region["endColumn"] = end_col
    return {
        "physicalLocation": {
            "artifactLocation": {"uri": path},
            "region": region,
        }
    }


def annotation_lines(data: RunData) -> list[str]:
    """Return one GitHub ``::error`` workflow command per reported violation.

    Args:
        data: The run's results (baselined violations are left out).

    Returns:
        ``::error file=PATH,line=L,col=C,title=CODE::message`` lines.
    """
    lines = []
    for violation, baselined in data.violations():
        if baselined:
            continue
        properties = ",".join(
            [
                f"file={_escape_property(data.prefix + violation.path)}",
                f"line={violation.line}",
                f"col={violation.col}",
                f"title={_escape_property(violation.code)}",
            ]
        )
        text = f"{violation.message} ({data.name(violation.code)})"
        lines.append(f"::error {properties}::{_escape_data(text)}")
    for result in data.results:
        if result.error is not None:
            error = result.error
            path = _escape_property(data.prefix + error.path)
            where = f"file={path},line={error.line}"
            lines.append(f"::error {where}::{_escape_data(error.message)}")
    return lines


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")
