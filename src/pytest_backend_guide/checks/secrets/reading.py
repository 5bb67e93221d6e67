"""Read a project file for the secret scan: no symlinks, no binaries, no giants."""

from __future__ import annotations

import hashlib
import os
import stat
from collections.abc import Sequence
from pathlib import Path

BINARY_SUFFIXES = frozenset(
    {
        ".png", ".jpg", ".jpeg", ".gif", ".bmp", ".ico", ".webp", ".tif", ".tiff",
        ".pdf", ".zip", ".gz", ".tgz", ".bz2", ".xz", ".7z", ".rar", ".jar", ".whl",
        ".woff", ".woff2", ".ttf", ".otf", ".eot", ".mp3", ".mp4", ".mov", ".avi",
        ".wav", ".ogg", ".webm", ".so", ".dylib", ".dll", ".exe", ".bin", ".pyc",
        ".sqlite", ".sqlite3", ".db", ".parquet", ".pkl", ".npy", ".xlsx", ".docx",
    }
)
SNIFF_BYTES = 8192
RACY_NS = 2_000_000_000
"""A file changed this recently (by its mtime or ctime) may change again
within the same clock tick unseen: its status does not stand for its bytes."""


def read_scannable(rootdir: Path, relpath: str, max_size: int) -> bytes | None:
    """Return a file's bytes, or None when it must not or cannot be scanned.

    Symlinks are never followed (a tracked link may point out of the
    project; its target, when inside, is scanned as itself), nor are
    folders (submodules). Files over ``max_size`` bytes and files with a
    binary suffix are skipped without being opened; a file whose first
    8 KiB hold a NUL byte is binary and skipped without reading the rest.

    Args:
        rootdir: The project root.
        relpath: Path relative to it.
        max_size: Largest size in bytes that is read.

    Returns:
        The bytes, or None.
    """
    path = rootdir / relpath
    if path.suffix.lower() in BINARY_SUFFIXES:
        return None
    try:
        info = os.lstat(path)
        if not stat.S_ISREG(info.st_mode) or info.st_size > max_size:
            return None
        with open(path, "rb") as handle:
            head = handle.read(SNIFF_BYTES)
            if b"\0" in head:
                return None
            data = head + handle.read()
    except OSError:
        return None
    return data


def status_digest(rootdir: Path, relpaths: Sequence[str], now_ns: int) -> bytes | None:
    """Digest what ``lstat`` says of each file, if it can stand for their bytes.

    A file's bytes cannot change without its size, mtime or ctime (which no
    program can set back) changing, or its inode when it is replaced. So an
    unchanged status digest means unchanged files, unless a file changed in
    the last :data:`RACY_NS` (it could change again within one tick of the
    file system's clock): then there is no digest, and the files are read.

    Args:
        rootdir: The project root.
        relpaths: Paths relative to it.
        now_ns: The current time, in nanoseconds since the epoch.

    Returns:
        The digest, or None when a file changed too recently.
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
        if info.st_mtime_ns >= recent or info.st_ctime_ns >= recent:
            return None
        fields = (
            info.st_mode,
            info.st_size,
            info.st_mtime_ns,
            info.st_ctime_ns,
            info.st_ino,
            info.st_dev,
        )
        digest.update(name + b"\0" + " ".join(map(str, fields)).encode() + b"\n")
    return digest.digest()
