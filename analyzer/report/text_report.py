"""gcc-style text output: one diagnostic per finding, with source excerpt and caret."""
from __future__ import annotations

import click

from analyzer.__about__ import NAME
from analyzer.model import Finding, RunResult

TAB = 8
_COLORS = {"error": "red", "warning": "yellow", "note": "cyan"}


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _expand(text: str) -> str:
    return text.expandtabs(TAB)


def _printable(text: str) -> str:
    """One display cell per character: an undecodable byte (a lone surrogate from
    surrogateescape) shows as its Latin-1 character, control characters as spaces."""
    return "".join(
        chr(ord(c) - 0xDC00) if 0xDC80 <= ord(c) <= 0xDCFF
        else " " if (ord(c) < 32 and c != "\t") or ord(c) == 0x7F
        else c
        for c in text)


def _chars_before(line: str, byte_column: int) -> str:
    """The text before a 1-based byte column (columns count bytes, like gcc)."""
    raw = line.encode("utf-8", "surrogateescape")[: max(byte_column - 1, 0)]
    return raw.decode("utf-8", "surrogateescape")


def _excerpt(finding: Finding, lines: list[str] | None) -> list[str]:
    """The source line (tabs expanded) and a caret line aligned under the span."""
    span = finding.span
    if not lines or not 1 <= span.line <= len(lines):
        return []
    line = lines[span.line - 1].rstrip("\r\n")
    # Columns are 1-based byte columns; measure the display width of the text before
    # each column with the same tab expansion as the printed line, so the caret lines up.
    start = len(_expand(_chars_before(line, span.column)))
    # end_column is exclusive (as in SARIF); a span running past this line is
    # underlined to the end of the line, as gcc does.
    if span.end_line == span.line:
        end = len(_expand(_chars_before(line, span.end_column)))
    else:
        end = len(_expand(line))
    return [_expand(_printable(line)), " " * start + "^" + "~" * max(end - start - 1, 0)]


def render(result: RunResult, *, color: bool = False, concise: bool = False) -> str:
    def style(text: str, **kw) -> str:
        return click.style(text, **kw) if color else text

    def sev(level: str) -> str:
        return style(f"{level}:", fg=_COLORS.get(level), bold=True)

    out: list[str] = []
    for f in result.findings:
        loc = style(f"{f.path}:{f.span.line}:{f.span.column}:", bold=True)
        out.append(f"{loc} {sev(f.severity)} [{f.rule_id}] {f.message}")
        if not concise:
            excerpt = _excerpt(f, result.sources.get(f.path))
            if excerpt:
                out += [excerpt[0], style(excerpt[1], fg="green", bold=True)]
        for r in f.related:
            rloc = style(f"{r.path}:{r.span.line}:{r.span.column}:", bold=True)
            out.append(f"  {rloc} {sev('note')} {r.message}")

    for n in result.notifications:
        rule = f" [{n.rule_id}]" if n.rule_id else ""
        where = f" ({n.path})" if n.path else ""
        out.append(f"{style(NAME + ':', bold=True)} {sev(n.level)} {n.message}{rule}{where}")

    out.append(_summary(result))
    return "\n".join(out) + "\n"


def _summary(result: RunResult) -> str:
    head = f"Checked {_plural(result.files_scanned, 'file')}"
    if result.files_with_parse_errors:
        head += f" ({result.files_with_parse_errors} with parse errors)"
    head += f" in {result.elapsed_seconds:.2f}s"
    if not result.findings:
        return f"{head}: no findings"
    counts = {s: sum(f.severity == s for f in result.findings) for s in ("error", "warning", "note")}
    detail = ", ".join(_plural(n, s) for s, n in counts.items())
    return f"{head}: {_plural(len(result.findings), 'finding')} ({detail})"
