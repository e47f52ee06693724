"""The four reporters, fed hand-built RunResults."""
from __future__ import annotations

import json
import re

import click
import pytest
from hypothesis import given, strategies as st

from analyzer.__about__ import INFORMATION_URI, VERSION
from analyzer.model import Finding, Fix, Notification, Related, RuleInfo, RunResult, Span
from analyzer.report import github_report, json_report, render, sarif_report, text_report

ROOT = "/home/builder/secret checkout"
TABBED = "\tif (x)\t{ foo(a, b); }"  # `foo(a, b)` is bytes 11..19, shown at col 19 after tab expansion
ODD_MESSAGE = "100% sure: a, b\nsecond line"

RULES = [
    RuleInfo("netlink-unbind-race", "Netlink unbind races with send", "error",
             "The unbind callback runs\nwithout the lock.\n\n**Fix:** take `cb_mutex`.",
             tags=("netlink", "concurrency"), precision="medium"),
    RuleInfo("irq-flags-lock", "IRQ flags saved in a shared variable", "warning",
             "Save flags in a local.", tags=("locking",)),
    RuleInfo("debugfs-mmap", "debugfs file with mmap", "note", "Use a char device.", tags=()),
]


def make_result() -> RunResult:
    fix = Fix("use the local copy", "drivers/net/foo.c", 120, 129, Span(3, 11, 3, 20), "bar(a)")
    findings = [
        Finding("netlink-unbind-race", "error", "drivers/net/foo.c", Span(3, 11, 3, 20),
                "call races with unbind", function="foo_probe", fingerprint="abc123",
                related=(Related("drivers/net/foo.c", Span(1, 1, 1, 5), "lock taken here"),
                         Related("drivers/net/foo_core.c", Span(40, 2, 40, 9), "unbind defined here")),
                fixes=(fix,)),
        Finding("irq-flags-lock", "warning", "dir with space/bar.c", Span(7, 5, 7, 8), ODD_MESSAGE),
        Finding("debugfs-mmap", "note", "drivers/missing.c", Span(2, 1, 2, 4), "mmap on debugfs"),
    ]
    return RunResult(
        root=ROOT, findings=findings, rules=list(RULES),
        notifications=[Notification("error", "rule crashed: KeyError", "drivers/net/foo.c", "debugfs-mmap"),
                       Notification("warning", "file too big, skipped")],
        files_scanned=12, files_with_parse_errors=1, elapsed_seconds=0.4213,
        sources={"drivers/net/foo.c": ["#include <x.h>\n", "\n", TABBED + "\n"],
                 "dir with space/bar.c": ["int x;"] * 6 + ["\tspin_lock_irqsave(l, f);\n"]},
    )


EMPTY = RunResult(root=ROOT)


# -- text --------------------------------------------------------------------

def test_text_layout_and_caret():
    lines = text_report.render(make_result()).splitlines()
    assert lines[0] == "drivers/net/foo.c:3:11: error: [netlink-unbind-race] call races with unbind"
    source, caret = lines[1], lines[2]
    assert "\t" not in source and source == TABBED.expandtabs(8)
    assert caret.index("^") == source.index("foo(a, b)")
    assert caret.strip() == "^" + "~" * (len("foo(a, b)") - 1)
    assert lines[3] == "  drivers/net/foo.c:1:1: note: lock taken here"
    assert lines[4] == "  drivers/net/foo_core.c:40:2: note: unbind defined here"
    assert lines[5] == "dir with space/bar.c:7:5: warning: [irq-flags-lock] " + ODD_MESSAGE.splitlines()[0]
    # The source line is missing for drivers/missing.c: header only, no excerpt.
    note_at = lines.index("drivers/missing.c:2:1: note: [debugfs-mmap] mmap on debugfs")
    assert lines[note_at + 1].startswith("kmodlint: ")
    assert "kmodlint: error: rule crashed: KeyError [debugfs-mmap] (drivers/net/foo.c)" in lines
    assert "kmodlint: warning: file too big, skipped" in lines
    assert lines[-1] == ("Checked 12 files (1 with parse errors) in 0.42s: "
                         "3 findings (1 error, 1 warning, 1 note)")


def test_text_multiline_span_underlines_to_end_of_line():
    result = make_result()
    result.findings = [Finding("irq-flags-lock", "warning", "drivers/net/foo.c", Span(3, 2, 5, 1), "m")]
    caret = text_report.render(result).splitlines()[2]
    assert caret == " " * 8 + "^" + "~" * (len(TABBED.expandtabs(8)) - 9)


def test_text_concise_and_color():
    plain = text_report.render(make_result())
    concise = text_report.render(make_result(), concise=True)
    assert TABBED.expandtabs(8) in plain and TABBED.expandtabs(8) not in concise
    assert "^" not in concise and "  drivers/net/foo.c:1:1: note: lock taken here" in concise
    colored = text_report.render(make_result(), color=True)
    assert "\x1b[31m" in colored and "\x1b[33m" in colored and "\x1b[36m" in colored
    assert click.unstyle(colored) == plain
    assert "\x1b[" not in plain


def test_text_empty_run():
    assert text_report.render(EMPTY) == "Checked 0 files in 0.00s: no findings\n"
    one = RunResult(root=ROOT, files_scanned=1, findings=[make_result().findings[2]])
    assert text_report.render(one, concise=True).splitlines()[-1] == \
        "Checked 1 file in 0.00s: 1 finding (0 errors, 0 warnings, 1 note)"


# -- json --------------------------------------------------------------------

def test_json_fields_and_stability():
    text = json_report.render(make_result())
    doc = json.loads(text)
    assert text.endswith("}\n") and text == json.dumps(doc, indent=2, sort_keys=True) + "\n"
    assert text == json_report.render(make_result())
    assert doc["version"] == VERSION
    first = doc["findings"][0]
    assert first == {
        "path": "drivers/net/foo.c", "line": 3, "column": 11, "end_line": 3, "end_column": 20,
        "rule": "netlink-unbind-race", "severity": "error", "message": "call races with unbind",
        "function": "foo_probe", "fingerprint": "abc123",
        "related": [
            {"path": "drivers/net/foo.c", "line": 1, "column": 1, "end_line": 1, "end_column": 5,
             "message": "lock taken here"},
            {"path": "drivers/net/foo_core.c", "line": 40, "column": 2, "end_line": 40, "end_column": 9,
             "message": "unbind defined here"},
        ],
        "fixes": [{"description": "use the local copy", "path": "drivers/net/foo.c", "line": 3, "column": 11,
                   "end_line": 3, "end_column": 20, "start_byte": 120, "end_byte": 129,
                   "replacement": "bar(a)"}],
    }
    assert doc["findings"][1]["message"] == ODD_MESSAGE
    assert doc["notifications"][0] == {"level": "error", "message": "rule crashed: KeyError",
                                       "path": "drivers/net/foo.c", "rule": "debugfs-mmap"}
    assert doc["summary"] == {"files_scanned": 12, "files_with_parse_errors": 1,
                              "findings_by_severity": {"error": 1, "warning": 1, "note": 1},
                              "elapsed_seconds": 0.421}
    assert ROOT not in text


def test_json_empty_run():
    doc = json.loads(json_report.render(EMPTY))
    assert doc["findings"] == [] and doc["notifications"] == []
    assert doc["summary"]["findings_by_severity"] == {"error": 0, "warning": 0, "note": 0}


# -- github ------------------------------------------------------------------

def test_github_lines_and_escaping():
    lines = github_report.render(make_result()).splitlines()
    assert lines[0] == ("::error file=drivers/net/foo.c,line=3,col=11,endLine=3,endColumn=20,"
                        "title=netlink-unbind-race::call races with unbind")
    assert lines[1] == ("::warning file=dir with space/bar.c,line=7,col=5,endLine=7,endColumn=8,"
                        "title=irq-flags-lock::100%25 sure: a, b%0Asecond line")
    assert lines[2].startswith("::notice file=drivers/missing.c,")
    assert lines[3] == "::error file=drivers/net/foo.c,title=debugfs-mmap::rule crashed: KeyError"
    assert lines[4] == "::warning title=kmodlint::file too big, skipped"
    assert github_report.render(EMPTY) == ""


def test_github_property_escaping():
    f = Finding("r", "error", "a:b,c%d.c", Span(1, 1, 1, 2), "x\r\ny")
    line = github_report.render(RunResult(root=ROOT, findings=[f]))
    assert line == "::error file=a%3Ab%2Cc%25d.c,line=1,col=1,endLine=1,endColumn=2,title=r::x%0D%0Ay\n"


def _unescape(text: str) -> str:
    return text.replace("%0D", "\r").replace("%0A", "\n").replace("%3A", ":").replace("%2C", ",") \
        .replace("%25", "%")


@given(path=st.text(min_size=1), message=st.text())
def test_github_escaping_round_trips(path, message):
    f = Finding("r", "warning", path, Span(1, 1, 1, 1), message)
    out = github_report.render(RunResult(root=ROOT, findings=[f]))
    assert out.count("\n") == 1 and "\r" not in out
    props, data = out[len("::warning "):-1].split("::", 1)
    assert _unescape(data) == message
    assert _unescape(props.split(",")[0].removeprefix("file=")) == path


# -- sarif -------------------------------------------------------------------

def test_sarif_validates_and_carries_everything(sarif_validator):
    text = sarif_report.render(make_result())
    doc = json.loads(text)
    sarif_validator.validate(doc)
    assert text == sarif_report.render(make_result()) and text.endswith("}\n")
    assert doc["$schema"] == "https://json.schemastore.org/sarif-2.1.0.json" and doc["version"] == "2.1.0"
    (run,) = doc["runs"]
    driver = run["tool"]["driver"]
    assert (driver["name"], driver["version"], driver["semanticVersion"], driver["informationUri"]) == \
        ("kmodlint", VERSION, VERSION, INFORMATION_URI)
    rule = driver["rules"][0]
    assert rule["id"] == "netlink-unbind-race" and rule["name"] == "NetlinkUnbindRace"
    assert rule["shortDescription"] == {"text": "Netlink unbind races with send"}
    assert rule["fullDescription"] == {"text": "The unbind callback runs without the lock."}
    assert rule["help"]["markdown"] == RULES[0].help and rule["help"]["text"] == RULES[0].help
    assert rule["helpUri"] == INFORMATION_URI + "/blob/main/README.md#netlink-unbind-race"
    assert rule["defaultConfiguration"] == {"level": "error"}
    assert rule["properties"] == {"tags": ["netlink", "concurrency"], "precision": "medium"}
    assert driver["rules"][1]["defaultConfiguration"] == {"level": "warning"}

    results = run["results"]
    for res in results:
        assert driver["rules"][res["ruleIndex"]]["id"] == res["ruleId"]
    assert [r["level"] for r in results] == ["error", "warning", "note"]
    first = results[0]
    assert first["message"] == {"text": "call races with unbind"}
    assert first["locations"][0]["physicalLocation"] == {
        "artifactLocation": {"uri": "drivers/net/foo.c", "uriBaseId": "%SRCROOT%"},
        "region": {"startLine": 3, "startColumn": 11, "endLine": 3, "endColumn": 20}}
    related = first["relatedLocations"]
    assert [r["id"] for r in related] == [0, 1]
    assert related[1]["message"] == {"text": "unbind defined here"}
    assert related[1]["physicalLocation"]["artifactLocation"]["uri"] == "drivers/net/foo_core.c"
    assert first["partialFingerprints"]["kmodlint/v1"] == "abc123"
    assert re.fullmatch(r"[0-9a-f]{1,16}:1", first["partialFingerprints"]["primaryLocationLineHash"])
    (change,) = first["fixes"][0]["artifactChanges"]
    assert first["fixes"][0]["description"] == {"text": "use the local copy"}
    assert change["replacements"] == [{"deletedRegion": {"byteOffset": 120, "byteLength": 9},
                                       "insertedContent": {"text": "bar(a)"}}]
    assert "kmodlint/v1" not in results[1]["partialFingerprints"] and "fixes" not in results[1]
    assert "partialFingerprints" not in results[2]  # no source lines: GitHub computes the line hash
    assert results[1]["message"]["text"] == ODD_MESSAGE
    assert results[1]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "dir%20with%20space/bar.c"

    assert run["automationDetails"] == {"id": "kmodlint/"}
    assert "uri" not in run["originalUriBaseIds"]["%SRCROOT%"]
    (invocation,) = run["invocations"]
    assert invocation["executionSuccessful"] is True
    crash, big = invocation["toolExecutionNotifications"]
    assert crash["level"] == "error" and crash["message"] == {"text": "rule crashed: KeyError"}
    assert crash["associatedRule"] == {"id": "debugfs-mmap", "index": 2}
    assert crash["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "drivers/net/foo.c"
    assert big == {"level": "warning", "message": {"text": "file too big, skipped"}}

    assert ROOT not in text and "file:" not in text and "/home/" not in text


def test_sarif_empty_run(sarif_validator):
    doc = json.loads(sarif_report.render(EMPTY))
    sarif_validator.validate(doc)
    # An empty array says "looked and found nothing"; absence would mean "did not look".
    assert doc["runs"][0]["results"] == []


def test_sarif_insertion_fix_keeps_zero_offsets(sarif_validator):
    fix = Fix("insert", "a.c", 0, 0, Span(1, 1, 1, 1), "x")
    f = Finding("debugfs-mmap", "note", "a.c", Span(1, 1, 1, 2), "m", fixes=(fix,))
    doc = json.loads(sarif_report.render(RunResult(root=ROOT, findings=[f], rules=list(RULES))))
    sarif_validator.validate(doc)
    region = doc["runs"][0]["results"][0]["fixes"][0]["artifactChanges"][0]["replacements"][0]["deletedRegion"]
    assert region == {"byteOffset": 0, "byteLength": 0}


@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "github"])
def test_dispatch_by_format_name(fmt):
    assert isinstance(render(fmt, make_result()), str)
