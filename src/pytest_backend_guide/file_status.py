"""A file's status (``lstat``) standing for its bytes, as git's index does.

A file's bytes cannot change without its size, mtime or ctime changing
(no program can set ctime back), or its inode when it is replaced. So an
unchanged status means unchanged bytes, unless the file changed in the
last :data:`RACY_NS`: it could change again within one tick of the file
system's clock with the same status (git's "racily clean" entries). Such
a status is not trusted.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Sequence
from pathlib import Path

RACY_NS = 2_000_000_000
"""A status this recent (nanoseconds, by mtime or ctime) is not trusted."""


def status_fields(info: os.stat_result) -> tuple[int, ...]:
    """Return the fields of a status that change when the file does.

    Args:
        info: The status.

    Returns:
        Mode, size, mtime, ctime, inode and device.
    """
    return (
        info.st_mode,
        info.st_size,
        info.st_mtime_ns,
        info.st_ctime_ns,
        info.st_ino,
        info.st_dev,
    )


def changed_since(info: os.stat_result, since_ns: int) -> bool:
    """Tell whether a file changed at or after a moment.

    Args:
        info: Its status.
        since_ns: The moment, in nanoseconds since the epoch.

    Returns:
        Whether its mtime or ctime is that recent.
    """
    return info.st_mtime_ns >= since_ns or info.st_ctime_ns >= since_ns


def status_digest(rootdir: Path, relpaths: Sequence[str], now_ns: int) -> bytes | None:
    """Digest the status of each file, if it can stand for their bytes.

    Args:
        rootdir: The project root.
        relpaths: Paths relative to it; a missing one counts as missing.
        now_ns: The current time, in nanoseconds since the epoch.

    Returns:
        The digest, or None when a file changed within :data:`RACY_NS`.
    """
    digest = hashlib.blake2b(digest_size=32)
    recent = now_ns - RACY_NS
    for relpath in relpaths:
        name = relpath.encode("utf-8", errors="surrogateescape")
        try:
            info = os.lstat(rootdir / relpath)
        except OSError:
            digest.update(b"-\0" + name + b"\n")
            continue
        if changed_since(info, recent):
            return None
        fields = " ".join(map(str, status_fields(info))).encode()
        digest.update(name + b"\0" + fields + b"\n")
    return digest.digest()
