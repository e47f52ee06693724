"""A worker holds a bounded number of syntax trees, however many files a folder has (issue 15:
5,000 generated files in one folder took 3.4 GB in one worker), and what it reports is the
same as when it holds them all (kmodlint.trees)."""
from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

import kmodlint.trees
from test_goldens import FIXTURES, GOLDEN, rendered

# The rule folders whose rules read other files' facts or trees while checking one file
# (the driver model, a sibling's call arguments or function parameters, a caller's flow).
FOLDER_WIDE = ["chrdev-region-leak", "copy-user-wrong-errno", "debugfs-result-checked", "kernel-signal-to-user",
               "module-init-signature", "netlink-missing-unbind", "pid-from-user-in-init-ns",
               "spin-lock-irq-in-handler", "unlocked-shared-flag", "wait-event-result-ignored"]


@pytest.fixture
def budgets(monkeypatch) -> list[kmodlint.trees.TreeBudget]:
    """Every TreeBudget made while the test runs, with one tree held at a time."""
    monkeypatch.setattr(kmodlint.trees, "TREES_PER_FOLDER", 1)
    made = []
    original = kmodlint.trees.TreeBudget.__init__

    def recorded(self, *args, **kwargs):
        original(self, *args, **kwargs)
        made.append(self)

    monkeypatch.setattr(kmodlint.trees.TreeBudget, "__init__", recorded)
    return made


@pytest.mark.parametrize("rule_id", FOLDER_WIDE)
def test_findings_with_one_tree_held_are_the_golden_ones(rule_id, budgets):
    """Every file past the first is released and parsed again when read: the findings, their
    messages, related locations and fixes are still exactly the golden file's."""
    text = rendered(FIXTURES / rule_id)
    assert text == (FIXTURES / rule_id / GOLDEN).read_text(encoding="utf-8")
    assert budgets and all(budget.peak <= 1 for budget in budgets)
    assert sum(budget.revived for budget in budgets) > 0  # trees were let go and parsed again


# A driver file whose tree is large (a table of register defaults) and whose facts are small:
# one copy_from_user() to check, correctly used, so there is nothing to report.
REGISTERS = """\
#include <linux/uaccess.h>

static int regs{n}[{count}];

static long reg{n}_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{{
\tint value;

\tif (copy_from_user(&value, (void __user *)arg, sizeof(value)))
\t\treturn -EFAULT;
\treturn value;
}}

static void reg{n}_defaults(void)
{{
{body}}}
"""

# Runs the engine on one folder with a budget of 8 trees, in a fresh process, and prints its peak RSS in KB.
PEAK_RSS = textwrap.dedent("""\
    import resource, sys
    import kmodlint.trees
    kmodlint.trees.TREES_PER_FOLDER = 8
    from kmodlint import engine
    from kmodlint.config import Config
    from kmodlint.rules import all_rules
    rules = [rule for rule in all_rules() if not rule.opt_in]
    result, _ = engine.run([sys.argv[1]], rules, Config(), {rule.id for rule in rules}, jobs=1)
    assert result.files_parsed == int(sys.argv[2]) and not result.findings, result
    print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
""")


def _peak_rss_kb(folder: Path, files: int) -> int:
    for n in range(files):
        body = "".join(f"\tregs{n}[{i}] = 0x{i * 7919 % 65536:x};\n" for i in range(1200))
        (folder / f"reg{n}.c").write_text(REGISTERS.format(n=n, count=1200, body=body), encoding="utf-8")
    done = subprocess.run([sys.executable, "-c", PEAK_RSS, str(folder), str(files)],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return int(done.stdout.split()[-1])


def test_peak_memory_does_not_grow_with_the_trees_of_a_large_folder(tmp_path):
    """12 and then 48 files in one folder: past the 8 trees held, a file adds its bytes and small
    facts (a few times its ~26 KB), not its tree (over 1 MB: 48 files took 55 MB more than 12
    when every tree was kept until the folder's rules had run)."""
    few, many = tmp_path / "few" / "drv", tmp_path / "many" / "drv"
    few.mkdir(parents=True)
    many.mkdir(parents=True)
    peak_few = _peak_rss_kb(few, 12)
    peak_many = _peak_rss_kb(many, 48)
    size = sum(path.stat().st_size for path in many.iterdir()) // 48 // 1024  # KB per file
    per_file = (peak_many - peak_few) / 36
    assert per_file < 8 * size, f"peak RSS grew {per_file:.0f} KB per added file of {size} KB"
