"""`check --diff REF`: which lines a change touched, from `git diff -U0 REF`.

Only the reporting is filtered: whole files and folders are still analysed, so
facts that span files stay right, and a finding is kept when its location or
one of its related locations lies on a touched line. `git diff REF` compares the
working tree with REF, so uncommitted and staged edits count; untracked files
(not ignored) count as wholly added, since `git diff` does not list them.
"""
from __future__ import annotations

import os
import re
import subprocess
from dataclasses import dataclass, field

from .model import Finding

_HUNK = re.compile(rb"^@@ -\d+(?:,(\d+))? \+(\d+)(?:,(\d+))? @@")
_ESCAPES = {b"a": 7, b"b": 8, b"t": 9, b"n": 10, b"v": 11, b"f": 12, b"r": 13, b'"': 34, b"\\": 92}


class GitError(Exception):
    """git is missing, the folder is not in a repository, or REF is not a revision: exit status 2."""


@dataclass
class ChangedLines:
    top: str  # the repository's top folder, absolute (git gives it with symlinks resolved)
    lines: dict[str, set[int] | None] = field(default_factory=dict)  # top-relative path -> lines (None: all)

    def under(self, root: str) -> dict[str, set[int] | None]:
        """The same, keyed by paths relative to the scan root `root`, as findings name files."""
        real_root = os.path.realpath(root)
        return {_relative(os.path.join(self.top, path), real_root): lines for path, lines in self.lines.items()}

    def source_files(self, within: str) -> list[str]:
        """The changed .c/.h files that still exist inside the folder `within`, absolute."""
        within = os.path.realpath(within)
        files = []
        for path in self.lines:
            absolute = os.path.join(self.top, path)
            if path.endswith((".c", ".h")) and os.path.isfile(absolute) and \
                    os.path.commonpath([within, absolute]) == within:
                files.append(absolute)
        return sorted(files)


def _relative(path: str, root: str) -> str:
    return os.path.relpath(path, root).replace(os.sep, "/")


# The repository's own .git/config is not ours to trust (a checked-out tarball, a tree a
# CI job did not clone itself): nothing in it may run a command. fsmonitor and hooks are
# switched off for every call; diffs run without external diff, textconv or filters.
_NEUTRAL = ["-c", "core.fsmonitor=false", "-c", "core.hooksPath=/dev/null", "-c", "diff.external=",
            "-c", "core.pager=cat", "-c", "core.untrackedCache=false", "--no-pager"]
_ENV = {"LC_ALL": "C", "GIT_CONFIG_NOSYSTEM": "1", "GIT_ATTR_NOSYSTEM": "1", "GIT_TERMINAL_PROMPT": "0",
        "GIT_EXTERNAL_DIFF": "", "GIT_PAGER": "cat"}


def _git(args: list[str], where: str) -> bytes:
    try:
        # LC_ALL=C: git's messages in English, as kmodlint's are, and as the test below reads them.
        env = {key: value for key, value in os.environ.items() if key != "GIT_EXTERNAL_DIFF"}
        completed = subprocess.run(["git", *_NEUTRAL, "-C", where, *args], capture_output=True, check=False,
                                   stdin=subprocess.DEVNULL, env={**env, **_ENV})
    except FileNotFoundError:
        raise GitError("--diff needs git, and git is not installed (not found on PATH)") from None
    except OSError as error:
        raise GitError(f"cannot run git: {error.strerror}") from None
    if completed.returncode != 0:
        text = completed.stderr.decode("utf-8", "replace")
        if "not a git repository" in text:
            raise GitError(f"--diff needs a git repository, and {where} is not inside one")
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        reason = lines[0] if lines else f"git failed with status {completed.returncode}"
        raise GitError(reason.removeprefix("fatal: ").removeprefix("error: "))
    return completed.stdout


def changed_lines(ref: str, where: str) -> ChangedLines:
    """The lines added or changed since `ref` in the repository holding the folder `where`."""
    if not ref or ref.startswith("-"):
        raise GitError(f"--diff '{ref}' is not a git revision")
    top = os.fsdecode(_git(["rev-parse", "--show-toplevel"], where).rstrip(b"\n"))
    try:
        # Whatever the user's git config says: a/ b/ prefixes, no colour, no external diff
        # or textconv, renames followed so a moved file is read under its new name.
        # --text: a NUL byte or a `-diff` attribute must not turn a changed file into "Binary
        # files differ" with no changed line (and so no finding).
        output = _git(["-c", "core.quotePath=false", *_no_filters(top), "diff", "-U0", "--text", "--no-color",
                       "--no-ext-diff", "--no-textconv", "--find-renames", "--src-prefix=a/", "--dst-prefix=b/",
                       ref, "--"], top)
    except GitError as error:
        raise GitError(f"--diff {ref}: {error}") from None
    changed = ChangedLines(top, parse_diff(output))
    untracked = _git(["ls-files", "-z", "--others", "--exclude-standard"], top)
    for path in filter(None, untracked.split(b"\0")):
        changed.lines[os.fsdecode(path)] = None
    return changed


def staged_lines(where: str) -> ChangedLines:
    """The lines the index adds or changes relative to HEAD: what `git commit` would
    commit (every staged line on a first commit). Untracked files are not part of it.
    Under pre-commit, which stashes unstaged edits, the working tree then holds exactly
    these lines, so findings' line numbers match."""
    try:
        top = os.fsdecode(_git(["rev-parse", "--show-toplevel"], where).rstrip(b"\n"))
    except GitError as error:
        raise GitError(str(error).replace("--diff needs", "--staged needs")) from None
    try:
        # `diff --cached` without a revision compares with HEAD, or with nothing before
        # the first commit.
        # the first commit. Hardened as changed_lines() is (--text, no filter, no textconv).
        output = _git(["-c", "core.quotePath=false", *_no_filters(top), "diff", "--cached", "-U0", "--text",
                       "--no-color", "--no-ext-diff", "--no-textconv", "--find-renames", "--src-prefix=a/",
                       "--dst-prefix=b/", "--"], top)
    except GitError as error:
        raise GitError(f"--staged: {error}") from None
    return ChangedLines(top, parse_diff(output))


def _no_filters(top: str) -> list[str]:
    """`-c` options that empty every clean/smudge/process filter the repository configures:
    comparing the working tree runs the clean filter a `.gitattributes` line names."""
    try:
        names = _git(["config", "-z", "--name-only", "--get-regexp", r"^filter\."], top)
    except GitError:  # none configured: git config exits 1
        return []
    options = []
    for name in {n.rsplit(b".", 1)[0] for n in names.split(b"\0") if n}:
        for key in (b"clean", b"smudge", b"process"):
            options += ["-c", os.fsdecode(name + b"." + key) + "="]
    return options


def parse_diff(output: bytes) -> dict[str, set[int] | None]:
    """Top-relative path -> the new-side line numbers a unified diff (-U0) adds or changes.

    A pure deletion touches the lines on either side of it: deleting the test of a
    copy_from_user() result leaves the call unchecked on an untouched line.
    Deleted files do not appear."""
    files: dict[str, set[int] | None] = {}
    current: set[int] | None = None
    lines = output.split(b"\n")
    i = 0
    while i < len(lines):
        line = lines[i]
        i += 1
        if line.startswith(b"diff "):
            current = None
        elif line.startswith(b"Binary files ") and line.endswith(b" differ"):
            # Shown despite --text (a git that ignores it): the whole file counts as changed.
            new = line[len(b"Binary files "):-len(b" differ")].rsplit(b" and ", 1)[-1]
            new = _unquote(new)
            if new.startswith(b"b/"):
                files[os.fsdecode(new[2:])] = None
            current = None
        elif line.startswith(b"+++ "):
            path = _unquote(line[4:])
            if path.startswith(b"b/"):
                current = files.setdefault(os.fsdecode(path[2:]), set())
            else:  # /dev/null: the file was deleted
                current = None
        elif line.startswith(b"@@ ") and current is not None:
            match = _HUNK.match(line)
            if not match:
                continue
            old_count = int(match[1]) if match[1] is not None else 1
            start = int(match[2])
            new_count = int(match[3]) if match[3] is not None else 1
            if new_count:
                current.update(range(start, start + new_count))
            else:  # lines removed after new line `start`
                current.update(n for n in (start, start + 1) if n >= 1)
            # Skip the hunk's own lines, so that an added line reading "++ b/x" is never
            # taken for a header; "\ No newline at end of file" lines are not counted.
            remaining = old_count + new_count
            while remaining and i < len(lines):
                remaining -= not lines[i].startswith(b"\\")
                i += 1
    return files


def _unquote(path: bytes) -> bytes:
    """A path as git prints it: C-quoted ("a\\tb", octal bytes) when it holds odd characters."""
    path = path.rstrip(b"\r")
    if not (len(path) >= 2 and path.startswith(b'"') and path.endswith(b'"')):
        return path.split(b"\t", 1)[0]  # git ends a name that holds a space with a tab
    body, out, i = path[1:-1], bytearray(), 0
    while i < len(body):
        byte = body[i:i + 1]
        if byte == b"\\" and i + 1 < len(body):
            octal = body[i + 1:i + 4]
            if len(octal) == 3 and all(0x30 <= digit <= 0x37 for digit in octal):
                out.append(int(octal, 8) & 0xFF)
                i += 4
                continue
            following = body[i + 1:i + 2]
            out.append(_ESCAPES.get(following, following[0]))
            i += 2
            continue
        out += byte
        i += 1
    return bytes(out)


def _location_touched(path: str, first: int, last: int, changed: dict[str, set[int] | None]) -> bool:
    if path not in changed:
        return False
    lines = changed[path]
    return lines is None or not lines.isdisjoint(range(first, last + 1))


def touched(finding: Finding, changed: dict[str, set[int] | None]) -> bool:
    """Whether the finding, or one of its related locations, lies on a changed line.
    `changed` is keyed like findings' paths (see ChangedLines.under)."""
    if _location_touched(finding.path, finding.span.line, finding.span.end_line, changed):
        return True
    return any(_location_touched(r.path, r.span.line, r.span.end_line, changed) for r in finding.related)
