"""The kernel the code targets, preprocessor conditionals judged against it, and files that
did not parse cleanly named in every report (issue 13)."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import tree_sitter
import tree_sitter_c

from kmodlint.preproc import Environment, PackageMacros, parse_version
from kmodlint.source import SourceFile, mask

from clirun import invoke
from test_cli import UNCHECKED, driver, write

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures-kmod"
LINUX_61 = FIXTURES / "removed-kernel-api" / "linux-6.1"
_PARSER = tree_sitter.Parser(tree_sitter.Language(tree_sitter_c.language()))


def has_error(data: bytes) -> bool:
    return _PARSER.parse(data).root_node.has_error


def run_json(*args: str) -> dict:
    result = invoke("check", "--format", "json", "--no-cache", *args)
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.stdout)


# ---------------------------------------------------------------- the target version


@pytest.fixture
def linux61(tmp_path, monkeypatch) -> Path:
    """A copy of the 6.1 fixture tree (Makefile VERSION = 6, PATCHLEVEL = 1), the working directory."""
    tree = tmp_path / "linux"
    shutil.copytree(LINUX_61, tree)
    monkeypatch.chdir(tree)
    return tree


def removed_api_lines(doc: dict) -> list[tuple[int, str]]:
    return sorted((f["line"], f["message"].split("'")[1]) for f in doc["findings"] if f["rule"] == "removed-kernel-api")


def test_a_61_tree_is_judged_as_61_and_says_so(linux61):
    doc = run_json("--select", "removed-kernel-api", "drivers/misc/gadget")
    assert removed_api_lines(doc) == [(20, "ACCESS_ONCE()")]  # strlcpy (6.8) and class_create/2 (6.4) are fine
    assert doc["summary"]["target_kernel"] == "6.1"
    assert "Makefile" in doc["summary"]["target_kernel_source"]


def test_kernel_version_option_overrides_the_tree(linux61):
    doc = run_json("--select", "removed-kernel-api", "--kernel-version", "6.12", "drivers/misc/gadget")
    assert [name for _, name in removed_api_lines(doc)] == ["strlcpy()", "class_create(THIS_MODULE, \"gadget\")",
                                                             "ACCESS_ONCE()"]
    assert doc["summary"]["target_kernel"] == "6.12"
    assert doc["summary"]["target_kernel_source"] == "--kernel-version"


def test_kernel_version_config_key(linux61):
    (linux61 / ".kmodlint.toml").write_text('kernel-version = "6.8"\n')
    doc = run_json("--select", "removed-kernel-api", "drivers/misc/gadget")
    assert [name for _, name in removed_api_lines(doc)] == ["strlcpy()", "class_create(THIS_MODULE, \"gadget\")",
                                                             "ACCESS_ONCE()"]
    assert doc["summary"]["target_kernel"] == "6.8" and "kernel-version in" in doc["summary"]["target_kernel_source"]


@pytest.mark.parametrize("value", ["6", "six.one", "6.1-rc2", ""])
def test_a_wrong_kernel_version_is_one_error_line(project, value):
    write(project, {"drv/a.c": driver(UNCHECKED)})
    result = invoke("check", "--kernel-version", value, "drv")
    assert result.exit_code == 2
    assert result.stderr.strip().startswith("kmodlint: error: --kernel-version") and "X.Y" in result.stderr
    assert "Traceback" not in result.output


def test_out_of_tree_default_is_the_newest_known_and_in_every_report(project):
    write(project, {"drv/a.c": driver(UNCHECKED)})
    doc = run_json("drv")
    assert doc["summary"]["target_kernel"] == "6.12" and "newest" in doc["summary"]["target_kernel_source"]
    sarif = json.loads(invoke("check", "--format", "sarif", "--no-cache", "drv").stdout)
    assert sarif["runs"][0]["properties"]["targetKernel"] == "6.12"
    text = invoke("check", "--no-cache", "drv").stdout
    assert "for Linux 6.12" in text.splitlines()[-1]


# ---------------------------------------------------------------- conditionals


def judged(text: str, target: str = "6.12", package: PackageMacros | None = None) -> tuple[bytes, SourceFile]:
    data = text.encode()
    env = Environment(parse_version(target), package)
    source = SourceFile("t.c", data, env=env)
    return source.masked, source


SPLIT_HEADER = """\
#include <linux/version.h>
#if LINUX_VERSION_CODE >= KERNEL_VERSION(4, 15, 0)
static void poll_fn(struct timer_list *t)
#else
static void poll_fn(unsigned long data)
#endif
{
	kick(t);
}
"""


@pytest.mark.parametrize("target, kept", [("6.12", "struct timer_list"), ("4.9", "unsigned long data")])
def test_a_version_check_keeps_the_branch_the_target_compiles(target, kept):
    masked, source = judged(SPLIT_HEADER, target)
    assert len(masked) == len(SPLIT_HEADER) and masked.count(b"\n") == SPLIT_HEADER.count("\n")
    assert has_error(SPLIT_HEADER.encode()) and not has_error(masked)
    assert kept.encode() in masked
    dropped = "unsigned long data" if kept == "struct timer_list" else "struct timer_list"
    assert dropped.encode() not in masked
    assert source.is_inactive(SPLIT_HEADER.index(dropped))
    assert not source.is_inactive(SPLIT_HEADER.index(kept))


def test_defined_of_a_package_macro_and_numbers_are_evaluated():
    package = PackageMacros()
    package.add(b"#ifndef PKG_H\n#define PKG_H\n#define PKG_HAVE_NEW_DMA\n#define PKG_LEVEL 3\n#endif\n")
    text = ("#if defined(PKG_HAVE_NEW_DMA) && PKG_LEVEL > 2\nint a(void) {\n#else\nint b(void) {\n#endif\n"
            "\treturn 0;\n}\n")
    masked, source = judged(text, package=package)
    assert not has_error(masked) and b"int a" in masked and b"int b" not in masked
    # Without the package header the condition is unknown: the first branch is kept for parsing,
    # and the second is not called inactive (the target may compile it).
    masked, source = judged(text)
    assert not has_error(masked) and b"int a" in masked and not source.inactive


def test_an_unknown_condition_around_whole_constructs_keeps_both():
    text = "#ifdef CONFIG_PM\nint a(void) { return 0; }\n#else\nint b(void) { return 1; }\n#endif\n"
    masked, source = judged(text)
    assert masked == text.encode() and not source.inactive


def test_if_0_and_cplusplus_are_known():
    text = ('#ifdef __cplusplus\nextern "C" {\n#endif\n#if 0\nint old(void) {\n#endif\nint f(void);\n'
            '#ifdef __cplusplus\n}\n#endif\n')
    masked, source = judged(text)
    assert has_error(text.encode()) and not has_error(masked)
    assert source.is_inactive(text.index("int old"))


def test_a_finding_in_a_branch_the_target_does_not_compile_is_not_reported(project):
    body = ["#if LINUX_VERSION_CODE < KERNEL_VERSION(3, 0, 0)", UNCHECKED, "#else", UNCHECKED, "#endif"]
    write(project, {"drv/a.c": driver(*body)})
    doc = run_json("--select", "unchecked-copy-user", "drv")
    assert [f["line"] for f in doc["findings"]] == [11]
    doc = run_json("--select", "unchecked-copy-user", "--kernel-version", "2.6", "drv")
    assert [f["line"] for f in doc["findings"]] == [9]


# ---------------------------------------------------------------- masking that used to break code


@pytest.mark.parametrize("text", [
    "#define __devinit\n#define __user\nint __devinit probe(char __user *p);\n",
    "#ifndef __packed\n#define __packed __attribute__((packed))\n#endif\nstruct s { int a; } __packed;\n",
    "struct s {\n\tint a;;\n\tint b;\n};\nvoid f(void) { for (;;) ; }\n",
    "int x;\n#define LAST 1",
])
def test_masking_keeps_directive_names_and_fixes_small_things(text):
    masked = mask(text.encode(), Environment(parse_version("6.12")))
    assert not has_error(masked), masked.decode()
    assert masked[:len(text)].count(b"\n") == text.count("\n")
    assert all(masked[i] == 0x0A for i, c in enumerate(text) if c == "\n")


def test_empty_macros_of_the_package_are_blanked_where_used():
    package = PackageMacros()
    package.add(b"#define IN\n#define OUT\n#define RTW_FEATURE_X\nvoid rtw_put(IN u8 v);\n")
    assert package.empty_names() == ["IN"]  # OUT and the flag are never used in the headers' code
    text = "int rtw_get(IN struct adapter *a, u8 *val);\n#ifdef IN\n#endif\n"
    masked = mask(text.encode(), Environment(parse_version("6.12"), package))
    assert not has_error(masked) and masked.startswith(b"int rtw_get(   struct adapter")
    assert has_error(mask(text.encode()))


# ---------------------------------------------------------------- files that did not parse cleanly

BROKEN = driver(UNCHECKED) + "\nstatic int oops(void)\n{\n\treturn ) 1;\n}\n"


def test_files_with_parse_errors_are_named_in_json_sarif_and_statistics(project, sarif_validator):
    write(project, {"drv/broken.c": BROKEN, "drv/fine.c": driver(UNCHECKED)})
    doc = run_json("drv")
    named = [n for n in doc["notifications"] if n.get("kind") == "parse-error"]
    assert [(n["path"], n["line"]) for n in named] == [("drv/broken.c", 14)]
    sarif = json.loads(invoke("check", "--format", "sarif", "--no-cache", "drv").stdout)
    assert not list(sarif_validator.iter_errors(sarif))
    notes = sarif["runs"][0]["invocations"][0]["toolExecutionNotifications"]
    located = [n["locations"][0]["physicalLocation"] for n in notes if n.get("descriptor", {}).get("id") == "parse-error"]
    assert [(p["artifactLocation"]["uri"], p["region"]["startLine"]) for p in located] == [("drv/broken.c", 14)]
    stats = invoke("check", "--no-cache", "--statistics", "drv").stderr
    assert "kmodlint: statistics:   drv/broken.c:14:" in stats


def test_a_finding_in_a_function_with_a_parse_error_says_so(project):
    broken_function = driver(UNCHECKED, "\tx = ) 2;")
    write(project, {"drv/a.c": broken_function, "drv/b.c": driver(UNCHECKED)})
    doc = run_json("--select", "unchecked-copy-user", "drv")
    flags = {f["path"]: f.get("function_has_parse_error", False) for f in doc["findings"]}
    assert flags == {"drv/a.c": True, "drv/b.c": False}
    sarif = json.loads(invoke("check", "--format", "sarif", "--no-cache", "--select", "unchecked-copy-user",
                              "drv").stdout)
    props = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]: (r.get("properties") or {})
             for r in sarif["runs"][0]["results"]}
    assert props["drv/a.c"] == {"functionHasParseError": True} and "functionHasParseError" not in props["drv/b.c"]


def test_an_else_after_a_true_elif_is_inactive_even_after_an_unknown_branch():
    text = ("void f(void)\n{\n#if defined(CONFIG_FOO)\n\ta = 1;\n#elif LINUX_VERSION_CODE >= KERNEL_VERSION(6, 4, 0)\n"
            "\ta = 2;\n#else\n\ta = 3;\n#endif\n}\n")
    _, source = judged(text)
    assert source.is_inactive(text.index("a = 3")) and not source.is_inactive(text.index("a = 2"))
    assert not source.is_inactive(text.index("a = 1"))


def test_a_mainline_target_is_no_distribution_kernel():
    text = ("#if defined(RHEL_RELEASE_CODE) && RHEL_RELEASE_CODE >= RHEL_RELEASE_VERSION(9, 4)\nint a;\n#else\nint b;\n"
            "#endif\n")
    _, source = judged(text)
    assert source.is_inactive(text.index("int a")) and not source.is_inactive(text.index("int b"))
