"""How often tree-sitter-c leaves ERROR nodes in driver code, raw and after kmodlint's masking.

    python benchmarks/parse_quality.py TREE [TREE...] [--sample N] [--seed S] [--top K] [--jobs J]
                                       [--kernel-version X.Y] [--dump FILE]

Parses every .c/.h under each TREE/drivers (or TREE itself when it has no drivers/)
twice: the raw bytes and `kmodlint.source.mask(bytes, env)`, where env is what a
run judges conditionals against (the target kernel: --kernel-version, else the
tree's Makefile, else the newest known; and the macros of the package's headers,
as kmodlint.engine.package_macros() finds them). Prints, per tree and for all
trees together, the file count,
the share of files whose tree has an ERROR or MISSING node for each, the
parse-only seconds for each, the seconds spent in mask() (and its ratio to the
masked parse time), and a ranking of what is left: for every file that still
has an error after masking, the first ERROR/MISSING node is keyed by the word it
starts with and the word right before it, so the next engineer sees what to
mask next. `--dump FILE` writes one JSON line per still-broken file (path,
line, column, key, source line) for closer study.

Files over kmodlint.engine.MAX_FILE_BYTES are skipped like the engine skips them.
"""
from __future__ import annotations

import argparse
import collections
import json
import multiprocessing
import os
import random
import re
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import tree_sitter  # noqa: E402
import tree_sitter_c  # noqa: E402

from kmodlint.config import Config  # noqa: E402
from kmodlint.engine import MAX_FILE_BYTES, Analyzer, MAX_VIEWS, find_kernel_root, package_macros  # noqa: E402
from kmodlint.preproc import Environment, PackageMacros  # noqa: E402
from kmodlint.source import mask_judged  # noqa: E402

_parser: tree_sitter.Parser | None = None
_WORD = re.compile(rb"[A-Za-z_]\w*|\S")


def _first_error(node):
    """The first ERROR or MISSING node in document order, descending only into broken
    subtrees. Some MISSING nodes are not listed among their parent's children (a
    zero-width token after a comment in a #define): then the deepest broken node."""
    while True:
        if node.is_missing or node.type == "ERROR":
            return node
        broken = next((c for c in node.children if c.has_error or c.is_missing), None)
        if broken is None:
            return node
        node = broken


def _key(data: bytes, node) -> tuple[str, int, int, str]:
    """(cause key, 1-based line, column, source line) for an error node."""
    start = node.start_byte
    line_start = data.rfind(b"\n", 0, start) + 1
    line_end = data.find(b"\n", start)
    if line_end == -1:
        line_end = len(data)
    before = _WORD.findall(data[max(0, start - 200):start])
    prev = before[-1].decode("latin-1") if before else "^"
    if not node.is_missing and node.type != "ERROR":
        return (f"MISSING inside {node.type} ending {data[node.end_byte - 20:node.end_byte].decode('latin-1')!r}",
                node.start_point[0] + 1, start - line_start + 1, data[line_start:line_end].decode("latin-1").strip())
    if node.is_missing:
        return (f"MISSING {node.type!r} after {prev}", node.start_point[0] + 1, start - line_start + 1,
                data[line_start:line_end].decode("latin-1").strip())
    inside = _WORD.findall(data[start:min(node.end_byte, start + 200)])
    first = inside[0].decode("latin-1") if inside else "<empty>"
    return (f"ERROR at {first} after {prev}", node.start_point[0] + 1, start - line_start + 1,
            data[line_start:line_end].decode("latin-1").strip())


def _measure(path: str):
    global _parser
    if _parser is None:
        _parser = tree_sitter.Parser(tree_sitter.Language(tree_sitter_c.language()))
    try:
        if os.path.getsize(path) > MAX_FILE_BYTES:
            return None
        with open(path, "rb") as handle:
            data = handle.read()
    except OSError:
        return None
    env = _environment(path)
    t0 = time.perf_counter()
    raw_tree = _parser.parse(data)
    t1 = time.perf_counter()
    masked, judged = mask_judged(data, env)
    t2 = time.perf_counter()
    masked_tree = _parser.parse(masked)
    t3 = time.perf_counter()
    # The other views of a file whose unknown conditionals split a construct (the engine parses
    # each once more): does one of them keep an ERROR node?
    views = min(judged.views, MAX_VIEWS)
    view_error = any(_parser.parse(mask_judged(data, env, view)[0]).root_node.has_error for view in range(1, views))
    if masked != data and len(masked) == len(data) + 1 and masked.endswith(b"\n") and not data.endswith(b"\n"):
        masked_lines = masked[:-1]  # a last-line directive got its newline
    else:
        masked_lines = masked
    if len(masked_lines) != len(data) or [len(x) for x in masked_lines.split(b"\n")] != [len(x) for x in data.split(b"\n")]:
        raise AssertionError(f"{path}: mask() moved a byte or a newline")
    raw_error = raw_tree.root_node.has_error
    masked_error = masked_tree.root_node.has_error
    cause = None
    if masked_error:
        cause = _key(masked, _first_error(masked_tree.root_node))
    return (path, raw_error, masked_error, t1 - t0, t2 - t1, t3 - t2, cause, views, view_error)


# Set before the worker processes fork: the target kernel given, and package root -> macros.
_TARGET: str = ""
_PACKAGES: dict[str, PackageMacros] = {}
_FOLDER_ENVS: dict[str, Environment] = {}


def _environment(path: str) -> Environment:
    """What kmodlint's engine judges this file's conditionals against (Analyzer._environment):
    the target, the package's macros, in a kernel tree what the tree can define at all."""
    directory = os.path.dirname(os.path.abspath(path))
    if directory not in _FOLDER_ENVS:
        files = [(os.path.join(directory, name), name) for name in sorted(os.listdir(directory))
                 if name.endswith((".c", ".h"))]
        contents = []
        for absolute, name in files:
            try:
                if os.path.getsize(absolute) <= MAX_FILE_BYTES:
                    with open(absolute, "rb") as handle:
                        contents.append((absolute, name, handle.read()))
            except OSError:
                pass
        analyzer = Analyzer([], Config(kernel_version=_TARGET), set(), keep_sources=False, packages=_PACKAGES)
        _FOLDER_ENVS.clear()  # one folder at a time: a worker's files come folder by folder
        _FOLDER_ENVS[directory] = analyzer._environment(files, find_kernel_root(directory), contents)
    return _FOLDER_ENVS[directory]


def _cause(key: str) -> str:
    """A broad cause for a ranking key (the first error node's shape)."""
    if "'#endif'" in key or key.startswith("ERROR at # "):
        return "a conditional group whose branches still split a construct"
    word = key.split()[2] if key.startswith("ERROR at ") and len(key.split()) > 2 else ""
    prev = key.rsplit(" after ", 1)[-1]
    if word.isidentifier() and prev.isidentifier() and prev not in ("struct", "return", "static", "const"):
        return "two names in a row: a project macro or typedef the parser cannot know (a declarator macro, an annotation)"
    if key.startswith("MISSING"):
        return "a token missing: a macro used as a statement or declaration"
    return "other syntax the grammar lacks (macro arguments, attributes, GNU extensions)"


def _files(tree: str) -> list[str]:
    root = os.path.join(tree, "drivers")
    if not os.path.isdir(root):
        root = tree
    found = []
    for folder, dirs, names in os.walk(root):
        dirs.sort()
        for name in sorted(names):
            if name.endswith((".c", ".h")):
                found.append(os.path.join(folder, name))
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("trees", nargs="+", metavar="TREE",
                        help="a kernel tree (its drivers/ is measured) or any folder of C files")
    parser.add_argument("--sample", type=int, default=0, help="measure only N files of each tree, drawn at random")
    parser.add_argument("--seed", type=int, default=0, help="seed for --sample")
    parser.add_argument("--top", type=int, default=30, help="how many causes to rank")
    parser.add_argument("--jobs", type=int, default=2, help="worker processes (default 2)")
    parser.add_argument("--kernel-version", help="the target kernel (default: as kmodlint chooses it)")
    parser.add_argument("--dump", help="write one JSON line per file still broken after masking")
    args = parser.parse_args(argv)

    global _TARGET, _PACKAGES
    _TARGET = args.kernel_version or ""
    per_tree: list[tuple[str, list[str]]] = []
    for tree in args.trees:
        files = _files(tree)
        if args.sample and args.sample < len(files):
            files = sorted(random.Random(args.seed).sample(files, args.sample))
        per_tree.append((tree, files))
    _PACKAGES = package_macros([(f, f) for _, files in per_tree for f in files])

    all_results = []
    dump = open(args.dump, "w", encoding="utf-8") if args.dump else None
    for tree, files in per_tree:
        wall = time.perf_counter()
        with multiprocessing.Pool(args.jobs) as pool:
            results = [r for r in pool.imap_unordered(_measure, files, chunksize=32) if r is not None]
        wall = time.perf_counter() - wall
        results.sort(key=lambda r: r[0])
        all_results += results
        print(f"== {tree}")
        _report(results, len(files), wall, args, tree)
        if dump:
            for path, _, _, _, _, _, cause, _, _ in results:
                if cause is not None:
                    key, line, column, text = cause
                    dump.write(json.dumps({"tree": tree, "path": os.path.relpath(path, tree), "line": line,
                                           "column": column, "key": key, "cause": _cause(key), "text": text}) + "\n")
        print()
    if dump:
        dump.close()
    if len(per_tree) > 1:
        print("== all trees together")
        _report(all_results, sum(len(files) for _, files in per_tree), 0.0, args, None)
    return 0


def _report(results, found: int, wall: float, args, tree: str | None) -> None:
    count = len(results)
    raw_errors = sum(r[1] for r in results)
    masked_errors = sum(r[2] for r in results)
    raw_seconds = sum(r[3] for r in results)
    mask_seconds = sum(r[4] for r in results)
    masked_seconds = sum(r[5] for r in results)
    share = (lambda n: 100.0 * n / count) if count else (lambda n: 0.0)

    print(f"files measured:            {count} (of {found} found; bigger than "
          f"{MAX_FILE_BYTES // (1024 * 1024)} MB skipped)")
    print(f"files with ERROR, raw:     {raw_errors} ({share(raw_errors):.1f}%)")
    print(f"files with ERROR, masked:  {masked_errors} ({share(masked_errors):.1f}%)")
    split = [r for r in results if r[7] > 1]
    print(f"files with a split (views): {len(split)} ({share(len(split)):.1f}%), "
          f"{sum(r[7] - 1 for r in split)} more parses; another view with ERROR: {sum(r[8] for r in split)}, "
          f"of which the first view clean: {sum(r[8] and not r[2] for r in split)}")
    print(f"parse seconds, raw:        {raw_seconds:.2f}")
    print(f"parse seconds, masked:     {masked_seconds:.2f}")
    ratio = mask_seconds / masked_seconds if masked_seconds else 0.0
    print(f"mask() seconds:            {mask_seconds:.2f} ({100 * ratio:.1f}% of the masked parse)")
    if wall:
        print(f"wall seconds ({args.jobs} processes): {wall:.1f}")

    causes = collections.Counter()
    broad = collections.Counter()
    examples: dict[str, str] = {}
    for path, _, _, _, _, _, cause, _, _ in results:
        if cause is None:
            continue
        key, line, column, text = cause
        causes[key] += 1
        broad[_cause(key)] += 1
        where = os.path.relpath(path, tree) if tree else path
        examples.setdefault(key, f"{where}:{line}:{column}: {text[:90]}")
    if broad:
        print("files still with an ERROR, by cause:")
        for cause, n in broad.most_common():
            print(f"{n:6d}  {cause}")
    if causes and args.top:
        print(f"top keys left (first error node per file, {len(causes)} distinct keys):")
        for key, n in causes.most_common(args.top):
            print(f"{n:6d}  {key}")
            print(f"        e.g. {examples[key]}")


if __name__ == "__main__":
    sys.exit(main())
