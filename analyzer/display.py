"""Which path a report prints for a file.

The engine names files relative to the scan root (the cache, the baseline and
--fix depend on that). A report names them so that the reader can open them:

- text, JSON and HTML: as typed on the command line, i.e. relative to the working
  directory (`../linux/drivers/char/dsp56k.c` stays that, never `dsp56k.c`), or
  absolute when the paths were given absolute and lie outside it;
- SARIF and the github format: relative to the repository root (or `--root`), which
  is what code scanning and workflow annotations resolve paths against, wherever
  in the repository kmodlint was started.
"""
from __future__ import annotations

import dataclasses
import os
import posixpath

from .model import RunResult

REPOSITORY_FORMATS = ("sarif", "github")


def _inside(path: str, folder: str) -> bool:
    return os.path.commonpath([path, folder]) == folder


def repository_root(start: str) -> str | None:
    """The folder holding `.git` (a folder, or a file in a worktree) at or above `start`."""
    directory = os.path.abspath(start)
    while True:
        if os.path.exists(os.path.join(directory, ".git")):
            return directory
        parent = os.path.dirname(directory)
        if parent == directory:
            return None
        directory = parent


def prefix_for(fmt: str, root: str, typed_paths: list[str], report_root: str | None = None) -> str:
    """What goes before a root-relative path in a report of format `fmt` ('' for none).
    `typed_paths`: the paths as given; `report_root`: --root."""
    cwd = os.getcwd()
    if fmt in REPOSITORY_FORMATS:
        base = os.path.abspath(report_root) if report_root else repository_root(root)
        if base is None:
            base = cwd if _inside(root, cwd) else root
        # A file outside the base would need `../`, which code scanning cannot place:
        # relative to the scan root then, as without a repository.
        return _posix(os.path.relpath(root, base)) if _inside(root, base) else ""
    if _inside(root, cwd):
        return _posix(os.path.relpath(root, cwd))
    if typed_paths and all(os.path.isabs(path) for path in typed_paths):
        return _posix(root)
    return _posix(os.path.relpath(root, cwd))


def _posix(path: str) -> str:
    path = path.replace(os.sep, "/")
    return "" if path == "." else path


def relocate(result: RunResult, prefix: str) -> RunResult:
    """`result` with every path it prints (findings, related locations, fixes,
    notifications, source excerpts) put under `prefix`. Fingerprints stay those of
    the root-relative paths, so a baseline or an alert matches whatever the prefix."""
    if not prefix:
        return result

    def moved(path: str) -> str:
        return posixpath.join(prefix, path) if path else path

    def finding(f):
        return dataclasses.replace(
            f, path=moved(f.path),
            related=tuple(dataclasses.replace(r, path=moved(r.path)) for r in f.related),
            fixes=tuple(dataclasses.replace(x, path=moved(x.path)) for x in f.fixes))

    return dataclasses.replace(
        result,
        findings=[finding(f) for f in result.findings],
        suppressed=[finding(f) for f in result.suppressed],
        notifications=[dataclasses.replace(n, path=moved(n.path)) for n in result.notifications],
        sources={moved(path): lines for path, lines in result.sources.items()},
        digests={moved(path): value for path, value in result.digests.items()},
    )
