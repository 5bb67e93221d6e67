"""CI sharding: each shard checks its own guide items, and the shards add up.

A suite split over CI jobs with pytest-split (``--splits N --group i``) or
with pytest's own ``-k``, node ids and ``--deselect``: each job checks only
the files of the guide items it selected (the result cache shows which
files were checked), each project-level item runs in exactly one job, and
the failures of all jobs together are those of one unsharded run, with the
same violation lines. Under pytest-xdist too.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from pytest_backend_guide.cache import ResultCache
from project_tree import write

pytest.importorskip("pytest_split")

# Project checks on, the coverage item off: it judges the tests a job ran.
CONFIG = '[tool.backend-guide]\nsrc = ["app"]\nignore = ["TEST001", "TEST002"]\n'
BAD = '''\
    """Module {n}."""


    def getUser{n}(user_id):
        return user_id
'''
CLEAN = '''\
    """Module {n}."""


    def add_{n}(left: int, right: int) -> int:
        """Return the sum.

        Args:
            left: First term.
            right: Second term.

        Returns:
            The sum.
        """
        return left + right
'''
FILES = {
    "pyproject.toml": CONFIG,
    "app/__init__.py": '"""The app."""\n',
    **{f"app/users{n}.py": BAD.format(n=n) for n in range(4)},
    **{f"app/orders{n}.py": CLEAN.format(n=n) for n in range(3)},
    "app/api/__init__.py": '"""The API."""\n',
    "app/api/routes.py": BAD.format(n=9),
    "tests/test_plain.py": "def test_one():\n    assert True\n",
}
OUTCOME = re.compile(r"^(PASSED|FAILED|SKIPPED|ERROR) (\S+)")
VIOLATION = re.compile(r"^\S+:\d+:\d+: [A-Z]+\d{3} ")


@pytest.fixture
def project(pytester: pytest.Pytester) -> pytest.Pytester:
    """Return a project with failing and clean files and project items."""
    write(pytester.path, FILES)
    return pytester


def run(pytester: pytest.Pytester, *args: str) -> pytest.RunResult:
    """Run ``pytest --guide`` reporting every outcome (xdist: in a subprocess)."""
    if "-n" in args:
        return pytester.runpytest_subprocess("--guide", "-rA", "-q", *args)
    return pytester.runpytest("--guide", "-rA", "-q", *args)


def outcomes(result: pytest.RunResult) -> dict[str, str]:
    """Return each reported item's outcome by node id."""
    found: dict[str, str] = {}
    for line in result.outlines:
        match = OUTCOME.match(line)
        if match:
            found[match.group(2)] = match.group(1)
    return found


def violations(result: pytest.RunResult) -> list[str]:
    """Return the violation lines the run printed, sorted."""
    return sorted(line for line in result.outlines if VIOLATION.match(line))


def guide_items(found: dict[str, str]) -> set[str]:
    """Return the guide items among reported node ids."""
    return {node for node in found if "::guide" in node}


def checked_files(root: Path) -> set[str]:
    """Return the ``app/`` files that have an entry in the result cache."""
    folder = root / ".pytest_cache" / "d" / "backend-guide"
    caches = [
        ResultCache(folder, entry.name)
        for version in folder.glob("v*")
        for entry in version.iterdir()
        if entry.is_dir()
    ]
    paths = sorted(root.joinpath("app").rglob("*.py"))
    return {
        relpath
        for path in paths
        for relpath in [path.relative_to(root).as_posix()]
        if any(cache.has(cache.key(relpath, path.read_bytes())) for cache in caches)
    }


def file_items(found: dict[str, str]) -> set[str]:
    """Return the checked files of the reported file items."""
    return {
        node.split("::")[0] for node in found if node.endswith("::guide")
    }


def assert_shards_add_up(
    whole: pytest.RunResult, shards: list[pytest.RunResult]
) -> None:
    """Check that the shards report each guide item once, as the whole run does."""
    expected = outcomes(whole)
    seen: dict[str, str] = {}
    for shard in shards:
        for node, outcome in outcomes(shard).items():
            if "::guide" in node:
                assert node not in seen, f"{node} ran in two shards"
                seen[node] = outcome
    assert seen == {node: out for node, out in expected.items() if "::guide" in node}
    failed = {node for node, out in seen.items() if out == "FAILED"}
    assert failed == {node for node, out in expected.items() if out == "FAILED"}
    assert sorted(line for s in shards for line in violations(s)) == violations(whole)


@pytest.mark.parametrize("xdist", [(), ("-n", "2")], ids=["plain", "xdist"])
def test_pytest_split_shards_add_up_to_one_run(
    project: pytest.Pytester, xdist: tuple[str, ...]
) -> None:
    if xdist:
        pytest.importorskip("xdist")
    whole = run(project, "-p", "no:cacheprovider")
    whole.assert_outcomes(failed=7, passed=12)
    assert "pyproject.toml::guide[architecture]" in outcomes(whole)
    shards = [
        run(project, "-p", "no:cacheprovider", "--splits", "3", "--group", str(g), *xdist)
        for g in (1, 2, 3)
    ]
    assert_shards_add_up(whole, shards)
    for shard in shards:
        assert guide_items(outcomes(shard)), "every shard has guide items here"


def test_a_pytest_split_shard_checks_only_its_own_files(
    project: pytest.Pytester,
) -> None:
    shard = run(project, "--splits", "3", "--group", "2")
    own = file_items(outcomes(shard))
    assert own, "the shard has file items"
    assert checked_files(project.path) == own


def test_a_keyword_shard_checks_only_its_files(project: pytest.Pytester) -> None:
    users = run(project, "-k", "users")
    assert file_items(outcomes(users)) == {f"app/users{n}.py" for n in range(4)}
    assert checked_files(project.path) == file_items(outcomes(users))
    assert not any("pyproject.toml" in node for node in outcomes(users))


def test_keyword_shards_add_up_to_one_run(project: pytest.Pytester) -> None:
    whole = run(project, "-p", "no:cacheprovider")
    shards = [
        run(project, "-p", "no:cacheprovider", "-k", expression)
        for expression in ("users or api", "not (users or api)")
    ]
    assert_shards_add_up(whole, shards)


def test_node_ids_and_deselect_shards_add_up(project: pytest.Pytester) -> None:
    whole = run(project, "-p", "no:cacheprovider")
    named = ["app/users0.py::guide", "app/api/routes.py::guide",
             "pyproject.toml::guide[architecture]"]
    first = run(project, *named)
    assert set(outcomes(first)) == set(named)
    assert checked_files(project.path) == {"app/users0.py", "app/api/routes.py"}
    deselect = [arg for node in named for arg in ("--deselect", node)]
    second = run(project, "-p", "no:cacheprovider", *deselect)
    assert_shards_add_up(whole, [first, second])


def test_project_items_run_once_in_the_shard_that_has_them(
    project: pytest.Pytester,
) -> None:
    runs = [
        run(project, "-p", "no:cacheprovider", "--splits", "2", "--group", str(g))
        for g in (1, 2)
    ]
    project_items = [
        node for shard in runs for node in outcomes(shard)
        if node.startswith("pyproject.toml::guide[")
    ]
    assert len(project_items) == len(set(project_items)) >= 5
