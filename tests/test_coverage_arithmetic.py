"""The pure parts of the coverage check: arithmetic, verdicts, run state, data files."""

from __future__ import annotations

from argparse import Namespace
from pathlib import Path
from types import SimpleNamespace

import coverage
import pytest

from pytest_backend_guide.coverage.configure import config_file, source_dirs
from pytest_backend_guide.coverage.datafile import DataFileError, write_data
from pytest_backend_guide.coverage.measure import CombinedMeasurement, MeasurementError
from pytest_backend_guide.coverage.run import RunTracker, partial_run
from pytest_backend_guide.coverage.startup import choice_of
from pytest_backend_guide.coverage.threshold import (
    FileCoverage,
    fails_under,
    file_table,
    in_package,
    least_covered,
    shown_percent,
    total_of,
)
from pytest_backend_guide.coverage.verdict import Policy, judge, resolve_fail_under

ORDERS = FileCoverage("app/core/orders.py", 17, 10, missing_text="12-18, 40")
USERS = FileCoverage("app/api/users.py", 20, 2, missing_text="7, 9")
EMPTY = FileCoverage("app/__init__.py", 0, 0)
FULL = FileCoverage("app/core/money.py", 8, 0)


def test_percent_counts_statements_and_branches() -> None:
    assert ORDERS.percent == pytest.approx(100 * 7 / 17)
    assert EMPTY.percent == 100.0
    branchy = FileCoverage("a.py", 6, 1, branches=4, missing_branches=1)
    assert branchy.percent == pytest.approx(80.0)


def test_totals_sum_every_file() -> None:
    totals = total_of([ORDERS, USERS, EMPTY, FULL])
    assert (totals.files, totals.statements, totals.missing) == (4, 45, 12)
    assert totals.percent == pytest.approx(100 * 33 / 45)
    assert total_of([]).percent == 100.0


def test_least_covered_lists_incomplete_files_lowest_first() -> None:
    assert least_covered([USERS, FULL, EMPTY, ORDERS]) == [ORDERS, USERS]
    many = [FileCoverage(f"m{n:02}.py", 10, n % 10 + 1) for n in range(15)]
    assert len(least_covered(many)) == 10
    assert least_covered(many)[0].missing == 10


@pytest.mark.parametrize(
    ("percent", "threshold", "precision", "fails"),
    [
        (79.0, 80, 0, True),
        (81.0, 80, 0, False),
        (80.0, 80, 0, False),
        (79.4, 80, 0, True),
        (79.6, 80, 0, False),  # coverage.py rounds to its precision first
        (79.6, 80, 1, True),
        (99.99, 100, 2, True),  # 100 means 100
        (100.0, 100, 0, False),
    ],
)
def test_fails_under_agrees_with_coverage_py(
    percent: float, threshold: float, precision: int, fails: bool
) -> None:
    assert fails_under(percent, threshold, precision) is fails


def test_shown_percent_never_rounds_to_the_edges() -> None:
    assert shown_percent(76.44, 0) == "76.4%"
    assert shown_percent(99.99, 0) == "99.9%"
    assert shown_percent(0.01, 0) == "0.1%"
    assert shown_percent(100.0, 2) == "100.00%"


def test_file_table_aligns_columns() -> None:
    assert file_table([ORDERS, USERS], 0) == [
        "app/core/orders.py  41.2%  missing 12-18, 40",
        "app/api/users.py    90.0%  missing 7, 9",
    ]


@pytest.mark.parametrize(
    ("path", "package", "roots", "inside"),
    [
        ("app/core/orders.py", "app/core", (), True),
        ("app/core/sub/orders.py", "app/core/", (), True),
        ("app/corex/orders.py", "app/core", (), False),
        ("app/core/orders.py", "app.core", (), True),
        ("src/app/core/orders.py", "app/core", ("src",), True),
        ("src/app/core/orders.py", "app/core", (), False),
    ],
)
def test_in_package(
    path: str, package: str, roots: tuple[str, ...], inside: bool
) -> None:
    assert in_package(path, package, roots) is inside


def test_threshold_comes_from_the_guide_then_coverage_then_80() -> None:
    assert resolve_fail_under(90, 70.0) == 90.0
    assert resolve_fail_under(None, 70.0) == 70.0
    assert resolve_fail_under(None, 0.0) == 80.0
    assert resolve_fail_under(0, 70.0) == 0.0


def test_judge_reports_the_total_with_the_least_covered_files() -> None:
    policy = Policy(frozenset({"TEST001"}), fail_under=80)
    [violation] = judge([ORDERS, USERS, FULL], policy)
    assert (violation.path, violation.line, violation.col) == ("pyproject.toml", 1, 1)
    assert violation.message == "total coverage 73.3% is below fail-under 80%"
    assert violation.fix_hint == (
        "test the least-covered files first:\n"
        "    app/core/orders.py  41.2%  missing 12-18, 40\n"
        "    app/api/users.py    90.0%  missing 7, 9"
    )
    assert judge([USERS, FULL], policy) == []


def test_judge_reports_packages_only_when_enabled() -> None:
    packages = {"app/core": 90, "app/api": 80, "app/none": 5}
    files = [ORDERS, USERS, FULL]
    assert judge(files, Policy(frozenset({"TEST001"}), 0, packages)) == []
    found = judge(files, Policy(frozenset({"TEST002"}), 0, packages))
    assert [v.message for v in found] == [
        "package app/core coverage 60.0% is below its threshold 90%",
        "package app/none has no measured file",
    ]
    assert all(v.code == "TEST002" for v in found)


def test_run_tracker_counts_tests_not_guide_checks() -> None:
    tracker = RunTracker()
    assert tracker.skip_reason(None, None) == "no test ran in this session"
    guide = SimpleNamespace(when="call", keywords={"guide": 1}, nodeid="a.py::guide")
    test = SimpleNamespace(when="call", keywords={}, nodeid="t.py::test", failed=False)
    tracker.record(guide)
    tracker.record(test)
    assert tracker.skip_reason(None, None) is None
    assert tracker.skip_reason("stopping after 1 failures", None) == (
        "the run stopped early (stopping after 1 failures)"
    )
    assert tracker.skip_reason(None, "--lf") == "only part of the test suite ran (--lf)"
    tracker.record_deselected(
        [SimpleNamespace(keywords={}), SimpleNamespace(keywords={"guide": 1})]
    )
    assert (
        tracker.skip_reason(None, None)
        == "only part of the test suite ran (1 deselected)"
    )
    failed = SimpleNamespace(
        when="teardown", keywords={}, nodeid="t.py::x", failed=True
    )
    tracker.record(failed)
    assert tracker.skip_reason(None, None) == "1 test failed or errored"


def test_partial_run_from_the_command_line(tmp_path: Path) -> None:
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "test_a.py").write_text("", encoding="utf-8")
    assert partial_run(["tests"], True, False, tmp_path) is None
    assert partial_run(["."], True, False, tmp_path) is None
    assert partial_run(["tests/test_a.py"], True, False, tmp_path) == "tests/test_a.py"
    assert partial_run(["tests::x"], True, False, tmp_path) == "tests::x"
    assert partial_run(["tests/test_a.py"], False, False, tmp_path) is None
    assert partial_run([], False, True, tmp_path) == "--lf"


def test_choice_of_reads_the_early_command_line(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("PYTEST_XDIST_WORKER", raising=False)
    plain = Namespace(collectonly=False, help=False, version=0, markexpr="")
    assert choice_of(plain).distributed is False
    xdist = Namespace(**vars(plain), numprocesses=2, dist="no")
    assert choice_of(xdist).distributed is True
    monkeypatch.setenv("PYTEST_XDIST_WORKER", "gw0")
    assert choice_of(xdist).distributed is False
    checks = Namespace(**{**vars(plain), "markexpr": " guide "})
    assert choice_of(checks).nothing_runs is True
    cov = Namespace(**vars(plain), cov_source=["app"], no_cov=False)
    assert choice_of(cov).pytest_cov is True


def test_config_file_follows_the_rootdir(tmp_path: Path) -> None:
    root, elsewhere = tmp_path / "root", tmp_path / "elsewhere"
    root.mkdir()
    elsewhere.mkdir()
    assert config_file(root, root) is True
    assert config_file(root, elsewhere) is True
    (root / "pyproject.toml").write_text("[tool.coverage.run]\nbranch = true\n")
    assert config_file(root, elsewhere) == str(root / "pyproject.toml")
    (root / ".coveragerc").write_text("[run]\n")
    assert config_file(root, elsewhere) == str(root / ".coveragerc")


def test_source_dirs_take_a_file_root_s_folder(tmp_path: Path) -> None:
    (tmp_path / "app").mkdir()
    (tmp_path / "main.py").write_text("", encoding="utf-8")
    roots = [tmp_path / "app", tmp_path / "main.py", tmp_path]
    assert source_dirs(roots) == [str(tmp_path / "app"), str(tmp_path)]


def test_write_data_replaces_the_target_in_one_piece(tmp_path: Path) -> None:
    data = coverage.CoverageData(no_disk=True)
    data.add_lines({str(tmp_path / "a.py"): [1, 2, 3]})
    target = tmp_path / ".coverage"
    target.write_text("stale", encoding="utf-8")
    write_data(data, str(target))
    written = coverage.CoverageData(basename=str(target))
    written.read()
    assert sorted(written.lines(str(tmp_path / "a.py")) or []) == [1, 2, 3]
    assert [p.name for p in tmp_path.iterdir()] == [".coverage"]


def test_write_data_failure_leaves_no_temporary_file(tmp_path: Path) -> None:
    data = coverage.CoverageData(no_disk=True)
    data.add_lines({str(tmp_path / "a.py"): [1]})
    target = tmp_path / "folder-is-here"
    target.mkdir()
    with pytest.raises(DataFileError, match="cannot write"):
        write_data(data, str(target))
    assert [p.name for p in tmp_path.iterdir()] == ["folder-is-here"]


def test_combined_measurement_rejects_mixed_data(tmp_path: Path) -> None:
    cov = coverage.Coverage(data_file=None, config_file=False)
    combined = CombinedMeasurement(cov, None)
    lines = coverage.CoverageData(no_disk=True)
    lines.add_lines({str(tmp_path / "a.py"): [1]})
    arcs = coverage.CoverageData(no_disk=True)
    arcs.add_arcs({str(tmp_path / "a.py"): [(-1, 1), (1, -1)]})
    combined.add(lines.dumps())
    assert combined.workers == 1
    with pytest.raises(MeasurementError, match="cannot combine"):
        combined.add(arcs.dumps())
    assert combined.data() is cov
    combined.finish()  # no target: an outer `coverage run` owns the data file
    assert list(tmp_path.iterdir()) == []
