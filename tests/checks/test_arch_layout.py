"""ARCH001-ARCH003: layout of real project trees, package detection, options."""

from __future__ import annotations

import textwrap
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest

from pytest_backend_guide.checks.architecture import SECTION, run_layout
from pytest_backend_guide.discovery import find_python_files
from pytest_backend_guide.project import ProjectContext
from pytest_backend_guide.settings import Settings

ARCH = frozenset(
    {"ARCH001", "ARCH002", "ARCH003", "ARCH010", "ARCH011", "ARCH012", "ARCH013"}
)

LAYERS = ("api", "core", "models", "services", "utils")


def write(root: Path, files: Mapping[str, str]) -> None:
    """Write dedented files below ``root``."""
    for relpath, text in files.items():
        path = root / relpath
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")


def app_tree(prefix: str = "app", skip: tuple[str, ...] = ()) -> dict[str, str]:
    """Return a complete project in the guide's layout, minus ``skip``."""
    files = {f"{prefix}/__init__.py": ""}
    for layer in LAYERS:
        files[f"{prefix}/{layer}/__init__.py"] = ""
    files[f"{prefix}/config.py"] = "import os\nDEBUG = os.environ.get('DEBUG')\n"
    files[f"{prefix}/main.py"] = "from app.api import users\n"
    files["tests/test_app.py"] = "def test_ok():\n    assert True\n"
    files["requirements.txt"] = "fastapi==0.115.0\n"
    return {
        relpath: text
        for relpath, text in files.items()
        if not any(relpath.startswith(part) for part in skip)
    }


def layout(root: Path, **overrides: Any) -> list[str]:
    """Run the layout check and return ``path:line:col: CODE message`` lines.

    Without a pyproject.toml in the tree, project findings point at ``.``.
    """
    options = {**SECTION.defaults(), **overrides}
    config = root / "pyproject.toml"
    settings = Settings(
        rootdir=root,
        config_path=config if config.is_file() else None,
        src=(root,),
        enabled=ARCH,
        options={"architecture": options},
    )
    ctx = ProjectContext(settings, tuple(find_python_files(settings)))
    return [f"{v.path}:{v.line}:{v.col}: {v.code} {v.message}" for v in run_layout(ctx)]


def hints(root: Path, **overrides: Any) -> list[str]:
    """Run the layout check and return the fix hints."""
    options = {**SECTION.defaults(), **overrides}
    settings = Settings(
        rootdir=root,
        config_path=None,
        src=(root,),
        enabled=ARCH,
        options={"architecture": options},
    )
    ctx = ProjectContext(settings, tuple(find_python_files(settings)))
    return [v.fix_hint or "" for v in run_layout(ctx)]


def test_complete_project_passes(tmp_path: Path) -> None:
    write(tmp_path, app_tree())
    assert layout(tmp_path) == []


@pytest.mark.parametrize("prefix", ["app", "src/app", "backend/app"])
def test_detects_the_backend_package(tmp_path: Path, prefix: str) -> None:
    write(tmp_path, app_tree(prefix, skip=(f"{prefix}/services",)))
    assert layout(tmp_path) == [
        f"{prefix}:1:1: ARCH001 backend package '{prefix}' has no 'services' package"
    ]
    expected = f"detected backend package '{prefix}' (4 of 5 layer packages)"
    assert expected in hints(tmp_path)[0]


def test_detects_a_flat_layout_at_the_rootdir(tmp_path: Path) -> None:
    files = {relpath.removeprefix("app/"): text for relpath, text in app_tree().items()}
    write(tmp_path, files)
    assert layout(tmp_path) == []
    write(tmp_path, {"pyproject.toml": ""})
    (tmp_path / "main.py").unlink()
    assert layout(tmp_path) == [
        "pyproject.toml:1:1: ARCH002 the project root has no 'main.py' module"
    ]


def test_detection_prefers_the_folder_with_most_layers(tmp_path: Path) -> None:
    write(tmp_path, app_tree("backend/app"))
    write(tmp_path, {"scripts/utils/__init__.py": "", "scripts/core/__init__.py": ""})
    assert layout(tmp_path) == []


def test_detection_ignores_tests_mirroring_the_layers(tmp_path: Path) -> None:
    files = app_tree("app", skip=("app/services", "app/utils"))
    for layer in LAYERS:
        files[f"tests/{layer}/test_{layer}.py"] = ""
    write(tmp_path, files)
    assert [line.split(": ", 1)[0] for line in layout(tmp_path)] == [
        "app:1:1",
        "app:1:1",
    ]


def test_a_tie_is_named_in_the_hint(tmp_path: Path) -> None:
    write(tmp_path, app_tree("one", skip=("one/services",)))
    write(tmp_path, app_tree("two", skip=("two/services",)))
    first = hints(tmp_path)[0]
    assert "detected backend package 'one' (4 of 5 layer packages;" in first
    assert "'two' has as many: set package to choose" in first


def test_no_package_is_one_clear_failure(tmp_path: Path) -> None:
    write(
        tmp_path, {"scripts/run.py": "", "lib/utils/__init__.py": "", "README.md": ""}
    )
    found = layout(tmp_path)
    assert found == [
        (
            ".:1:1: ARCH001 no backend package found: no folder in the "
            "rootdir, src/ or one level down holds 2 or more of the layer packages "
            "api, core, models, services, utils; the best candidate, 'lib', has 1"
        )
    ]
    assert hints(tmp_path) == [
        (
            'set package = "app" (or a path such as "src/app") in '
            "[tool.backend-guide.architecture]"
        )
    ]


@pytest.mark.parametrize("configured", ["app", "backend/app"])
def test_configured_package_by_name_or_path(tmp_path: Path, configured: str) -> None:
    files = app_tree("backend/app", skip=("backend/app/models",))
    files["backend/core/__init__.py"] = ""  # decoys for detection
    files["backend/api/__init__.py"] = ""
    files["backend/services/__init__.py"] = ""
    files["backend/utils/__init__.py"] = ""
    write(tmp_path, files)
    assert layout(tmp_path, package=configured) == [
        "backend/app:1:1: ARCH001 backend package 'backend/app' has no 'models' package"
    ]
    assert "set by package" in hints(tmp_path, package=configured)[0]


def test_configured_package_that_does_not_exist(tmp_path: Path) -> None:
    write(tmp_path, app_tree())
    assert layout(tmp_path, package="service") == [
        (
            ".:1:1: ARCH001 configured package 'service' not found "
            "(looked for service/, src/service/, */service/)"
        )
    ]


def test_a_module_counts_for_a_layer_package(tmp_path: Path) -> None:
    files = app_tree(skip=("app/models",))
    files["app/models.py"] = "class User:\n    pass\n"
    write(tmp_path, files)
    assert layout(tmp_path) == []
    assert layout(tmp_path, **{"allow-module-layers": False}) == [
        "app:1:1: ARCH001 backend package 'app' has no 'models' package"
    ]


@pytest.mark.parametrize("module", ["config.py", "main.py"])
def test_missing_project_module(tmp_path: Path, module: str) -> None:
    write(tmp_path, app_tree(skip=(f"app/{module}",)))
    assert layout(tmp_path) == [
        f"app:1:1: ARCH002 backend package 'app' has no '{module}' module"
    ]


def test_a_config_package_counts_for_config_py(tmp_path: Path) -> None:
    files = app_tree(skip=("app/config.py",))
    files["app/config/__init__.py"] = "import os\n"
    write(tmp_path, files)
    assert layout(tmp_path) == []


@pytest.mark.parametrize(
    "place", ["app/core/config.py", "app/settings.py", "app/core/settings.py"]
)
def test_config_where_real_projects_keep_it(tmp_path: Path, place: str) -> None:
    # full-stack-fastapi-template and the FastAPI realworld app keep their
    # settings in app/core/config.py; Django-style projects in settings.py.
    files = app_tree(skip=("app/config.py",))
    files[place] = "from pydantic_settings import BaseSettings\n"
    write(tmp_path, files)
    assert layout(tmp_path) == []


def test_config_beside_the_package_counts(tmp_path: Path) -> None:
    # Flask projects such as microblog keep config.py at the project root,
    # beside app/, and create the app with app.config.from_object(Config).
    files = app_tree(skip=("app/config.py",))
    files["config.py"] = "class Config:\n    DEBUG = False\n"
    write(tmp_path, files)
    assert layout(tmp_path) == []


def test_config_deeper_than_core_is_not_found(tmp_path: Path) -> None:
    files = app_tree(skip=("app/config.py",))
    files["app/services/billing/config.py"] = "RATE = 3\n"
    write(tmp_path, files)
    assert layout(tmp_path) == [
        "app:1:1: ARCH002 backend package 'app' has no 'config.py' module"
    ]


MANIFEST_MISSING = (
    "pyproject.toml:1:1: ARCH002 no dependency manifest: no requirements.txt and no "
    "dependencies in pyproject.toml ([project] or [tool.poetry])"
)


@pytest.mark.parametrize(
    "manifest",
    [
        {"requirements.txt": "fastapi==0.115.0\n"},
        {"requirements-dev.txt": "pytest\n"},
        {"requirements/base.txt": "fastapi\n"},
        {"backend/requirements.txt": "fastapi\n"},
        {"pyproject.toml": '[project]\nname = "x"\ndependencies = ["fastapi"]\n'},
        {"pyproject.toml": '[project]\nname = "x"\ndynamic = ["dependencies"]\n'},
        {"pyproject.toml": '[tool.poetry.dependencies]\npython = "^3.11"\n'},
        {"Pipfile": "[packages]\nfastapi = '*'\n"},
    ],
    ids=lambda files: next(iter(files)),
)
def test_dependency_manifest_forms(tmp_path: Path, manifest: dict[str, str]) -> None:
    write(tmp_path, app_tree("backend/app", skip=("requirements.txt",)))
    write(tmp_path, manifest)
    assert layout(tmp_path) == []


def test_no_dependency_manifest(tmp_path: Path) -> None:
    write(tmp_path, app_tree(skip=("requirements.txt",)))
    write(tmp_path, {"pyproject.toml": '[project]\nname = "x"\n'})
    assert layout(tmp_path) == [MANIFEST_MISSING]


def test_a_missing_manifest_is_dep001s_when_dep001_is_on(tmp_path: Path) -> None:
    write(tmp_path, app_tree(skip=("requirements.txt",)))
    write(tmp_path, {"pyproject.toml": '[project]\nname = "x"\n'})
    settings = Settings(
        rootdir=tmp_path,
        config_path=tmp_path / "pyproject.toml",
        src=(tmp_path,),
        enabled=ARCH | {"DEP001"},
        options={"architecture": SECTION.defaults()},
    )
    ctx = ProjectContext(settings, tuple(find_python_files(settings)))
    assert list(run_layout(ctx)) == []


@pytest.mark.parametrize("tests", ["tests/test_app.py", "app/tests/test_app.py"])
def test_tests_in_the_package_or_at_the_root(tmp_path: Path, tests: str) -> None:
    files = app_tree(skip=("tests/",))
    files[tests] = "def test_ok():\n    assert True\n"
    write(tmp_path, files)
    assert layout(tmp_path) == []


def test_missing_tests_dir(tmp_path: Path) -> None:
    write(tmp_path, app_tree("src/app", skip=("tests/",)))
    assert layout(tmp_path) == [
        (
            ".:1:1: ARCH003 no 'tests/' folder in backend package 'src/app' "
            "or above it up to the project root"
        )
    ]


def test_required_is_configurable(tmp_path: Path) -> None:
    write(tmp_path, app_tree(skip=("app/services", "app/main.py", "tests/")))
    required = ("api/", "core/", "models/", "utils/", "config.py", "README.md")
    assert layout(tmp_path, required=required) == [
        (
            ".:1:1: ARCH002 no 'README.md' in backend package 'app' "
            "or above it up to the project root"
        )
    ]
    write(tmp_path, {"README.md": "# app\n"})
    assert layout(tmp_path, required=required) == []
    assert layout(tmp_path, required=()) == []


