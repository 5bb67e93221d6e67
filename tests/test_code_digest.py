"""The checkers' code is in the cache key: an edited rule never shows stale results."""

from __future__ import annotations

import os
import sys
import textwrap
from pathlib import Path
from types import ModuleType

import pytest

from pytest_backend_guide.code_digest import code_digest, code_root, code_roots

pytest_plugins = ["pytester"]

CHECKER = """\
from pytest_backend_guide import Rule, hookimpl


@hookimpl
def guide_rules():
    return (Rule("XMP001", "example", "an example rule"),)


@hookimpl
def guide_check_file(ctx):
    return [ctx.violation("XMP001", 1, 1, MESSAGE)]


MESSAGE = {message!r}
"""


def _install_checker(root: Path, message: str) -> Path:
    """Write a checker package and the metadata that registers its entry point."""
    package = root / "site" / "xmp_checker"
    package.mkdir(parents=True, exist_ok=True)
    (package / "__init__.py").write_text(
        CHECKER.format(message=message), encoding="utf-8"
    )
    info = root / "site" / "xmp_checker-1.0.dist-info"
    info.mkdir(exist_ok=True)
    (info / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: xmp-checker\nVersion: 1.0\n", encoding="utf-8"
    )
    (info / "entry_points.txt").write_text(
        "[pytest_backend_guide]\nxmp = xmp_checker\n", encoding="utf-8"
    )
    return package / "__init__.py"


def test_an_edited_checker_is_not_served_from_the_cache(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    checker = _install_checker(pytester.path, "first wording")
    path = os.pathsep.join([str(pytester.path / "site"), *sys.path])
    monkeypatch.setenv("PYTHONPATH", path)
    monkeypatch.setenv("PYTHONDONTWRITEBYTECODE", "1")
    pytester.makepyfile(app="x = 1\n")
    pytester.makepyprojecttoml('[tool.backend-guide]\nselect = ["XMP"]\n')
    first = pytester.runpytest_subprocess("--guide", "-m", "guide")
    first.stdout.fnmatch_lines(["*XMP001 first wording*"])
    checker.write_text(CHECKER.format(message="second wording"), encoding="utf-8")
    second = pytester.runpytest_subprocess("--guide", "-m", "guide")
    second.stdout.fnmatch_lines(["*XMP001 second wording*"])
    second.stdout.no_fnmatch_line("*first wording*")


def test_the_digest_follows_the_code_and_nothing_else(tmp_path: Path) -> None:
    (tmp_path / "pkg" / "rules").mkdir(parents=True)
    (tmp_path / "pkg" / "__init__.py").write_text("A = 1\n", encoding="utf-8")
    rule = tmp_path / "pkg" / "rules" / "R1.yml"
    rule.write_text("id: R1\n", encoding="utf-8")
    before = code_digest([tmp_path / "pkg"])
    (tmp_path / "pkg" / "notes.txt").write_text("not code\n", encoding="utf-8")
    (tmp_path / "pkg" / "__pycache__").mkdir()
    (tmp_path / "pkg" / "__pycache__" / "x.py").write_text("", encoding="utf-8")
    assert code_digest([tmp_path / "pkg"]) == before
    rule.write_text("id: R1\nseverity: error\n", encoding="utf-8")
    assert code_digest([tmp_path / "pkg"]) != before


def test_code_roots_are_package_folders_or_module_files(tmp_path: Path) -> None:
    package = ModuleType("pkg")
    package.__file__ = str(tmp_path / "pkg" / "__init__.py")
    package.__path__ = [str(tmp_path / "pkg")]
    module = ModuleType("single")
    module.__file__ = str(tmp_path / "single.py")
    inner = ModuleType("host.checks.x")
    inner.__file__ = str(tmp_path / "host" / "checks" / "x.py")
    assert code_root(package) == tmp_path / "pkg"
    assert code_root(module) == tmp_path / "single.py"
    assert code_root(object()) is None
    roots = code_roots([module, package, inner, object()], tmp_path / "host")
    assert roots == (tmp_path / "host", tmp_path / "pkg", tmp_path / "single.py")
