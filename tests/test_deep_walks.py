"""Deep trees are walked without recursion: no checker needs the deep-stack retry.

Each file below is deeper than Python's default recursion limit lets a
recursive walk follow, and holds a violation at its deepest point. Every
rule and every file fact runs on it in this process (default recursion
limit, pytest's own frames below); the file must get the right violations
and facts without :func:`~pytest_backend_guide.deep.with_deep_stack` being
needed for our own code. ``ast.parse`` itself may still need it (it
recurses in C, on 3.11 against Python's limit): that is counted apart.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from pytest_backend_guide.deep import retry_counts
from pytest_backend_guide.engine import FileResult, check_bytes
from pytest_backend_guide.manager import Checkers
from pytest_backend_guide.settings import Settings

HEADER = '"""Deep."""\n\n'
PLANTED = '\n\ndef getUser() -> None:\n    """Get the user."""\n'


def _function_elifs(branches: int) -> str:
    lines = [
        "def dispatch(code: int) -> int:",
        '    """Return the number.',
        "",
        "    Args:",
        "        code: The code.",
        "",
        "    Returns:",
        "        The number.",
        '    """',
    ]
    for number in range(branches):
        keyword = "if" if number == 0 else "elif"
        lines += [f"    {keyword} code == {number}:", f"        return {number}"]
    lines += ["    badName = code", "    return badName"]
    return "\n".join(lines) + "\n"


def _module_elifs(branches: int) -> str:
    lines = []
    for number in range(branches):
        keyword = "if" if number == 0 else "elif"
        lines += [f"{keyword} MODE == {number}:", f"    LEVEL = {number}"]
    lines += ["else:", "    badName = 1"]
    return "\n".join(lines) + "\n"


def _links(count: int) -> str:
    return "".join(f".m{number}()" for number in range(count))


DEEP = {
    "elif330": _function_elifs(330),
    "elif2000": _function_elifs(2000),
    "module_elif330": _module_elifs(330),
    "calls1000": "RESULT = start(lambda badArg: 0)" + _links(1000) + "\n",
    "calls3000": "RESULT = start(lambda badArg: 0)" + _links(3000) + "\n",
    "attributes1000": "RESULT = (lambda badArg: 0)"
    + "".join(f".a{number}" for number in range(1000))
    + "\n",
    "lambdas500": "FUNC = " + "lambda: " * 499 + "lambda badArg: 0\n",
    "lists150": "VALUE = " + "[" * 150 + "(badName := 1)" + "]" * 150 + "\n",
    "dicts150": "VALUE = " + "{'k': " * 150 + "(badName := 1)" + "}" * 150 + "\n",
    "sum5000": "TOTAL = (badName := 1)" + " + 1" * 5000 + "\n",
    "and3000": "BOTH = (badName := 1)" + " and x" * 3000 + "\n",
    "subscripts1000": "ITEM = (badName := rows)" + "[0]" * 1000 + "\n",
    "negations1000": "FLAG = " + "not " * 1000 + "(badName := 1)\n",
}
"""Name -> source; the violation planted deepest is on the last source line."""


@pytest.fixture
def check(checkers: Checkers) -> Iterator[object]:
    """Check a file with every rule and fact; fail if our code needed a retry."""
    settings = Settings(
        rootdir=Path.cwd(),
        config_path=None,
        src=(Path.cwd(),),
        enabled=checkers.rules.all_codes(),
        options={name: s.defaults() for name, s in checkers.sections.items()},
    )
    facts = list(
        {
            fact.kind: fact
            for project_check in checkers.project_checks.values()
            for fact in project_check.facts
        }.values()
    )
    before = retry_counts()

    def run(path: str, text: str) -> FileResult:
        return check_bytes(path, text.encode(), settings, checkers.hook, facts)

    yield run
    after = retry_counts()
    for work in ("check", "fact", "project"):
        assert after.get(work, 0) == before.get(work, 0), f"{work} needed a retry"


def _found(result: FileResult) -> set[tuple[int, str]]:
    assert result.error is None, result.error
    return {(violation.line, violation.code) for violation in result.violations}


@pytest.mark.parametrize("name", list(DEEP))
def test_a_deep_tree_gets_its_violations_without_the_retry(
    check: object, name: str
) -> None:
    text = HEADER + DEEP[name]
    lines = text.splitlines()
    deepest = next(n for n, line in enumerate(lines, 1) if "bad" in line)
    result = check("app/services/deep.py", text + PLANTED)  # type: ignore[operator]
    found = _found(result)
    assert (len(lines) + 3, "NAME003") in found
    codes = {code for line, code in found if line == deepest}
    assert codes & {"NAME004", "NAME005", "NAME006"}, sorted(found)


def test_the_elif_chain_is_judged_in_each_family(check: object) -> None:
    text = HEADER + _function_elifs(330).replace("-> int", "")
    result = check("app/services/deep.py", text)  # type: ignore[operator]
    found = _found(result)
    assert (3, "TYPE002") in found  # the missing return annotation


def test_sql_built_from_thousands_of_parts_is_reported(check: object) -> None:
    text = (
        HEADER
        + "def find(cursor: Cursor, name: str) -> None:\n"
        + '    """Find.\n\n    Args:\n        cursor: The cursor.\n'
        + '        name: The name.\n    """\n'
        + "    cursor.execute(\"SELECT * FROM t WHERE a = \" + name"
        + " + name" * 3000
        + ")\n"
    )
    result = check("app/services/deep.py", text)  # type: ignore[operator]
    found = _found(result)
    assert {(10, "SEC010"), (10, "DB001")} <= found, sorted(found)


def test_a_route_prefix_of_thousands_of_parts_is_known(check: object) -> None:
    text = (
        HEADER
        + "from fastapi import APIRouter\n\n"
        + "router = APIRouter(prefix=\"/a\""
        + ' + "/b"' * 3000
        + ")\n"
    )
    result = check("app/api/deep.py", text)  # type: ignore[operator]
    assert result.error is None
    routers = result.facts["api-routes"]["routers"]
    assert routers["router"]["prefix"] == "/a" + "/b" * 3000


def test_retries_are_counted_by_kind() -> None:
    from pytest_backend_guide.deep import with_deep_stack

    before = retry_counts().get("check", 0)
    assert with_deep_stack(lambda: 7, "check") == 7
    assert retry_counts()["check"] == before + 1
