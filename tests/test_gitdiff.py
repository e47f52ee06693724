"""`check --diff REF`: only findings on (or related to) lines changed since REF come out,
whole folders are still analysed; subfolders, renames, deletions, untracked files; git errors."""
from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from clirun import assert_one_error_line as assert_stderr_is_one_error_line, invoke

from kmodlint.gitdiff import parse_diff


# A netlink socket that remembers the daemon's port and pushes to it from a work item:
# netlink-missing-unbind at the netlink_kernel_create() line, with related locations on
# the line that stores the port and on the line that sends.
LUMEN = """\
// SPDX-License-Identifier: GPL-2.0
/*
 * lumen_nl: pushes ambient light samples to the lumend daemon, which
 * registers by sending any message on NETLINK_LUMEN.
 */
#include <linux/module.h>
#include <linux/workqueue.h>
#include <net/sock.h>
#include <net/netlink.h>

#define NETLINK_LUMEN	24

static struct sock *lumen_sk;
static u32 lumen_daemon_port;
static struct delayed_work lumen_work;

static void lumen_input(struct sk_buff *skb)
{
	lumen_daemon_port = NETLINK_CB(skb).portid;
}

static void lumen_push(struct work_struct *work)
{
	struct sk_buff *skb;

	if (lumen_daemon_port) {
		skb = nlmsg_new(sizeof(u32), GFP_KERNEL);
		if (skb && nlmsg_put(skb, 0, 0, NLMSG_DONE, sizeof(u32), 0))
			netlink_unicast(lumen_sk, skb, lumen_daemon_port, MSG_DONTWAIT);
		else
			kfree_skb(skb);
	}
	schedule_delayed_work(&lumen_work, HZ);
}

static int __init lumen_init(void)
{
	struct netlink_kernel_cfg cfg = {
		.input	= lumen_input,
	};

	lumen_sk = netlink_kernel_create(&init_net, NETLINK_LUMEN, &cfg);
	if (!lumen_sk)
		return -ENOMEM;
	INIT_DELAYED_WORK(&lumen_work, lumen_push);
	schedule_delayed_work(&lumen_work, HZ);
	return 0;
}

static void __exit lumen_exit(void)
{
	cancel_delayed_work_sync(&lumen_work);
	netlink_kernel_release(lumen_sk);
}

module_init(lumen_init);
module_exit(lumen_exit);
MODULE_LICENSE("GPL");
"""

# An ioctl that checks its copy_from_user(), and a read that does not (an old finding).
KNOB = """\
// SPDX-License-Identifier: GPL-2.0
#include <linux/module.h>
#include <linux/miscdevice.h>
#include <linux/uaccess.h>
#include <linux/fs.h>

struct knob_req {
	u32 channel;
	u32 value;
};

static u32 knob_values[4];

static long knob_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	struct knob_req req;
	unsigned long left;

	left = copy_from_user(&req, (void __user *)arg, sizeof(req));
	if (left)
		return -EFAULT;
	if (req.channel >= ARRAY_SIZE(knob_values))
		return -EINVAL;
	knob_values[req.channel] = req.value;
	return 0;
}

static ssize_t knob_read(struct file *file, char __user *buf, size_t len, loff_t *off)
{
	len = min(len, sizeof(knob_values));
	copy_to_user(buf, knob_values, len);
	return len;
}

static const struct file_operations knob_fops = {
	.owner		= THIS_MODULE,
	.read		= knob_read,
	.unlocked_ioctl	= knob_ioctl,
};

static struct miscdevice knob_misc = {
	.minor	= MISC_DYNAMIC_MINOR,
	.name	= "knob",
	.fops	= &knob_fops,
};
module_misc_device(knob_misc);
MODULE_LICENSE("GPL");
"""

LUMEN_PATH = "drivers/misc/lumen/lumen_nl.c"
KNOB_PATH = "drivers/char/knob/knob.c"


def line_of(text: str, needle: str) -> int:
    return text[:text.index(needle)].count("\n") + 1


NETLINK_LINE = line_of(LUMEN, "lumen_sk = netlink_kernel_create")
OLD_COPY_LINE = line_of(KNOB, "\tcopy_to_user(buf")


class Run:
    def __init__(self, code: int, stdout: str, stderr: str):
        self.code, self.stdout, self.stderr = code, stdout, stderr

    def findings(self) -> list[tuple[str, int, str]]:
        return [(f["path"], f["line"], f["rule"]) for f in json.loads(self.stdout)["findings"]]


def kmodlint_run(*args: str) -> Run:
    result = invoke("check", "--no-cache", *args)
    return Run(result.exit_code, result.stdout, result.stderr)


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True, text=True).stdout


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, old
    path.write_text(text.replace(old, new, 1))


@pytest.fixture
def repo(tmp_path, monkeypatch) -> Path:
    """A git repository with both drivers committed; the working folder. The user's and the
    system's git configuration are kept out (a diff.noprefix or color.ui must not matter)."""
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(tmp_path / "gitconfig"))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    for role in ("AUTHOR", "COMMITTER"):
        monkeypatch.setenv(f"GIT_{role}_NAME", "Dev")
        monkeypatch.setenv(f"GIT_{role}_EMAIL", "dev@example.com")
    root = tmp_path / "linux"
    for path, text in ((LUMEN_PATH, LUMEN), (KNOB_PATH, KNOB)):
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text(text)
    git(root, "init", "-q")
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "lumen and knob")
    monkeypatch.chdir(root)
    assert len(kmodlint_run("--format", "json").findings()) == 2  # one per driver, before any change
    return root


def test_a_finding_whose_related_location_changed_is_reported(repo):
    edit(repo / LUMEN_PATH, "lumen_daemon_port, MSG_DONTWAIT);", "lumen_daemon_port, 0);")
    run = kmodlint_run("--diff", "HEAD", "--format", "json")
    assert (run.code, run.findings()) == (1, [(LUMEN_PATH, NETLINK_LINE, "netlink-missing-unbind")])


def test_a_finding_with_nothing_on_a_changed_line_is_not_reported(repo):
    edit(repo / LUMEN_PATH, " * registers by sending any message", " * registers by sending a message")
    edit(repo / KNOB_PATH, "\t.name\t= \"knob\",", "\t.name\t= \"knob0\",")
    run = kmodlint_run("--diff", "HEAD")
    assert run.code == 0
    assert run.stdout.splitlines()[-1].endswith("no findings; not shown: 2 not on a changed line")


def test_a_finding_on_a_changed_line_is_reported_and_old_ones_in_the_same_file_are_not(repo):
    edit(repo / KNOB_PATH, "\tknob_values[req.channel] = req.value;\n",
         "\tknob_values[req.channel] = req.value;\n\tcopy_to_user((void __user *)arg, &req, sizeof(req));\n")
    run = kmodlint_run("--diff", "HEAD", "--format", "json")
    new_line = line_of(KNOB, "\tknob_values[req.channel]") + 1
    assert run.findings() == [(KNOB_PATH, new_line, "unchecked-copy-user")]
    [line] = run.stderr.splitlines()
    assert line.startswith("kmodlint: Checked ") and line.endswith("; not shown: 1 not on a changed line")


def test_deleting_the_check_reports_the_call_it_leaves_unchecked(repo):
    edit(repo / KNOB_PATH, "\tif (left)\n\t\treturn -EFAULT;\n", "")
    run = kmodlint_run("--diff", "HEAD", "--format", "json")
    assert run.findings() == [(KNOB_PATH, line_of(KNOB, "\tleft = copy_from_user"), "unchecked-copy-user")]


def test_committed_and_staged_and_unstaged_changes_since_ref_all_count(repo):
    edit(repo / KNOB_PATH, "\tknob_values[req.channel] = req.value;\n",
         "\tknob_values[req.channel] = req.value;\n\tcopy_to_user((void __user *)arg, &req, sizeof(req));\n")
    git(repo, "commit", "-q", "-am", "echo the request")
    edit(repo / LUMEN_PATH, "lumen_daemon_port, MSG_DONTWAIT);", "lumen_daemon_port, 0);")
    git(repo, "add", LUMEN_PATH)
    assert {rule for _, _, rule in kmodlint_run("--diff", "HEAD~1", "--format", "json").findings()} == \
        {"unchecked-copy-user", "netlink-missing-unbind"}
    assert [rule for _, _, rule in kmodlint_run("--diff", "HEAD", "--format", "json").findings()] == \
        ["netlink-missing-unbind"]


def test_without_paths_only_the_folders_of_changed_c_files_are_checked_not_their_subfolders(repo):
    (repo / "drivers/misc/lumen/lumen_core.c").write_text("/* core */\n")
    (repo / "drivers/misc/lumen/tools").mkdir()
    (repo / "drivers/misc/lumen/tools/lumen_test.c").write_text("/* another driver */\n")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "more lumen files")
    edit(repo / LUMEN_PATH, "lumen_daemon_port, MSG_DONTWAIT);", "lumen_daemon_port, 0);")
    (repo / "README").write_text("not C\n")
    doc = json.loads(kmodlint_run("--diff", "HEAD", "--format", "json").stdout)
    assert doc["summary"]["files_scanned"] == 2  # lumen_nl.c and lumen_core.c, not tools/ nor knob/
    git(repo, "checkout", "-q", "--", LUMEN_PATH)
    run = kmodlint_run("--diff", "HEAD")
    assert run.code == 0
    assert run.stdout.startswith("Checked 0 files")


def test_it_works_from_a_subfolder_of_the_repository(repo, monkeypatch):
    edit(repo / KNOB_PATH, "\tknob_values[req.channel] = req.value;\n",
         "\tknob_values[req.channel] = req.value;\n\tcopy_to_user((void __user *)arg, &req, sizeof(req));\n")
    edit(repo / LUMEN_PATH, "lumen_daemon_port, MSG_DONTWAIT);", "lumen_daemon_port, 0);")
    monkeypatch.chdir(repo / "drivers" / "char")
    new_line = line_of(KNOB, "\tknob_values[req.channel]") + 1
    # No paths: the changed folders under the working folder only (not drivers/misc).
    assert kmodlint_run("--diff", "HEAD", "--format", "json").findings() == \
        [("knob/knob.c", new_line, "unchecked-copy-user")]
    # Paths given outside the working folder: reports name files as typed, from here.
    assert kmodlint_run("--diff", "HEAD", "--format", "json", "..").findings() == [
        ("../char/knob/knob.c", new_line, "unchecked-copy-user"),
        ("../misc/lumen/lumen_nl.c", NETLINK_LINE, "netlink-missing-unbind")]


def test_a_renamed_file_is_read_under_its_new_name(repo):
    git(repo, "mv", KNOB_PATH, "drivers/char/knob/knob_main.c")
    moved = repo / "drivers/char/knob/knob_main.c"
    # A pure rename touches no line.
    assert kmodlint_run("--diff", "HEAD", "--format", "json").findings() == []
    edit(moved, "\tknob_values[req.channel] = req.value;\n",
         "\tknob_values[req.channel] = req.value;\n\tcopy_to_user((void __user *)arg, &req, sizeof(req));\n")
    new_line = line_of(KNOB, "\tknob_values[req.channel]") + 1
    assert kmodlint_run("--diff", "HEAD", "--format", "json").findings() == \
        [("drivers/char/knob/knob_main.c", new_line, "unchecked-copy-user")]


def test_deleted_files_are_ignored(repo):
    git(repo, "rm", "-q", LUMEN_PATH)
    (repo / KNOB_PATH).unlink()  # deleted without git rm too
    run = kmodlint_run("--diff", "HEAD", "--format", "json")
    assert (run.code, run.findings()) == (0, [])
    [summary] = run.stderr.splitlines()  # no warning or error about the deleted files
    assert summary.startswith("kmodlint: Checked ")


def test_an_untracked_file_counts_as_wholly_added(repo):
    (repo / "drivers/char/knob/knob_extra.c").write_text(KNOB.replace("knob", "knobx"))
    run = kmodlint_run("--diff", "HEAD", "--format", "json")
    assert run.findings() == [("drivers/char/knob/knob_extra.c", OLD_COPY_LINE, "unchecked-copy-user")]


def assert_one_error_line(run: Run, *expected: str) -> None:
    assert run.code == 2, (run.stdout, run.stderr)
    assert_stderr_is_one_error_line(run.stderr, *expected)


def test_a_ref_that_is_not_a_revision_is_one_error_line_with_gits_reason(repo):
    assert_one_error_line(kmodlint_run("--diff", "no-such-branch"), "--diff no-such-branch: bad revision 'no-such-branch'")
    assert_one_error_line(kmodlint_run("--diff", "--cached"), "'--cached' is not a git revision")


def test_outside_a_git_repository_is_one_error_line(tmp_path, monkeypatch):
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))  # never find a repository above tmp_path
    (tmp_path / "drv").mkdir()
    (tmp_path / "drv" / "knob.c").write_text(KNOB)
    monkeypatch.chdir(tmp_path)
    assert_one_error_line(kmodlint_run("--diff", "HEAD", "drv"),
                          f"--diff needs a git repository, and {tmp_path} is not inside one")


def test_without_git_installed_is_one_error_line(repo, monkeypatch, tmp_path):
    empty = tmp_path / "empty-bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    assert_one_error_line(kmodlint_run("--diff", "HEAD"), "--diff needs git, and git is not installed")


# --- the diff parser ----------------------------------------------------------

def test_parse_diff_reads_added_changed_and_deleted_ranges():
    diff = (b"diff --git a/x.c b/x.c\n--- a/x.c\n+++ b/x.c\n"
            b"@@ -3 +3 @@\n-old\n+new\n"                       # one changed line
            b"@@ -10,0 +11,2 @@\n+a\n+b\n"                     # two added lines
            b"@@ -20,2 +21,0 @@\n-gone\n-gone\n"               # deleted after new line 21
            b"@@ -1 +0,0 @@\n-first\n"                          # deleted at the top: only line 1
            b"diff --git a/gone.c b/gone.c\n--- a/gone.c\n+++ /dev/null\n@@ -1 +0,0 @@\n-x\n")
    assert parse_diff(diff) == {"x.c": {3, 11, 12, 21, 22, 1}}


def test_parse_diff_is_not_fooled_by_added_lines_that_look_like_headers():
    diff = (b"diff --git a/x.c b/x.c\n--- a/x.c\n+++ b/x.c\n"
            b"@@ -1 +1,3 @@\n-a\n\\ No newline at end of file\n+++ b/evil.c\n+@@ -1 +90,5 @@\n+c\n"
            b"\\ No newline at end of file\n")
    assert parse_diff(diff) == {"x.c": {1, 2, 3}}


def test_parse_diff_unquotes_git_quoted_paths():
    diff = (b'diff --git "a/t\\tab.c" "b/t\\tab.c"\n--- "a/t\\tab.c"\n+++ "b/t\\tab\\303\\251.c"\n'
            b"@@ -0,0 +1 @@\n+x\n")
    assert parse_diff(diff) == {"t\tab\u00e9.c": {1}}


def test_parse_diff_reads_names_with_spaces_as_git_prints_them(repo):
    (repo / "drivers/char/knob/knob old.c").write_text("/* a */\n")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "a file with a space")
    (repo / "drivers/char/knob/knob old.c").write_text("/* a */\n/* b */\n")
    output = subprocess.run(["git", "-C", str(repo), "diff", "-U0", "HEAD", "--"], check=True,
                            capture_output=True).stdout
    assert parse_diff(output) == {"drivers/char/knob/knob old.c": {2}}


def test_baseline_and_diff_combine(repo):
    assert kmodlint_run("--write-baseline", "kmodlint-baseline.json").code == 0
    edit(repo / LUMEN_PATH, "lumen_daemon_port, MSG_DONTWAIT);", "lumen_daemon_port, 0);")  # known, touched
    edit(repo / KNOB_PATH, "\tknob_values[req.channel] = req.value;\n",
         "\tknob_values[req.channel] = req.value;\n\tcopy_to_user((void __user *)arg, &req, sizeof(req));\n")
    edit(repo / KNOB_PATH, "\treturn len;\n}\n", "\treturn len;\n}\n\nstatic int knob_spare;\n")  # knob_read: untouched
    run = kmodlint_run("--diff", "HEAD", "--baseline", "kmodlint-baseline.json")
    assert run.code == 1
    assert run.stdout.startswith(f"{KNOB_PATH}:{line_of(KNOB, chr(9) + 'knob_values[req.channel]') + 1}:")
    assert run.stdout.splitlines()[-1].endswith("1 finding (0 errors, 1 warning, 0 notes); "
                                                "not shown: 2 in the baseline")
