"""Screenshots of the HTML audit report in headless Chromium, at 200 and 5,000 findings.

    python benchmarks/html_screenshots.py OUT_DIR [--counts 200,5000] [--tree TREE]
                                                  [--chromium /usr/bin/chromium]

For each count, builds a synthetic run (the real rules' metadata, kernel-looking
source lines, findings spread over rules, severities and folders, with provenance,
suppressed findings and parse-error notifications), writes OUT_DIR/report-N.html
and screenshots it (OUT_DIR/report-N.png, 1400x2000). With --tree, also checks TREE/drivers with kmodlint (from inside it, -j 2, no cache
written into the tree) into
OUT_DIR/report-tree.html and screenshots that. Prints each file's size and the
render time. Look at the PNGs: the header must say what was checked, errors must
come first, and every rule must be reachable from the first screen.
"""
from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from kmodlint.model import (Finding, Notification, Provenance, Related, RunResult,  # noqa: E402
                            Span, SuppressionComment)
from kmodlint.report import html_report  # noqa: E402
from kmodlint.rules import all_rules  # noqa: E402

LINES = [
    "\tret = copy_from_user(&priv->cfg, argp, sizeof(priv->cfg));\n",
    "\tspin_lock_irq(&priv->lock);\n",
    "\tif (!debugfs_create_file(\"regs\", 0444, priv->dir, priv, &regs_fops))\n",
    "\t\treturn -ENOMEM;\n",
    "\twait_event_interruptible(priv->wq, priv->ready);\n",
    "\tspin_unlock_irq(&priv->lock);\n",
]


def synthetic_result(count: int) -> RunResult:
    """`count` findings over the real rules, most of them warnings, a tenth errors, a fifth notes."""
    rules = [rule.info for rule in all_rules()]
    findings, sources = [], {}
    for n in range(count):
        rule = rules[(n * n + n // 3) % len(rules)]  # uneven: some rules find much more than others
        severity = "error" if n % 10 == 0 else "note" if n % 5 == 1 else "warning"
        k = (n * 31) % 300  # 300 files in 60 folders
        path = f"drivers/{('net', 'char', 'usb', 'gpu', 'media')[k % 5]}/dev{k % 60}/file{k}.c"
        lines = sources.setdefault(path, [LINES[i % len(LINES)] for i in range(400)])
        at = 10 + (n * 13) % (len(lines) - 20)
        findings.append(Finding(
            rule.id, severity, path, Span(at, 2, at, 20),
            f"`{lines[at - 1].strip()[:40]}`: {rule.title.lower()}", function=f"dev{n % 37}_ioctl",
            related=(Related(path, Span(at + 3, 2, at + 3, 8), "the value is used here"),) if n % 3 == 0 else ()))
    findings.sort(key=Finding.sort_key)
    suppressed = [Finding(rules[0].id, "warning", "drivers/char/legacy.c", Span(40 + i, 2, 40 + i, 9),
                          "result ignored", suppression=SuppressionComment(
                              Span(39 + i, 5, 39 + i, 40), "checked by the caller" if i % 2 else ""))
                  for i in range(3)]
    notes = [Notification("note", "did not parse cleanly: 2 syntax errors (from line 120)",
                          f"drivers/media/dev{i}/file{i}.c") for i in range(4)]
    provenance = Provenance(
        command="kmodlint check --format html -o report.html -j 2 drivers/", paths=("drivers/",),
        started="2026-12-05 07:30:00 UTC", commit="0a382f4c2d9e1b7a6f5e4d3c2b1a09f8e7d6c5b4", dirty=True,
        kernel="6.12.117", settings=(("config file", ".kmodlint.toml"), ("ignore", "debugfs-result-checked")))
    return RunResult(root="/src/linux", findings=findings, suppressed=suppressed, rules=rules, notifications=notes,
                     files_scanned=31_519, files_parsed=9_012, files_skipped=22_507, files_with_parse_errors=4,
                     elapsed_seconds=41.2, sources=sources, provenance=provenance)


def chromium_command(chromium: str, profile: str, png: str, url: str) -> list[str]:
    return [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--no-first-run", f"--user-data-dir={profile}", "--hide-scrollbars", "--virtual-time-budget=5000",
            f"--screenshot={png}", "--window-size=1400,2000", url]


def screenshot(chromium: str, html: str, png: str, query: str = "") -> float:
    with tempfile.TemporaryDirectory(prefix="kmodlint-chromium-") as profile:
        start = time.perf_counter()
        subprocess.run(chromium_command(chromium, profile, png, "file://" + os.path.abspath(html) + query),
                       check=True, capture_output=True, timeout=180)
        return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out")
    parser.add_argument("--counts", default="200,5000")
    parser.add_argument("--tree")
    parser.add_argument("--chromium", default=shutil.which("chromium") or "/usr/bin/chromium")
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    for count in (int(c) for c in args.counts.split(",")):
        result = synthetic_result(count)
        start = time.process_time()
        text = html_report.render(result, source_url="https://elixir.bootlin.com/linux/v6.12/source/{path}#L{line}")
        seconds = time.process_time() - start
        html = os.path.join(args.out, f"report-{count}.html")
        with open(html, "w", encoding="utf-8") as handle:
            handle.write(text)
        shot = screenshot(args.chromium, html, os.path.join(args.out, f"report-{count}.png"))
        print(f"{count:>6} findings: {len(text.encode()) / 1e6:.1f} MB, rendered in {seconds:.2f} s CPU, "
              f"screenshot in {shot:.1f} s")
    if args.tree:
        html = os.path.abspath(os.path.join(args.out, "report-tree.html"))
        kmodlint = os.path.join(os.path.dirname(sys.executable), "kmodlint")
        subprocess.run([kmodlint, "check", "--format", "html", "-o", html, "-j", "2", "--no-cache", "--exit-zero",
                        "--source-url", "https://elixir.bootlin.com/linux/v6.12/source/{path}#L{line}", "drivers/"],
                       cwd=args.tree, check=True)
        screenshot(args.chromium, html, os.path.join(args.out, "report-tree.png"))
        print(f"tree: {os.path.getsize(html) / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
