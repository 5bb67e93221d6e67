"""Recognise database migrations, generated code that is not checked by default.

Migration files are written by a tool (Django's ``makemigrations``,
Alembic's ``revision --autogenerate``), named by it (``0001_initial.py``,
``2021-11-18_ce5c4ac967d8.py``) and rarely edited: the guide's rules are
for the team's own code. Recognised, without importing anything:

- any ``migrations/`` folder (Django apps, Flask-Migrate);
- ``versions/`` in a folder named ``alembic`` or holding an Alembic
  ``env.py`` (one that mentions ``alembic``);
- the folder an ``alembic.ini`` names in ``script_location`` (a path
  relative to the ini file, ``%(here)s/...``, or ``package:path``).
"""

from __future__ import annotations

import configparser
import os
from collections.abc import Iterable
from pathlib import Path

MIGRATIONS_DIR = "migrations"
VERSIONS_DIR = "versions"
ALEMBIC_DIR = "alembic"
ALEMBIC_ENV = "env.py"
ALEMBIC_INI = "alembic.ini"
DESCRIPTION = (
    "migrations/ folders, alembic/versions/, versions/ beside an Alembic "
    "env.py, and the script_location of an alembic.ini"
)


def is_migrations_folder(folder: str, name: str, siblings: Iterable[str]) -> bool:
    """Return whether a sub-folder holds migrations, by its name and its siblings.

    Args:
        folder: The parent folder's path.
        name: The sub-folder's name.
        siblings: Names of the entries of the parent folder.

    Returns:
        True for ``migrations/``, and for ``versions/`` in an ``alembic``
        folder or beside an Alembic ``env.py``.
    """
    if name == MIGRATIONS_DIR:
        return True
    if name != VERSIONS_DIR:
        return False
    if os.path.basename(folder) == ALEMBIC_DIR:
        return True
    return ALEMBIC_ENV in siblings and _is_alembic_env(Path(folder, ALEMBIC_ENV))


def script_locations(ini: Path, package_roots: Iterable[Path]) -> list[Path]:
    """Return the migration folders an ``alembic.ini`` names.

    Args:
        ini: The ``alembic.ini`` file.
        package_roots: Folders where a ``package:path`` location's package
            may be (the ini's folder, the source roots, their ``src/``).

    Returns:
        The absolute folders that exist; none when the file cannot be read.
    """
    parser = configparser.ConfigParser(interpolation=None)
    try:
        parser.read_string(ini.read_text(encoding="utf-8", errors="replace"))
    except (OSError, configparser.Error):
        return []
    here = ini.parent
    found = []
    for section in parser.sections():
        value = parser.get(section, "script_location", fallback="").strip()
        if not value:
            continue
        value = value.replace("%(here)s", str(here))
        for candidate in _candidates(value, here, package_roots):
            if _is_dir(candidate):
                found.append(candidate.resolve())
                break
    return found


def _candidates(value: str, here: Path, package_roots: Iterable[Path]) -> list[Path]:
    """Return where a ``script_location`` may point, most likely first."""
    package, sep, inner = value.partition(":")
    if sep and package and "/" not in package and not Path(value).is_absolute():
        # ``package:path``, as Alembic resolves through the package's import.
        roots = [here, *package_roots]
        return [root / package / inner for root in roots] + [
            root / "src" / package / inner for root in roots
        ]
    return [here / value]


def _is_dir(path: Path) -> bool:
    """Return whether a path is a folder; one that cannot be looked at is not."""
    try:
        return path.is_dir()
    except OSError:
        return False


def _is_alembic_env(path: Path) -> bool:
    """Return whether an ``env.py`` is Alembic's (it uses ``alembic``)."""
    try:
        with path.open(encoding="utf-8", errors="replace") as handle:
            return "alembic" in handle.read(20_000)
    except OSError:
        return False
