"""The command line, end to end: formats, exit codes, errors, config, suppressions, discovery.

Most tests run `kmodlint` in-process with click's CliRunner (fast, and monkeypatch
reaches the code); a few run the installed entry point in a subprocess, to check
what a shell or CI job really sees.
"""
from __future__ import annotations

import errno
import importlib.metadata
import json
import os
import re
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from clirun import assert_one_error_line, invoke

import kmodlint.engine
import kmodlint.safeio
import kmodlint.report.sarif_report
from kmodlint.__about__ import VERSION
from kmodlint.rules import all_rules

ALL_RULES = {rule.id: rule for rule in all_rules()}
DEFAULT_RULES = sorted(rule.id for rule in all_rules() if not rule.opt_in)  # what runs without --select

# --- driver sources -----------------------------------------------------------

HEAD = [
    "#include <linux/uaccess.h>",
    "",
    "static long foo_ioctl(struct file *file, unsigned int cmd, unsigned long arg)",
    "{",
    "\tstruct foo_cfg cfg;",
    "\tvoid __user *argp = (void __user *)arg;",
    "",
]
BODY_LINE = len(HEAD) + 1  # line number of the first body line given to driver()

UNCHECKED = "\tcopy_from_user(&cfg, argp, sizeof(cfg));"  # unchecked-copy-user at column 2
CHECKED = "\tif (copy_from_user(&cfg, argp, sizeof(cfg)))\n\t\treturn -EFAULT;"
NEGATIVE = "\tif (copy_from_user(&cfg, argp, sizeof(cfg)) < 0)\n\t\treturn -EFAULT;"  # copy-user-negative-check
WRONG_ERRNO = "\tif (copy_to_user(argp, &cfg, sizeof(cfg)))\n\t\treturn -EINVAL;"  # copy-user-wrong-errno
UNCHECKED_MESSAGE_START = "copy_from_user() returns the number of bytes not copied"


def driver(*body: str) -> str:
    return "\n".join([*HEAD, *body, "\treturn 0;", "}", ""])


BAD = driver(UNCHECKED)
CLEAN = driver(CHECKED)
MIXED = driver(UNCHECKED, NEGATIVE, WRONG_ERRNO)


def write(root: Path, files: dict[str, str | bytes]) -> None:
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8", newline="")


# --- running kmodlint ---------------------------------------------------------



class Run:
    def __init__(self, code: int, stdout: str, stderr: str):
        self.code, self.stdout, self.stderr = code, stdout, stderr

    def json(self) -> dict:
        return json.loads(self.stdout)

    def findings(self) -> list[tuple[str, int, int, str]]:
        return [(f["path"], f["line"], f["column"], f["rule"]) for f in self.json()["findings"]]


def kmodlint_run(*args: str) -> Run:
    result = invoke(*args)
    return Run(result.exit_code, result.stdout, result.stderr)


def kmodlint_process(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    script = Path(sys.executable).with_name("kmodlint")
    command = ([str(script)] if os.access(script, os.X_OK)
               else [sys.executable, "-c", "from kmodlint.cli import main; main()"])
    return subprocess.run(command + list(args), cwd=cwd, capture_output=True, text=True, timeout=60)


# --- formats ------------------------------------------------------------------

def test_text_format_has_gcc_line_excerpt_caret_and_summary(project):
    write(project, {"drv/bad.c": BAD})
    run = kmodlint_run("check", "drv")
    assert run.code == 1
    lines = run.stdout.splitlines()
    assert re.fullmatch(
        rf"drv/bad\.c:{BODY_LINE}:2: warning: \[unchecked-copy-user\] {re.escape(UNCHECKED_MESSAGE_START)}.*",
        lines[0])
    # The excerpt is the source line with tabs expanded; the caret underlines the call.
    assert lines[1] == UNCHECKED.expandtabs(8)
    call = "copy_from_user(&cfg, argp, sizeof(cfg))"
    assert lines[2] == " " * lines[1].index("copy_from_user") + "^" + "~" * (len(call) - 1)
    assert re.fullmatch(r"Checked 1 file for Linux 6\.12 in \d+\.\d\ds: 1 finding \(0 errors, 1 warning, 0 notes\)", lines[3])
    assert len(lines) == 4
    assert run.stderr == ""


def test_text_format_clean_summary(project):
    write(project, {"drv/ok.c": CLEAN, "drv/ok.h": CLEAN})
    run = kmodlint_run("check", "drv")
    assert run.code == 0
    assert re.fullmatch(r"Checked 2 files for Linux 6\.12 in \d+\.\d\ds: no findings\n", run.stdout)


def test_json_format_fields(project):
    write(project, {"drv/bad.c": BAD})
    run = kmodlint_run("check", "--format", "json", "drv")
    assert run.code == 1
    doc = run.json()
    [finding] = doc["findings"]
    assert {key: finding[key] for key in ("path", "line", "column", "end_line", "end_column", "rule", "severity")} == {
        "path": "drv/bad.c", "line": BODY_LINE, "column": 2, "end_line": BODY_LINE,
        "end_column": 2 + len("copy_from_user(&cfg, argp, sizeof(cfg))"),
        "rule": "unchecked-copy-user", "severity": "warning",
    }
    assert finding["message"].startswith(UNCHECKED_MESSAGE_START)
    assert doc["summary"]["files_scanned"] == 1
    assert doc["summary"]["findings_by_severity"] == {"error": 0, "warning": 1, "note": 0}
    assert doc["notifications"] == []


def _sarif_rule_ids(doc: dict) -> list[str]:
    return [rule["id"] for rule in doc["runs"][0]["tool"]["driver"]["rules"]]


@pytest.mark.parametrize("where", ["inside", "outside"])
def test_sarif_is_valid_relative_and_names_every_rule(tmp_path, monkeypatch, sarif_validator, where):
    root = tmp_path / "proj"
    write(root, {"drv/bad.c": MIXED, "drv/sub/ok.c": CLEAN})
    if where == "inside":  # reports relative to the working directory
        monkeypatch.chdir(root)
        target, prefix = "drv", "drv/"
    else:  # inputs outside the working directory: relative to their common folder
        elsewhere = tmp_path / "elsewhere"
        elsewhere.mkdir()
        monkeypatch.chdir(elsewhere)
        target, prefix = str(root / "drv"), ""
    run = kmodlint_run("check", "--format", "sarif", target)
    assert run.code == 1
    for absolute in {str(tmp_path), os.path.realpath(tmp_path), str(root)}:
        assert absolute not in run.stdout
    doc = run.json()
    errors = sorted(sarif_validator.iter_errors(doc), key=str)
    assert not errors, errors[0]

    rules = doc["runs"][0]["tool"]["driver"]["rules"]
    assert _sarif_rule_ids(doc) == DEFAULT_RULES
    results = doc["runs"][0]["results"]
    assert {r["ruleId"] for r in results} == {"unchecked-copy-user", "copy-user-negative-check",
                                              "copy-user-wrong-errno"}
    for result in results:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        assert result["level"] == ALL_RULES[result["ruleId"]].severity
        location = result["locations"][0]["physicalLocation"]["artifactLocation"]
        assert location == {"uri": prefix + "bad.c", "uriBaseId": "%SRCROOT%"}


def test_github_format_annotations(project):
    write(project, {"drv/bad.c": BAD})
    run = kmodlint_run("check", "--format", "github", "drv")
    assert run.code == 1
    [line] = run.stdout.splitlines()
    assert line.startswith(f"::warning file=drv/bad.c,line={BODY_LINE},col=2,")
    assert "title=unchecked-copy-user::" + UNCHECKED_MESSAGE_START in line


def test_html_format_is_one_self_contained_file(project):
    write(project, {"drv/bad.c": BAD, "drv/ok.c": CLEAN})
    run = kmodlint_run("check", "--format", "html", "-o", "report.html", "drv")
    assert run.code == 1 and run.stdout == "" and run.stderr.startswith("kmodlint: Checked 2 files for Linux ")
    page = (project / "report.html").read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and page.count('<div class="finding ') == 1
    assert "<mark>copy_from_user(&amp;cfg, argp, sizeof(cfg))</mark>" in page
    assert 'id="rule-unchecked-copy-user"' in page and ALL_RULES["unchecked-copy-user"].title in page
    assert not re.search(r"""(?:src|href)=["']?(?:https?:)?//""", page)


def test_text_output_format_concise_and_full(project):
    write(project, {"drv/bad.c": BAD})
    full = kmodlint_run("check", "--output-format", "full", "drv").stdout.splitlines()
    concise = kmodlint_run("check", "--output-format", "concise", "drv").stdout.splitlines()
    assert full[:3] == kmodlint_run("check", "drv").stdout.splitlines()[:3]  # full is the default
    assert len(full) == 4 and full[1] == UNCHECKED.expandtabs(8) and full[2].lstrip().startswith("^~~")
    # The finding line and the summary, no excerpt.
    assert len(concise) == 2 and concise[0] == full[0] and concise[1].startswith("Checked 1 file for Linux 6.12 in ")
    assert concise[0].startswith(f"drv/bad.c:{BODY_LINE}:2: warning: [unchecked-copy-user] ")


def _on_a_terminal(args: list[str], cwd: Path, **env: str) -> str:
    """stdout of the installed command run on a pseudo-terminal (what a user's shell sees)."""
    import pty

    script = Path(sys.executable).with_name("kmodlint")
    command = ([str(script)] if os.access(script, os.X_OK)
               else [sys.executable, "-c", "from kmodlint.cli import main; main()"])
    environment = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
    leader, follower = pty.openpty()
    with subprocess.Popen(command + args, cwd=cwd, stdout=follower, stderr=subprocess.DEVNULL,
                          env={**environment, **env}) as process:
        os.close(follower)
        chunks = []
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # EIO: the command closed the terminal
                break
            if not chunk:
                break
            chunks.append(chunk)
        process.wait(timeout=60)
    os.close(leader)
    return b"".join(chunks).decode("utf-8", "replace")


def test_color_on_a_terminal_unless_no_color(project):
    write(project, {"drv/bad.c": BAD})
    colored = _on_a_terminal(["check", "drv"], project)
    assert "\x1b[33m\x1b[1mwarning:" in colored and "\x1b[2m[unchecked-copy-user]" in colored
    assert "\x1b[" not in _on_a_terminal(["check", "drv"], project, NO_COLOR="1")
    assert "\x1b[" not in _on_a_terminal(["check", "--color", "never", "drv"], project)
    assert "\x1b[33m" in _on_a_terminal(["check", "--color", "always", "drv"], project, NO_COLOR="1")


def test_color_when_piped_only_if_asked(project):
    write(project, {"drv/bad.c": BAD})
    assert "\x1b[" not in kmodlint_run("check", "drv").stdout
    piped = kmodlint_process("check", "drv", cwd=project)
    assert piped.returncode == 1 and "\x1b[" not in piped.stdout and "[unchecked-copy-user]" in piped.stdout
    forced = kmodlint_run("check", "--color", "always", "drv").stdout
    assert "\x1b[33m\x1b[1mwarning:" in forced
    kmodlint_run("check", "--color", "always", "-o", "forced.txt", "drv")
    assert "\x1b[33m" in (project / "forced.txt").read_text(encoding="utf-8")


# --- exit codes ---------------------------------------------------------------

def test_exit_codes_clean_findings_and_exit_zero(project):
    write(project, {"ok/ok.c": CLEAN, "bad/bad.c": BAD})
    assert kmodlint_run("check", "ok").code == 0
    assert kmodlint_run("check", "bad").code == 1
    run = kmodlint_run("check", "--exit-zero", "bad")
    assert run.code == 0
    assert "[unchecked-copy-user]" in run.stdout  # still reported, just not failing


def test_no_paths_checks_the_working_directory(project):
    write(project, {"a/b/bad.c": BAD})
    run = kmodlint_run("check", "--format", "json")
    assert run.code == 1
    assert run.findings() == [("a/b/bad.c", BODY_LINE, 2, "unchecked-copy-user")]


def error_case(case_id: str, args: list[str], *expected: str, files: dict | None = None):
    """kmodlint `args`, in a project holding `files`, must fail with one line saying each of `expected`."""
    return pytest.param(files or {}, args, expected, id=case_id)


ERRORS = [
    # inputs and options
    error_case("missing-path", ["check", "missing"], "missing: no such file or directory"),
    error_case("select-unknown", ["check", "--select", "unchecked-copy-usr", "."], "--select", "'unchecked-copy-usr'"),
    error_case("ignore-unknown", ["check", "--ignore", "unchecked-copy-user,nope", "."], "--ignore", "'nope'"),
    error_case("bad-format", ["check", "--format", "xml", "."], "--format", "'xml'"),
    error_case("bad-color", ["check", "--color", "sometimes", "."], "--color", "'sometimes'"),
    error_case("bad-output-format", ["check", "--output-format", "short", "."], "--output-format", "'short'"),
    error_case("unknown-option", ["check", "--no-such-option", "."], "--no-such-option", "kmodlint check --help"),
    error_case("output-dir-missing", ["check", "-o", "no/such/dir/report.txt", "."],
               "cannot write no/such/dir/report.txt", "No such file or directory"),
    # configuration
    error_case("config-unknown-key", ["check", "."], "unknown key 'selct'",
               files={".kmodlint.toml": 'selct = ["unchecked-copy-user"]\n'}),
    error_case("pyproject-unknown-key", ["check", "."], "pyproject.toml", "'exclued'",
               files={"pyproject.toml": "[tool.kmodlint]\nexclued = []\n"}),
    error_case("invalid-toml", ["check", "."], ".kmodlint.toml", "invalid TOML",
               files={".kmodlint.toml": "select = [\n"}),
    error_case("toml-not-utf8", ["check", "."], "invalid TOML", "not UTF-8",
               files={".kmodlint.toml": b'ignore = ["\xff"]\n'}),
    error_case("select-not-list", ["check", "."], "'select' must be a list of strings",
               files={".kmodlint.toml": "select = 3\n"}),
    error_case("exclude-not-strings", ["check", "."], "'exclude' must be a list of strings",
               files={".kmodlint.toml": "exclude = [1]\n"}),
    error_case("per-path-ignores-not-table", ["check", "."], "'per-path-ignores' must be a table",
               files={".kmodlint.toml": "per-path-ignores = 1\n"}),
    error_case("config-select-unknown", ["check", "."], "'select'", "'no-such-rule'",
               files={".kmodlint.toml": 'select = ["no-such-rule"]\n'}),
    error_case("per-path-ignores-unknown", ["check", "."], "per-path-ignores", "'nope'",
               files={".kmodlint.toml": '[per-path-ignores]\n"*.c" = ["nope"]\n'}),
    error_case("pyproject-tool-not-table", ["check", "."], "'tool' must be a table",
               files={"pyproject.toml": "tool = 1\n"}),
    error_case("pyproject-kmodlint-not-table", ["check", "."], "[tool.kmodlint] must be a table",
               files={"pyproject.toml": 'tool.kmodlint = "all"\n'}),
    error_case("explicit-pyproject-without-table", ["check", "--config", "cfg/pyproject.toml", "."],
               "no [tool.kmodlint] table", files={"cfg/pyproject.toml": "[tool.ruff]\n"}),
    error_case("config-missing", ["check", "--config", "nowhere.toml", "."], "cannot read config nowhere.toml"),
    error_case("config-is-dir", ["check", "--config", ".", "."], "--config", "is a directory"),
    # the other commands
    error_case("explain-unknown-option", ["explain", "--verbose", "unchecked-copy-user"],
               "--verbose", "kmodlint explain --help"),
    error_case("explain-unknown-rule", ["explain", "no-such-rule"], "unknown rule id 'no-such-rule'"),
    error_case("explain-no-rule", ["explain"], "RULE_ID"),
    error_case("rules-extra-arg", ["rules", "extra"], "extra"),
    error_case("unknown-command", ["chek"], "chek"),
    error_case("no-command", [], "Missing command"),
]


@pytest.mark.parametrize("files, args, expected", ERRORS)
def test_errors_exit_2_with_one_line(project, files, args, expected):
    write(project, {"drv/bad.c": BAD, **files})
    run = kmodlint_run(*args)
    assert run.code == 2, (run.stdout, run.stderr)
    assert_one_error_line(run.stderr, *expected)
    assert run.stdout == ""  # nothing was checked, so nothing is reported


def test_errors_from_the_installed_command_are_one_line(project):
    for args in (["explain", "--bogus"], ["check", "--select", "bogus", "."], ["check", "missing"]):
        process = kmodlint_process(*args, cwd=project)
        assert process.returncode == 2, process
        assert_one_error_line(process.stderr)
        assert "Traceback" not in process.stdout + process.stderr
        assert "Usage:" not in process.stderr


def _locked_run(project, fmt: str) -> Run:
    run = kmodlint_run("check", "--format", fmt, "drv")
    assert run.code == 2, (run.stdout, run.stderr)
    assert_one_error_line(run.stderr, "cannot read drv/locked.c", "Permission denied")
    return run


def _check_locked(run: Run, fmt: str) -> None:
    # The other files are still checked and reported.
    if fmt == "json":
        assert run.findings() == [("drv/bad.c", BODY_LINE, 2, "unchecked-copy-user")]
        assert run.json()["notifications"][0]["path"] == "drv/locked.c"
    else:
        assert f"drv/bad.c:{BODY_LINE}:2:" in run.stdout
        assert "kmodlint: error: cannot read file: Permission denied (drv/locked.c)" in run.stdout


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_unreadable_file_is_exit_2(project, fmt):
    write(project, {"drv/bad.c": BAD, "drv/locked.c": CLEAN})
    locked = project / "drv" / "locked.c"
    locked.chmod(0)
    try:
        if os.access(locked, os.R_OK):
            pytest.skip("chmod 000 leaves the file readable (running as root); "
                        "test_unreadable_file_simulated covers the same path")
        _check_locked(_locked_run(project, fmt), fmt)
    finally:
        locked.chmod(0o644)


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_unreadable_file_simulated(project, monkeypatch, fmt):
    """EACCES on open, as for a chmod 000 file when not root (root reads everything)."""
    write(project, {"drv/bad.c": BAD, "drv/locked.c": CLEAN})
    real_open = kmodlint.safeio.read_bounded

    def deny_locked(path, *args, **kwargs):
        if str(path).endswith("locked.c"):
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path))
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(kmodlint.safeio, "read_bounded", deny_locked)
    _check_locked(_locked_run(project, fmt), fmt)


def test_unreadable_folder_is_exit_2(project):
    write(project, {"drv/sub/bad.c": BAD})
    locked = project / "drv" / "sub"
    locked.chmod(0)
    try:
        if os.access(locked, os.R_OK):
            pytest.skip("chmod 000 leaves the folder readable (running as root)")
        run = kmodlint_run("check", "drv")
        assert run.code == 2
        assert_one_error_line(run.stderr, "Permission denied")
    finally:
        locked.chmod(0o755)


def test_internal_error_is_one_line(project, monkeypatch):
    write(project, {"drv/bad.c": BAD})

    def crash(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(kmodlint.engine, "run", crash)
    run = kmodlint_run("check", "drv")
    assert run.code == 2
    assert_one_error_line(run.stderr, "internal error: RuntimeError: boom", "test_cli.py")


def test_interrupt_exits_130(project, monkeypatch):
    def interrupt(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(kmodlint.engine, "run", interrupt)
    run = kmodlint_run("check", ".")
    assert run.code == 130
    assert run.stderr.splitlines()[-1] == "kmodlint: error: interrupted"


# --- --select / --ignore ------------------------------------------------------

def _rules_in(run: Run) -> set[str]:
    return {rule for _, _, _, rule in run.findings()}


def test_all_rules_run_by_default(project):
    write(project, {"drv/mixed.c": MIXED})
    run = kmodlint_run("check", "--format", "json", "drv")
    assert _rules_in(run) == {"unchecked-copy-user", "copy-user-negative-check", "copy-user-wrong-errno"}


@pytest.mark.parametrize("args, ran, found", [
    (["--select", "copy-user-negative-check"], ["copy-user-negative-check"], {"copy-user-negative-check"}),
    (["--select", "copy-user-wrong-errno, unchecked-copy-user"],
     ["copy-user-wrong-errno", "unchecked-copy-user"], {"copy-user-wrong-errno", "unchecked-copy-user"}),
    (["--ignore", "unchecked-copy-user"], sorted(set(DEFAULT_RULES) - {"unchecked-copy-user"}),
     {"copy-user-negative-check", "copy-user-wrong-errno"}),
    (["--select", "unchecked-copy-user,copy-user-wrong-errno", "--ignore", "copy-user-wrong-errno"],
     ["unchecked-copy-user"], {"unchecked-copy-user"}),
])
def test_select_and_ignore_restrict_the_rules(project, sarif_validator, args, ran, found):
    write(project, {"drv/mixed.c": MIXED})
    assert _rules_in(kmodlint_run("check", "--format", "json", *args, "drv")) == found
    doc = kmodlint_run("check", "--format", "sarif", *args, "drv").json()
    assert not list(sarif_validator.iter_errors(doc))
    assert _sarif_rule_ids(doc) == ran
    assert {r["ruleId"] for r in doc["runs"][0]["results"]} == found


def test_select_and_ignore_the_same_rule_runs_nothing(project):
    write(project, {"drv/bad.c": BAD})
    run = kmodlint_run("check", "--select", "unchecked-copy-user", "--ignore", "unchecked-copy-user", "drv")
    assert run.code == 0


# --- -o / --output ------------------------------------------------------------

def test_output_file_gets_the_report_stdout_nothing(project):
    write(project, {"drv/bad.c": BAD})
    run = kmodlint_run("check", "--format", "sarif", "-o", "report.sarif", "drv")
    assert run.code == 1
    # stdout empty; stderr the summary, so that a CI log says what the report holds.
    assert run.stdout == "" and re.fullmatch(r"kmodlint: Checked 1 file for Linux [0-9.]+ in \d+\.\d\ds: 1 finding "
                                             r"\(0 errors, 1 warning, 0 notes\)\n", run.stderr), run.stderr
    assert kmodlint_run("check", "-q", "--format", "sarif", "-o", "report.sarif", "drv").stderr == ""
    expected = kmodlint_run("check", "--format", "sarif", "drv").stdout
    assert (project / "report.sarif").read_text(encoding="utf-8") == expected


def test_output_text_has_no_color_codes(project):
    write(project, {"drv/bad.c": BAD})
    kmodlint_run("check", "-o", "report.txt", "drv")
    text = (project / "report.txt").read_text(encoding="utf-8")
    assert text.startswith(f"drv/bad.c:{BODY_LINE}:2: warning:") and "\x1b[" not in text


def test_output_file_permissions_follow_umask_or_the_old_file(project):
    write(project, {"drv/bad.c": BAD})
    old_umask = os.umask(0o022)
    try:
        kmodlint_run("check", "-o", "new.txt", "drv")
    finally:
        os.umask(old_umask)
    assert stat.S_IMODE((project / "new.txt").stat().st_mode) == 0o644  # not mkstemp's 0600
    existing = project / "existing.txt"
    existing.write_text("old")
    existing.chmod(0o640)
    kmodlint_run("check", "-o", "existing.txt", "drv")
    assert stat.S_IMODE(existing.stat().st_mode) == 0o640
    assert existing.read_text().startswith("drv/bad.c:")


def test_output_through_a_symlink_writes_its_target(project):
    write(project, {"drv/bad.c": BAD, "out/real.json": "old"})
    (project / "link.json").symlink_to(project / "out" / "real.json")
    kmodlint_run("check", "--format", "json", "-o", "link.json", "drv")
    assert (project / "link.json").is_symlink()
    assert json.loads((project / "out" / "real.json").read_text())["findings"]


def _assert_untouched(folder: Path, before: set[str], report: Path) -> None:
    assert report.read_text() == "previous report\n"
    assert {p.name for p in folder.iterdir()} == before  # no .kmodlint-*.tmp left behind


def test_output_untouched_when_rendering_fails(project, monkeypatch):
    write(project, {"drv/bad.c": BAD, "out/report.sarif": "previous report\n"})
    before = {p.name for p in (project / "out").iterdir()}

    def broken_render(result, **options):
        raise RuntimeError("renderer broke")

    monkeypatch.setattr(kmodlint.report.sarif_report, "render", broken_render)
    run = kmodlint_run("check", "--format", "sarif", "-o", "out/report.sarif", "drv")
    assert run.code == 2
    assert_one_error_line(run.stderr, "RuntimeError: renderer broke")
    _assert_untouched(project / "out", before, project / "out" / "report.sarif")


def test_output_untouched_when_writing_fails(project, monkeypatch):
    """A failure after the temporary file is written (disk full at rename) must not leak it."""
    write(project, {"drv/bad.c": BAD, "out/report.sarif": "previous report\n"})
    before = {p.name for p in (project / "out").iterdir()}

    def no_space(source, destination):
        assert Path(source).read_text(encoding="utf-8").startswith("{")  # the report was written...
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))  # ...but never lands

    monkeypatch.setattr(os, "replace", no_space)  # --no-cache: the cache's own writes would fail too
    run = kmodlint_run("check", "--no-cache", "--format", "sarif", "-o", "out/report.sarif", "drv")
    assert run.code == 2
    assert_one_error_line(run.stderr, "cannot write out/report.sarif", os.strerror(errno.ENOSPC))
    _assert_untouched(project / "out", before, project / "out" / "report.sarif")


# --- suppressions -------------------------------------------------------------

@pytest.mark.parametrize("body, found", [
    ([UNCHECKED + "  /* kmodlint: ignore[unchecked-copy-user] best effort, see commit abc */"], []),
    (["\t/* kmodlint: ignore[unchecked-copy-user] -- best effort */", UNCHECKED], []),
    # The list's unchecked-copy-user hides the finding; its copy-user-wrong-errno hides nothing.
    (["\t// kmodlint: ignore[copy-user-wrong-errno, unchecked-copy-user]", UNCHECKED],
     [("drv/bad.c", BODY_LINE, 5, "unused-suppression")]),
], ids=["same-line", "line-above", "line-above-list"])
def test_suppression_comment(project, body, found):
    write(project, {"drv/bad.c": driver(*body)})
    run = kmodlint_run("check", "--format", "json", "drv")
    assert (run.code, run.findings()) == (1 if found else 0, found)


def test_suppression_of_another_rule_or_two_lines_up_does_not_suppress(project):
    write(project, {"drv/a.c": driver(UNCHECKED + " /* kmodlint: ignore[copy-user-wrong-errno] */"),
                    "drv/b.c": driver("\t/* kmodlint: ignore[unchecked-copy-user] */", "", UNCHECKED)})
    run = kmodlint_run("check", "--format", "json", "drv")
    assert run.findings() == [("drv/a.c", BODY_LINE, 2, "unchecked-copy-user"),
                              ("drv/a.c", BODY_LINE, len(UNCHECKED) + 5, "unused-suppression"),
                              ("drv/b.c", BODY_LINE, 5, "unused-suppression"),
                              ("drv/b.c", BODY_LINE + 2, 2, "unchecked-copy-user")]


def test_file_suppression(project):
    suppressed = "/* kmodlint: ignore-file[unchecked-copy-user] generated shim */\n" + driver(UNCHECKED, UNCHECKED)
    too_late = driver(UNCHECKED) + "\n" * 40 + "/* kmodlint: ignore-file[unchecked-copy-user] */\n"
    write(project, {"drv/suppressed.c": suppressed, "drv/too_late.c": too_late})
    run = kmodlint_run("check", "--format", "json", "drv")
    assert run.findings() == [("drv/too_late.c", BODY_LINE, 2, "unchecked-copy-user")]


def test_suppression_with_unknown_rule_is_reported(project):
    comment = "  /* kmodlint: ignore[unchecked-copy-usr] typo */"
    write(project, {"drv/bad.c": driver(UNCHECKED + comment)})
    run = kmodlint_run("check", "--format", "json", "drv")
    assert run.code == 1
    assert run.findings() == [
        ("drv/bad.c", BODY_LINE, 2, "unchecked-copy-user"),  # the typo suppresses nothing
        ("drv/bad.c", BODY_LINE, len(UNCHECKED) + 6, "invalid-suppression"),
    ]
    assert "'unchecked-copy-usr'" in run.json()["findings"][1]["message"]
    # Ignoring invalid-suppression silences it.
    assert _rules_in(kmodlint_run("check", "--format", "json", "--ignore", "invalid-suppression", "drv")) == {
        "unchecked-copy-user"}


REASONED = UNCHECKED + "  /* kmodlint: ignore[unchecked-copy-user] -- best effort, see commit abc */"
UNREASONED = UNCHECKED + "  /* kmodlint: ignore[unchecked-copy-user] */"
STALE = "\t/* kmodlint: ignore[copy-user-wrong-errno] -- legacy ABI */"  # nothing to hide below it


def test_suppressed_findings_hidden_unless_shown(project):
    write(project, {"drv/a.c": driver(REASONED)})
    hidden = kmodlint_run("check", "--format", "json", "drv")
    assert (hidden.code, hidden.findings(), "suppressed" in hidden.json()) == (0, [], False)
    shown = kmodlint_run("check", "--format", "json", "--show-suppressed", "drv")
    assert shown.code == 0  # shown, but never a reason to fail
    doc = shown.json()
    assert doc["findings"] == []
    (entry,) = doc["suppressed"]
    assert (entry["path"], entry["line"], entry["rule"]) == ("drv/a.c", BODY_LINE, "unchecked-copy-user")
    assert entry["message"].startswith(UNCHECKED_MESSAGE_START) and entry["fingerprint"]
    assert entry["suppression"] == {"kind": "inSource", "reason": "best effort, see commit abc",
                                    "whole_file": False, "line": BODY_LINE, "column": len(UNCHECKED) + 6,
                                    "end_line": BODY_LINE, "end_column": len(REASONED) + 1}


def test_show_suppressed_text_marks_them_and_keeps_the_exit_status(project):
    write(project, {"drv/a.c": driver(UNREASONED, "", UNCHECKED)})
    run = kmodlint_run("check", "--show-suppressed", "drv")
    assert run.code == 1  # the second call is still a finding
    lines = run.stdout.splitlines()
    assert f"drv/a.c:{BODY_LINE}:2: suppressed: [unchecked-copy-user] {UNCHECKED_MESSAGE_START}" in lines[0]
    assert lines[0].endswith("(warning, no reason given)")
    assert lines[1].startswith(f"drv/a.c:{BODY_LINE + 2}:2: warning: [unchecked-copy-user]")
    assert lines[-1].endswith(": 1 finding (0 errors, 1 warning, 0 notes), 1 suppressed")
    assert "suppressed" not in kmodlint_run("check", "drv").stdout


def test_show_suppressed_sarif_has_in_source_suppressions(project, sarif_validator):
    # The second suppression is closer to the second call than the first one, so it is the one shown.
    write(project, {"drv/a.c": driver(REASONED, UNREASONED)})
    run = kmodlint_run("check", "--format", "sarif", "--show-suppressed", "drv")
    doc = run.json()
    sarif_validator.validate(doc)
    assert run.code == 0
    first, second = doc["runs"][0]["results"]
    (suppression,) = first["suppressions"]
    assert suppression["kind"] == "inSource" and suppression["justification"] == "best effort, see commit abc"
    assert suppression["location"]["physicalLocation"]["region"]["startColumn"] == len(UNCHECKED) + 6
    assert second["suppressions"] == [{"kind": "inSource", "location": second["suppressions"][0]["location"]}]
    assert "results" in doc["runs"][0] and not kmodlint_run("check", "--format", "sarif", "drv").json()["runs"][0][
        "results"]


def test_require_reason_flag_and_config(project):
    write(project, {"drv/a.c": driver(UNREASONED), "drv/b.c": driver(REASONED)})
    assert kmodlint_run("check", "--format", "json", "drv").findings() == []
    expected = [("drv/a.c", BODY_LINE, len(UNCHECKED) + 6, "suppression-without-reason")]
    run = kmodlint_run("check", "--format", "json", "--require-reason", "drv")
    assert (run.code, run.findings()) == (1, expected)
    assert "ignore[unchecked-copy-user] gives no reason" in run.json()["findings"][0]["message"]
    write(project, {".kmodlint.toml": "require-reason = true\n"})
    assert kmodlint_run("check", "--format", "json", "drv").findings() == expected
    # --ignore wins over the switch, as for any rule.
    assert kmodlint_run("check", "--format", "json", "--ignore", "suppression-without-reason", "drv").findings() == []


def test_require_reason_config_must_be_a_boolean(project):
    write(project, {".kmodlint.toml": 'require-reason = "yes"\n', "drv/a.c": BAD})
    run = kmodlint_run("check", "drv")
    assert run.code == 2
    assert_one_error_line(run.stderr, "'require-reason' must be true or false")


def test_unused_suppression_reported_for_rules_that_ran(project):
    write(project, {"drv/a.c": driver(STALE, CHECKED)})
    run = kmodlint_run("check", "--format", "json", "drv")
    assert (run.code, run.findings()) == (1, [("drv/a.c", BODY_LINE, 5, "unused-suppression")])
    assert "copy-user-wrong-errno hid no finding" in run.json()["findings"][0]["message"]


@pytest.mark.parametrize("args, config", [
    (["--select", "unchecked-copy-user,unused-suppression"], ""),
    (["--ignore", "copy-user-wrong-errno"], ""),
    ([], 'ignore = ["copy-user-wrong-errno"]\n'),
    ([], '[per-path-ignores]\n"drv/*.c" = ["copy-user-wrong-errno"]\n'),
], ids=["not-selected", "ignored", "config-ignore", "per-path-ignore"])
def test_suppression_for_a_rule_that_did_not_run_is_not_unused(project, args, config):
    write(project, {"drv/a.c": driver(STALE, CHECKED), ".kmodlint.toml": config})
    run = kmodlint_run("check", "--format", "json", *args, "drv")
    assert (run.code, run.findings()) == (0, [])


def test_suppression_for_a_rule_that_failed_is_not_unused(project, monkeypatch):
    def broken(context):
        raise KeyError("boom")
        yield

    monkeypatch.setattr(ALL_RULES["copy-user-wrong-errno"], "checker", broken)
    write(project, {"drv/a.c": driver(STALE, CHECKED), "drv/b.c": driver(STALE.replace("wrong-errno", "negative-check"), CHECKED)})
    run = kmodlint_run("check", "--format", "json", "--no-cache", "drv")
    assert run.findings() == [("drv/b.c", BODY_LINE, 5, "unused-suppression")]
    assert "rule copy-user-wrong-errno failed" in run.stderr


def test_suppression_for_a_folder_wide_rule_is_not_judged_when_siblings_are_missing(project):
    """pre-commit passes only the changed files: a rule that resolves the fops in a sibling
    file then cannot fire, and its suppression must not be called unused."""
    multifile = Path(__file__).resolve().parents[1] / "fixtures-kmod" / "debugfs-mmap-ignored" / "bad_multifile"
    files = {f"pmon/{p.name}": p.read_text(encoding="utf-8") for p in multifile.iterdir()}
    call = "&pmon_samples_fops);"
    files["pmon/pmon_debugfs.c"] = files["pmon/pmon_debugfs.c"].replace(
        call, call + " /* kmodlint: ignore[debugfs-mmap-ignored, unchecked-copy-user] -- the profiler is root-only */")
    write(project, files)
    whole = kmodlint_run("check", "--format", "json", "--show-suppressed", "pmon")
    assert [(f["rule"], f["message"].split(" hid")[0]) for f in whole.json()["findings"]] == [
        ("unused-suppression", "suppression of unchecked-copy-user")]
    assert [f["rule"] for f in whole.json()["suppressed"]] == ["debugfs-mmap-ignored"]
    for args in (["pmon/pmon_debugfs.c"], ["--no-cache", "pmon/pmon_debugfs.c"], ["pmon/pmon_debugfs.c", "pmon"]):
        alone = kmodlint_run("check", "--format", "json", "--show-suppressed", *args)
        # The per-file rule is still judged; the folder-wide one only when the folder is whole.
        expected = ["debugfs-mmap-ignored"] if "pmon" in args else []
        assert [f["rule"] for f in alone.json().get("suppressed", [])] == expected, args
        assert [f["message"].split(" hid")[0] for f in alone.json()["findings"]] == [
            "suppression of unchecked-copy-user"], args


def test_unused_suppression_can_itself_be_suppressed(project):
    header = "/* kmodlint: ignore-file[unused-suppression] -- shared with an older branch */\n"
    write(project, {"drv/a.c": header + driver(STALE, CHECKED)})
    run = kmodlint_run("check", "--format", "json", "--show-suppressed", "drv")
    assert (run.code, run.findings()) == (0, [])
    assert [f["rule"] for f in run.json()["suppressed"]] == ["unused-suppression"]


# --- configuration ------------------------------------------------------------

ONLY_NEGATIVE = 'select = ["copy-user-negative-check"]\n'


@pytest.mark.parametrize("name, text", [
    (".kmodlint.toml", ONLY_NEGATIVE),
    ("pyproject.toml", "[project]\nname = 'x'\n\n[tool.kmodlint]\n" + ONLY_NEGATIVE),
])
def test_config_discovered_upward_from_the_checked_folder(project, name, text):
    write(project, {"drivers/foo/bad.c": BAD})
    assert kmodlint_run("check", "drivers/foo").code == 1
    write(project, {name: text})
    assert kmodlint_run("check", "drivers/foo").code == 0


def test_config_discovery_skips_pyproject_without_our_table(project):
    write(project, {".kmodlint.toml": ONLY_NEGATIVE, "drv/pyproject.toml": "[tool.black]\n", "drv/bad.c": BAD})
    assert kmodlint_run("check", "drv").code == 0


def test_nearest_config_wins(project):
    write(project, {".kmodlint.toml": ONLY_NEGATIVE, "drv/.kmodlint.toml": "ignore = []\n", "drv/bad.c": BAD})
    assert kmodlint_run("check", "drv").code == 1


def test_config_found_from_a_named_file_outside_the_working_directory(tmp_path, monkeypatch):
    root = tmp_path / "proj"
    write(root, {".kmodlint.toml": ONLY_NEGATIVE, "drv/bad.c": BAD})
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    assert kmodlint_run("check", str(root / "drv" / "bad.c")).code == 0


@pytest.mark.parametrize("name, text", [
    ("settings.toml", 'ignore = ["unchecked-copy-user"]\n'),
    ("pyproject.toml", '[tool.kmodlint]\nignore = ["unchecked-copy-user"]\n'),
])
def test_explicit_config(project, name, text):
    write(project, {f"conf/{name}": text, "drv/bad.c": BAD,
                    ".kmodlint.toml": 'select = ["unchecked-copy-user"]\n'})  # not read: --config wins
    assert kmodlint_run("check", "drv").code == 1
    assert kmodlint_run("check", "--config", f"conf/{name}", "drv").code == 0


def test_command_line_select_overrides_config_select_and_ignores_add_up(project):
    write(project, {".kmodlint.toml": 'select = ["copy-user-negative-check"]\nignore = ["copy-user-wrong-errno"]\n',
                    "drv/mixed.c": MIXED})
    assert _rules_in(kmodlint_run("check", "--format", "json", "drv")) == {"copy-user-negative-check"}
    run = kmodlint_run("check", "--format", "json", "--select", "unchecked-copy-user,copy-user-wrong-errno", "drv")
    assert _rules_in(run) == {"unchecked-copy-user"}


def test_config_ignore(project):
    write(project, {".kmodlint.toml": 'ignore = ["unchecked-copy-user", "copy-user-wrong-errno"]\n',
                    "drv/mixed.c": MIXED})
    assert _rules_in(kmodlint_run("check", "--format", "json", "drv")) == {"copy-user-negative-check"}


# Globs are relative to the config file's folder, wherever kmodlint runs from.
RUN_FROM = {
    "root": lambda root: (root, "drv"),
    "subfolder": lambda root: (root / "drv", "."),
    "outside": lambda root: (root.parent / "elsewhere", str(root / "drv")),
}


@pytest.mark.parametrize("where", sorted(RUN_FROM))
def test_config_exclude_globs(project, monkeypatch, where):
    write(project, {".kmodlint.toml": 'exclude = ["drv/staging/**", "*.h"]\n',
                    "drv/main.c": BAD, "drv/staging/old/a.c": BAD, "drv/include/regs.h": BAD})
    cwd, target = RUN_FROM[where](project)
    cwd.mkdir(exist_ok=True)
    monkeypatch.chdir(cwd)
    doc = kmodlint_run("check", "--format", "json", target).json()
    # Paths as typed: from the root, from inside drv/, and absolute (as given) from elsewhere.
    expected = {"root": "drv/main.c", "subfolder": "main.c", "outside": str(project / "drv" / "main.c")}[where]
    assert [f["path"] for f in doc["findings"]] == [expected]
    assert doc["summary"]["files_scanned"] == 1  # excluded files are not even read


@pytest.mark.parametrize("where", sorted(RUN_FROM))
def test_config_per_path_ignores(project, monkeypatch, where):
    write(project, {".kmodlint.toml": '[per-path-ignores]\n"drv/legacy/*.c" = ["unchecked-copy-user"]\n',
                    "drv/legacy/old.c": MIXED, "drv/new.c": BAD})
    cwd, target = RUN_FROM[where](project)
    cwd.mkdir(exist_ok=True)
    monkeypatch.chdir(cwd)
    run = kmodlint_run("check", "--format", "json", target)
    assert sorted((path.rpartition("/")[2], rule) for path, _, _, rule in run.findings()) == [
        ("new.c", "unchecked-copy-user"),
        ("old.c", "copy-user-negative-check"),
        ("old.c", "copy-user-wrong-errno"),
    ]


# --- discovery ----------------------------------------------------------------

def test_folders_are_walked_for_c_and_h_only_skipping_hidden_folders(project):
    write(project, {
        "drv/a.c": BAD, "drv/sub/deep/b.h": BAD,
        "drv/.pc/patch/a.c": BAD, ".git/hooks/x.c": BAD, "drv/sub/.cache/y.h": BAD,
        "drv/notes.txt": BAD, "drv/a.cpp": BAD, "drv/a.c.orig": BAD, "drv/Makefile": BAD,
    })
    doc = kmodlint_run("check", "--format", "json", ".").json()
    assert [f["path"] for f in doc["findings"]] == ["drv/a.c", "drv/sub/deep/b.h"]
    assert doc["summary"]["files_scanned"] == 2


def test_named_files_are_checked_whatever_their_suffix_or_folder(project):
    write(project, {"drv/notes.txt": BAD, "drv/.pc/a.c": BAD, "drv/ok.c": CLEAN})
    run = kmodlint_run("check", "--format", "json", "drv/notes.txt", "drv/.pc/a.c", "drv/ok.c", "drv/ok.c")
    assert [path for path, _, _, _ in run.findings()] == ["drv/.pc/a.c", "drv/notes.txt"]
    assert run.json()["summary"]["files_scanned"] == 3  # a file named twice is checked once


# --- awkward input ------------------------------------------------------------

LATIN1 = driver("\t/* caf\xe9, na\xefve */", UNCHECKED).encode("latin-1")
CRLF = driver("\t/* windows */", "    " + UNCHECKED.strip()).replace("\n", "\r\n").encode()

AWKWARD = {
    "empty.c": (b"", []),
    "nul.c": (b"\0" * 4096, []),
    "nul_inside.c": (driver(UNCHECKED).replace("cfg;", "cfg;\0\0").encode(), [(BODY_LINE, 2)]),
    "invalid_utf8.c": (b"\xff\xfe\xc3(\x80 copy_from_user \xf0\x28\x8c\xbc\n" + CLEAN.encode(), []),
    "latin1.c": (LATIN1, [(BODY_LINE + 1, 2)]),
    "crlf.c": (CRLF, [(BODY_LINE + 1, 5)]),
    "ifdefs.h": (b"#ifdef CONFIG_FOO\n#ifndef BAR\n#if defined(X) && copy_from_user\n#else\n#endif\n", []),
    # What a broken file yields is unspecified (None); that it yields is not.
    "unterminated.c": (b"static int f(void) { copy_from_user(&a, b, 1); /* unterminated\n#ifdef X {{{", None),
}


@pytest.mark.parametrize("name", sorted(AWKWARD))
def test_awkward_input_never_crashes(project, sarif_validator, name):
    content, expected = AWKWARD[name]
    write(project, {f"drv/{name}": content})
    run = kmodlint_run("check", "--format", "json", "drv")
    assert run.code == (1 if run.findings() else 0), run.stderr
    # A file that did not parse cleanly is named, and nothing else is said about it.
    assert [n for n in run.json()["notifications"] if n.get("kind") != "parse-error"] == []
    assert run.json()["summary"]["files_scanned"] == 1
    if expected is not None:
        assert [(line, column) for _, line, column, _ in run.findings()] == expected
    text = kmodlint_run("check", "drv")
    assert text.code == run.code and "Traceback" not in text.stdout + text.stderr
    assert text.stdout.splitlines()[-1].startswith("Checked 1 file")
    doc = kmodlint_run("check", "--format", "sarif", "drv").json()
    assert not list(sarif_validator.iter_errors(doc))


def test_crlf_excerpt_has_no_carriage_return(project):
    write(project, {"drv/crlf.c": CRLF})
    stdout = kmodlint_run("check", "drv").stdout
    lines = stdout.splitlines()
    assert lines[1] == "    " + UNCHECKED.strip() and "\r" not in stdout
    assert lines[2].index("^") == 4


def _huge(path: Path, head: bytes) -> None:
    with open(path, "wb") as handle:
        handle.write(head)
        handle.truncate(kmodlint.engine.MAX_FILE_BYTES + 1)  # sparse: costs no disk


def test_big_file_with_code_a_rule_checks_is_an_error_and_exit_2(project):
    # Not parsed, so its findings are missing: CI must not take that for "no findings".
    write(project, {"drv/bad.c": BAD})
    _huge(project / "drv" / "huge.c", b"static void f(void) { copy_from_user(a, b, 4); }\n")
    run = kmodlint_run("check", "--format", "json", "drv")
    assert run.code == 2
    [note] = run.json()["notifications"]
    assert (note["level"], note["path"]) == ("error", "drv/huge.c")
    assert run.stderr.startswith("kmodlint: error: skipped") and "(drv/huge.c)" in run.stderr
    assert run.stderr.splitlines()[-1].startswith("kmodlint: error: not fully analysed: drv/huge.c")


def test_big_register_header_without_trigger_words_is_skipped_quietly(project):
    # The kernel's 8-22 MB generated headers: nothing in them a rule looks for.
    write(project, {"drv/bad.c": BAD})
    _huge(project / "drv" / "huge_regs.h", b"#define REG_A 0x1\n")
    run = kmodlint_run("check", "--format", "json", "drv")
    # stderr: the summary line alone (no note of the skipped header)
    assert (run.code, run.json()["notifications"]) == (1, [])
    assert run.stderr.startswith("kmodlint: Checked 2 files") and run.stderr.count("\n") == 1, run.stderr


# --- rules, explain, --version, -q --------------------------------------------

def test_rules_lists_every_rule_with_severity(project):
    run = kmodlint_run("rules")
    assert run.code == 0
    listed = [line.split(None, 2) for line in run.stdout.splitlines()]
    assert [(rule_id, severity) for rule_id, severity, _ in listed] == [
        (rule.id, rule.severity) for rule in all_rules()]
    assert {"unchecked-copy-user", "copy-user-negative-check", "copy-user-wrong-errno",
            "invalid-suppression"} <= {rule_id for rule_id, _, _ in listed}
    opt_in = {line.split()[0] for line in run.stdout.splitlines() if line.endswith(" (opt-in)")}
    assert opt_in == {rule.id for rule in all_rules() if rule.opt_in} == {"suppression-without-reason",
                                                                       "debugfs-result-checked",
                                                                       "unlocked-shared-flag"}


def test_explain(project):
    run = kmodlint_run("explain", "unchecked-copy-user")
    assert run.code == 0
    assert run.stdout.startswith("unchecked-copy-user (warning, precision very-high): ")
    assert "-EFAULT" in run.stdout and "Tags: security" in run.stdout


def test_version(project):
    run = kmodlint_run("--version")
    assert (run.code, run.stdout) == (0, f"kmodlint, version {VERSION}\n")
    assert importlib.metadata.version("kmodlint") == VERSION
    process = kmodlint_process("--version", cwd=project)
    assert (process.returncode, process.stdout) == (0, f"kmodlint, version {VERSION}\n")


def test_installed_command_exit_status(project):
    write(project, {"drv/bad.c": BAD, "ok/ok.c": CLEAN})
    bad = kmodlint_process("check", "--format", "json", "drv", cwd=project)
    assert bad.returncode == 1 and json.loads(bad.stdout)["findings"]
    assert kmodlint_process("check", "ok", cwd=project).returncode == 0


def test_quiet_drops_only_the_summary(project):
    write(project, {"drv/bad.c": BAD, "ok/ok.c": CLEAN})
    loud, quiet = kmodlint_run("check", "drv"), kmodlint_run("check", "-q", "drv")
    assert quiet.code == 1
    assert quiet.stdout == loud.stdout[: loud.stdout.rindex("Checked ")]
    assert quiet.stdout.startswith("drv/bad.c:") and quiet.stdout.endswith("^" + "~" * 38 + "\n")
    assert "Checked" not in quiet.stdout
    assert kmodlint_run("check", "--quiet", "ok").stdout == ""


def test_quiet_keeps_notifications_whole(project):
    _huge(project / "huge.h", b"#define CHECK(a, b) copy_from_user(a, b, 4)\n")
    run = kmodlint_run("check", "-q", ".")
    assert run.code == 2
    assert re.fullmatch(r"kmodlint: error: skipped: .* \(huge\.h\)\n", run.stdout)
