"""custom-rules: the project's own ast-grep rule files, end to end."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from project_tree import guide, write

SHOP_RULES = """\
id: SHOP001
language: python
severity: error
message: "'$MODEL.objects.all()' loads a whole table"
note: "filter or paginate the queryset"
metadata:
  name: unbounded-queryset
rule:
  pattern: $MODEL.objects.all()
fix: $MODEL.objects.none()
---
id: SHOP002
language: python
severity: info
message: "datetime.now() without a time zone"
rule:
  pattern: datetime.now()
files: ["shop/**/*.py"]
ignores: ["shop/legacy/*.py"]
"""

CODE = """\
from datetime import datetime


def orders():
    stamp = datetime.now()
    return Order.objects.all(), stamp
"""


def project(pytester: pytest.Pytester, rules: str = SHOP_RULES, table: str = "") -> None:
    write(
        pytester.path,
        {
            "pyproject.toml": (
                "[tool.backend-guide]\n"
                'custom-rules = ["guide_rules/*.yml"]\n'
                'select = ["SHOP"]\n' + table
            ),
            "guide_rules/shop.yml": rules,
            "shop/views.py": CODE,
            "shop/legacy/old.py": CODE,
        },
    )


def test_custom_rules_report_with_message_note_and_position(pytester: pytest.Pytester) -> None:
    project(pytester)
    result = guide(pytester, "-m", "guide")
    result.assert_outcomes(failed=2)
    result.stdout.fnmatch_lines(
        [
            "*shop/views.py:6:12: SHOP001 'Order.objects.all()' loads a whole table*",
            "*help: filter or paginate the queryset*",
        ]
    )
    assert "SHOP002" not in result.stdout.str()  # info: off until selected


def test_info_rules_run_once_selected_and_files_ignores_apply(pytester: pytest.Pytester) -> None:
    project(pytester, table='extend-select = ["SHOP002"]\n')
    result = guide(pytester, "-m", "guide")
    out = result.stdout.str()
    assert "shop/views.py:5:13: SHOP002" in out
    assert "shop/legacy/old.py:5:13: SHOP002" not in out
    assert "shop/legacy/old.py:6:12: SHOP001" in out


def test_custom_codes_work_in_ignore_per_file_ignores_and_comments(pytester: pytest.Pytester) -> None:
    project(pytester, table='per-file-ignores = { "shop/legacy/*" = ["SHOP001"] }\n')
    (pytester.path / "shop/views.py").write_text(
        CODE.replace("stamp\n", "stamp  # guide: ignore[SHOP001]\n"), encoding="utf-8"
    )
    result = guide(pytester, "-m", "guide")
    result.assert_outcomes(passed=2)
    result = guide(pytester, "-m", "guide", "--guide-ignore", "unbounded-queryset")
    result.assert_outcomes(passed=2)


def test_guide_rules_lists_custom_rules(pytester: pytest.Pytester) -> None:
    project(pytester)
    result = pytester.runpytest("--guide-rules")
    result.stdout.fnmatch_lines(["SHOP001*unbounded-queryset*on*", "SHOP002*shop002*off*"])


def test_custom_rules_are_named_like_built_ins_in_lines_summary_and_statistics(
    pytester: pytest.Pytester,
) -> None:
    project(pytester)
    result = guide(pytester, "-m", "guide")
    result.stdout.fnmatch_lines(
        [
            "shop/views.py:6:12: SHOP001 'Order.objects.all()' loads a whole table"
            " (unbounded-queryset)",
            "2  SHOP001  unbounded-queryset",
        ]
    )
    concise = guide(pytester, "-m", "guide", "--guide-output-format=concise")
    concise.stdout.fnmatch_lines(["shop/legacy/old.py:6:12: SHOP001 * (unbounded-queryset)"])
    table = guide(pytester, "-m", "guide", "--guide-statistics")
    table.stdout.fnmatch_lines(["2  SHOP001  unbounded-queryset  filter or paginate the queryset"])


def test_custom_rules_are_described_in_sarif_and_json(pytester: pytest.Pytester) -> None:
    project(pytester)
    guide(pytester, "-m", "guide", "--guide-sarif=out.sarif", "--guide-json=out.json")
    sarif = json.loads((pytester.path / "out.sarif").read_text(encoding="utf-8"))
    (run,) = sarif["runs"]
    rules = run["tool"]["driver"]["rules"]
    (shop,) = [rule for rule in rules if rule["id"] == "SHOP001"]
    assert shop["name"] == "unbounded-queryset"
    assert "helpUri" not in shop  # not a page of the guide's site
    assert {r["ruleIndex"] for r in run["results"]} == {rules.index(shop)}
    report = json.loads((pytester.path / "out.json").read_text(encoding="utf-8"))
    assert {v["name"] for v in report["violations"]} == {"unbounded-queryset"}


@pytest.mark.parametrize(
    ("rules", "problem"),
    [
        ("id: [\n", "guide_rules/shop.yml: invalid YAML"),
        ("id: shop1\nlanguage: python\nmessage: m\nrule: {pattern: f()}\n", "guide_rules/shop.yml: rule 'shop1': 'id' must be a rule code"),
        ("id: SHOP001\nlanguage: python\nmessage: m\nrul: {pattern: f()}\n", "rule 'SHOP001': unknown key 'rul'"),
        ("id: SHOP001\nlanguage: python\nmessage: m\nrule: {pattern: 'f(('}\n", "rule 'SHOP001': pattern 'f((' is not valid Python"),
        ("id: ERR001\nlanguage: python\nmessage: m\nrule: {pattern: f()}\n", "rule 'ERR001': id clashes with the built-in rule bare-except"),
        ("id: SHOP001\nlanguage: python\nmessage: m\nmetadata: {name: print-call}\nrule: {pattern: f()}\n", "'print-call' is a built-in rule's name"),
        (
            "id: SHOP001\nlanguage: python\nmessage: m\nrule: {pattern: f()}\n---\n"
            "id: SHOP001\nlanguage: python\nmessage: m\nrule: {pattern: g()}\n",
            "rule 'SHOP001': id is already used by a rule in guide_rules/shop.yml",
        ),
    ],
)
def test_broken_rule_files_stop_the_run_naming_file_rule_and_problem(
    pytester: pytest.Pytester, rules: str, problem: str
) -> None:
    project(pytester, rules=rules)
    result = guide(pytester)
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    assert problem in result.stderr.str()


def test_a_pattern_matching_no_file_is_a_usage_error(pytester: pytest.Pytester) -> None:
    write(pytester.path, {"pyproject.toml": '[tool.backend-guide]\ncustom-rules = ["rules/*.yml"]\n', "app.py": "x = 1\n"})
    result = guide(pytester)
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    assert "custom-rules: 'rules/*.yml' matches no file" in result.stderr.str()


def test_rule_file_content_is_part_of_the_cache_key(pytester: pytest.Pytester) -> None:
    project(pytester)
    first = pytester.runpytest("--guide", "-m", "guide")
    first.assert_outcomes(failed=2)
    rules = pytester.path / "guide_rules/shop.yml"
    rules.write_text(SHOP_RULES.replace("$MODEL.objects.all()\n", "$MODEL.objects.none()\n", 1), encoding="utf-8")
    second = pytester.runpytest("--guide", "-m", "guide")
    second.assert_outcomes(passed=2)


BESIDE_PYTHON = Path(sys.executable).parent / "ast-grep"
AST_GREP = str(BESIDE_PYTHON) if BESIDE_PYTHON.exists() else shutil.which("ast-grep")


@pytest.mark.skipif(AST_GREP is None, reason="ast-grep CLI (pip install ast-grep-cli) not installed")
def test_the_same_rule_file_works_with_ast_grep_scan(pytester: pytest.Pytester) -> None:
    project(pytester)
    assert AST_GREP is not None
    completed = subprocess.run(
        [AST_GREP, "scan", "--rule", "guide_rules/shop.yml", "--json=compact", "shop/views.py"],
        cwd=pytester.path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode in (0, 1), completed.stderr
    found = {(m["ruleId"], m["range"]["start"]["line"] + 1, m["range"]["start"]["column"] + 1) for m in json.loads(completed.stdout)}
    assert ("SHOP001", 6, 12) in found


DOCS = Path(__file__).parent.parent / "docs" / "custom-rules.md"


def documented_rules() -> dict[str, str]:
    """Return the YAML blocks of docs/custom-rules.md by their file name."""
    text = DOCS.read_text(encoding="utf-8")
    blocks = {}
    for block in text.split("```yaml\n")[1:]:
        body = block.split("```", 1)[0]
        name = body.splitlines()[0].removeprefix("# ").strip()
        blocks[name] = body
    return blocks


def documented_matches(name: str, code: str, path: str) -> list[tuple[int, int, str]]:
    from pytest_backend_guide import PatternRules, SourceFile
    from pytest_backend_guide.pattern_rules import parse_rule_file

    rules = PatternRules(parse_rule_file(documented_rules()[name], name))
    codes = {rule.code for rule in rules.rules}
    return [(m.line, m.col, m.message) for m in rules.matches(SourceFile(path, code), codes)]


def test_documented_example_1_reports_views_only() -> None:
    view = 'def order_list(request):\n    orders = Order.objects.all()\n    return render(request, "orders.html", {"orders": orders})\n'
    assert documented_matches("guide_rules/querysets.yml", view, "shop/views.py") == [
        (2, 14, "'Order.objects.all()' loads the whole table")
    ]
    assert documented_matches("guide_rules/querysets.yml", view, "shop/admin.py") == []
    assert documented_matches("guide_rules/querysets.yml", "ORDERS = Order.objects.all()\n", "shop/views.py") == []
    good = "def order_list(request):\n    return Order.objects.filter(customer=request.user)[:50]\n"
    assert documented_matches("guide_rules/querysets.yml", good, "shop/views.py") == []


@pytest.mark.parametrize(
    ("call", "fires"),
    [
        ("datetime.now()", True),
        ("datetime.datetime.now()", True),
        ("datetime.utcnow()", True),
        ("datetime.now(tz=UTC)", False),
        ("datetime.now(UTC)", False),
        ("datetime.now(timezone.utc)", False),
        ("datetime.datetime.now(tz)", False),
    ],
)
def test_documented_example_2_reports_naive_datetimes(call: str, fires: bool) -> None:
    found = documented_matches("guide_rules/time.yml", f"stamp = {call}\n", "app/x.py")
    assert bool(found) is fires
    if fires:
        assert found[0][2] == f"'{call}' makes a naive datetime"


@pytest.mark.skipif(AST_GREP is None, reason="ast-grep CLI (pip install ast-grep-cli) not installed")
@pytest.mark.parametrize("name", ["guide_rules/querysets.yml", "guide_rules/time.yml"])
def test_documented_rule_files_are_valid_for_ast_grep(tmp_path: Path, name: str) -> None:
    assert AST_GREP is not None
    rule = tmp_path / "rule.yml"
    rule.write_text(documented_rules()[name], encoding="utf-8")
    code = tmp_path / "shop" / "views.py"
    code.parent.mkdir()
    code.write_text("def f():\n    a = Order.objects.all()\n    b = datetime.now()\n", encoding="utf-8")
    completed = subprocess.run(
        [AST_GREP, "scan", "--rule", str(rule), "--json=compact", "shop/views.py"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode in (0, 1), completed.stderr
    assert len(json.loads(completed.stdout)) == 1


VERB_RULES = """\
id: SHOP020
language: python
severity: warning
message: "HTTP call through '$F'"
rule:
  kind: call
  has:
    field: function
    kind: attribute
    regex: ^(client|http)\\.(get|post)$
  pattern: $F($$$ARGS)
---
id: SHOP021
language: python
severity: warning
message: "raw SQL string"
rule:
  kind: string
  regex: (?i)^["']\\s*(select|delete)\\s
"""


def test_rules_with_alternation_and_case_insensitive_regexes_report_end_to_end(
    pytester: pytest.Pytester,
) -> None:
    project(pytester, rules=VERB_RULES)
    write(
        pytester.path,
        {
            "shop/views.py": (
                "def fetch(url):\n"
                "    client.post(url)\n"
                "    return http.get(url)\n"
            ),
            "shop/legacy/old.py": 'QUERY = "SeLeCt * from orders"\n',
            "shop/quiet.py": "def fetch(url):\n    return client.put(url)\n",
        },
    )
    result = guide(pytester, "-m", "guide")
    result.stdout.fnmatch_lines_random(
        [
            "*shop/views.py:2:5: SHOP020 HTTP call through 'client.post'*",
            "*shop/views.py:3:12: SHOP020 HTTP call through 'http.get'*",
            "*shop/legacy/old.py:1:9: SHOP021 raw SQL string*",
        ]
    )
    assert "shop/quiet.py:" not in result.stdout.str()
