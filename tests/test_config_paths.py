"""Config warnings and usage errors name the configuration file as pytest does.

Below the rootdir the path is relative to it (``pyproject.toml``,
``ci/guide.toml``), so messages read the same on every machine and in CI
logs; a file outside the rootdir keeps its absolute path.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from project_tree import CLEAN, guide, write

pytest_plugins = ["pytester"]

BAD_KEY = '[tool.backend-guide]\nselect = ["DOC"]\nlenght = 3\n'
UNUSED = (
    '[tool.backend-guide]\nignore = ["ARCH010"]\n\n'
    '[tool.backend-guide.architecture]\nlayers = ["api", "services"]\n'
)


def errors(result: pytest.RunResult) -> str:
    return result.stdout.str() + result.stderr.str()


def test_a_usage_error_names_the_rootdir_pyproject_relatively(
    pytester: pytest.Pytester,
) -> None:
    write(pytester.path, {"pyproject.toml": BAD_KEY, "app/a.py": CLEAN})
    result = guide(pytester)
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["ERROR: backend-guide: pyproject.toml:3: *lenght*"])
    assert str(pytester.path) not in errors(result)


def test_a_config_warning_names_the_file_relatively(
    pytester: pytest.Pytester,
) -> None:
    write(pytester.path, {"pyproject.toml": UNUSED, "app/a.py": CLEAN})
    result = guide(pytester, "-m", "guide")
    result.stdout.fnmatch_lines(
        ["*backend-guide: pyproject.toml:5: [[]tool.backend-guide.architecture] "
         "layers = *has no effect*"]
    )
    assert f"{pytester.path}/pyproject.toml" not in errors(result)


def test_a_guide_config_below_the_rootdir_is_relative_to_it(
    pytester: pytest.Pytester,
) -> None:
    write(pytester.path, {"app/a.py": CLEAN, "ci/guide.toml": BAD_KEY})
    result = guide(pytester, "--guide-config=ci/guide.toml")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["ERROR: backend-guide: ci/guide.toml:3: *lenght*"])


def test_invalid_toml_is_named_relatively(pytester: pytest.Pytester) -> None:
    write(pytester.path, {"app/a.py": CLEAN, "ci/guide.toml": "select = [\n"})
    result = guide(pytester, "--guide-config=ci/guide.toml")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["ERROR: backend-guide: ci/guide.toml: invalid TOML*"])


def test_a_missing_guide_config_is_named_relatively(
    pytester: pytest.Pytester,
) -> None:
    write(pytester.path, {"app/a.py": CLEAN})
    result = guide(pytester, "--guide-config=ci/nowhere.toml")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(
        ["ERROR: backend-guide: --guide-config: no such file: ci/nowhere.toml"]
    )


def test_a_config_outside_the_rootdir_keeps_its_absolute_path(
    pytester: pytest.Pytester, tmp_path_factory: pytest.TempPathFactory
) -> None:
    outside: Path = tmp_path_factory.mktemp("shared") / "guide.toml"
    outside.write_text(BAD_KEY, encoding="utf-8")
    write(pytester.path, {"app/a.py": CLEAN})
    result = guide(pytester, f"--guide-config={outside}")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines([f"ERROR: backend-guide: {outside}:3: *lenght*"])
