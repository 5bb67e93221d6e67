"""DEP001-DEP003 on real manifests: requirements files, PEP 621, uv, Poetry."""

from __future__ import annotations

import textwrap
from collections.abc import Mapping
from pathlib import Path

import pytest

from pytest_backend_guide.checks.dependencies import SECTION, run_dependencies
from pytest_backend_guide.project import ProjectContext
from pytest_backend_guide.settings import Settings
from project_tree import guide

DEP = frozenset({"DEP001", "DEP002", "DEP003"})


def write(root: Path, files: Mapping[str, str]) -> None:
    """Write dedented files below ``root``."""
    for relpath, text in files.items():
        path = root / relpath
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")


def dep(root: Path, policy: str = "lock") -> list[str]:
    """Run the dependencies check and return ``path:line: CODE message`` lines."""
    settings = Settings(
        rootdir=root,
        config_path=None,
        src=(root,),
        enabled=DEP,
        options={"dependencies": {**SECTION.defaults(), "pin-policy": policy}},
    )
    ctx = ProjectContext(settings, ())
    return [f"{v.path}:{v.line}: {v.code} {v.message}" for v in run_dependencies(ctx)]


def codes_at(reports: list[str]) -> list[str]:
    """Return ``path:line CODE`` of each report."""
    found = []
    for report in reports:
        where, code = report.split(" ")[:2]
        path, line = where.rstrip(":").rsplit(":", 1)
        found.append((path, int(line), code))
    return [f"{path}:{line} {code}" for path, line, code in sorted(found)]


def test_no_manifest_at_all_is_dep001(tmp_path: Path) -> None:
    write(tmp_path, {"app/main.py": "print('hi')\n", "pyproject.toml": "[tool.x]\n"})
    reports = dep(tmp_path)
    assert len(reports) == 1
    assert reports[0].startswith("pyproject.toml:1: DEP001 no dependency manifest")


def test_a_project_without_any_file_is_dep001(tmp_path: Path) -> None:
    assert [r.split(" ")[1] for r in dep(tmp_path)] == ["DEP001"]


@pytest.mark.parametrize(
    "files",
    [
        {"requirements.txt": "fastapi==0.115.0\n"},
        {"requirements-dev.txt": "pytest==8.3.0\n"},
        {"requirements/base.txt": "fastapi==0.115.0\n"},
        {"pyproject.toml": "[project]\nname = 'x'\ndependencies = []\n"},
        {"pyproject.toml": "[project]\nname = 'x'\ndynamic = ['dependencies']\n"},
        {"pyproject.toml": "[tool.poetry.dependencies]\npython = '^3.11'\n"},
        {"pyproject.toml": "[dependency-groups]\ndev = ['pytest==8.3.0']\n"},
        {"Pipfile": "[packages]\nfastapi = '*'\n"},
        {"setup.cfg": "[options]\ninstall_requires =\n    fastapi==0.115.0\n"},
    ],
    ids=lambda files: next(iter(files)),
)
def test_each_manifest_form_is_a_manifest(tmp_path: Path, files: dict[str, str]) -> None:
    write(tmp_path, files)
    assert not [r for r in dep(tmp_path) if "DEP001" in r]


def test_clean_pinned_project_gives_nothing(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "requirements.txt": """\
                # Runtime
                fastapi==0.115.6
                passlib[bcrypt]==1.7.4  # with its extra
                uvicorn[standard]==0.34.0 ; python_version >= "3.10"
                -r requirements/extra.txt
                --index-url https://pypi.org/simple
            """,
            "requirements/extra.txt": "httpx===0.28.1\n",
        },
    )
    assert dep(tmp_path) == []


def test_each_unpinned_requirement_is_reported_at_its_line(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "requirements.txt": """\
                fastapi>=0.100
                # a comment
                uvicorn
                httpx==0.28.1
                sqlalchemy~=2.0
                pydantic==2.*
            """,
        },
    )
    assert codes_at(dep(tmp_path)) == [
        "requirements.txt:1 DEP002",
        "requirements.txt:3 DEP002",
        "requirements.txt:5 DEP002",
        "requirements.txt:6 DEP002",
    ]
    assert "'fastapi>=0.100' is not pinned with ==" in dep(tmp_path)[0]


def test_includes_are_followed_once_and_reported_in_their_own_file(
    tmp_path: Path,
) -> None:
    write(
        tmp_path,
        {
            "requirements.txt": "-r requirements/base.txt\nfastapi==0.115.0\n",
            "requirements-dev.txt": "--requirement=requirements.txt\npytest\n",
            "requirements/base.txt": "\n\nhttpx>=0.27\n",
        },
    )
    assert codes_at(dep(tmp_path)) == [
        "requirements-dev.txt:2 DEP002",
        "requirements/base.txt:3 DEP002",
    ]


def test_an_include_outside_the_project_or_missing_is_not_followed(
    tmp_path: Path,
) -> None:
    write(tmp_path / "outside", {"other.txt": "leaky\n"})
    project = tmp_path / "project"
    write(
        project,
        {"requirements.txt": "-r ../outside/other.txt\n-r missing.txt\nx==1.0\n"},
    )
    assert dep(project) == []


def test_continuation_lines_and_hashes_make_a_lock(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "requirements.txt": """\
                fastapi==0.115.6 \\
                    --hash=sha256:aaaa \\
                    --hash=sha256:bbbb
                anyio==4.7.0 --hash=sha256:cccc
            """,
            "pyproject.toml": """\
                [project]
                name = "shop"
                dependencies = ["fastapi>=0.100", "anyio>=4"]
            """,
        },
    )
    assert dep(tmp_path) == []


def test_one_unhashed_entry_means_no_hash_lock(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "requirements.txt": "fastapi==0.115.6 --hash=sha256:aaaa\nanyio==4.7.0\n",
            "pyproject.toml": '[project]\nname = "s"\ndependencies = ["uvicorn>=0.30"]\n',
        },
    )
    assert codes_at(dep(tmp_path)) == ["pyproject.toml:3 DEP002"]


@pytest.mark.parametrize("lock", ["uv.lock", "poetry.lock", "pdm.lock", "Pipfile.lock"])
def test_lock_policy_accepts_ranges_when_a_lock_file_exists(
    tmp_path: Path, lock: str
) -> None:
    write(
        tmp_path,
        {
            "pyproject.toml": """\
                [project]
                name = "shop"
                dependencies = [
                    "fastapi>=0.100",
                    "httpx",
                ]
            """,
            lock: "# locked\n",
        },
    )
    assert dep(tmp_path) == []
    assert codes_at(dep(tmp_path, "exact")) == [
        "pyproject.toml:4 DEP002",
        "pyproject.toml:5 DEP002",
    ]


def test_a_workspace_lock_above_the_rootdir_counts_inside_git(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    write(
        tmp_path,
        {"uv.lock": "", "backend/pyproject.toml": PEP621.format(deps='"x>=1"')},
    )
    assert dep(tmp_path / "backend") == []


def test_a_lock_above_the_rootdir_outside_git_does_not_count(tmp_path: Path) -> None:
    write(
        tmp_path,
        {"uv.lock": "", "backend/pyproject.toml": PEP621.format(deps='"x>=1"')},
    )
    assert codes_at(dep(tmp_path / "backend")) == ["pyproject.toml:4 DEP002"]


PEP621 = """\
[project]
name = "shop"
dependencies = [
    {deps},
]
"""


def test_lock_policy_accepts_a_range_pinned_in_a_compiled_requirements_file(
    tmp_path: Path,
) -> None:
    write(
        tmp_path,
        {
            "pyproject.toml": PEP621.format(deps='"fastapi>=0.100", "httpx>=0.27"'),
            "requirements.txt": "fastapi==0.115.6\n",
        },
    )
    assert codes_at(dep(tmp_path)) == ["pyproject.toml:4 DEP002"]
    assert "httpx>=0.27" in dep(tmp_path)[0]


@pytest.mark.parametrize(
    ("requirement", "exact", "bounded"),
    [
        ("fastapi==0.115.0", True, True),
        ("fastapi===0.115.0", True, True),
        ("fastapi>=0.100,<1", False, True),
        ("fastapi~=0.115", False, True),
        ("fastapi==0.115.*", False, True),
        ("fastapi>=0.100", False, False),
        ("fastapi", False, False),
        ("fastapi!=0.99", False, False),
        ("shop @ git+https://github.com/acme/shop.git@v1.2.0", True, True),
        ("shop @ git+https://github.com/acme/shop.git@3f2a9c1d", True, True),
        ("shop @ git+https://github.com/acme/shop.git@main", False, False),
        ("shop @ git+ssh://git@github.com/acme/shop.git", False, False),
        ("shop @ https://files.example.com/shop-1.0-py3-none-any.whl", True, True),
    ],
)
def test_policies_on_each_kind_of_specifier(
    tmp_path: Path, requirement: str, exact: bool, bounded: bool
) -> None:
    write(tmp_path, {"requirements.txt": requirement + "\n"})
    assert (dep(tmp_path, "exact") == []) is exact
    assert (dep(tmp_path, "lock") == []) is exact
    assert (dep(tmp_path, "bounded") == []) is bounded


def test_vcs_lines_without_a_name_and_local_paths(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "requirements.txt": """\
                git+https://github.com/acme/shop.git@v1.2.0#egg=shop
                -e git+https://github.com/acme/tools.git@develop#egg=tools
                -e .
                ./vendor/lib
                file:///opt/wheels/thing.whl
            """,
        },
    )
    assert codes_at(dep(tmp_path)) == ["requirements.txt:2 DEP002"]


def test_pep621_extras_groups_and_the_projects_own_name(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "pyproject.toml": """\
                [project]
                name = "Shop"
                dependencies = ["fastapi==0.115.0"]

                [project.optional-dependencies]
                test = ["pytest>=8", "shop[extra]"]

                [dependency-groups]
                dev = ["ruff==0.8.0", {include-group = "test"}]
                lint = ["mypy"]
            """,
        },
    )
    assert codes_at(dep(tmp_path)) == [
        "pyproject.toml:6 DEP002",
        "pyproject.toml:10 DEP002",
    ]


def test_poetry_tables_and_constraints(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "pyproject.toml": """\
                [tool.poetry.dependencies]
                python = "^3.11"
                fastapi = "0.115.0"
                uvicorn = "^0.30"
                httpx = { version = "~0.27", extras = ["http2"] }
                shop = { git = "https://github.com/acme/shop.git", tag = "v1" }
                tools = { git = "https://github.com/acme/tools.git", branch = "main" }
                local = { path = "../local" }
                pydantic = "*"

                [tool.poetry.dev-dependencies]
                pytest = ">=8"

                [tool.poetry.group.lint.dependencies]
                ruff = "0.8.0"
            """,
        },
    )
    assert codes_at(dep(tmp_path, "exact")) == [
        "pyproject.toml:4 DEP002",
        "pyproject.toml:5 DEP002",
        "pyproject.toml:7 DEP002",
        "pyproject.toml:9 DEP002",
        "pyproject.toml:12 DEP002",
    ]
    assert codes_at(dep(tmp_path, "bounded")) == [
        "pyproject.toml:7 DEP002",
        "pyproject.toml:9 DEP002",
        "pyproject.toml:12 DEP002",
    ]


def test_a_package_required_twice_with_different_specifiers_is_dep003(
    tmp_path: Path,
) -> None:
    write(
        tmp_path,
        {
            "requirements.txt": "fastapi==0.115.0\nHTTPX==0.27.0\n",
            "requirements-dev.txt": "fastapi==0.110.0\nhttpx==0.27.0\n",
        },
    )
    reports = dep(tmp_path)
    assert codes_at(reports) == ["requirements.txt:1 DEP003"]
    assert "at requirements-dev.txt:1" in reports[0]


def test_dep003_normalises_names_and_accepts_a_pin_inside_a_range(
    tmp_path: Path,
) -> None:
    write(
        tmp_path,
        {
            "pyproject.toml": PEP621.format(
                deps='"Pydantic_Settings>=2", "numpy>=1.26; python_version >= \'3.12\'"'
            ),
            "requirements.txt": """\
                pydantic-settings==2.7.0
                numpy==1.24.4 ; python_version < "3.12"
                sqlalchemy>=2.0
                SQLAlchemy<2
            """,
        },
    )
    reports = [r for r in dep(tmp_path) if "DEP003" in r]
    assert codes_at(reports) == ["requirements.txt:4 DEP003"]
    assert "'sqlalchemy'" in reports[0]


def test_a_pin_outside_the_other_range_is_dep003(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "pyproject.toml": PEP621.format(deps='"fastapi<0.100"'),
            "requirements.txt": "fastapi==0.115.0\n",
        },
    )
    assert "DEP003" in " ".join(dep(tmp_path))


def test_end_to_end_the_dependencies_item(pytester: pytest.Pytester) -> None:
    pytester.makepyprojecttoml(
        """
        [project]
        name = "shop"
        dependencies = ["fastapi>=0.100"]

        [tool.backend-guide]
        select = ["DEP"]

        [tool.backend-guide.dependencies]
        pin-policy = "exact"
        """
    )
    pytester.makepyfile(app="X = 1\n")
    result = guide(pytester, "-m", "guide")
    result.stdout.fnmatch_lines(
        [
            "*guide?dependencies?: pyproject.toml*",
            "pyproject.toml:3:1: DEP002 requirement 'fastapi>=0.100' is not pinned*",
        ]
    )
    assert result.ret == 1


def test_end_to_end_a_wrong_policy_is_a_usage_error(pytester: pytest.Pytester) -> None:
    pytester.makepyprojecttoml(
        '[tool.backend-guide.dependencies]\npin-policy = "strict"\n'
    )
    result = guide(pytester)
    assert result.ret == 4
    result.stderr.fnmatch_lines(["*pin-policy*expected one of*"])


def test_uv_sources_decide_for_path_and_git_dependencies(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "pyproject.toml": """\
                [project]
                name = "shop"
                dependencies = ["plugins", "tools", "lib", "member"]

                [tool.uv.sources]
                plugins = { path = "../plugins", editable = true }
                member = { workspace = true }
                tools = { git = "https://github.com/acme/tools", tag = "v1" }
                lib = { git = "https://github.com/acme/lib", branch = "main" }
            """,
        },
    )
    reports = dep(tmp_path)
    assert codes_at(reports) == ["pyproject.toml:3 DEP002"]
    assert "'lib'" in reports[0]


def test_manifests_one_folder_down_when_the_root_has_none(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "backend/pyproject.toml": PEP621.format(deps='"fastapi>=0.100"'),
            "backend/uv.lock": "",
            "worker/requirements.txt": "celery>=5\n",
            "docs/requirements.txt": "sphinx\n",
            "README.md": "# shop\n",
        },
    )
    reports = dep(tmp_path)
    assert codes_at(reports) == ["worker/requirements.txt:1 DEP002"]


def test_manifests_at_the_root_win_over_folders_below(tmp_path: Path) -> None:
    write(
        tmp_path,
        {"requirements.txt": "fastapi==0.115.0\n", "tools/requirements.txt": "x\n"},
    )
    assert dep(tmp_path) == []
