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
    # "safe": the code is right once applied (--fix); "unsafe": it needs follow-up work by
    # the author, so it is applied only with --unsafe-fixes (ruff's two tiers).
    applicability: Literal["safe", "unsafe"] = "safe"


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
    # The enclosing function kept a syntax ERROR node: some of its code was not analysed,
    # so the finding rests on part of it (reporters show it as a property, not in the message).
    function_has_parse_error: bool = False

    def sort_key(self) -> tuple:
        return (self.path, self.span.line, self.span.column, self.rule_id, self.message)


@dataclass(frozen=True)
class Notification:
    """Something the tool itself has to say: a rule crashed, a file was too big, ..."""

    level: Literal["error", "warning", "note"]
    message: str
    path: str = ""
    rule_id: str = ""


# How reports name a file that kept a syntax error (SARIF: a notification with this descriptor id).
PARSE_ERROR_ID = "parse-error"
PARSE_ERROR_MESSAGE = ("the file did not parse cleanly from here on: a syntax ERROR node is left after masking, "
                       "so findings in the code around it may be missing")


@dataclass(frozen=True)
class ParseError:
    """A file whose syntax tree kept an ERROR (or MISSING) node, and where the first one is."""

    path: str
    line: int
    column: int


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


@dataclass(frozen=True)
class Provenance:
    """What a run covered and how it was made, gathered by the CLI (kmodlint.provenance):
    the header of a report that is an audit record."""

    command: str = ""  # the command line, shell-quoted
    paths: tuple[str, ...] = ()  # the paths checked, as given
    started: str = ""  # "2026-12-05 07:20:11 UTC"
    commit: str = ""  # git HEAD of the checked tree; "" outside a repository
    dirty: bool | None = None  # tracked files differ from that commit; None: unknown
    kernel: str = ""  # version of the kernel tree checked (its Makefile); "" when not in one
    settings: tuple[tuple[str, str], ...] = ()  # the configuration in effect, as (name, value)
    new_since: str = ""  # "the baseline FILE": the report shows only findings new since then


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
    parse_errors: list[ParseError] = field(default_factory=list)  # every such file, by path
    files_parsed: int = 0
    files_skipped: int = 0  # read but not parsed: no rule's trigger word, no name a rule needed
    files_from_cache: int = 0  # scanned files whose folder result came from the cache
    elapsed_seconds: float = 0.0
    sources: dict[str, list[str]] = field(default_factory=dict)  # path -> decoded lines, for excerpts
    # path -> content digest of the bytes the findings were computed on (cache.digest), kept
    # when the run hashes files (the cache, or --fix, which refuses to edit a file changed since)
    digests: dict[str, str] = field(default_factory=dict)
    hidden: dict[str, int] = field(default_factory=dict)  # findings not reported, by reason ("in the baseline")
    provenance: Provenance | None = None  # set by the CLI for the reports that show it (HTML)
    # The kernel version the code was judged against ("6.12"), and how it was chosen
    # ("--kernel-version", "the Makefile of the kernel tree", ...).
    target_kernel: str = ""
    target_kernel_source: str = ""
    files: list[str] = field(default_factory=list)  # the files checked, relative to root
