"""Time the ARCH imports check against lint-imports on Django's package.

Both tools read the same tree (the ``django/`` package of Django 5.1.4's
sdist, 879 files) with the same layers contract, each in a fresh process per
run (nothing cached in memory, import-linter's cache off), and the median of
the runs is printed side by side::

    python benchmarks/arch_benchmark.py [--runs 7]

The sdist is fetched once with ``pip download`` into ``benchmarks/.cache``
and extracted there; import-linter is installed once into a virtualenv of
its own in the same folder. "graph + check" is the time from the list of
files to the violations: for us, reading, scanning and resolving every
import, then the layer, entry-point, tests and cycle rules; for
lint-imports, its own "graph build" and "contract" timings. "process" is
the whole command, interpreter start-up included.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import time
import venv
from pathlib import Path

from bench import CACHE, CORPORA, ensure_corpus  # this folder is the script's path

DJANGO_CORPUS = next(corpus for corpus in CORPORA if corpus.name == "django")
DJANGO = DJANGO_CORPUS.version
IMPORT_LINTER = "import-linter==2.17"
LAYERS = ("contrib", "views", "forms", "db", "core", "utils")

CONTRACT = """\
[importlinter]
root_package = django
exclude_type_checking_imports = True

[importlinter:contract:layers]
name = Django layers
type = layers
layers =
{layers}
"""

CHILD = """\
import json, sys, time
started = time.perf_counter()
from pathlib import Path
from pytest_backend_guide.checks.architecture import SECTION, run_imports
from pytest_backend_guide.checks.architecture.analysis import analyse
from pytest_backend_guide.discovery import find_python_files
from pytest_backend_guide.project import ProjectContext
from pytest_backend_guide.settings import Settings
imported = time.perf_counter()
root = Path(sys.argv[1])
options = {
    **SECTION.defaults(),
    "package": "django",
    "required": (),
    "layers": tuple(sys.argv[2].split(",")),
    "transitive": sys.argv[3] == "transitive",
}
settings = Settings(
    rootdir=root,
    config_path=None,
    src=(root / "django",),
    enabled=frozenset({"ARCH010", "ARCH011", "ARCH012", "ARCH013"}),
    options={"architecture": options},
)
files = tuple(find_python_files(settings))
found = time.perf_counter()
ctx = ProjectContext(settings, files)
violations = list(run_imports(ctx))
checked = time.perf_counter()
graph = analyse(ctx).graph
pairs = {(e.importer, e.imported) for e in graph.imports if not e.type_checking}
print(json.dumps({
    "import": imported - started,
    "discover": found - imported,
    "check": checked - found,
    "files": len(files),
    "pairs": len(pairs),
    "violations": len(violations),
}))
"""


def ensure_django() -> Path:
    """Download and extract Django's sdist once (the tree ``bench.py`` uses).

    Returns:
        The extracted tree, holding the ``django/`` package.
    """
    return ensure_corpus(DJANGO_CORPUS, Path(sys.executable)).parent


def ensure_import_linter() -> Path:
    """Install import-linter into a virtualenv of its own, once.

    Returns:
        The ``lint-imports`` executable.
    """
    env = CACHE / "venv-import-linter"
    binary = env / ("Scripts" if os.name == "nt" else "bin")
    if not (binary / "lint-imports").exists():
        venv.create(env, with_pip=True)
        python = binary / "python"
        subprocess.run(
            [str(python), "-m", "pip", "install", "--quiet", IMPORT_LINTER], check=True
        )
    return binary / "lint-imports"


def run_ours(tree: Path, mode: str) -> dict[str, float]:
    """Run the imports check once in a fresh interpreter.

    Args:
        tree: The extracted sdist.
        mode: ``direct`` or ``transitive``.

    Returns:
        The child's timings and counts, plus ``process`` (wall time).
    """
    started = time.perf_counter()
    completed = subprocess.run(
        [sys.executable, "-c", CHILD, str(tree), ",".join(LAYERS), mode],
        capture_output=True,
        text=True,
        check=True,
    )
    result = json.loads(completed.stdout)
    result["process"] = time.perf_counter() - started
    return result


def run_import_linter(executable: Path, tree: Path) -> dict[str, float]:
    """Run lint-imports once, without its cache.

    Args:
        executable: The ``lint-imports`` command.
        tree: The extracted sdist (put on ``PYTHONPATH``).

    Returns:
        Its reported graph and contract times, counts, and the wall time.
    """
    config = CACHE / "importlinter.ini"
    layers = "\n".join(f"    django.{layer}" for layer in LAYERS)
    config.write_text(CONTRACT.format(layers=layers), encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(tree), "NO_COLOR": "1", "COLUMNS": "200"}
    started = time.perf_counter()
    completed = subprocess.run(
        [str(executable), "--no-cache", "--show-timings", "--no-logo", str(config)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    process = time.perf_counter() - started
    output = completed.stdout + completed.stderr
    graph = re.search(r"([0-9.]+)s\s*\S*\s*$", _line_with(output, "importlinter.ini"))
    contract = re.search(r"Django layers \w+ \[([0-9.]+)s\]", output)
    counts = re.search(r"Analyzed (\d+) files, (\d+) dependencies", output)
    if graph is None or contract is None or counts is None:
        raise RuntimeError(f"unexpected lint-imports output:\n{output}")
    return {
        "graph": float(graph.group(1)),
        "contract": float(contract.group(1)),
        "check": float(graph.group(1)) + float(contract.group(1)),
        "files": int(counts.group(1)),
        "pairs": int(counts.group(2)),
        "process": process,
    }


def _line_with(text: str, needle: str) -> str:
    for line in text.splitlines():
        if needle in line:
            return line
    return ""


def median(runs: list[dict[str, float]], key: str) -> float:
    """Return the median of one measure over the runs.

    Args:
        runs: One result per run.
        key: The measure.

    Returns:
        The median.
    """
    return statistics.median(run[key] for run in runs)


def main() -> int:
    """Run both tools several times and print the medians.

    Returns:
        The exit status.
    """
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="runs per tool (7)")
    runs = parser.parse_args().runs
    tree = ensure_django()
    lint_imports = ensure_import_linter()
    run_ours(tree, "direct")  # warm the OS file cache for everyone
    direct = [run_ours(tree, "direct") for _ in range(runs)]
    transitive = [run_ours(tree, "transitive") for _ in range(runs)]
    theirs = [run_import_linter(lint_imports, tree) for _ in range(runs)]
    print(f"Django {DJANGO} django/ package, layers {' > '.join(LAYERS)}")
    print(
        f"median of {runs} cold runs (fresh process each), Python {sys.version.split()[0]}"
    )
    print()
    print(f"{'tool':<34}{'files':>6}{'pairs':>7}{'graph + check':>15}{'process':>9}")
    rows = [
        ("backend-guide imports (direct)", direct),
        ("backend-guide imports (transitive)", transitive),
        ("lint-imports 2.17 (layers)", theirs),
    ]
    for name, results in rows:
        print(
            f"{name:<34}{results[0]['files']:>6}{results[0]['pairs']:>7}"
            f"{median(results, 'check'):>14.3f}s{median(results, 'process'):>8.3f}s"
        )
    print()
    print(
        f"backend-guide: discovery {median(direct, 'discover'):.3f}s and module "
        f"imports {median(direct, 'import'):.3f}s are outside 'graph + check'; "
        f"lint-imports: graph {median(theirs, 'graph'):.3f}s + contract "
        f"{median(theirs, 'contract'):.3f}s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
