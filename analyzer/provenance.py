"""What a report covers and how it was made (paths, commit, kernel, date, command,
settings), gathered by the CLI so that reporters only format it.

The checked tree is untrusted: git is asked only for HEAD and whether tracked files
differ from it, with the file-system monitor hook (a command the repository's own
config could name) switched off, and with a time limit; the kernel version is read
from the first few lines of the tree's top Makefile, never run.
"""
from __future__ import annotations

import os
import shlex
import subprocess
from datetime import datetime, timezone

from .model import Provenance
from .preproc import makefile_release

_GIT_TIMEOUT = 10  # seconds; a report never waits long for metadata


def _git(args: list[str], where: str) -> subprocess.CompletedProcess | None:
    try:
        return subprocess.run(["git", "-c", "core.fsmonitor=false", "-C", where, *args], capture_output=True,
                              timeout=_GIT_TIMEOUT, check=False, stdin=subprocess.DEVNULL,
                              env={**os.environ, "LC_ALL": "C", "GIT_OPTIONAL_LOCKS": "0"})
    except (OSError, subprocess.SubprocessError):
        return None


def git_state(where: str) -> tuple[str, bool | None]:
    """(HEAD commit, whether tracked files differ from it), or ("", None) outside a repository.

    diff-index compares the index's recorded file times and sizes, without reading the
    files through the repository's filters: a file only touched counts as changed."""
    head = _git(["rev-parse", "--verify", "--quiet", "HEAD"], where)
    if head is None or head.returncode != 0:
        return "", None
    commit = head.stdout.decode("ascii", "replace").strip()
    changed = _git(["diff-index", "--quiet", "HEAD", "--"], where)
    dirty = None if changed is None or changed.returncode not in (0, 1) else changed.returncode == 1
    return commit, dirty


def kernel_version(where: str) -> str:
    """The version of the kernel tree `where` is in ("6.12.117"), from its top Makefile; "" if none."""
    folder = os.path.abspath(where)
    while True:
        # isfile: a regular file (through symlinks); makefile_release() reads it without blocking.
        if all(os.path.isfile(os.path.join(folder, name)) for name in ("Kbuild", "Kconfig", "Makefile")):
            release = makefile_release(folder)
            if release is not None:
                (version, patchlevel, sublevel), extra = release
                return f"{version}.{patchlevel}.{sublevel}{extra}"
        parent = os.path.dirname(folder)
        if parent == folder:
            return ""
        folder = parent


def _shown_path(path: str) -> str:
    """A path as a reader can use it: relative to the working directory when under it."""
    absolute = os.path.abspath(path)
    cwd = os.getcwd()
    if os.path.commonpath([cwd, absolute]) == cwd:
        return os.path.relpath(absolute, cwd).replace(os.sep, "/")
    return path


def gather(*, argv: list[str], paths: list[str], root: str, started: datetime, config, selected: list[str],
           ignored: list[str], baseline: str | None, diff_ref: str | None) -> Provenance:
    commit, dirty = git_state(root)
    settings = []
    if config.path:
        settings.append(("config file", _shown_path(config.path)))
    for name, values in (("--select", selected), ("--ignore", ignored), ("select", config.select),
                         ("ignore", config.ignore), ("exclude", config.exclude)):
        if values:
            settings.append((name, ", ".join(values)))
    for pattern, ids in config.per_path_ignores.items():
        settings.append((f"per-path-ignores {pattern}", ", ".join(ids)))
    for rule_id, options in config.rule_options.items():
        for key, value in options.items():
            settings.append((f"rule-options {rule_id}.{key}", repr(value)))
    if config.require_reason:
        settings.append(("require-reason", "true"))
    since = []
    if baseline:
        since.append(f"the baseline {_shown_path(baseline)}")
    if diff_ref:
        since.append(f"git revision {diff_ref} (findings on changed lines only)")
    return Provenance(
        command=shlex.join(["kmodlint", *argv]),
        paths=tuple(paths),
        started=started.astimezone(timezone.utc).strftime("%Y-%m-%d %H:%M:%S UTC"),
        commit=commit,
        dirty=dirty,
        kernel=kernel_version(root),
        settings=tuple(settings),
        new_since=" and ".join(since),
    )
