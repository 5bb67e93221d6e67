"""ARCH011: import cycles, one shortest loop per group, on large graphs too."""

from __future__ import annotations

import textwrap
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pytest_backend_guide.checks.architecture import SECTION, run_imports
from pytest_backend_guide.checks.architecture.cycles import (
    shortest_cycle,
    strongly_connected,
)
from pytest_backend_guide.discovery import find_python_files
from pytest_backend_guide.project import ProjectContext
from pytest_backend_guide.settings import Settings

CYCLES = frozenset({"ARCH011"})

LAYERS = {
    "app/__init__.py": "",
    "app/api/__init__.py": "",
    "app/core/__init__.py": "",
    "app/models/__init__.py": "",
    "app/services/__init__.py": "",
}


def write(root: Path, files: Mapping[str, str]) -> None:
    """Write dedented files below ``root``."""
    for relpath, text in files.items():
        path = root / relpath
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")


def cycles(root: Path, files: Mapping[str, str], **overrides: Any) -> list[str]:
    """Write ``files`` and return the ARCH011 violations as text lines."""
    write(root, {**LAYERS, **files})
    options = {
        **SECTION.defaults(),
        **{k.replace("_", "-"): v for k, v in overrides.items()},
    }
    settings = Settings(
        rootdir=root,
        config_path=None,
        src=(root,),
        enabled=CYCLES,
        options={"architecture": options},
    )
    ctx = ProjectContext(settings, tuple(find_python_files(settings)))
    return [
        f"{v.path}:{v.line}:{v.col}: {v.code} {v.message}" for v in run_imports(ctx)
    ]


def test_three_module_cycle(tmp_path: Path) -> None:
    files = {
        "app/services/billing.py": "import os\n\nfrom app.services import invoices\n",
        "app/services/invoices.py": "from app.services.taxes import rate\n",
        "app/services/taxes.py": "def rate():\n    from app.services import billing\n",
    }
    assert cycles(tmp_path, files) == [
        (
            "app/services/billing.py:3:1: ARCH011 import cycle of 3 modules: "
            "app.services.billing (app/services/billing.py:3) -> app.services.invoices "
            "(app/services/invoices.py:1) -> app.services.taxes (app/services/taxes.py:2) "
            "-> app.services.billing"
        )
    ]


def test_each_group_is_reported_once_with_its_shortest_loop(tmp_path: Path) -> None:
    files = {
        "app/core/a.py": "from app.core import b\n",
        "app/core/b.py": "from app.core import c\n",
        "app/core/c.py": "from app.core import a\nfrom app.core import b\n",
        "app/models/x.py": "from app.models import y\n",
        "app/models/y.py": "from app.models import x\n",
    }
    assert cycles(tmp_path, files) == [
        (
            "app/core/b.py:1:1: ARCH011 import cycle of 2 modules: app.core.b "
            "(app/core/b.py:1) -> app.core.c (app/core/c.py:2) -> app.core.b; "
            "3 modules reach each other through imports: app.core.a, app.core.b, app.core.c"
        ),
        (
            "app/models/x.py:1:1: ARCH011 import cycle of 2 modules: app.models.x "
            "(app/models/x.py:1) -> app.models.y (app/models/y.py:1) -> app.models.x"
        ),
    ]


def test_init_re_export_cycle(tmp_path: Path) -> None:
    files = {
        "app/models/__init__.py": "from .user import User\n",
        "app/models/user.py": "from app.models import Base\n",
    }
    assert cycles(tmp_path, files) == [
        (
            "app/models/__init__.py:1:1: ARCH011 import cycle of 2 modules: app.models "
            "(app/models/__init__.py:1) -> app.models.user (app/models/user.py:1) "
            "-> app.models"
        )
    ]


def test_type_checking_imports_do_not_close_cycles_by_default(tmp_path: Path) -> None:
    files = {
        "app/models/user.py": "from app.models import item\n",
        "app/models/item.py": (
            "from typing import TYPE_CHECKING\n"
            "if TYPE_CHECKING:\n"
            "    from app.models.user import User\n"
        ),
    }
    assert cycles(tmp_path, files) == []
    assert len(cycles(tmp_path, files, type_checking_imports=True)) == 1


def test_ignore_imports_breaks_a_known_cycle(tmp_path: Path) -> None:
    files = {
        "app/models/user.py": "from app.models import item\n",
        "app/models/item.py": "from app.models import user\n",
    }
    ignored = ("models.item -> models.user",)
    assert cycles(tmp_path, files, ignore_imports=ignored) == []


def test_a_large_tangled_graph_stays_fast(tmp_path: Path) -> None:
    count = 300
    files = {
        f"app/core/m{index:03}.py": "".join(
            f"from app.core import m{(index + step) % count:03}\n"
            for step in (1, 7, 31)
        )
        for index in range(count)
    }
    started = time.perf_counter()
    found = cycles(tmp_path, files)
    assert time.perf_counter() - started < 5
    assert len(found) == 1
    assert "import cycle of" in found[0]
    assert "300 modules reach each other through imports" in found[0]


def test_tarjan_is_iterative() -> None:
    size = 50_000
    graph = {f"m{index}": [f"m{(index + 1) % size}"] for index in range(size)}
    (component,) = strongly_connected(graph)
    assert len(component) == size


def test_strongly_connected_components() -> None:
    graph = {"a": ["b"], "b": ["a", "c"], "c": ["d"], "d": ["c"], "e": ["a"], "f": []}
    assert sorted(strongly_connected(graph)) == [["a", "b"], ["c", "d"]]


def test_shortest_cycle_without_two_cycles() -> None:
    graph = {
        "a": ["b"],
        "b": ["c"],
        "c": ["d", "a"],
        "d": ["e"],
        "e": ["a"],
    }
    assert shortest_cycle(["a", "b", "c", "d", "e"], graph) == ["a", "b", "c"]


def test_shortest_cycle_starts_at_its_smallest_module() -> None:
    graph = {"a": ["b"], "b": ["c", "x"], "c": ["a"], "x": ["y"], "y": ["b"]}
    assert shortest_cycle(["a", "b", "c", "x", "y"], graph) == ["a", "b", "c"]
    graph = {"a": ["b"], "b": ["c"], "c": ["d"], "d": ["a", "b"]}
    assert shortest_cycle(["a", "b", "c", "d"], graph) == ["b", "c", "d"]


def test_a_huge_ring_without_short_loops_stays_linear() -> None:
    size = 5_000
    graph = {f"m{index:05}": [f"m{(index + 1) % size:05}"] for index in range(size)}
    started = time.perf_counter()
    loop = shortest_cycle(sorted(graph), graph)
    assert time.perf_counter() - started < 2
    assert len(loop) == size
    assert loop[0] == "m00000"
