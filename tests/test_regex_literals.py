"""Needles from regexes: alternation, escapes, flags; never a file skipped wrongly.

Each soundness case runs the rule through ast-grep itself on real text: when
ast-grep finds a match, the needle must let the file through.
"""

from __future__ import annotations

import random

import pytest
from ast_grep_py import SgRoot

from pytest_backend_guide import PatternRules, SourceFile
from pytest_backend_guide.pattern_needles import ALWAYS, regex_needle, rule_needle
from pytest_backend_guide.pattern_rules import parse_rule_file
from pytest_backend_guide.regex_literals import regex_literals

VIEWS = """\
import os
from flask import request


def create():
    data = request.json
    os.system("ls")
    return client.post(url, json=data)


class Order:
    def Get(self):
        return requests.GET(self.URL, timeout=5)
"""

# (rule, text, whether ast-grep matches): every regex shape the brief names.
CASES = [
    ({"kind": "identifier", "regex": "^(get|post)$"}, VIEWS, True),
    ({"kind": "identifier", "regex": "^(get|post)$"}, "x = put(1)\n", False),
    ({"kind": "identifier", "regex": "^(?i)(get|post)$"}, VIEWS, True),
    ({"kind": "identifier", "regex": "(?i)^gEt$"}, "def GET(): pass\n", True),
    ({"kind": "identifier", "regex": "(?i)^gEt$"}, "def put(): pass\n", False),
    ({"kind": "attribute", "regex": r"^os\.system$"}, VIEWS, True),
    ({"kind": "attribute", "regex": r"^os\.system$"}, "os_system(1)\n", False),
    ({"kind": "call", "regex": r"\(\"ls\"\)"}, VIEWS, True),
    ({"kind": "call", "regex": r"^client\.(get|post)\("}, VIEWS, True),
    ({"kind": "call", "regex": r"^client\.(get|post)\("}, "client.put(u)\n", False),
    ({"kind": "identifier", "regex": "^[Gg]et$"}, VIEWS, True),
    ({"kind": "identifier", "regex": "^[a-z]+_id$"}, "user_id = 1\n", True),
    ({"kind": "identifier", "regex": "^[a-z]+_id$"}, "user = 1\n", False),
    ({"kind": "identifier", "regex": "^(re)?quests?$"}, VIEWS, True),
    ({"kind": "identifier", "regex": "^(re)?quests?$"}, "quest = 1\n", True),
    ({"kind": "identifier", "regex": "^(async_)?session$"}, "session = 1\n", True),
    ({"kind": "call", "regex": "post|GET"}, VIEWS, True),
    ({"kind": "call", "regex": "post|GET"}, "get(1)\n", False),
    ({"kind": "string", "regex": "^\"ls\"$"}, VIEWS, True),
    ({"kind": "identifier", "regex": r"^\w+_URL$"}, "BASE_URL = 1\n", True),
    ({"kind": "identifier", "regex": r"^data\b"}, VIEWS, True),
    ({"kind": "identifier", "regex": "^(?P<verb>get|post)$"}, VIEWS, True),
    ({"kind": "identifier", "regex": "^(?:json|data){1,2}$"}, VIEWS, True),
    ({"kind": "identifier", "regex": "(?i)^K$"}, "\u212a = 1\n", True),
    ({"kind": "identifier", "regex": "(?i)^s$"}, "\u017f = 1\n", True),
    ({"kind": "identifier", "regex": "^requests?$"}, VIEWS, True),
    ({"kind": "identifier", "regex": "^.*$"}, "x = 1\n", True),
]


def ast_grep_matches(rule: dict[str, object], text: str) -> bool:
    root = SgRoot(text, "python").root()
    return bool(root.find_all(config={"rule": rule}))


@pytest.mark.parametrize(("rule", "text", "matches"), CASES)
def test_a_needle_lets_through_every_file_ast_grep_matches(
    rule: dict[str, object], text: str, matches: bool
) -> None:
    assert ast_grep_matches(rule, text) is matches
    found = rule_needle(rule).found_in(text)
    if matches:
        assert found
    else:  # every no-match case above lacks the needle's text too
        assert not found


@pytest.mark.parametrize(
    ("regex", "groups"),
    [
        ("^(get|post)$", [{"get", "post"}]),
        (r"os\.system", None),  # plain enough to be searched as it is
        (r"^request\.(form|data|json)$", [{"request.form", "request.data", "request.json"}]),
        (r"\(", [{"("}]),
        ("(a)?b", [{"ab", "b"}]),
        ("a|b.c", [{"a", "b"}]),
        ("x|(y)?", None),
        ("(|a)z", [{"z", "az"}]),
        ("[abc]+x", [{"x"}]),
        (r"\d{2,}-\d+", [{"-"}]),
        ("^(?:req|request)\\.(get|post)\\(", [
            {"req.get(", "req.post(", "request.get(", "request.post("}
        ]),
    ],
)
def test_regexes_give_any_of_groups(regex: str, groups: list[set[str]] | None) -> None:
    literals = regex_literals(regex)
    if groups is None:
        assert literals is None or not regex_needle(regex).alternatives
        return
    assert literals is not None
    assert [set(g) for g in literals.groups] == groups


@pytest.mark.parametrize(
    "regex",
    [
        "[[:alpha:]]+",
        ".*",
        "(?x)get | post",
        "(?=get)",
        r"\x41BC",
        r"\u{41}",
        "get|.*",
        "(get",
        "get)",
        "a{,2}",
        "a{x}",
        "(a)?",
        r"\é",
    ],
)
def test_regexes_nothing_can_be_proved_of_need_nothing(regex: str) -> None:
    assert regex_literals(regex) is None
    assert regex_needle(regex) == ALWAYS


def test_a_regex_that_does_not_parse_gives_no_literals() -> None:
    assert regex_literals("*a") is None


def test_case_insensitive_literals_are_found_in_any_case() -> None:
    needle = regex_needle("(?i)^(select|insert)\\b")
    assert needle.found_in("q = 'SELECT 1'")
    assert needle.found_in("q = 'Insert 1'")
    assert not needle.found_in("q = 'update'")


def test_a_flag_group_turning_case_off_keeps_the_needle_case_insensitive() -> None:
    # (?i) anywhere makes every literal case-insensitive: looser, never wrong.
    assert regex_needle("(?i:get)POST").found_in("getpost")


ALTERNATION_RULES = """\
id: SHOP010
language: python
severity: warning
message: HTTP verb call
rule:
  kind: call
  has:
    field: function
    kind: attribute
    regex: ^client\\.(get|post)$
"""


def test_a_user_rule_with_alternation_skips_files_without_its_words() -> None:
    rules = PatternRules(parse_rule_file(ALTERNATION_RULES, "rules.yml"))
    quiet = SourceFile("app/x.py", "client.put(url)\n")
    assert rules.matches(quiet, {"SHOP010"}) == []
    assert "sg_root" not in vars(quiet)
    loud = SourceFile("app/y.py", "x = 1\nclient.post(url)\n")
    found = rules.matches(loud, {"SHOP010"})
    assert [(m.code, m.line, m.col) for m in found] == [("SHOP010", 2, 1)]


def random_regex(rng: random.Random, depth: int = 0) -> str:
    """Return a random regex over a small alphabet, in the shapes read above."""
    atoms = ["a", "b", "_", r"\.", r"\(", ".", "[ab]", r"\w", "^", "$", r"\b"]
    parts = []
    for _ in range(rng.randint(1, 4)):
        if depth < 2 and rng.random() < 0.3:
            branches = [random_regex(rng, depth + 1) for _ in range(rng.randint(1, 3))]
            opener = rng.choice(["(", "(?:", "(?i:", "(?i)("])
            part = opener + "|".join(branches) + ")"
        else:
            part = rng.choice(atoms)
        if part not in ("^", "$", r"\b"):
            part += rng.choice(["", "", "", "?", "*", "+", "{2}", "{0,1}"])
        parts.append(part)
    return "".join(parts) + ("|" + random_regex(rng, 2) if rng.random() < 0.2 else "")


def random_text(rng: random.Random) -> str:
    """Return a line of Python holding names, attributes and calls."""
    words = ["a", "b", "ab", "ba", "a_b", "A", "B", "aB", "a.b", "b.a"]
    return "\n".join(
        f"{rng.choice(words)}({rng.choice(words)}, {rng.choice(words)})"
        for _ in range(rng.randint(1, 3))
    ) + "\n"


def test_random_regexes_never_skip_a_file_ast_grep_matches() -> None:
    rng = random.Random(12)
    checked = 0
    for _ in range(200):
        regex = random_regex(rng)
        needle = regex_needle(regex)
        for _ in range(5):
            text = random_text(rng)
            for kind in ("identifier", "attribute", "call"):
                rule = {"kind": kind, "regex": regex}
                if ast_grep_matches(rule, text):
                    checked += 1
                    assert needle.found_in(text), (regex, text)
    assert checked > 250
