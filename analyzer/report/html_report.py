"""One self-contained HTML audit report, in the spirit of clang's scan-build.

No network and no external assets: the CSS, the bar chart (SVG) and a few lines of
optional JavaScript are inline, so the file can be archived as a CI artifact and
opened anywhere. It is an audit record: the header says what was checked (paths,
git commit and whether the tree had uncommitted changes, kernel version, date,
command line, rules and configuration; gathered by the CLI, RunResult.provenance),
and suppressed findings and files that did not parse cleanly are listed.

Findings come by severity (errors first), then by rule, in <details> groups; past
OPEN_LIMIT findings each group shows its first few and folds the rest. An optional
inline script adds filters (severity, rule, path); without it the page reads the
same. Each rule's help is rendered once, so 10,000 findings stay a few megabytes.
"""
from __future__ import annotations

import re
from html import escape
from urllib.parse import quote

from kmodlint.__about__ import NAME, VERSION
from kmodlint.fix import fixable
from kmodlint.model import SEVERITY_ORDER, Finding, RuleInfo, RunResult, Span
from kmodlint.report.text_report import _chars_before, _printable

CONTEXT_LINES = 2  # source lines shown above and below a flagged line
OPEN_LIMIT = 200  # up to this many findings, every finding is shown unfolded
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
h3.sev-head{margin:18px 0 6px;font-size:16px}
nav{margin:8px 0}nav a{margin-right:14px}a{color:#0b57a4}
code,pre,.mono{font-family:ui-monospace,"DejaVu Sans Mono",Menlo,Consolas,monospace;font-size:12.5px}
table{border-collapse:collapse;margin:6px 0}th,td{border:1px solid var(--line);padding:3px 9px;text-align:left;
vertical-align:top}th{background:var(--soft)}td.n{text-align:right;font-variant-numeric:tabular-nums}
td.mono{white-space:nowrap}
.fixable{font-size:11.5px;font-weight:600;color:#1a7f37;margin-left:.5em}
table.scope th{width:150px;font-weight:600}table.scope td{word-break:break-word}
.dirty{color:var(--error);font-weight:600}.since{background:#e8f1fb;border:1px solid #b9d3ef;border-radius:6px;
padding:6px 12px;margin:8px 0}
.cards{display:flex;flex-wrap:wrap;gap:10px;margin:10px 0}
.card{border:1px solid var(--line);border-radius:6px;padding:8px 14px;min-width:130px;background:var(--soft)}
.card b{display:block;font-size:20px}
.sev{font-weight:600;border-radius:3px;padding:0 5px;color:#fff;font-size:12px;white-space:nowrap}
.sev.error{background:var(--error)}.sev.warning{background:var(--warning)}.sev.note{background:var(--note)}
.c-error{color:var(--error)}.c-warning{color:var(--warning)}.c-note{color:var(--note)}
svg text{font:12px system-ui,sans-serif;fill:#1d232a}svg .bar-error{fill:var(--error)}
svg .bar-warning{fill:var(--warning)}svg .bar-note{fill:var(--note)}
details.group{border:1px solid var(--line);border-radius:6px;margin:8px 0}
details.group>summary{cursor:pointer;padding:6px 10px;background:var(--soft);border-radius:6px}
details.group[open]>summary{border-bottom:1px solid var(--line);border-radius:6px 6px 0 0}
details.more>summary{cursor:pointer;padding:6px 12px;color:#0b57a4}
summary .mono{font-weight:600}
.finding{padding:8px 12px;border-left:4px solid var(--line)}
.finding+.finding,details.more .finding:first-of-type{border-top:1px dashed var(--line)}
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
form.filters{position:sticky;top:0;z-index:1;background:#fff;border:1px solid var(--line);border-radius:6px;
padding:8px 12px;margin:8px 0;display:flex;flex-wrap:wrap;gap:8px 18px;align-items:center}
form.filters[hidden]{display:none}form.filters input[type=search]{width:260px}
.count{color:#5b6570}
@media print{details.group{break-inside:avoid}form.filters{display:none}}
"""

# Optional: the report reads the same without it (every group is there, most severe
# first). It shows the filters (severity, rule, path), applies them by hiding
# findings, takes their first values from the address (report.html?sev=error&rule=ID
# &path=drivers/net/, a link to a filtered view), and opens a collapsed section when
# a link points into it.
_SCRIPT = """
(function(){
var form=document.querySelector('form.filters');if(!form)return;form.hidden=false;
var cards=Array.prototype.slice.call(document.querySelectorAll('#findings .finding'));
var groups=document.querySelectorAll('#findings details.group');
var count=form.querySelector('.count');
function apply(){
 var sev={};form.querySelectorAll('input[name=sev]').forEach(function(b){sev[b.value]=b.checked});
 var rule=form.rule.value,path=form.path.value.trim().toLowerCase(),shown=0;
 cards.forEach(function(c){var d=c.dataset,ok=sev[d.sev]&&(!rule||d.rule===rule)&&
  (!path||d.path.toLowerCase().indexOf(path)>=0);c.hidden=!ok;if(ok)shown++});
 groups.forEach(function(g){var n=g.querySelectorAll('.finding:not([hidden])').length;g.hidden=!n;
  g.querySelector('.n-shown').textContent=n<g.querySelectorAll('.finding').length?n+' shown, ':'';
  if(rule||path)g.querySelectorAll('details.more').forEach(function(m){m.open=true})});
 document.querySelectorAll('#findings h3.sev-head').forEach(function(h){
  h.hidden=!document.querySelector('#findings details.group[data-sev='+h.dataset.sev+']:not([hidden])')});
 count.textContent='showing '+shown.toLocaleString()+' of '+cards.length.toLocaleString()+' findings';
}
var q=new URLSearchParams(location.search);
if(q.has('sev')){var s=q.get('sev').split(',');
 form.querySelectorAll('input[name=sev]').forEach(function(b){b.checked=s.indexOf(b.value)>=0})}
if(q.has('rule'))form.rule.value=q.get('rule');if(q.has('path'))form.path.value=q.get('path');
form.addEventListener('input',apply);form.addEventListener('submit',function(e){e.preventDefault()});
form.querySelector('button').addEventListener('click',function(){form.reset();apply()});
apply();
function reveal(){var t=location.hash&&document.getElementById(decodeURIComponent(location.hash.slice(1)));
if(!t)return;for(var e=t;e;e=e.parentElement){if(e.tagName==='DETAILS')e.open=true}t.scrollIntoView()}
window.addEventListener('hashchange',reveal);reveal();
})();
"""

PREVIEW = 10  # past OPEN_LIMIT findings, each group shows this many; the rest are one click away
SUPPRESSED_SHOWN = 50  # a longer list of suppressed findings starts collapsed


def _severity_badge(level: str) -> str:
    return f'<span class="sev {level}">{level}</span>'


def _rule_link(rule_id: str) -> str:
    return f'<a href="#rule-{escape(rule_id, quote=True)}">{escape(rule_id)}</a>'


def _group_id(level: str, rule_id: str) -> str:
    return f"g-{level}-{rule_id}"


def _counts(findings) -> dict[str, int]:
    counts = dict.fromkeys(_SEVERITIES, 0)
    for finding in findings:
        counts[finding.severity] = counts.get(finding.severity, 0) + 1
    return counts


class _Links:
    """Locations as links to a source browser (--source-url), or as plain text."""

    def __init__(self, template: str | None):
        self.template = template

    def location(self, path: str, span: Span, label: str, cls: str = "loc mono") -> str:
        if not self.template:
            return f'<span class="{cls}">{label}</span>'
        url = self.template.replace("{path}", quote(path, safe="/")).replace("{line}", str(span.line))
        return f'<a class="{cls}" href="{escape(url, quote=True)}">{label}</a>'


def _parse_problem_list(result: RunResult) -> list[tuple[str, Span | None, str]]:
    """(path, where the first error is, what it means) for each file that did not parse
    cleanly: from the run's parse errors when it records them, else from notifications."""
    recorded = getattr(result, "parse_errors", None) or []
    if recorded:
        return [(e.path, Span(e.line, e.column, e.line, e.column), "the first syntax error; findings in the "
                 "code around it may be missing") for e in recorded]
    return [(n.path, None, n.message) for n in result.notifications if _is_parse_problem(n)]


def _is_parse_problem(notification) -> bool:
    """A notification that says a file did not parse cleanly (so its findings may be incomplete)."""
    kind = str(getattr(notification, "kind", "") or "").lower()
    text = notification.message.lower()
    return bool(notification.path) and ("parse" in kind or "parse error" in text or "did not parse" in text
                                        or "syntax error" in text)


def _scope(result: RunResult) -> list[str]:
    """The header's audit record: what was checked, from which commit and kernel, when, how."""
    prov = result.provenance
    rows: list[tuple[str, str]] = []
    if prov is not None:
        if prov.paths:
            rows.append(("Paths checked", ", ".join(f'<span class="mono">{_text(p)}</span>' for p in prov.paths)))
        if prov.commit:
            state = {True: ' <span class="dirty">with uncommitted changes to tracked files</span>',
                     False: " (no uncommitted changes)", None: ""}[prov.dirty]
            rows.append(("Git commit", f'<span class="mono">{escape(prov.commit)}</span>{state}'))
        else:
            rows.append(("Git commit", "not in a git repository"))
    # The version the code was judged against (#if LINUX_VERSION_CODE ...), when the run has one,
    # and how it was chosen; the tree's own version when that is not already what it says.
    target = str(getattr(result, "target_kernel", "") or "")
    chosen = str(getattr(result, "target_kernel_source", "") or "")
    if prov is not None and prov.kernel and not (target and "makefile" in chosen.lower()):
        rows.append(("Kernel tree", f"Linux {_text(prov.kernel)} (from the tree's Makefile)"))
    if target:
        rows.append(("Target kernel", f"Linux {_text(target)}" + (f" ({_text(chosen)})" if chosen else "")))
    if prov is not None:
        if prov.started:
            rows.append(("Date", _text(prov.started)))
        if prov.command:
            rows.append(("Command", f'<code>{_text(prov.command)}</code>'))
    rows.append((NAME, escape(VERSION)))
    active = ", ".join(f'<span class="mono">{_rule_link(r.id)}</span>' for r in result.rules)
    rows.append((f"Rules run ({len(result.rules)})", active or "none"))
    if prov is not None:
        settings = "<br>".join(f'{_text(name)} = <span class="mono">{_text(value)}</span>'
                               for name, value in prov.settings)
        rows.append(("Configuration", settings or "defaults (no config file, no rule selected or ignored)"))
    out = ['<table class="scope"><tbody>']
    out += [f"<tr><th>{name}</th><td>{value}</td></tr>" for name, value in rows]
    out.append("</tbody></table>")
    if prov is not None and prov.new_since:
        hidden = sum(result.hidden.values())
        out.append(f'<p class="since"><strong>New findings only:</strong> this report shows the findings new since '
                   f'{_text(prov.new_since)}; {_plural(hidden, "older finding")} not shown.</p>')
    return out


def _summary(result: RunResult, files_with_findings: int, parse_problems: list) -> list[str]:
    counts = _counts(result.findings)
    new = "new " if result.provenance is not None and result.provenance.new_since else ""
    out = ['<section id="summary"><h2>Summary</h2><div class="cards">',
           f'<div class="card"><b>{len(result.findings):,}</b>{new}findings</div>']
    out += [f'<div class="card"><b class="c-{level}">{counts[level]:,}</b>'
            f'{level if counts[level] == 1 else level + "s"}</div>' for level in _SEVERITIES]
    out += [f'<div class="card"><b>{files_with_findings:,}</b>files with findings</div>',
            f'<div class="card"><b>{result.files_scanned:,}</b>files checked</div>']
    if result.files_with_parse_errors:
        link = ' (<a href="#parse-problems">list</a>)' if parse_problems else ""
        out.append(f'<div class="card"><b>{result.files_with_parse_errors:,}</b>with parse errors{link}</div>')
    # What the run found but this report leaves out, so a reader knows the list is not all there is.
    left_out = [(f"not shown: {reason}", n) for reason, n in result.hidden.items() if n]
    if result.suppressed:
        left_out.insert(0, ('suppressed in the source (<a href="#suppressed">list</a>)', len(result.suppressed)))
    out += [f'<div class="card"><b>{n:,}</b>{label}</div>' for label, n in left_out]
    out.append("</div>")
    # How the tool got there, for whoever tunes it; an auditor needs none of it.
    seconds = f"{result.elapsed_seconds:.2f} s"
    details = [("files parsed", f"{result.files_parsed:,}"),
               ("files not parsed: no rule's trigger word in them", f"{result.files_skipped:,}"),
               ("files whose result came from the cache", f"{result.files_from_cache:,}"),
               ("time", seconds)]
    out.append('<details class="run-details"><summary>Run details</summary><table><tbody>')
    out += [f'<tr><td>{label}</td><td class="n">{value}</td></tr>' for label, value in details]
    out.append("</tbody></table></details>")
    notes = [n for n in result.notifications if not _is_parse_problem(n)]
    if notes:
        heading = _plural(len(notes), "notification")
        # A run over a whole tree can say thousands of "too big" or "unreadable": fold those away.
        out.append(f"<details{' open' if len(notes) <= 20 else ''}><summary>{heading}</summary><ul>")
        for n in notes:
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
    # false alarm, an error for the worst case): the columns say how many of each, and
    # link to that group of findings.
    out.append('<table class="per-rule"><thead><tr><th>rule</th><th>default severity</th><th>title</th>'
               '<th>findings</th>' + "".join(f"<th>{level}s</th>" for level in _SEVERITIES)
               + "</tr></thead><tbody>")
    for rule, counts in per_rule:
        cells = "".join(
            f'<td class="n"><a href="#{escape(_group_id(level, rule.id), quote=True)}">{counts[level]:,}</a></td>'
            if counts[level] else '<td class="n">0</td>' for level in _SEVERITIES)
        out.append(f'<tr><td class="mono">{_rule_link(rule.id)}</td><td>{_severity_badge(rule.severity)}</td>'
                   f'<td>{_text(rule.title)}</td><td class="n">{sum(counts.values()):,}</td>{cells}</tr>')
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


def _folder_table(findings: list[Finding]) -> list[str]:
    folders: dict[str, set[str]] = {}
    counted: dict[str, dict[str, int]] = {}
    for finding in findings:
        folder = _folder(finding.path)
        folders.setdefault(folder, set()).add(finding.path)
        counts = counted.setdefault(folder, dict.fromkeys(_SEVERITIES, 0))
        counts[finding.severity] = counts.get(finding.severity, 0) + 1
    rows = sorted((-sum(counts.values()), folder) for folder, counts in counted.items())
    out = ['<section id="folders"><h2>Findings per folder</h2>']
    if not rows:
        return out + ["<p>No findings.</p></section>"]
    # Hundreds of folders would push the findings a long scroll away: fold a long table.
    out.append(f"<details{' open' if len(rows) <= FOLDERS_SHOWN else ''}><summary>"
               f"{_plural(len(rows), 'folder')} with findings</summary>")
    out.append('<table class="per-folder"><thead><tr><th>folder</th><th>files</th><th>findings</th>'
               + "".join(f"<th>{level}s</th>" for level in _SEVERITIES) + "</tr></thead><tbody>")
    for total, folder in rows:
        counts = counted[folder]
        out.append(f'<tr><td class="mono">{_text(folder)}/</td>'
                   f'<td class="n">{len(folders[folder]):,}</td><td class="n">{-total:,}</td>'
                   + "".join(f'<td class="n">{counts[level]:,}</td>' for level in _SEVERITIES) + "</tr>")
    return out + ["</tbody></table></details></section>"]


def _finding(result: RunResult, finding: Finding, number: int, links: _Links) -> list[str]:
    span = finding.span
    path = finding.path
    where = f" in {_text(finding.function)}()" if finding.function else ""
    location = links.location(path, span, f"{_text(path)}:{span.line}:{span.column}")
    out = [f'<div class="finding {finding.severity}" id="f-{number}" data-sev="{finding.severity}" '
           f'data-rule="{escape(finding.rule_id, quote=True)}" data-path="{escape(_printable(path), quote=True)}">'
           f'<div>{_severity_badge(finding.severity)} <span class="mono">[{_rule_link(finding.rule_id)}]</span> '
           f'{location}<span class="loc">{where}</span>{_fix_badge(finding)} <a class="loc" href="#f-{number}" '
           f'title="link to this finding">#</a></div>'
           # Messages quote code in backticks; a `*` in them is C, never emphasis.
           f'<div class="msg">{_inline(finding.message, emphasis=False)}</div>'
           f'{_excerpt(result.sources.get(path), span)}']
    if finding.related:
        out.append('<ul class="related">')
        for related in finding.related:
            shown = path.rpartition("/")[2] if related.path == path else related.path  # same file: its name
            label = f"{_text(shown)}:{related.span.line}:{related.span.column}"
            out.append(f'<li>{links.location(related.path, related.span, label, "mono")}: '
                       f'{_text(related.message)}{_one_line(result.sources.get(related.path), related.span)}</li>')
        out.append("</ul>")
    out.append("</div>")
    return out


def _fix_badge(finding: Finding) -> str:
    """[*] as in the text report (ruff's mark): what `kmodlint check --fix` would fix here."""
    if fixable(finding):
        return ' <span class="fixable" title="kmodlint check --fix applies this fix">[*] fixable</span>'
    if fixable(finding, unsafe=True):
        return (' <span class="fixable" title="the fix needs follow-up work (see the message); kmodlint check '
                '--fix --unsafe-fixes applies it">[*] fixable with --unsafe-fixes</span>')
    return ""


def _fixable_line(findings: list[Finding]) -> str:
    safe = sum(fixable(f) for f in findings)
    unsafe = sum(fixable(f, unsafe=True) for f in findings) - safe
    parts = ([f"{_plural(safe, 'finding')} fixable with <code>--fix</code>"] if safe else []) + \
        ([f"{unsafe} more with <code>--fix --unsafe-fixes</code>"] if unsafe else [])
    return f'<p class="meta">[*] {", ".join(parts)}</p>' if parts else ""


def _findings(result: RunResult, per_rule: list[tuple[RuleInfo, dict[str, int]]], links: _Links) -> list[str]:
    """The findings by severity, errors first, and by rule within a severity; each (severity,
    rule) group in path order. With many findings, each group shows its first few and folds
    the rest, so every rule and severity stays one screen away."""
    out = ['<section id="findings"><h2>Findings</h2>']
    if not result.findings:
        return out + ["<p>No findings.</p></section>"]
    groups: dict[tuple[str, str], list[Finding]] = {}
    for finding in result.findings:
        groups.setdefault((finding.severity, finding.rule_id), []).append(finding)
    rule_order = {rule.id: index for index, (rule, _) in enumerate(per_rule)}
    titles = {rule.id: rule.title for rule, _ in per_rule}
    preview = None if len(result.findings) <= OPEN_LIMIT else PREVIEW
    options = "".join(f'<option value="{escape(rule.id, quote=True)}">{escape(rule.id)} '
                      f'({sum(counts.values()):,})</option>' for rule, counts in per_rule)
    levels = [level for level in _SEVERITIES if any(key[0] == level for key in groups)]
    out.append('<form class="filters" hidden><strong>Filter</strong>'
               + "".join(f'<label><input type="checkbox" name="sev" value="{level}" checked> {level}s</label>'
                         for level in levels)
               + f'<label>rule <select name="rule"><option value="">all rules</option>{options}</select></label>'
               '<label>path <input type="search" name="path" placeholder="drivers/net/"></label>'
               '<button type="button">Reset</button><span class="count"></span></form>')
    number = 0
    for level in levels:
        keys = sorted((key for key in groups if key[0] == level), key=lambda key: rule_order.get(key[1], 0))
        total = sum(len(groups[key]) for key in keys)
        out.append(f'<h3 class="sev-head c-{level}" id="sev-{level}" data-sev="{level}">'
                   f'{level.capitalize()}s ({total:,})</h3>')
        for key in keys:
            rule_id, members = key[1], groups[key]
            files = len({f.path for f in members})
            out.append(f'<details class="group" id="{escape(_group_id(level, rule_id), quote=True)}" '
                       f'data-sev="{level}" open><summary>{_severity_badge(level)} <span class="mono">'
                       f'{escape(rule_id)}</span> \u2014 {_text(titles.get(rule_id, ""))} \u2014 <span class="n-shown">'
                       f'</span>{_plural(len(members), "finding")} in {_plural(files, "file")}</summary>')
            for index, finding in enumerate(members):
                if preview is not None and index == preview:
                    out.append(f'<details class="more"><summary>{_plural(len(members) - preview, "more finding")}'
                               f' of {escape(rule_id)}</summary>')
                number += 1
                out += _finding(result, finding, number, links)
            if preview is not None and len(members) > preview:
                out.append("</details>")
            out.append("</details>")
    return out + ["</section>"]


def _suppressed(result: RunResult, links: _Links) -> list[str]:
    if not result.suppressed:
        return []
    reasons = sum(bool(f.suppression and f.suppression.reason) for f in result.suppressed)
    out = ['<section id="suppressed"><h2>Suppressed findings</h2>',
           f"<p>{_plural(len(result.suppressed), 'finding')} hidden by <code>kmodlint: ignore[...]</code> comments, "
           f"{reasons:,} with a reason. They do not count in the findings above.</p>",
           f"<details{' open' if len(result.suppressed) <= SUPPRESSED_SHOWN else ''}><summary>"
           f"{_plural(len(result.suppressed), 'suppressed finding')}</summary>",
           '<table class="suppressed"><thead><tr><th>location</th><th>rule</th><th>finding</th>'
           '<th>reason given</th></tr></thead><tbody>']
    for finding in result.suppressed:
        comment = finding.suppression
        reason = _text(comment.reason) if comment and comment.reason else "<em>no reason given</em>"
        if comment is not None:
            scope = "the whole file" if comment.whole_file else "this line"
            label = f"{_text(finding.path)}:{comment.span.line}"
            reason += f' <span class="meta">(comment at {links.location(finding.path, comment.span, label, "mono")}' \
                      f", for {scope})</span>"
        label = f"{_text(finding.path)}:{finding.span.line}:{finding.span.column}"
        out.append(f'<tr><td class="mono">{links.location(finding.path, finding.span, label, "mono")}</td>'
                   f'<td class="mono">{_rule_link(finding.rule_id)}</td>'
                   f'<td>{_severity_badge(finding.severity)} {_inline(finding.message, emphasis=False)}</td>'
                   f"<td>{reason}</td></tr>")
    return out + ["</tbody></table></details></section>"]


def _parse_problems(result: RunResult, problems: list, links: _Links) -> list[str]:
    if not problems and not result.files_with_parse_errors:
        return []
    out = ['<section id="parse-problems"><h2>Files that did not parse cleanly</h2>',
           "<p>The parser recovered from syntax it could not read (often a macro it cannot expand); the rules "
           "saw the rest of each file, and findings may be missing around those places.</p>"]
    if not problems:
        return out + [f"<p>{_plural(result.files_with_parse_errors, 'file')} had parse errors; this run does not "
                      f"list which.</p></section>"]
    out.append(f"<details{' open' if len(problems) <= SUPPRESSED_SHOWN else ''}><summary>"
               f"{_plural(len(problems), 'file')}</summary><ul>")
    for path, span, message in problems:
        if span is None:
            where = f'<span class="mono">{_text(path)}</span>'
        else:
            where = links.location(path, span, f"{_text(path)}:{span.line}:{span.column}", "mono")
        out.append(f"<li>{where}: {_text(message)}</li>")
    return out + ["</ul></details></section>"]


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
        out += [f'<tr><td class="mono" id="rule-{escape(rule.id, quote=True)}">{escape(rule.id)}</td>'
                f"<td>{_severity_badge(rule.severity)}</td><td>{_text(rule.title)}</td></tr>" for rule in quiet]
        out.append("</tbody></table>")
    return out + ["</section>"]


def render(result: RunResult, source_url: str | None = None) -> str:
    """`source_url`: a link for each location, with {path} (relative to the scan root) and
    {line} replaced, e.g. https://elixir.bootlin.com/linux/v6.12/source/{path}#L{line}."""
    links = _Links(source_url)
    files_with_findings = len({finding.path for finding in result.findings})
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
    parse_problems = _parse_problem_list(result)

    counts = _counts(result.findings)
    prov = result.provenance
    new = "new " if prov is not None and prov.new_since else ""
    scope = f" on {', '.join(prov.paths)}" if prov is not None and prov.paths else ""
    headline = (f"{_plural(len(result.findings), new + 'finding')} in {_plural(files_with_findings, 'file')} "
                f"of {result.files_scanned:,} checked ({', '.join(_plural(n, level) for level, n in counts.items())})")
    page = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{NAME} report{_text(scope)}: {headline}</title>",
        f"<style>{_CSS}</style></head><body>",
        f"<header><h1>{NAME} report{_text(scope)}</h1><p class=\"meta\">{headline}</p>",
        _fixable_line(result.findings),
        *_scope(result),
        '<nav><a href="#summary">Summary</a><a href="#rules-table">Per rule</a><a href="#findings">Findings</a>'
        + "".join(f'<a href="#sev-{level}">{level}s</a>' for level in _SEVERITIES if counts[level])
        + '<a href="#folders">Per folder</a>'
        + ('<a href="#suppressed">Suppressed</a>' if result.suppressed else "")
        + ('<a href="#parse-problems">Parse errors</a>' if parse_problems or result.files_with_parse_errors else "")
        + '<a href="#rules">Rules</a></nav></header>',
        *_summary(result, files_with_findings, parse_problems),
        *_rule_table(per_rule),
        *_findings(result, per_rule, links),
        *_folder_table(result.findings),
        *_suppressed(result, links),
        *_parse_problems(result, parse_problems, links),
        *_rules_help(result.rules, per_rule),
        f"<script>{_SCRIPT}</script>",
        "</body></html>",
    ]
    # A path or message may still hold a lone surrogate that no encoder accepts.
    return "\n".join(page).encode("utf-8", "replace").decode("utf-8") + "\n"
