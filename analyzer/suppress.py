"""Inline suppressions, ruff/bandit style, that name the rule and may carry a reason.

    x = copy_from_user(...);  /* kmodlint: ignore[unchecked-copy-user] checked by caller */
    // kmodlint: ignore[unchecked-copy-user, copy-user-wrong-errno] -- legacy ABI
    /* kmodlint: ignore-file[kernel-signal-to-user] this is a signal test module */

`ignore[...]` covers findings on its own line and on the line below (a comment
on the line above the statement); `ignore-file[...]` in the first 40 lines
covers the whole file. A suppression naming an unknown rule is reported, so a
typo never silently hides nothing; one that hid nothing in a run is reported
(unused-suppression), so they do not pile up after the code is fixed; and with
--require-reason one that gives no reason is reported (suppression-without-reason).
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from .model import Finding, Span, SuppressionComment
from .rule import Rule
from .source import SourceFile

FILE_SUPPRESSION_LINES = 40
_PATTERN = re.compile(rb"kmodlint:\s*(ignore|ignore-file)\[([^\]\n]*)\][ \t]*(?:--)?[ \t]*([^\n]*)")
# Any directive in kmodlint's namespace, in any case and bracket style: one that _PATTERN
# does not take at the same place is another tool's habit (`ignore` bare as in
# `# noqa`, `ignore(id)`, upper case) and suppresses nothing, so it is reported.
_ANY_DIRECTIVE = re.compile(rb"(?i)kmodlint[ \t]*:[ \t]*(ignore-file|ignore)(?![\w-])[ \t]*"
                            rb"(?:\[([^\]\n]*)\]|\(([^)\n]*)\))?")
# The words a file holding any such comment contains (the wrong-case ones included).
SUPPRESSION_WORDS = (b"kmodlint", b"KMODLINT", b"Kmodlint")
_COMMENT_END = re.compile(r"\s*\*/.*$")
_NOT_CODE_OR_OPEN = re.compile(rb'/\*.*?(?:\*/|\Z)|//[^\n]*|"(?:\\.|[^"\\\n])*"|\'(?:\\.|[^\'\\\n])*\'', re.S)

INVALID_SUPPRESSION = Rule(
    id="invalid-suppression",
    title="Suppression comment names no known rule",
    severity="warning",
    tags=("maintainability",),
    precision="very-high",
    triggers=SUPPRESSION_WORDS,
    help="""
A `kmodlint: ignore[...]` comment names a rule id that kmodlint does not know,
or names none at all, or is written in another tool's style: `kmodlint: ignore`
alone (as `# noqa`), `kmodlint: ignore(rule-id)`, or in upper case. Such a
comment suppresses nothing: most often the id has a typo, the rule was renamed,
or the syntax is another linter's.

**Fix:** use an id from `kmodlint rules` in square brackets, in lower case, for
example `/* kmodlint: ignore[unchecked-copy-user] -- reason */`, or delete the
comment.
""",
)
UNUSED_SUPPRESSION = Rule(
    id="unused-suppression",
    title="Suppression comment that suppressed nothing",
    severity="warning",
    tags=("maintainability",),
    precision="very-high",
    triggers=SUPPRESSION_WORDS,
    help="""
A `kmodlint: ignore[rule-id]` comment hid no finding of that rule in this run:
the code was fixed, moved away from the comment, or the rule no longer fires
there. A stale suppression hides the next real finding on that line without
anyone deciding so.

Only rules that ran on the file are judged: a suppression for a rule left out
by `--select`, `--ignore`, `ignore`/`per-path-ignores` in the config, or a rule
that failed on the file, is never called unused. Unknown ids are reported by
invalid-suppression instead.

**Fix:** delete the comment, or the stale ids in it; if the finding moved,
move the comment to the line of the finding or the line above it.
""",
)
SUPPRESSION_WITHOUT_REASON = Rule(
    id="suppression-without-reason",
    title="Suppression comment gives no reason",
    severity="warning",
    tags=("maintainability",),
    precision="very-high",
    opt_in=True,
    triggers=SUPPRESSION_WORDS,
    help="""
A `kmodlint: ignore[rule-id]` comment says which rule to silence but not why.
The reason is what a reviewer, and the next person touching the code, needs
to judge whether the finding is really a false positive; it is shown in JSON
and SARIF reports (`--show-suppressed`).

This rule runs only with `--require-reason` (or `require-reason = true` in the
config, or when selected by id).

**Fix:** write the reason after the ids, for example
`/* kmodlint: ignore[unchecked-copy-user] -- best effort, the status word is advisory */`.
""",
)
BUILTIN_RULES = (INVALID_SUPPRESSION, UNUSED_SUPPRESSION, SUPPRESSION_WITHOUT_REASON)
BUILTIN_IDS = frozenset(rule.id for rule in BUILTIN_RULES)
_CONTINUATION_LINES = 3  # of a block comment, searched for a reason given below the ids


@dataclass(frozen=True)
class Suppression:
    line: int
    whole_file: bool
    rule_ids: tuple[str, ...]
    reason: str
    column: int
    end_column: int
    # A directive in another style (see _ANY_DIRECTIVE): its text, and what to write instead.
    # It has no rule ids, so it hides nothing.
    malformed: str = ""
    instead: str = ""


def find_suppressions(source: SourceFile) -> list[Suppression]:
    found = []
    if not any(word in source.data for word in SUPPRESSION_WORDS):
        return found
    comments = _comment_spans(source.data)

    def in_comment(offset: int) -> bool:
        # Only a comment suppresses: "kmodlint: ignore-file[...]" in a string literal (or in code
        # a macro pastes together) is data, and must not hide the file's findings.
        index = bisect.bisect_right(comments, (offset, float("inf"))) - 1
        return index >= 0 and offset < comments[index][1]

    valid_at = set()
    for match in _PATTERN.finditer(source.data):
        if not in_comment(match.start()):
            continue
        valid_at.add(match.start())
        line, column = source.position(match.start())
        ids = tuple(i.strip() for i in match.group(2).decode("latin-1").split(",") if i.strip())
        rest = match.group(3).decode("utf-8", "replace")
        reason = _COMMENT_END.sub("", rest).strip()
        if not reason and "*/" not in rest:
            reason = _reason_below(source, match.start(), line)
        whole_file = match.group(1) == b"ignore-file"
        if whole_file and line > FILE_SUPPRESSION_LINES:
            continue
        found.append(Suppression(line, whole_file, ids, reason, column, column + match.end() - match.start()))
    for match in _ANY_DIRECTIVE.finditer(source.data):
        if match.start() in valid_at or not in_comment(match.start()):
            continue
        line, column = source.position(match.start())
        directive = match.group(1).decode("latin-1").lower()
        ids = (match.group(2) if match.group(2) is not None else match.group(3) or b"").decode("latin-1").strip()
        text = match.group(0).decode("utf-8", "replace").strip()
        instead = f"kmodlint: {directive}[{ids}]" if ids else f"kmodlint: {directive}[rule-id] -- reason"
        found.append(Suppression(line, directive == "ignore-file", (), "", column,
                                 column + len(match.group(0).rstrip()), malformed=text, instead=instead))
    found.sort(key=lambda s: (s.line, s.column))
    return found


def _comment_spans(data: bytes) -> list[tuple[int, int]]:
    """(start, end) of each comment, in order; string and character literals are skipped
    whole, so a `/*` inside one starts nothing. An unterminated `/*` runs to the end."""
    spans = []
    for match in _NOT_CODE_OR_OPEN.finditer(data):
        if match.group(0)[:1] == b"/":
            spans.append((match.start(), match.end()))
    return spans


def _reason_below(source: SourceFile, start: int, line: int) -> str:
    """The reason of a block comment that puts it on the lines below the ids:

        /*
         * kmodlint: ignore[unchecked-copy-user]
         * the status word is advisory, userspace ignores it
         */
    """
    line_start = source.data.rfind(b"\n", 0, start) + 1
    before = source.data[line_start:start].decode("utf-8", "replace")
    if "//" in before or not ("/*" in before or before.lstrip().startswith("*")):
        return ""
    parts = []
    last_line = source.data.count(b"\n") + 1
    for number in range(line + 1, min(line + _CONTINUATION_LINES, last_line) + 1):
        text = source.line_text(number)
        closed = "*/" in text
        text = text.split("*/", 1)[0].strip().lstrip("*").strip()
        if text:
            parts.append(text)
        if closed:
            break
    return " ".join(parts)


def covering(finding: Finding, suppressions: list[Suppression]) -> list[int]:
    """Indexes of the suppressions that hide `finding`, closest first: the one on its line,
    the one on the line above, then file-wide ones (the first is the reason reports show)."""
    hits = [i for i, suppression in enumerate(suppressions)
            if finding.rule_id in suppression.rule_ids
            and (suppression.whole_file or suppression.line in (finding.span.line, finding.span.line - 1))]
    return sorted(hits, key=lambda i: (suppressions[i].whole_file, suppressions[i].line != finding.span.line))


def is_suppressed(finding: Finding, suppressions: list[Suppression]) -> bool:
    return bool(covering(finding, suppressions))


def comment(suppression: Suppression) -> SuppressionComment:
    return SuppressionComment(_span(suppression), suppression.reason, suppression.whole_file)


def has_reason(suppression: Suppression) -> bool:
    # "--", "." or other punctuation alone is not a reason a reviewer can judge.
    return any(ch.isalnum() for ch in suppression.reason)


def _span(suppression: Suppression) -> Span:
    return Span(suppression.line, suppression.column, suppression.line, suppression.end_column)


def _directive(suppression: Suppression, ids) -> str:
    return f"{'ignore-file' if suppression.whole_file else 'ignore'}[{','.join(ids)}]"


def unused_suppressions(source: SourceFile, suppressions: list[Suppression], used: set[tuple[int, str]],
                        judged_ids) -> list[Finding]:
    """Suppressions naming a rule in `judged_ids` (the rules that ran on this file) that hid
    none of its findings; `used` holds (suppression index, rule id) pairs that did hide one."""
    findings = []
    for index, suppression in enumerate(suppressions):
        unused = [i for i in suppression.rule_ids if i in judged_ids and (index, i) not in used]
        if not unused:
            continue
        names = ", ".join(unused)
        scope = "in this file" if suppression.whole_file else "on this line or the next"
        whole = len(unused) == len(suppression.rule_ids)
        todo = "delete the comment" if whole else f"drop {names} from it"
        move = "" if suppression.whole_file else ", or move it to the finding's line or the line above"
        findings.append(Finding(
            rule_id=UNUSED_SUPPRESSION.id, severity=UNUSED_SUPPRESSION.severity, path=source.path,
            span=_span(suppression),
            message=f"suppression of {names} hid no finding {scope}: {todo}{move}.",
            snippet=_directive(suppression, unused),
        ))
    return findings


def suppressions_without_reason(source: SourceFile, suppressions: list[Suppression], known_ids) -> list[Finding]:
    findings = []
    for suppression in suppressions:
        # A comment naming no known rule is invalid-suppression's to report.
        if not any(i in known_ids for i in suppression.rule_ids) or has_reason(suppression):
            continue
        findings.append(Finding(
            rule_id=SUPPRESSION_WITHOUT_REASON.id, severity=SUPPRESSION_WITHOUT_REASON.severity,
            path=source.path, span=_span(suppression),
            message=f"suppression {_directive(suppression, suppression.rule_ids)} gives no reason; say why "
                    f"after the ids: `kmodlint: {_directive(suppression, suppression.rule_ids)} -- why`",
            snippet=_directive(suppression, suppression.rule_ids),
        ))
    return findings


def invalid_suppressions(source: SourceFile, suppressions: list[Suppression], known_ids) -> list[Finding]:
    findings = []
    for suppression in suppressions:
        if suppression.malformed:
            findings.append(Finding(
                rule_id=INVALID_SUPPRESSION.id, severity=INVALID_SUPPRESSION.severity, path=source.path,
                span=_span(suppression),
                message=f"`{suppression.malformed}` is not kmodlint's syntax and suppresses nothing: "
                        f"write `{suppression.instead}`.",
                snippet=suppression.malformed,
            ))
            continue
        unknown = [i for i in suppression.rule_ids if i not in known_ids]
        if suppression.rule_ids and not unknown:
            continue
        span = _span(suppression)
        what = f"unknown rule id {', '.join(repr(u) for u in unknown)}" if unknown else "no rule id"
        findings.append(Finding(
            rule_id=INVALID_SUPPRESSION.id, severity=INVALID_SUPPRESSION.severity, path=source.path,
            span=span, message=f"suppression comment names {what}; it suppresses nothing. "
                               "Use an id from `kmodlint rules`.",
            snippet=f"ignore[{','.join(suppression.rule_ids)}]",
        ))
    return findings
