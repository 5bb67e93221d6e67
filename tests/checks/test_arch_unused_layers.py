"""ARCH010 on a ``layers`` entry that puts no module in its layer (a typo).

End to end with pytester (the finding points at the entry in
``pyproject.toml``), and on the layout presets' trees for the entries that
legitimately match nothing: defaults, presets, layers some apps lack.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from test_arch_presets import DJANGO, PER_DOMAIN, findings

pytest_plugins = ["pytester"]

CONFIG = """\
[project]
name = "shop"
dependencies = ["fastapi"]

[tool.pytest.ini_options]
pythonpath = ["."]

[tool.backend-guide]
select = ["ARCH010"]

[tool.backend-guide.architecture]
package = "app"
"""

APP = {
    "app/__init__.py": "",
    "app/main.py": "from app.api import users\n",
    "app/api/__init__.py": "",
    "app/api/users.py": "from app.services import mail\n",
    "app/core/__init__.py": "",
    "app/core/db.py": "ENGINE = None\n",
    "app/services/__init__.py": "",
    "app/services/mail.py": "from app.models import user\n",
    "app/models/__init__.py": "",
    "app/models/user.py": "from app.services import mail\n",
}


def make(pytester: pytest.Pytester, config: str, files: dict[str, str]) -> None:
    """Write a project into the pytester directory."""
    pytester.makefile(".toml", pyproject=config)
    for relpath, text in files.items():
        path = pytester.path / relpath
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def run(pytester: pytest.Pytester) -> pytest.RunResult:
    return pytester.runpytest("--guide", "-p", "no:cacheprovider", "-m", "guide")


def test_a_typo_is_reported_at_its_entry_with_the_close_name(
    pytester: pytest.Pytester,
) -> None:
    config = CONFIG + 'layers = ["main", "api", "servces", "models"]\n'
    make(pytester, config, APP)
    result = run(pytester)
    result.stdout.fnmatch_lines(
        [
            (
                "pyproject.toml:13:26: ARCH010 layers entry 'servces' names no "
                "module of the package; did you mean 'services'? (layer-violation)"
            ),
            '    layers = ["main", "api", "servces", "models"]',
            "                             ^^^^^^^^^",
            "  help: correct or remove the entry in layers in "
            "[[]tool.backend-guide.architecture[]]",
        ]
    )
    # The typo left services in no layer: models importing it goes unseen.
    assert "app/models/user.py:1:1: ARCH010" not in result.stdout.str()
    assert result.ret == pytest.ExitCode.TESTS_FAILED


def test_a_name_far_from_every_module_gets_no_suggestion(
    pytester: pytest.Pytester,
) -> None:
    config = CONFIG + 'layers = ["api", "services", "repositories", "models"]\n'
    make(pytester, config, APP)
    result = run(pytester)
    result.stdout.fnmatch_lines(
        [
            "pyproject.toml:13:*: ARCH010 layers entry 'repositories' names no "
            "module of the package (layer-violation)",
        ]
    )
    assert "did you mean" not in result.stdout.str()


def test_a_dotted_entry_is_matched_at_its_depth(pytester: pytest.Pytester) -> None:
    config = CONFIG + 'layers = ["api", "services", "core.db", "core.sesion"]\n'
    make(pytester, config, {**APP, "app/core/session.py": ""})
    result = run(pytester)
    out = result.stdout.str()
    assert "layers entry 'core.db'" not in out
    result.stdout.fnmatch_lines(
        ["*layers entry 'core.sesion' names no module*did you mean 'core.session'?*"]
    )


def test_entries_that_all_match_pass(pytester: pytest.Pytester) -> None:
    make(pytester, CONFIG + 'layers = ["main", "api", "services", "models"]\n', APP)
    result = run(pytester)
    assert "layers entry" not in result.stdout.str()
    # Only the models -> services import is reported.
    result.stdout.fnmatch_lines(["app/models/user.py:1:1: ARCH010 *"])


def test_the_default_layers_never_fire(pytester: pytest.Pytester) -> None:
    # No utils/ and no config.py: the defaults name them, nobody wrote them.
    make(pytester, CONFIG, APP)
    assert "layers entry" not in run(pytester).stdout.str()


def test_an_ignored_arch010_reports_nothing(pytester: pytest.Pytester) -> None:
    config = CONFIG.replace('select = ["ARCH010"]', 'select = ["ARCH011"]')
    make(pytester, config + 'layers = ["api", "servces"]\n', APP)
    assert "layers entry" not in run(pytester).stdout.str()


def test_django_preset_layers_missing_from_the_project_never_fire(
    tmp_path: Path,
) -> None:
    # The preset names urls, views and utils; the tree has none of them.
    found = findings(tmp_path, DJANGO)
    assert not [line for line in found if "layers entry" in line]


def test_per_app_an_entry_some_app_has_is_fine(tmp_path: Path) -> None:
    # selectors and apis exist in shop/users only, not in shop/orders.
    found = findings(
        tmp_path, DJANGO, layers=("apis", "services", "selectors", "models")
    )
    assert not [line for line in found if "layers entry" in line]


def test_per_app_a_typo_is_reported(tmp_path: Path) -> None:
    found = findings(tmp_path, DJANGO, layers=("apis", "servces", "models"))
    assert [line for line in found if "layers entry" in line] == [
        ".:1: ARCH010 layers entry 'servces' names no module of the package;"
        " did you mean 'services'?"
    ]


def test_per_domain_typo_is_reported(tmp_path: Path) -> None:
    found = findings(
        tmp_path, PER_DOMAIN, layers=("views", "flow", "service", "models")
    )
    assert [line for line in found if "layers entry" in line] == [
        "pyproject.toml:1: ARCH010 layers entry 'flow' names no module of the package;"
        " did you mean 'flows'?"
    ]


def test_django_project_end_to_end(pytester: pytest.Pytester) -> None:
    # A real run on a Django tree (manage.py: the per-app preset): 'selectors'
    # exists in one app only and is fine; 'servics' is a typo.
    config = (
        '[tool.backend-guide]\nselect = ["ARCH010"]\n\n'
        "[tool.backend-guide.architecture]\n"
        'layers = ["apis", "servics", "selectors", "models"]\n'
    )
    make(pytester, config, DJANGO)
    result = run(pytester)
    result.stdout.fnmatch_lines(
        [
            "pyproject.toml:5:19: ARCH010 layers entry 'servics' names no module "
            "of the package; did you mean 'services'? (layer-violation)",
        ]
    )
    assert "layers entry 'selectors'" not in result.stdout.str()
