"""Robustness: no input makes kmodlint crash, hang, or write an invalid report.

Whatever bytes a `.c` or `.h` holds (a fixture with bytes flipped, cut short,
NUL-filled, one 200 KB line, thousands of nested parentheses, braces or `#if`,
CRLF or CR line ends, Latin-1, random bytes, unbalanced comments and strings),
the pipeline must end cleanly: exit 0 or 1 (never 2), no exception, no
traceback, no error-level tool notification ("rule X failed", "internal
error"), and SARIF that validates against the official 2.1.0 schema.

Most examples run the engine directly (Analyzer.analyze_folder and every
reporter), which is fast; a subset runs the whole CLI in-process with
CliRunner. The plain tests at the end pin the shapes that once mattered.
"""
from __future__ import annotations

import json
import random
import subprocess
import sys
import tempfile
import traceback
from pathlib import Path

import pytest
from click.testing import CliRunner
from clirun import RUNNER_ARGS
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kmodlint.cli import check as check_command
from kmodlint.cli import main
from kmodlint.config import Config
from kmodlint.engine import Analyzer
from kmodlint.findings import assign_fingerprints
from kmodlint.model import RunResult
from kmodlint.report import FORMATS, render
from kmodlint.rules import all_rules

REPO = Path(__file__).resolve().parents[1]
FIXTURES = REPO / "fixtures-kmod"
FIXTURE_PATHS = sorted(p for p in FIXTURES.rglob("*") if p.suffix in (".c", ".h") and p.is_file())
FIXTURE_BYTES = {str(p.relative_to(FIXTURES)): p.read_bytes() for p in FIXTURE_PATHS}
FIXTURE_NAMES = sorted(FIXTURE_BYTES)

RULES = list(all_rules())
ALL_IDS = {rule.id for rule in RULES}

# A file is parsed only when it holds one of a rule's trigger words; these lines
# put every rule's words (and a suppression comment) into random bytes, so the
# parser, the fact extraction and the rules all see the garbage.
TRIGGER_SNIPPETS = (
    b"if (copy_from_user(&cfg, argp, sizeof(cfg)) < 0)\n\t\treturn -EINVAL;\n",
    b"\tcopy_to_user(argp, &cfg, sizeof(cfg));\n",
    b"\tret = get_user(v, (int __user *)arg);\n\treturn ret;\n",
    b"\t(void)put_user(0, p);\n",
    b"\tn = strncpy_from_user(buf, ubuf, sizeof(buf));\n",
    b"static irqreturn_t foo_isr(int irq, void *d) { foo_done = 1; return IRQ_HANDLED; }\n",
    b"\terr = request_irq(irq, foo_isr, 0, \"foo\", dev);\n",
    b"\tdebugfs_create_file(\"regs\", 0400, dir, dev, &foo_fops);\n",
    b"static const struct file_operations foo_fops = { .mmap = foo_mmap, .owner = THIS_MODULE };\n",
    b"\tnl = netlink_kernel_create(&init_net, NETLINK_FOO, &cfg);\n",
    b"\tsend_sig(SIGKILL, current, 0);\n",
    b"\tcopy_from_user(&cfg, argp, sizeof(cfg)); /* kmodlint: ignore[no-such-rule] */\n",
    b"/* kmodlint: ignore-file[unchecked-copy-user] */\n",
    b"// kmodlint: ignore[copy-user-wrong-errno\n",
)
ALL_TRIGGERS = b"".join(TRIGGER_SNIPPETS)
DRIVER = (
    b"#include <linux/uaccess.h>\n\n"
    b"static long foo_ioctl(struct file *file, unsigned int cmd, unsigned long arg)\n{\n"
    b"\tstruct foo_cfg cfg;\n\tvoid __user *argp = (void __user *)arg;\n\n"
    b"\tcopy_from_user(&cfg, argp, sizeof(cfg));\n"
    b"\tif (copy_to_user(argp, &cfg, sizeof(cfg)))\n\t\treturn -EINVAL;\n"
    b"\treturn 0;\n}\n"
)


# --- checking one run -------------------------------------------------------------

def _line_count(data: bytes) -> int:
    return data.count(b"\n") + 1


def check_engine(folder: Path, names: list[str], sarif_validator) -> None:
    """Analyse `folder` (the files `names`) with every rule, render every format, and
    check that nothing failed, every span lies in its file, and the SARIF validates."""
    files = [(str(folder / name), name) for name in names]
    analyzer = Analyzer(RULES, Config(), ALL_IDS)
    folder_result = analyzer.analyze_folder(files)
    # A file tree-sitter cannot parse within its CPU budget is reported as not analysed: that is
    # the designed outcome for a pathological input (hypothesis found one: a struct opened and
    # never closed around some 29,000 statements), not a failure. Anything else is.
    errors = [n for n in folder_result.notifications if n.level == "error"
              and not n.message.startswith("parsing took longer than the")]
    assert not errors, errors
    assert folder_result.files_scanned == len(names)

    sizes = {name: _line_count((folder / name).read_bytes()) for name in names}
    for finding in folder_result.findings:
        span = finding.span
        assert finding.path in sizes, finding
        assert 1 <= span.line <= span.end_line <= sizes[finding.path], finding
        assert span.column >= 1 and span.end_column >= 1, finding
        assert span.end_line > span.line or span.end_column >= span.column, finding
        for related in finding.related:
            assert related.span.line >= 1 and related.span.column >= 1, finding

    result = RunResult(root=str(folder), findings=folder_result.findings, rules=[r.info for r in RULES],
                       notifications=folder_result.notifications, files_scanned=folder_result.files_scanned,
                       files_with_parse_errors=folder_result.files_with_parse_errors,
                       sources=folder_result.sources)
    result.findings = assign_fingerprints(sorted(set(result.findings), key=lambda f: f.sort_key()))
    outputs = {fmt: render(fmt, result) for fmt in FORMATS}
    for fmt in ("text", "github"):
        outputs[fmt].encode("utf-8")  # printable: no lone surrogate leaks into the report
    json.loads(outputs["json"])
    doc = json.loads(outputs["sarif"])
    _assert_valid_sarif(doc, sarif_validator)
    assert len(doc["runs"][0]["results"]) == len(result.findings)


def _assert_valid_sarif(doc: dict, sarif_validator) -> None:
    errors = sorted(sarif_validator.iter_errors(doc), key=str)
    assert not errors, errors[0]
    notifications = doc["runs"][0]["invocations"][0].get("toolExecutionNotifications", [])
    bad = [n["message"]["text"] for n in notifications if n.get("level") == "error"]
    assert not bad, bad


_CHECK_OPTIONS = {opt for param in check_command.params for opt in param.opts}


def check_cli(folder: Path, fmt: str, sarif_validator, extra: tuple[str, ...] = ()) -> str:
    """Run `kmodlint check` in-process on `folder`, require a clean end; returns the report."""
    runner = CliRunner(**RUNNER_ARGS)
    out = folder / "out.report"
    args = ["check", str(folder), "--format", fmt, "-o", str(out), *extra]
    result = runner.invoke(main, args)
    stdout, stderr = result.stdout, result.stderr
    # The CLI ends with sys.exit; anything else escaping main() is a crash.
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        result.exc_info and "".join(traceback.format_exception(*result.exc_info)))
    assert result.exit_code in (0, 1), (result.exit_code, stderr)
    for stream in (stdout, stderr):
        assert "Traceback" not in stream, stream
        assert "internal error" not in stream, stream
    assert "kmodlint: error:" not in stderr, stderr
    assert not [line for line in stderr.splitlines() if " failed: " in line], stderr
    report = out.read_text(encoding="utf-8")
    if fmt == "sarif":
        _assert_valid_sarif(json.loads(report), sarif_validator)
    elif fmt == "text":
        assert report.splitlines()[-1].startswith("Checked "), report[-500:]
        assert "Traceback" not in report and "internal error" not in report
    return report


# --- mutations --------------------------------------------------------------------

def _flip(data: bytes, rnd: random.Random) -> bytes:
    if not data:
        return data
    buf = bytearray(data)
    for _ in range(rnd.randint(1, 16)):
        i = rnd.randrange(len(buf))
        buf[i] ^= 1 << rnd.randrange(8)
    return bytes(buf)


def _random_bytes(data: bytes, rnd: random.Random) -> bytes:
    if not data:
        return data
    buf = bytearray(data)
    for _ in range(rnd.randint(1, 16)):
        buf[rnd.randrange(len(buf))] = rnd.randrange(256)
    return bytes(buf)


def _truncate(data: bytes, rnd: random.Random) -> bytes:
    return data[: rnd.randint(0, len(data))]


def _nul_fill(data: bytes, rnd: random.Random) -> bytes:
    if not data:
        return b"\x00" * rnd.randint(1, 4096)
    start = rnd.randrange(len(data))
    end = min(len(data), start + rnd.randint(1, 4096))
    return data[:start] + b"\x00" * (end - start) + data[end:]


def _insert(data: bytes, piece: bytes, rnd: random.Random) -> bytes:
    at = rnd.randint(0, len(data))
    return data[:at] + piece + data[at:]


def _huge_line(data: bytes, rnd: random.Random) -> bytes:
    size = rnd.choice((10_000, 65_537, 200_000))
    filler = rnd.choice((b"a", b"x = 1; ", b"/* c */ ", b"0x1, ", b" ", b"\t", b"\xe9"))
    line = (filler * (size // len(filler) + 1))[:size]
    if rnd.random() < 0.5:
        # A few calls on the long line: they are reported, and the text report quotes the line.
        # (Many findings on one long line are test_many_findings_on_one_long_line.)
        for _ in range(rnd.randint(1, 4)):
            line = _insert(line, rnd.choice(TRIGGER_SNIPPETS).replace(b"\n", b" "), rnd)
    return _insert(data, line, rnd)


def _deep_nesting(data: bytes, rnd: random.Random) -> bytes:
    depth = rnd.choice((100, 1000, 3000))
    opener, closer = rnd.choice(((b"(", b")"), (b"{", b"}"), (b"[", b"]"), (b"({", b"})"),
                                 (b"#if X\n", b"#endif\n"), (b"#ifdef X\n", b"#else\n"),
                                 (b"if (x) {\n", b"}\n")))
    inner = rnd.choice((b"copy_from_user(a, p, 4)", b"x", b"", ALL_TRIGGERS))
    balanced = rnd.random() < 0.6
    piece = opener * depth + inner + (closer * depth if balanced else b"")
    return _insert(data, piece, rnd)


def _crlf(data: bytes, rnd: random.Random) -> bytes:
    return data.replace(b"\n", rnd.choice((b"\r\n", b"\r", b"\n\r", b"\r\r\n")))


def _latin1(data: bytes, rnd: random.Random) -> bytes:
    """Re-encode as Latin-1 (what an old editor writes), or sprinkle high bytes."""
    if rnd.random() < 0.5:
        text = data.decode("utf-8", "replace").replace("\ufffd", "\xe9")
        return text.encode("latin-1", "replace")
    buf = bytearray(data)
    for _ in range(rnd.randint(1, 20)):
        buf.insert(rnd.randint(0, len(buf)), rnd.randrange(0x80, 0x100))
    return bytes(buf)


def _unbalanced(data: bytes, rnd: random.Random) -> bytes:
    piece = rnd.choice((b"/*", b"*/", b"\"", b"'", b"//", b"\\", b"\\\n", b"R\"(", b"#if 0\n", b"#endif\n",
                        b"#define ", b"(", b")", b"{", b"}", b"L'", b"u8\""))
    return _insert(data, piece, rnd)


def _snippet(data: bytes, rnd: random.Random) -> bytes:
    return _insert(data, rnd.choice(TRIGGER_SNIPPETS), rnd)


def _splice(data: bytes, rnd: random.Random) -> bytes:
    other = FIXTURE_BYTES[rnd.choice(FIXTURE_NAMES)]
    if not other:
        return data
    start = rnd.randrange(len(other))
    return _insert(data, other[start: start + rnd.randint(1, 2000)], rnd)


def _duplicate(data: bytes, rnd: random.Random) -> bytes:
    if not data:
        return data
    start = rnd.randrange(len(data))
    piece = data[start: start + rnd.randint(1, 500)]
    return _insert(data, piece * rnd.randint(2, 20), rnd)


def _defines_only(data: bytes, rnd: random.Random) -> bytes:
    return b"".join(b"#define FOO_%d(x) copy_from_user(x, p, %d) \\\n\t+ %d\n" % (i, i, i)
                    for i in range(rnd.randint(1, 2000)))


HEAVY = frozenset({"huge_line", "deep_nesting", "defines_only"})
MUTATIONS = {
    "flip": _flip, "random_bytes": _random_bytes, "truncate": _truncate, "nul_fill": _nul_fill,
    "huge_line": _huge_line, "deep_nesting": _deep_nesting, "crlf": _crlf, "latin1": _latin1,
    "unbalanced": _unbalanced, "snippet": _snippet, "splice": _splice, "duplicate": _duplicate,
    "defines_only": _defines_only,
}


@st.composite
def source_files(draw) -> bytes:
    """A fixture (or random bytes, or nothing), then a few mutations. The mutations take
    a seeded random.Random so hypothesis's choice sequence stays small (200 KB lines
    would otherwise exceed its buffer) while the run stays reproducible."""
    base = draw(st.one_of(
        st.sampled_from(FIXTURE_NAMES).map(FIXTURE_BYTES.__getitem__),
        st.sampled_from(FIXTURE_NAMES).map(FIXTURE_BYTES.__getitem__),
        st.binary(max_size=2048),
        st.binary(max_size=512).map(lambda b: ALL_TRIGGERS + b),
        st.just(b""),
    ))
    names = draw(st.lists(st.sampled_from(sorted(MUTATIONS)), max_size=4))
    # The heavy ones at most once each: four nested 3000-deep nests around a dozen calls
    # would spend the whole time budget on one example (see the regression tests at the end).
    names = [n for i, n in enumerate(names) if n not in HEAVY or n not in names[:i]]
    seed = draw(st.integers(0, 2**32 - 1))
    rnd = random.Random(seed)
    data = base
    for name in names:
        data = MUTATIONS[name](data, rnd)
    return data


FILE_NAMES = ("a.c", "b.h", "c.c")

# Each example writes its files to a fresh folder of its own: hypothesis re-runs the
# body many times per test, which a function-scoped tmp_path cannot follow.
_SETTINGS = dict(deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def _write_folder(parent: str, contents: list[bytes]) -> tuple[Path, list[str]]:
    folder = Path(tempfile.mkdtemp(dir=parent))
    names = list(FILE_NAMES[: len(contents)])
    for name, data in zip(names, contents):
        (folder / name).write_bytes(data)
    return folder, names


@pytest.fixture(scope="module")
def scratch():
    with tempfile.TemporaryDirectory(prefix="kmodlint-robust-") as directory:
        yield directory


@settings(max_examples=250, **_SETTINGS)
@given(contents=st.lists(source_files(), min_size=1, max_size=3))
def test_engine_survives_mutated_sources(contents, scratch, sarif_validator):
    folder, names = _write_folder(scratch, contents)
    check_engine(folder, names, sarif_validator)


@settings(max_examples=30, **_SETTINGS)
@given(contents=st.lists(source_files(), min_size=1, max_size=2), fmt=st.sampled_from(["sarif", "text"]),
       jobs=st.sampled_from(["1", "2"]))
def test_cli_survives_mutated_sources(contents, fmt, jobs, scratch, sarif_validator):
    folder, _ = _write_folder(scratch, contents)
    extra = ("--jobs", jobs) if "--jobs" in _CHECK_OPTIONS else ()
    report = check_cli(folder, fmt, sarif_validator, extra)
    if fmt == "sarif" and "--cache-dir" in _CHECK_OPTIONS:
        # A second run reads what the first one cached: the same report, garbage and all.
        cache = ("--cache-dir", str(folder / ".kmodlint_cache"))
        first = check_cli(folder, fmt, sarif_validator, extra + cache)
        assert check_cli(folder, fmt, sarif_validator, extra + cache) == first
        assert json.loads(first)["runs"][0]["results"] == json.loads(report)["runs"][0]["results"]


@settings(max_examples=60, **_SETTINGS)
@given(name=st.sampled_from(FIXTURE_NAMES), data=st.data())
def test_every_truncation_point_of_a_fixture(name, data, scratch, sarif_validator):
    """A fixture cut anywhere (mid-token, mid-comment, mid-string, mid-directive)."""
    original = FIXTURE_BYTES[name]
    cut = data.draw(st.integers(0, len(original)), label="cut")
    folder, names = _write_folder(scratch, [original[:cut]])
    check_engine(folder, names, sarif_validator)


@settings(max_examples=60, **_SETTINGS)
@given(name=st.sampled_from(FIXTURE_NAMES), data=st.data())
def test_fixture_with_a_range_replaced(name, data, scratch, sarif_validator):
    """A byte range of a fixture replaced by NULs, random bytes or a trigger line."""
    original = FIXTURE_BYTES[name]
    start = data.draw(st.integers(0, len(original)), label="start")
    end = data.draw(st.integers(start, len(original)), label="end")
    filler = data.draw(st.one_of(st.binary(max_size=64),
                                 st.sampled_from([b"\x00" * (end - start), b"\xff" * (end - start)]),
                                 st.sampled_from(TRIGGER_SNIPPETS)), label="filler")
    folder, names = _write_folder(scratch, [original[:start] + filler + original[end:]])
    check_engine(folder, names, sarif_validator)


# --- explicit regression cases ---------------------------------------------------

def _body(statements: bytes) -> bytes:
    return (b"static long foo_ioctl(struct file *f, unsigned int cmd, unsigned long arg)\n{\n"
            + statements + b"\n\treturn 0;\n}\n")


def _random(seed: int, size: int) -> bytes:
    return random.Random(seed).randbytes(size)


REGRESSION_CASES = {
    "empty": b"",
    "only_newlines": b"\n" * 1000,
    "only_defines": b"".join(b"#define COPY_%d copy_from_user(a, b, %d)\n" % (i, i) for i in range(3000)),
    "only_define_without_newline": b"#define X copy_from_user(a, b, c)",
    "huge_line_200k_outside_calls": ALL_TRIGGERS + b"static int table[] = {" + b"0x1, " * 40_000 + b"};\n" + DRIVER,
    "huge_line_200k_one_token": b"x" * 200_000 + b"\n" + ALL_TRIGGERS,
    "huge_line_200k_comment": ALL_TRIGGERS + b"/*" + b"c" * 200_000 + b"*/\n" + DRIVER,
    "huge_line_200k_with_calls": _body(b"\tcopy_from_user(a, p, 1); " * 4 + b"x" * 200_000),
    "deep_parens_around_argument": _body(b"\tcopy_from_user(" + b"(" * 3000 + b"p" + b")" * 3000 + b", q, 4);"),
    "deep_parens_around_call": _body(b"\tif (" + b"(" * 3000 + b"copy_from_user(a, p, 4)" + b")" * 3000
                                     + b")\n\t\treturn -EINVAL;"),
    "deep_parens_unbalanced": _body(b"\tcopy_from_user(" + b"(" * 5000 + b"p, 4);"),
    "deep_closers_unbalanced": ALL_TRIGGERS + b")" * 5000 + b"}" * 5000 + DRIVER,
    "deep_braces": _body(b"{" * 3000 + b"copy_from_user(a, p, 4);" + b"}" * 3000),
    "deep_braces_unbalanced": _body(b"{" * 5000 + b"copy_from_user(a, p, 4);"),
    "deep_if_statements": _body(b"if (x) {\n" * 2000 + b"copy_from_user(a, p, 4);\n" + b"}\n" * 2000),
    "deep_statement_expressions": _body(b"({" * 2000 + b"copy_from_user(a, p, 4);" + b"})" * 2000 + b";"),
    "deep_preprocessor_if": b"#if A\n" * 3000 + ALL_TRIGGERS + DRIVER + b"#endif\n" * 3000,
    # The resource and RCU rules follow every path from a registration, a mapping or an unlock.
    "deep_if_statements_after_registration": _body(
        b"\tret = cdev_add(&c, devt, 1);\n\tif (ret)\n\t\treturn ret;\n" + b"if (x) {\n" * 2000 + b"goto out;\n"
        + b"}\n" * 2000 + b"\treturn 0;\nout:\n\tunregister_chrdev_region(devt, 1);\n\treturn -EIO;") + b"module_init(foo_ioctl);\n",
    "many_undecided_ifs_after_map": _body(
        b"\tret = blk_rq_map_user(q, rq, NULL, ubuf, len, GFP_KERNEL);\n\tif (ret)\n\t\treturn ret;\n"
        + b"".join(b"\tif (a%d)\n\t\tret = -EIO;\n" % i for i in range(600)) + b"\tblk_rq_unmap_user(bio);"),
    "deep_parens_around_task_use": _body(
        b"\trcu_read_lock();\n\tt = pid_task(pid, PIDTYPE_PID);\n\trcu_read_unlock();\n\tsend_sig(SIGKILL, "
        + b"(" * 3000 + b"t" + b")" * 3000 + b", 0);"),
    "deep_preprocessor_if_unbalanced": b"#ifdef A\n" * 5000 + ALL_TRIGGERS + DRIVER,
    "stray_endif_else": b"#endif\n#else\n#elif 1\n" * 1000 + ALL_TRIGGERS + DRIVER,
    "macro_continuation_5000_lines": b"#define M \\\n" + b"\tcopy_from_user(a, p, 4); \\\n" * 5000 + b"\n" + DRIVER,
    "backslash_at_eof": ALL_TRIGGERS + DRIVER + b"#define X \\",
    "unbalanced_comment_at_start": b"/*" + ALL_TRIGGERS + DRIVER,
    "unbalanced_comment_at_end": ALL_TRIGGERS + DRIVER + b"/* copy_from_user(a, p, 4);",
    "stray_comment_close": b"*/" * 100 + ALL_TRIGGERS + DRIVER,
    "unbalanced_string": ALL_TRIGGERS + b"char *s = \"copy_from_user(a, p, 4);\n" + DRIVER,
    "unbalanced_char": ALL_TRIGGERS + b"char c = '\n" + DRIVER,
    "unbalanced_quotes_everywhere": (ALL_TRIGGERS + DRIVER).replace(b";", b";\"'"),
    "nul_filled_middle": ALL_TRIGGERS + b"\x00" * 10_000 + DRIVER,
    "nul_in_call": _body(b"\tcopy_from_user(a,\x00 p, 4);\x00"),
    "all_nul_with_trigger": b"copy_from_user" + b"\x00" * 4096,
    "crlf": (ALL_TRIGGERS + DRIVER).replace(b"\n", b"\r\n"),
    "cr_only": (ALL_TRIGGERS + DRIVER).replace(b"\n", b"\r"),
    "lf_cr": (ALL_TRIGGERS + DRIVER).replace(b"\n", b"\n\r"),
    "latin1_comments_and_strings": ALL_TRIGGERS + b"/* \xe9t\xe9 \xa9 */ char *s = \"\xff\xfe\";\n"
                                   + _body(b"\tcopy_from_user(a, p, 4); /* \xe0 */ \xe9;"),
    "latin1_identifiers": _body(b"\tcopy_from_user(\xe9, p, 4);\n\tint \xff\xfe = get_user(\xe9, p);"),
    "utf8_bom_and_bidi": b"\xef\xbb\xbf" + ALL_TRIGGERS + "/* \u202e \u2066 */\n".encode() + DRIVER,
    "invalid_utf8_sequences": ALL_TRIGGERS + b"\xc3\x28 \xa0\xa1 \xe2\x28\xa1 \xf0\x28\x8c\xbc\n" + DRIVER,
    "control_characters": ALL_TRIGGERS + bytes(range(1, 32)) + b"\x7f\n" + DRIVER,
    "random_bytes_small": _random(1, 512),
    "random_bytes_with_triggers": ALL_TRIGGERS + _random(2, 64 * 1024),
    "random_bytes_inside_function": _body(b"\tcopy_from_user(a, p, 4);\n" + _random(3, 4096)),
    "trigger_words_only": b" ".join([b"copy_from_user", b"request_irq", b"irqreturn_t", b"debugfs_create_file",
                                     b"netlink_kernel_create", b"send_sig", b"kmodlint:", b"_user"]),
    "suppression_garbage": b"/* kmodlint: ignore[] ignore[,,] ignore-file[\xff] ignore[" + b"x" * 10_000 + b"] */\n"
                           + DRIVER,
    "call_without_arguments": _body(b"\tcopy_from_user;\n\tcopy_from_user();\n\t(void)copy_to_user;\n"
                                    b"\tget_user(;\n\tput_user(,,,);"),
    "calls_at_top_level": ALL_TRIGGERS.replace(b"\t", b"") + b"copy_from_user(a, p, 4);\n",
    "truncated_mid_call": (ALL_TRIGGERS + DRIVER)[: (ALL_TRIGGERS + DRIVER).index(b"copy_from_user(&cfg") + 20],
    "every_fixture_concatenated": b"\n".join(FIXTURE_BYTES[n] for n in FIXTURE_NAMES),
}


@pytest.mark.parametrize("name", sorted(REGRESSION_CASES))
def test_regression_case_engine(name, tmp_path, sarif_validator):
    (tmp_path / "case.c").write_bytes(REGRESSION_CASES[name])
    check_engine(tmp_path, ["case.c"], sarif_validator)


@pytest.mark.parametrize("name", ["empty", "only_defines", "huge_line_200k_outside_calls", "deep_parens_around_call",
                                  "deep_preprocessor_if_unbalanced", "unbalanced_comment_at_end", "nul_filled_middle",
                                  "crlf", "cr_only", "latin1_identifiers", "random_bytes_with_triggers",
                                  "every_fixture_concatenated"])
@pytest.mark.parametrize("fmt", ["sarif", "text"])
def test_regression_case_cli(name, fmt, tmp_path, sarif_validator):
    (tmp_path / "case.c").write_bytes(REGRESSION_CASES[name])
    if len(REGRESSION_CASES[name]) < 64 * 1024:  # a reversed copy beside it: a sibling full of odd tokens
        (tmp_path / "case.h").write_bytes(REGRESSION_CASES[name][::-1])
    check_cli(tmp_path, fmt, sarif_validator)


def test_every_fixture_folder_through_the_cli(tmp_path, sarif_validator):
    """The unmodified fixtures, all at once, with CRLF and Latin-1 copies beside them."""
    for name, data in FIXTURE_BYTES.items():
        for variant, content in (("plain", data), ("crlf", data.replace(b"\n", b"\r\n")),
                                 ("latin1", data.decode("utf-8", "replace").encode("latin-1", "replace"))):
            path = tmp_path / variant / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content)
    check_cli(tmp_path, "sarif", sarif_validator)


# Pathological shapes that take minutes today (not crashes: the run ends, correctly, but
# far too late for CI). Each runs in a subprocess with a timeout; the work is well under
# a second once linear, so only the timeout is the expected failure (raises=...).
_ANALYZE_SCRIPT = (
    "import sys\n"
    "from kmodlint.config import Config\n"
    "from kmodlint.engine import Analyzer\n"
    "from kmodlint.rules import all_rules\n"
    "rules = list(all_rules())\n"
    "result = Analyzer(rules, Config(), {r.id for r in rules}).analyze_folder([(sys.argv[1], 'case.c')])\n"
    "assert not [n for n in result.notifications if n.level == 'error'], result.notifications\n"
)
_TEXT_REPORT_SCRIPT = (
    "import sys\n"
    "from kmodlint.cli import main\n"
    "main(['check', sys.argv[1], '--format', 'text', '-o', sys.argv[2]])\n"
)
# Generous for a loaded CI machine: the quadratic versions took minutes.
_TIMEOUT = 30


def _run_script(script: str, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", script, *args], cwd=REPO, timeout=_TIMEOUT,
                          capture_output=True, text=True)


@pytest.mark.parametrize("shape", ["binary_chain", "unary_chain"])
def test_call_under_a_very_deep_expression_finishes_quickly(shape, tmp_path):
    statement = {
        "binary_chain": b"\tif (copy_from_user(a, p, 4) " + b"+ 1 " * 30_000 + b"< 0)\n\t\treturn -EINVAL;",
        "unary_chain": b"\tif (" + b"!" * 40_000 + b"copy_from_user(a, p, 4))\n\t\treturn -EFAULT;",
    }[shape]
    (tmp_path / "case.c").write_bytes(_body(statement))
    run = _run_script(_ANALYZE_SCRIPT, str(tmp_path / "case.c"))
    assert run.returncode == 0, run.stderr


def test_many_calls_in_one_huge_statement_finish_quickly(tmp_path):
    (tmp_path / "case.c").write_bytes(b"static int table[] = {\n" + b"\tcopy_from_user(a, p, 4),\n" * 8000 + b"};\n")
    run = _run_script(_ANALYZE_SCRIPT, str(tmp_path / "case.c"))
    assert run.returncode == 0, run.stderr


def test_many_findings_on_one_long_line(tmp_path):
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "long.c").write_bytes(_body(b"\tcopy_from_user(a, p, 1); " * 2000 + b"/*" + b"x" * 100_000 + b"*/"))
    run = _run_script(_TEXT_REPORT_SCRIPT, str(tmp_path / "src"), str(tmp_path / "out.txt"))
    assert run.returncode == 1, run.stderr
    assert (tmp_path / "out.txt").stat().st_size < 10 * 1024 * 1024
