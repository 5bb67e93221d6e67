"""Write a cache file so that no reader ever sees half of it."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def write_atomically(path: Path, data: bytes, *, shared: bool = False) -> bool:
    """Write ``data`` to a temporary file beside ``path``, then rename it over.

    Concurrent writers (xdist workers) each rename a whole file: the last
    one wins, and a reader sees one complete version or the other.

    Args:
        path: The file to (re)place; its folder must exist.
        data: The content.
        shared: The file is the user's (a baseline, a report): give it the
            permissions ``open()`` would (``0o666`` less the umask), not the
            temporary file's owner-only ones.

    Returns:
        Whether it was written; a failure to write a cache is not an error.
    """
    try:
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    except OSError:
        return False
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        if shared:
            os.chmod(temporary, 0o666 & ~_umask())
        os.replace(temporary, path)
    except OSError:
        Path(temporary).unlink(missing_ok=True)
        return False
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return True


def _umask() -> int:
    """Return the process's umask (reading it means setting it, then back)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask
