"""Read a project file for the secret scan: no symlinks, no binaries, no giants."""

from __future__ import annotations

import os
import stat
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

