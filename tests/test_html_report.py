"""The HTML audit report, read back with the standard library's html.parser."""
from __future__ import annotations

import dataclasses
import re
import time
from types import SimpleNamespace
from html.parser import HTMLParser

import pytest

from kmodlint.model import Finding, Notification, Provenance, Related, RuleInfo, RunResult, Span, SuppressionComment
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
    # the rule's help, and each severity's count to that group of findings
    assert links == ["#rule-irq-lock", "#g-error-irq-lock", "#rule-copy-check", "#g-warning-copy-check",
                     "#g-note-copy-check"]
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
    assert "40files checked" in summary and "2with parse errors" in summary
    # how the tool got there (parsed, skipped by trigger word, cache, time) is folded away
    (details,) = (node for node in next(doc.iter("section")).iter("details") if "run-details" in node.classes())
    assert "open" not in details.attrs and "trigger word" in details.text() and "cache" in details.text()
    cards = " ".join(card.text() for card in doc.iter("div", "card"))
    assert "cache" not in cards and "trigger" not in cards and "parsed" not in cards


def test_rules_ordered_by_the_severity_they_found():
    # irq-lock is an error rule, but here it only found notes: the warnings come first.
    findings = [Finding("irq-lock", "note", "a.c", Span(1, 1, 1, 2), "m"),
                Finding("irq-lock", "note", "a.c", Span(2, 1, 2, 2), "m"),
                Finding("copy-check", "warning", "a.c", Span(3, 1, 3, 2), "m")]
    doc = parse(html_report.render(RunResult(root=ROOT, findings=findings, rules=list(RULES))))
    table = next(doc.iter("table", "per-rule"))
    assert [next(tr.iter("td")).text() for tr in table.iter("tr") if list(tr.iter("td"))] == ["copy-check", "irq-lock"]


def test_findings_by_severity_errors_first_then_by_rule(page):
    _, doc = page
    heads = [(h.attrs["id"], h.text()) for h in doc.iter("h3", "sev-head")]
    assert heads == [("sev-error", "Errors (1)"), ("sev-warning", "Warnings (2)"), ("sev-note", "Notes (1)")]
    groups = list(doc.iter("details", "group"))
    assert [g.attrs["id"] for g in groups] == ["g-error-irq-lock", "g-warning-copy-check", "g-note-copy-check"]
    assert all("open" in g.attrs for g in groups) and not list(doc.iter("details", "more"))  # few: all shown
    assert next(groups[1].iter("summary")).text().endswith("2 findings in 2 files")
    cards = list(doc.iter("div", "finding"))
    assert [(c.attrs["data-sev"], c.attrs["data-rule"], c.attrs["data-path"]) for c in cards] == [
        ("error", "irq-lock", "drivers/a/irq.c"), ("warning", "copy-check", "drivers/a/irq.c"),
        ("warning", "copy-check", "drivers/a/z.c"), ("note", "copy-check", "drivers/c/latin.c")]
    assert [c.attrs["id"] for c in cards] == ["f-1", "f-2", "f-3", "f-4"]
    first = cards[0]
    assert first.classes() == ["finding", "error"]
    assert "drivers/a/irq.c:10:2" in first.text() and "in a_irq()" in first.text()  # the full path: groups mix files
    excerpt = next(first.iter("pre", "src"))
    numbers = [label.text().strip() for label in excerpt.iter("i")]
    assert numbers == ["8", "9", "10", "11", "12"]  # two lines of context around line 10
    (flagged,) = excerpt.iter("span", "hl")
    assert flagged.text() == "10 \tint value_10 = 10;"
    (mark,) = flagged.iter("mark")
    assert mark.text() == "int v"  # bytes 2..7 of the line
    assert "#rule-irq-lock" in [a.attrs["href"] for a in first.iter("a")]


def test_filters_are_there_for_the_script_and_hidden_without_it(page):
    text, doc = page
    (form,) = doc.iter("form", "filters")
    assert "hidden" in form.attrs  # without JavaScript the page shows every group, no dead controls
    assert [i.attrs["value"] for i in form.iter("input") if i.attrs.get("name") == "sev"] == ["error", "warning", "note"]
    assert [o.attrs["value"] for o in form.iter("option")] == ["", "irq-lock", "copy-check"]
    assert "form.hidden=false" in text and "URLSearchParams" in text


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
    cards = list(doc.iter("div", "finding"))
    hostile = cards[2]
    assert HOSTILE in next(hostile.iter("span", "hl")).text()
    latin = cards[3]
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
    card = next(doc.iter("div", "finding"))
    assert card.attrs["data-path"] == 'dir"/<a>.c' and card.attrs["data-rule"] == 'x"><script>'
    assert 'dir"/<a>.c:1:1' in card.text()
    assert any(node.attrs.get("id") == 'rule-x"><script>' for node in doc.iter("div", "rule"))


def test_empty_run_says_so():
    text = render("html", RunResult(root=ROOT, rules=list(RULES), files_scanned=3))
    doc = parse(text)
    assert not list(doc.iter("details", "group")) and not list(doc.iter("svg")) and not list(doc.iter("form"))
    assert next(doc.iter("title")).text() == \
        "kmodlint report: 0 findings in 0 files of 3 checked (0 errors, 0 warnings, 0 notes)"
    assert text.count("No findings.") == 3
    # with the CLI's provenance, the report names what it covers
    result = RunResult(root=ROOT, rules=list(RULES), files_scanned=3, provenance=Provenance(paths=("drivers/ok",)))
    doc = parse(html_report.render(result))
    assert next(doc.iter("title")).text().startswith("kmodlint report on drivers/ok: 0 findings")
    assert next(doc.iter("h1")).text() == "kmodlint report on drivers/ok"


def test_long_lines_are_windowed_and_multiline_spans_marked_to_the_end():
    table = "\t" + ", ".join(f"0x{n:04x}" for n in range(20_000)) + ";"
    findings = [Finding("copy-check", "warning", "gen.c", Span(2, 60_001, 2, 60_007), "in a generated table"),
                Finding("irq-lock", "error", "gen.c", Span(3, 3, 5, 2), "spans three lines")]
    result = RunResult(root=ROOT, findings=findings, rules=list(RULES),
                       sources={"gen.c": [table + "\n", table + "\n", "\tfoo(a,\n", "\t    b);\n", "}\n"]})
    text = html_report.render(result)
    assert len(text) < 30_000  # three quoted copies of a 160 KB line would be half a megabyte
    second, first = parse(text).iter("div", "finding")  # the error first
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
    groups = list(doc.iter("details", "group"))
    assert [g.attrs["id"] for g in groups] == ["g-warning-copy-check", "g-warning-irq-lock", "g-warning-quiet-rule"]
    # many findings: every group is open with its first few shown, the rest one click away
    assert all("open" in g.attrs for g in groups)
    for group in groups:
        (more,) = group.iter("details", "more")
        assert "open" not in more.attrs
        shown = [c for c in group.children if isinstance(c, Node) and "finding" in c.classes()]
        assert len(shown) == html_report.PREVIEW and len(list(more.iter("div", "finding"))) > 3000
        assert next(more.iter("summary")).text().endswith(f"more findings of {group.attrs['id'].removeprefix('g-warning-')}")
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
    assert {"1suppressed in the source (list)", "238not shown: in the baseline"} <= cards
    assert not any("changed line" in card for card in cards)
    plain = parse(html_report.render(make_result()))
    plain_summary = next(node for node in plain.iter("section") if node.attrs.get("id") == "summary").text()
    assert "suppressed" not in plain_summary and "not shown" not in plain_summary


# -- the audit record -------------------------------------------------------------

PROVENANCE = Provenance(
    command="kmodlint check --format html -o r.html drivers/a drivers/c", paths=("drivers/a", "drivers/c"),
    started="2026-12-05 07:30:00 UTC", commit="0a382f4c2d9e1b7a6f5e4d3c2b1a09f8e7d6c5b4", dirty=True,
    kernel="6.12.117", settings=(("config file", ".kmodlint.toml"), ("ignore", "quiet-rule")))


def scope_rows(doc: Node) -> dict[str, str]:
    table = next(doc.iter("table", "scope"))
    return {next(tr.iter("th")).text(): next(tr.iter("td")).text() for tr in table.iter("tr")}


def test_header_says_what_was_checked_when_and_how():
    result = make_result()
    result.provenance = PROVENANCE
    doc = parse(html_report.render(result))
    rows = scope_rows(doc)
    assert rows["Paths checked"] == "drivers/a, drivers/c"
    assert rows["Git commit"] == PROVENANCE.commit + " with uncommitted changes to tracked files"
    assert rows["Kernel tree"] == "Linux 6.12.117 (from the tree's Makefile)"
    assert rows["Date"] == "2026-12-05 07:30:00 UTC"
    assert rows["Command"] == PROVENANCE.command
    assert rows["Rules run (3)"] == "copy-check, irq-lock, quiet-rule"
    assert rows["Configuration"] == "config file = .kmodlint.tomlignore = quiet-rule"
    assert "new" not in next(doc.iter("title")).text()
    clean = dataclasses.replace(PROVENANCE, dirty=False, commit="", settings=(), kernel="")
    result.provenance = clean
    rows = scope_rows(parse(html_report.render(result)))
    assert rows["Git commit"] == "not in a git repository" and "Kernel tree" not in rows
    assert rows["Configuration"].startswith("defaults")
    result.provenance = dataclasses.replace(PROVENANCE, dirty=False)
    assert scope_rows(parse(html_report.render(result)))["Git commit"].endswith("(no uncommitted changes)")


def test_target_kernel_shown_when_the_run_has_one():
    result = make_result()
    assert "Target kernel" not in scope_rows(parse(html_report.render(result)))
    result.provenance = PROVENANCE
    # set by the engine when a target kernel version is known, with how it was chosen
    result.target_kernel, result.target_kernel_source = "5.15", "--kernel-version"
    rows = scope_rows(parse(html_report.render(result)))
    assert rows["Target kernel"] == "Linux 5.15 (--kernel-version)" and rows["Kernel tree"].startswith("Linux 6.12.117")
    result.target_kernel, result.target_kernel_source = "6.12", "the Makefile of the kernel tree"
    rows = scope_rows(parse(html_report.render(result)))
    assert rows["Target kernel"] == "Linux 6.12 (the Makefile of the kernel tree)" and "Kernel tree" not in rows


def test_baseline_and_diff_runs_say_new_since():
    result = make_result()
    result.provenance = dataclasses.replace(PROVENANCE, new_since="the baseline kmodlint-baseline.json")
    result.hidden = {"in the baseline": 238}
    doc = parse(html_report.render(result))
    assert next(doc.iter("title")).text().startswith("kmodlint report on drivers/a, drivers/c: 4 new findings")
    (since,) = doc.iter("p", "since")
    assert since.text() == ("New findings only: this report shows the findings new since the baseline "
                            "kmodlint-baseline.json; 238 older findings not shown.")
    cards = [card.text() for card in doc.iter("div", "card")]
    assert "4new findings" in cards


def test_suppressed_findings_listed_with_their_reasons():
    result = make_result()
    comment = SuppressionComment(Span(19, 5, 19, 40), "checked by the caller")
    result.suppressed = [
        dataclasses.replace(result.findings[1], suppression=comment),
        dataclasses.replace(result.findings[2], suppression=SuppressionComment(Span(1, 1, 1, 20), "", True)),
    ]
    doc = parse(html_report.render(result))
    (section,) = (s for s in doc.iter("section") if s.attrs.get("id") == "suppressed")
    rows = [[td.text() for td in tr.iter("td")] for tr in section.iter("tr") if list(tr.iter("td"))]
    assert rows[0][:2] == ["drivers/a/irq.c:20:2", "copy-check"]
    assert rows[0][3] == "checked by the caller (comment at drivers/a/irq.c:19, for this line)"
    assert rows[1][3] == "no reason given (comment at drivers/a/z.c:1, for the whole file)"
    assert "2 findings hidden by kmodlint: ignore[...] comments, 1 with a reason." in section.text()
    # listed apart: the findings section and its counts are unchanged
    assert len(list(doc.iter("div", "finding"))) == 4
    assert "Suppressed" in [a.text() for a in next(doc.iter("nav")).iter("a")]


def test_files_that_did_not_parse_cleanly_are_listed():
    result = make_result()
    result.notifications = [
        Notification("note", "did not parse cleanly: 3 syntax errors, from line 120", "drivers/a/irq.c"),
        Notification("warning", "file too big, skipped", "drivers/big.c"),
    ]
    doc = parse(html_report.render(result))
    (section,) = (s for s in doc.iter("section") if s.attrs.get("id") == "parse-problems")
    assert [li.text() for li in section.iter("li")] == [
        "drivers/a/irq.c: did not parse cleanly: 3 syntax errors, from line 120"]
    notes = next(s for s in doc.iter("section") if s.attrs.get("id") == "summary").text()
    assert "file too big" in notes and "syntax errors" not in notes  # said once, in its own list
    # the run's own list of parse errors, when it keeps one, with where the first error is
    result.parse_errors = [SimpleNamespace(path="drivers/c/latin.c", line=2, column=11)]
    doc = parse(html_report.render(result, source_url="https://s/{path}#L{line}"))
    (section,) = (s for s in doc.iter("section") if s.attrs.get("id") == "parse-problems")
    (item,) = section.iter("li")
    assert item.text().startswith("drivers/c/latin.c:2:11: the first syntax error")
    assert next(item.iter("a")).attrs["href"] == "https://s/drivers/c/latin.c#L2"
    result.parse_errors = []
    result.notifications = []  # a count and no list: the report says it cannot name them
    (section,) = (s for s in parse(html_report.render(result)).iter("section")
                  if s.attrs.get("id") == "parse-problems")
    assert "2 files had parse errors; this run does not list which." in section.text()
    result.files_with_parse_errors = 0
    assert not [s for s in parse(html_report.render(result)).iter("section") if s.attrs.get("id") == "parse-problems"]


def test_source_url_links_every_location_out():
    result = make_result()
    template = "https://elixir.bootlin.com/linux/v6.12/source/{path}#L{line}"
    doc = parse(html_report.render(result, source_url=template))
    first = next(doc.iter("div", "finding"))
    hrefs = [a.attrs["href"] for a in first.iter("a") if not a.attrs["href"].startswith("#")]
    assert hrefs == ["https://elixir.bootlin.com/linux/v6.12/source/drivers/a/irq.c#L10",
                     "https://elixir.bootlin.com/linux/v6.12/source/drivers/a/irq.c#L3",
                     "https://elixir.bootlin.com/linux/v6.12/source/drivers/b/other.c#L1"]
    odd = RunResult(root=ROOT, rules=list(RULES),
                    findings=[Finding("copy-check", "warning", 'a b/"x#1".c', Span(2, 1, 2, 2), "m")])
    (link,) = (a for a in parse(html_report.render(odd, source_url=template)).iter("a")
               if a.attrs["href"].startswith("https:"))
    assert link.attrs["href"] == "https://elixir.bootlin.com/linux/v6.12/source/a%20b/%22x%231%22.c#L2"
    assert all(a.attrs["href"].startswith("#") for a in parse(html_report.render(odd)).iter("a"))


def load_benchmark():
    import importlib.util

    from conftest import REPO

    spec = importlib.util.spec_from_file_location("html_screenshots", REPO / "benchmarks" / "html_screenshots.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("count", [200, 5000])
def test_page_is_valid_self_contained_and_readable_without_script(count):
    """The benchmark's audit run (provenance, suppressed, parse errors, source links): every tag
    closed (parse() checks), no resource from outside, and without the script every finding is
    in the page, most severe first, its group open."""
    result = load_benchmark().synthetic_result(count)
    template = "https://elixir.bootlin.com/linux/v6.12/source/{path}#L{line}"
    text = html_report.render(result, source_url=template)
    doc = parse(text)
    ids = {node.attrs["id"] for node in doc.iter() if "id" in node.attrs}
    for node in doc.iter():
        for name in ("src", "action", "data", "xlink:href", "srcset", "poster"):
            assert name not in node.attrs, (node.tag, name)
        href = node.attrs.get("href")
        if href is not None:
            assert (href.startswith("#") and href[1:] in ids) or \
                (node.tag == "a" and href.startswith("https://elixir.bootlin.com/linux/v6.12/source/drivers/")), href
    assert not [n for n in doc.iter() if n.tag in ("link", "img", "iframe", "object", "embed", "base")]
    assert all(not n.attrs.get("src") for n in doc.iter("script")) and len(list(doc.iter("script"))) == 1
    assert "url(" not in next(doc.iter("style")).text() and "@import" not in next(doc.iter("style")).text()
    cards = list(doc.iter("div", "finding"))
    assert len(cards) == count
    order = {"error": 0, "warning": 1, "note": 2}
    assert [order[c.attrs["data-sev"]] for c in cards] == sorted(order[c.attrs["data-sev"]] for c in cards)
    assert all("open" in g.attrs for g in doc.iter("details", "group"))
    assert "hidden" in next(doc.iter("form", "filters")).attrs


# -- from the command line ---------------------------------------------------------

DRIVER = """\
#include <linux/module.h>

static int demo_init(void)
{
\treturn 0;
}
module_init(demo_init());

static void demo_exit(void)
{
}
/* kmodlint: ignore[module-init-call] built in only, never unloaded */
module_exit(demo_exit());
"""


@pytest.fixture
def git_tree(tmp_path, monkeypatch):
    import subprocess

    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(tmp_path / "gitconfig"))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    for role in ("AUTHOR", "COMMITTER"):
        monkeypatch.setenv(f"GIT_{role}_NAME", "Dev")
        monkeypatch.setenv(f"GIT_{role}_EMAIL", "dev@example.com")
    root = tmp_path / "linux"
    (root / "drivers" / "demo").mkdir(parents=True)
    (root / "drivers" / "demo" / "demo.c").write_text(DRIVER)
    # a kernel tree's top: Kbuild, Kconfig and a Makefile with the version
    (root / "Kbuild").write_text("")
    (root / "Kconfig").write_text("")
    (root / "Makefile").write_text("# SPDX-License-Identifier: GPL-2.0\nVERSION = 6\nPATCHLEVEL = 12\n"
                                   "SUBLEVEL = 117\nEXTRAVERSION = -rc1\nNAME = Baby Opossum Posse\n")

    def git(*args):
        return subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True, text=True).stdout

    git("init", "-q")
    git("add", ".")
    git("commit", "-q", "-m", "demo")
    monkeypatch.chdir(root)
    return root, git("rev-parse", "HEAD").strip()


def test_cli_html_report_records_its_scope(git_tree):
    from clirun import invoke

    root, commit = git_tree
    result = invoke("check", "--format", "html", "-o", "r.html", "--no-cache", "--source-url",
                    "https://example.org/src/{path}#L{line}", "drivers/demo")
    assert result.exit_code == 1, result.stderr
    doc = parse((root / "r.html").read_text())
    rows = scope_rows(doc)
    assert rows["Paths checked"] == "drivers/demo"
    assert rows["Git commit"] == f"{commit} (no uncommitted changes)"
    assert rows["Kernel tree"] == "Linux 6.12.117-rc1 (from the tree's Makefile)"
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC", rows["Date"])
    assert rows["Command"] == ("kmodlint check --format html -o r.html --no-cache --source-url "
                               "'https://example.org/src/{path}#L{line}' drivers/demo")
    assert "module-init-call" in rows[next(k for k in rows if k.startswith("Rules run"))]
    # the suppressed finding is listed (with its reason) even without --show-suppressed
    (section,) = (s for s in doc.iter("section") if s.attrs.get("id") == "suppressed")
    assert "built in only, never unloaded" in section.text()
    links = [a.attrs["href"] for a in doc.iter("div", "finding").__next__().iter("a")]
    assert "https://example.org/src/drivers/demo/demo.c#L7" in links

    (root / "drivers" / "demo" / "demo.c").write_text(DRIVER + "\n")
    baseline = invoke("check", "--write-baseline", "base.json", "--no-cache", "drivers/demo")
    assert baseline.exit_code == 0, baseline.stderr
    result = invoke("check", "--format", "html", "-o", "r.html", "--no-cache", "--baseline", "base.json",
                    "drivers/demo")
    doc = parse((root / "r.html").read_text())
    assert scope_rows(doc)["Git commit"] == f"{commit} with uncommitted changes to tracked files"
    assert next(doc.iter("p", "since")).text().startswith(
        "New findings only: this report shows the findings new since the baseline base.json; 1 older finding")


def test_cli_report_options_only_for_their_format(project):
    from clirun import assert_one_error_line, invoke

    (project / "a.c").write_text("int x;\n")
    result = invoke("check", "--source-url", "https://x/{path}", "a.c")
    assert result.exit_code == 2
    assert_one_error_line(result.stderr, "--source-url only applies to --format html")
    result = invoke("check", "--format", "html", "--rule-docs-url", "https://x/", "a.c")
    assert_one_error_line(result.stderr, "--rule-docs-url only applies to --format sarif")
    result = invoke("check", "--format", "html", "--no-cache", "a.c")  # outside git, no kernel tree
    rows = scope_rows(parse(result.stdout))
    assert rows["Git commit"] == "not in a git repository" and "Kernel tree" not in rows


def test_kernel_version_read_safely(tmp_path):
    import os

    from kmodlint.provenance import kernel_version

    tree = tmp_path / "linux"
    (tree / "drivers" / "x").mkdir(parents=True)
    (tree / "Kbuild").write_text("")
    (tree / "Kconfig").write_text("")
    os.mkfifo(tree / "Makefile")  # a read would block forever
    assert kernel_version(str(tree / "drivers" / "x")) == ""
    (tree / "Makefile").unlink()
    (tree / "Makefile").write_text("VERSION = 6\nPATCHLEVEL = 1\nSUBLEVEL = 0\nEXTRAVERSION = $(shell rm -rf /)\n")
    assert kernel_version(str(tree / "drivers" / "x")) == "6.1.0"  # text, never run; an odd suffix left out
    (tree / "Kbuild").unlink()  # a Makefile alone is any project's, not a kernel tree's
    assert kernel_version(str(tree / "drivers" / "x")) == ""


def test_fixable_findings_are_marked_with_their_tier(tmp_path, monkeypatch):
    """[*] as in the text report: a safe fix (module_init(f()) -> module_init(f)) says --fix, the
    debugfs rename (which needs debugfs_file_get/put added by hand) says --unsafe-fixes."""
    from pathlib import Path

    from clirun import invoke

    fixtures = Path(__file__).resolve().parents[1] / "fixtures-kmod"
    monkeypatch.chdir(tmp_path)
    result = invoke("check", "--format", "html", "--no-cache", str(fixtures / "module-init-call"),
                    str(fixtures / "debugfs-mmap-ignored"))
    page = result.stdout
    safe = page.count(">[*] fixable</span>")
    unsafe = page.count(">[*] fixable with --unsafe-fixes</span>")
    assert safe >= 1 and unsafe >= 1, (safe, unsafe)
    assert f"[*] {safe} finding{'s' if safe > 1 else ''} fixable with <code>--fix</code>, {unsafe} more with " \
           f"<code>--fix --unsafe-fixes</code>" in page
