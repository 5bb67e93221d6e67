"""Write a cache file so that no reader ever sees half of it."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def write_atomically(path: Path, data: bytes) -> bool:
    """Write ``data`` to a temporary file beside ``path``, then rename it over.

    Concurrent writers (xdist workers) each rename a whole file: the last
    one wins, and a reader sees one complete version or the other.

    Args:
        path: The file to (re)place; its folder must exist.
        data: The content.

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
        os.replace(temporary, path)
    except OSError:
        Path(temporary).unlink(missing_ok=True)
        return False
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return True
