"""Reading and writing files of a tree that a stranger wrote.

Every file kmodlint reads (sources, baseline, config, cache entries) is read
through `read_bounded`: opened non-blocking (a FIFO or a terminal named `x.c`
must not block the run), checked to be a regular file after opening (a symlink
to /dev/zero or /proc/self/fd/0 has st_size 0 and never ends), and read with a
bound on the bytes actually read, not on what stat said.

Every file kmodlint writes inside the scanned tree goes through `check_write`
first: a path that lies in the tree but leads out of it through a symlink (a
committed `kmodlint.sarif -> ../../elsewhere`) is refused.
"""
from __future__ import annotations

import os
import stat


class TooBig(OSError):
    """The file holds more than the bound: `size` is at least bound + 1."""

    def __init__(self, size: int):
        super().__init__(f"{size} bytes")
        self.size = size
        self.strerror = "file too large"


class NotRegular(OSError):
    def __init__(self):
        super().__init__("not a regular file")
        self.strerror = "not a regular file (a device, FIFO or socket)"


_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)


def read_bounded(path: str, limit: int, st_out: list | None = None) -> bytes:
    """The bytes of the regular file `path`, at most `limit` of them.

    Raises NotRegular, TooBig (reading stops at limit + 1 bytes, whatever the size
    on disk says) or the OSError of open/read. `st_out`, when given, receives the
    fstat of the opened file (what was read, not what the path named before)."""
    descriptor = os.open(path, _FLAGS)
    try:
        st = os.fstat(descriptor)
        if not stat.S_ISREG(st.st_mode):
            raise NotRegular()
        if st_out is not None:
            st_out.append(st)
        if st.st_size > limit:
            raise TooBig(st.st_size)
        chunks, total = [], 0
        while total <= limit:
            chunk = os.read(descriptor, min(limit + 1 - total, 1 << 20) or 1)
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
        if total > limit:
            raise TooBig(total)
        return b"".join(chunks)
    finally:
        os.close(descriptor)


def read_head(path: str, size: int) -> bytes:
    """The first `size` bytes (at most) of the regular file `path`: a FIFO or a device
    raises NotRegular instead of blocking or reading without end."""
    descriptor = os.open(path, _FLAGS)
    try:
        if not stat.S_ISREG(os.fstat(descriptor).st_mode):
            raise NotRegular()
        return os.read(descriptor, size)
    finally:
        os.close(descriptor)


def inside(path: str, root: str) -> bool:
    """Whether absolute `path` is `root` or below it (both already normalised)."""
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


def escapes(path: str, root: str) -> bool:
    """Whether `path` lies in the tree `root` as written but resolves, through a
    symlink, outside it. A path given outside the tree is the caller's own choice."""
    absolute, real_root = os.path.abspath(path), os.path.realpath(root)
    if not (inside(absolute, os.path.abspath(root)) or inside(absolute, real_root)):
        return False
    return not inside(os.path.realpath(absolute), real_root)


class UnsafeWrite(OSError):
    def __init__(self, path: str):
        super().__init__(f"{path} is a symlink (or lies under one) that leads out of the scanned tree")
        self.strerror = "it leads out of the scanned tree through a symlink; refusing to write through it"
        self.filename = path


def check_write(path: str, root: str | None) -> None:
    """Raise UnsafeWrite when writing `path` would follow a symlink out of `root`."""
    if root and escapes(path, root):
        raise UnsafeWrite(path)
