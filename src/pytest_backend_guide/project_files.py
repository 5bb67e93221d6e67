"""Every file of the project, not only Python: what git tracks, else a walk.

Project checks that look beyond Python sources (committed secrets,
migrations) ask :meth:`ProjectContext.project_files` for this list; it is
made once per session. Inside a git work tree it is ``git ls-files``: the
tracked files, so that untracked and ignored files are never reported.
Without git (no repository, no ``git`` program, or git failing or taking
longer than the timeout), it is a walk of the rootdir that skips what the
``.gitignore`` files ignore and the default excluded folders, and never
follows symlinked folders.
"""

from __future__ import annotations

import dataclasses
import os
import subprocess
from dataclasses import dataclass

from pytest_backend_guide.discovery import find_python_files
from pytest_backend_guide.settings import Settings

GIT_TIMEOUT_SECONDS = 20.0


@dataclass(frozen=True)
class ProjectFiles:
    """The files of the project.

    Attributes:
        paths: Paths relative to the rootdir, ``/``-separated, sorted.
        from_git: True when the list is what git tracks; False for a walk.
    """

    paths: tuple[str, ...]
    from_git: bool


def list_project_files(settings: Settings) -> ProjectFiles:
    """Return the files git tracks under the rootdir, or the walked ones.

    Args:
        settings: The effective settings.

    Returns:
        The files.
    """
    tracked = git_tracked_files(settings)
    if tracked is not None:
        return ProjectFiles(tracked, True)
    return ProjectFiles(walked_project_files(settings), False)


def walked_project_files(settings: Settings) -> tuple[str, ...]:
    """Return the files a walk of the rootdir lists, as without git.

    Args:
        settings: The effective settings.

    Returns:
        Paths relative to the rootdir, sorted.
    """
    # Every file: migrations too (DB003 looks for them), whatever the
    # checked files leave out.
    walk_settings = dataclasses.replace(
        settings, src=(settings.rootdir,), exclude=(), exclude_migrations=False
    )
    found = find_python_files(walk_settings, suffix="")
    return tuple(sorted(f.relpath for f in found))


def git_tracked_files(settings: Settings) -> tuple[str, ...] | None:
    """Return what git tracks under the rootdir, or None without a repository.

    Args:
        settings: The effective settings.

    Returns:
        Paths relative to the rootdir, sorted, or None when git is missing,
        fails, takes too long, or the rootdir is not in a work tree.
    """
    command = ["git", "-c", "core.quotepath=off", "ls-files", "-z", "--cached"]
    try:
        completed = subprocess.run(
            command,
            cwd=settings.rootdir,
            capture_output=True,
            timeout=GIT_TIMEOUT_SECONDS,
            check=False,
            env={**os.environ, "GIT_OPTIONAL_LOCKS": "0"},
        )
    except (OSError, subprocess.SubprocessError):
        return None
    if completed.returncode != 0:
        return None
    names = completed.stdout.decode("utf-8", errors="surrogateescape").split("\0")
    return tuple(sorted({name for name in names if name}))
