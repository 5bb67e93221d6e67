"""``backend-guide explain`` from real installs into temporary locations.

The rule pages ship inside the package (``pytest_backend_guide/rule_pages``,
copied there by setup.py's build hook), so ``explain`` finds them whatever
the install scheme. A wheel is built once from a copy of the source tree
and installed with ``pip install --target`` and ``--prefix``, the schemes
that put ``share/`` data files where the package cannot find them.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def pip(*args: str | Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "pip", *map(str, args)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build the wheel once, from a copy (the build writes next to its sources)."""
    tree = tmp_path_factory.mktemp("tree")
    for name in ("pyproject.toml", "setup.py", "README.md", "LICENSE"):
        shutil.copy(ROOT / name, tree / name)
    skip = shutil.ignore_patterns("*.egg-info", "__pycache__")
    shutil.copytree(ROOT / "src", tree / "src", ignore=skip)
    shutil.copytree(ROOT / "docs" / "rules", tree / "docs" / "rules")
    out = tmp_path_factory.mktemp("wheel")
    pip("wheel", "--no-deps", "-q", "-w", out, tree)
    (built,) = out.glob("*.whl")
    return built


def test_the_wheel_holds_every_rule_page_inside_the_package(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    pages = sorted(p.name for p in (ROOT / "docs" / "rules").glob("*.md"))
    assert "FORMAT.md" in pages  # how pages are written: not a rule page
    for page in pages:
        packaged = f"pytest_backend_guide/rule_pages/{page}"
        assert (packaged in names) is (page != "FORMAT.md"), page
    assert not [name for name in names if "/share/" in name or ".data/" in name]


@pytest.mark.parametrize("scheme", ["--target", "--prefix"])
def test_explain_reads_the_page_of_an_installed_wheel(
    wheel: Path, tmp_path: Path, scheme: str
) -> None:
    place = tmp_path / "installed"
    # --ignore-installed: pip would uninstall the running checkout's install.
    pip("install", "--no-deps", "--ignore-installed", "-q", scheme, place, wheel)
    (module,) = place.rglob("pytest_backend_guide/explain.py")
    env = {**os.environ, "PYTHONPATH": str(module.parents[1])}
    elsewhere = tmp_path / "project"
    elsewhere.mkdir()
    done = subprocess.run(
        [sys.executable, "-c", "import pytest_backend_guide as p; print(p.__file__)"],
        capture_output=True, text=True, check=True, env=env, cwd=elsewhere,
    )
    assert Path(done.stdout.strip()).is_relative_to(place)  # not the checkout
    done = subprocess.run(
        [sys.executable, "-m", "pytest_backend_guide", "explain", "NAME003"],
        capture_output=True, text=True, check=False, env=env, cwd=elsewhere,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("## NAME003 function-name\n")
    assert "**Use instead**" in done.stdout
    assert done.stdout.rstrip().endswith("rules/naming/#name003-function-name")
