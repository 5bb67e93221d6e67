"""Time ``pytest --guide`` against ruff and flake8 on Django and FastAPI.

Usage::

    python benchmarks/bench.py [--runs N] [--quick] [--skip-flake8] [--verbose]

The corpora are the packages of two sdists fetched once from the package
index into ``benchmarks/.cache`` (git-ignored): Django's ``django/`` (879
files) and FastAPI's ``fastapi/``. Each is laid out as a project of its own
(the package, a ``pyproject.toml`` and an empty ``tests/`` folder) and every
tool runs on it in a fresh process, the tools taking turns, several times
each. The script prints, per corpus, the median and minimum wall time, the
peak memory and the ratio to ruff of each tool, then how the cold guide run
grows with a five times larger tree, and writes everything as JSON to
``benchmarks/.cache/results-<timestamp>.json``.

pytest is the development venv's (``.venv`` at the repository root) or, if
the plugin is not importable there, the interpreter running this script;
ruff and flake8 (with its plugins) are installed at pinned versions into
``benchmarks/.cache/tools-venv``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shlex
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
import venv
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
CACHE = HERE / ".cache"
PROJECTS = CACHE / "projects"
TOOLS_VENV = CACHE / "tools-venv"
PYCACHE = CACHE / "pycache"
BIN = "Scripts" if os.name == "nt" else "bin"
TOOLS = (
    "ruff==0.17.6",
    "flake8==7.5.0",
    "pep8-naming==0.15.1",
    "flake8-docstrings==1.7.0",
    "flake8-annotations==3.3.0",
)
RUFF_SELECT = "N,D,ANN,E501,W191,S,ASYNC,BLE,T20"
FLAKE8_SELECT = "N,D,ANN,E501,W191"
GUIDE = ("-m", "pytest", "--guide", "-m", "guide")
NO_CACHE = ("-p", "no:cacheprovider")
RACY_S = 2.1
"""Seconds after an edit before a run trusts the edited file's status."""
COPIES = 5
WARM_UP = {"guide_cold", "guide_xdist_cold", "ruff"}
GNU_TIME = Path("/usr/bin/time")
GNU = "/usr/bin/time -f %M"
RUSAGE = "getrusage(RUSAGE_CHILDREN).ru_maxrss in a wrapper process"
NO_MEMORY = "not measured (neither GNU time nor the resource module)"

RUSAGE_WRAPPER = """\
import resource, subprocess, sys, time
started = time.perf_counter()
code = subprocess.run(sys.argv[2:]).returncode
seconds = time.perf_counter() - started
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
kib = peak // 1024 if sys.platform == "darwin" else peak
with open(sys.argv[1], "w") as report:
    report.write(f"{seconds} {kib}")
sys.exit(code)
"""

PROBE = """\
import json, sys
from importlib import metadata
info = {"python": sys.version.split()[0], "executable": sys.executable}
try:
    import pytest, pytest_backend_guide
except ImportError as error:
    info["error"] = str(error)
else:
    info["pytest"] = pytest.__version__
    info["plugin"] = pytest_backend_guide.__version__
    points = metadata.entry_points(group="pytest11")
    info["entry_point"] = any(p.value == "pytest_backend_guide.plugin" for p in points)
    try:
        import xdist
        info["xdist"] = metadata.version("pytest-xdist")
    except ImportError:
        info["xdist"] = None
print(json.dumps(info))
"""


@dataclass(frozen=True)
class Corpus:
    """One sdist whose package is checked.

    Attributes:
        name: Distribution name, as given to ``pip download``.
        version: Pinned version.
        package: The top-level package inside the sdist.
        touched: A module of the package (relative to it) that the
            "touched" run appends a comment line to.
    """

    name: str
    version: str
    package: str
    touched: str


CORPORA = (
    Corpus("django", "5.1.4", "django", "utils/text.py"),
    Corpus("fastapi", "0.165.0", "fastapi", "routing.py"),
)


@dataclass
class Sample:
    """One timed run.

    Attributes:
        seconds: Wall time of the process.
        peak_mib: Its peak resident memory, if known.
        exit_code: Its exit status.
    """

    seconds: float
    peak_mib: float | None
    exit_code: int


@dataclass
class Tool:
    """One way of checking a project, as a row of the results table.

    Attributes:
        key: Name in the JSON results.
        label: Name in the table.
        command: The command, run in the project folder.
        runs: How many timed runs.
        before: Untimed preparation before each timed run.
        after: Clean-up after each timed run (also on failure).
        samples: The timed runs so far.
    """

    key: str
    label: str
    command: list[str]
    runs: int
    before: Callable[[], None] | None = None
    after: Callable[[], None] | None = None
    samples: list[Sample] = field(default_factory=list)


@dataclass(frozen=True)
class Setup:
    """What every corpus's runs share.

    Attributes:
        python: The interpreter with pytest and the plugin.
        scripts: The tools venv's scripts folder (ruff, flake8).
        runner: The command runner.
        xdist: Whether pytest-xdist is installed beside pytest.
    """

    python: Path
    scripts: Path
    runner: Runner
    xdist: bool


@dataclass(frozen=True)
class Project:
    """A corpus laid out as a project.

    Attributes:
        root: The project folder (pytest's rootdir).
        packages: Its source packages, relative to ``root``.
        files: How many ``.py`` files they hold.
        lines: How many lines those files have.
    """

    root: Path
    packages: tuple[str, ...]
    files: int
    lines: int


class Runner:
    """Runs commands, timing them and measuring their peak memory.

    Peak memory comes from GNU ``/usr/bin/time -f %M`` when it is there,
    else from a small Python parent (``RUSAGE_WRAPPER``) that runs the
    command and reads ``getrusage(RUSAGE_CHILDREN)``: that figure is the
    maximum over all children waited for so far, so it is only exact in a
    process whose one child is the measured command. Either way, for a
    command that starts processes of its own it is the peak of the largest
    single process, not a sum.

    The commands run as on a developer's machine: without the caller's
    ``PYTEST_ADDOPTS`` and ``PYTEST_PLUGINS``, and with bytecode caching on
    even where ``PYTHONDONTWRITEBYTECODE`` is set (without it every process
    would compile the plugin and pytest would rewrite its asserts again,
    about 0.2 s a process). The bytecode goes to ``PYCACHE``, not beside the
    sources.
    """

    def __init__(self, verbose: bool) -> None:
        """Choose how to measure memory and the commands' environment.

        Args:
            verbose: Print each command before running it.
        """
        self.verbose = verbose
        self.memory_method = _memory_method()
        dropped = {"PYTEST_ADDOPTS", "PYTEST_PLUGINS", "PYTHONDONTWRITEBYTECODE"}
        self.env = {
            key: value for key, value in os.environ.items() if key not in dropped
        }
        self.env.update(
            {"COLUMNS": "120", "NO_COLOR": "1", "PYTHONPYCACHEPREFIX": str(PYCACHE)}
        )

    def run(
        self, command: Sequence[str], cwd: Path, ok: Sequence[int] = (0, 1)
    ) -> Sample:
        """Run one command with its output captured, and time it.

        Args:
            command: The command.
            cwd: Where to run it.
            ok: Exit codes that mean it ran (1: violations found).

        Returns:
            The timing, peak memory and exit code.

        Raises:
            RuntimeError: The command exited with another code.
        """
        if self.verbose:
            print(
                f"  $ (cd {shlex.quote(str(cwd))} && {shlex.join(command)})", flush=True
            )
        with tempfile.TemporaryDirectory() as scratch:
            report = Path(scratch) / "peak"
            started = time.perf_counter()
            completed = subprocess.run(
                _wrapped(self.memory_method, command, report),
                cwd=cwd,
                env=self.env,
                capture_output=True,
                check=False,
            )
            seconds = time.perf_counter() - started
            peak = _read_peak(report)
            if self.memory_method == RUSAGE:  # time the command, not the wrapper
                seconds = _read_seconds(report) or seconds
        if completed.returncode not in ok:
            output = (completed.stdout + completed.stderr).decode(errors="replace")
            raise RuntimeError(
                f"{shlex.join(command)} exited with {completed.returncode}:\n"
                f"{output[-4000:]}"
            )
        if self.verbose:
            shown = "?" if peak is None else f"{peak:.0f} MiB"
            print(f"    {seconds:.3f} s, {shown}, exit {completed.returncode}")
        return Sample(seconds, peak, completed.returncode)


def _memory_method() -> str:
    """Return the best way to measure peak memory on this machine."""
    for method in (GNU, RUSAGE):
        with tempfile.TemporaryDirectory() as scratch:
            report = Path(scratch) / "peak"
            command = _wrapped(method, [sys.executable, "-c", ""], report)
            try:
                completed = subprocess.run(command, capture_output=True, check=False)
            except OSError:
                continue
            if completed.returncode == 0 and _read_peak(report) is not None:
                return method
    return NO_MEMORY


def _wrapped(method: str, command: Sequence[str], report: Path) -> list[str]:
    """Return the command run so that it writes its peak memory to ``report``."""
    if method == GNU:
        return [str(GNU_TIME), "-f", "%M", "-o", str(report), *command]
    if method == RUSAGE:
        return [sys.executable, "-c", RUSAGE_WRAPPER, str(report), *command]
    return list(command)


def _read_peak(report: Path) -> float | None:
    """Read the peak (KiB, last word of the report) in MiB, if there is one."""
    try:
        return int(report.read_text(encoding="utf-8").split()[-1]) / 1024
    except (OSError, ValueError, IndexError):
        return None


def _read_seconds(report: Path) -> float | None:
    """Read the wrapper's own timing of the command (first word of the report)."""
    try:
        return float(report.read_text(encoding="utf-8").split()[0])
    except (OSError, ValueError, IndexError):
        return None


# --- setup: tools, corpora, projects --------------------------------------


def ensure_tools(verbose: bool) -> Path:
    """Install the pinned linters into their own venv, once.

    Args:
        verbose: Show pip's output.

    Returns:
        The venv's scripts folder.
    """
    scripts = TOOLS_VENV / BIN
    stamp = TOOLS_VENV / "bench-requirements.txt"
    wanted = "\n".join(TOOLS) + "\n"
    if stamp.is_file() and stamp.read_text(encoding="utf-8") == wanted:
        return scripts
    print(f"installing {', '.join(TOOLS)} into {TOOLS_VENV}", flush=True)
    venv.create(TOOLS_VENV, with_pip=True, clear=True)
    quiet = [] if verbose else ["--quiet"]
    subprocess.run(
        [str(scripts / "python"), "-m", "pip", "install", *quiet, *TOOLS], check=True
    )
    stamp.write_text(wanted, encoding="utf-8")
    return scripts


def ensure_corpus(corpus: Corpus, pip_python: Path) -> Path:
    """Download and extract a corpus's sdist once.

    Args:
        corpus: The sdist.
        pip_python: An interpreter with pip.

    Returns:
        The package folder inside the extracted sdist.

    Raises:
        FileNotFoundError: ``pip download`` did not produce the sdist.
    """
    stem = f"{corpus.name}-{corpus.version}"
    CACHE.mkdir(parents=True, exist_ok=True)
    for entry in CACHE.iterdir():
        package = entry / corpus.package
        if entry.name.lower() == stem and (package / "__init__.py").is_file():
            return package
    archive = _find_archive(stem)
    if archive is None:
        print(f"downloading {corpus.name}=={corpus.version}'s sdist", flush=True)
        subprocess.run(
            [
                str(pip_python),
                "-m",
                "pip",
                "download",
                "--quiet",
                f"{corpus.name}=={corpus.version}",
                "--no-deps",
                "--no-binary",
                ":all:",
                "-d",
                str(CACHE),
            ],
            check=True,
        )
        archive = _find_archive(stem)
    if archive is None:
        raise FileNotFoundError(CACHE / f"{stem}.tar.gz")
    with tarfile.open(archive) as sdist:
        top = sdist.getnames()[0].split("/")[0]
        if hasattr(tarfile, "data_filter"):
            sdist.extractall(CACHE, filter="data")
        else:  # Python < 3.12 without the backported filter
            sdist.extractall(CACHE)
    return CACHE / top / corpus.package


def _find_archive(stem: str) -> Path | None:
    """Return the cached sdist whose name is ``stem`` in any case, if any."""
    for entry in CACHE.glob("*.tar.gz"):
        if entry.name.lower() == f"{stem}.tar.gz":
            return entry
    return None


def lay_out(name: str, packages: dict[str, Path]) -> Project:
    """Build a project folder afresh from source packages.

    The project holds only the packages, a ``pyproject.toml`` naming them as
    the guide's ``src`` and an empty ``tests/`` folder as pytest's
    ``testpaths``, so that pytest does not walk the corpus for tests.

    Args:
        name: Folder name under ``benchmarks/.cache/projects``.
        packages: Target package name -> package folder to copy.

    Returns:
        The project.
    """
    root = PROJECTS / name
    if root.exists():
        shutil.rmtree(root)
    (root / "tests").mkdir(parents=True)
    skip = shutil.ignore_patterns("__pycache__")
    for target, source in packages.items():
        shutil.copytree(source, root / target, ignore=skip)
    src = ", ".join(f'"{target}"' for target in packages)
    (root / "pyproject.toml").write_text(
        f"[tool.backend-guide]\nsrc = [{src}]\n\n"
        '[tool.pytest.ini_options]\ntestpaths = ["tests"]\n',
        encoding="utf-8",
    )
    files = [path for target in packages for path in (root / target).rglob("*.py")]
    lines = sum(path.read_bytes().count(b"\n") for path in files)
    return Project(root, tuple(packages), len(files), lines)


def find_pytest(explicit: str | None) -> tuple[Path, dict[str, object]]:
    """Find an interpreter whose pytest has the plugin installed.

    Args:
        explicit: An interpreter given with ``--python``, tried alone.

    Returns:
        The interpreter and what it reports (versions, xdist).

    Raises:
        SystemExit: No candidate can import the plugin.
    """
    dev = REPO / ".venv" / BIN / "python"
    candidates = [Path(explicit)] if explicit else [dev, Path(sys.executable)]
    problems = []
    for python in candidates:
        if not python.exists():
            problems.append(f"{python}: not found")
            continue
        completed = subprocess.run(
            [str(python), "-c", PROBE], capture_output=True, text=True, check=False
        )
        try:
            info = json.loads(completed.stdout)
        except json.JSONDecodeError:
            problems.append(f"{python}: {completed.stderr.strip()[-300:]}")
            continue
        if "error" in info:
            problems.append(f"{python}: {info['error']}")
        elif not info["entry_point"]:
            problems.append(
                f"{python}: the plugin imports but is not a pytest11 entry point"
            )
        else:
            return python, info
    detail = "\n  ".join(problems)
    raise SystemExit(
        "pytest_backend_guide is not importable by any candidate interpreter:\n  "
        f"{detail}\nInstall it in the dev venv: python -m venv .venv && "
        ".venv/bin/pip install -e '.[test]'  (or pass --python PATH)"
    )


def tool_version(command: list[str], runner: Runner) -> str:
    """Return the first line of a tool's ``--version`` output.

    Args:
        command: The tool.
        runner: For the environment (flake8 loads its plugins to list them,
            which also fills the bytecode cache).

    Returns:
        The line.
    """
    completed = subprocess.run(
        [*command, "--version"],
        capture_output=True,
        text=True,
        env=runner.env,
        check=False,
    )
    return (completed.stdout or completed.stderr).strip().splitlines()[0]


# --- the runs ---------------------------------------------------------------


def clear_pytest_cache(project: Project) -> None:
    """Remove pytest's cache folder (and the guide's results in it)."""
    shutil.rmtree(project.root / ".pytest_cache", ignore_errors=True)


def make_tools(
    project: Project, corpus: Corpus, setup: Setup, args: argparse.Namespace
) -> list[Tool]:
    """Return the tools to time on one project, in the order they take turns.

    Args:
        project: The project.
        corpus: Its corpus (for the file to touch).
        setup: Interpreter, tools and runner.
        args: The command line.

    Returns:
        The tools.
    """
    python, scripts = setup.python, setup.scripts
    pytest = [str(python), *GUIDE]
    touched = project.root / corpus.package / corpus.touched
    original = touched.read_bytes()

    def prime() -> None:
        # A file changed less than RACY_S before a run starts is not trusted
        # (as git's racily-clean rule): that run re-runs the project checks
        # and keeps no result for them. The previous round's untouch() has
        # just rewritten a file, so wait until that edit is old enough for
        # the warm row to mean "nothing changed since the last run".
        time.sleep(max(0.0, RACY_S - (time.time() - touched.stat().st_ctime)))
        clear_pytest_cache(project)
        setup.runner.run(pytest, project.root)

    def touch() -> None:
        with touched.open("ab") as handle:
            handle.write(f"# touched by bench.py {time.time_ns()}\n".encode())

    def untouch() -> None:
        touched.write_bytes(original)

    tools = [
        Tool("guide_cold", "pytest --guide, cold", [*pytest, *NO_CACHE], args.runs),
        # The warm run primes the cache; "touched" runs right after it and
        # reuses that cache, so the two must stay in this order.
        Tool("guide_warm", "pytest --guide, warm", pytest, args.runs, before=prime),
        Tool(
            "guide_touched",
            "pytest --guide, warm, 1 file touched",
            pytest,
            args.runs,
            before=touch,
            after=untouch,
        ),
    ]
    if setup.xdist:
        tools.append(
            Tool(
                "guide_xdist_cold",
                "pytest -n 2 --guide, cold",
                [str(python), "-m", "pytest", "-n", "2", *GUIDE[2:], *NO_CACHE],
                args.runs,
            )
        )
    tools.append(
        Tool(
            "ruff",
            "ruff check",
            [
                str(scripts / "ruff"),
                "check",
                "--no-cache",
                "--select",
                RUFF_SELECT,
                *project.packages,
            ],
            args.runs,
        )
    )
    if not args.skip_flake8:
        tools.append(
            Tool(
                "flake8",
                "flake8 + plugins",
                [str(scripts / "flake8"), "--select", FLAKE8_SELECT, *project.packages],
                min(args.flake8_runs, args.runs),
            )
        )
    return tools


def run_tool(tool: Tool, project: Project, runner: Runner) -> None:
    """Time one run of a tool, with its preparation and clean-up untimed.

    Args:
        tool: The tool; the sample is appended to it.
        project: Where it runs.
        runner: The command runner.
    """
    if tool.before:
        tool.before()
    try:
        tool.samples.append(runner.run(tool.command, project.root))
    finally:
        if tool.after:
            tool.after()


def take_turns(
    tools: list[Tool], project: Project, runner: Runner, rounds: int
) -> None:
    """Run every tool once per round, each until it has its number of runs.

    Args:
        tools: The tools.
        project: Where they run.
        runner: The command runner.
        rounds: How many rounds.
    """
    for number in range(rounds):
        print(f"  round {number + 1}/{rounds}", flush=True)
        for tool in tools:
            if number < tool.runs:
                run_tool(tool, project, runner)


def summarise(tool: Tool) -> dict[str, object]:
    """Return a tool's figures: median, min, peak memory and raw runs.

    Args:
        tool: A tool that has run.

    Returns:
        Its figures (``peak_mib`` is the largest peak over its runs).
    """
    seconds = [sample.seconds for sample in tool.samples]
    peaks = [sample.peak_mib for sample in tool.samples if sample.peak_mib is not None]
    return {
        "label": tool.label,
        "command": tool.command,
        "runs": len(seconds),
        "median_s": statistics.median(seconds),
        "min_s": min(seconds),
        "peak_mib": max(peaks) if peaks else None,
        "samples": [asdict(sample) for sample in tool.samples],
    }


def markdown_table(rows: dict[str, dict[str, object]]) -> list[str]:
    """Format one corpus's figures as a markdown table.

    Args:
        rows: Figures by tool key, in table order.

    Returns:
        The table's lines.
    """
    ruff = rows.get("ruff", {}).get("median_s")
    lines = [
        "| tool | runs | median s | min s | peak MiB | ratio to ruff |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for row in rows.values():
        peak = "?" if row["peak_mib"] is None else f"{row['peak_mib']:.0f}"
        ratio = f"{row['median_s'] / ruff:.1f}x" if ruff else "-"
        lines.append(
            f"| {row['label']} | {row['runs']} | {row['median_s']:.2f} | "
            f"{row['min_s']:.2f} | {peak} | {ratio} |"
        )
    return lines


def bench_corpus(
    corpus: Corpus,
    package: Path,
    setup: Setup,
    args: argparse.Namespace,
) -> tuple[Project, dict[str, dict[str, object]]]:
    """Lay out one corpus and time every tool on it.

    Args:
        corpus: The corpus.
        package: Its extracted package folder.
        setup: Interpreter, tools and runner.
        args: The command line.

    Returns:
        The project and the figures by tool key.
    """
    project = lay_out(corpus.name, {corpus.package: package})
    print(
        f"\n{corpus.name} {corpus.version}: {project.files} files, "
        f"{project.lines} lines, in {project.root}",
        flush=True,
    )
    tools = make_tools(project, corpus, setup, args)
    for tool in tools:  # untimed: fill the OS file cache and the bytecode cache
        if tool.key in WARM_UP:
            setup.runner.run(tool.command, project.root)
    take_turns(tools, project, setup.runner, max(tool.runs for tool in tools))
    clear_pytest_cache(project)
    return project, {tool.key: summarise(tool) for tool in tools}


def bench_scaling(
    package: Path, python: Path, runner: Runner, runs: int, single: dict[str, object]
) -> dict[str, object]:
    """Time the cold guide run on Django copied ``COPIES`` times over.

    Args:
        package: Django's extracted package folder.
        python: The interpreter with pytest and the plugin.
        runner: The command runner.
        runs: How many timed runs.
        single: The 1x project's cold figures (``files``, ``median_s``).

    Returns:
        Files and seconds for 1x and 5x, and seconds per 1000 files.
    """
    names = {"django": package} | {f"django_copy{n}": package for n in range(1, COPIES)}
    project = lay_out(f"django-x{COPIES}", names)
    print(
        f"\ndjango x{COPIES}: {project.files} files, {project.lines} lines", flush=True
    )
    command = [str(python), *GUIDE, *NO_CACHE]
    runner.run(command, project.root)  # untimed: fill the OS file cache
    tool = Tool(
        "guide_cold_x5", f"pytest --guide, cold, Django x{COPIES}", command, runs
    )
    take_turns([tool], project, runner, runs)
    figures = summarise(tool)
    shutil.rmtree(project.root)  # 200 MB: not worth keeping
    one = {"files": single["files"], "median_s": single["median_s"]}
    many = {"files": project.files, **figures}
    for entry in (one, many):
        entry["s_per_1000_files"] = entry["median_s"] / entry["files"] * 1000
    return {"x1": one, f"x{COPIES}": many}


def scaling_line(scaling: dict[str, object]) -> str:
    """Describe how the cold run grows from 1x to 5x, in one line."""
    one, many = scaling["x1"], scaling[f"x{COPIES}"]
    return (
        f"Scaling, cold guide run: Django x1 {one['files']} files "
        f"{one['median_s']:.2f} s = {one['s_per_1000_files']:.2f} s/1000 files; "
        f"x{COPIES} {many['files']} files {many['median_s']:.2f} s = "
        f"{many['s_per_1000_files']:.2f} s/1000 files "
        f"(time x{many['median_s'] / one['median_s']:.2f} for files "
        f"x{many['files'] / one['files']:.2f})"
    )


def plugin_revision() -> dict[str, object] | None:
    """Return the repository's commit and whether ``src/`` differs from it.

    Read-only git commands (``--no-optional-locks``: no index refresh), as
    the code under test may move while the benchmark runs.

    Returns:
        ``commit`` and ``src_modified``, or None outside a git checkout.
    """
    git = ["git", "--no-optional-locks", "-C", str(REPO)]
    try:
        head = subprocess.run(
            [*git, "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            check=False,
        )
        status = subprocess.run(
            [*git, "status", "--porcelain", "--", "src"],
            capture_output=True,
            text=True,
            check=False,
        )
    except OSError:
        return None
    if head.returncode != 0:
        return None
    return {"commit": head.stdout.strip(), "src_modified": bool(status.stdout.strip())}


def usable_cores() -> int:
    """Return how many cores this process may run on (``nproc``)."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    """Read the command line.

    Args:
        argv: The arguments (``sys.argv[1:]`` when None).

    Returns:
        The options, with ``--quick`` applied.
    """
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="timed runs per tool (5)")
    parser.add_argument(
        "--flake8-runs",
        type=int,
        default=1,
        help="timed runs of flake8 (1; it is slow)",
    )
    parser.add_argument("--skip-flake8", action="store_true", help="do not run flake8")
    parser.add_argument(
        "--skip-scaling", action="store_true", help=f"skip the Django x{COPIES} run"
    )
    parser.add_argument(
        "--quick",
        action="store_true",
        help=f"smoke test: 1 run each, no flake8, no Django x{COPIES}",
    )
    parser.add_argument("--python", help="interpreter whose pytest has the plugin")
    parser.add_argument("--verbose", action="store_true", help="print every command")
    args = parser.parse_args(argv)
    if args.quick:
        args.runs, args.skip_flake8, args.skip_scaling = 1, True, True
    if args.runs < 1 or args.flake8_runs < 1:
        parser.error("--runs and --flake8-runs must be at least 1")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    """Fetch, lay out and time everything; print and save the results.

    Args:
        argv: The command line arguments.

    Returns:
        The exit status.
    """
    args = parse_args(argv)
    CACHE.mkdir(parents=True, exist_ok=True)
    python, info = find_pytest(args.python)
    print(
        f"pytest {info['pytest']} with pytest-backend-guide {info['plugin']} "
        f"(Python {info['python']}, {python})"
    )
    if not info["xdist"]:
        print("note: pytest-xdist is not installed there: skipping the -n 2 run")
    revision = plugin_revision()
    if revision:
        modified = " + uncommitted changes in src/" if revision["src_modified"] else ""
        print(f"plugin source: commit {revision['commit']}{modified}")
    runner = Runner(args.verbose)
    print(f"peak memory: {runner.memory_method}")
    scripts = ensure_tools(args.verbose)
    versions = {
        "ruff": tool_version([str(scripts / "ruff")], runner),
        "flake8": tool_version([str(scripts / "flake8")], runner),
    }
    setup = Setup(python, scripts, runner, bool(info["xdist"]))
    started = datetime.now()
    results: dict[str, object] = {
        "date": started.isoformat(timespec="seconds"),
        "machine": {
            "cores": os.cpu_count(),
            "usable_cores": usable_cores(),
            "platform": platform.platform(),
            "bench_python": sys.version.split()[0],
        },
        "pytest_env": info,
        "plugin_revision": revision,
        "tools": {"pinned": list(TOOLS), **versions},
        "memory_method": runner.memory_method,
        "args": vars(args),
        "corpora": {},
    }
    tables: list[str] = []
    django_package: Path | None = None
    django_cold: dict[str, object] = {}
    for corpus in CORPORA:
        package = ensure_corpus(corpus, scripts / "python")
        project, rows = bench_corpus(corpus, package, setup, args)
        results["corpora"][corpus.name] = {
            "version": corpus.version,
            "files": project.files,
            "lines": project.lines,
            "results": rows,
        }
        tables += [
            "",
            (
                f"{corpus.name} {corpus.version} ({project.files} files, "
                f"{project.lines:,} lines):"
            ),
            "",
            *markdown_table(rows),
        ]
        if corpus.name == "django":
            django_package = package
            django_cold = {"files": project.files, **rows["guide_cold"]}
    if not args.skip_scaling and django_package is not None:
        scaling = bench_scaling(django_package, python, runner, args.runs, django_cold)
        results["scaling"] = scaling
        tables += ["", scaling_line(scaling)]
    print()
    if revision:
        print(f"plugin at {revision['commit']}{modified}")
    print(
        f"Medians of {args.runs} runs (flake8: "
        f"{'skipped' if args.skip_flake8 else min(args.flake8_runs, args.runs)}), "
        f"{usable_cores()} cores, pytest {info['pytest']}, Python {info['python']}, "
        f"{versions['ruff']}, flake8 {versions['flake8'].split()[0]}"
    )
    print("\n".join(tables))
    out = CACHE / f"results-{started:%Y%m%d-%H%M%S}.json"
    out.write_text(json.dumps(results, indent=2, default=str) + "\n", encoding="utf-8")
    print(f"\nwritten to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
