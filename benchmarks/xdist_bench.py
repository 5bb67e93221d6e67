"""What ``--guide`` adds to a real test suite, in one process and under ``-n 2``.

Usage::

    python benchmarks/xdist_bench.py [--runs 3] [--test-files 300] [--workers 2]
                                     [--python PATH] [--verbose]

The project is Django 5.1.4's package as ``bench.py`` lays it out (the same
sdist, fetched once into ``benchmarks/.cache``) plus ``--test-files``
generated ``tests/test_*.py`` modules of ordinary unit tests (plain
functions, a fixture, a parametrized test, a class; each test does a few
milliseconds of real work: sorting, JSON, string handling). pytest collects
the tests from ``tests/`` (``testpaths``); the guide checks ``django/``.

Rows, each in a fresh process in the project folder, the rows taking turns
``--runs`` times:

- cold, ``-p no:cacheprovider``: ``pytest``, ``pytest --guide``,
  ``pytest -n 2``, ``pytest -n 2 --guide``;
- warm (pytest's cache on, filled by an untimed run of the same command,
  nothing changed): the same four.

For each it prints the median wall time and the median CPU time (user +
system of the command and of every process it started and waited for:
``getrusage(RUSAGE_CHILDREN)`` in a small wrapper process), then what
``--guide`` adds to each way of running: the difference of the medians,
wall and CPU.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import bench  # noqa: E402  (a script beside this one, not a package)

WRAPPER = """\
import resource, subprocess, sys, time
started = time.perf_counter()
code = subprocess.run(sys.argv[2:], stdout=subprocess.DEVNULL,
                      stderr=subprocess.DEVNULL).returncode
wall = time.perf_counter() - started
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
with open(sys.argv[1], "w") as report:
    report.write(f"{wall} {usage.ru_utime + usage.ru_stime} {code}")
"""

TEST_MODULE = '''\
"""Generated tests, module {index}."""

import json

import pytest


@pytest.fixture
def records():
    return [{{"id": n, "name": f"user-{{n}}", "score": (n * 37) % 101}} for n in range(400)]


def _work(seed):
    values = [(seed * 7919 + n * 104729) % 10007 for n in range(6000)]
    return sorted(values)


def test_sorted_{index}():
    values = _work({index})
    assert values == sorted(values)


def test_json_round_trip_{index}(records):
    text = json.dumps(records)
    assert json.loads(text) == records


def test_names_{index}(records):
    names = [record["name"].upper() for record in records]
    assert all(name.startswith("USER-") for name in names)


@pytest.mark.parametrize("n", range(4))
def test_parametrized_{index}(n):
    assert sum(_work(n + {index})) > 0


class TestScores{index}:
    def test_best(self, records):
        best = max(records, key=lambda record: record["score"])
        assert best["score"] == 100

    def test_mean(self, records):
        mean = sum(record["score"] for record in records) / len(records)
        assert 0 < mean < 101
'''


@dataclass
class Row:
    """One command, timed several times.

    Attributes:
        key: Its name in the JSON results.
        command: pytest's arguments.
        warm: Run with pytest's cache, filled by an untimed run first.
        walls: Wall seconds of each timed run.
        cpus: CPU seconds of each timed run.
    """

    key: str
    command: list[str]
    warm: bool
    walls: list[float] = field(default_factory=list)
    cpus: list[float] = field(default_factory=list)


def make_project(test_files: int, python: Path) -> Path:
    """Lay out Django's package with generated tests beside it.

    Args:
        test_files: How many ``tests/test_*.py`` modules to write.
        python: An interpreter with pip, for the download.

    Returns:
        The project folder.
    """
    corpus = bench.CORPORA[0]
    package = bench.ensure_corpus(corpus, python)
    project = bench.lay_out("django-suite", {corpus.package: package})
    for index in range(test_files):
        path = project.root / "tests" / f"test_generated_{index:04d}.py"
        path.write_text(TEST_MODULE.format(index=index), encoding="utf-8")
    return project.root


def run(python: Path, root: Path, row: Row, env: dict[str, str]) -> tuple[float, float]:
    """Run one row once and return its wall and CPU seconds.

    Args:
        python: The interpreter with pytest, xdist and the plugin.
        root: The project folder.
        row: The row.
        env: The environment.

    Returns:
        Wall and CPU seconds.

    Raises:
        RuntimeError: pytest ended with another status than 0 or 1.
    """
    command = [str(python), "-m", "pytest", *row.command]
    with tempfile.TemporaryDirectory() as scratch:
        report = Path(scratch) / "times"
        subprocess.run(
            [sys.executable, "-c", WRAPPER, str(report), *command],
            cwd=root,
            env=env,
            check=True,
        )
        wall, cpu, code = report.read_text(encoding="utf-8").split()
    if int(code) not in (0, 1):
        raise RuntimeError(f"{' '.join(command)} exited with {code}")
    return float(wall), float(cpu)


def make_rows(workers: int) -> list[Row]:
    """Return the rows, in the order they take turns.

    Args:
        workers: xdist's ``-n``.

    Returns:
        The rows.
    """
    xdist = ["-n", str(workers)]
    rows = []
    for warm in (False, True):
        cache = [] if warm else ["-p", "no:cacheprovider"]
        label = "warm" if warm else "cold"
        rows += [
            Row(f"{label} pytest", ["-q", *cache], warm),
            Row(f"{label} pytest --guide", ["-q", "--guide", *cache], warm),
            Row(f"{label} pytest -n {workers}", ["-q", *xdist, *cache], warm),
            Row(
                f"{label} pytest -n {workers} --guide",
                ["-q", *xdist, "--guide", *cache],
                warm,
            ),
        ]
    return rows


def main(argv: Sequence[str] | None = None) -> int:
    """Time the rows and print the table.

    Args:
        argv: The arguments (``sys.argv[1:]`` when None).

    Returns:
        0.
    """
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="timed runs per row (3)")
    parser.add_argument("--test-files", type=int, default=300, help="(300)")
    parser.add_argument("--workers", type=int, default=2, help="xdist's -n (2)")
    parser.add_argument("--python", help="interpreter with pytest, xdist, the plugin")
    parser.add_argument("--only", help="run only the rows whose name holds this")
    parser.add_argument("--verbose", action="store_true", help="print every run")
    args = parser.parse_args(argv)
    python, info = bench.find_pytest(args.python)
    if not info.get("xdist"):
        raise SystemExit(f"{python}: pytest-xdist is not installed")
    root = make_project(args.test_files, python)
    env = bench.Runner(verbose=False).env
    rows = [row for row in make_rows(args.workers) if args.only in (None, "")
            or (args.only or "") in row.key]
    print(f"{root}: django/ + {args.test_files} test modules; {info}", flush=True)
    for row in rows:  # untimed: fill the OS and bytecode caches, and pytest's
        shutil.rmtree(root / ".pytest_cache", ignore_errors=True)
        run(python, root, row, env)
    for turn in range(args.runs):
        for row in rows:
            if row.warm:  # the cache as the same command left it
                shutil.rmtree(root / ".pytest_cache", ignore_errors=True)
                run(python, root, row, env)
            wall, cpu = run(python, root, row, env)
            row.walls.append(wall)
            row.cpus.append(cpu)
            if args.verbose:
                print(f"  {turn + 1}: {row.key}: {wall:.2f} s, {cpu:.2f} CPU s")
    print_table(rows, args.workers)
    results = bench.CACHE / f"xdist-results-{datetime.now():%Y%m%d-%H%M%S}.json"
    payload = {
        "cores": bench.usable_cores(),
        "info": info,
        "plugin": bench.plugin_revision(),
        "rows": {row.key: {"wall": row.walls, "cpu": row.cpus} for row in rows},
    }
    results.write_text(json.dumps(payload, indent=2), encoding="utf-8")
    print(f"\nsamples: {results}")
    return 0


def print_table(rows: list[Row], workers: int) -> None:
    """Print the medians and what ``--guide`` adds to each way of running.

    Args:
        rows: The timed rows.
        workers: xdist's ``-n``.
    """
    print("\n| command | runs | wall s, median | CPU s, median |")
    print("|---|---:|---:|---:|")
    medians = {}
    for row in rows:
        if not row.walls:
            continue
        wall, cpu = statistics.median(row.walls), statistics.median(row.cpus)
        medians[row.key] = (wall, cpu)
        print(f"| `{row.key}` | {len(row.walls)} | {wall:.2f} | {cpu:.2f} |")
    print("\n| what --guide adds to | wall s | CPU s |")
    print("|---|---:|---:|")
    for label in ("cold", "warm"):
        for way in ("pytest", f"pytest -n {workers}"):
            plain = medians.get(f"{label} {way}")
            guided = medians.get(f"{label} {way} --guide")
            if plain and guided:
                print(
                    f"| {label} `{way}` | {guided[0] - plain[0]:+.2f} |"
                    f" {guided[1] - plain[1]:+.2f} |"
                )


if __name__ == "__main__":
    raise SystemExit(main())
