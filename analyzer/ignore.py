"""Which files of a walked folder `.gitignore` hides (after a kernel build: `*.mod.c`,
generated headers), and `--exclude`/`--extend-exclude` patterns.

In a git repository, git itself says (`git ls-files --others --ignored
--exclude-standard --directory`): its rules, .git/info/exclude and the user's
excludes file, and a tracked file is never ignored.

Outside one, .gitignore files are not read: without the index nothing tells a
generated file from a shipped one, and .gitignore files list shipped files too
(the Debian/Ubuntu linux-source tree's top .gitignore ends with `/*`, which
matches every file of the tree). Only Kbuild's generated module glue, `*.mod.c`,
is skipped there: no one writes it by hand.
"""
from __future__ import annotations

import fnmatch
import os
import subprocess
from typing import Callable

GENERATED_OUTSIDE_GIT = ("*.mod.c",)


class Ignored:
    """Whether a path under a walked folder `top` is ignored; paths are relative to
    `top`, '/'-separated, a folder's ending with '/'."""

    def __init__(self, top: str):
        self._git = _git_ignored(os.path.abspath(top))

    def __call__(self, relpath: str) -> bool:
        if self._git is not None:
            return relpath in self._git
        name = relpath.rstrip("/").rsplit("/", 1)[-1]
        return not relpath.endswith("/") and any(fnmatch.fnmatchcase(name, p) for p in GENERATED_OUTSIDE_GIT)


def _git_ignored(folder: str) -> set[str] | None:
    """The ignored untracked files and folders under `folder` (relative, folders with a
    trailing '/'), or None when `folder` is not in a git repository (or git is missing)."""
    try:
        completed = subprocess.run(
            # core.fsmonitor off: a scanned repository's config must not run a command.
            ["git", "-c", "core.fsmonitor=false", "-C", folder, "ls-files", "-z", "--others", "--ignored",
             "--exclude-standard", "--directory"],
            capture_output=True, check=False, timeout=120, env={**os.environ, "LC_ALL": "C"})
    except (OSError, subprocess.TimeoutExpired):
        return None
    if completed.returncode != 0:
        return None
    return {os.fsdecode(path) for path in completed.stdout.split(b"\0") if path}


def pattern_matcher(patterns: list[str], base: str) -> Callable[[str], bool]:
    """`--exclude` patterns, as in ruff: a pattern without '/' matches any file or folder of
    that name (`staging`, `*.mod.c`); one with '/' a path relative to `base` (the working
    directory), a folder's pattern covering everything under it. Takes an absolute path."""
    names = [p for p in patterns if "/" not in p.rstrip("/")]
    paths = [p.rstrip("/") for p in patterns if "/" in p.rstrip("/")]
    base = os.path.abspath(base)

    def matches(absolute: str) -> bool:
        relpath = os.path.relpath(absolute, base).replace(os.sep, "/")
        parts = relpath.split("/")
        if any(fnmatch.fnmatchcase(part, pattern.rstrip("/")) for part in parts for pattern in names):
            return True
        return any(fnmatch.fnmatchcase(relpath, pattern) or fnmatch.fnmatchcase(relpath, pattern + "/*")
                   for pattern in paths)

    return matches
