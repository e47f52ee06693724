"""`check --fix`: apply the findings' mechanical fixes to the files, byte for byte.

A fix (model.Fix) replaces bytes [start_byte, end_byte) of a file, counted in the
bytes the analysis read. So the file is edited as bytes, never decoded: CRLF line
ends, Latin-1 comments and a missing final newline stay exactly as they were. A
file is edited only when its content still has the digest the analysis recorded
(anything else would splice at shifted offsets), each file is replaced
atomically with its mode kept, and edits that overlap another edit are left
out (the finding stays reported). The findings that remain are found by
analysing the changed folders again: that is what gets reported.
"""
from __future__ import annotations

import os
import posixpath
from dataclasses import dataclass, field
from typing import Callable

from . import safeio
from .cache import digest
from .findings import assign_fingerprints
from .model import Finding, Fix, RunResult


@dataclass
class Edit:
    start: int
    end: int
    replacement: bytes
    findings: list[Finding] = field(default_factory=list)


@dataclass
class FilePlan:
    """The new content of one file and the findings it fixes."""

    path: str  # relative to the scan root, '/'-separated, as in Finding.path
    target: str  # the absolute file written (a symlink's target)
    original: bytes
    fixed: bytes
    findings: list[Finding]


@dataclass
class Refusal:
    """A file with fixes that were not applied, and why."""

    path: str
    reason: str
    findings: int


@dataclass
class FixOutcome:
    plans: list[FilePlan] = field(default_factory=list)  # to write (or, in a dry run, to show)
    written: list[FilePlan] = field(default_factory=list)
    refused: list[Refusal] = field(default_factory=list)  # nothing of that file was written
    overlapping: int = 0  # findings whose fix overlaps another fix: left for the next run
    ambiguous: int = 0  # findings offering more than one fix: a person chooses
    unsafe: int = 0  # findings whose fix needs follow-up work: only with --unsafe-fixes

    @property
    def fixed_findings(self) -> int:
        return sum(len(plan.findings) for plan in self.written)


def chosen_fix(finding: Finding) -> Fix | None:
    """The fix to apply: the only one. Several fixes are alternatives (SARIF shows them
    so), and choosing between them is not mechanical."""
    return finding.fixes[0] if len(finding.fixes) == 1 else None


def fixable(finding: Finding, unsafe: bool = False) -> bool:
    """Whether --fix (with --unsafe-fixes when `unsafe`) would apply the finding's fix."""
    fix = chosen_fix(finding)
    return fix is not None and (unsafe or fix.applicability == "safe")


def plan(result: RunResult, findings: list[Finding] | None = None, unsafe: bool = False) -> FixOutcome:
    """Which edits go into which file, checked against the files as they are now.
    `findings`: the ones to fix (default: all of the result's; --baseline and --diff
    leave out the ones they hide); `unsafe`: apply fixes that need follow-up work too."""
    outcome = FixOutcome()
    by_path: dict[str, dict[tuple[int, int, str], Edit]] = {}
    for finding in result.findings if findings is None else findings:
        if not finding.fixes:
            continue
        fix = chosen_fix(finding)
        if fix is None:
            outcome.ambiguous += 1
            continue
        if fix.applicability != "safe" and not unsafe:
            outcome.unsafe += 1
            continue
        key = (fix.start_byte, fix.end_byte, fix.replacement)
        # Two findings asking for the same edit (two rules, one call) share it.
        edit = by_path.setdefault(fix.path, {}).setdefault(
            key, Edit(fix.start_byte, fix.end_byte, fix.replacement.encode("utf-8", "surrogateescape")))
        edit.findings.append(finding)

    for path in sorted(by_path):
        edits = sorted(by_path[path].values(), key=lambda e: (e.start, e.end))
        findings = sum(len(e.findings) for e in edits)
        target, reason = _target(result.root, path)
        original = b""
        if reason is None:
            try:
                original = safeio.read_bounded(target, _max_file_bytes())
            except OSError as error:
                reason = f"cannot read it: {error.strerror}"
        if reason is None:
            reason = _why_not_editable(result, path, target, original, edits)
        if reason is not None:
            outcome.refused.append(Refusal(path, reason, findings))
            continue
        kept = _without_overlaps(edits)
        outcome.overlapping += sum(len(e.findings) for e in edits if e not in kept)
        outcome.plans.append(FilePlan(path, target, original, splice(original, kept),
                                      [f for e in kept for f in e.findings]))
    return outcome


def _target(root: str, path: str) -> tuple[str, str | None]:
    """The file that `path` (relative to the scan root) names, or why it is not one to edit."""
    absolute = os.path.normpath(os.path.join(root, *path.split("/")))
    if os.path.commonpath([root, absolute]) != root:
        return absolute, "it is outside the scan root"
    # Edit the file a symlink points to and keep the link, as an editor does; but never a
    # file outside the tree that a committed symlink points to.
    target = os.path.realpath(absolute)
    if not safeio.inside(target, os.path.realpath(root)):
        return target, "it is a symlink to a file outside the scanned tree"
    return target, None


def _max_file_bytes() -> int:
    from .engine import MAX_FILE_BYTES

    return MAX_FILE_BYTES


def _why_not_editable(result: RunResult, path: str, target: str, original: bytes, edits: list[Edit]) -> str | None:
    recorded = result.digests.get(path)
    if recorded is None:
        return "kmodlint did not record the content it analysed"
    if digest(original) != recorded:
        return "it changed since kmodlint read it; run kmodlint again"
    if not os.access(target, os.W_OK):
        return "it is read-only"
    if any(not 0 <= e.start <= e.end <= len(original) for e in edits):
        return "a fix lies outside the file (a kmodlint bug: please report it)"
    return None


def _without_overlaps(edits: list[Edit]) -> list[Edit]:
    """The edits (sorted by position) that touch no byte of an earlier one. Two
    insertions, or an insertion and a replacement, at the same offset overlap
    too: the order of their texts would be a guess."""
    kept: list[Edit] = []
    for edit in edits:
        if kept:
            last = kept[-1]
            if edit.start < last.end or (edit.start == last.start and (edit.start == edit.end
                                                                       or last.start == last.end)):
                continue
        kept.append(edit)
    return kept


def splice(data: bytes, edits: list[Edit]) -> bytes:
    """`data` with non-overlapping `edits` (sorted by position) applied."""
    parts, position = [], 0
    for edit in edits:
        parts += [data[position:edit.start], edit.replacement]
        position = edit.end
    parts.append(data[position:])
    return b"".join(parts)


def write(outcome: FixOutcome) -> None:
    """Replace each planned file atomically, keeping its mode (and, for root, its owner).
    A file that cannot be written is refused whole; the files written before and after
    it stay fixed."""
    from .atomic import replace_atomically

    for file_plan in outcome.plans:
        try:
            st_out: list = []
            # Read again just before replacing: planning the other files took time.
            if safeio.read_bounded(file_plan.target, _max_file_bytes(), st_out) != file_plan.original:
                outcome.refused.append(Refusal(file_plan.path, "it changed since kmodlint read it; "
                                               "run kmodlint again", len(file_plan.findings)))
                continue
            st = st_out[0]
            replace_atomically(file_plan.target, file_plan.fixed, mode=st.st_mode & 0o7777)
        except OSError as error:
            outcome.refused.append(Refusal(file_plan.path, f"cannot write it: {error.strerror or error}",
                                           len(file_plan.findings)))
            continue
        if os.geteuid() == 0 and (st.st_uid, st.st_gid) != (0, 0):
            try:  # `sudo kmodlint check --fix` must not leave a user's files owned by root
                os.chown(file_plan.target, st.st_uid, st.st_gid)
            except OSError:
                pass
        outcome.written.append(file_plan)
    outcome.refused.sort(key=lambda refusal: refusal.path)


def unified_diff(plans: list[FilePlan]) -> bytes:
    """What `plans` would change, as a unified diff with a/ and b/ paths relative to the
    scan root (`git apply` and `patch -p1` take it). Made of bytes, so that a CRLF or a
    Latin-1 line is shown, and applies, exactly as it will be written."""
    import difflib

    out: list[bytes] = []
    for file_plan in plans:
        if file_plan.fixed == file_plan.original:
            continue
        name = file_plan.path.encode("utf-8", "surrogateescape")
        for line in difflib.diff_bytes(difflib.unified_diff, _lines(file_plan.original), _lines(file_plan.fixed),
                                       b"a/" + name, b"b/" + name):
            out.append(line if line.endswith(b"\n") else line + b"\n\\ No newline at end of file\n")
    return b"".join(out)


def _lines(data: bytes) -> list[bytes]:
    """Lines split at "\\n" only, each keeping its end ("\\r\\n" stays in the line)."""
    lines = data.split(b"\n")
    last = lines.pop()
    return [line + b"\n" for line in lines] + ([last] if last else [])


Reanalyse = Callable[[set[str]], tuple[RunResult, int]]


def fix_and_reanalyse(result: RunResult, io_errors: int, reanalyse: Reanalyse, findings: list[Finding] | None = None,
                      unsafe: bool = False) -> tuple[FixOutcome, RunResult, int]:
    """Apply the fixes (of `findings`, see plan()), then analyse the folders of the changed
    files again: the remaining findings, with positions in the new content, replace theirs.
    Returns the outcome, the result to report and its count of unreadable files."""
    outcome = plan(result, findings, unsafe)
    write(outcome)
    folders = {posixpath.dirname(file_plan.path) for file_plan in outcome.written}
    if not folders:
        return outcome, result, io_errors
    fresh, fresh_io_errors = reanalyse(folders)
    return (outcome, *merge(result, io_errors, fresh, fresh_io_errors, folders))


def merge(old: RunResult, old_io_errors: int, fresh: RunResult, fresh_io_errors: int,
          folders: set[str]) -> tuple[RunResult, int]:
    """`old` with everything about `folders` replaced by `fresh` (the same folders analysed
    again), and the number of unreadable files counted the same way."""
    def inside(path: str) -> bool:
        return bool(path) and posixpath.dirname(path) in folders

    from .engine import READ_ERROR_PREFIX

    unreadable_before = sum(1 for n in old.notifications if n.level == "error"
                            and n.message.startswith(READ_ERROR_PREFIX) and inside(n.path))
    findings = [f for f in old.findings if not inside(f.path)] + fresh.findings
    old.findings = assign_fingerprints(sorted(set(findings), key=Finding.sort_key))
    suppressed = [f for f in old.suppressed if not inside(f.path)] + fresh.suppressed
    old.suppressed = assign_fingerprints(sorted(set(suppressed), key=Finding.sort_key))
    old.notifications = sorted([n for n in old.notifications if not inside(n.path)] + fresh.notifications,
                               key=lambda n: n.path)
    old.sources = {path: lines for path, lines in old.sources.items() if not inside(path)}
    old.sources.update(fresh.sources)
    old.digests.update(fresh.digests)
    old.elapsed_seconds += fresh.elapsed_seconds
    return old, old_io_errors - unreadable_before + fresh_io_errors
