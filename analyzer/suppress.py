"""Inline suppressions, ruff/bandit style, that name the rule and may carry a reason.

    x = copy_from_user(...);  /* kmodlint: ignore[unchecked-copy-user] checked by caller */
    // kmodlint: ignore[unchecked-copy-user, copy-user-wrong-errno] -- legacy ABI
    /* kmodlint: ignore-file[kernel-signal-to-user] this is a signal test module */

`ignore[...]` covers findings on its own line and on the line below (a comment
on the line above the statement); `ignore-file[...]` in the first 40 lines
covers the whole file. A suppression naming an unknown rule is reported, so a
typo never silently hides nothing.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .model import Finding
from .rule import Rule
from .source import SourceFile

FILE_SUPPRESSION_LINES = 40
_PATTERN = re.compile(rb"kmodlint:\s*(ignore|ignore-file)\[([^\]\n]*)\][ \t]*(?:--)?[ \t]*([^\n]*)")
_COMMENT_END = re.compile(r"\s*\*/.*$")

INVALID_SUPPRESSION = Rule(
    id="invalid-suppression",
    title="Suppression comment names no known rule",
    severity="warning",
    tags=("maintainability",),
    precision="very-high",
    triggers=(b"kmodlint:",),
    help="""
A `kmodlint: ignore[...]` comment names a rule id that kmodlint does not know,
or names none at all. Such a comment suppresses nothing: most often the id has
a typo, or the rule was renamed.

**Fix:** use an id from `kmodlint rules`, for example
`/* kmodlint: ignore[unchecked-copy-user] reason */`, or delete the comment.
""",
)
BUILTIN_RULES = (INVALID_SUPPRESSION,)


@dataclass(frozen=True)
class Suppression:
    line: int
    whole_file: bool
    rule_ids: tuple[str, ...]
    reason: str
    column: int
    end_column: int


def find_suppressions(source: SourceFile) -> list[Suppression]:
    found = []
    if b"kmodlint:" not in source.data:
        return found
    for match in _PATTERN.finditer(source.data):
        line, column = source.position(match.start())
        ids = tuple(i.strip() for i in match.group(2).decode("latin-1").split(",") if i.strip())
        reason = _COMMENT_END.sub("", match.group(3).decode("utf-8", "replace")).strip()
        whole_file = match.group(1) == b"ignore-file"
        if whole_file and line > FILE_SUPPRESSION_LINES:
            continue
        found.append(Suppression(line, whole_file, ids, reason, column, column + match.end() - match.start()))
    return found


def is_suppressed(finding: Finding, suppressions: list[Suppression]) -> bool:
    for suppression in suppressions:
        if finding.rule_id not in suppression.rule_ids:
            continue
        if suppression.whole_file or suppression.line in (finding.span.line, finding.span.line - 1):
            return True
    return False


def invalid_suppressions(source: SourceFile, suppressions: list[Suppression], known_ids) -> list[Finding]:
    findings = []
    for suppression in suppressions:
        unknown = [i for i in suppression.rule_ids if i not in known_ids]
        if suppression.rule_ids and not unknown:
            continue
        from .model import Span

        span = Span(suppression.line, suppression.column, suppression.line, suppression.end_column)
        what = f"unknown rule id {', '.join(repr(u) for u in unknown)}" if unknown else "no rule id"
        findings.append(Finding(
            rule_id=INVALID_SUPPRESSION.id, severity=INVALID_SUPPRESSION.severity, path=source.path,
            span=span, message=f"suppression comment names {what}; it suppresses nothing. "
                               "Use an id from `kmodlint rules`.",
            snippet=f"ignore[{','.join(suppression.rule_ids)}]",
        ))
    return findings
