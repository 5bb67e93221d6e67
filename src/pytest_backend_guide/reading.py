"""Read a file of the checked project without blocking and without bound.

A FIFO named ``*.py`` would block a plain ``open`` until some writer came,
and a character device such as ``/dev/zero`` reports a size of 0 and then
never ends. So a file is opened without blocking, checked to be a regular
file by ``fstat`` on the open descriptor (not by its name, which may change
in between), and read up to a limit, whatever its size claimed to be.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable
from pathlib import Path

_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
_CHUNK = 1 << 16


class NotRegularFileError(OSError):
    """The path names something other than a regular file (a FIFO, a device...)."""


class FileTooLargeError(OSError):
    """The file holds more bytes than the limit.

    Attributes:
        size: Its size in bytes, as far as it was read or stated.
    """

    def __init__(self, size: int) -> None:
        """Record the size found.

        Args:
            size: The size in bytes.
        """
        super().__init__(f"{size:,} bytes")
        self.size = size


def file_kind(mode: int) -> str:
    """Name what kind of file a ``stat`` mode describes, for a message.

    Args:
        mode: ``st_mode`` of a ``stat`` result.

    Returns:
        A phrase such as ``"a FIFO"``.
    """
    kinds = (
        (stat.S_ISDIR, "a folder"),
        (stat.S_ISFIFO, "a FIFO"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
        (stat.S_ISSOCK, "a socket"),
        (stat.S_ISREG, "a regular file"),
    )
    for test, name in kinds:
        if test(mode):
            return name
    return "a special file"


def read_regular_file(path: str | Path, limit: int) -> bytes:
    """Return the bytes of a regular file of at most ``limit`` bytes.

    Args:
        path: The file (a symlink is followed; callers decide on symlinks).
        limit: The most bytes to accept.

    Returns:
        The content.

    Raises:
        NotRegularFileError: It is not a regular file.
        FileTooLargeError: It holds more than ``limit`` bytes.
    """
    descriptor = os.open(path, _OPEN_FLAGS)
    try:
        status = os.fstat(descriptor)
        if not stat.S_ISREG(status.st_mode):
            kind = file_kind(status.st_mode)
            raise NotRegularFileError(f"{kind}, not a regular file")
        if status.st_size > limit:
            raise FileTooLargeError(status.st_size)
        chunks: list[bytes] = []
        total = 0
        size = max(_CHUNK, status.st_size + 1)
        while total <= limit:  # the file may have grown since fstat
            chunk = os.read(descriptor, min(size, limit + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
        if total > limit:
            raise FileTooLargeError(total)
        return b"".join(chunks)
    finally:
        os.close(descriptor)


def read_text_file(path: str | Path, limit: int) -> str | None:
    """Return a small text file decoded as UTF-8 (bad bytes replaced), or None.

    For the project's own files that are not checked (``.gitignore``,
    requirement lists): anything unreadable, special or too large is None.

    Args:
        path: The file.
        limit: The most bytes to accept.

    Returns:
        The text, or None.
    """
    try:
        return read_regular_file(path, limit).decode("utf-8", errors="replace")
    except OSError:
        return None


def is_inside(path: str | Path, roots: Iterable[str | Path]) -> bool:
    """Tell whether a path, symlinks resolved, lies in one of the roots (resolved).

    Args:
        path: The path.
        roots: The folders that hold the project.

    Returns:
        Whether it does.
    """
    target = os.path.realpath(path)
    prefixes = tuple(os.path.join(os.path.realpath(root), "") for root in roots)
    return target.startswith(prefixes)
