"""Stable fingerprints: a finding keeps its identity when unrelated lines move.

The fingerprint hashes the rule id, the file, the enclosing function, the
normalized text of the flagged statement and an occurrence index (the n-th
identical statement in that function), never the line number.
"""
from __future__ import annotations

import dataclasses
import hashlib

from .model import Finding


def fingerprint_key(finding: Finding) -> tuple[str, str, str, str]:
    return (finding.rule_id, finding.path, finding.function, " ".join(finding.snippet.split()))


def assign_fingerprints(findings: list[Finding]) -> list[Finding]:
    """`findings` must be sorted by position; returns them with `fingerprint` set."""
    occurrences: dict[tuple, int] = {}
    result = []
    for finding in findings:
        key = fingerprint_key(finding)
        index = occurrences.get(key, 0)
        occurrences[key] = index + 1
        digest = hashlib.sha256("\x1f".join((*key, str(index))).encode()).hexdigest()[:32]
        result.append(dataclasses.replace(finding, fingerprint=digest))
    return result
