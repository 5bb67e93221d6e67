"""``backend-guide config`` and option help in usage errors."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest

from pytest_backend_guide.cli import main
from pytest_backend_guide.config import TOP_LEVEL, ConfigError, load_settings
from pytest_backend_guide.manager import load_checkers

if sys.version_info >= (3, 11):
    import tomllib
else:
    import tomli as tomllib

CONFIG = """\
[tool.backend-guide]
select = ["TEST", "DOC"]
line-length = 100

[tool.backend-guide.coverage.packages]
"app/core" = 90
"""


def plain(value: object) -> object:
    """Tuples as lists, as TOML reads them back."""
    if isinstance(value, tuple):
        return [plain(item) for item in value]
    if isinstance(value, dict):
        return {key: plain(item) for key, item in value.items()}
    return value


def test_config_prints_every_option_with_its_help_as_valid_toml(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "pyproject.toml").write_text(CONFIG, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    out = io.StringIO()
    assert main(["config"], out) == 0
    text = out.getvalue()
    lines = text.splitlines()
    shown = tomllib.loads(text)["tool"]["backend-guide"]
    checkers = load_checkers()
    settings = load_settings(tmp_path, checkers)
    sections = {"": TOP_LEVEL, **checkers.sections}
    for name, section in sections.items():
        table = shown.get(name, {}) if name else shown
        values = settings.options[name] if name else settings.top_level
        for option in section.options:
            if values[option.key] is None:
                line = f"# {option.key} = (unset)"
            else:
                assert table[option.key] == plain(values[option.key]), option.key
                line = next(x for x in lines if x.startswith(f"{option.key} = "))
            index = lines.index(line) if line in lines else None
            assert index is not None or line.startswith(f"{option.key} = ")
    assert 'line-length = 100  # default: 88' in lines
    assert 'packages = { "app/core" = 90 }  # default: {}' in lines
    above = lines[lines.index('line-length = 100  # default: 88') - 1]
    assert above == "# Maximum line length (STYLE001)."


def test_a_bad_value_is_reported_with_the_options_help(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[tool.backend-guide.docstrings]\nstyle = "sphinx"\n', encoding="utf-8"
    )
    with pytest.raises(ConfigError) as excinfo:
        load_settings(tmp_path, load_checkers())
    message = str(excinfo.value)
    assert "style: expected one of 'google', 'numpy', 'any', got 'sphinx'" in message
    assert message.endswith(
        "\n  style: Docstring style: 'google', 'numpy', or 'any'"
        " (each docstring in its own)."
    )
