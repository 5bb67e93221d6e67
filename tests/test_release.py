"""What a release needs: one version, a licence, project links, a changelog.

The built sdist and wheel themselves are checked by .ci/run (python -m build,
twine check, the wheel installed into a fresh virtual environment).
"""

from __future__ import annotations

import io
import re
import subprocess
import sys
from importlib.metadata import metadata, version
from pathlib import Path
from typing import Any

import pytest
import yaml

import pytest_backend_guide
from pytest_backend_guide.cli import main
from pytest_backend_guide.explain import DOCS_SITE
from pytest_backend_guide.manager import Checkers

if sys.version_info >= (3, 11):
    import tomllib
else:
    import tomli as tomllib

ROOT = Path(__file__).resolve().parent.parent
DIST = "pytest-backend-guide"
RELEASE = re.compile(
    r"^## \[(?P<version>\d+\.\d+\.\d+)\] - (?P<date>\d{4}-\d{2}-\d{2})$", re.MULTILINE
)
SECTION_KINDS = {"Added", "Changed", "Deprecated", "Removed", "Fixed", "Security"}


def pyproject() -> dict[str, Any]:
    """Return our own pyproject.toml."""
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def changelog() -> str:
    """Return CHANGELOG.md."""
    return (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")


def test_the_version_is_written_once_and_the_build_reads_it() -> None:
    project = pyproject()
    assert "version" not in project["project"]
    assert "version" in project["project"]["dynamic"]
    dynamic = project["tool"]["setuptools"]["dynamic"]["version"]
    assert dynamic == {"attr": "pytest_backend_guide.__version__"}
    assert re.fullmatch(r"\d+\.\d+\.\d+", pytest_backend_guide.__version__)


def test_installed_metadata_has_the_package_version() -> None:
    assert version(DIST) == pytest_backend_guide.__version__


def test_rule_list_starts_with_the_version(
    pytester: pytest.Pytester, checkers: Checkers
) -> None:
    result = pytester.runpytest("--guide-rules")
    assert result.ret == pytest.ExitCode.OK
    total = len(checkers.rules)
    enabled = len(checkers.rules.default_codes())
    assert result.outlines[0] == (
        f"pytest-backend-guide {pytest_backend_guide.__version__}: "
        f"{total} rules, {enabled} on by default"
    )


def test_pytest_plugin_list_shows_the_version(pytester: pytest.Pytester) -> None:
    result = pytester.runpytest_subprocess("--version", "--version")
    assert result.ret == pytest.ExitCode.OK
    shown = "\n".join(result.outlines + result.errlines)
    assert f"{DIST}-{pytest_backend_guide.__version__} at " in shown


def test_standalone_command_shows_the_version() -> None:
    command = Path(sys.executable).with_name("backend-guide")
    done = subprocess.run(
        [str(command), "--version"], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout == f"pytest-backend-guide {pytest_backend_guide.__version__}\n"
    out = io.StringIO()
    assert main(["rules"], out) == 0
    first = out.getvalue().splitlines()[0]
    assert first.startswith(f"pytest-backend-guide {pytest_backend_guide.__version__}: ")


def test_licence_is_mit_and_declared_as_the_licence_file() -> None:
    project = pyproject()["project"]
    assert project["license"] == "MIT"
    assert project["license-files"] == ["LICENSE"]
    text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert text.startswith("MIT License\n\nCopyright (c) ")
    assert "Permission is hereby granted, free of charge" in text
    assert metadata(DIST)["License-Expression"] == "MIT", (
        "metadata from before LICENSE was declared: pip install -e . again"
    )


def test_project_links_agree_with_the_docs_site_and_the_readme() -> None:
    urls = pyproject()["project"]["urls"]
    assert set(urls) == {"Homepage", "Documentation", "Changelog", "Issues"}
    assert all(url.startswith("https://") for url in urls.values())
    site = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    assert urls["Documentation"] == site["site_url"]
    assert urls["Homepage"] == site["repo_url"]
    assert urls["Issues"] == f"{site['repo_url']}/issues"
    assert urls["Changelog"].startswith(site["site_url"])
    assert urls["Changelog"].endswith("/changelog/")
    assert DOCS_SITE.startswith(urls["Documentation"])  # explain's rule links
    assert DOCS_SITE.endswith("/rules/")
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert urls["Documentation"] in readme


def test_changelog_opens_with_unreleased_then_releases_newest_first() -> None:
    text = changelog()
    headings = re.findall(r"^## .*$", text, re.MULTILINE)
    assert headings[0] == "## [Unreleased]"
    releases = [(m["version"], m["date"]) for m in RELEASE.finditer(text)]
    assert len(releases) == len(headings) - 1, f"malformed release heading: {headings}"
    numbers = [tuple(int(part) for part in v.split(".")) for v, _ in releases]
    assert numbers == sorted(numbers, reverse=True)
    dates = [date for _, date in releases]
    assert dates == sorted(dates, reverse=True)


def test_changelog_has_the_current_version() -> None:
    released = [m["version"] for m in RELEASE.finditer(changelog())]
    assert pytest_backend_guide.__version__ in released, (
        "a release sets __version__ and renames Unreleased to it in CHANGELOG.md"
    )


def test_changelog_sections_are_keep_a_changelog_kinds() -> None:
    kinds = set(re.findall(r"^### (.*)$", changelog(), re.MULTILINE))
    assert kinds <= SECTION_KINDS, (
        f"use only {sorted(SECTION_KINDS)} under a version: {kinds - SECTION_KINDS}"
    )


def test_every_changelog_version_has_a_link() -> None:
    text = changelog()
    versions = ["Unreleased", *(m["version"] for m in RELEASE.finditer(text))]
    for name in versions:
        assert re.search(rf"^\[{re.escape(name)}\]: https://", text, re.MULTILINE), (
            f"no link reference for [{name}] at the end of CHANGELOG.md"
        )
