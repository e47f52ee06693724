"""`kmodlint check --fix` and `--fix --dry-run`: byte-exact edits, safety, what is reported after.

The per-rule test is generic: it applies every fix that the fixtures of a rule
offer, whatever the rule, so a rule that gains a Fix is covered without a new test.
"""
from __future__ import annotations

import errno
import json
import os
import shutil
import stat
import subprocess
from functools import lru_cache
from pathlib import Path

import pytest
from clirun import invoke

import kmodlint.atomic
from kmodlint import engine
from kmodlint import fix as fix_module
from kmodlint.cache import digest
from kmodlint.config import Config
from kmodlint.model import Finding, Fix, RunResult, Span
from kmodlint.rules import all_rules

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures-kmod"
ALL_RULES = list(all_rules())


class Run:
    def __init__(self, code: int, stdout: str, stdout_bytes: bytes, stderr: str):
        self.code, self.stdout, self.stdout_bytes, self.stderr = code, stdout, stdout_bytes, stderr

    def errors(self) -> list[str]:
        return [line for line in self.stderr.splitlines() if line.startswith("kmodlint: error:")]


def kmodlint_run(*args: str) -> Run:
    result = invoke(*args)
    return Run(result.exit_code, result.stdout, result.stdout_bytes, result.stderr)


def analyse(paths: list[str], rule_ids: list[str] | None = None) -> RunResult:
    rules = [r for r in ALL_RULES if rule_ids is None or r.id in rule_ids]
    config = Config()
    config.root = engine.choose_root(paths)
    result, _ = engine.run(paths, rules, config, {r.id for r in ALL_RULES}, jobs=1, hash_files=True)
    return result


@lru_cache(maxsize=None)
def rules_with_fixes() -> tuple[str, ...]:
    """The rules whose fixtures carry at least one finding with a fix."""
    result = analyse([str(FIXTURES)])
    return tuple(sorted({f.rule_id for f in result.findings if f.fixes}))


def splice_by_hand(data: bytes, fixes: list[Fix]) -> bytes:
    """The expected file: the test's own splice of non-overlapping fixes, last first."""
    for fix in sorted(fixes, key=lambda x: x.start_byte, reverse=True):
        data = data[:fix.start_byte] + fix.replacement.encode() + data[fix.end_byte:]
    return data


def snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and ".kmodlint_cache" not in p.parts}


LATIN1_LINE = b"/* Gr\xfc\xdfe, caf\xe9: Latin-1 on purpose */\r\n"


def to_crlf_latin1(data: bytes) -> bytes:
    """The same driver with CRLF line ends, a Latin-1 comment first and no final newline."""
    return LATIN1_LINE + data.rstrip(b"\n").replace(b"\n", b"\r\n")


def copy_rule_fixtures(rule_id: str, project: Path) -> None:
    """The rule's fixtures, plus a copy of the driver folder of its first fix, in a folder of
    its own, with the fixed file turned CRLF/Latin-1 (the siblings stay as they are)."""
    shutil.copytree(FIXTURES / rule_id, project / rule_id)
    before = analyse([rule_id], [rule_id])
    first = next(f.fixes[0].path for f in before.findings if len(f.fixes) == 1)
    folder = (project / first).parent
    copy = project / rule_id / "crlf_case"
    copy.mkdir()
    for sibling in folder.iterdir():
        if sibling.is_file():
            data = sibling.read_bytes()
            (copy / sibling.name).write_bytes(to_crlf_latin1(data) if sibling.name == Path(first).name else data)


def test_the_fixtures_offer_fixes_for_the_rules_that_have_them():
    # The generic test below must not silently test nothing.
    assert {"debugfs-mmap-ignored", "module-init-call"} <= set(rules_with_fixes())


@pytest.mark.parametrize("rule_id", rules_with_fixes())
def test_fix_applies_every_fix_of_a_rule_byte_for_byte(project, rule_id):
    copy_rule_fixtures(rule_id, project)
    before = analyse([rule_id], [rule_id])
    files_before = snapshot(project)
    fixes_by_path: dict[str, list[Fix]] = {}
    for finding in before.findings:
        if len(finding.fixes) == 1:
            fixes_by_path.setdefault(finding.fixes[0].path, []).append(finding.fixes[0])
    [crlf_path] = [p for p, content in files_before.items() if content.startswith(LATIN1_LINE)]
    [lf_path] = [p for p, content in files_before.items()
                 if "/crlf_case/" not in p and to_crlf_latin1(content) == files_before[crlf_path]][:1]
    assert crlf_path in fixes_by_path and lf_path in fixes_by_path

    run = kmodlint_run("check", "--fix", "--unsafe-fixes", "--select", rule_id, "--format", "json", rule_id)

    after = snapshot(project)
    for path, content in files_before.items():
        expected = splice_by_hand(content, fixes_by_path[path]) if path in fixes_by_path else content
        assert after[path] == expected, path
    assert set(after) == set(files_before)  # no temporary file left behind
    # A fresh run finds no fixable finding of the rule any more; the findings that had no
    # fix are still there, and the report printed by --fix is that fresh run's.
    fresh = kmodlint_run("check", "--no-cache", "--select", rule_id, "--format", "json", rule_id)
    remaining = json.loads(fresh.stdout)["findings"]
    assert not [f for f in remaining if len(f["fixes"]) == 1]
    unfixable_before = sorted((f.path, f.message) for f in before.findings if len(f.fixes) != 1)
    assert sorted((f["path"], f["message"]) for f in remaining) == unfixable_before
    assert json.loads(run.stdout)["findings"] == remaining
    assert run.code == (1 if remaining else 0)
    fixed, files = sum(len(fixes) for fixes in fixes_by_path.values()), len(fixes_by_path)
    assert f"kmodlint: fixed {fixed} finding{'s' * (fixed != 1)} in {files} file{'s' * (files != 1)}" \
        in run.stderr.splitlines()
    for path in fixes_by_path:
        assert any(line.startswith("kmodlint: fixed ") and line.endswith(f" in {path}")
                   for line in run.stderr.splitlines()), path
    # The CRLF/Latin-1 copy was fixed exactly like its LF original.
    assert after[crlf_path] == to_crlf_latin1(after[lf_path])


DRIVER = b"""\
// SPDX-License-Identifier: GPL-2.0
#include <linux/module.h>
#include <linux/debugfs.h>

static int shm_mmap(struct file *file, struct vm_area_struct *vma)
{
	return -EINVAL;
}

static const struct file_operations shm_fops = {
	.mmap = shm_mmap,
};

static int __init shm_init(void)
{
	debugfs_create_file("window", 0400, NULL, NULL, &shm_fops);
	return 0;
}

static void __exit shm_exit(void)
{
}

module_init(shm_init());
module_exit(shm_exit);
"""


def test_fix_of_a_crlf_latin1_file_changes_only_the_fixed_bytes(project):
    original = DRIVER.replace(b"// SPDX", b"/* \xe9\xe8 */ // SPDX").replace(b"\n", b"\r\n").rstrip(b"\r\n")
    (project / "drv").mkdir()
    (project / "drv" / "shm.c").write_bytes(original)
    run = kmodlint_run("check", "--fix", "--unsafe-fixes", "drv")
    expected = original.replace(b"debugfs_create_file(", b"debugfs_create_file_unsafe(") \
                       .replace(b"module_init(shm_init())", b"module_init(shm_init)")
    assert (project / "drv" / "shm.c").read_bytes() == expected
    assert run.code == 0, run.stdout
    assert "kmodlint: fixed 2 findings in drv/shm.c" in run.stderr.splitlines()


def test_dry_run_changes_nothing_and_its_diff_applies_to_the_same_result(project, tmp_path):
    if shutil.which("git") is None:
        pytest.skip("git is not installed: the diff is checked with git apply")
    copy_rule_fixtures("module-init-call", project)
    copy_rule_fixtures("debugfs-mmap-ignored", project)
    files_before = snapshot(project)
    stamps_before = {p: os.stat(project / p).st_mtime_ns for p in files_before}

    dry = kmodlint_run("check", "--fix", "--unsafe-fixes", "--dry-run", ".")
    assert snapshot(project) == files_before
    assert {p: os.stat(project / p).st_mtime_ns for p in files_before} == stamps_before
    diff = dry.stdout_bytes
    assert diff.startswith(b"--- a/debugfs-mmap-ignored/")
    assert b"\n+++ b/module-init-call/bad_both_calls.c\n" in diff
    assert (b"-module_init(vled_init()); /* expect: module-init-call */\n"
            b"-module_exit(vled_exit()); /* expect: module-init-call */\n"
            b"+module_init(vled_init); /* expect: module-init-call */\n"
            b"+module_exit(vled_exit); /* expect: module-init-call */\n") in diff
    assert b"\r\n" in diff and b"\xfc\xdf" not in diff  # CRLF lines as they are; unchanged lines not shown
    assert dry.code == 1  # nothing was fixed: the findings are all still there
    *fixes, summary = dry.stderr.splitlines()
    assert fixes[-1].startswith("kmodlint: would fix ") and summary.startswith("kmodlint: Checked ")

    # The diff, applied to a copy, gives exactly what --fix writes.
    patched = tmp_path / "patched"
    shutil.copytree(project, patched, ignore=shutil.ignore_patterns(".kmodlint_cache"))
    subprocess.run(["git", "apply", "--whitespace=nowarn", "-"], input=diff, cwd=patched, check=True,
                   capture_output=True, timeout=60)
    kmodlint_run("check", "--fix", "--unsafe-fixes", ".")
    assert snapshot(patched) == snapshot(project) != files_before


def test_dry_run_with_output_writes_the_report_and_the_diff_to_stdout(project):
    (project / "drv").mkdir()
    (project / "drv" / "shm.c").write_bytes(DRIVER)
    run = kmodlint_run("check", "--fix", "--unsafe-fixes", "--dry-run", "--format", "json", "-o", "report.json", "drv")
    assert run.stdout.startswith("--- a/drv/shm.c\n+++ b/drv/shm.c\n")
    report = json.loads((project / "report.json").read_text())
    assert sorted(f["rule"] for f in report["findings"]) == ["debugfs-mmap-ignored", "module-init-call"]
    assert (project / "drv" / "shm.c").read_bytes() == DRIVER


def test_dry_run_still_says_what_the_report_would_have_said(project):
    (project / "drv").mkdir()
    (project / "drv" / "shm.c").write_bytes(DRIVER)
    (project / "drv" / "huge.h").write_bytes(b"#define GRAB(a, b) copy_from_user(a, b, 4)\n/* */\n"
                                             + b"/* */\n" * (engine.MAX_FILE_BYTES // 6 + 1))
    run = kmodlint_run("check", "--fix", "--unsafe-fixes", "--dry-run", "drv")
    assert run.stdout.startswith("--- a/drv/shm.c\n")
    assert "kmodlint: error: skipped: 8 MB is above the 8 MB limit for one file, and it holds code a rule " \
           "checks; not analysed (drv/huge.h)" in run.stderr


def test_dry_run_needs_fix(project):
    run = kmodlint_run("check", "--dry-run", ".")
    assert run.code == 2
    assert run.stderr.startswith("kmodlint: error: --dry-run only applies to --fix")
    assert len(run.stderr.splitlines()) == 1


@pytest.mark.parametrize("cache", ["cold", "warm", "off"])
def test_report_after_fix_is_a_fresh_run_of_the_new_content(project, sarif_validator, cache):
    """Findings computed before the fix (from the cache or not) are replaced by those of the
    new content: the SARIF after --fix equals a --no-cache run on the fixed files."""
    (project / "drv").mkdir()
    (project / "drv" / "shm.c").write_bytes(DRIVER.replace(b"return 0;\n}", b"return 0;\n}\n" + b"\n" * 5, 1))
    (project / "other").mkdir()
    (project / "other" / "more.c").write_bytes(DRIVER.replace(b"module_init(shm_init());", b"module_init(shm_init);"))
    options = ["--no-cache"] if cache == "off" else []
    if cache == "warm":
        assert kmodlint_run("check", "drv", "other").code == 1
    run = kmodlint_run("check", "--fix", "--unsafe-fixes", "--format", "sarif", *options, "drv", "other")
    doc = json.loads(run.stdout)
    assert not list(sarif_validator.iter_errors(doc))
    assert doc["runs"][0]["results"] == []  # everything had a fix
    assert run.code == 0
    assert "kmodlint: fixed 3 findings in 2 files" in run.stderr.splitlines()
    fresh = kmodlint_run("check", "--no-cache", "--format", "sarif", "drv", "other")
    assert json.loads(fresh.stdout)["runs"][0]["results"] == []
    # With a cache, the next run reuses what --fix stored, for the new content.
    if cache != "off":
        assert kmodlint_run("check", "drv", "other").code == 0


def test_fix_keeps_the_mode_and_edits_a_symlinks_target(project):
    (project / "real").mkdir()
    (project / "real" / "shm.c").write_bytes(DRIVER)
    (project / "real" / "shm.c").chmod(0o640)
    (project / "drv").mkdir()
    (project / "drv" / "shm.c").symlink_to(project / "real" / "shm.c")
    run = kmodlint_run("check", "--fix", "--unsafe-fixes", "drv")
    assert run.code == 0, run.stdout + run.stderr
    assert (project / "drv" / "shm.c").is_symlink()
    assert b"debugfs_create_file_unsafe(" in (project / "real" / "shm.c").read_bytes()
    assert stat.S_IMODE((project / "real" / "shm.c").stat().st_mode) == 0o640


def test_fix_paths_resolve_against_the_scan_root_outside_the_working_directory(tmp_path, monkeypatch):
    root = tmp_path / "proj"
    (root / "drv").mkdir(parents=True)
    (root / "drv" / "shm.c").write_bytes(DRIVER)
    elsewhere = tmp_path / "elsewhere"
    (elsewhere / "drv").mkdir(parents=True)
    (elsewhere / "drv" / "shm.c").write_bytes(DRIVER)  # a same-named file that must not be touched
    monkeypatch.chdir(elsewhere)
    run = kmodlint_run("check", "--fix", "--unsafe-fixes", str(root / "drv"))
    assert run.code == 0
    # Named as typed (absolute), so the line names the file that was changed.
    assert f"kmodlint: fixed 2 findings in {root / 'drv' / 'shm.c'}" in run.stderr.splitlines()
    assert b"module_init(shm_init);" in (root / "drv" / "shm.c").read_bytes()
    assert (elsewhere / "drv" / "shm.c").read_bytes() == DRIVER


def _two_drivers(project: Path) -> None:
    for name in ("a", "b"):
        (project / name).mkdir()
        (project / name / "shm.c").write_bytes(DRIVER)


def _assert_refused(run: Run, project: Path, refused: str, reason: str, fixed: str) -> None:
    assert run.code == 2
    [error] = run.errors()
    assert error.startswith(f"kmodlint: error: cannot fix {refused}/shm.c: {reason}"), error
    assert run.stderr.splitlines()[-1] == error  # the last word, after the report and the fix lines
    assert "Traceback" not in run.stderr
    assert (project / refused / "shm.c").read_bytes() == DRIVER  # nothing half-written
    assert b"module_init(shm_init);" in (project / fixed / "shm.c").read_bytes()
    assert f"kmodlint: fixed 2 findings in {fixed}/shm.c" in run.stderr.splitlines()
    # The refused file's findings are still reported, the fixed file's are not.
    assert f"{refused}/shm.c:" in run.stdout and f"{fixed}/shm.c:" not in run.stdout
    assert not [p for p in project.rglob(".kmodlint-*")]  # no temporary file left


def test_read_only_file_is_refused_and_the_others_are_fixed(project):
    _two_drivers(project)
    locked = project / "a" / "shm.c"
    locked.chmod(0o444)
    try:
        if os.access(locked, os.W_OK):
            pytest.skip("chmod 444 leaves the file writable (running as root); "
                        "test_unwritable_file_simulated covers the same path")
        run = kmodlint_run("check", "--fix", "--unsafe-fixes", "a", "b")
    finally:
        locked.chmod(0o644)
    _assert_refused(run, project, "a", "it is read-only", "b")


def test_unwritable_file_simulated(project, monkeypatch):
    """EACCES when writing one file, as for a read-only folder when not root."""
    _two_drivers(project)
    real = kmodlint.atomic.replace_atomically

    def deny_a(path, text, **kwargs):
        if isinstance(text, bytes) and os.path.basename(os.path.dirname(path)) == "a":
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), path)
        return real(path, text, **kwargs)

    monkeypatch.setattr(kmodlint.atomic, "replace_atomically", deny_a)
    run = kmodlint_run("check", "--fix", "--unsafe-fixes", "a", "b")
    _assert_refused(run, project, "a", f"cannot write it: {os.strerror(errno.EACCES)}", "b")


def test_file_changed_after_it_was_read_is_refused(project, monkeypatch):
    _two_drivers(project)
    real_run = engine.run

    def run_then_edit(*args, **kwargs):
        result = real_run(*args, **kwargs)
        if kwargs.get("only_folders") is None:  # the first analysis: someone edits a file now
            with open(project / "a" / "shm.c", "ab") as handle:
                handle.write(b"/* edited */\n")
        return result

    monkeypatch.setattr(engine, "run", run_then_edit)
    run = kmodlint_run("check", "--fix", "--unsafe-fixes", "a", "b")
    assert run.code == 2
    [error] = run.errors()
    assert error.startswith("kmodlint: error: cannot fix a/shm.c: it changed since kmodlint read it"), error
    assert (project / "a" / "shm.c").read_bytes() == DRIVER + b"/* edited */\n"
    assert b"module_init(shm_init);" in (project / "b" / "shm.c").read_bytes()


def _result(path: Path, *fixes: tuple[int, int, str]) -> RunResult:
    data = path.read_bytes()
    rel = path.name
    findings = [Finding("r", "error", rel, Span(1, 1, 1, 1), f"m{i}",
                        fixes=(Fix("d", rel, start, end, Span(1, 1, 1, 1), text),))
                for i, (start, end, text) in enumerate(fixes)]
    return RunResult(root=str(path.parent), findings=findings, digests={rel: digest(data)})


@pytest.mark.parametrize("fixes, expected, overlapping", [
    ([(0, 3, "X"), (2, 5, "Y")], b"X3456789", 1),  # overlap: the second waits for the next run
    ([(0, 3, "X"), (3, 5, "Y")], b"XY56789", 0),  # adjacent: both
    ([(4, 4, "A"), (4, 6, "B")], b"0123A456789", 1),  # insertion and replacement at one offset: order unknown
    ([(4, 4, "A"), (4, 4, "B")], b"0123A456789", 1),  # two insertions at one offset
    ([(1, 2, "Z"), (1, 2, "Z")], b"0Z23456789", 0),  # the same edit asked twice: done once, both fixed
    ([(8, 10, "")], b"01234567", 0),  # deletion up to the end
])
def test_overlapping_edits_are_left_out(tmp_path, fixes, expected, overlapping):
    path = tmp_path / "f.c"
    path.write_bytes(b"0123456789")
    outcome = fix_module.plan(_result(path, *fixes))
    fix_module.write(outcome)
    assert path.read_bytes() == expected
    assert outcome.overlapping == overlapping
    assert outcome.fixed_findings == len(fixes) - overlapping


def test_fix_outside_the_file_or_scan_root_is_refused(tmp_path):
    path = tmp_path / "f.c"
    path.write_bytes(b"0123456789")
    outcome = fix_module.plan(_result(path, (5, 11, "X")))
    assert [r.reason for r in outcome.refused] == ["a fix lies outside the file (a kmodlint bug: please report it)"]
    escaping = _result(path, (0, 1, "X"))
    escaping.findings = [Finding("r", "error", "f.c", Span(1, 1, 1, 1), "m",
                                 fixes=(Fix("d", "../f.c", 0, 1, Span(1, 1, 1, 1), "X"),))]
    assert [r.reason for r in fix_module.plan(escaping).refused] == ["it is outside the scan root"]
    fix_module.write(outcome)
    assert path.read_bytes() == b"0123456789"


def test_a_finding_with_several_fixes_is_left_to_a_person(tmp_path):
    path = tmp_path / "f.c"
    path.write_bytes(b"0123456789")
    result = _result(path)
    alternatives = tuple(Fix(f"option {i}", "f.c", 0, 1, Span(1, 1, 1, 1), str(i)) for i in range(2))
    result.findings = [Finding("r", "error", "f.c", Span(1, 1, 1, 1), "m", fixes=alternatives)]
    outcome = fix_module.plan(result)
    assert (outcome.ambiguous, outcome.plans) == (1, [])


def test_file_changed_between_planning_and_writing_is_refused(tmp_path):
    path = tmp_path / "f.c"
    path.write_bytes(b"0123456789")
    outcome = fix_module.plan(_result(path, (0, 1, "X")))
    path.write_bytes(b"0123456789 edited")
    fix_module.write(outcome)
    assert [r.reason for r in outcome.refused] == ["it changed since kmodlint read it; run kmodlint again"]
    assert (outcome.written, path.read_bytes()) == ([], b"0123456789 edited")


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="needs root, to own a file as another user")
def test_root_keeps_the_owner_of_a_fixed_file(tmp_path):
    path = tmp_path / "f.c"
    path.write_bytes(b"0123456789")
    os.chown(path, 12345, 23456)
    outcome = fix_module.plan(_result(path, (0, 1, "X")))
    fix_module.write(outcome)
    assert path.read_bytes() == b"X123456789"
    assert (path.stat().st_uid, path.stat().st_gid) == (12345, 23456)


# --- fix tiers, and --fix with --diff / --baseline ------------------------------

def test_plain_fix_applies_safe_fixes_only_and_unsafe_fixes_adds_the_rest(project):
    """module_init(f()) -> module_init(f) is right as it is (safe); the rename to
    debugfs_create_file_unsafe() needs debugfs_file_get()/put() added by hand (unsafe)."""
    (project / "drv").mkdir()
    (project / "drv" / "shm.c").write_bytes(DRIVER)
    report = kmodlint_run("check", "--no-cache", "drv")
    [mmap_line] = [line for line in report.stdout.splitlines() if "[debugfs-mmap-ignored]" in line]
    [init_line] = [line for line in report.stdout.splitlines() if "[module-init-call]" in line]
    assert "[module-init-call] [*] " in init_line and "[*]" not in mmap_line
    assert report.stdout.splitlines()[-1].endswith("; [*] 1 fixable with --fix, 1 more with --fix --unsafe-fixes")
    marked = kmodlint_run("check", "--no-cache", "--unsafe-fixes", "drv")
    assert marked.stdout.splitlines()[-1].endswith("; [*] 2 fixable with --fix --unsafe-fixes")
    assert "[debugfs-mmap-ignored] [*] " in marked.stdout

    safe = kmodlint_run("check", "--fix", "drv")
    assert (project / "drv" / "shm.c").read_bytes() == DRIVER.replace(b"module_init(shm_init())",
                                                                       b"module_init(shm_init)")
    assert safe.code == 1 and "[debugfs-mmap-ignored]" in safe.stdout
    assert "kmodlint: fixed 1 finding in drv/shm.c" in safe.stderr.splitlines()
    assert "kmodlint: note: 1 fix not applied: it needs follow-up work (see the message); " \
           "apply with --unsafe-fixes" in safe.stderr.splitlines()
    unsafe = kmodlint_run("check", "--fix", "--unsafe-fixes", "drv")
    assert unsafe.code == 0, unsafe.stdout
    assert b"debugfs_create_file_unsafe(" in (project / "drv" / "shm.c").read_bytes()


def _git(cwd: Path, *args: str) -> None:
    env = {**os.environ, "GIT_CONFIG_NOSYSTEM": "1", "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@t.invalid",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@t.invalid"}
    subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True)


BAD_INIT = DRIVER.replace(b"debugfs_create_file", b"pr_info")  # module_init(shm_init()) only


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_fix_with_diff_fixes_only_what_the_change_touched(project):
    (project / "old").mkdir()
    (project / "old" / "shm.c").write_bytes(BAD_INIT)
    _git(project, "init", "-q")
    _git(project, "add", "old")
    _git(project, "commit", "-q", "-m", "old")
    (project / "new").mkdir()
    (project / "new" / "shm.c").write_bytes(BAD_INIT)  # untracked: wholly added
    run = kmodlint_run("check", "--no-cache", "--fix", "--diff", "HEAD", "old", "new")
    assert run.code == 0, run.stdout + run.stderr
    assert (project / "old" / "shm.c").read_bytes() == BAD_INIT
    assert b"module_init(shm_init);" in (project / "new" / "shm.c").read_bytes()
    assert "kmodlint: fixed 1 finding in 1 file" in run.stderr.splitlines()


def test_fix_with_baseline_leaves_the_recorded_findings_alone(project):
    (project / "old").mkdir()
    (project / "old" / "shm.c").write_bytes(BAD_INIT)
    assert kmodlint_run("check", "--no-cache", "--write-baseline", "base.json").code == 0
    (project / "new").mkdir()
    (project / "new" / "shm.c").write_bytes(BAD_INIT)
    run = kmodlint_run("check", "--no-cache", "--fix", "--baseline", "base.json")
    assert run.code == 0, run.stdout + run.stderr
    assert (project / "old" / "shm.c").read_bytes() == BAD_INIT
    assert b"module_init(shm_init);" in (project / "new" / "shm.c").read_bytes()
    dry = kmodlint_run("check", "--no-cache", "--fix", "--dry-run", "--baseline", "base.json")
    assert dry.stdout == ""  # nothing left to fix outside the baseline
