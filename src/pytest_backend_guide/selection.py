"""Which guide items the command line asks for, and what pytest collects itself.

pytest would look for a collector of its own for every argument: for a
guide node id (``app/api/users.py::guide``, ``pyproject.toml::guide[tests]``)
it would import the module, or fail with "not found". So guide node ids are
taken out of pytest's arguments here and kept as a selection of guide items.

Under ``--guide-only`` pytest is given no argument at all, so it collects
(and imports) no test module and no test package ``__init__.py``; paths
named on the command line then narrow the guide items to the files below
them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pytest

GUIDE_NAME = "guide"


@dataclass(frozen=True)
class Selection:
    """The guide items the command line selects.

    Attributes:
        node_ids: Guide node ids named on the command line.
        paths: Under ``--guide-only``, absolute paths named on the command
            line: only files below them are checked.
    """

    node_ids: frozenset[str] = frozenset()
    paths: tuple[Path, ...] = ()

    @property
    def narrows(self) -> bool:
        """Return whether only some guide items are selected."""
        return bool(self.node_ids or self.paths)

    def keeps(self, nodeid: str, path: Path) -> bool:
        """Return whether a guide item is selected.

        Args:
            nodeid: The item's node id.
            path: The file it checks (the rootdir for a project without
                ``pyproject.toml``).

        Returns:
            True when nothing narrows the selection, when the node id was
            named, or when the path is at or below a named path.
        """
        if not self.narrows:
            return True
        if nodeid in self.node_ids:
            return True
        return any(path == named or named in path.parents for named in self.paths)


def is_guide_node_id(arg: str) -> bool:
    """Return whether a command-line argument names a guide item.

    Args:
        arg: An argument, such as ``app/users.py::guide``.

    Returns:
        True for ``<path>::guide`` and ``<path>::guide[<check>]``.
    """
    _, sep, rest = arg.partition("::")
    return bool(sep) and (rest == GUIDE_NAME or rest.startswith(f"{GUIDE_NAME}["))


def take_guide_args(config: pytest.Config, guide_only: bool) -> Selection:
    """Take the guide's arguments out of pytest's, and return the selection.

    Args:
        config: The pytest config; ``config.args`` is changed in place.
        guide_only: ``--guide-only`` was given: pytest collects nothing.

    Returns:
        The selection of guide items.
    """
    explicit = config.args_source == pytest.Config.ArgsSource.ARGS
    invocation = config.invocation_params.dir
    guide_ids = [arg for arg in config.args if is_guide_node_id(arg)]
    others = [arg for arg in config.args if not is_guide_node_id(arg)]
    node_ids = frozenset(
        _relative_id(arg, invocation, config.rootpath) for arg in guide_ids
    )
    paths: tuple[Path, ...] = ()
    if guide_only:
        if explicit:
            paths = tuple(_named_paths(others, invocation))
        config.args[:] = []
    elif guide_ids:
        config.args[:] = others
    return Selection(node_ids, paths)


def _relative_id(arg: str, invocation: Path, rootdir: Path) -> str:
    """Return a node id as pytest writes it: its path relative to the rootdir."""
    path, sep, rest = arg.partition("::")
    absolute = (invocation / path).resolve()
    try:
        relpath = absolute.relative_to(rootdir).as_posix()
    except ValueError:
        relpath = path
    return f"{relpath}{sep}{rest}"


def _named_paths(args: Iterable[str], invocation: Path) -> Iterable[Path]:
    """Yield the absolute paths of command-line arguments (``::`` parts dropped)."""
    for arg in args:
        yield (invocation / arg.partition("::")[0]).resolve()
