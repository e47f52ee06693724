"""kmodlint's speed on a tree, against its lower bound (parsing every file) and Coccinelle.

    python benchmarks/run.py TREE [--jobs 2] [--subdir drivers] [--file REL] [--skip-spatch]

On the same files (every .c/.h under TREE/SUBDIR, found as kmodlint finds them)
and with the same number of processes, one run prints:

- parse-only: mask + tree-sitter parse of every file (kmodlint.source.mask,
  kmodlint.facts.parse), the cost of this design if every file were parsed;
- kmodlint cold (--no-cache, all rules), cold while filling a fresh cache, and
  warm (the same cache, nothing changed), with cold/parse and warm/cold ratios;
- files parsed vs skipped (no trigger word), the share of parsed files with
  ERROR nodes, and of all files in the parse-only pass;
- peak RSS of each kind of process (kmodlint's main process, its workers, the
  parse-only workers), from /proc VmHWM sampling and wait4's rusage;
- the wall time of `kmodlint check FILE` on one driver file, interpreter
  start-up included (median of 5 runs);
- Coccinelle (spatch) with benchmarks/cocci/*.cocci, the same five checks
  written simply, when spatch is on PATH.

kmodlint runs from this checkout (PYTHONPATH), not from whatever is installed.
Wall seconds are what the targets are about; CPU seconds (user+sys of all
processes) are printed beside them because they hold still on a busy machine.
"""
from __future__ import annotations

import argparse
import compileall
import glob
import multiprocessing
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import types
from dataclasses import dataclass, field

PROJECT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, PROJECT)

from kmodlint import facts  # noqa: E402
from kmodlint.config import Config  # noqa: E402
from kmodlint.engine import MAX_FILE_BYTES, discover  # noqa: E402
from kmodlint.source import mask  # noqa: E402

# The five pitfalls benchmarks/cocci/*.cocci also check, for a like-for-like comparison with spatch.
FIVE_CHECKS = ("unchecked-copy-user,copy-user-negative-check,copy-user-wrong-errno,debugfs-mmap-ignored,"
               "kernel-signal-to-user,netlink-missing-unbind,unlocked-shared-flag")
KMODLINT = [sys.executable, "-c", "import sys; from kmodlint.cli import main; sys.argv[0] = 'kmodlint'; main()"]
DEFAULT_FILE = "drivers/char/ppdev.c"  # a plain char driver: ioctl, copy_*_user, an IRQ handler
MB = 1024 * 1024


# --- parse only ---------------------------------------------------------------

def _parse_files(paths: list[str]) -> tuple[int, int, int]:
    """(files, bytes, files with an ERROR/MISSING node) for a chunk of files."""
    count = size = errors = 0
    for path in paths:
        try:
            if os.path.getsize(path) > MAX_FILE_BYTES:  # kmodlint skips these unread too
                continue
            with open(path, "rb") as handle:
                data = handle.read()
        except OSError:
            continue
        tree = facts.parse(types.SimpleNamespace(masked=mask(data)))  # parse() reads only .masked
        count, size, errors = count + 1, size + len(data), errors + tree.root_node.has_error
    return count, size, errors


def parse_only(paths: list[str], jobs: int) -> dict:
    chunks = [paths[i:i + 64] for i in range(0, len(paths), 64)]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    with multiprocessing.get_context("fork").Pool(jobs) as pool:
        totals = list(pool.imap_unordered(_parse_files, chunks))
        pool.close()
        pool.join()  # reaped: their rusage is in RUSAGE_CHILDREN now
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return {
        "wall": wall,
        "cpu": (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime),
        "files": sum(t[0] for t in totals),
        "bytes": sum(t[1] for t in totals),
        "errors": sum(t[2] for t in totals),
        "rss_worker": after.ru_maxrss * 1024,  # no other child has run yet: the largest worker
    }


# --- timed subprocesses -------------------------------------------------------

@dataclass
class Timed:
    wall: float
    cpu: float
    code: int
    stdout: str
    stderr: str
    rss_any: int  # bytes, the largest process of the run (wait4 covers reaped descendants)
    rss_main: int = 0
    rss_children: int = 0
    children: set = field(default_factory=set)


def _vm_hwm(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status", encoding="ascii", errors="replace") as handle:
            for line in handle:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError):
        pass
    return 0


def _children(pid: int) -> list[int]:
    try:
        with open(f"/proc/{pid}/task/{pid}/children", encoding="ascii") as handle:
            return [int(p) for p in handle.read().split()]
    except (OSError, ValueError):
        return []


def timed(command: list[str], cwd: str, timeout: float | None = None, env: dict | None = None) -> Timed:
    """Run `command`, sampling the peak RSS of it and of its children (the workers) on the way."""
    out = tempfile.TemporaryFile()
    err = tempfile.TemporaryFile()
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=out, stderr=err, env=env)
    peaks: dict[int, int] = {}
    done = threading.Event()

    def sample() -> None:
        while not done.wait(0.2):
            for pid in [process.pid, *_children(process.pid)]:
                peaks[pid] = max(peaks.get(pid, 0), _vm_hwm(pid))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    killer = threading.Timer(timeout, process.kill) if timeout else None
    if killer:
        killer.start()
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)  # reaped here, for wait4's rusage
    done.set()
    sampler.join()
    if killer:
        killer.cancel()
    out.seek(0)
    err.seek(0)
    children = {pid: peak for pid, peak in peaks.items() if pid != process.pid}
    return Timed(wall, usage.ru_utime + usage.ru_stime, process.returncode,
                 out.read().decode("utf-8", "replace"), err.read().decode("utf-8", "replace"),
                 usage.ru_maxrss * 1024, peaks.get(process.pid, 0), max(children.values(), default=0),
                 set(children))


def kmodlint(tree: str, subdir: str, jobs: int, *options: str, output: str) -> Timed:
    env = {**os.environ, "PYTHONPATH": PROJECT}
    run = timed([*KMODLINT, "check", subdir, "--jobs", str(jobs), "--format", "json", "-o", output,
                 "--statistics", "--exit-zero", *options], cwd=tree, env=env)
    if run.code != 0:
        sys.exit(f"kmodlint failed ({run.code}):\n{run.stderr[-2000:]}")
    return run


def statistic(run: Timed, name: str) -> int:
    match = re.search(rf"^kmodlint: statistics: +{name}: +(\d+)", run.stderr, re.M)
    return int(match[1]) if match else -1


# --- report -------------------------------------------------------------------

def seconds(run) -> str:
    wall, cpu = (run["wall"], run["cpu"]) if isinstance(run, dict) else (run.wall, run.cpu)
    return f"{wall:8.2f} s wall {cpu:8.2f} s CPU"


def megabytes(value: int) -> str:
    return f"{value / MB:.0f} MB"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("tree", help="a kernel source tree (or any folder of C files)")
    parser.add_argument("--subdir", default="drivers", help="the part of TREE to measure (default: drivers; "
                                                            "'.' for all of it)")
    parser.add_argument("--jobs", type=int, default=2, help="processes, for every contender (default: 2)")
    parser.add_argument("--file", help=f"the single file to time, relative to TREE (default: {DEFAULT_FILE}, "
                                       "else the median-sized .c file)")
    parser.add_argument("--skip-spatch", action="store_true", help="do not run Coccinelle even if installed")
    parser.add_argument("--spatch-timeout", type=float, default=3600,
                        help="seconds each semantic patch may run before it is stopped (default: 3600)")
    args = parser.parse_args(argv)

    # Time kmodlint as installed copies run: with bytecode, even where PYTHONDONTWRITEBYTECODE is set.
    for package in ("analyzer", "rules"):
        compileall.compile_dir(os.path.join(PROJECT, package), quiet=1)

    tree = os.path.abspath(args.tree)
    target = os.path.normpath(os.path.join(tree, args.subdir))
    if not os.path.isdir(target):
        sys.exit(f"{target}: not a folder")
    files = [absolute for absolute, _ in discover([target], Config()).files]
    total_bytes = sum(os.path.getsize(f) for f in files)
    print(f"tree:      {target}")
    print(f"files:     {len(files)} .c/.h, {total_bytes / MB:.0f} MB; jobs: {args.jobs}; "
          f"CPUs: {os.cpu_count()}; load average before: {os.getloadavg()[0]:.1f}")
    print()

    parse = parse_only(files, args.jobs)
    print(f"parse-only (mask + tree-sitter, every file)  {seconds(parse)}")

    scratch = tempfile.mkdtemp(prefix="kmodlint-bench-")
    try:
        output = os.path.join(scratch, "report.json")
        cache = os.path.join(scratch, "cache")
        cold = kmodlint(tree, args.subdir, args.jobs, "--no-cache", output=output)
        print(f"kmodlint cold (--no-cache, all rules)        {seconds(cold)}"
              f"   = {cold.wall / parse['wall']:.2f}x parse-only wall ({cold.cpu / parse['cpu']:.2f}x CPU)")
        fill = kmodlint(tree, args.subdir, args.jobs, "--cache-dir", cache, output=output)
        print(f"kmodlint cold, filling a fresh cache         {seconds(fill)}"
              f"   = {fill.wall / cold.wall:.2f}x cold")
        warm = kmodlint(tree, args.subdir, args.jobs, "--cache-dir", cache, output=output)
        print(f"kmodlint warm (cache full, nothing changed)  {seconds(warm)}"
              f"   = {100 * warm.wall / cold.wall:.1f}% of cold")
        print()

        scanned, parsed, skipped = (statistic(cold, n) for n in ("files scanned", "parsed", "skipped"))
        match = re.search(r"statistics: +parsed: +\d+ \((\d+) with parse errors\)", cold.stderr)
        parse_errors = int(match[1]) if match else -1
        print(f"files:     {scanned} scanned, {parsed} parsed ({100 * parsed / max(scanned, 1):.1f}%), "
              f"{skipped} skipped (no trigger word), {scanned - parsed - skipped} not analysed")
        print(f"ERROR nodes: {parse_errors} of {parsed} parsed files ({100 * parse_errors / max(parsed, 1):.1f}%); "
              f"{parse['errors']} of all {parse['files']} files in the parse-only pass "
              f"({100 * parse['errors'] / max(parse['files'], 1):.1f}%)")
        findings = re.findall(r"^kmodlint: statistics:   (\S+) +(\d+)$", cold.stderr, re.M)
        print("findings:  " + ", ".join(f"{rule} {n}" for rule, n in findings if n != "0")
              + f" (total {sum(int(n) for _, n in findings)})")
        print(f"peak RSS:  kmodlint main {megabytes(max(cold.rss_main, warm.rss_main))}, "
              f"worker {megabytes(cold.rss_children)}, any process {megabytes(max(cold.rss_any, fill.rss_any))}; "
              f"parse-only worker {megabytes(parse['rss_worker'])}")
        print()

        single = args.file or (DEFAULT_FILE if os.path.isfile(os.path.join(tree, DEFAULT_FILE)) else
                               os.path.relpath(_median_c_file(files), tree))
        env = {**os.environ, "PYTHONPATH": PROJECT}
        for label, options in (("--no-cache", ["--no-cache"]), ("cache", ["--cache-dir", cache])):
            runs = [timed([*KMODLINT, "check", "-q", "--exit-zero", *options, single], cwd=tree, env=env)
                    for _ in range(5)]
            wall = statistics.median(r.wall for r in runs)
            print(f"single file {single} ({label}), median of 5: {1000 * wall:.0f} ms wall "
                  f"(min {1000 * min(r.wall for r in runs):.0f} ms)")
        print()

        spatch = shutil.which("spatch")
        if args.skip_spatch or not spatch:
            print("spatch:    skipped (" + ("--skip-spatch" if args.skip_spatch else "not on PATH; "
                                            "Debian's coccinelle package provides it") + ")")
        else:
            five = kmodlint(tree, args.subdir, args.jobs, "--no-cache", "--select", FIVE_CHECKS, output=output)
            print(f"kmodlint cold, the five checks only          {seconds(five)}   "
                  f"{statistic(five, 'parsed')} files parsed")
            _run_spatch(spatch, target, args, five)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return 0


def _median_c_file(files: list[str]) -> str:
    c_files = sorted((os.path.getsize(f), f) for f in files if f.endswith(".c"))
    return c_files[len(c_files) // 2][1]


def _run_spatch(spatch: str, target: str, args, five: Timed) -> None:
    patches = sorted(glob.glob(os.path.join(PROJECT, "benchmarks", "cocci", "*.cocci")))
    version = subprocess.run([spatch, "--version"], capture_output=True, text=True).stdout.split("\n")[0]
    print(f"spatch:    {version}; {len(patches)} semantic patches, one run each, "
          f"--include-headers --no-includes -j {args.jobs}")
    total_wall = total_cpu = 0.0
    peak = 0
    for patch in patches:
        run = timed([spatch, "--sp-file", patch, "--dir", target, "--include-headers", "--no-includes",
                     "--very-quiet", "-j", str(args.jobs), "--timeout", "60"],
                    cwd=target, timeout=args.spatch_timeout)
        total_wall, total_cpu, peak = total_wall + run.wall, total_cpu + run.cpu, max(peak, run.rss_any)
        reports = sum(1 for line in run.stdout.splitlines() if line.strip())
        status = "" if run.code == 0 else f" (exit {run.code}{', stopped at the time limit' if run.code < 0 else ''})"
        print(f"  {os.path.basename(patch):<26} {seconds(run)}  {reports} reports{status}")
    print(f"spatch total                                 {total_wall:8.2f} s wall {total_cpu:8.2f} s CPU"
          f"   = {total_wall / five.wall:.2f}x kmodlint's five checks wall ({total_cpu / five.cpu:.2f}x CPU); "
          f"peak RSS {megabytes(peak)}")


if __name__ == "__main__":
    sys.exit(main())
