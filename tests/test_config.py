"""Reading [tool.backend-guide] into settings, and rule selection."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from pytest_backend_guide.config import CommandLine, ConfigError, load_settings
from pytest_backend_guide.manager import Checkers
from pytest_backend_guide.options import ConfigSection, Option
from pytest_backend_guide.registry import Rule, RuleRegistry


def settings_for(tmp_path: Path, checkers: Checkers, toml: str, **command_line: str):
    (tmp_path / "pyproject.toml").write_text(textwrap.dedent(toml), encoding="utf-8")
    return load_settings(tmp_path, checkers, command_line=CommandLine(**command_line))


def test_defaults_without_a_config_file(tmp_path: Path, checkers: Checkers) -> None:
    settings = load_settings(tmp_path, checkers)
    assert settings.config_path is None
    assert settings.src == (tmp_path,)
    assert settings.line_length == 88
    assert settings.enabled == checkers.rules.default_codes()
    assert "NAME008" not in settings.enabled


def test_select_prefix_takes_default_rules_and_exact_code_takes_any(
    tmp_path: Path, checkers: Checkers
) -> None:
    settings = settings_for(
        tmp_path,
        checkers,
        '[tool.backend-guide]\nselect = ["NAME"]\nextend-select = ["NAME008"]\n',
    )
    names = {code for code in checkers.rules.all_codes() if code.startswith("NAME")}
    assert settings.enabled == names


def test_ignore_by_prefix_removes_selected_extras(
    tmp_path: Path, checkers: Checkers
) -> None:
    settings = settings_for(
        tmp_path,
        checkers,
        '[tool.backend-guide]\nextend-select = ["NAME008"]\nignore = ["NAME", "STYLE001"]\n',
    )
    assert not any(code.startswith("NAME") for code in settings.enabled)
    assert "STYLE001" not in settings.enabled
    assert "STYLE002" in settings.enabled


def test_rule_names_work_as_selectors(tmp_path: Path, checkers: Checkers) -> None:
    settings = settings_for(
        tmp_path, checkers, '[tool.backend-guide]\nselect = ["line-too-long"]\n'
    )
    assert settings.enabled == {"STYLE001"}


def test_command_line_replaces_select_and_ignore(
    tmp_path: Path, checkers: Checkers
) -> None:
    toml = '[tool.backend-guide]\nselect = ["STYLE"]\nignore = ["STYLE002"]\n'
    settings = settings_for(
        tmp_path, checkers, toml, select="NAME003, STYLE", ignore=""
    )
    assert "NAME003" in settings.enabled
    assert "STYLE002" in settings.enabled
    assert "NAME001" not in settings.enabled


def test_per_file_ignores_use_gitignore_patterns(
    tmp_path: Path, checkers: Checkers
) -> None:
    toml = """\
        [tool.backend-guide.per-file-ignores]
        "tests/" = ["NAME"]
        "*_pb2.py" = ["STYLE001"]
    """
    settings = settings_for(tmp_path, checkers, toml)
    assert "NAME003" not in settings.enabled_for("tests/unit/test_a.py")
    assert "NAME003" in settings.enabled_for("app/tests_helpers.py")
    assert "STYLE001" not in settings.enabled_for("app/proto/user_pb2.py")
    assert "STYLE001" in settings.enabled_for("app/user.py")


def test_src_roots_are_resolved_and_must_exist(
    tmp_path: Path, checkers: Checkers
) -> None:
    (tmp_path / "app").mkdir()
    settings = settings_for(tmp_path, checkers, '[tool.backend-guide]\nsrc = ["app"]\n')
    assert settings.src == ((tmp_path / "app").resolve(),)
    with pytest.raises(ConfigError, match=r"source root '.*missing' does not exist"):
        settings_for(tmp_path, checkers, '[tool.backend-guide]\nsrc = ["missing"]\n')


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        (
            "[tool.backend-guide]\nexclude = 'build'\n",
            "expected a list of strings, got a string",
        ),
        ("[tool.backend-guide]\nline-length = 0\n", "expected an integer >= 1, got 0"),
        (
            "[tool.backend-guide]\nline-length = true\n",
            "expected an integer, got a boolean",
        ),
        ("[tool.backend-guide]\nrespect-gitignore = 1\n", "expected true or false"),
        (
            "[tool.backend-guide]\nper-file-ignores = ['x']\n",
            "expected a table of string lists",
        ),
        ("[tool.backend-guide]\nignore = ['XYZ']\n", "unknown rule code 'XYZ'"),
        (
            "[tool.backend-guide]\nzzzzzz = 1\n",
            "unknown key 'zzzzzz'; valid keys: ",
        ),
        (
            '[tool.backend-guide.per-file-ignores]\n"a/" = ["NAMEX"]\n',
            "unknown rule code 'NAMEX'",
        ),
    ],
)
def test_invalid_values_name_the_key(
    tmp_path: Path, checkers: Checkers, toml: str, message: str
) -> None:
    with pytest.raises(ConfigError) as excinfo:
        settings_for(tmp_path, checkers, toml)
    assert message in str(excinfo.value)
    assert "pyproject.toml" in str(excinfo.value)


def test_error_points_at_the_line_of_the_key(
    tmp_path: Path, checkers: Checkers
) -> None:
    toml = """\
        [project]
        name = "x"

        [tool.backend-guide]
        src = []
        line-lenght = 100
    """
    with pytest.raises(
        ConfigError, match=r"pyproject.toml:6: \[tool.backend-guide\] line-lenght"
    ):
        settings_for(tmp_path, checkers, toml)


def test_config_that_is_not_utf8_is_an_error(
    tmp_path: Path, checkers: Checkers
) -> None:
    (tmp_path / "pyproject.toml").write_bytes(b"[tool.backend-guide]\nsrc = ['\xff']\n")
    with pytest.raises(ConfigError, match="not UTF-8"):
        load_settings(tmp_path, checkers)


def test_settings_fingerprint_follows_what_changes_results(
    tmp_path: Path, checkers: Checkers
) -> None:
    first = settings_for(tmp_path, checkers, "[tool.backend-guide]\nline-length = 88\n")
    same = settings_for(tmp_path, checkers, "[tool.backend-guide]\nline-length = 88\n")
    other = settings_for(tmp_path, checkers, "[tool.backend-guide]\nline-length = 99\n")
    assert first.fingerprint() == same.fingerprint()
    assert first.fingerprint() != other.fingerprint()


def test_registry_rejects_bad_declarations() -> None:
    with pytest.raises(ValueError, match="not letters followed by 3 digits"):
        Rule("NAME3", "x", "y")
    with pytest.raises(ValueError, match="not kebab-case"):
        Rule("ACME001", "NoTodo", "y")
    registry = RuleRegistry([Rule("ACME001", "no-todo", "y")])
    with pytest.raises(ValueError, match="registered twice"):
        registry.add(Rule("ACME001", "other", "y"))
    with pytest.raises(ValueError, match="used by both"):
        registry.add(Rule("ACME002", "no-todo", "y"))


def test_registry_selectors() -> None:
    registry = RuleRegistry(
        [
            Rule("ACME001", "one", "s"),
            Rule("ACME002", "two", "s", default_enabled=False),
            Rule("ACME010", "ten", "s"),
        ]
    )
    assert registry.match("ACME") == {"ACME001", "ACME010"}
    assert registry.match("ACME00") == {"ACME001"}
    assert registry.match("ACME002") == {"ACME002"}
    assert registry.match("two") == {"ACME002"}
    assert registry.match("ALL") == {"ACME001", "ACME002", "ACME010"}
    assert registry.match("ACME3") is None


def test_a_section_fills_defaults_and_gives_python_names() -> None:
    section = ConfigSection(
        "demo",
        (
            Option("skip-tests", "bool", True, "Skip tests."),
            Option("max-depth", "int", 3, "Depth."),
        ),
    )
    assert section.with_defaults({"max-depth": 5}) == {
        "skip-tests": True,
        "max-depth": 5,
    }
    assert section.as_fields({}) == {"skip_tests": True, "max_depth": 3}


@pytest.mark.parametrize(
    ("entries", "error"),
    [
        (
            'required = [\n    "api/",\n    "app/api/",\n]',
            r"pyproject.toml:2: \[tool.backend-guide.architecture\] required: "
            r"entry 'app/api/' is not a name such as 'api/'",
        ),
        (
            'layers = ["api", "core", "api"]',
            r"pyproject.toml:2: \[tool.backend-guide.architecture\] layers: "
            r"entry 'api' is listed twice",
        ),
        (
            'layers = ["api", "my-layer"]',
            r"\] layers: entry 'my-layer' is not a dotted module name",
        ),
        (
            'allow = ["models => core"]',
            r"pyproject.toml:2: \[tool.backend-guide.architecture\] allow: "
            r"entry 'models => core' is not 'importer -> imported'",
        ),
        (
            'forbid = ["api -> "]',
            r"\] forbid: entry 'api -> ' is not 'importer -> imported'",
        ),
        ('ignore-imports = ["a -> b -> c"]', r"\] ignore-imports: entry 'a -> b -> c'"),
    ],
)
def test_unusable_architecture_entries_are_usage_errors(
    tmp_path: Path, checkers: Checkers, entries: str, error: str
) -> None:
    toml = "[tool.backend-guide.architecture]\n" + entries + "\n"
    with pytest.raises(ConfigError, match=error):
        settings_for(tmp_path, checkers, toml)


def test_each_family_gets_its_typed_options_at_start_up(
    tmp_path: Path, checkers: Checkers
) -> None:
    toml = """\
        [tool.backend-guide.naming]
        deny-names = ["data"]

        [tool.backend-guide.architecture]
        layers = ["api", "core.db", "models"]
        forbid = ["api -> models"]
    """
    settings = settings_for(tmp_path, checkers, toml)
    assert "data" in settings.parsed["naming"].deny
    architecture = settings.parsed["architecture"]
    assert architecture.layers == ("api", "core.db", "models")
    assert [rule.text for rule in architecture.forbid] == ["api -> models"]
    assert settings.parsed["docstrings"].style == "google"


def test_line_length_follows_the_formatter(tmp_path: Path, checkers: Checkers) -> None:
    ruff = settings_for(tmp_path, checkers, "[tool.ruff]\nline-length = 120\n")
    assert ruff.line_length == 120
    black = settings_for(tmp_path, checkers, "[tool.black]\nline-length = 100\n")
    assert black.line_length == 100
    both = "[tool.black]\nline-length = 100\n[tool.ruff]\nline-length = 110\n"
    assert settings_for(tmp_path, checkers, both).line_length == 110
    own = "[tool.backend-guide]\nline-length = 79\n[tool.ruff]\nline-length = 120\n"
    assert settings_for(tmp_path, checkers, own).line_length == 79
    (tmp_path / "ruff.toml").write_text("line-length = 99\n", encoding="utf-8")
    assert settings_for(tmp_path, checkers, both).line_length == 99
    (tmp_path / "ruff.toml").write_text("[lint]\nselect = ['E']\n", encoding="utf-8")
    assert settings_for(tmp_path, checkers, "").line_length == 88


def test_migrations_switch(tmp_path: Path, checkers: Checkers) -> None:
    assert settings_for(tmp_path, checkers, "").exclude_migrations is True
    toml = "[tool.backend-guide]\nexclude-migrations = false\n"
    assert settings_for(tmp_path, checkers, toml).exclude_migrations is False
