"""Needles: a file without the text a pattern rule needs is not parsed for it."""

from __future__ import annotations

import pytest

from pytest_backend_guide import PatternRules, SourceFile
from pytest_backend_guide.pattern_needles import ALWAYS, rule_needle
from pytest_backend_guide.pattern_rules import parse_rule_file

RULES = """\
id: SHOP001
language: python
severity: warning
message: print call
rule:
  pattern: print($$$ARGS)
---
id: SHOP002
language: python
severity: warning
message: bare except
rule:
  kind: except_clause
  regex: '^except\\s*:'
"""


@pytest.mark.parametrize(
    ("rule", "text", "found"),
    [
        ({"pattern": "print($$$ARGS)"}, "x = 1", False),
        ({"pattern": "print($$$ARGS)"}, "print(1)", True),
        ({"pattern": "$A.get($B)"}, "d.items()", False),
        ({"pattern": "$A.get($B)"}, "d.get(k)", True),
        ({"kind": "except_clause", "regex": r"^except\s*:"}, "except E:", False),
        ({"kind": "except_clause", "regex": r"^except\s*:"}, "except :", True),
        ({"any": [{"pattern": "open($F)"}, {"pattern": "input()"}]}, "input()", True),
        ({"any": [{"pattern": "open($F)"}, {"pattern": "input()"}]}, "read()", False),
        ({"all": [{"pattern": "a($X)"}, {"pattern": "b($X)"}]}, "a(1)", False),
        ({"pattern": "f($X)", "inside": {"pattern": "with $C: $$$"}}, "f(1)", False),
    ],
)
def test_needles_ask_for_the_words_and_plain_regexes_of_a_rule(
    rule: dict[str, object], text: str, found: bool
) -> None:
    assert rule_needle(rule).found_in(text) is found


@pytest.mark.parametrize(
    "rule",
    [
        {"kind": "call"},
        {"not": {"pattern": "print($X)"}},
        {"matches": "helper"},
        {"pattern": {"context": "class A: $F = 1", "selector": "assignment"}},
        {"regex": ".*$"},
        {"regex": "[[:alpha:]]+"},
        {"any": [{"pattern": "open($F)"}, {"kind": "call"}]},
    ],
)
def test_rules_whose_text_cannot_be_known_need_nothing(rule: dict[str, object]) -> None:
    assert rule_needle(rule) == ALWAYS


def test_a_file_without_any_needle_is_never_parsed_by_tree_sitter() -> None:
    rules = PatternRules(parse_rule_file(RULES, "rules.yml"))
    source = SourceFile("app/x.py", "try:\n    go()\nexcept ValueError:\n    pass\n")
    assert rules.matches(source, {"SHOP001", "SHOP002"}) == []
    assert "sg_root" not in vars(source)


def test_a_file_with_a_needle_is_matched_as_before() -> None:
    rules = PatternRules(parse_rule_file(RULES, "rules.yml"))
    source = SourceFile("app/x.py", "try:\n    print(1)\nexcept:\n    pass\n")
    found = rules.matches(source, {"SHOP001", "SHOP002"})
    assert [(m.code, m.line, m.col) for m in found] == [
        ("SHOP001", 2, 5),
        ("SHOP002", 3, 1),
    ]
