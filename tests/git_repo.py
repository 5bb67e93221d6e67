"""Real git repositories for tests: init, commit, branch."""

from __future__ import annotations

import subprocess
from pathlib import Path


def git(root: Path, *args: str) -> str:
    """Run git in ``root`` with a fixed identity and return its output."""
    done = subprocess.run(
        [
            "git",
            "-c",
            "user.name=Test",
            "-c",
            "user.email=test@example.com",
            "-c",
            "init.defaultBranch=main",
            "-c",
            "commit.gpgsign=false",
            *args,
        ],
        cwd=root,
        check=True,
        capture_output=True,
        text=True,
    )
    return done.stdout


def init_repo(root: Path) -> None:
    """Make ``root`` a git repository with everything in it committed."""
    git(root, "init", "-q")
    commit_all(root, "initial")


def commit_all(root: Path, message: str) -> None:
    """Commit every change in ``root``."""
    git(root, "add", "-A")
    git(root, "commit", "-q", "--allow-empty", "-m", message)
