"""The engine calls a family only when one of its rules is enabled for the file."""

from __future__ import annotations

from collections.abc import Sequence

from pytest_backend_guide import FileContext, Rule, SourceFile, Violation, hookimpl
from pytest_backend_guide.checks import style
from pytest_backend_guide.manager import create_plugin_manager, load_checkers

LONG_LINE = "x = '" + "y" * 100 + "'\n"


class Probe:
    """A family of one rule that notes every file it is asked to check."""

    def __init__(self) -> None:
        self.calls: list[str] = []

    @hookimpl
    def guide_rules(self) -> Sequence[Rule]:
        return (Rule("PRB001", "probe", "a probe"),)

    @hookimpl
    def guide_check_file(self, ctx: FileContext) -> list[Violation]:
        self.calls.append(ctx.source.path)
        return [ctx.violation("PRB001", 1, 1, "probed")]


class Undeclared:
    """A checker that declares no rule: it is always called."""

    def __init__(self) -> None:
        self.calls = 0

    @hookimpl
    def guide_check_file(self, ctx: FileContext) -> None:
        self.calls += 1


def _context(*codes: str) -> FileContext:
    return FileContext(SourceFile("app/a.py", LONG_LINE), frozenset(codes), {})


def test_a_family_with_no_enabled_rule_is_not_called() -> None:
    manager = create_plugin_manager(load_entry_points=False)
    probe, undeclared = Probe(), Undeclared()
    for plugin in (style, probe, undeclared):
        manager.register(plugin)
    hook = load_checkers(manager).hook

    style_only = hook.guide_check_file(_context("STYLE001"))
    assert probe.calls == []
    assert [[v.code for v in result] for result in style_only] == [["STYLE001"]]

    probe_only = hook.guide_check_file(_context("PRB001"))
    assert probe.calls == ["app/a.py"]
    assert [[v.code for v in result] for result in probe_only] == [["PRB001"]]

    both = hook.guide_check_file(_context("PRB001", "STYLE001"))
    assert sorted(v.code for result in both for v in result) == ["PRB001", "STYLE001"]
    assert undeclared.calls == 3
