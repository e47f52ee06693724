"""Baseline fingerprints and --diff on real drivers: do old findings stay hidden, what does it cost?

    python benchmarks/adoption.py TREE [--subdir drivers/char ...] [--jobs 2]

Copies TREE/SUBDIR... into a temporary git repository (one commit), then:

- writes a baseline and reads it back (all findings hidden), with the CPU time
  of a plain run, a --write-baseline run and a --baseline run;
- edits every file that has a finding, one kind of edit at a time, and counts
  the findings the baseline no longer hides: 10 lines inserted at the top (code
  moved down), a new function inserted at the top (another function edited),
  and each discarded copy_*_user()/get_user()/... statement duplicated on the next line (a
  second identical bug: exactly one new finding each);
- runs --diff HEAD after the moves (no finding may come out: no flagged line
  changed) and after the duplications (each new finding must), with its CPU
  time against the plain run (git included).

kmodlint runs from this checkout (PYTHONPATH); the kernel files are copied to a
temporary folder outside it and deleted afterwards.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
GIT_ENV = {"GIT_CONFIG_NOSYSTEM": "1", "GIT_AUTHOR_NAME": "bench", "GIT_AUTHOR_EMAIL": "bench@example.com",
           "GIT_COMMITTER_NAME": "bench", "GIT_COMMITTER_EMAIL": "bench@example.com"}


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def kmodlint(work: str, jobs: int, *args: str) -> tuple[dict | None, float, str]:
    """(JSON report or None, CPU seconds of the run and its children, stderr)."""
    env = {**os.environ, **GIT_ENV, "PYTHONPATH": HERE}
    before = children_cpu()
    done = subprocess.run([sys.executable, "-c", "from kmodlint.cli import main; main()", "check", "--no-cache", "-j", str(jobs), *args],
                          cwd=work, env=env, capture_output=True, text=True)
    cpu = children_cpu() - before
    if done.returncode not in (0, 1):
        raise SystemExit(f"kmodlint failed ({done.returncode}): {done.stderr.strip()}")
    report = json.loads(done.stdout) if done.stdout.strip() else None
    return report, cpu, done.stderr


def git(work: str, *args: str) -> None:
    subprocess.run(["git", "-C", work, *args], check=True, capture_output=True, env={**os.environ, **GIT_ENV})


def edit_files(work: str, paths: set[str], change) -> None:
    for rel in paths:
        path = os.path.join(work, rel)
        with open(path, "rb") as handle:
            data = handle.read()
        with open(path, "wb") as handle:
            handle.write(change(data))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("tree")
    parser.add_argument("--subdir", action="append", help="folders to copy (default: drivers/char drivers/usb "
                                                           "drivers/staging drivers/scsi)")
    parser.add_argument("--jobs", type=int, default=2)
    options = parser.parse_args()
    subdirs = options.subdir or ["drivers/char", "drivers/usb", "drivers/staging", "drivers/scsi"]
    temporary = tempfile.mkdtemp(prefix="kmodlint-adoption-")
    work = os.path.join(temporary, "tree")
    try:
        for subdir in subdirs:
            shutil.copytree(os.path.join(options.tree, subdir), os.path.join(work, subdir))
        git(work, "init", "-q")
        git(work, "add", "-A")
        git(work, "commit", "-q", "-m", "import")
        run(work, subdirs, options.jobs)
    finally:
        shutil.rmtree(temporary, ignore_errors=True)


def run(work: str, subdirs: list[str], jobs: int) -> None:
    plain, plain_cpu, _ = kmodlint(work, jobs, "--format", "json", *subdirs)
    findings = plain["findings"]
    files = {f["path"] for f in findings}
    _, write_cpu, _ = kmodlint(work, jobs, "--write-baseline", "baseline.json", *subdirs)
    known, known_cpu, _ = kmodlint(work, jobs, "--baseline", "baseline.json", "--format", "json", *subdirs)
    size = os.path.getsize(os.path.join(work, "baseline.json"))
    rows = [
        ("files scanned", plain["summary"]["files_scanned"]),
        ("findings / files with findings", f"{len(findings)} / {len(files)}"),
        ("baseline file", f"{size / 1024:.1f} KiB, {len(findings)} entries"),
        ("findings left with the baseline, no edit", len(known["findings"])),
        ("CPU: plain / --write-baseline / --baseline", f"{plain_cpu:.1f}s / {write_cpu:.1f}s / {known_cpu:.1f}s"),
    ]

    def new_after(change, label: str, diff: bool = False):
        edit_files(work, files, change)
        report, _, _ = kmodlint(work, jobs, "--baseline", "baseline.json", "--format", "json", *subdirs)
        rows.append((f"new with the baseline after: {label}", len(report["findings"])))
        result = None
        if diff:
            result = kmodlint(work, jobs, "--diff", "HEAD", "--format", "json", *subdirs)
            rows.append((f"reported by --diff HEAD after: {label}", len(result[0]["findings"])))
        git(work, "checkout", "-q", "--", ".")
        return report, result

    _, (_, diff_cpu, _) = new_after(lambda data: b"/* moved */\n" * 10 + data, "10 lines inserted at the top",
                                    diff=True)
    rows.append(("CPU: --diff HEAD / plain", f"{diff_cpu:.1f}s / {plain_cpu:.1f}s"))
    new_after(lambda data: b"static int __maybe_unused adoption_pad(int x)\n{\n\treturn x + 1;\n}\n\n" + data,
              "a new function at the top")

    # Each discarded copy_*_user()/get_user()/... statement alone on its line, duplicated on the next line.
    lines_by_file: dict[str, set[int]] = {}
    for f in findings:
        if f["rule"] == "unchecked-copy-user" and f["line"] == f["end_line"]:
            lines_by_file.setdefault(f["path"], set()).add(f["line"])

    def duplicate(path: str):
        def change(data: bytes) -> bytes:
            out = []
            for number, line in enumerate(data.split(b"\n"), 1):
                out.append(line)
                text = line.strip()
                if number in lines_by_file[path] and text.endswith(b");") and b"_user(" in text \
                        and text.count(b"(") == text.count(b")") and not text.startswith((b"if", b"return")):
                    out.append(line)
            return b"\n".join(out)
        return change

    duplicated = 0
    for path in lines_by_file:
        before = open(os.path.join(work, path), "rb").read()
        edit_files(work, {path}, duplicate(path))
        duplicated += open(os.path.join(work, path), "rb").read().count(b"\n") - before.count(b"\n")
    report, _, _ = kmodlint(work, jobs, "--baseline", "baseline.json", "--format", "json", *subdirs)
    diff_report, _, _ = kmodlint(work, jobs, "--diff", "HEAD", "--format", "json", *subdirs)
    rows.append(("discarded *_user() statements duplicated", duplicated))
    rows.append(("new with the baseline after the duplication", len(report["findings"])))
    rows.append(("reported by --diff HEAD after the duplication", len(diff_report["findings"])))
    git(work, "checkout", "-q", "--", ".")

    width = max(len(label) for label, _ in rows)
    for label, value in rows:
        print(f"{label:<{width}}  {value}")


if __name__ == "__main__":
    main()
