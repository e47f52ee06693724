"""The four reporters, fed hand-built RunResults."""
from __future__ import annotations

import dataclasses
import json
import re

import click
import pytest
from hypothesis import given, strategies as st

from kmodlint.__about__ import INFORMATION_URI, VERSION
from kmodlint.model import Finding, Fix, Notification, Related, RuleInfo, RunResult, Span
from kmodlint.report import github_report, json_report, render, sarif_report, text_report

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
    # [*]: --fix fixes it (its one fix is safe).
    assert lines[0] == "drivers/net/foo.c:3:11: error: [netlink-unbind-race] [*] call races with unbind"
    source, caret = lines[1], lines[2]
    assert "\t" not in source and source == TABBED.expandtabs(8)
    assert caret.index("^") == source.index("foo(a, b)")
    assert caret.strip() == "^" + "~" * (len("foo(a, b)") - 1)
    assert lines[3] == "  drivers/net/foo.c:1:1: note: lock taken here"
    assert lines[4] == "  drivers/net/foo_core.c:40:2: note: unbind defined here"
    # A message stays one line: a newline in it would let the scanned tree forge a line of output.
    assert lines[5] == "dir with space/bar.c:7:5: warning: [irq-flags-lock] " + ODD_MESSAGE.replace("\n", " ")
    # The source line is missing for drivers/missing.c: header only, no excerpt.
    note_at = lines.index("drivers/missing.c:2:1: note: [debugfs-mmap] mmap on debugfs")
    assert lines[note_at + 1].startswith("kmodlint: ")
    assert "kmodlint: error: rule crashed: KeyError [debugfs-mmap] (drivers/net/foo.c)" in lines
    assert "kmodlint: warning: file too big, skipped" in lines
    assert lines[-1] == ("Checked 12 files (1 with parse errors) in 0.42s: "
                         "3 findings (1 error, 1 warning, 1 note); [*] 1 fixable with --fix")


def test_text_multiline_span_underlines_to_end_of_line():
    result = make_result()
    result.findings = [Finding("irq-flags-lock", "warning", "drivers/net/foo.c", Span(3, 2, 5, 1), "m")]
    caret = text_report.render(result).splitlines()[2]
    assert caret == " " * 8 + "^" + "~" * (len(TABBED.expandtabs(8)) - 9)


def test_text_concise_and_color():
    plain = text_report.render(make_result())
    concise = text_report.render(make_result(), concise=True)
    assert TABBED.expandtabs(8) in plain and TABBED.expandtabs(8) not in concise
    assert "^" not in concise and "lock taken here" not in concise
    # Concise: exactly one line per finding, then the notifications and the summary.
    findings = [line for line in concise.splitlines() if not line.startswith(("kmodlint: ", "Checked "))]
    assert len(findings) == len(make_result().findings)
    colored = text_report.render(make_result(), color=True)
    assert "\x1b[31m" in colored and "\x1b[33m" in colored and "\x1b[36m" in colored
    assert "\x1b[2m[netlink-unbind-race]\x1b[0m" in colored  # rule ids are dim
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
                   "replacement": "bar(a)", "applicability": "safe"}],
    }
    assert doc["findings"][1]["message"] == ODD_MESSAGE
    assert doc["notifications"][0] == {"level": "error", "message": "rule crashed: KeyError",
                                       "path": "drivers/net/foo.c", "rule": "debugfs-mmap"}
    assert doc["summary"] == {"files_scanned": 12, "files_with_parse_errors": 1,
                              "findings_by_severity": {"error": 1, "warning": 1, "note": 1},
                              "elapsed_seconds": 0.421, "target_kernel": "", "target_kernel_source": ""}
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
    assert rule["helpUri"] == INFORMATION_URI + "/blob/main/docs/rules/netlink-unbind-race.md"
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


# -- sarif: GitHub code scanning ------------------------------------------------

def test_sarif_security_severity_only_on_security_rules(sarif_validator):
    from kmodlint.rules import all_rules

    infos = [rule.info for rule in all_rules()]
    doc = json.loads(sarif_report.render(RunResult(root=ROOT, rules=infos)))
    sarif_validator.validate(doc)
    scored = {}
    for rule in doc["runs"][0]["tool"]["driver"]["rules"]:
        assert rule["help"]["markdown"] and rule["helpUri"].startswith(INFORMATION_URI)
        assert len(rule["properties"]["tags"]) <= 10  # GitHub shows 10 tags, rejects more than 20
        if "security-severity" in rule["properties"]:
            assert "security" in rule["properties"]["tags"]  # GitHub ignores the score otherwise
            scored[rule["id"]] = float(rule["properties"]["security-severity"])
    assert scored.keys() >= {"unchecked-copy-user", "copy-user-negative-check", "task-after-rcu-unlock"}
    assert all(0.0 < score <= 10.0 for score in scored.values())
    assert scored["task-after-rcu-unlock"] >= 7.0  # a use-after-free is at least "high"
    # A rule without the security tag never carries a score, even if one is set.
    untagged = RuleInfo("x", "t", "warning", "h", tags=("correctness",), security_severity="9.0")
    assert "security-severity" not in sarif_report._rule_properties(untagged)


# Published expectations of GitHub's upload-sarif fingerprinting (codeql-action,
# src/fingerprints.test.ts): text -> hash of each line.
UPLOAD_SARIF_HASHES = [
    ("", ["c129715d7a2bc9a3:1"]),
    (" a\nb\n  \t\tc\n d", ["271789c17abda88f:1", "54703d4cd895b18:1", "180aee12dab6264:1", "a23a3dc5e078b07b:1"]),
    (" hello; \t\r\nworld!!!\r\n\r\n\r\n  \t\tGreetings\r\n End\r\n",
     ["e9496ae3ebfced30:1", "fb7c023a8b9ccb3f:1", "ce8ba1a563dcdaca:1", "e20e36e16fcb0cc8:1",
      "b3edc88f2938467e:1", "c8e28b0b4002a3a0:1", "c129715d7a2bc9a3:1"]),
    (" hello; \t\nworld!!!\r\r\r  \t\tGreetings\r End\r",
     ["e9496ae3ebfced30:1", "fb7c023a8b9ccb3f:1", "ce8ba1a563dcdaca:1", "e20e36e16fcb0cc8:1",
      "b3edc88f2938467e:1", "c8e28b0b4002a3a0:1", "c129715d7a2bc9a3:1"]),
    ("Lorem ipsum dolor sit amet.\n" * 10,
     [f"a7f2ff13bc495cf2:{n}" for n in range(1, 7)]
     + ["a7f2ff1481e87703:1", "a9cf91f7bbf1862b:1", "55ec222b86bcae53:1", "cc97dc7b1d7d8f7b:1",
        "c129715d7a2bc9a3:1"]),
]


@pytest.mark.parametrize("text, expected", UPLOAD_SARIF_HASHES)
def test_line_hash_matches_upload_sarif(text, expected):
    from kmodlint.report.line_hash import line_hashes

    hashes = line_hashes(text, range(1, len(expected) + 1))
    assert [hashes[line] for line in range(1, len(expected) + 1)] == expected


def _rolling_line_hashes(text: str) -> dict[int, str]:
    """The documented algorithm, one character at a time (a rolling hash over a 100-character
    window), to check the sliced implementation against on any text."""
    units = []
    for char in text:
        code = ord(char)
        units += [code] if code <= 0xFFFF else [0xD800 + ((code - 0x10000) >> 10), 0xDC00 + ((code - 0x10000) & 0x3FF)]
    mask, first_mod = (1 << 64) - 1, pow(37, 100, 1 << 64)
    window, starts = [0] * 100, [-1] * 100
    value = index = line = 0
    line_start, prev_cr = True, False
    counts, out = {}, {}

    def emit():
        key = format(value & mask, "x")
        counts[key] = counts.get(key, 0) + 1
        out[starts[index]] = f"{key}:{counts[key]}"
        starts[index] = -1

    def update(code):
        nonlocal value, index
        value = (37 * value + code - first_mod * window[index]) & mask
        window[index] = code
        index = (index + 1) % 100

    for code in units + [0xFFFF]:
        if code in (0x20, 0x09) or (prev_cr and code == 0x0A):
            prev_cr = False
            continue
        prev_cr = code == 0x0D
        code = 0x0A if code == 0x0D else code
        if starts[index] != -1:
            emit()
        if line_start:
            line_start, line = False, line + 1
            starts[index] = line
        line_start = code == 0x0A
        update(code)
    for _ in range(100):
        if starts[index] != -1:
            emit()
        update(0)
    return out


@given(st.lists(st.sampled_from(["a", "b", " ", "\t", "\n", "\r", "\r\n", "é", "\U0001f600", "x" * 60]),
                max_size=60).map("".join))
def test_line_hash_equals_the_rolling_hash(text):
    from kmodlint.report.line_hash import line_hashes

    expected = _rolling_line_hashes(text)
    assert line_hashes(text, expected) == expected


def test_sarif_line_hash_in_partial_fingerprints():
    from kmodlint.report.line_hash import line_hashes

    lines = ["static int x;", "\tcopy_from_user(a, b, c);", "\tcopy_from_user(a, b, c);", "}"]
    findings = [Finding("r", "warning", "a.c", Span(n, 2, n, 9), "m", fingerprint=f"fp{n}") for n in (2, 3)]
    doc = json.loads(sarif_report.render(RunResult(root=ROOT, findings=findings, sources={"a.c": lines})))
    fingerprints = [r["partialFingerprints"] for r in doc["runs"][0]["results"]]
    expected = line_hashes("\n".join(lines), [2, 3])
    assert [f["primaryLocationLineHash"] for f in fingerprints] == [expected[2], expected[3]]
    assert [f["kmodlint/v1"] for f in fingerprints] == ["fp2", "fp3"]  # kmodlint's own key, unchanged


def _many(counts: dict[str, int], message: str = "m") -> list[Finding]:
    """Findings of the given severities, interleaved by path so that severity is not path order."""
    findings = []
    for severity, count in counts.items():
        findings += [Finding("r", severity, f"d{n:05d}/{severity}.c", Span(1, 1, 1, 2), f"{message} {n}")
                     for n in range(count)]
    return sorted(findings, key=Finding.sort_key)


def test_sarif_over_the_result_limit_keeps_the_most_severe(monkeypatch, sarif_validator):
    monkeypatch.setattr(sarif_report, "MAX_RESULTS", 10)
    monkeypatch.setattr(sarif_report, "SHOWN_RESULTS", 100)
    result = RunResult(root=ROOT, rules=list(RULES[:1]), findings=_many({"note": 8, "warning": 6, "error": 3}))
    warnings = []
    doc = json.loads(sarif_report.render(result, warn=warnings.append))
    sarif_validator.validate(doc)
    results = doc["runs"][0]["results"]
    assert [r["level"] for r in results].count("error") == 3
    assert [r["level"] for r in results].count("warning") == 6
    assert [r["level"] for r in results].count("note") == 1
    # Kept in the report's (path) order, and the first notes are the ones kept: a stable choice.
    paths = [r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in results]
    assert paths == sorted(paths) and "d00000/note.c" in paths
    (warning,) = warnings
    assert "kept the 10 most severe of 17 results" in warning and "dropped 0 errors, 0 warnings, 7 notes" in warning
    notes = doc["runs"][0]["invocations"][0]["toolExecutionNotifications"]
    assert notes[-1] == {"level": "warning", "message": {"text": warning}}
    # Under the limit: everything, and nothing said.
    warnings.clear()
    result.findings = result.findings[:10]
    assert len(json.loads(sarif_report.render(result, warn=warnings.append))["runs"][0]["results"]) == 10
    assert warnings == []


def test_sarif_suppressed_results_go_before_any_finding(monkeypatch):
    from kmodlint.model import SuppressionComment

    monkeypatch.setattr(sarif_report, "MAX_RESULTS", 3)
    hidden = [Finding("r", "error", f"s{n}.c", Span(1, 1, 1, 2), "m",
                      suppression=SuppressionComment(Span(1, 5, 1, 9), "why")) for n in range(3)]
    result = RunResult(root=ROOT, findings=_many({"note": 3}), suppressed=hidden)
    results = json.loads(sarif_report.render(result))["runs"][0]["results"]
    assert [r["level"] for r in results] == ["note"] * 3 and not any("suppressions" in r for r in results)


def test_sarif_over_github_display_limit_writes_most_severe_first(monkeypatch, sarif_validator):
    monkeypatch.setattr(sarif_report, "SHOWN_RESULTS", 4)
    result = RunResult(root=ROOT, findings=_many({"note": 3, "warning": 3, "error": 2}))
    warnings = []
    doc = json.loads(sarif_report.render(result, warn=warnings.append))
    sarif_validator.validate(doc)
    assert [r["level"] for r in doc["runs"][0]["results"]] == ["error"] * 2 + ["warning"] * 3 + ["note"] * 3
    assert len(warnings) == 1 and "shows only 4 of the 8 results" in warnings[0]


def test_sarif_over_the_size_limit_is_cut_to_fit(monkeypatch, sarif_validator):
    import gzip
    import random

    # Incompressible messages: the gzipped size grows with every result.
    rng = random.Random(4)
    result = RunResult(root=ROOT, findings=_many({"note": 40, "warning": 40, "error": 20}))
    result.findings = [dataclasses.replace(f, message=f.message + rng.randbytes(1500).hex())
                       for f in result.findings]
    full = sarif_report.render(result)
    limit = len(gzip.compress(full.encode())) // 2
    monkeypatch.setattr(sarif_report, "MAX_GZIP_BYTES", limit)
    warnings = []
    text = sarif_report.render(result, warn=warnings.append)
    sarif_validator.validate(json.loads(text))
    assert len(gzip.compress(text.encode())) <= limit
    levels = [r["level"] for r in json.loads(text)["runs"][0]["results"]]
    assert 20 <= len(levels) < 100 and levels.count("error") == 20 and "note" not in levels[:levels.count("error")]
    assert len(warnings) == 1 and f"most severe of 100 results" in warnings[0]


def test_sarif_whole_tree_sized_run_stays_within_github_limits():
    import gzip

    result = RunResult(root=ROOT, rules=list(RULES),
                       findings=_many({"note": 12_000, "warning": 15_000, "error": 3_000}))
    warnings = []
    text = sarif_report.render(result, warn=warnings.append)
    results = json.loads(text)["runs"][0]["results"]
    assert len(results) == sarif_report.MAX_RESULTS == 25_000
    levels = [r["level"] for r in results]
    assert (levels.count("error"), levels.count("warning"), levels.count("note")) == (3_000, 15_000, 7_000)
    assert levels == sorted(levels, key=["error", "warning", "note"].index)  # most severe first
    assert len(gzip.compress(text.encode())) <= sarif_report.MAX_GZIP_BYTES
    assert len(warnings) == 2
