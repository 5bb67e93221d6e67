"""Deep code is checked: any tree ``ast.parse`` accepts gets every rule.

A 330-branch ``elif`` chain, a call chain of a thousand links, 500 nested
lambdas and a 5,000-term sum made a checker raise ``RecursionError``; each
file now gets every rule. A checker that still crashes fails one item with
one line, counted in the summary.
"""

from __future__ import annotations

import sys

import pytest
from project_tree import write

from pytest_backend_guide.deep import with_deep_stack

pytest_plugins = ["pytester"]

PLANTED = '\n\ndef getUser() -> None:\n    """Get the user."""\n'


def _elif_chain(branches: int = 330) -> str:
    lines = [
        '"""Dispatch."""',
        "",
        "",
        "def dispatch(code: int) -> str:",
        '    """Return the name.',
        "",
        "    Args:",
        "        code: The code.",
        "",
        "    Returns:",
        "        The name.",
        '    """',
    ]
    for number in range(branches):
        keyword = "if" if number == 0 else "elif"
        lines += [f"    {keyword} code == {number}:", f'        return "n{number}"']
    lines.append('    return "other"')
    return "\n".join(lines) + "\n"


DEEP_FILES = {
    "app/elifs.py": _elif_chain(),
    "app/chain.py": '"""Chain."""\n\nRESULT = start()'
    + "".join(f".m{number}()" for number in range(1000))
    + "\n",
    "app/lambdas.py": '"""Lambdas."""\n\nFUNC = ' + "lambda: " * 500 + "0\n",
    "app/total.py": '"""Sum."""\n\nTOTAL = ' + " + ".join(["1"] * 5000) + "\n",
    "app/nested.py": '"""Nested."""\n\n\n'
    + "".join("    " * level + f"def inner{level}():\n" for level in range(99))
    + "    " * 99
    + "pass\n",
}


def test_deep_trees_get_every_rule(pytester: pytest.Pytester) -> None:
    write(pytester.path, {name: text + PLANTED for name, text in DEEP_FILES.items()})
    result = pytester.runpytest_subprocess(
        "--guide", "-p", "no:cacheprovider", "-m", "guide", timeout=300
    )
    out = result.stdout.str()
    assert "crashed" not in out
    assert "RecursionError" not in out
    assert "INTERNALERROR" not in out
    for name, text in DEEP_FILES.items():
        line = text.count("\n") + 3
        result.stdout.fnmatch_lines([f"{name}:{line}:5: NAME003 *"])
    result.assert_outcomes(failed=len(DEEP_FILES))


def test_a_tree_the_parser_refuses_is_one_clear_error(
    pytester: pytest.Pytester,
) -> None:
    write(pytester.path, {"app/calls.py": "VALUE = " + "f(" * 300 + ")" * 300 + "\n"})
    result = pytester.runpytest_subprocess("--guide", "-p", "no:cacheprovider")
    result.stdout.fnmatch_lines(["app/calls.py:1:*: error: cannot parse: *"])
    result.assert_outcomes(failed=1)


def test_a_crashing_project_check_is_one_counted_line(
    pytester: pytest.Pytester,
) -> None:
    write(
        pytester.path,
        {
            "pyproject.toml": "[tool.backend-guide]\nselect = ['NAME', 'ZZZ001']\n",
            "app/ok.py": '"""Fine."""\n',
        },
    )
    plugin = pytester.path / "zzz_plugin.py"
    plugin.write_text(
        "from pytest_backend_guide import ProjectCheck, Rule, hookimpl\n\n\n"
        "def explode(ctx):\n    raise KeyError('missing')\n\n\n"
        "@hookimpl\ndef guide_rules():\n"
        "    return [Rule('ZZZ001', 'broken-rule', 'always breaks')]\n\n\n"
        "@hookimpl\ndef guide_project_checks():\n"
        "    return [ProjectCheck('broken', ('ZZZ001',), explode)]\n",
        encoding="utf-8",
    )
    pytester.syspathinsert()
    from pytest_backend_guide import manager

    original = manager.create_plugin_manager

    def with_broken(*, load_entry_points: bool = True) -> object:
        created = original(load_entry_points=load_entry_points)
        created.register(__import__("zzz_plugin"), "zzz")
        return created

    mp = pytest.MonkeyPatch()
    mp.setattr(manager, "create_plugin_manager", with_broken)
    try:
        result = pytester.runpytest("--guide", "-p", "no:cacheprovider")
    finally:
        mp.undo()
    result.stdout.fnmatch_lines(
        [
            "pyproject.toml:1:1: error: checker 'broken' crashed: KeyError: "
            "'missing' (*.py:*)",
            "*1 of 3 checks failed (1 could not be checked)",
        ]
    )
    assert "Traceback" not in result.stdout.str()
    result.assert_outcomes(passed=2, failed=1)


def test_with_deep_stack_runs_deep_recursion_and_passes_errors_on() -> None:
    def depth(level: int) -> int:
        return 0 if level == 0 else 1 + depth(level - 1)

    deep = sys.getrecursionlimit() * 5
    with pytest.raises(RecursionError):
        depth(deep)
    assert with_deep_stack(lambda: depth(deep), "check") == deep
    limit = sys.getrecursionlimit()

    def fails() -> None:
        raise ValueError("inside")

    with pytest.raises(ValueError, match="inside"):
        with_deep_stack(fails, "check")
    assert sys.getrecursionlimit() == limit
