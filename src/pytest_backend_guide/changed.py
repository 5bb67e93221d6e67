"""Which files changed since a git revision: ``--guide-changed[=REF]``.

The files are those git reports as different between the working tree and
the merge base of REF and ``HEAD`` (staged or not), plus untracked files
that are not ignored. Without REF, the base is the merge base with the
remote's default branch (``origin/HEAD``, else ``origin/main`` or
``origin/master``) when there is one, else ``HEAD``: on a feature branch
that is every file the branch touched; on the default branch, the
uncommitted work.
"""

from __future__ import annotations

import subprocess
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pytest_backend_guide.discovery import FoundFile

REMOTE_BRANCHES = ("main", "master")


class ChangedError(Exception):
    """Changed files cannot be found; the message says why.

    The caller names its option (``--guide-changed`` or ``--changed``).
    """


def changed_files(option: str | None, rootdir: Path) -> frozenset[str] | None:
    """Return the files to check under ``--guide-changed``, relative to the rootdir.

    Args:
        option: The option's value: None when not given, ``""`` for the
            default base, else a revision.
        rootdir: The project root.

    Returns:
        Display paths of the changed files, or None to check every file
        (the option is absent, or the repository has no commit yet).

    Raises:
        ChangedError: See :func:`changed_paths`.
    """
    if option is None:
        return None
    paths = changed_paths(rootdir, option or None)
    if paths is None:
        return None
    root = rootdir.resolve()
    return frozenset(
        path.relative_to(root).as_posix() for path in paths if path.is_relative_to(root)
    )


def only_changed(
    files: Sequence[FoundFile], changed: frozenset[str] | None
) -> tuple[FoundFile, ...]:
    """Return the files that changed, all of them when ``changed`` is None.

    Args:
        files: The files found under the source roots.
        changed: Display paths of the changed files, if filtering.

    Returns:
        The files to check, in their order.
    """
    if changed is None:
        return tuple(files)
    return tuple(found for found in files if found.relpath in changed)


def changed_paths(rootdir: Path, ref: str | None) -> frozenset[Path] | None:
    """Return the absolute paths of the files changed since a revision.

    Args:
        rootdir: The project root, inside a git work tree.
        ref: A revision (branch, tag, commit), or None for the default base.

    Returns:
        Resolved paths of changed and untracked files (deleted ones are
        left out), or None when the repository has no commit yet (then
        every file is new).

    Raises:
        ChangedError: Not in a git work tree, git is missing, or REF is
            not a revision.
    """
    top = _git(rootdir, "rev-parse", "--show-toplevel", failure="not a git work tree")
    toplevel = Path(top.strip())
    if _try_git(rootdir, "rev-parse", "--verify", "--quiet", "HEAD^{commit}") is None:
        return None
    base = _base(rootdir, ref)
    diff = _git(
        rootdir,
        "diff",
        "--name-only",
        "--no-renames",
        "--diff-filter=d",
        "-z",
        base,
        "--",
        failure=f"cannot compare with {base}",
    )
    untracked = _git(
        rootdir,
        "ls-files",
        "--others",
        "--exclude-standard",
        "-z",
        "--full-name",
        failure="cannot list untracked files",
    )
    names = [name for name in (diff + untracked).split("\0") if name]
    return frozenset((toplevel / name).resolve() for name in names)


def _base(rootdir: Path, ref: str | None) -> str:
    """Return the commit that changes are counted from."""
    if ref:
        revision = f"{ref}^{{commit}}"
        commit = _try_git(rootdir, "rev-parse", "--verify", "--quiet", revision)
        if commit is None:
            msg = f"unknown revision '{ref}'"
            raise ChangedError(msg)
        target = commit.strip()
    else:
        default = _default_branch(rootdir)
        if default is None:
            return "HEAD"
        target = default
    merge_base = _try_git(rootdir, "merge-base", target, "HEAD")
    return merge_base.strip() if merge_base else target


def _default_branch(rootdir: Path) -> str | None:
    """Return the remote's default branch, when the repository has a remote."""
    remotes = (_try_git(rootdir, "remote") or "").split()
    if not remotes:
        return None
    remote = "origin" if "origin" in remotes else remotes[0]
    head = _try_git(
        rootdir, "symbolic-ref", "--quiet", f"refs/remotes/{remote}/HEAD"
    )
    if head:
        return head.strip()
    for branch in REMOTE_BRANCHES:
        ref = f"refs/remotes/{remote}/{branch}"
        if _try_git(rootdir, "rev-parse", "--verify", "--quiet", ref) is not None:
            return ref
    return None


def _try_git(rootdir: Path, *args: str) -> str | None:
    """Run git; return its output, or None when it fails."""
    try:
        done = subprocess.run(
            ["git", *args],
            cwd=rootdir,
            capture_output=True,
            text=True,
            check=False,
        )
    except OSError:
        return None
    return done.stdout if done.returncode == 0 else None


def _git(rootdir: Path, *args: str, failure: str) -> str:
    """Run git; return its output.

    Returns:
        What git printed.

    Raises:
        ChangedError: git is missing or failed.
    """
    try:
        done = subprocess.run(
            ["git", *args],
            cwd=rootdir,
            capture_output=True,
            text=True,
            check=False,
        )
    except OSError as exc:
        msg = f"git is needed: {exc.strerror or exc}"
        raise ChangedError(msg) from None
    if done.returncode != 0:
        detail = done.stderr.strip().splitlines()
        reason = f" ({detail[-1]})" if detail else ""
        msg = f"{rootdir}: {failure}{reason}"
        raise ChangedError(msg)
    return done.stdout
