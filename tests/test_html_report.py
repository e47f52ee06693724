"""The HTML audit report, read back with the standard library's html.parser."""
from __future__ import annotations

import time
from html.parser import HTMLParser

import pytest

from kmodlint.model import Finding, Notification, Related, RuleInfo, RunResult, Span
from kmodlint.report import html_report, render

ROOT = "/home/builder/secret checkout"
HOSTILE = '\tx = a < b && c; /* </pre><script>alert("x")</script> */'
LATIN1 = "\tpr_info(\"caf\udce9\x07\");"  # an undecodable byte (surrogateescape) and a control character

RULES = [
    RuleInfo("copy-check", "Copy result ignored", "warning",
             "Finds calls whose result is ignored.\n\n"
             "- first item with `code <here>`\n"
             "  continued on a second line\n"
             "- **bold** item\n\n"
             "**Fix:** check it:\n\n"
             "```c\nif (copy_from_user(&a, p, n))\n\treturn -EFAULT;\n```\n\n"
             "| written | write instead |\n|---|---|\n| `a < b` | <b>not html</b> |\n",
             tags=("uaccess",)),
    RuleInfo("irq-lock", "Lock in IRQ handler", "error", "Use the _irqsave variant."),
    RuleInfo("quiet-rule", "Never fires here", "note", "Nothing."),
]


def source(count: int, flagged: dict[int, str] | None = None) -> list[str]:
    lines = [f"\tint value_{n} = {n};\n" for n in range(1, count + 1)]
    for number, text in (flagged or {}).items():
        lines[number - 1] = text + "\n"
    return lines


def make_result() -> RunResult:
    findings = [
        Finding("irq-lock", "error", "drivers/a/irq.c", Span(10, 2, 10, 7), "spin_lock_irq <in> handler",
                function="a_irq",
                related=(Related("drivers/a/irq.c", Span(3, 2, 3, 5), "handler registered here"),
                         Related("drivers/b/other.c", Span(1, 1, 1, 2), "no source kept for this one"))),
        Finding("copy-check", "warning", "drivers/a/irq.c", Span(20, 2, 20, 3),
                "result & status ignored: write `if (*p < 0)` * 2"),
        Finding("copy-check", "warning", "drivers/a/z.c", Span(1, 2, 1, 3), "hostile source"),
        Finding("copy-check", "note", "drivers/c/latin.c", Span(2, 11, 2, 15), "latin-1 byte"),
    ]
    return RunResult(
        root=ROOT, findings=findings, rules=list(RULES), files_scanned=40, files_parsed=30, files_skipped=10,
        files_with_parse_errors=2, elapsed_seconds=1.5,
        sources={"drivers/a/irq.c": source(30), "drivers/a/z.c": source(3, {1: HOSTILE}),
                 "drivers/c/latin.c": source(4, {2: LATIN1})})


# -- a small DOM from html.parser -----------------------------------------------

VOID = {"meta", "br", "hr", "img", "input", "link", "wbr"}


class Node:
    def __init__(self, tag: str, attrs: dict[str, str | None], parent: Node | None):
        self.tag, self.attrs, self.parent, self.children = tag, attrs, parent, []

    def text(self) -> str:
        return "".join(child if isinstance(child, str) else child.text() for child in self.children)

    def iter(self, tag: str | None = None, cls: str | None = None):
        for child in self.children:
            if isinstance(child, Node):
                if (tag is None or child.tag == tag) and (cls is None or cls in child.classes()):
                    yield child
                yield from child.iter(tag, cls)

    def classes(self) -> list[str]:
        return (self.attrs.get("class") or "").split()


class TreeBuilder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = self.current = Node("#document", {}, None)

    def handle_starttag(self, tag, attrs):
        node = Node(tag, dict(attrs), self.current)
        self.current.children.append(node)
        if tag not in VOID:
            self.current = node

    def handle_startendtag(self, tag, attrs):
        self.current.children.append(Node(tag, dict(attrs), self.current))

    def handle_endtag(self, tag):
        node = self.current
        while node is not None and node.tag != tag:
            node = node.parent
        assert node is not None, f"</{tag}> closes nothing"
        assert node is self.current, f"</{tag}> closes <{node.tag}> while <{self.current.tag}> is open"
        self.current = node.parent

    def handle_data(self, data):
        self.current.children.append(data)


def parse(text: str) -> Node:
    builder = TreeBuilder()
    builder.feed(text)
    builder.close()
    assert builder.current is builder.root, f"<{builder.current.tag}> never closed"
    return builder.root


@pytest.fixture(scope="module")
def page() -> tuple[str, Node]:
    text = html_report.render(make_result())
    return text, parse(text)


# -- structure --------------------------------------------------------------------

def test_summary_tables_and_chart_count_what_was_found(page):
    _, doc = page
    rows = [[td.text() for td in tr.iter("td")] for tr in next(doc.iter("table", "per-rule")).iter("tr")][1:]
    # rule, default severity, findings, errors, warnings, notes
    assert [[row[0], row[1], *row[3:]] for row in rows] == [["irq-lock", "error", "1", "1", "0", "0"],
                                                           ["copy-check", "warning", "3", "0", "2", "1"]]
    links = [a.attrs["href"] for a in next(doc.iter("table", "per-rule")).iter("a")]
    assert sorted(links) == ["#rule-copy-check", "#rule-irq-lock"]
    folders = {tds[0]: tds[2] for tds in ([td.text() for td in tr.iter("td")]
                                         for tr in next(doc.iter("table", "per-folder")).iter("tr")) if tds}
    assert folders == {"drivers/a/": "3", "drivers/c/": "1"}
    (chart,) = doc.iter("svg")
    bars = list(chart.iter("g", "bar"))
    assert len(bars) == 2  # one per rule with findings; quiet-rule has none
    assert [[rect.attrs["class"] for rect in bar.iter("rect")] for bar in bars] == \
        [["bar-error"], ["bar-warning", "bar-note"]]  # a segment per severity found
    titles = [next(bar.iter("title")).text() for bar in bars]
    assert titles == ["irq-lock: 1 finding (1 error)", "copy-check: 3 findings (2 warnings, 1 note)"]
    assert {text.text() for text in chart.iter("text")} >= {"copy-check", "irq-lock", "3", "1"}
    summary = next(node for node in doc.iter("section") if node.attrs.get("id") == "summary").text()
    assert "4findings" in summary and "1error" in summary and "2warnings" in summary and "1note" in summary
    assert "40files scanned" in summary and "2with parse errors" in summary


def test_rules_ordered_by_the_severity_they_found():
    # irq-lock is an error rule, but here it only found notes: the warnings come first.
    findings = [Finding("irq-lock", "note", "a.c", Span(1, 1, 1, 2), "m"),
                Finding("irq-lock", "note", "a.c", Span(2, 1, 2, 2), "m"),
                Finding("copy-check", "warning", "a.c", Span(3, 1, 3, 2), "m")]
    doc = parse(html_report.render(RunResult(root=ROOT, findings=findings, rules=list(RULES))))
    table = next(doc.iter("table", "per-rule"))
    assert [next(tr.iter("td")).text() for tr in table.iter("tr") if list(tr.iter("td"))] == ["copy-check", "irq-lock"]


def test_one_collapsible_section_per_file_with_each_finding(page):
    _, doc = page
    sections = list(doc.iter("details", "file"))
    assert [s.attrs["id"] for s in sections] == ["file-1", "file-2", "file-3"]
    assert [next(s.iter("summary")).text().split(" \u2014 ")[0] for s in sections] == \
        ["drivers/a/irq.c", "drivers/a/z.c", "drivers/c/latin.c"]
    assert all("open" in s.attrs for s in sections)  # few findings: expanded
    findings = list(sections[0].iter("div", "finding"))
    assert len(findings) == 2 and findings[0].classes() == ["finding", "error"]
    excerpt = next(findings[0].iter("pre", "src"))
    numbers = [label.text().strip() for label in excerpt.iter("i")]
    assert numbers == ["8", "9", "10", "11", "12"]  # two lines of context around line 10
    (flagged,) = excerpt.iter("span", "hl")
    assert flagged.text() == "10 \tint value_10 = 10;"
    (mark,) = flagged.iter("mark")
    assert mark.text() == "int v"  # bytes 2..7 of the line
    assert "#rule-irq-lock" in [a.attrs["href"] for a in findings[0].iter("a")]


def test_related_locations_have_their_own_line(page):
    _, doc = page
    first = next(doc.iter("div", "finding"))
    items = list(next(first.iter("ul", "related")).iter("li"))
    assert len(items) == 2
    assert items[0].text().startswith("irq.c:3:2: handler registered here")  # same file: its name
    (line,) = items[0].iter("pre")
    assert next(line.iter("mark")).text() == "int" and "3 \tint value_3 = 3;" in line.text()
    assert items[1].text() == "drivers/b/other.c:1:1: no source kept for this one"  # other file: full path
    assert not list(items[1].iter("pre"))  # no source for that file: location and message only


def test_every_internal_link_has_a_target(page):
    _, doc = page
    ids = {node.attrs["id"] for node in doc.iter() if "id" in node.attrs}
    hrefs = [node.attrs["href"] for node in doc.iter() if "href" in node.attrs]
    assert hrefs and all(href.startswith("#") and href[1:] in ids for href in hrefs)


def test_rule_help_rendered_once_per_rule_with_findings(page):
    text, doc = page
    rules = {node.attrs["id"]: node for node in doc.iter("div", "rule")}
    assert set(rules) == {"rule-copy-check", "rule-irq-lock"}
    assert text.count("Finds calls whose result is ignored.") == 1
    help_node = rules["rule-copy-check"]
    items = [li.text() for li in next(help_node.iter("ul")).iter("li")]
    assert items == ["first item with code <here> continued on a second line", "bold item"]
    assert [n.text() for n in help_node.iter("strong")] == ["bold", "Fix:"]
    (code,) = (pre for pre in help_node.iter("pre"))
    assert code.text() == "if (copy_from_user(&a, p, n))\n\treturn -EFAULT;"
    (table,) = help_node.iter("table")
    assert [th.text() for th in table.iter("th")] == ["written", "write instead"]
    assert [td.text() for td in table.iter("td")] == ["a < b", "<b>not html</b>"]
    assert not list(help_node.iter("b"))  # raw HTML in help is text
    quiet = next(node for node in doc.iter("section") if node.attrs.get("id") == "rules").text()
    assert "quiet-rule" in quiet and "Never fires here" in quiet


# -- escaping and self-containment ------------------------------------------------

def test_source_lines_and_messages_are_escaped(page):
    text, doc = page
    assert len(list(doc.iter("script"))) == 1  # the report's own, not the one in the source
    hostile = list(doc.iter("details", "file"))[1]
    assert HOSTILE in next(hostile.iter("span", "hl")).text()
    latin = list(doc.iter("details", "file"))[2]
    assert '\tpr_info("caf\u00e9 ");' in next(latin.iter("span", "hl")).text()
    assert next(latin.iter("mark")).text() == "caf\u00e9"  # columns 11..15: 4 bytes, 4 characters
    messages = [node.text() for node in doc.iter("div", "msg")]
    assert messages[:2] == ["spin_lock_irq <in> handler", "result & status ignored: write if (*p < 0) * 2"]
    (code,) = list(doc.iter("div", "msg"))[1].iter("code")  # backticks quote code; no emphasis from `*`
    assert code.text() == "if (*p < 0)" and not list(doc.iter("em"))
    assert "\udce9" not in text and "\x07" not in text
    text.encode("utf-8")  # no lone surrogate left anywhere


def test_no_external_resources(page):
    text, doc = page
    for node in doc.iter():
        for name in ("src", "href", "action", "data", "xlink:href"):
            value = (node.attrs.get(name) or "").strip().lower()
            assert not value.startswith(("http:", "https:", "//", "file:", "data:")), (node.tag, value)
    assert not list(doc.iter("link")) and not list(doc.iter("img")) and not list(doc.iter("iframe"))
    style = next(doc.iter("style")).text()
    assert "@import" not in style and "url(" not in style
    assert ROOT not in text


def test_hostile_paths_and_ids_stay_text():
    rule = RuleInfo('x"><script>', "t<i>", "warning", "h")
    finding = Finding(rule.id, "warning", 'dir"/<a>.c', Span(1, 1, 1, 2), "m")
    doc = parse(html_report.render(RunResult(root=ROOT, findings=[finding], rules=[rule])))
    assert len(list(doc.iter("script"))) == 1
    assert next(doc.iter("details", "file")).text().startswith('dir"/<a>.c')
    assert any(node.attrs.get("id") == 'rule-x"><script>' for node in doc.iter("div", "rule"))


def test_empty_run_says_so():
    text = render("html", RunResult(root=ROOT, rules=list(RULES), files_scanned=3))
    doc = parse(text)
    assert not list(doc.iter("details")) and not list(doc.iter("svg"))
    assert next(doc.iter("title")).text() == "kmodlint report: 0 findings in 0 files (0 errors, 0 warnings, 0 notes)"
    assert text.count("No findings.") == 3


def test_long_lines_are_windowed_and_multiline_spans_marked_to_the_end():
    table = "\t" + ", ".join(f"0x{n:04x}" for n in range(20_000)) + ";"
    findings = [Finding("copy-check", "warning", "gen.c", Span(2, 60_001, 2, 60_007), "in a generated table"),
                Finding("irq-lock", "error", "gen.c", Span(3, 3, 5, 2), "spans three lines")]
    result = RunResult(root=ROOT, findings=findings, rules=list(RULES),
                       sources={"gen.c": [table + "\n", table + "\n", "\tfoo(a,\n", "\t    b);\n", "}\n"]})
    text = html_report.render(result)
    assert len(text) < 30_000  # three quoted copies of a 160 KB line would be half a megabyte
    first, second = parse(text).iter("div", "finding")
    assert next(first.iter("mark")).text() == table[60_000:60_006]
    assert next(first.iter("span", "hl")).text().count("\u2026") == 2  # cut on both sides of the window
    assert next(second.iter("mark")).text() == "oo(a,"  # from column 3 to the end of line 3


def test_many_notifications_are_folded():
    result = make_result()
    result.notifications = [Notification("warning", f"file too big, skipped: f{n}.c") for n in range(25)]
    doc = parse(html_report.render(result))
    (folded,) = (d for d in doc.iter("details") if "notification" in next(d.iter("summary")).text())
    assert "open" not in folded.attrs and next(folded.iter("summary")).text() == "25 notifications"
    assert len(list(folded.iter("li"))) == 25
    result.notifications = result.notifications[:3]
    (shown,) = (d for d in parse(html_report.render(result)).iter("details")
                if "notification" in next(d.iter("summary")).text())
    assert "open" in shown.attrs


# -- scale ------------------------------------------------------------------------

def big_result(files: int = 400, per_file: int = 25) -> RunResult:
    """files x per_file findings on 80-column kernel-looking lines, a related location each."""
    line = "\tret = foo_transfer(dev, &priv->buffer[index], sizeof(priv->buffer), GFP_KERNEL);\n"
    sources, findings = {}, []
    for f in range(files):
        path = f"drivers/group{f % 80}/file{f}.c"
        sources[path] = [line] * (per_file * 12 + 10)
        for n in range(per_file):
            at = 5 + n * 12
            rule = ("copy-check", "irq-lock", "quiet-rule")[n % 3]
            findings.append(Finding(rule, "warning", path, Span(at, 8, at, 20), f"message {n} about foo_transfer()",
                                    function="foo_probe",
                                    related=(Related(path, Span(at + 2, 2, at + 2, 5), "checked here"),)))
    return RunResult(root=ROOT, findings=findings, rules=list(RULES), files_scanned=files, sources=sources)


def test_ten_thousand_findings_render_fast_and_small():
    result = big_result()
    assert len(result.findings) == 10_000
    start = time.process_time()
    text = html_report.render(result)
    seconds = time.process_time() - start
    size = len(text.encode("utf-8"))
    assert seconds < 10, seconds  # about 0.5 s when measured; generous for a loaded CI machine
    assert size < 20_000_000, size
    doc = parse(text)
    sections = list(doc.iter("details", "file"))
    assert len(sections) == 400 and not any("open" in s.attrs for s in sections)  # many: collapsed
    assert len(list(doc.iter("div", "finding"))) == 10_000
    assert len(list(next(doc.iter("svg")).iter("g", "bar"))) == 3
    (folders,) = (d for d in doc.iter("details") if "folder" in next(d.iter("summary")).text())
    assert next(folders.iter("summary")).text() == "80 folders with findings" and "open" not in folders.attrs


def test_summary_says_what_the_report_leaves_out():
    """Suppressed findings and those --baseline/--diff hid are counted, never silently missing."""
    result = make_result()
    hidden = result.findings[1]
    result.suppressed = [hidden]
    result.hidden = {"in the baseline": 238, "not on a changed line": 0}
    doc = parse(html_report.render(result))
    summary = next(node for node in doc.iter("section") if node.attrs.get("id") == "summary")
    cards = {card.text().strip() for card in summary.iter("div", "card")}
    assert {"1suppressed in the source", "238not shown: in the baseline"} <= cards
    assert not any("changed line" in card for card in cards)
    plain = parse(html_report.render(make_result()))
    plain_summary = next(node for node in plain.iter("section") if node.attrs.get("id") == "summary").text()
    assert "suppressed" not in plain_summary and "not shown" not in plain_summary
