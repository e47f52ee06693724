"""`check --baseline FILE` / `--write-baseline FILE`: report only findings a tree did not already have.

A finding is matched by its fingerprint (kmodlint.findings: rule, file, function,
statement text, occurrence index), never by its line. The file is JSON with
sorted keys and entries and no line numbers, so that regenerating it after a fix
gives a diff of exactly the findings that went away or came in:

    {
      "findings": [
        {"fingerprint": "...", "function": "foo_ioctl", "path": "drivers/foo/foo.c",
         "rule": "unchecked-copy-user", "snippet": "copy_from_user(&req, argp, sizeof(req));"}
      ],
      "root": ".",
      "tool": "kmodlint",
      "version": 1
    }

Paths are relative to the scan root of the run that wrote the file, and `root`
is that scan root relative to the file's own folder: the file works from
another checkout, and from any working folder (a run from a subfolder rebases
its findings' paths onto the recorded root before matching).
"""
from __future__ import annotations

import dataclasses
import json
import os
import re
from dataclasses import dataclass

from .__about__ import NAME
from .findings import assign_fingerprints, normalize_statement
from .model import Finding

VERSION = 1
_SNIPPET_CHARS = 120  # context for a reviewer; the fingerprint has hashed the whole statement
MAX_BYTES = 64 * 1024 * 1024  # a baseline of a million findings is about 300 MB; real ones are far smaller
_FINGERPRINT = re.compile(r"[0-9a-f]{32}")
_TEXT_FIELDS = ("rule", "path", "function", "snippet")


class BaselineError(Exception):
    """A missing, unreadable or malformed baseline file: exit status 2."""


@dataclass(frozen=True)
class Entry:
    fingerprint: str
    rule: str
    path: str  # relative to the baseline's root
    function: str


@dataclass
class Baseline:
    path: str
    root: str  # absolute: the scan root its paths and fingerprints are relative to
    fingerprints: frozenset[str]
    entries: tuple[Entry, ...] = ()


def load(path: str) -> Baseline:
    from .safeio import read_bounded

    try:
        data = read_bounded(path, MAX_BYTES)
    except OSError as error:
        raise BaselineError(f"cannot read baseline {path}: {error.strerror or error}") from None
    try:
        doc = json.loads(data.decode("utf-8"))
    except UnicodeDecodeError:
        raise BaselineError(f"baseline {path} is not UTF-8 JSON") from None
    except json.JSONDecodeError as error:
        raise BaselineError(f"baseline {path} is not valid JSON: {error.msg} "
                            f"(line {error.lineno}, column {error.colno})") from None
    if not isinstance(doc, dict) or doc.get("tool", NAME) != NAME or "version" not in doc:
        raise BaselineError(f"{path} is not a {NAME} baseline (write one with --write-baseline)")
    if doc["version"] != VERSION:
        raise BaselineError(f"baseline {path} has version {doc['version']!r}; this {NAME} reads "
                            f"version {VERSION} (write it again with --write-baseline)")
    entries, root = doc.get("findings"), doc.get("root", ".")
    if not isinstance(entries, list) or not isinstance(root, str):
        raise BaselineError(f"baseline {path}: 'findings' must be a list and 'root' a string")
    parsed = []
    for number, entry in enumerate(entries, 1):
        fingerprint = entry.get("fingerprint") if isinstance(entry, dict) else None
        if not isinstance(fingerprint, str) or not fingerprint:
            raise BaselineError(f"baseline {path}: entry {number} has no 'fingerprint'")
        # An entry must be what --write-baseline writes: anything else was not written by it.
        if not _FINGERPRINT.fullmatch(fingerprint):
            raise BaselineError(f"baseline {path}: entry {number}: 'fingerprint' is not 32 hex digits")
        for name in _TEXT_FIELDS:
            if not isinstance(entry.get(name), str):
                raise BaselineError(f"baseline {path}: entry {number}: '{name}' must be a string")
        if not entry["rule"] or not entry["path"] or entry["path"].startswith("/"):
            raise BaselineError(f"baseline {path}: entry {number}: 'rule' and a relative 'path' are required")
        parsed.append(Entry(fingerprint, entry["rule"], entry["path"], entry["function"]))
    folder = os.path.dirname(os.path.abspath(path))
    return Baseline(path, os.path.normpath(os.path.join(folder, root)),
                    frozenset(e.fingerprint for e in parsed), tuple(parsed))


def render(findings: list[Finding], root: str, path: str) -> str:
    """The baseline file recording `findings` (fingerprinted, paths relative to `root`)."""
    folder = os.path.dirname(os.path.abspath(path))
    entries = sorted(
        ({"fingerprint": f.fingerprint, "rule": f.rule_id, "path": f.path, "function": f.function,
          "snippet": _short(normalize_statement(f.snippet))} for f in findings),
        key=lambda e: (e["path"], e["function"], e["rule"], e["snippet"], e["fingerprint"]))
    doc = {"tool": NAME, "version": VERSION, "root": os.path.relpath(root, folder).replace(os.sep, "/"),
           "findings": entries}
    text = json.dumps(doc, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    # A byte of a non-UTF-8 file name (a lone surrogate) as the JSON escape that loads back to it.
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


def _short(text: str) -> str:
    return text if len(text) <= _SNIPPET_CHARS else text[:_SNIPPET_CHARS - 3] + "..."


def fingerprints_for(findings: list[Finding], root: str, baseline_root: str) -> list[str]:
    """Each finding's fingerprint as a run from `baseline_root` would have computed it
    (the path is part of the fingerprint). `findings` are sorted by position."""
    if os.path.realpath(root) == os.path.realpath(baseline_root):
        return [f.fingerprint for f in findings]
    real_root, real_base = os.path.realpath(root), os.path.realpath(baseline_root)
    rebased = [dataclasses.replace(f, path=os.path.relpath(os.path.join(real_root, f.path), real_base)
                                   .replace(os.sep, "/")) for f in findings]
    return [f.fingerprint for f in assign_fingerprints(rebased)]


def split(findings: list[Finding], root: str, baseline: Baseline) -> tuple[list[Finding], list[Finding]]:
    """(new findings, findings the baseline already records)."""
    new, known = [], []
    for finding, fingerprint in zip(findings, fingerprints_for(findings, root, baseline.root)):
        (known if fingerprint in baseline.fingerprints else new).append(finding)
    return new, known


def unmatched(findings: list[Finding], suppressed: list[Finding], root: str, baseline: Baseline,
              files: list[str], rule_ids: set[str]) -> list[Entry]:
    """The baseline's entries for files and rules this run checked that match no finding of
    it: fixed code (write the baseline again), or fingerprints planted for a bug to come."""
    seen = set(fingerprints_for(findings, root, baseline.root))
    seen.update(fingerprints_for(suppressed, root, baseline.root))
    real_root, real_base = os.path.realpath(root), os.path.realpath(baseline.root)
    checked = set(files)
    stale = []
    for entry in baseline.entries:
        if entry.fingerprint in seen or entry.rule not in rule_ids:
            continue
        here = entry.path if real_root == real_base else \
            os.path.relpath(os.path.join(real_base, entry.path), real_root).replace(os.sep, "/")
        if here in checked:
            stale.append(dataclasses.replace(entry, path=here))
    return stale
