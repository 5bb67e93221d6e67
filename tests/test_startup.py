"""What every ``pytest --guide`` run pays before checking: loading the checkers."""

from __future__ import annotations

import importlib.metadata
import subprocess
import sys
from pathlib import Path

import pytest

from pytest_backend_guide.manager import create_plugin_manager, load_checkers

THIRD_PARTY_CHECKER = '''\
from pytest_backend_guide import Rule, hookimpl


@hookimpl
def guide_rules():
    return (Rule("SHOP001", "shop-rule", "a rule of a third-party package"),)
'''


def _install_checker_package(site: Path) -> None:
    """Lay out an installed distribution with one checker, as pip would."""
    (site / "shop_guide_rules.py").write_text(THIRD_PARTY_CHECKER)
    info = site / "shop_guide_rules-2.5.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: shop-guide-rules\nVersion: 2.5.0\n"
    )
    (info / "entry_points.txt").write_text(
        "[pytest_backend_guide]\nshop = shop_guide_rules\n"
    )


def test_the_built_in_families_come_from_one_distribution() -> None:
    manager = create_plugin_manager()
    group = importlib.metadata.entry_points(group="pytest_backend_guide")
    names = [name for name, _ in manager.list_name_plugin()]
    assert names == [entry_point.name for entry_point in group]
    assert len(manager.distributions) == 1
    version = importlib.metadata.version("pytest-backend-guide")
    assert load_checkers(manager).versions == (f"pytest-backend-guide=={version}",)


def test_a_third_party_checker_adds_its_rules_and_its_version(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _install_checker_package(tmp_path)
    monkeypatch.syspath_prepend(str(tmp_path))
    checkers = load_checkers()
    assert "SHOP001" in checkers.rules
    version = importlib.metadata.version("pytest-backend-guide")
    assert checkers.versions == (
        f"pytest-backend-guide=={version}",
        "shop-guide-rules==2.5.0",
    )


def test_a_blocked_name_is_not_loaded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _install_checker_package(tmp_path)
    monkeypatch.syspath_prepend(str(tmp_path))
    manager = create_plugin_manager(load_entry_points=False)
    manager.set_blocked("shop")
    manager.load_checker_entry_points()
    assert "SHOP001" not in load_checkers(manager).rules
    assert "NAME001" in load_checkers(manager).rules


# What a family's checks run: imported when they run, not to register them.
CHECKING_MODULES = (
    "pytest_backend_guide.checks.architecture.imports",
    "pytest_backend_guide.checks.architecture.layout",
    "pytest_backend_guide.checks.architecture.analysis",
    "pytest_backend_guide.checks.architecture.cycles",
    "pytest_backend_guide.checks.dependencies.manifests",
    "pytest_backend_guide.checks.dependencies.pinning",
    "packaging",
    "pytest_backend_guide.checks.secrets.scan",
    "pytest_backend_guide.checks.secrets.formats",
    "pytest_backend_guide.checks.secrets.reading",
    "pytest_backend_guide.checks.testing.suite",
    "pytest_backend_guide.checks.testing.untested",
    "pytest_backend_guide.checks.configuration.reads",
    "pytest_backend_guide.checks.migrations.models",
    "pytest_backend_guide.checks.typehints.any_type",
    "pytest_backend_guide.helpers.annotations",
    "pytest_backend_guide.helpers.function_facts",
    "pytest_backend_guide.helpers.functions",
    "pytest_backend_guide.helpers.import_graph",
    "pytest_backend_guide.helpers.import_scan",
)

LOAD_AND_LIST = """\
import sys
from pathlib import Path

from pytest_backend_guide.config import load_settings
from pytest_backend_guide.manager import load_checkers

load_settings(Path.cwd(), load_checkers(), None)
print("\\n".join(sorted(sys.modules)))
"""


def test_registering_the_families_loads_none_of_their_checking_code(
    tmp_path: Path,
) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "shop"\ndependencies = ["fastapi==0.110"]\n\n'
        '[tool.backend-guide]\nsrc = ["app"]\n'
    )
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "__init__.py").write_text("")
    run = subprocess.run(
        [sys.executable, "-c", LOAD_AND_LIST],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
    )
    loaded = set(run.stdout.split())
    assert "pytest_backend_guide.checks.architecture" in loaded
    assert sorted(loaded.intersection(CHECKING_MODULES)) == []


def test_each_listed_checking_module_is_loaded_by_a_run(
    pytester: pytest.Pytester,
) -> None:
    """The list above names modules that exist and that the checks do load."""
    pytester.makepyprojecttoml('[tool.backend-guide]\nsrc = ["app"]\n')
    pytester.mkpydir("app")
    pytester.makepyfile(**{"app/settings.py": "DEBUG = False\n"})
    probe = pytester.makeconftest(
        "import sys\n\n"
        "def pytest_unconfigure(config):\n"
        "    names = sorted(sys.modules)\n"
        "    config.rootpath.joinpath('loaded.txt').write_text('\\n'.join(names))\n"
    )
    assert probe.exists()
    pytester.runpytest_subprocess("--guide", "-m", "guide", "-p", "no:cacheprovider")
    loaded = set((pytester.path / "loaded.txt").read_text().split())
    assert sorted(set(CHECKING_MODULES) - loaded) == []


def test_every_public_helper_name_is_what_its_module_defines() -> None:
    """The helpers are imported on first use; each name still means its object."""
    import pytest_backend_guide.helpers as helpers
    from pytest_backend_guide.helpers import backend_package as function
    from pytest_backend_guide.helpers import casing

    for name in helpers.__all__:
        value = getattr(helpers, name)
        if name == "casing":
            assert value is casing
        else:
            assert getattr(value, "__name__", name) == name or not callable(value)
            assert not isinstance(value, type(casing)), name
    assert callable(function)
    with pytest.raises(AttributeError):
        helpers.no_such_helper  # noqa: B018
