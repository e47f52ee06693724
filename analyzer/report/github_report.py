"""GitHub Actions workflow commands: findings show up as annotations on the diff."""
from __future__ import annotations

from kmodlint.__about__ import NAME
from kmodlint.model import RunResult

_LEVEL = {"error": "error", "warning": "warning", "note": "notice"}


def _data(text: str) -> str:
    # An undecodable byte of a file name (a lone surrogate) cannot be printed: shown as U+FFFD.
    text = text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _prop(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def _command(level: str, props: dict, message: str) -> str:
    args = ",".join(f"{k}={_prop(str(v))}" for k, v in props.items())
    return f"::{_LEVEL[level]} {args}::{_data(message)}"


def render(result: RunResult) -> str:
    lines = [
        _command(f.severity, {"file": f.path, "line": f.span.line, "col": f.span.column,
                              "endLine": f.span.end_line, "endColumn": f.span.end_column,
                              "title": f.rule_id}, f.message)
        for f in result.findings
    ]
    # Tool notifications (a rule crashed, a file was skipped) would otherwise be
    # invisible in a workflow run, so they become annotations too.
    for n in result.notifications:
        props = {"file": n.path} if n.path else {}
        props["title"] = n.rule_id or NAME
        lines.append(_command(n.level, props, n.message))
    return "".join(line + "\n" for line in lines)
