"""Stable fingerprints: a finding keeps its identity when unrelated lines move.

The fingerprint hashes the rule id, the file, the enclosing function, the
normalized text of the flagged statement (comments dropped, whitespace
collapsed) and an occurrence index (the n-th identical statement in that
function), never the line number. So moving code or editing another function
keeps every fingerprint; a second identical bug in the same function gets a
new one; renaming the function or the file changes them.
"""
from __future__ import annotations

import dataclasses
import hashlib
import re

from .model import Finding

# Literals are matched so that a "/*" inside a string is not taken for a comment.
_COMMENT_OR_LITERAL = re.compile(r'/\*.*?\*/|//[^\n]*|"(?:\\.|[^"\\])*"|\'(?:\\.|[^\'\\])*\'', re.S)


def normalize_statement(text: str) -> str:
    """Statement text as code: comments dropped (editing one must not make an old finding
    new), whitespace collapsed."""
    text = _COMMENT_OR_LITERAL.sub(lambda m: m.group(0) if m.group(0)[0] in "\"'" else " ", text)
    return " ".join(text.split())


def fingerprint_key(finding: Finding) -> tuple[str, str, str, str]:
    return (finding.rule_id, finding.path, finding.function, normalize_statement(finding.snippet))


def assign_fingerprints(findings: list[Finding]) -> list[Finding]:
    """`findings` must be sorted by position; returns them with `fingerprint` set."""
    occurrences: dict[tuple, int] = {}
    result = []
    for finding in findings:
        key = fingerprint_key(finding)
        index = occurrences.get(key, 0)
        occurrences[key] = index + 1
        digest = hashlib.sha256("\x1f".join((*key, str(index))).encode("utf-8", "surrogateescape")).hexdigest()[:32]
        result.append(dataclasses.replace(finding, fingerprint=digest))
    return result
