"""user-pointer-annotation's autofix: applied, it must give the kernel's spelling and silence the rule."""
from __future__ import annotations

from pathlib import Path

import pytest

from kmodlint.config import Config
from kmodlint.engine import Analyzer
from kmodlint.rules import by_id

RULE = by_id()["user-pointer-annotation"]
FIXTURES = Path(__file__).resolve().parent.parent / "fixtures-kmod" / RULE.id


def findings_of(folder: Path, name: str, data: bytes):
    path = folder / name
    path.write_bytes(data)
    result = Analyzer([RULE], Config(), {RULE.id}, keep_sources=False).analyze_folder([(str(path), name)])
    assert not result.notifications, result.notifications
    return result.findings


def apply_fixes(data: bytes, findings) -> bytes:
    fixes = sorted((fix for f in findings for fix in f.fixes), key=lambda fix: fix.start_byte, reverse=True)
    for fix in fixes:
        data = data[:fix.start_byte] + fix.replacement.encode() + data[fix.end_byte:]
    return data


@pytest.mark.parametrize("written, fixed", [
    (b"long f(const char * __user buf) { return 0; }", b"long f(const char __user *buf) { return 0; }"),
    (b"long f(char *__user p, size_t n) { return 0; }", b"long f(char __user *p, size_t n) { return 0; }"),
    (b"long f(char*__user p) { return 0; }", b"long f(char __user *p) { return 0; }"),
    (b"long f(char *const __user p) { return 0; }", b"long f(char __user *const p) { return 0; }"),
    (b"long f(void __user * __user p) { return 0; }", b"long f(void __user *p) { return 0; }"),
    (b"struct req { void *  __user data; };", b"struct req { void __user *data; };"),
    (b"int g(struct file *, const char * __user, size_t);", b"int g(struct file *, const char __user *, size_t);"),
    (b"long f(void)\r\n{\r\n\tvoid * __user argp = NULL;\r\n\treturn 0;\r\n}\r\n",
     b"long f(void)\r\n{\r\n\tvoid __user *argp = NULL;\r\n\treturn 0;\r\n}\r\n"),
])
def test_fix_moves_user_to_the_pointee(tmp_path, written, fixed):
    findings = findings_of(tmp_path, "a.c", written)
    assert len(findings) == 1 and len(findings[0].fixes) == 1
    repaired = apply_fixes(written, findings)
    assert repaired == fixed
    assert findings[0].message.endswith(f"write `{findings[0].fixes[0].description.split(': ', 1)[1]}`")
    assert findings_of(tmp_path, "a.c", repaired) == []


@pytest.mark.parametrize("written", [
    b"long f(char ** __user p) { return 0; }",  # which level is in user space is for the author to say
    b"void f(void) { char *a, * __user b; }",  # the base type is shared with `a`
])
def test_ambiguous_rewrites_are_reported_without_a_fix(tmp_path, written):
    (finding,) = findings_of(tmp_path, "a.c", written)
    assert finding.severity == "warning" and finding.fixes == ()


def test_no_fix_rewrites_a_comment(tmp_path):
    commented, plain = findings_of(tmp_path, "a.c", b"long f(char * /* user */ __user p, char * __user q);")
    assert "'p'" in commented.message and commented.fixes == ()
    assert "'q'" in plain.message and len(plain.fixes) == 1


def test_fixing_every_bad_fixture_leaves_only_what_has_no_fix(tmp_path):
    fixed = 0
    for path in sorted(FIXTURES.glob("bad_*.c")):
        data = path.read_bytes()
        before = findings_of(tmp_path, path.name, data)
        fixable = [f for f in before if f.fixes]
        after = findings_of(tmp_path, path.name, apply_fixes(data, fixable))
        assert len(after) == len(before) - len(fixable), path.name
        assert all(not f.fixes for f in after), path.name
        fixed += len(fixable)
    assert fixed >= 5


def test_misplaced_annotation_reads_the_files_own_tree_not_a_second_parse(monkeypatch):
    """Each file is parsed once (once per view where an unknown #ifdef splits a function header):
    the warning reads declarators from the tree the facts came from."""
    import re

    from kmodlint import facts
    from clirun import invoke

    parsed = []
    original = facts.parse
    monkeypatch.setattr(facts, "parse", lambda source: parsed.append((source.path, source.view)) or original(source))
    run = invoke("check", "--no-cache", "-j", "1", "--statistics", "--select", "user-pointer-annotation",
                 str(FIXTURES))
    assert run.exit_code == 1
    files_parsed = int(re.search(r"parsed:\s+(\d+)", run.stderr).group(1))
    assert len([p for p in parsed if p[1] == 0]) == files_parsed and len(set(parsed)) == len(parsed)
    assert {path.rsplit("/", 1)[-1] for path, view in parsed if view} == {"bad_split_header_else.c"}
