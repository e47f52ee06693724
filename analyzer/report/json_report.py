"""Machine-readable JSON: a stable document for scripts and for diffing runs."""
from __future__ import annotations

import json

from kmodlint.__about__ import VERSION
from kmodlint.model import PARSE_ERROR_ID, PARSE_ERROR_MESSAGE, Finding, RunResult, Span


def _span(span: Span) -> dict:
    return {"line": span.line, "column": span.column,
            "end_line": span.end_line, "end_column": span.end_column}


def _finding(f: Finding) -> dict:
    entry = {
        "path": f.path, **_span(f.span),
        "rule": f.rule_id, "severity": f.severity, "message": f.message,
        "function": f.function, "fingerprint": f.fingerprint,
        "related": [{"path": r.path, **_span(r.span), "message": r.message} for r in f.related],
        "fixes": [
            {"description": x.description, "path": x.path, **_span(x.span),
             "start_byte": x.start_byte, "end_byte": x.end_byte, "replacement": x.replacement,
             "applicability": x.applicability}
            for x in f.fixes
        ],
    }
    if f.function_has_parse_error:
        entry["function_has_parse_error"] = True  # part of the function was not analysed
    if f.suppression is not None:
        # SARIF's words: an in-source suppression, its justification the comment's reason.
        entry["suppression"] = {"kind": "inSource", "reason": f.suppression.reason,
                                "whole_file": f.suppression.whole_file, **_span(f.suppression.span)}
    return entry


def render(result: RunResult) -> str:
    findings = [_finding(f) for f in result.findings]
    notifications = [
        {"level": n.level, "message": n.message, "path": n.path, "rule": n.rule_id}
        for n in result.notifications
    ] + [
        {"level": "note", "message": PARSE_ERROR_MESSAGE, "path": e.path, "rule": "", "kind": PARSE_ERROR_ID,
         "line": e.line, "column": e.column}
        for e in result.parse_errors
    ]
    by_severity = {s: sum(f.severity == s for f in result.findings) for s in ("error", "warning", "note")}
    doc = {
        "version": VERSION,
        "findings": findings,
        # Only with --show-suppressed: the findings inline suppressions hid, apart from
        # `findings` so that a script counting findings is not misled.
        **({"suppressed": [_finding(f) for f in result.suppressed]} if result.suppressed else {}),
        "notifications": notifications,
        "summary": {
            "files_scanned": result.files_scanned,
            "files_with_parse_errors": result.files_with_parse_errors,
            "target_kernel": result.target_kernel,
            "target_kernel_source": result.target_kernel_source,
            "findings_by_severity": by_severity,
            # Rounded so the document does not carry meaningless float noise.
            "elapsed_seconds": round(result.elapsed_seconds, 3),
        },
    }
    return json.dumps(doc, indent=2, sort_keys=True) + "\n"
