"""gcc-style text output: one diagnostic per finding, with source excerpt and caret."""
from __future__ import annotations

import heapq

import click

from kmodlint.__about__ import NAME
from kmodlint.fix import fixable
from kmodlint.model import Finding, RunResult
from kmodlint.sanitize import one_line

TAB = 8
_COLORS = {"error": "red", "warning": "yellow", "note": "cyan"}


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _expand(text: str) -> str:
    return text.expandtabs(TAB)


# One display cell per character: an undecodable byte (a lone surrogate from
# surrogateescape) shows as its Latin-1 character, control characters as spaces.
# C1 controls (8-bit CSI and OSC among them), raw or as undecodable bytes, as spaces too.
_PRINTABLE = {**{c: " " for c in range(32) if c != 9}, 0x7F: " ", **{c: " " for c in range(0x80, 0xA0)},
              **{0xDC80 + b: chr(0x80 + b) if b >= 0x20 else " " for b in range(128)},
              **{c: " " for c in (0x200E, 0x200F, 0x202A, 0x202B, 0x202C, 0x202D, 0x202E,
                                  0x2066, 0x2067, 0x2068, 0x2069)}}


def _printable(text: str) -> str:
    """One display cell per character (str.translate: C speed on a 200 KB line)."""
    text = text.translate(_PRINTABLE)
    # A quoted source line must not be a workflow command either; a zero-width space breaks
    # `##[` and a leading `::` without moving the caret below.
    if "##[" in text:
        text = text.replace("##[", "#\u200b#[")
    return ":\u200b" + text[1:] if text.startswith("::") else text


def _chars_before(line: str, byte_column: int) -> str:
    """The text before a 1-based byte column (columns count bytes, like gcc)."""
    raw = line.encode("utf-8", "surrogateescape")[: max(byte_column - 1, 0)]
    return raw.decode("utf-8", "surrogateescape")


_LONG_LINE = 400  # characters; a longer line (a generated table) is quoted as a window
_CONTEXT = 80  # characters kept on each side of the span in that window


def _excerpt(finding: Finding, lines: list[str] | None) -> list[str]:
    """The source line (tabs expanded) and a caret line aligned under the span."""
    span = finding.span
    if not lines or not 1 <= span.line <= len(lines):
        return []
    line = lines[span.line - 1].rstrip("\r\n")
    # Columns are 1-based byte columns: count the characters before each one.
    first = len(_chars_before(line, span.column))
    # end_column is exclusive (as in SARIF); a span running past this line is
    # underlined to the end of the line, as gcc does.
    last = len(_chars_before(line, span.end_column)) if span.end_line == span.line else len(line)
    if len(line) > _LONG_LINE:
        # Quoting the whole line under each of N findings on it is N x its length of
        # output: show a window around the span instead, as clang does.
        low = max(first - _CONTEXT, 0)
        high = min(max(last, first + 1) + _CONTEXT, len(line), low + _LONG_LINE)
        head, tail = ("..." if low else ""), ("..." if high < len(line) else "")
        line = head + line[low:high] + tail
        first, last = first - low + len(head), min(last - low, high - low) + len(head)
    # Measure display widths with the same tab expansion as the printed line, so the caret lines up.
    start = len(_expand(line[:first]))
    end = len(_expand(line[:last]))
    return [_expand(_printable(line)), " " * start + "^" + "~" * max(end - start - 1, 0)]


FIXABLE_MARK = "[*]"  # as ruff marks a finding that --fix fixes


def render(result: RunResult, *, color: bool = False, concise: bool = False, unsafe_fixes: bool = False) -> str:
    def style(text: str, **kw) -> str:
        return click.style(text, **kw) if color else text

    def sev(level: str) -> str:
        return style(f"{level}:", fg=_COLORS.get(level), bold=True)

    out: list[str] = []
    # Paths, messages (they quote code) and reasons come from the scanned tree: one_line keeps
    # each one harmless line (no control sequence, no forged line, no workflow command).
    for f in heapq.merge(result.findings, result.suppressed, key=Finding.sort_key):
        loc = style(f"{one_line(f.path)}:{f.span.line}:{f.span.column}:", bold=True)
        message = one_line(f.message)
        if f.suppression is not None:
            # No "warning:" here: editors' gcc problem matchers must not pick it up as one.
            reason = f"reason: {one_line(f.suppression.reason)}" if f.suppression.reason else "no reason given"
            out.append(f"{loc} {style('suppressed:', dim=True)} [{f.rule_id}] {message} "
                       f"({f.severity}, {reason})")
            continue
        mark = f" {style(FIXABLE_MARK, bold=True)}" if fixable(f, unsafe_fixes) else ""
        out.append(f"{loc} {sev(f.severity)} {style(f'[{f.rule_id}]', dim=True)}{mark} {message}")
        if not concise:
            excerpt = _excerpt(f, result.sources.get(f.path))
            if excerpt:
                out += [excerpt[0], style(excerpt[1], fg="green", bold=True)]
        for r in () if concise else f.related:  # concise: exactly one line per finding
            rloc = style(f"{one_line(r.path)}:{r.span.line}:{r.span.column}:", bold=True)
            out.append(f"  {rloc} {sev('note')} {one_line(r.message)}")

    for n in result.notifications:
        rule = f" [{n.rule_id}]" if n.rule_id else ""
        where = f" ({one_line(n.path)})" if n.path else ""
        out.append(f"{style(NAME + ':', bold=True)} {sev(n.level)} {one_line(n.message)}{rule}{where}")

    out.append(summary(result, unsafe_fixes))
    return "\n".join(out) + "\n"


def summary(result: RunResult, unsafe_fixes: bool = False) -> str:
    """The run in one line: files, time, findings by severity, what --fix would fix,
    what was suppressed or not shown. The text report's last line, and on stderr for
    every other format."""
    return _summary(result) + _fixable(result, unsafe_fixes)


def _fixable(result: RunResult, unsafe_fixes: bool) -> str:
    safe = sum(fixable(f) for f in result.findings)
    unsafe = sum(fixable(f, True) for f in result.findings) - safe
    if unsafe_fixes:
        safe, unsafe = safe + unsafe, 0
    parts = [f"{safe} fixable with --fix{' --unsafe-fixes' if unsafe_fixes else ''}"] if safe else []
    if unsafe:
        parts.append(f"{unsafe} {'more ' if safe else ''}with --fix --unsafe-fixes")
    return f"; {FIXABLE_MARK} {', '.join(parts)}" if parts else ""


def _summary(result: RunResult) -> str:
    head = f"Checked {_plural(result.files_scanned, 'file')}"
    if result.files_with_parse_errors:
        head += f" ({result.files_with_parse_errors} with parse errors)"
    if result.target_kernel:
        head += f" for Linux {result.target_kernel}"
    head += f" in {result.elapsed_seconds:.2f}s"
    suppressed = f", {len(result.suppressed)} suppressed" if result.suppressed else ""
    hidden = hidden_summary(result)
    tail = suppressed + (f"; not shown: {hidden}" if hidden else "")
    if not result.findings:
        return f"{head}: no findings{tail}"
    counts = {s: sum(f.severity == s for f in result.findings) for s in ("error", "warning", "note")}
    detail = ", ".join(_plural(n, s) for s, n in counts.items())
    return f"{head}: {_plural(len(result.findings), 'finding')} ({detail}){tail}"


def hidden_summary(result: RunResult) -> str:
    """"3 in the baseline, 1 not on a changed line": the findings --baseline/--diff left out."""
    return ", ".join(f"{n} {reason}" for reason, n in result.hidden.items() if n)
