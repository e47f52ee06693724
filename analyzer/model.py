"""The plain data that flows between the engine, the rules and the reporters.

Everything here is a frozen dataclass of built-in types, so findings can cross
process boundaries (the process pool) and be cached without the syntax tree.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Severity = Literal["error", "warning", "note"]
SEVERITY_ORDER = {"error": 0, "warning": 1, "note": 2}


@dataclass(frozen=True, order=True)
class Span:
    """A source range: 1-based lines and columns (columns count bytes, as gcc does)."""

    line: int
    column: int
    end_line: int
    end_column: int


@dataclass(frozen=True)
class Related:
    """A secondary location that explains a finding (where a value came from, ...)."""

    path: str
    span: Span
    message: str


@dataclass(frozen=True)
class Fix:
    """A mechanical edit: replace bytes [start, end) of `path` with `replacement`."""

    description: str
    path: str
    start_byte: int
    end_byte: int
    span: Span
    replacement: str


@dataclass(frozen=True)
class SuppressionComment:
    """The `kmodlint: ignore[...]` comment that hid a finding, kept so reports can show why."""

    span: Span  # of the `kmodlint: ignore...` text, in the finding's file
    reason: str  # the comment's text after the rule ids, "" when none was given
    whole_file: bool = False  # `ignore-file[...]`


@dataclass(frozen=True)
class Finding:
    rule_id: str
    severity: Severity
    path: str  # relative to the scan root, '/'-separated
    span: Span
    message: str
    function: str = ""  # enclosing function, part of the fingerprint
    snippet: str = ""  # normalized text of the flagged statement, part of the fingerprint
    related: tuple[Related, ...] = ()
    fixes: tuple[Fix, ...] = ()
    fingerprint: str = ""  # filled by kmodlint.findings
    suppression: SuppressionComment | None = None  # set on findings in RunResult.suppressed

    def sort_key(self) -> tuple:
        return (self.path, self.span.line, self.span.column, self.rule_id, self.message)


@dataclass(frozen=True)
class Notification:
    """Something the tool itself has to say: a rule crashed, a file was too big, ..."""

    level: Literal["error", "warning", "note"]
    message: str
    path: str = ""
    rule_id: str = ""


@dataclass(frozen=True)
class RuleInfo:
    """A rule's identity, as the reporters see it (no check function)."""

    id: str
    title: str
    severity: Severity
    help: str  # markdown: what, why, how to fix, example
    tags: tuple[str, ...] = ()
    precision: Literal["very-high", "high", "medium", "low"] = "high"
    # GitHub code scanning's CVSS-like score ("0.0" to "10.0"), only for rules tagged "security"
    security_severity: str = ""


@dataclass
class RunResult:
    """What a run hands to a reporter."""

    root: str  # absolute scan root; reporters must only print paths relative to it
    findings: list[Finding] = field(default_factory=list)
    # Findings an inline suppression hid, each with its `suppression`; reporters show them
    # only when asked (--show-suppressed) and they never count towards the exit status.
    suppressed: list[Finding] = field(default_factory=list)
    rules: list[RuleInfo] = field(default_factory=list)  # every rule that ran
    notifications: list[Notification] = field(default_factory=list)
    files_scanned: int = 0
    files_with_parse_errors: int = 0
    files_parsed: int = 0
    files_skipped: int = 0  # read but not parsed: no rule's trigger word, no name a rule needed
    files_from_cache: int = 0  # scanned files whose folder result came from the cache
    elapsed_seconds: float = 0.0
    sources: dict[str, list[str]] = field(default_factory=dict)  # path -> decoded lines, for excerpts
    # path -> content digest of the bytes the findings were computed on (cache.digest), kept
    # when the run hashes files (the cache, or --fix, which refuses to edit a file changed since)
    digests: dict[str, str] = field(default_factory=dict)
    hidden: dict[str, int] = field(default_factory=dict)  # findings not reported, by reason ("in the baseline")
    files: list[str] = field(default_factory=list)  # the files checked, relative to root
