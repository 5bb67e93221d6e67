"""The ast-grep rule engine: rule files, one combined pass, positions, messages."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from pytest_backend_guide import (
    FileContext,
    PatternRuleError,
    PatternRules,
    SourceFile,
    load_package_rules,
)
from pytest_backend_guide.pattern_rules import load_rule_file, parse_rule_file

RULES = """\
id: SHOP001
language: python
severity: warning
message: print of $FIRST
note: use the logger
rule:
  pattern: print($FIRST, $$$REST)
---
id: SHOP002
language: Python
severity: error
message: bare except
rule:
  kind: except_clause
  regex: '^except\\s*:'
---
id: SHOP003
language: python
severity: info
message: $FUNC called with a big value
rule:
  pattern: $FUNC($ARG)
constraints:
  ARG:
    regex: ^big
---
id: SHOP004
language: python
severity: warning
message: helper call
utils:
  is-helper:
    pattern: helper($$$)
rule:
  matches: is-helper
"""

CODE = """\
label = "ééé"; print("é", 2)
try:
    helper(1)
except:
    compute(big_value)
"""

ALL = {"SHOP001", "SHOP002", "SHOP003", "SHOP004"}


def matches(text: str, code: str, enabled: set[str], path: str = "app/x.py") -> list[tuple[str, int, int, str]]:
    rules = PatternRules(parse_rule_file(text, "rules.yml"))
    found = rules.matches(SourceFile(path, code), enabled)
    return [(m.code, m.line, m.col, m.message) for m in found]


def test_every_rule_kind_matches_in_one_pass_with_1_based_character_positions() -> None:
    found = matches(RULES, CODE, ALL)
    assert found == [
        ("SHOP001", 1, 16, 'print of "é"'),
        ("SHOP004", 3, 5, "helper call"),
        ("SHOP002", 4, 1, "bare except"),
        ("SHOP003", 5, 5, "compute called with a big value"),
    ]


def test_rules_sharing_no_util_names_are_combined_into_a_single_query() -> None:
    rules = PatternRules(parse_rule_file(RULES, "rules.yml"))
    rules.matches(SourceFile("a.py", CODE), ALL)
    (query,) = rules._queries.values()
    assert len(query.passes) == 1


def test_only_enabled_rules_run() -> None:
    assert [code for code, *_ in matches(RULES, CODE, {"SHOP002"})] == ["SHOP002"]
    assert matches(RULES, CODE, set()) == []


def test_a_constraint_that_fails_drops_the_match() -> None:
    assert matches(RULES, "compute(small)\n", {"SHOP003"}) == []


def test_violation_carries_note_as_fix_hint_and_the_end_column() -> None:
    rules = PatternRules(parse_rule_file(RULES, "rules.yml"))
    source = SourceFile("app/x.py", 'print("a", 1)\n')
    ctx = FileContext(source, frozenset(ALL), {})
    (violation,) = rules.violations(ctx)
    assert (violation.line, violation.col, violation.end_col) == (1, 1, 14)
    assert violation.fix_hint == "use the logger"
    assert violation.message == 'print of "a"'


def test_keep_filters_matches_a_pattern_cannot_judge() -> None:
    rules = PatternRules(parse_rule_file(RULES, "rules.yml"))
    source = SourceFile("app/x.py", 'print("a", 1)\nprint("b", 2)\n')
    ctx = FileContext(source, frozenset(ALL), {})
    kept = rules.violations(ctx, keep=lambda m: m.metavariable("FIRST").text() == '"b"')
    assert [v.line for v in kept] == [2]


def test_multiple_metavariables_fill_messages_without_commas() -> None:
    text = 'id: SHOP009\nlanguage: python\nmessage: "args: $$$ARGS"\nrule: {pattern: "f($$$ARGS)"}\n'
    assert matches(text, "f(a, b)\n", {"SHOP009"})[0][3] == "args: a, b"


def test_files_and_ignores_globs_are_relative_to_the_root() -> None:
    text = textwrap.dedent(
        """\
        id: SHOP010
        language: python
        message: found
        files: ["app/**/*.py"]
        ignores: ["app/legacy/*.py"]
        rule: {pattern: f()}
        """
    )
    assert matches(text, "f()\n", {"SHOP010"}, "app/api/deep/x.py")
    assert matches(text, "f()\n", {"SHOP010"}, "app/x.py")
    assert not matches(text, "f()\n", {"SHOP010"}, "app/legacy/x.py")
    assert not matches(text, "f()\n", {"SHOP010"}, "scripts/x.py")


@pytest.mark.parametrize(
    ("severity", "on"),
    [("error", True), ("warning", True), ("info", False), ("hint", False)],
)
def test_severity_decides_the_default(severity: str, on: bool) -> None:
    text = f"id: SHOP011\nlanguage: python\nseverity: {severity}\nmessage: m\nrule: {{pattern: f()}}\n"
    (rule,) = parse_rule_file(text, "r.yml")
    assert rule.as_rule().default_enabled is on


def test_missing_severity_is_hint_as_in_ast_grep_and_off_rules_are_dropped() -> None:
    base = "id: SHOP012\nlanguage: python\nmessage: m\nrule: {pattern: f()}\n"
    (rule,) = parse_rule_file(base, "r.yml")
    assert rule.severity == "hint"
    assert parse_rule_file(base + "severity: off\n", "r.yml") == ()


def test_metadata_name_and_fix_are_read_and_ignored_respectively() -> None:
    text = (
        "id: SHOP013\nlanguage: python\nmessage: m\nfix: g()\n"
        "metadata: {name: no-f-call}\nrule: {pattern: f()}\n"
    )
    (rule,) = parse_rule_file(text, "r.yml")
    assert rule.name == "no-f-call"
    assert "fix" not in rule.config


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("id: [\n", "r.yml: invalid YAML"),
        ("id: shop1\nlanguage: python\nmessage: m\nrule: {pattern: f()}\n", "r.yml: rule 'shop1': 'id' must be a rule code"),
        ("id: SHOP001\nlanguage: python\nmessage: m\nrules: {pattern: f()}\n", "rule 'SHOP001': unknown key 'rules'"),
        ("id: SHOP001\nlanguage: python\nmessage: m\nrule: {pattern: 'def ('}\n", "rule 'SHOP001': pattern 'def (' is not valid Python"),
        ("id: SHOP001\nlanguage: python\nmessage: m\nrule: {kind: callz}\n", "Kind `callz` is invalid"),
        ("id: SHOP001\nlanguage: python\nmessage: m\nrule: {pattern: f(), hass: {kind: call}}\n", "unknown field `hass`"),
        ("id: SHOP001\nlanguage: go\nmessage: m\nrule: {pattern: f()}\n", "'language' must be Python"),
        ("id: SHOP001\nlanguage: python\nrule: {pattern: f()}\n", "'message' is missing"),
        ("id: SHOP001\nlanguage: python\nmessage: m\nmetadata: {name: No_Name}\nrule: {pattern: f()}\n", "not kebab-case"),
        ("- a\n- b\n", "rule #1: a rule must be a mapping"),
    ],
)
def test_broken_rules_name_the_file_the_rule_and_the_problem(text: str, problem: str) -> None:
    with pytest.raises(PatternRuleError, match="^r.yml") as caught:
        parse_rule_file(text, "r.yml")
    assert problem in str(caught.value)
    assert "Stack backtrace" not in str(caught.value)


def test_two_rules_with_one_code_are_refused() -> None:
    rule = "id: SHOP001\nlanguage: python\nmessage: m\nrule: {pattern: f()}\n"
    with pytest.raises(ValueError, match="SHOP001 is defined twice"):
        PatternRules(parse_rule_file(rule + "---\n" + rule, "r.yml"))


def test_an_unreadable_rule_file_is_a_rule_error(tmp_path: Path) -> None:
    with pytest.raises(PatternRuleError, match="rules/x.yml: cannot read"):
        load_rule_file(tmp_path / "missing.yml", "rules/x.yml")


def test_package_rules_load_from_package_data() -> None:
    rules = load_package_rules("pytest_backend_guide", "rules/errors")
    assert {rule.code for rule in rules} >= {"ERR001"}


KINDED = """\
id: SHOP010
language: python
severity: warning
message: call of $F
rule:
  kind: call
  has:
    field: function
    pattern: $F
constraints:
  F:
    regex: ^run_
---
id: SHOP011
language: python
severity: warning
message: string bound
rule:
  any:
    - kind: assignment
      has:
        field: right
        kind: string
    - kind: keyword_argument
      has:
        field: value
        kind: string
---
id: SHOP012
language: python
severity: warning
message: sql util
utils:
  sql:
    kind: string
    regex: select
rule:
  kind: call
  has:
    field: arguments
    has:
      matches: sql
"""
KINDED_CODE = """\
x = "a"
run_job(name="b", query=execute("select 1"))
y = run_other(1)
"""


def test_each_node_of_a_pass_goes_only_to_rules_of_its_kind() -> None:
    # Three rules of different kinds, with constraints and utils, in one
    # pass: each node is judged only by the rules that can match its kind,
    # and every match is the same as with each rule alone.
    codes = {"SHOP010", "SHOP011", "SHOP012"}
    together = matches(KINDED, KINDED_CODE, codes)
    alone = sorted(
        found for code in codes for found in matches(KINDED, KINDED_CODE, {code})
    )
    assert sorted(together) == alone
    assert together == [
        ("SHOP011", 1, 1, "string bound"),
        ("SHOP010", 2, 1, "call of run_job"),
        ("SHOP011", 2, 9, "string bound"),
        ("SHOP012", 2, 25, "sql util"),
        ("SHOP010", 3, 5, "call of run_other"),
    ]


@pytest.mark.parametrize(
    ("rule", "kinds"),
    [
        ({"kind": "call"}, {"call"}),
        ({"any": [{"kind": "call"}, {"kind": "assignment"}]}, {"call", "assignment"}),
        ({"any": [{"kind": "call"}, {"pattern": "x = 1"}]}, None),
        ({"pattern": "print($A)"}, None),
        ({"matches": "util"}, None),
        ({"any": []}, None),
    ],
)
def test_node_kinds_are_known_only_when_the_rule_says(
    rule: dict[str, object], kinds: set[str] | None
) -> None:
    from pytest_backend_guide.pattern_engine import node_kinds

    assert node_kinds(rule) == (frozenset(kinds) if kinds is not None else None)
