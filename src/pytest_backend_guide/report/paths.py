"""Paths for machine reports: relative to the repository root, not the rootdir."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path


def repository_prefix(rootdir: Path) -> str:
    """Return the rootdir's path inside its repository, ``""`` at the top.

    GitHub (code scanning, annotations) wants paths from the repository
    root, which is ``$GITHUB_WORKSPACE`` in a workflow, else git's top level.

    Args:
        rootdir: The project root.

    Returns:
        ``backend/`` when the project is in ``backend/`` of the repository.
    """
    root = rootdir.resolve()
    top = _workspace() or _git_toplevel(root)
    if top is None or not root.is_relative_to(top) or root == top:
        return ""
    return root.relative_to(top).as_posix() + "/"


def _workspace() -> Path | None:
    workspace = os.environ.get("GITHUB_WORKSPACE")
    return Path(workspace).resolve() if workspace else None


def _git_toplevel(root: Path) -> Path | None:
    try:
        done = subprocess.run(
            ["git", "rev-parse", "--show-toplevel"],
            cwd=root,
            capture_output=True,
            text=True,
            check=False,
        )
    except OSError:
        return None
    if done.returncode != 0 or not done.stdout.strip():
        return None
    return Path(done.stdout.strip()).resolve()
