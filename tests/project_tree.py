"""Project trees for end-to-end runs: sample files and a ``--guide`` runner."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

USERS = """\
    \"\"\"User endpoints.\"\"\"


    def getUser(user_id: int) -> dict[str, int]:
        \"\"\"Return the user.

        Args:
            user_id: The user's id.

        Returns:
            The user.
        \"\"\"
        return {"id": user_id}
"""

CLEAN = '''\
    """A clean module."""


    def add(left: int, right: int) -> int:
        """Return the sum.

        Args:
            left: First term.
            right: Second term.

        Returns:
            The sum.
        """
        return left + right
'''


PROJECT_RULES_OFF = '[tool.backend-guide]\nignore = ["ARCH", "TEST", "DEP", "SEC002", "SEC003", "DB003", "API001"]\n'


def write(root: Path, files: dict[str, str | bytes]) -> None:
    """Write a project tree: path -> text (dedented) or raw bytes.

    Unless the tree has its own ``pyproject.toml``, one is written that turns
    off the project-level families: these tests are about file checks.
    """
    if "pyproject.toml" not in files and not (root / "pyproject.toml").exists():
        files = {"pyproject.toml": PROJECT_RULES_OFF, **files}
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(textwrap.dedent(content), encoding="utf-8")


def guide(pytester: pytest.Pytester, *args: str) -> pytest.RunResult:
    """Run pytest --guide in process, without the cache plugin's files."""
    return pytester.runpytest("--guide", "-p", "no:cacheprovider", *args)
