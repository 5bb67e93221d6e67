"""What the import rules work on: the options and the project's import graph.

The backend package and the import graph are host facilities shared with
other families (:func:`pytest_backend_guide.helpers.project_imports`); this
module adds the parsed ``architecture`` options.
"""

from __future__ import annotations

from dataclasses import dataclass

from pytest_backend_guide import ProjectContext
from pytest_backend_guide.checks.architecture.config import SECTION, ArchConfig
from pytest_backend_guide.helpers import (
    Detection,
    ImportGraph,
    layout_preset,
    project_imports,
)


@dataclass(frozen=True)
class Analysis:
    """What the import rules work on.

    Attributes:
        config: The architecture options.
        detection: The backend package, or why there is none.
        graph: The import graph of every checked file.
        roots: The import roots the module names are relative to.
    """

    config: ArchConfig
    detection: Detection
    graph: ImportGraph
    roots: tuple[str, ...]


def analyse(ctx: ProjectContext) -> Analysis:
    """Return the options, the project's package and its import graph.

    Args:
        ctx: The project context; the graph is built once for it.

    Returns:
        The analysis.
    """
    imports = project_imports(ctx)
    config = ctx.options_for(SECTION).with_preset(layout_preset(ctx))
    return Analysis(config, imports.detection, imports.graph, imports.roots)
