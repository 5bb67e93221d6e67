"""Check that the built sdist and wheel hold every file they should.

usage: python .ci/check_dists.py DIST_DIR

Run from the repository root after ``python -m build --outdir DIST_DIR``.
The wheel must hold every file git tracks under src/pytest_backend_guide/
(modules, py.typed, rule YAML, any package data), the rule pages
``backend-guide explain`` reads (``docs/rules/*.md`` but FORMAT.md, copied
into ``pytest_backend_guide/rule_pages/`` by setup.py) and the licence; the sdist
must hold every tracked file but the CI and git housekeeping ones (dotfiles),
and no caches. Exits 1 naming each missing or stray file.
"""

from __future__ import annotations

import fnmatch
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path, PurePosixPath

PACKAGE = "src/pytest_backend_guide/"
STRAY = ("__pycache__/", ".pyc", "/.pytest_cache/", "/.cache/")


def tracked_files() -> list[str]:
    """Return the paths git tracks, relative to the repository root.

    Returns:
        The paths, with forward slashes.
    """
    listing = subprocess.run(
        ["git", "ls-files", "-z"], capture_output=True, check=True, text=True
    )
    return [path for path in listing.stdout.split("\0") if path]


def one(dist_dir: Path, pattern: str) -> Path:
    """Return the single file of dist_dir matching pattern.

    Args:
        dist_dir: The build's output folder.
        pattern: A glob, e.g. ``*.whl``.

    Returns:
        The file.

    Raises:
        SystemExit: There is not exactly one.
    """
    found = sorted(dist_dir.glob(pattern))
    if len(found) != 1:
        raise SystemExit(f"expected one {pattern} in {dist_dir}, found {found}")
    return found[0]


def rule_pages(tracked: list[str]) -> dict[str, str]:
    """Return tracked rule page -> where the wheel holds it.

    Args:
        tracked: The files git tracks.

    Returns:
        For each ``docs/rules/*.md`` but FORMAT.md (how pages are written),
        its path in the wheel, ``pytest_backend_guide/rule_pages/<name>``.
    """
    return {
        path: f"pytest_backend_guide/rule_pages/{PurePosixPath(path).name}"
        for path in tracked
        if fnmatch.fnmatchcase(path, "docs/rules/*.md")
        and not path.endswith("/FORMAT.md")
    }


def wheel_problems(wheel: Path, tracked: list[str]) -> list[str]:
    """Return what is wrong with the wheel's file list.

    Args:
        wheel: The built wheel.
        tracked: The files git tracks.

    Returns:
        One line per missing or stray file.
    """
    names = set(zipfile.ZipFile(wheel).namelist())
    problems = [
        f"wheel lacks {path}"
        for path in tracked
        if path.startswith(PACKAGE) and path.removeprefix("src/") not in names
    ]
    problems += [
        f"wheel lacks rule page {path} (as {packaged})"
        for path, packaged in rule_pages(tracked).items()
        if packaged not in names
    ]
    if not any(name.endswith(".dist-info/licenses/LICENSE") for name in names):
        problems.append("wheel lacks the licence (.dist-info/licenses/LICENSE)")
    problems += [f"wheel has stray {name}" for name in names if stray(name)]
    return problems


def sdist_problems(sdist: Path, tracked: list[str]) -> list[str]:
    """Return what is wrong with the sdist's file list.

    Args:
        sdist: The built source archive.
        tracked: The files git tracks.

    Returns:
        One line per missing or stray file.
    """
    with tarfile.open(sdist) as archive:
        members = [m.name for m in archive.getmembers() if m.isfile()]
    names = {name.split("/", 1)[1] for name in members if "/" in name}
    wanted = [path for path in tracked if not path.startswith(".")]
    problems = [f"sdist lacks {path}" for path in wanted if path not in names]
    problems += [f"sdist has stray {name}" for name in sorted(names) if stray(name)]
    return problems


def stray(name: str) -> bool:
    """Return whether an archive member is a cache that must not ship.

    Args:
        name: The member's path.

    Returns:
        True for bytecode and cache folders.
    """
    return any(mark in f"/{name}" for mark in STRAY)


def main(argv: list[str]) -> int:
    """Check both archives of the build.

    Args:
        argv: The command-line arguments: the dist folder.

    Returns:
        The exit status: 0 when both are complete.
    """
    dist_dir = Path(argv[1])
    tracked = tracked_files()
    wheel, sdist = one(dist_dir, "*.whl"), one(dist_dir, "*.tar.gz")
    problems = wheel_problems(wheel, tracked) + sdist_problems(sdist, tracked)
    for problem in problems:
        print(problem, file=sys.stderr)
    package_files = sum(1 for path in tracked if path.startswith(PACKAGE))
    if problems:
        return 1
    print(
        f"{wheel.name}: all {package_files} tracked package files, "
        f"{len(rule_pages(tracked))} rule pages and the licence; "
        f"{sdist.name}: every tracked file"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
