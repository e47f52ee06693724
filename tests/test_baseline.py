"""`check --baseline` / `--write-baseline`: old findings stay hidden however the code moves,
new ones come out; the baseline file is stable, and its errors are one line, exit 2."""
from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from clirun import assert_one_error_line as assert_stderr_is_one_error_line, invoke



# A driver with an unchecked copy_from_user() in two functions, and an IRQ handler
# that writes two shared counters without a lock (two findings given as bare spans).
TACHO = """\
// SPDX-License-Identifier: GPL-2.0
#include <linux/module.h>
#include <linux/interrupt.h>
#include <linux/miscdevice.h>
#include <linux/uaccess.h>
#include <linux/fs.h>

#define TACHO_IOC_CFG	_IOW('t', 1, struct tacho_cfg)
#define TACHO_IOC_TAKE	_IOR('t', 2, unsigned int)

struct tacho_cfg {
	u32 divider;
	u32 window_ms;
};

static int tacho_irq = 7;
static unsigned long tacho_pulses;
static unsigned int tacho_events;
static struct tacho_cfg tacho_cfg;

static irqreturn_t tacho_isr(int irq, void *dev_id)
{
	tacho_pulses++;
	tacho_events |= 1;
	return IRQ_HANDLED;
}

static long tacho_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	void __user *argp = (void __user *)arg;
	unsigned int ev;

	switch (cmd) {
	case TACHO_IOC_CFG:
		copy_from_user(&tacho_cfg, argp, sizeof(tacho_cfg));
		return 0;
	case TACHO_IOC_TAKE:
		ev = tacho_events;
		tacho_events = 0;
		tacho_pulses = 0;
		if (copy_to_user(argp, &ev, sizeof(ev)))
			return -EFAULT;
		return 0;
	}
	return -ENOTTY;
}

static long tacho_compat_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	struct tacho_cfg cfg;

	copy_from_user(&cfg, compat_ptr(arg), sizeof(cfg));
	return tacho_ioctl(file, cmd, (unsigned long)compat_ptr(arg));
}

static const struct file_operations tacho_fops = {
	.owner		= THIS_MODULE,
	.unlocked_ioctl	= tacho_ioctl,
	.compat_ioctl	= tacho_compat_ioctl,
};

static struct miscdevice tacho_misc = {
	.minor	= MISC_DYNAMIC_MINOR,
	.name	= "tacho",
	.fops	= &tacho_fops,
};

static int __init tacho_init(void)
{
	int ret = request_irq(tacho_irq, tacho_isr, IRQF_TRIGGER_RISING, "tacho", NULL);

	if (ret)
		return ret;
	ret = misc_register(&tacho_misc);
	if (ret)
		free_irq(tacho_irq, NULL);
	return ret;
}

static void __exit tacho_exit(void)
{
	misc_deregister(&tacho_misc);
	free_irq(tacho_irq, NULL);
}

module_init(tacho_init);
module_exit(tacho_exit);
MODULE_LICENSE("GPL");
"""

CFG_COPY = "\t\tcopy_from_user(&tacho_cfg, argp, sizeof(tacho_cfg));\n"
DRIVER = "drivers/tacho/tacho.c"


class Run:
    def __init__(self, code: int, stdout: str, stderr: str):
        self.code, self.stdout, self.stderr = code, stdout, stderr

    def findings(self) -> list[dict]:
        return json.loads(self.stdout)["findings"]


def kmodlint_run(*args: str) -> Run:
    result = invoke("check", "--no-cache", *args)
    return Run(result.exit_code, result.stdout, result.stderr)


def assert_one_error_line(run: Run, *expected: str) -> None:
    assert run.code == 2, (run.stdout, run.stderr)
    assert_stderr_is_one_error_line(run.stderr, *expected)


@pytest.fixture
def tree(tmp_path, monkeypatch) -> Path:
    """A checkout with the tacho driver and its baseline at the top; the working folder."""
    root = tmp_path / "linux"
    (root / "drivers" / "tacho").mkdir(parents=True)
    (root / DRIVER).write_text(TACHO)
    # unlocked-shared-flag is opt-in (its precision on drivers/): this tree's config runs it.
    (root / ".kmodlint.toml").write_text('select = ["unchecked-copy-user", "unlocked-shared-flag"]\n')
    monkeypatch.chdir(root)
    run = kmodlint_run("--write-baseline", "kmodlint-baseline.json")
    assert run.code == 0, run.stderr
    return root


def edit(root: Path, old: str, new: str, count: int = 1) -> None:
    path = root / DRIVER
    text = path.read_text()
    assert text.count(old) >= count, old
    path.write_text(text.replace(old, new, count))


def new_findings(*args: str) -> list[dict]:
    run = kmodlint_run("--baseline", "kmodlint-baseline.json", "--format", "json", *args)
    assert run.code in (0, 1), run.stderr
    assert run.code == (1 if run.findings() else 0)
    return run.findings()


def test_the_baseline_records_every_finding_and_hides_them_all(tree):
    all_findings = kmodlint_run("--format", "json").findings()
    assert {f["rule"] for f in all_findings} == {"unchecked-copy-user", "unlocked-shared-flag"}
    doc = json.loads((tree / "kmodlint-baseline.json").read_text())
    assert sorted(e["fingerprint"] for e in doc["findings"]) == sorted(f["fingerprint"] for f in all_findings)
    assert new_findings() == []


def test_moving_code_down_ten_lines_brings_no_finding_back(tree):
    edit(tree, "#include <linux/module.h>\n", "#include <linux/module.h>\n" + "#include <linux/io.h>\n" * 10)
    assert new_findings() == []


def test_editing_another_function_brings_no_finding_back(tree):
    edit(tree, "\tstruct tacho_cfg cfg;\n\n\tcopy_from_user(&cfg",
         "\tstruct tacho_cfg cfg;\n\tint ret;\n\n\tpr_debug(\"compat ioctl %u\\n\", cmd);\n\tcopy_from_user(&cfg")
    edit(tree, "\tmisc_deregister(&tacho_misc);\n", "\tmisc_deregister(&tacho_misc);\n\tsynchronize_irq(tacho_irq);\n")
    assert new_findings() == []


def test_rewrapping_or_commenting_the_flagged_statement_brings_no_finding_back(tree):
    edit(tree, CFG_COPY, "\t\tcopy_from_user(&tacho_cfg, argp, /* the whole cfg */\n\t\t\t       sizeof(tacho_cfg));\n")
    assert new_findings() == []


def test_a_second_identical_bug_in_the_same_function_is_exactly_one_new_finding(tree):
    edit(tree, CFG_COPY + "\t\treturn 0;\n", CFG_COPY + CFG_COPY + "\t\treturn 0;\n")
    found = new_findings()
    assert [(f["rule"], f["function"]) for f in found] == [("unchecked-copy-user", "tacho_ioctl")]


def test_the_same_bug_in_another_function_is_new(tree):
    edit(tree, "\tmisc_deregister(&tacho_misc);\n",
         "\tmisc_deregister(&tacho_misc);\n\tcopy_from_user(&tacho_cfg, NULL, sizeof(tacho_cfg));\n")
    assert [(f["rule"], f["function"]) for f in new_findings()] == [("unchecked-copy-user", "tacho_exit")]


def test_fixing_one_of_two_span_findings_does_not_make_the_other_new(tree):
    # The two unlocked-shared-flag findings in tacho_isr are told apart by the flagged
    # variable, not by their order in the function.
    edit(tree, "\ttacho_pulses++;\n", "\tWRITE_ONCE(tacho_pulses, tacho_pulses + 1);\n")
    edit(tree, "\t\ttacho_pulses = 0;\n", "\t\tWRITE_ONCE(tacho_pulses, 0);\n")
    assert kmodlint_run("--format", "json").findings()  # the tacho_events one is still there...
    assert new_findings() == []  # ...and still known


def test_a_new_span_finding_before_old_ones_is_the_one_reported(tree):
    # Told apart by the flagged variable, not by their order in the handler: the new
    # write comes first, and it is the one reported, not the last old one.
    edit(tree, "static unsigned int tacho_events;\n", "static unsigned int tacho_events;\nstatic unsigned int tacho_seen;\n")
    edit(tree, "\ttacho_pulses++;\n", "\ttacho_seen |= 2;\n\ttacho_pulses++;\n")
    edit(tree, "\t\ttacho_pulses = 0;\n",
         "\t\ttacho_pulses = 0;\n\t\tev |= tacho_seen;\n\t\ttacho_seen = 0;\n")
    found = new_findings()
    assert [(f["rule"], f["line"]) for f in found] == [("unlocked-shared-flag", TACHO.count("\n", 0, TACHO.index("\ttacho_pulses++")) + 2)]


def test_renaming_the_function_makes_its_findings_new(tree):
    # Documented in README: the function's name is part of the fingerprint.
    edit(tree, "tacho_compat_ioctl", "tacho_ioctl32", count=2)
    assert [(f["rule"], f["function"]) for f in new_findings()] == [("unchecked-copy-user", "tacho_ioctl32")]


def test_the_baseline_works_from_a_subfolder_and_from_another_checkout(tree, tmp_path, monkeypatch):
    monkeypatch.chdir(tree / "drivers" / "tacho")
    run = kmodlint_run("--baseline", "../../kmodlint-baseline.json", "--format", "json")
    assert (run.code, run.findings()) == (0, [])
    edit(tree, CFG_COPY + "\t\treturn 0;\n", CFG_COPY + CFG_COPY + "\t\treturn 0;\n")
    run = kmodlint_run("--baseline", "../../kmodlint-baseline.json", "--format", "json")
    assert [(f["path"], f["function"]) for f in run.findings()] == [("tacho.c", "tacho_ioctl")]

    other = tmp_path / "elsewhere" / "linux-copy"
    shutil.copytree(tree, other)
    monkeypatch.chdir(other)
    run = kmodlint_run("--baseline", "kmodlint-baseline.json", "--format", "json", "drivers/tacho")
    assert [(f["path"], f["function"]) for f in run.findings()] == [(DRIVER, "tacho_ioctl")]


def test_a_baseline_kept_in_a_subfolder_records_the_scan_root(tree, monkeypatch):
    (tree / "ci").mkdir()
    assert kmodlint_run("--write-baseline", "ci/baseline.json").code == 0
    doc = json.loads((tree / "ci" / "baseline.json").read_text())
    assert doc["root"] == ".."
    assert {e["path"] for e in doc["findings"]} == {DRIVER}
    monkeypatch.chdir(tree / "drivers")
    assert kmodlint_run("--baseline", "../ci/baseline.json", "--format", "json").findings() == []


def test_the_baseline_file_is_sorted_and_free_of_line_numbers(tree):
    first = (tree / "kmodlint-baseline.json").read_text()
    doc = json.loads(first)
    assert (doc["tool"], doc["version"], doc["root"]) == ("kmodlint", 1, ".")
    keys = [(e["path"], e["function"], e["rule"], e["snippet"], e["fingerprint"]) for e in doc["findings"]]
    assert keys == sorted(keys)
    assert set(doc["findings"][0]) == {"fingerprint", "rule", "path", "function", "snippet"}
    assert first == json.dumps(doc, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    edit(tree, "#include <linux/module.h>\n", "#include <linux/module.h>\n" + "#include <linux/io.h>\n" * 10)
    assert kmodlint_run("--write-baseline", "kmodlint-baseline.json").code == 0
    assert (tree / "kmodlint-baseline.json").read_text() == first  # moved code: not a byte changed


def test_baseline_fingerprints_are_the_sarif_partial_fingerprints(tree):
    sarif = json.loads(kmodlint_run("--format", "sarif").stdout)
    partial = sorted(r["partialFingerprints"]["kmodlint/v1"] for r in sarif["runs"][0]["results"])
    doc = json.loads((tree / "kmodlint-baseline.json").read_text())
    assert partial == sorted(e["fingerprint"] for e in doc["findings"])


def test_write_baseline_prints_no_report_and_exits_zero(tree):
    run = kmodlint_run("--write-baseline", "again.json")
    total = len(kmodlint_run("--format", "json").findings())
    assert (run.code, run.stdout) == (0, "")
    assert run.stderr == f"kmodlint: baseline: recorded {total} findings in again.json\n"


def test_the_summary_and_stderr_say_how_many_findings_the_baseline_hid(tree):
    total = len(kmodlint_run("--format", "json").findings())
    edit(tree, CFG_COPY + "\t\treturn 0;\n", CFG_COPY + CFG_COPY + "\t\treturn 0;\n")
    run = kmodlint_run("--baseline", "kmodlint-baseline.json")
    assert run.code == 1
    assert run.stdout.splitlines()[-1].endswith(f"1 finding (0 errors, 1 warning, 0 notes); "
                                                f"not shown: {total} in the baseline")
    run = kmodlint_run("--baseline", "kmodlint-baseline.json", "--format", "sarif")
    [line] = run.stderr.splitlines()
    assert line.startswith("kmodlint: Checked ") and line.endswith(f"not shown: {total} in the baseline")


@pytest.mark.parametrize("content, expected", [
    (None, "cannot read baseline missing.json: No such file or directory"),
    ("{\"version\": 1, \"findings\": [", "baseline missing.json is not valid JSON"),
    ("[]", "missing.json is not a kmodlint baseline"),
    ("{\"tool\": \"kmodlint\", \"version\": 7, \"findings\": []}", "has version 7; this kmodlint reads version 1"),
    ("{\"version\": 1, \"findings\": [{\"rule\": \"x\"}]}", "entry 1 has no 'fingerprint'"),
    ("{\"version\": 1, \"findings\": {}}", "'findings' must be a list"),
    (b"\xff\xfe{}", "is not UTF-8 JSON"),
])
def test_a_bad_baseline_file_is_one_error_line(tree, content, expected):
    if isinstance(content, str):
        (tree / "missing.json").write_text(content)
    elif content is not None:
        (tree / "missing.json").write_bytes(content)
    run = kmodlint_run("--baseline", "missing.json")
    assert_one_error_line(run, expected)
    assert run.stdout == ""


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root reads any file")
def test_an_unreadable_baseline_is_one_error_line(tree):
    (tree / "kmodlint-baseline.json").chmod(0)
    assert_one_error_line(kmodlint_run("--baseline", "kmodlint-baseline.json"), "Permission denied")


def test_write_baseline_into_a_missing_folder_fails_and_leaves_nothing(tree):
    run = kmodlint_run("--write-baseline", "no/such/dir/b.json")
    assert_one_error_line(run, "cannot write no/such/dir/b.json")
    assert not (tree / "no").exists()
    assert not [p for p in tree.iterdir() if p.name.startswith(".kmodlint-")]


@pytest.mark.parametrize("other, name", [(["--baseline", "kmodlint-baseline.json"], "--baseline"),
                                         (["--diff", "HEAD"], "--diff"), (["-o", "report.txt"], "--output"),
                                         (["--shard", "1/2"], "--shard")])
def test_write_baseline_refuses_a_filtered_or_partial_run(tree, other, name):
    before = (tree / "kmodlint-baseline.json").read_text()
    assert_one_error_line(kmodlint_run("--write-baseline", "kmodlint-baseline.json", *other),
                          f"--write-baseline cannot be combined with {name}")
    assert (tree / "kmodlint-baseline.json").read_text() == before


def test_write_baseline_writes_nothing_when_a_file_could_not_be_read(tree, monkeypatch):
    # A baseline missing an unreadable file's findings would report them all as new later.
    import errno

    import kmodlint.safeio

    (tree / "drivers" / "tacho" / "tacho_hw.c").write_text("/* registers */\n")
    real_open = kmodlint.safeio.read_bounded

    def deny(path, *args, **kwargs):
        if str(path).endswith("tacho_hw.c"):
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path))
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(kmodlint.safeio, "read_bounded", deny)
    assert_one_error_line(kmodlint_run("--write-baseline", "fresh.json"), "cannot read drivers/tacho/tacho_hw.c")
    assert not (tree / "fresh.json").exists()
