"""Parallel jobs, the result cache and shards: each changes how a run is done, never what it finds."""
from __future__ import annotations

import concurrent.futures
import json
import os
import re
import shutil
from pathlib import Path

import pytest
from clirun import invoke

import kmodlint.cache
import kmodlint.facts

REPO = Path(__file__).resolve().parents[1]
FIXTURES = REPO / "fixtures-kmod"
MULTIFILE = FIXTURES / "debugfs-mmap-ignored" / "bad_multifile"



class Run:
    def __init__(self, code: int, stdout: str, stderr: str):
        self.code, self.stdout, self.stderr = code, stdout, stderr

    @property
    def text(self) -> str:
        """stdout without the run time, the one thing that differs between identical runs."""
        return re.sub(r" in \d+\.\d\ds:", " in <t>:", self.stdout)

    def findings(self) -> set[tuple]:
        return {(f["path"], f["line"], f["column"], f["rule"]) for f in json.loads(self.stdout)["findings"]}


def _untimed(text: str) -> str:
    return re.sub(r" in \d+\.\d\ds:", " in <t>:", text)


def kmodlint_run(*args: str) -> Run:
    result = invoke("check", *args)
    return Run(result.exit_code, result.stdout, result.stderr)


@pytest.fixture
def fixtures(tmp_path, monkeypatch) -> Path:
    """A copy of fixtures-kmod as the working directory, so caches land in tmp."""
    root = tmp_path / "proj"
    shutil.copytree(FIXTURES, root)
    monkeypatch.chdir(root)
    return root


@pytest.fixture
def multifile(tmp_path, monkeypatch) -> Path:
    root = tmp_path / "proj"
    shutil.copytree(MULTIFILE, root / "pmon")
    monkeypatch.chdir(root)
    return root


@pytest.fixture
def parses(monkeypatch) -> list[str]:
    """The paths kmodlint.facts.extract is called on (in this process: --jobs 1)."""
    seen: list[str] = []
    real = kmodlint.facts.extract

    def counting(source, *args, **kwargs):
        seen.append(source.path)
        return real(source, *args, **kwargs)

    monkeypatch.setattr(kmodlint.facts, "extract", counting)
    return seen


@pytest.fixture
def pools(monkeypatch) -> list[int]:
    """The worker counts of the process pools a run starts."""
    started: list[int] = []
    real = concurrent.futures.ProcessPoolExecutor

    def recording(max_workers=None, *args, **kwargs):
        started.append(max_workers)
        return real(max_workers, *args, **kwargs)

    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", recording)
    return started


# --- jobs ---------------------------------------------------------------------

@pytest.mark.parametrize("fmt", ["text", "sarif"])
def test_jobs_give_byte_identical_output(fixtures, pools, fmt):
    one = kmodlint_run("--no-cache", "--jobs", "1", "--format", fmt, ".")
    assert pools == []  # --jobs 1 never starts a pool
    two = kmodlint_run("--no-cache", "--jobs", "2", "--format", fmt, ".")
    assert pools == [2]
    assert one.code == two.code == 1
    assert one.text == two.text
    assert _untimed(one.stderr) == _untimed(two.stderr)  # the summary line, and notes if any


def test_one_folder_starts_no_pool(multifile, pools):
    run = kmodlint_run("--no-cache", "--jobs", "2", "pmon")
    assert run.code == 1 and "pmon_debugfs.c" in run.stdout
    assert pools == []


# --- cache --------------------------------------------------------------------

def _cache(root) -> Path:
    """The default cache folder of scan root `root`: in the (per-test) user cache folder."""
    return Path(kmodlint.cache.default_dir(str(root)))


def _entry(path: Path) -> dict:
    """A cache entry's JSON, after its MAC line."""
    return json.loads(path.read_bytes().partition(b"\n")[2])


def test_warm_run_is_identical_and_parses_nothing(fixtures, parses):
    cold = kmodlint_run("--jobs", "1", ".")
    assert parses and _cache(fixtures).is_dir() and not (fixtures / ".kmodlint_cache").exists()
    parses.clear()
    warm = kmodlint_run("--jobs", "1", ".")
    assert parses == []
    assert (warm.code, warm.text, warm.stderr) == (cold.code, cold.text, cold.stderr)
    # The cache is hidden from discovery: the same files are checked (the summary says so).
    assert warm.stdout.splitlines()[-1].startswith("Checked ")


def test_warm_sarif_and_json_match_cold(fixtures):
    for fmt in ("sarif", "json"):
        cold = kmodlint_run("--no-cache", "--format", fmt, ".")
        kmodlint_run("--format", fmt, ".")
        warm = kmodlint_run("--format", fmt, ".")
        cold_doc, warm_doc = json.loads(cold.stdout), json.loads(warm.stdout)
        for doc in (cold_doc, warm_doc):
            doc.get("summary", {}).pop("elapsed_seconds", None)
        assert cold_doc == warm_doc


def test_warm_run_keeps_the_suppressed_findings(fixtures, parses):
    """The cache stores suppressed findings whatever the flags, so a warm --show-suppressed
    run (after a cold run without it) shows the same ones, reasons included."""
    cold = kmodlint_run("--no-cache", "--format", "json", "--show-suppressed", ".")
    kmodlint_run("--format", "json", ".")  # fills the cache, suppressed findings not shown
    parses.clear()
    warm = kmodlint_run("--format", "json", "--show-suppressed", ".")
    assert parses == []
    cold_doc, warm_doc = json.loads(cold.stdout), json.loads(warm.stdout)
    assert len(cold_doc["suppressed"]) >= 10
    assert {f["suppression"]["reason"] for f in cold_doc["suppressed"]} >= {"", "the echo is advisory"}
    assert warm_doc["suppressed"] == cold_doc["suppressed"]
    assert warm_doc["findings"] == cold_doc["findings"]


def test_sibling_change_invalidates_the_folder(multifile, parses):
    assert kmodlint_run("--format", "json", "pmon").findings() == {
        ("pmon/pmon_debugfs.c", 13, 2, "debugfs-mmap-ignored")}
    fops = multifile / "pmon" / "pmon_fops.c"
    text = fops.read_text(encoding="utf-8")
    # Same size, new content: the stat index must not be trusted, the digest decides.
    fops.write_text(text.replace(".mmap\t= pmon_samples_mmap", ".read\t= pmon_samples_mmap"), encoding="utf-8")
    assert len(fops.read_bytes()) == len(text.encode())
    parses.clear()
    run = kmodlint_run("--format", "json", "pmon")
    assert (run.code, run.findings()) == (0, set())
    assert parses  # recomputed
    parses.clear()
    fops.write_text(text, encoding="utf-8")
    assert kmodlint_run("--format", "json", "pmon").findings() == {
        ("pmon/pmon_debugfs.c", 13, 2, "debugfs-mmap-ignored")}


def test_touched_file_is_rehashed_not_reparsed(multifile, parses):
    cold = kmodlint_run("pmon")
    entry = next(_cache(multifile).glob("*.json"))
    header = multifile / "pmon" / "pmon.h"
    os.utime(header, ns=(1, 1))
    parses.clear()
    warm = kmodlint_run("pmon")
    assert parses == [] and warm.text == cold.text
    stamps = {row[0]: row[1] for row in _entry(entry)["files"]}
    assert stamps["pmon/pmon.h"][1] == 1  # the new stat is recorded: the next run reads nothing


def test_selected_rules_and_config_are_part_of_the_key(multifile):
    assert kmodlint_run("--format", "json", "pmon").findings()
    assert kmodlint_run("--format", "json", "--ignore", "debugfs-mmap-ignored", "pmon").findings() == set()
    (multifile / ".kmodlint.toml").write_text(
        '[per-path-ignores]\n"pmon/*.c" = ["debugfs-mmap-ignored"]\n', encoding="utf-8")
    assert kmodlint_run("--format", "json", "pmon").findings() == set()


@pytest.mark.parametrize("garbage", [
    b"", b"{", b"\x80\x04\x95 not json", b"[]", b'{"format": "kmodlint-cache/0"}', b"null",
    b'{"format": "%s", "settings": 1, "files": 2, "result": 3}' % kmodlint.cache.FORMAT.encode(),
], ids=["empty", "truncated", "binary", "list", "old-format", "null", "wrong-types"])
def test_corrupted_cache_file_is_ignored(fixtures, parses, garbage):
    cold = kmodlint_run("--jobs", "1", ".")
    entries = sorted(_cache(fixtures).glob("*.json"))
    assert entries
    for entry in entries:
        entry.write_bytes(garbage)
    parses.clear()
    again = kmodlint_run("--jobs", "1", ".")
    assert (again.code, again.text, again.stderr) == (cold.code, cold.text, cold.stderr)
    assert parses  # recomputed, and the entries are whole again
    for entry in entries:
        assert _entry(entry)["format"] == kmodlint.cache.FORMAT


def test_truncated_entry_from_a_real_run_is_ignored(multifile):
    cold = kmodlint_run("pmon")
    entry = next(_cache(multifile).glob("*.json"))
    entry.write_bytes(entry.read_bytes()[: entry.stat().st_size // 2])
    assert kmodlint_run("pmon").text == cold.text


def test_no_cache_neither_reads_nor_writes(multifile, parses):
    kmodlint_run("--no-cache", "pmon")
    assert not _cache(multifile).exists()
    kmodlint_run("pmon")
    parses.clear()
    kmodlint_run("--no-cache", "pmon")
    assert parses  # the full cache was not read


def test_cache_dir_option(multifile, tmp_path, parses):
    elsewhere = tmp_path / "cache"
    cold = kmodlint_run("--cache-dir", str(elsewhere), "pmon")
    assert list(elsewhere.glob("*.json")) and not _cache(multifile).exists()
    assert (elsewhere / ".gitignore").read_text().endswith("*\n")
    parses.clear()
    assert kmodlint_run("--cache-dir", str(elsewhere), "pmon").text == cold.text
    assert parses == []


def test_unwritable_cache_dir_warns_once_and_continues(fixtures, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder\n")
    cold = kmodlint_run("--no-cache", ".")
    run = kmodlint_run("--cache-dir", str(blocker / "cache"), ".")
    assert (run.code, run.text) == (cold.code, cold.text)
    [line] = run.stderr.splitlines()
    assert line.startswith("kmodlint: warning: cannot write the cache in ") and "continuing without it" in line


# --- shards -------------------------------------------------------------------

def test_shards_partition_the_run(fixtures):
    full = kmodlint_run("--no-cache", "--format", "json", ".")
    parts = [kmodlint_run("--no-cache", "--format", "json", "--shard", f"{k}/3", ".") for k in (1, 2, 3)]
    findings = [part.findings() for part in parts]
    assert set().union(*findings) == full.findings()
    assert sum(map(len, findings)) == len(full.findings())  # disjoint
    scanned = [json.loads(part.stdout)["summary"]["files_scanned"] for part in parts]
    assert sum(scanned) == json.loads(full.stdout)["summary"]["files_scanned"]
    assert all(scanned)  # every shard got some of the folders


@pytest.mark.parametrize("value", ["0/3", "4/3", "1/0", "3", "a/b", "-1/2", ""])
def test_bad_shard_exits_2_with_one_line(fixtures, value):
    run = kmodlint_run("--shard", value, ".")
    assert run.code == 2
    [line] = run.stderr.splitlines()
    assert line.startswith("kmodlint: error: ") and "--shard" in line


# --- statistics ---------------------------------------------------------------

def test_statistics_on_stderr(fixtures):
    plain = kmodlint_run("--no-cache", ".")
    run = kmodlint_run("--no-cache", "--statistics", ".")
    assert run.text == plain.text  # stdout is untouched
    stats = run.stderr
    assert re.search(r"files scanned: +\d+", stats)
    assert re.search(r"parsed: +\d+ \(\d+ with parse errors\)", stats)
    assert re.search(r"skipped: +\d+", stats)
    assert re.search(r"\d+ files/s", stats)
    assert re.search(r"debugfs-mmap-ignored +\d+", stats)


# --- trigger words ------------------------------------------------------------

def test_trigger_search_matches_a_regex_over_every_word():
    """The engine's per-word substring search decides exactly as one regex of all words would."""
    from kmodlint.config import Config
    from kmodlint.engine import Analyzer
    from kmodlint.rules import all_rules

    rules = list(all_rules())
    analyzer = Analyzer(rules, Config(), {rule.id for rule in rules})

    def regex(words):
        return re.compile(b"|".join(re.escape(w) for w in words)) if words else None

    every = regex([w for rule in analyzer.rules for w in rule.trigger_words] + [b"kmodlint:"])
    per_rule = {rule.id: regex(rule.trigger_words) for rule in analyzer.rules}
    narrowing = {rule.id: [t for t in rule.triggers if isinstance(t, tuple)] for rule in analyzer.rules}

    def narrowed(rule, data):
        """Admitted by a plain word, or by a (word, regex) pair whose regex matches too."""
        plain = [w for w in rule.triggers if not isinstance(w, tuple)]
        return (regex(plain) is not None and regex(plain).search(data) is not None) or any(
            word in data and re.search(pattern, data) for word, pattern in narrowing[rule.id])
    samples = [p.read_bytes() for p in sorted(FIXTURES.rglob("*.[ch]"))]
    samples += [b"", b"copy_from", b"xx_userxx", b"kmodlint:", b"send_sig_info(", b"spin_lock_irqsave(&l, f);",
                b"spin_lock_irq(&l);", b"long ioctl;", b"{ .ioctl = x }"]
    for data in samples:
        assert analyzer._triggered(data) == bool(every.search(data))
        expected = [r.id for r in analyzer.rules if (per_rule[r.id] is None or narrowed(r, data))
                    and (r.admits is None or r.admits(data))]
        assert [r.id for r in analyzer._relevant_rules(data)] == expected


# module_init(f) written the canonical way: the module entry rules cannot fire, the file is not parsed.
CANONICAL_ENTRY = (b"#include <linux/module.h>\n\nstatic int __init foo_init(void)\n{\n\treturn foo_register();\n}\n\n"
                   b"static void __exit foo_exit(void)\n{\n\tfoo_unregister();\n}\n\n"
                   b"module_init(foo_init);\nmodule_exit(foo_exit);\nMODULE_LICENSE(\"GPL\");\n")
# Each one the canonical file with one change the admission must not overlook (the check may fire):
# (replaced, replacement, admitted by module-init-signature, by module-init-call).
ENTRY_NEAR_MISSES = {
    "init returns void": (b"static int __init foo_init", b"static void __init foo_init", True, False),
    "exit returns int": (b"static void __exit foo_exit", b"static int __exit foo_exit", True, False),
    "no __init": (b"static int __init foo_init", b"static int foo_init", True, False),
    "__exit on the init function": (b"int __init foo_init", b"int __exit foo_init", True, False),
    "old-style ()": (b"foo_init(void)", b"foo_init()", True, False),
    "a parameter": (b"foo_init(void)", b"foo_init(struct foo *foo)", True, False),
    "a comment in the header": (b"static int __init foo_init", b"static int __init /* long */ foo_init", True, False),
    "a prototype": (b"#include <linux/module.h>\n", b"#include <linux/module.h>\nstatic long foo_init(void);\n",
                    True, False),
    "a second definition": (b"MODULE_LICENSE", b"#if 0\nstatic void foo_init(void)\n{\n}\n#endif\nMODULE_LICENSE",
                            True, False),
    "a macro without its ; before": (b"#include <linux/module.h>\n", b"#include <linux/module.h>\nDECLARE_FOO(long)\n",
                                     True, False),
    "defined in a #define": (b"static int __init foo_init", b"#define FOO \\\nstatic int __init foo_init", True, False),
    "defined elsewhere": (b"static int __init foo_init(void)\n{\n\treturn foo_register();\n}\n", b"", True, False),
    # The signature is right, the registration is not.
    "registered by a call": (b"module_init(foo_init);", b"module_init(foo_init());", False, True),
    "registered by a call, across lines": (b"module_exit(foo_exit);", b"module_exit(\n\tfoo_exit()\n);", False, True),
    # The name in a comment is one more mention: module-init-signature admits, to be safe.
    "a call in a comment only": (b"MODULE_LICENSE", b"/* module_init(foo_init()) */\nMODULE_LICENSE", True, False),
}


def test_module_entry_rules_admit_the_files_they_may_fire_on(tmp_path):
    """The admission tests of module-init-signature and module-init-call: the canonical file is not
    parsed for them, and each near miss is parsed for the rule that may fire on it."""
    from kmodlint.rules import by_id

    signature, call = by_id()["module-init-signature"], by_id()["module-init-call"]
    assert (signature.admits(CANONICAL_ENTRY), call.admits(CANONICAL_ENTRY)) == (False, False)
    for shape, (old, new, by_signature, by_call) in ENTRY_NEAR_MISSES.items():
        assert old in CANONICAL_ENTRY, shape
        data = CANONICAL_ENTRY.replace(old, new, 1)
        assert (signature.admits(data), call.admits(data)) == (by_signature, by_call), shape
    (tmp_path / "foo.c").write_bytes(CANONICAL_ENTRY)
    result, _ = _run_rules(tmp_path, [signature, call])
    assert (result.files_parsed, result.findings) == (0, [])


@pytest.mark.parametrize("rule_id", ["module-init-signature", "module-init-call"])
def test_module_entry_admission_is_exact_on_the_fixtures(rule_id, tmp_path):
    """Run without its admission test, the rule finds nothing in any fixture file (of any rule) or
    near miss that the test turns away: turning it away changes no finding."""
    import dataclasses

    from kmodlint.rules import by_id

    rule = by_id()[rule_id]
    unfiltered = dataclasses.replace(rule, admits=None)
    samples = {f"near_miss_{i}": CANONICAL_ENTRY.replace(old, new, 1)
               for i, (old, new, _, _) in enumerate(ENTRY_NEAR_MISSES.values())}
    for root, files in ((FIXTURES, {}), (tmp_path, samples)):
        for name, data in files.items():
            (root / f"{name}.c").write_bytes(data)
        result, _ = _run_rules(root, [unfiltered])
        for finding in result.findings:
            assert rule.admits((root / finding.path).read_bytes()), finding
        assert result.findings  # the rule fired: the test is not vacuous
    turned_away = [p for p in FIXTURES.rglob("*.[ch]") if not rule.admits(p.read_bytes())]
    turned_away += [name for name, data in samples.items() if not rule.admits(data)]
    assert turned_away


def _run_rules(folder, rules):
    from kmodlint.config import Config
    from kmodlint.engine import run

    cwd = os.getcwd()
    os.chdir(folder)  # paths relative to the folder: finding.path is the file's name
    try:
        return run(["."], rules, Config(), {r.id for r in rules})
    finally:
        os.chdir(cwd)


def test_irq_rules_run_only_in_folders_that_register_an_irq(tmp_path):
    """spin-lock-irq-in-handler's folder admission: a handler file is not even parsed for it until a
    file of its folder registers an IRQ, and then the registration in the sibling counts."""
    from kmodlint.config import Config
    from kmodlint.engine import run
    from kmodlint.rules import by_id

    rules = [by_id()["spin-lock-irq-in-handler"]]
    (tmp_path / "isr.c").write_text(
        "irqreturn_t foo_isr(int irq, void *data)\n{\n\tspin_lock_irq(&foo_lock);\n"
        "\tfoo_events++;\n\tspin_unlock_irq(&foo_lock);\n\treturn IRQ_HANDLED;\n}\n")
    alone, _ = run([str(tmp_path)], rules, Config(), {r.id for r in rules})
    assert (alone.files_parsed, alone.findings) == (0, [])
    (tmp_path / "probe.c").write_text(
        "int foo_probe(struct foo *foo)\n{\n\treturn request_irq(foo->irq, foo_isr, 0, \"foo\", foo);\n}\n")
    registered, _ = run([str(tmp_path)], rules, Config(), {r.id for r in rules})
    assert [(f.path.rsplit("/", 1)[-1], f.span.line) for f in registered.findings] == [("isr.c", 3)]
