"""Which files are ``.env`` files, and which of them are templates."""

from __future__ import annotations

TEMPLATE_SUFFIXES = frozenset(
    {"example", "sample", "template", "tpl", "dist", "default", "defaults"}
)


def env_file_kind(relpath: str) -> str | None:
    """Return ``env`` for a ``.env`` file, ``template`` for an example of one.

    Args:
        relpath: Path relative to the rootdir.

    Returns:
        ``env`` for ``.env``, ``.env.local``, ``.env.production``...;
        ``template`` for ``.env.example``, ``.env.sample``,
        ``.env.template`` (and ``.tpl``, ``.dist``, ``.default(s)``), which
        are expected and scanned like any file; None for other files.
    """
    name = relpath.rsplit("/", 1)[-1]
    if name != ".env" and not name.startswith(".env."):
        return None
    parts = name.split(".")[2:]
    if any(part.lower() in TEMPLATE_SUFFIXES for part in parts):
        return "template"
    return "env"
