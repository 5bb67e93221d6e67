"""Where the time of a ``pytest --guide`` run goes, phase by phase.

Usage::

    python benchmarks/phases.py [--runs 5] [--project PATH] [--python PATH]

Runs ``pytest --guide -m guide`` on a project laid out by ``bench.py``
(Django's by default: run ``bench.py --quick`` once first) cold (``-p
no:cacheprovider``) and warm (the cache filled by an untimed run), taking
turns, with the ``phase_stamps`` plugin, and prints the median wall time of
each phase: interpreter and pytest, the plugins and pytest's configuration
(loading the checkers and the settings), collection, the file items, the project items,
the terminal summary, pytest's clean-up and the interpreter's exit.
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
import time
from collections.abc import Sequence
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
DEFAULT_PROJECT = HERE / ".cache" / "projects" / "django"
PYCACHE = HERE / ".cache" / "pycache"
PHASES = (
    ("started", "interpreter and pytest"),
    ("configured", "plugins and configuration (checkers, settings)"),
    ("collected", "collection: discovery and items"),
    ("file items done", "file items"),
    ("items done", "project items"),
    ("summary printed", "terminal summary"),
    ("unconfigured", "pytest's clean-up"),
    ("exit", "interpreter exit"),
)


def run_once(python: str, project: Path, cold: bool) -> dict[str, float]:
    """Run the guide once and return each phase's duration in seconds.

    Args:
        python: The interpreter whose pytest has the plugin.
        project: Where to run.
        cold: Run without pytest's cache.

    Returns:
        Seconds per phase name, and ``total``.
    """
    command = [python, "-m", "pytest", "--guide", "-m", "guide", "-p", "phase_stamps"]
    if cold:
        command += ["-p", "no:cacheprovider"]
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env.update(
        {
            "PYTHONPATH": os.pathsep.join(
                filter(None, [str(HERE), env.get("PYTHONPATH")])
            ),
            "PYTHONPYCACHEPREFIX": str(PYCACHE),
            "COLUMNS": "120",
            "NO_COLOR": "1",
        }
    )
    with tempfile.TemporaryDirectory() as scratch:
        out = Path(scratch) / "stamps.json"
        env["GUIDE_PHASES_OUT"] = str(out)
        started = time.perf_counter()
        subprocess.run(command, cwd=project, env=env, capture_output=True, check=False)
        ended = time.perf_counter()
        stamps = json.loads(out.read_text(encoding="utf-8"))
    durations: dict[str, float] = {}
    previous = started
    for name, _ in PHASES:
        if name in stamps:
            durations[name] = stamps[name] - previous
            previous = stamps[name]
    durations["total"] = ended - started
    return durations


def main(argv: Sequence[str] | None = None) -> int:
    """Time the phases and print a markdown table of medians.

    Args:
        argv: The command line, without the program name.

    Returns:
        The exit status.
    """
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="runs of each (5)")
    parser.add_argument("--project", type=Path, default=DEFAULT_PROJECT)
    venv_python = REPO / ".venv" / "bin" / "python"
    default_python = str(venv_python) if venv_python.exists() else sys.executable
    parser.add_argument("--python", default=default_python)
    args = parser.parse_args(argv)
    if not (args.project / "pyproject.toml").is_file():
        print(f"no project at {args.project}: run benchmarks/bench.py --quick first")
        return 2
    runs: dict[str, list[dict[str, float]]] = {"cold": [], "warm": []}
    shutil.rmtree(args.project / ".pytest_cache", ignore_errors=True)
    run_once(args.python, args.project, cold=False)  # fills the cache and the OS's
    for _ in range(args.runs):
        runs["cold"].append(run_once(args.python, args.project, cold=True))
        runs["warm"].append(run_once(args.python, args.project, cold=False))
    print(f"Medians of {args.runs} runs, seconds, on {args.project}:\n")
    print("| phase | cold | warm |")
    print("|---|---:|---:|")
    for name, label in (*PHASES, ("total", "**total** (as the caller saw it)")):
        cells = []
        for kind in ("cold", "warm"):
            values = [run[name] for run in runs[kind] if name in run]
            cells.append(f"{statistics.median(values):.3f}" if values else "-")
        print(f"| {label} | {cells[0]} | {cells[1]} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
