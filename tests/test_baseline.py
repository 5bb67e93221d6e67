"""The baseline on real git repositories: known violations pass, new ones fail."""

from __future__ import annotations

import json
import os

import pytest
from git_repo import commit_all, init_repo
from project_tree import guide, write

pytest_plugins = ["pytester"]

VIEWS = '''\
    """Views."""


    class UserView:
        """A view."""

        def getUser(self) -> int:
            """Get."""
            return 1

        def putUser(self) -> int:
            """Put."""
            return 2


    def helper(count: int) -> int:
        """Help."""
        return count
'''

BASELINE = ".guide-baseline.json"


@pytest.fixture
def repo(pytester: pytest.Pytester) -> pytest.Pytester:
    """A committed project with two known NAME003 violations and a baseline."""
    write(pytester.path, {"app/views.py": VIEWS})
    init_repo(pytester.path)
    written = guide(pytester, "--guide-baseline-write")
    written.assert_outcomes(passed=1)
    written.stdout.fnmatch_lines(["wrote .guide-baseline.json: 2 known violations*"])
    commit_all(pytester.path, "baseline")
    return pytester


def edit(pytester: pytest.Pytester, old: str, new: str) -> None:
    path = pytester.path / "app/views.py"
    path.write_text(path.read_text().replace(old, new, 1))


def test_the_baseline_file_is_sorted_keyed_by_symbol_and_has_no_lines(
    repo: pytest.Pytester,
) -> None:
    data = json.loads((repo.path / BASELINE).read_text())
    assert data["version"] == 1
    entries = data["violations"]
    assert [(e["path"], e["code"], e["symbol"], e["count"]) for e in entries] == [
        ("app/views.py", "NAME003", "app.views.UserView.getUser", 1),
        ("app/views.py", "NAME003", "app.views.UserView.putUser", 1),
    ]
    assert all(len(e["fingerprint"]) == 8 for e in entries)
    assert not any("line" in e for e in entries)
    mask = os.umask(0o022)
    os.umask(mask)
    assert (repo.path / BASELINE).stat().st_mode & 0o777 == 0o666 & ~mask
    before = (repo.path / BASELINE).read_bytes()
    guide(repo, "--guide-baseline-write")
    assert (repo.path / BASELINE).read_bytes() == before  # stable: diffs well


def test_known_violations_survive_inserted_lines_and_edits_elsewhere(
    repo: pytest.Pytester,
) -> None:
    edit(repo, '"""Views."""\n', '"""Views."""\n\nimport os\n\nLIMIT = 3\n')
    edit(repo, "return count", "return count + 1  # edited")
    edit(repo, "return 2", "value = 2\n        return value")
    commit_all(repo.path, "edit around the known violations")
    result = guide(repo)
    result.assert_outcomes(passed=1)
    result.stdout.fnmatch_lines(["2 baselined violations not shown: NAME 2"])
    shown = guide(repo, "--guide-show-baselined")
    shown.stdout.fnmatch_lines(
        [
            "baselined:",
            "  app/views.py:11:9: NAME003 function name 'getUser' is not snake_case*",
            "  app/views.py:15:9: NAME003 function name 'putUser'*",
            "2 baselined violations shown above: NAME 2",
        ]
    )


def test_a_new_violation_fails_alone(repo: pytest.Pytester) -> None:
    edit(repo, "def helper(", "def otherHelper(")
    commit_all(repo.path, "a new violation")
    result = guide(repo)
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(
        ["app/views.py:16:5: NAME003 function name 'otherHelper'*"]
    )
    assert "getUser" not in result.stdout.str().split("short test summary")[0]
    result.stdout.fnmatch_lines(["1 violation, 1 of 1 checks failed", "2 baselined*"])


def test_the_same_violation_moved_to_another_file_is_new(
    repo: pytest.Pytester,
) -> None:
    (repo.path / "app/views.py").rename(repo.path / "app/pages.py")
    commit_all(repo.path, "rename")
    result = guide(repo)
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(
        ["2 violations, 1 of 1 checks failed", "note: 2 baseline entries no longer*"]
    )


def test_a_fixed_violation_is_a_note_then_pruned(repo: pytest.Pytester) -> None:
    edit(repo, "def getUser(", "def get_user(")
    commit_all(repo.path, "fix one")
    result = guide(repo)
    result.assert_outcomes(passed=1)
    result.stdout.fnmatch_lines(
        [
            "1 baselined violation not shown: NAME 1",
            "note: 1 baseline entry no longer match*--guide-baseline-write*",
            "  app/views.py: NAME003 in app.views.UserView.getUser",
        ]
    )
    assert result.ret == pytest.ExitCode.OK
    guide(repo, "--guide-baseline-write")
    entries = json.loads((repo.path / BASELINE).read_text())["violations"]
    assert [e["symbol"] for e in entries] == ["app.views.UserView.putUser"]
    assert "no longer" not in guide(repo).stdout.str()


def test_a_strict_baseline_fails_on_stale_entries(repo: pytest.Pytester) -> None:
    pyproject = repo.path / "pyproject.toml"
    pyproject.write_text(pyproject.read_text() + "strict-baseline = true\n")
    edit(repo, "def getUser(", "def get_user(")
    result = guide(repo)
    result.assert_outcomes(passed=1)
    result.stdout.fnmatch_lines(["error: 1 baseline entry no longer match*"])
    assert result.ret == pytest.ExitCode.TESTS_FAILED


def test_entries_of_unchecked_files_are_neither_stale_nor_pruned(
    repo: pytest.Pytester,
) -> None:
    write(repo.path, {"app/other.py": '"""Other."""\n\n\ndef badName() -> None:\n'
                      '    """Bad."""\n'})
    guide(repo, "--guide-baseline-write")
    result = guide(repo, "-k", "other.py")
    assert "no longer" not in result.stdout.str()
    guide(repo, "-k", "other.py", "--guide-baseline-write")
    entries = json.loads((repo.path / BASELINE).read_text())["violations"]
    assert len(entries) == 3


def test_cached_results_keep_their_symbols(repo: pytest.Pytester) -> None:
    edit(repo, "def helper(", "def otherHelper(")
    cold = repo.runpytest("--guide")
    warm = repo.runpytest("--guide")
    for result in (cold, warm):
        result.assert_outcomes(failed=1)
        result.stdout.fnmatch_lines(["1 violation, 1 of 1 checks failed"])


def test_the_baseline_works_under_xdist(repo: pytest.Pytester) -> None:
    edit(repo, "def helper(", "def otherHelper(")
    result = guide(repo, "-n", "2")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["1 violation, 1 of 1 checks failed", "2 baselined*"])


def test_a_damaged_baseline_is_a_usage_error(repo: pytest.Pytester) -> None:
    (repo.path / BASELINE).write_text('{"violations": [{"path": 1}]}')
    result = guide(repo)
    result.stderr.fnmatch_lines(["*.guide-baseline.json: not a backend-guide baseline*"])
    assert result.ret == pytest.ExitCode.USAGE_ERROR


def test_the_baseline_file_is_configurable(pytester: pytest.Pytester) -> None:
    config = '[tool.backend-guide]\nignore = ["ARCH", "TEST", "DEP", "SEC002", "SEC003", "DB003", "API001"]\nbaseline = "ci/known.json"\n'
    write(pytester.path, {"pyproject.toml": config, "app/views.py": VIEWS})
    (pytester.path / "ci").mkdir()
    guide(pytester, "--guide-baseline-write").assert_outcomes(passed=1)
    assert (pytester.path / "ci/known.json").is_file()
    guide(pytester).assert_outcomes(passed=1)
