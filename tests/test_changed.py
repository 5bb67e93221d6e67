"""``--guide-changed`` on real git repositories, against real branches."""

from __future__ import annotations

import pytest
from git_repo import commit_all, git, init_repo
from project_tree import CLEAN, USERS, guide, write

pytest_plugins = ["pytester"]

BAD = USERS.replace("getUser", "getOrder")


@pytest.fixture
def repo(pytester: pytest.Pytester) -> pytest.Pytester:
    """A committed project on ``main`` with one violating file."""
    write(pytester.path, {"app/users.py": USERS, "app/clean.py": CLEAN})
    init_repo(pytester.path)
    return pytester


def test_only_files_changed_on_the_branch_and_untracked_ones_are_checked(
    repo: pytest.Pytester,
) -> None:
    git(repo.path, "checkout", "-q", "-b", "feature")
    write(repo.path, {"app/orders.py": BAD})
    commit_all(repo.path, "orders")
    write(repo.path, {"app/new.py": CLEAN})  # untracked
    write(repo.path, {"app/clean.py": CLEAN + "    # edited\n"})
    result = guide(repo, "--guide-changed=main", "--collect-only", "-q")
    result.stdout.fnmatch_lines(["app/clean.py::guide", "app/new.py::guide",
                                 "app/orders.py::guide"])
    assert "app/users.py" not in result.stdout.str()
    ran = guide(repo, "--guide-changed=main")
    ran.assert_outcomes(passed=2, failed=1)
    ran.stdout.fnmatch_lines(["app/orders.py:4:5: NAME003 function name 'getOrder'*"])


def test_without_a_ref_it_is_the_merge_base_with_the_remote_default_branch(
    repo: pytest.Pytester, tmp_path_factory: pytest.TempPathFactory
) -> None:
    remote = tmp_path_factory.mktemp("remote")
    git(remote, "init", "-q", "--bare")
    git(repo.path, "remote", "add", "origin", str(remote))
    git(repo.path, "push", "-q", "origin", "main")
    git(repo.path, "remote", "set-head", "origin", "main")
    git(repo.path, "checkout", "-q", "-b", "feature")
    write(repo.path, {"app/orders.py": BAD})
    commit_all(repo.path, "orders on the branch")
    result = guide(repo, "--guide-changed", "--collect-only", "-q")
    result.stdout.fnmatch_lines(["app/orders.py::guide"])
    assert "app/users.py" not in result.stdout.str()
    assert "app/clean.py" not in result.stdout.str()


def test_without_a_remote_it_is_the_uncommitted_work(repo: pytest.Pytester) -> None:
    assert "::guide" not in guide(repo, "--guide-changed", "--co", "-q").stdout.str()
    write(repo.path, {"app/users.py": USERS + "    # edited\n"})
    result = guide(repo, "--guide-changed", "--co", "-q")
    result.stdout.fnmatch_lines(["app/users.py::guide", "1 test collected*"])


def test_project_checks_still_see_every_file(pytester: pytest.Pytester) -> None:
    cycle_a = '"""A."""\nfrom app import b\n'
    cycle_b = '"""B."""\nfrom app import a\n'
    config = '[tool.backend-guide]\nselect = ["ARCH011"]\n'
    write(pytester.path, {"pyproject.toml": config, "app/__init__.py": "",
                          "app/a.py": cycle_a, "app/b.py": cycle_b})
    init_repo(pytester.path)
    (pytester.path / "app/a.py").write_text(cycle_a + "X = 1\n")
    result = guide(pytester, "--guide-changed")
    result.stdout.fnmatch_lines(["*ARCH011*"])
    assert "app/b.py::guide" not in guide(pytester, "--guide-changed", "--co",
                                           "-q").stdout.str()


def test_outside_git_it_is_a_usage_error(pytester: pytest.Pytester) -> None:
    write(pytester.path, {"app/users.py": USERS})
    result = guide(pytester, "--guide-changed")
    result.stderr.fnmatch_lines(["*--guide-changed:*not a git work tree*"])
    assert result.ret == pytest.ExitCode.USAGE_ERROR


def test_an_unknown_ref_is_a_usage_error(repo: pytest.Pytester) -> None:
    result = guide(repo, "--guide-changed=no-such-branch")
    result.stderr.fnmatch_lines(["*unknown revision 'no-such-branch'*"])
    assert result.ret == pytest.ExitCode.USAGE_ERROR
