"""What users of neighbouring tools (ruff, flake8, clang-tidy) do by habit: a
summary in every CI log, ruff's --format/--output-format names, and suppression
comments written in another tool's style, which must be reported, never silently
do nothing."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from clirun import invoke

REPO = Path(__file__).resolve().parent.parent
BAD_INIT = (REPO / "fixtures-kmod" / "module-init-call" / "bad_multiline.c").read_text(encoding="utf-8")
SUMMARY = re.compile(r"kmodlint: Checked 1 file for Linux [0-9.]+ in \d+\.\d\ds: 1 finding \(1 error, 0 warnings, 0 notes\); "
                     r"\[\*\] 1 fixable with --fix")


@pytest.fixture
def driver(project):
    (project / "drv").mkdir()
    (project / "drv" / "shub.c").write_text(BAD_INIT, encoding="utf-8")
    return project


def _check(*args: str):
    return invoke("check", "--no-cache", "--select", "module-init-call", *args)


# --- a summary line for every format ------------------------------------------

@pytest.mark.parametrize("args", [
    ("--format", "json"), ("--format", "sarif"), ("--format", "github"), ("--format", "html", "-o", "r.html"),
    ("-o", "report.txt"), ("--format", "json", "-o", "r.json"),
])
def test_every_format_and_output_file_puts_the_summary_on_stderr(driver, args):
    result = _check(*args, "drv")
    assert result.exit_code == 1
    assert SUMMARY.fullmatch(result.stderr.splitlines()[-1]), result.stderr
    quiet = _check("-q", *args, "drv")
    assert quiet.stderr == ""


def test_text_on_stdout_has_the_summary_once_as_its_last_line(driver):
    result = _check("drv")
    assert SUMMARY.fullmatch("kmodlint: " + result.stdout.splitlines()[-1])
    assert result.stderr == ""


# --- ruff's option names --------------------------------------------------------

@pytest.mark.parametrize("args, fmt, one_line", [
    (("--format", "concise"), "text", True),
    (("--format", "full"), "text", False),
    (("--output-format", "concise"), "text", True),
    (("--output-format", "full"), "text", False),
    (("--output-format", "json"), "json", None),
    (("--output-format", "sarif"), "sarif", None),
    (("--output-format", "github"), "github", None),
    (("--format", "text", "--output-format", "concise"), "text", True),
])
def test_format_and_output_format_take_each_others_names(driver, args, fmt, one_line):
    result = _check(*args, "drv")
    assert result.exit_code == 1, result.stderr
    if fmt == "json":
        assert json.loads(result.stdout)["findings"]
    elif fmt == "sarif":
        assert json.loads(result.stdout)["runs"][0]["results"]
    elif fmt == "github":
        assert result.stdout.startswith("::error file=drv/shub.c,")
    else:
        lines = result.stdout.splitlines()
        assert lines[0].startswith("drv/shub.c:")
        assert (len(lines) == 2) == one_line, lines  # concise: the finding and the summary


def test_two_different_formats_are_a_usage_error(driver):
    result = _check("--format", "json", "--output-format", "sarif", "drv")
    assert result.exit_code == 2
    assert "--format json and --output-format sarif" in result.stderr


# --- suppression comments in other styles -----------------------------------------

COPY = "\tcopy_from_user(&cfg, argp, sizeof(cfg));"
DRIVER = """\
#include <linux/uaccess.h>

static long foo_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	void __user *argp = (void __user *)arg;
	struct foo_cfg cfg;

COPY
	return 0;
}
"""


@pytest.mark.parametrize("comment, advice", [
    ("/* kmodlint: ignore */", "write `kmodlint: ignore[rule-id] -- reason`"),
    ("// kmodlint: ignore -- legacy", "write `kmodlint: ignore[rule-id] -- reason`"),
    ("/* kmodlint: ignore(unchecked-copy-user) */", "write `kmodlint: ignore[unchecked-copy-user]`"),
    ("/* kmodlint: ignore-file(unchecked-copy-user) */", "write `kmodlint: ignore-file[unchecked-copy-user]`"),
    ("/* KMODLINT: ignore[unchecked-copy-user] */", "write `kmodlint: ignore[unchecked-copy-user]`"),
    ("/* Kmodlint: Ignore[unchecked-copy-user] */", "write `kmodlint: ignore[unchecked-copy-user]`"),
    ("/* kmodlint: IGNORE[unchecked-copy-user] */", "write `kmodlint: ignore[unchecked-copy-user]`"),
    ("/* kmodlint:ignore [unchecked-copy-user] */", "write `kmodlint: ignore[unchecked-copy-user]`"),
])
def test_a_suppression_in_another_style_is_reported_with_the_right_syntax(project, comment, advice):
    (project / "foo.c").write_text(DRIVER.replace("COPY", f"{COPY} {comment}"), encoding="utf-8")
    result = invoke("check", "--no-cache", "--format", "json", "foo.c")
    findings = {f["rule"]: f for f in json.loads(result.stdout)["findings"]}
    assert set(findings) == {"unchecked-copy-user", "invalid-suppression"}, findings  # hid nothing
    invalid = findings["invalid-suppression"]
    assert invalid["line"] == 8 and advice in invalid["message"], invalid["message"]
    assert "suppresses nothing" in invalid["message"]


@pytest.mark.parametrize("text", [
    "/* kmodlint: ignored by the old build, see commit abc */",  # prose, not a directive
    "/* this is how kmodlint: ignores work: see README */",
])
def test_prose_that_mentions_kmodlint_is_not_a_suppression(project, text):
    (project / "foo.c").write_text(DRIVER.replace("COPY", f"{COPY} {text}"), encoding="utf-8")
    result = invoke("check", "--no-cache", "--format", "json", "foo.c")
    assert [f["rule"] for f in json.loads(result.stdout)["findings"]] == ["unchecked-copy-user"]


def test_the_right_syntax_still_suppresses(project):
    right = "/* kmodlint: ignore[unchecked-copy-user] -- best effort */"
    (project / "foo.c").write_text(DRIVER.replace("COPY", f"{COPY} {right}"), encoding="utf-8")
    result = invoke("check", "--no-cache", "--format", "json", "foo.c")
    assert json.loads(result.stdout)["findings"] == []


def test_output_to_a_fifo_writes_into_it_and_leaves_it_a_fifo(driver):
    """`-o /dev/null` (or a FIFO) is written to, never replaced by a regular file: run
    as root, replacing /dev/null would break every program on the machine."""
    import os
    import stat
    import threading

    fifo = driver / "report.pipe"
    os.mkfifo(fifo)
    received = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_text(encoding="utf-8")), daemon=True)
    reader.start()
    result = _check("--format", "json", "-o", str(fifo), "drv")
    reader.join(timeout=30)
    assert result.exit_code == 1, result.stderr
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)
    assert received and json.loads(received[0])["findings"]
