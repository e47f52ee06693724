"""Time and memory of one huge folder: N generated driver files, each with an IRQ handler,
an ioctl, file_operations, locks, user copies and calls into a function of the first file.

    python benchmarks/big_folder.py OUT_DIR N [N ...]  [--kmodlint PATH]

Writes OUT_DIR/nN/ (N files of about 11 KB) and runs `kmodlint check -j 1 --no-cache
--select <every rule>` on it, printing files, CPU seconds, milliseconds per file and the
peak RSS of the run. Growth of seconds per file with N is what this measures: a
folder's driver model (call graph, contexts, locks) must not cost more than linear
time in the folder's size. The code is generated here, in kmodlint's own words.
"""
from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys

FUNCTIONS_PER_FILE = 12


def driver_file(i: int) -> str:
    # Every file's last helper calls one shared function of file 0 (a folder's common code):
    # a call graph with fan-in across files, as real drivers have, not one long chain.
    previous = "widget0_helper0" if i else "widget_none"
    parts = [
        "#include <linux/module.h>\n#include <linux/fs.h>\n#include <linux/interrupt.h>\n"
        "#include <linux/uaccess.h>\n#include <linux/wait.h>\n\n",
        f"struct widget{i}_dev {{\n\tunsigned long flags;\n\tint count;\n\tspinlock_t lock;\n"
        f"\twait_queue_head_t wq;\n\tint ready;\n}};\n\n",
        f"int {previous}(struct widget{i}_dev *wd, int v);\n\n" if i else "",
        f"static irqreturn_t widget{i}_irq(int irq, void *data)\n{{\n\tstruct widget{i}_dev *wd = data;\n\n"
        f"\twd->flags |= 1;\n\twd->count++;\n\twd->ready = 1;\n\twake_up(&wd->wq);\n\treturn IRQ_HANDLED;\n}}\n\n",
    ]
    for k in range(FUNCTIONS_PER_FILE):
        callee = f"widget{i}_helper{k + 1}" if k + 1 < FUNCTIONS_PER_FILE else previous
        parts.append(
            f"int widget{i}_helper{k}(struct widget{i}_dev *wd, int v)\n{{\n\tunsigned long irqflags;\n\tint ret = 0;\n\n"
            f"\tspin_lock_irqsave(&wd->lock, irqflags);\n\tif (v > {k}) {{\n\t\twd->count += v;\n"
            f"\t\tspin_unlock_irqrestore(&wd->lock, irqflags);\n\t\tgoto out;\n\t}}\n"
            f"\twd->flags &= ~{1 << (k % 8)}UL;\n\tspin_unlock_irqrestore(&wd->lock, irqflags);\n"
            f"\tswitch (v) {{\n\tcase 1:\n\t\tret = -EINVAL;\n\t\tbreak;\n\tdefault:\n\t\tbreak;\n\t}}\nout:\n"
            + (f"\treturn ret ? ret : {callee}(wd, v - 1);\n}}\n\n" if i or k + 1 < FUNCTIONS_PER_FILE
               else "\treturn ret;\n}\n\n"))
    parts.append(
        f"static long widget{i}_ioctl(struct file *file, unsigned int cmd, unsigned long arg)\n{{\n"
        f"\tstruct widget{i}_dev *wd = file->private_data;\n\tint v;\n\n"
        f"\tif (copy_from_user(&v, (void __user *)arg, sizeof(v)))\n\t\treturn -EFAULT;\n"
        f"\twd->flags &= ~2UL;\n\twait_event_interruptible(wd->wq, wd->ready);\n"
        f"\treturn widget{i}_helper0(wd, v);\n}}\n\n"
        f"static const struct file_operations widget{i}_fops = {{\n\t.owner = THIS_MODULE,\n"
        f"\t.unlocked_ioctl = widget{i}_ioctl,\n}};\n\n"
        f"int widget{i}_setup(struct widget{i}_dev *wd, int irq)\n{{\n\tinit_waitqueue_head(&wd->wq);\n"
        f"\tspin_lock_init(&wd->lock);\n\treturn request_irq(irq, widget{i}_irq, 0, \"widget{i}\", wd);\n}}\n")
    return "".join(parts)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out")
    parser.add_argument("sizes", nargs="+", type=int)
    parser.add_argument("--kmodlint", default=os.path.join(os.path.dirname(sys.executable), "kmodlint"))
    args = parser.parse_args()
    rules = subprocess.run([args.kmodlint, "rules"], capture_output=True, text=True, check=True).stdout
    select = ",".join(line.split()[0] for line in rules.splitlines() if line.strip())
    # CPU seconds of the run (user + system), not wall: other work on the machine does not count.
    print(f"{'files':>6} {'CPU s':>8} {'ms/file':>8} {'peak RSS MB':>12}")
    for size in args.sizes:
        folder = os.path.join(args.out, f"n{size}")
        os.makedirs(folder, exist_ok=True)
        for i in range(size):
            with open(os.path.join(folder, f"widget{i}.c"), "w", encoding="ascii") as handle:
                handle.write(driver_file(i))
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        run = subprocess.run([args.kmodlint, "check", "-j", "1", "--no-cache", "--select", select,
                              "--format", "concise", folder], capture_output=True, text=True)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        seconds = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
        if run.returncode not in (0, 1):
            print(run.stderr, file=sys.stderr)
            return 2
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        print(f"{size:>6} {seconds:>8.1f} {1000 * seconds / size:>8.1f} {peak:>12.0f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
