"""One self-contained HTML audit report, in the spirit of clang's scan-build.

No network and no external assets: the CSS, the bar chart (SVG) and a few lines of
optional JavaScript are inline, so the file can be archived as a CI artifact and
opened anywhere. Findings are grouped per file in <details> sections (collapsed
when there are many) and each rule's help is rendered once, in the rules section,
so 10,000 findings stay a few megabytes.
"""
from __future__ import annotations

import re
from html import escape

from kmodlint.__about__ import NAME, VERSION
from kmodlint.model import SEVERITY_ORDER, Finding, RuleInfo, RunResult, Span
from kmodlint.report.text_report import _chars_before, _printable

CONTEXT_LINES = 2  # source lines shown above and below a flagged line
OPEN_LIMIT = 200  # up to this many findings, every file section starts expanded
FOLDERS_SHOWN = 50  # a longer per-folder table starts collapsed
_LONG_LINE = 400  # characters; a longer line (a generated table) is shown as a window
_WINDOW = 120  # characters kept on each side of the span in that window
_SEVERITIES = ("error", "warning", "note")


def _text(value: str) -> str:
    """Element content from a source file, a message or a path: control characters and
    undecodable bytes (surrogateescape) become one printable character each. Only `&`
    and `<` need escaping in content (not in attributes: use html.escape there); leaving
    `>` alone keeps every `ptr->field` of a kernel excerpt 3 bytes shorter."""
    return _printable(value).replace("&", "&amp;").replace("<", "&lt;")


def _plural(n: int, word: str) -> str:
    return f"{n:,} {word}" if n == 1 else f"{n:,} {word}s"


def _folder(path: str) -> str:
    return path.rpartition("/")[0] or "."


# -- source excerpts -----------------------------------------------------------

def _columns(line: str, span: Span, line_number: int) -> tuple[int, int]:
    """The character range [first, last) of `span` on `line` (columns are 1-based bytes)."""
    first = len(_chars_before(line, span.column)) if span.line == line_number else 0
    last = len(_chars_before(line, span.end_column)) if span.end_line == line_number else len(line)
    return first, max(last, first)


def _marked(line: str, first: int, last: int) -> str:
    """`line` with [first, last) in <mark>; a long line is cut to a window around the mark."""
    head = tail = ""
    if len(line) > _LONG_LINE:
        low = max(first - _WINDOW, 0)
        high = min(max(last, first + 1) + _WINDOW, len(line), low + _LONG_LINE)
        head, tail = ("\u2026" if low else ""), ("\u2026" if high < len(line) else "")
        line, first, last = line[low:high], first - low, min(last, high) - low
    if last <= first:  # an empty span: mark the position with one (possibly blank) cell
        last = first + 1 if first < len(line) else first
    mark = _text(line[first:last]) or " "
    return f"{head}{_text(line[:first])}<mark>{mark}</mark>{_text(line[last:])}{tail}"


def _plain(line: str) -> str:
    if len(line) > _LONG_LINE:
        return _text(line[:_LONG_LINE]) + "\u2026"
    return _text(line)


def _excerpt(lines: list[str] | None, span: Span) -> str:
    """A few numbered lines around the span, the flagged line highlighted; '' without source."""
    if not lines or not 1 <= span.line <= len(lines):
        return ""
    low, high = max(span.line - CONTEXT_LINES, 1), min(span.line + CONTEXT_LINES, len(lines))
    width = len(str(high))
    rows = []
    for number in range(low, high + 1):
        line = lines[number - 1].rstrip("\r\n")
        label = f'<i>{number:>{width}}</i> '
        if number == span.line:
            rows.append(f'<span class="hl">{label}{_marked(line, *_columns(line, span, number))}</span>')
        else:
            rows.append(label + _plain(line))
    return '<pre class="src">' + "\n".join(rows) + "</pre>"


def _one_line(lines: list[str] | None, span: Span) -> str:
    """The related location's own line, its span marked; '' without source."""
    if not lines or not 1 <= span.line <= len(lines):
        return ""
    line = lines[span.line - 1].rstrip("\r\n")
    return (f'<pre class="src rel"><span class="hl"><i>{span.line}</i> '
            f'{_marked(line, *_columns(line, span, span.line))}</span></pre>')


# -- rule help: a small, safe subset of markdown ---------------------------------

_BOLD = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*")
_EMPHASIS = re.compile(r"(?<![\w*])\*(?=[^\s*])([^*]+?)(?<=\S)\*(?![\w*])")
_LIST_ITEM = re.compile(r"(?:[-*+]|\d+[.)])\s+")
_HEADING = re.compile(r"(#{1,6})\s+(.*)")


def _inline(text: str, emphasis: bool = True) -> str:
    """`code`, **bold** and *emphasis*; everything else is escaped text (no raw HTML, no links)."""
    parts = text.split("`")
    if len(parts) % 2 == 0:  # an unmatched last backtick is text, not the start of code
        parts[-2:] = [parts[-2] + "`" + parts[-1]]
    out = []
    for index, part in enumerate(parts):
        if index % 2:
            out.append(f"<code>{_text(part)}</code>")
        elif emphasis:
            part = _BOLD.sub(r"<strong>\1</strong>", _text(part))
            out.append(_EMPHASIS.sub(r"<em>\1</em>", part))
        else:
            out.append(_text(part))
    return "".join(out)


def _table(rows: list[str]) -> str:
    def cells(row: str) -> list[str]:
        return [cell.strip() for cell in row.strip().strip("|").split("|")]

    head, body = cells(rows[0]), rows[2:] if len(rows) > 1 and set(rows[1]) <= set("|-: ") else rows[1:]
    out = ["<table><thead><tr>", *(f"<th>{_inline(c)}</th>" for c in head), "</tr></thead><tbody>"]
    for row in body:
        out += ["<tr>", *(f"<td>{_inline(c)}</td>" for c in cells(row)), "</tr>"]
    return "".join(out) + "</tbody></table>"


def markdown(text: str) -> str:
    """Paragraphs, lists, fenced code, pipe tables, headings and inline code/bold/emphasis."""
    lines = text.strip("\n").splitlines()
    out: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        stripped = line.strip()
        if not stripped:
            i += 1
        elif stripped.startswith("```"):
            end = next((j for j in range(i + 1, len(lines)) if lines[j].strip().startswith("```")), len(lines))
            out.append("<pre><code>" + "\n".join(map(_text, lines[i + 1:end])) + "</code></pre>")
            i = end + 1
        elif stripped.startswith("|"):
            end = next((j for j in range(i, len(lines)) if not lines[j].strip().startswith("|")), len(lines))
            out.append(_table([row.strip() for row in lines[i:end]]))
            i = end
        elif heading := _HEADING.fullmatch(stripped):
            out.append(f"<h4>{_inline(heading[2])}</h4>")
            i += 1
        elif _LIST_ITEM.match(stripped):
            ordered = stripped[0].isdigit()
            items: list[list[str]] = []
            while i < len(lines):
                current = lines[i].strip()
                if item := _LIST_ITEM.match(current):
                    items.append([current[item.end():]])
                elif current and (lines[i][:1].isspace() or not _starts_block(current)):
                    items[-1].append(current)  # a continuation line of the item
                elif not current and i + 1 < len(lines) and _LIST_ITEM.match(lines[i + 1].strip()):
                    pass  # a blank line between two items keeps the list going
                else:
                    break
                i += 1
            tag = "ol" if ordered else "ul"
            out.append(f"<{tag}>" + "".join(f"<li>{_inline(' '.join(item))}</li>" for item in items) + f"</{tag}>")
        else:
            paragraph = []
            while i < len(lines) and lines[i].strip() and not _starts_block(lines[i].strip()):
                paragraph.append(lines[i].strip())
                i += 1
            out.append(f"<p>{_inline(' '.join(paragraph))}</p>")
    return "\n".join(out)


def _starts_block(stripped: str) -> bool:
    return (stripped.startswith(("```", "|")) or bool(_LIST_ITEM.match(stripped))
            or bool(_HEADING.fullmatch(stripped)))


# -- the page --------------------------------------------------------------------

_CSS = """
:root{--error:#c0262d;--warning:#a65f00;--note:#1769aa;--line:#d8dde3;--soft:#f5f7f9;--hl:#fff3c4}
*{box-sizing:border-box}
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;color:#1d232a;margin:0 auto;
max-width:1200px;padding:0 20px 40px}
header{border-bottom:2px solid var(--line);margin-bottom:8px}
h1{font-size:22px;margin:18px 0 4px}h2{font-size:18px;margin:28px 0 8px}h3{font-size:15px;margin:0}
nav a{margin-right:14px}a{color:#0b57a4}
code,pre,.mono{font-family:ui-monospace,"DejaVu Sans Mono",Menlo,Consolas,monospace;font-size:12.5px}
table{border-collapse:collapse;margin:6px 0}th,td{border:1px solid var(--line);padding:3px 9px;text-align:left;
vertical-align:top}th{background:var(--soft)}td.n{text-align:right;font-variant-numeric:tabular-nums}
td.mono{white-space:nowrap}
.cards{display:flex;flex-wrap:wrap;gap:10px;margin:10px 0}
.card{border:1px solid var(--line);border-radius:6px;padding:8px 14px;min-width:130px;background:var(--soft)}
.card b{display:block;font-size:20px}
.sev{font-weight:600;border-radius:3px;padding:0 5px;color:#fff;font-size:12px;white-space:nowrap}
.sev.error{background:var(--error)}.sev.warning{background:var(--warning)}.sev.note{background:var(--note)}
.c-error{color:var(--error)}.c-warning{color:var(--warning)}.c-note{color:var(--note)}
svg text{font:12px system-ui,sans-serif;fill:#1d232a}svg .bar-error{fill:var(--error)}
svg .bar-warning{fill:var(--warning)}svg .bar-note{fill:var(--note)}
details.file{border:1px solid var(--line);border-radius:6px;margin:8px 0}
details.file>summary{cursor:pointer;padding:6px 10px;background:var(--soft);border-radius:6px}
details.file[open]>summary{border-bottom:1px solid var(--line);border-radius:6px 6px 0 0}
summary .mono{font-weight:600}
.finding{padding:8px 12px;border-left:4px solid var(--line)}
.finding+.finding{border-top:1px dashed var(--line)}
.finding.error{border-left-color:var(--error)}.finding.warning{border-left-color:var(--warning)}
.finding.note{border-left-color:var(--note)}
.loc{color:#5b6570}.msg{margin:2px 0 4px}
pre{background:var(--soft);border:1px solid var(--line);border-radius:4px;padding:6px 0;margin:4px 0;
overflow-x:auto;tab-size:8;-moz-tab-size:8}
pre.src>span,pre.src{white-space:pre}pre.src{padding:4px 0}
pre.src i{font-style:normal;display:inline-block;color:#8a939c;text-align:right;padding:0 8px;user-select:none;
border-right:1px solid var(--line);margin-right:4px}
pre.src .hl{display:inline-block;min-width:100%;background:var(--hl)}
:not(pre)>code{background:#eef1f4;padding:0 3px;border-radius:3px}
mark{background:#ffd24d;outline:1px solid #e0a800;border-radius:2px;color:inherit}
ul.related{margin:4px 0;padding-left:20px}ul.related pre{margin:2px 0 6px}
.rule{border:1px solid var(--line);border-radius:6px;padding:10px 14px;margin:10px 0}
.rule pre{padding:6px 10px}.rule table{font-size:13px}.meta{color:#5b6570;font-size:12.5px}
.tools button{font:inherit;margin-right:6px}
@media print{details.file{break-inside:avoid}}
"""

# Optional: the report reads the same without it. It adds the expand/collapse-all
# buttons and opens a collapsed file section when a link points into it.
_SCRIPT = """
document.querySelectorAll('.tools').forEach(t=>t.hidden=false);
function setAll(open){document.querySelectorAll('details.file').forEach(d=>d.open=open)}
function reveal(){var e=location.hash&&document.getElementById(decodeURIComponent(location.hash.slice(1)));
for(;e;e=e.parentElement){if(e.tagName==='DETAILS')e.open=true}}
window.addEventListener('hashchange',reveal);reveal();
"""


def _severity_badge(level: str) -> str:
    return f'<span class="sev {level}">{level}</span>'


def _rule_link(rule_id: str) -> str:
    return f'<a href="#rule-{escape(rule_id, quote=True)}">{escape(rule_id)}</a>'


def _counts(findings) -> dict[str, int]:
    counts = dict.fromkeys(_SEVERITIES, 0)
    for finding in findings:
        counts[finding.severity] = counts.get(finding.severity, 0) + 1
    return counts


def _summary(result: RunResult, by_file: dict[str, list[Finding]]) -> list[str]:
    counts = _counts(result.findings)
    files = [
        ("files scanned", f"{result.files_scanned:,}"),
        ("parsed", f"{result.files_parsed:,}"),
        ("with parse errors", f"{result.files_with_parse_errors:,}"),
        ("skipped: no trigger word", f"{result.files_skipped:,}"),
        ("from the cache", f"{result.files_from_cache:,}"),
        ("time", f"{result.elapsed_seconds:.2f} s"),
    ]
    out = ['<section id="summary"><h2>Summary</h2><div class="cards">',
           f'<div class="card"><b>{len(result.findings):,}</b>findings</div>']
    out += [f'<div class="card"><b class="c-{level}">{counts[level]:,}</b>'
            f'{level if counts[level] == 1 else level + "s"}</div>' for level in _SEVERITIES]
    out += [f'<div class="card"><b>{len(by_file):,}</b>files with findings</div>',
            f'<div class="card"><b>{len(result.rules):,}</b>rules run</div></div><div class="cards">']
    out += [f'<div class="card"><b>{value}</b>{label}</div>' for label, value in files]
    # What the run found but this report leaves out, so a reader knows the list is not all there is.
    left_out = [(f"not shown: {reason}", n) for reason, n in result.hidden.items() if n]
    if result.suppressed:
        left_out.insert(0, ("suppressed in the source", len(result.suppressed)))
    out += [f'<div class="card"><b>{n:,}</b>{_text(label)}</div>' for label, n in left_out]
    out.append("</div>")
    if result.notifications:
        heading = _plural(len(result.notifications), "notification")
        # A run over a whole tree can say thousands of "too big" or "unreadable": fold those away.
        out.append(f"<details{' open' if len(result.notifications) <= 20 else ''}><summary>{heading}</summary><ul>")
        for n in result.notifications:
            where = f' <span class="mono">{_text(n.path)}</span>' if n.path else ""
            rule = f" [{_rule_link(n.rule_id)}]" if n.rule_id else ""
            out.append(f"<li>{_severity_badge(n.level)} {_text(n.message)}{rule}{where}</li>")
        out.append("</ul></details>")
    out.append("</section>")
    return out


def _breakdown(counts: dict[str, int]) -> str:
    return ", ".join(_plural(n, level) for level, n in counts.items() if n)


def _rule_table(per_rule: list[tuple[RuleInfo, dict[str, int]]]) -> list[str]:
    out = ['<section id="rules-table"><h2>Findings per rule</h2>']
    if not per_rule:
        return out + ["<p>No findings.</p></section>"]
    # A rule's findings can be more or less severe than its default (a note for a likely
    # false alarm, an error for the worst case): the columns say how many of each.
    out.append('<table class="per-rule"><thead><tr><th>rule</th><th>default severity</th><th>title</th>'
               '<th>findings</th>' + "".join(f"<th>{level}s</th>" for level in _SEVERITIES)
               + "</tr></thead><tbody>")
    for rule, counts in per_rule:
        out.append(f'<tr><td class="mono">{_rule_link(rule.id)}</td><td>{_severity_badge(rule.severity)}</td>'
                   f'<td>{_text(rule.title)}</td><td class="n">{sum(counts.values()):,}</td>'
                   + "".join(f'<td class="n">{counts[level]:,}</td>' for level in _SEVERITIES) + "</tr>")
    out.append("</tbody></table>")
    out += _bar_chart(per_rule)
    return out + ["</section>"]


def _bar_chart(per_rule: list[tuple[RuleInfo, dict[str, int]]]) -> list[str]:
    """One horizontal bar per rule with findings, in segments per severity, with a <title> and text labels."""
    label_width, bar_width, row, top = 250, 560, 24, 6
    height = top * 2 + row * len(per_rule)
    largest = max(sum(counts.values()) for _, counts in per_rule)
    out = [f'<svg class="chart" role="img" aria-labelledby="chart-title" width="{label_width + bar_width + 80}" '
           f'height="{height}" viewBox="0 0 {label_width + bar_width + 80} {height}">',
           '<title id="chart-title">Findings per rule, by severity</title>']
    for index, (rule, counts) in enumerate(per_rule):
        y = top + index * row
        total = sum(counts.values())
        rule_id = escape(rule.id)
        out.append(f'<a href="#rule-{escape(rule.id, quote=True)}"><g class="bar">'
                   f'<title>{rule_id}: {_plural(total, "finding")} ({_breakdown(counts)})</title>'
                   f'<text x="{label_width - 8}" y="{y + 16}" text-anchor="end">{rule_id}</text>')
        x = label_width
        for level, n in counts.items():
            if n:
                width = max(round(bar_width * n / largest), 2)
                out.append(f'<rect class="bar-{level}" x="{x}" y="{y + 3}" width="{width}" height="{row - 6}"/>')
                x += width
        out.append(f'<text x="{x + 6}" y="{y + 16}">{total:,}</text></g></a>')
    return out + ["</svg>"]


def _folder_table(by_file: dict[str, list[Finding]], file_ids: dict[str, str]) -> list[str]:
    folders: dict[str, list[str]] = {}
    for path in by_file:
        folders.setdefault(_folder(path), []).append(path)
    rows = []
    for folder, paths in folders.items():
        counts = _counts(f for path in paths for f in by_file[path])
        rows.append((-sum(counts.values()), folder, paths, counts))
    rows.sort(key=lambda row: row[:2])
    out = ['<section id="folders"><h2>Findings per folder</h2>']
    if not rows:
        return out + ["<p>No findings.</p></section>"]
    # Hundreds of folders would push the findings a long scroll away: fold a long table.
    out.append(f"<details{' open' if len(rows) <= FOLDERS_SHOWN else ''}><summary>"
               f"{_plural(len(rows), 'folder')} with findings</summary>")
    out.append('<table class="per-folder"><thead><tr><th>folder</th><th>files</th><th>findings</th>'
               + "".join(f"<th>{level}s</th>" for level in _SEVERITIES) + "</tr></thead><tbody>")
    for total, folder, paths, counts in rows:
        out.append(f'<tr><td class="mono"><a href="#{file_ids[paths[0]]}">{_text(folder)}/</a></td>'
                   f'<td class="n">{len(paths):,}</td><td class="n">{-total:,}</td>'
                   + "".join(f'<td class="n">{counts[level]:,}</td>' for level in _SEVERITIES) + "</tr>")
    return out + ["</tbody></table></details></section>"]


def _file_sections(result: RunResult, by_file: dict[str, list[Finding]], file_ids: dict[str, str]) -> list[str]:
    out = ['<section id="findings"><h2>Findings per file</h2>']
    if not by_file:
        return out + ["<p>No findings.</p></section>"]
    if len(by_file) > 1:
        out.append('<p class="tools" hidden><button type="button" onclick="setAll(true)">Expand all</button>'
                   '<button type="button" onclick="setAll(false)">Collapse all</button></p>')
    is_open = " open" if len(result.findings) <= OPEN_LIMIT else ""
    number = 0
    for path, findings in by_file.items():
        counts = _counts(findings)
        detail = ", ".join(f'<span class="c-{level}">{_plural(n, level)}</span>'
                           for level, n in counts.items() if n)
        out.append(f'<details class="file" id="{file_ids[path]}"{is_open}><summary><span class="mono">'
                   f'{_text(path)}</span> \u2014 {_plural(len(findings), "finding")} ({detail})</summary>')
        lines = result.sources.get(path)
        name = _text(path.rpartition("/")[2])  # the section's summary holds the full path
        for finding in findings:
            number += 1
            span = finding.span
            where = f" in {_text(finding.function)}()" if finding.function else ""
            out.append(
                f'<div class="finding {finding.severity}" id="f-{number}">'
                f'<div>{_severity_badge(finding.severity)} <span class="mono">[{_rule_link(finding.rule_id)}]</span> '
                f'<a class="loc mono" href="#f-{number}">{name}:{span.line}:{span.column}</a>'
                f'<span class="loc">{where}</span></div>'
                # Messages quote code in backticks; a `*` in them is C, never emphasis.
                f'<div class="msg">{_inline(finding.message, emphasis=False)}</div>{_excerpt(lines, span)}')
            if finding.related:
                out.append('<ul class="related">')
                for related in finding.related:
                    where = name if related.path == path else _text(related.path)
                    out.append(f'<li><span class="mono">{where}:{related.span.line}:'
                               f'{related.span.column}</span>: {_text(related.message)}'
                               f'{_one_line(result.sources.get(related.path), related.span)}</li>')
                out.append("</ul>")
            out.append("</div>")
        out.append("</details>")
    return out + ["</section>"]


def _rules_help(rules: list[RuleInfo], per_rule: list[tuple[RuleInfo, dict[str, int]]]) -> list[str]:
    out = ['<section id="rules"><h2>Rules</h2>']
    for rule, counts in per_rule:
        count = sum(counts.values())
        tags = f", tags: {_text(', '.join(rule.tags))}" if rule.tags else ""
        help_html = markdown(rule.help) if rule.help.strip() else "<p>No help text.</p>"
        out.append(f'<div class="rule" id="rule-{escape(rule.id, quote=True)}"><h3>'
                   f'<span class="mono">{escape(rule.id)}</span> {_severity_badge(rule.severity)} '
                   f'{_text(rule.title)}</h3><p class="meta">{_plural(count, "finding")}, precision '
                   f'{escape(rule.precision)}{tags}</p>{help_html}</div>')
    reported = {rule.id for rule, _ in per_rule}
    quiet = [rule for rule in rules if rule.id not in reported]
    if quiet:
        out.append("<h3>Rules run without findings</h3><table><tbody>")
        out += [f'<tr><td class="mono">{escape(rule.id)}</td><td>{_severity_badge(rule.severity)}</td>'
                f"<td>{_text(rule.title)}</td></tr>" for rule in quiet]
        out.append("</tbody></table>")
    return out + ["</section>"]


def render(result: RunResult) -> str:
    by_file: dict[str, list[Finding]] = {}
    for finding in result.findings:
        by_file.setdefault(finding.path, []).append(finding)
    by_file = dict(sorted(by_file.items()))
    file_ids = {path: f"file-{index}" for index, path in enumerate(by_file, 1)}

    known = {rule.id: rule for rule in result.rules}
    tally: dict[str, dict[str, int]] = {}
    for finding in result.findings:
        counts = tally.setdefault(finding.rule_id, dict.fromkeys(_SEVERITIES, 0))
        counts[finding.severity] = counts.get(finding.severity, 0) + 1
        if finding.rule_id not in known:  # a finding of a rule the run does not describe
            known[finding.rule_id] = RuleInfo(finding.rule_id, "", finding.severity, "")
    # The most severe findings first (a rule's own severity can differ from what it found), then the most.
    per_rule = sorted(((known[rule_id], counts) for rule_id, counts in tally.items()),
                      key=lambda item: (min(SEVERITY_ORDER.get(level, 3) for level, n in item[1].items() if n),
                                        -sum(item[1].values()), item[0].id))

    counts = _counts(result.findings)
    headline = (f"{_plural(len(result.findings), 'finding')} in {_plural(len(by_file), 'file')} "
                f"({', '.join(_plural(n, level) for level, n in counts.items())})")
    page = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{NAME} report: {headline}</title>",
        f"<style>{_CSS}</style></head><body>",
        f"<header><h1>{NAME} report</h1><p class=\"meta\">{NAME} {escape(VERSION)} \u2014 {headline}</p>",
        '<nav><a href="#summary">Summary</a><a href="#rules-table">Per rule</a><a href="#folders">Per folder</a>'
        '<a href="#findings">Findings</a><a href="#rules">Rules</a></nav></header>',
        *_summary(result, by_file),
        *_rule_table(per_rule),
        *_folder_table(by_file, file_ids),
        *_file_sections(result, by_file, file_ids),
        *_rules_help(result.rules, per_rule),
        f"<script>{_SCRIPT}</script>",
        "</body></html>",
    ]
    # A path or message may still hold a lone surrogate that no encoder accepts.
    return "\n".join(page).encode("utf-8", "replace").decode("utf-8") + "\n"
