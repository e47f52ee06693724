"""Views of a file whose unknown conditionals split a construct: each side parsed, each finding once."""
from __future__ import annotations

from pathlib import Path

import tree_sitter
import tree_sitter_c

from kmodlint import facts as facts_module
from kmodlint.config import Config
from kmodlint.engine import Analyzer
from kmodlint.preproc import Environment
from kmodlint.rules import all_rules
from kmodlint.source import SourceFile

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures-kmod"
SPLIT = FIXTURES / "unchecked-copy-user" / "split_views"
_PARSER = tree_sitter.Parser(tree_sitter.Language(tree_sitter_c.language()))

TWO_OPENERS = """\
static int setup(struct dev *d)
{
#ifdef CONFIG_FAST_PATH
	if (d->fast) {
		d->mode = 1;
#else
	if (d->slow && d->mode) {
		d->mode = 2;
#endif
		d->ready = 1;
	}
	return 0;
}
"""

THREE_HEADERS = """\
#if defined(CONFIG_A)
static int pick(int a)
#elif defined(CONFIG_B)
static int pick(long b)
#else
static int pick(void *c)
#endif
{
	return 0;
}
"""


def source(text: str, view: int = 0) -> SourceFile:
    first = SourceFile("t.c", text.encode(), env=Environment((6, 12, 0), blank_empty_macros=False))
    return first if view == 0 else first.other_view(view)


def test_each_view_keeps_one_side_of_a_split_with_exact_positions():
    first, second = source(TWO_OPENERS), source(TWO_OPENERS, 1)
    assert first.views == second.views == 2
    for view, kept, dropped in ((first, "d->fast", "d->slow"), (second, "d->slow", "d->fast")):
        assert len(view.masked) == len(TWO_OPENERS) and view.masked.count(b"\n") == TWO_OPENERS.count("\n")
        assert not _PARSER.parse(view.masked).root_node.has_error
        assert view.masked[TWO_OPENERS.index(kept):].startswith(kept.encode())
        assert dropped.encode() not in view.masked
        # Common code is in both views, where it is written; neither side is called inactive.
        assert view.masked[TWO_OPENERS.index("d->ready"):].startswith(b"d->ready")
        assert not view.inactive


def test_three_branches_make_three_views_and_a_known_false_branch_none():
    views = [source(THREE_HEADERS, v) for v in range(3)]
    assert [v.views for v in views] == [3, 3, 3]
    assert [[w in v.masked for w in (b"int a", b"long b", b"void *c")] for v in views] == [
        [True, False, False], [False, True, False], [False, False, True]]
    # A branch the target cannot compile is no view of its own.
    known = THREE_HEADERS.replace("defined(CONFIG_B)", "LINUX_VERSION_CODE < KERNEL_VERSION(3, 0, 0)")
    assert source(known).views == 2 and b"void *c" in source(known, 1).masked


def test_a_file_without_a_split_has_one_view():
    whole = "#ifdef CONFIG_PM\nint a(void) { return 0; }\n#else\nint b(void) { return 1; }\n#endif\n"
    assert source(whole).views == 1
    # Even in a file with a split, a view past the last branch of a group keeps that last branch.
    assert b"d->slow" in source(TWO_OPENERS, 5).masked


def analyse(paths: list[Path]):
    rules = [rule for rule in all_rules() if rule.id == "unchecked-copy-user"]
    analyzer = Analyzer(rules, Config(), {r.id for r in all_rules()}, keep_sources=False)
    return analyzer.analyze_folder([(str(p), p.name) for p in paths])


def test_a_finding_on_the_second_side_is_reported_and_common_code_once(monkeypatch, tmp_path):
    parses = []
    real_parse = facts_module.parse
    monkeypatch.setattr(facts_module, "parse", lambda source: parses.append(source.view) or real_parse(source))
    whole = tmp_path / "plain.c"
    whole.write_text("#include <linux/uaccess.h>\nvoid f(void __user *p, char *b)\n{\n"
                     "#ifdef CONFIG_X\n\tcopy_from_user(b, p, 4);\n#endif\n}\n")
    result = analyse([SPLIT / "svw_main.c", whole])
    lines = sorted((f.path, f.span.line) for f in result.findings)
    # Line 42 is in the #else side of a split function header: only the second view has it.
    # Line 61 is in the body both sides of a split prototype share: reported once, not twice.
    assert lines == [("plain.c", 5), ("svw_main.c", 42), ("svw_main.c", 61)]
    # One parse per file, and one more for the file with a split: never two for the other.
    assert sorted(parses) == [0, 0, 1]
    assert result.files_parsed == 2 and result.files_with_parse_errors == 0


# ---------------------------------------------------------------- what a kernel tree defines

def kernel_tree(tmp_path: Path) -> Path:
    tree = tmp_path / "linux"
    for marker in ("MAINTAINERS", "Kbuild"):
        (tree / marker).parent.mkdir(parents=True, exist_ok=True)
        (tree / marker).write_text("# fixture\n")
    (tree / "kernel").mkdir()
    (tree / "Makefile").write_text("VERSION = 6\nPATCHLEVEL = 12\nKBUILD_CFLAGS += -DGLOBAL_FROM_MAKE\n")
    (tree / "include" / "linux").mkdir(parents=True)
    (tree / "include" / "linux" / "feat.h").write_text("#ifdef CONFIG_FEAT\n#define HAVE_FEAT_HOOK 1\n#endif\n")
    drv = tree / "drivers" / "widget"
    (drv / "core").mkdir(parents=True)
    (drv / "include").mkdir()
    (drv / "include" / "widget_hw.h").write_text('#include "widget_bits.h"\n')
    (drv / "include" / "widget_bits.h").write_text("#define WIDGET_HAS_DMA\n")
    # The parent builds core/*.o with its own flags, and names include/ for the whole driver.
    (drv / "Makefile").write_text("obj-y += core/widget.o\nccflags-y += -I$(src)/include -DWIDGET_PARENT_FLAG\n")
    return tree


def branch_states(tree: Path, folder: str, names: list[str], includes: str = "") -> dict[str, object]:
    """name -> 'taken', 'dropped' or 'unknown' for `#ifdef name` in a file of `folder`."""
    text = includes + "".join(f"#ifdef {n}\nint {n.lower()}_on(void)\n#else\nint {n.lower()}_off(void)\n#endif\n"
                              "{\n\treturn 0;\n}\n" for n in names)
    path = tree / folder / "probe.c"
    path.write_text(text)
    rules = [rule for rule in all_rules() if rule.id == "unchecked-copy-user"]
    analyzer = Analyzer(rules, Config(), {r.id for r in all_rules()}, keep_sources=False)
    env = analyzer._environment([(str(path), "probe.c")], str(tree) if (tree / "MAINTAINERS").exists() else "",
                                [(str(path), "probe.c", text.encode())])
    source = SourceFile("probe.c", text.encode(), env=env)
    states = {}
    for name in names:
        on, off = text.index(f"int {name.lower()}_on"), text.index(f"int {name.lower()}_off")
        states[name] = ("dropped" if source.is_inactive(on) else "taken" if source.is_inactive(off)
                        else "unknown")
    return states


def test_in_a_kernel_tree_a_name_nothing_defines_is_not_defined(tmp_path):
    tree = kernel_tree(tmp_path)
    (tree / "drivers" / "widget" / "core" / "Makefile").write_text(
        "ccflags-y += -DWIDGET_ALWAYS\nccflags-$(CONFIG_WIDGET_DEBUG) += -DWIDGET_DEBUG\n"
        "ifeq ($(CONFIG_X86),y)\nccflags-y += -DWIDGET_X86\nendif\n")
    states = branch_states(tree, "drivers/widget/core",
                           ["_WIDGET_OLD_API", "WIDGET_ALWAYS", "WIDGET_DEBUG", "WIDGET_X86", "WIDGET_PARENT_FLAG",
                            "WIDGET_HAS_DMA", "HAVE_FEAT_HOOK", "GLOBAL_FROM_MAKE", "CONFIG_WIDGET", "__x86_64__",
                            "MODULE"],
                           includes="#include <widget_hw.h>\n")
    assert states == {
        "_WIDGET_OLD_API": "dropped",  # no Makefile, no header: the #else is what compiles
        "WIDGET_ALWAYS": "taken",  # the folder's unconditional ccflags-y
        "WIDGET_DEBUG": "unknown", "WIDGET_X86": "unknown",  # some configurations only
        "WIDGET_PARENT_FLAG": "unknown",  # a parent's flags may build this folder's objects
        "WIDGET_HAS_DMA": "unknown",  # a header included through the parent's -I, through another header
        "HAVE_FEAT_HOOK": "unknown",  # a global header of the tree defines it
        "GLOBAL_FROM_MAKE": "unknown", "CONFIG_WIDGET": "unknown", "__x86_64__": "unknown", "MODULE": "unknown",
    }
    # Not included, the local header does not count.
    assert branch_states(tree, "drivers/widget/core", ["WIDGET_HAS_DMA"]) == {"WIDGET_HAS_DMA": "dropped"}


def test_out_of_a_kernel_tree_an_unknown_name_stays_unknown_and_the_makefile_flags_count(tmp_path):
    pkg = tmp_path / "pkg"
    (pkg / "src").mkdir(parents=True)
    (pkg / "dkms.conf").write_text('PACKAGE_NAME="widget"\n')
    # The package's one Makefile builds src/ too: its unconditional flags reach every file.
    (pkg / "Makefile").write_text("EXTRA_CFLAGS += -DWIDGET_NEW_DMA -DWIDGET_LEVEL=3\n"
                                  "ifeq ($(CONFIG_WIDGET_USB),y)\nEXTRA_CFLAGS += -DWIDGET_USB\nendif\n")
    assert branch_states(tmp_path, "pkg/src", ["_WIDGET_OLD_API", "WIDGET_NEW_DMA", "WIDGET_LEVEL", "WIDGET_USB"]) == {
        "_WIDGET_OLD_API": "unknown", "WIDGET_NEW_DMA": "taken", "WIDGET_LEVEL": "taken", "WIDGET_USB": "unknown"}


def test_an_undefined_name_is_zero_in_an_if_expression(tmp_path):
    tree = kernel_tree(tmp_path)
    text = "#if WIDGET_REV > 2 || defined(_WIDGET_OLD_API)\nint new_rev;\n#else\nint old_rev;\n#endif\n"
    path = tree / "drivers" / "widget" / "rev.c"
    path.write_text(text)
    analyzer = Analyzer([], Config(), set(), keep_sources=False)
    env = analyzer._environment([(str(path), "rev.c")], str(tree), [(str(path), "rev.c", text.encode())])
    source = SourceFile("rev.c", text.encode(), env=env)
    assert source.is_inactive(text.index("int new_rev")) and not source.is_inactive(text.index("int old_rev"))


def test_a_cached_folder_result_follows_a_global_header_of_the_tree(tmp_path, monkeypatch):
    """A folder's conditionals read the tree's global headers: when one starts defining a name
    the folder tests, a cached result of the folder is stale and is not reused."""
    from clirun import invoke
    tree = kernel_tree(tmp_path)
    drv = tree / "drivers" / "widget"
    (drv / "old.c").write_text("#include <linux/string.h>\n#ifdef HAVE_WIDGET_COPY\n"
                               "void widget_name(char *d, const char *s)\n{\n\tstrlcpy(d, s, 8);\n}\n#endif\n")
    cache = tmp_path / "cache"
    args = ["check", "--format", "concise", "--select", "removed-kernel-api", "--cache-dir", str(cache), str(drv)]
    monkeypatch.chdir(tree)
    first = invoke(*args)
    assert "old.c:5:" not in first.stdout  # nothing defines HAVE_WIDGET_COPY: the #ifdef side cannot compile
    header = tree / "include" / "linux" / "feat.h"
    header.write_text(header.read_text() + "#define HAVE_WIDGET_COPY 1\n")
    second = invoke(*args)
    assert "old.c:5:" in second.stdout, second.stdout  # now a header may define it
    uncached = invoke(*args[:-3], "--no-cache", str(drv))
    assert second.stdout.splitlines()[:-1] == uncached.stdout.splitlines()[:-1]


def test_a_cached_folder_result_follows_a_header_of_another_folder(tmp_path, monkeypatch):
    """A header reached through the parent Makefile's -I (drivers/widget/include/, not the
    checked folder core/) decides an #ifdef: when it gains the #define, or when a header that
    was absent appears, a cached result of core/ is stale and is not reused."""
    from clirun import invoke
    tree = kernel_tree(tmp_path)
    core = tree / "drivers" / "widget" / "core"
    (core / "old.c").write_text('#include "widget_hw.h"\n#include "widget_late.h"\n'
                                "#include <linux/string.h>\n#ifdef WIDGET_HAS_COPY\n"
                                "void widget_name(char *d, const char *s)\n{\n\tstrlcpy(d, s, 8);\n}\n#endif\n"
                                "#ifdef WIDGET_LATE\n"
                                "void widget_late(char *d, const char *s)\n{\n\tstrlcpy(d, s, 8);\n}\n#endif\n")
    cache = tmp_path / "cache"
    args = ["check", "--format", "concise", "--select", "removed-kernel-api", "--cache-dir", str(cache), str(core)]
    monkeypatch.chdir(tree)
    first = invoke(*args)
    assert "old.c:7:" not in first.stdout and "old.c:13:" not in first.stdout, first.stdout
    bits = tree / "drivers" / "widget" / "include" / "widget_bits.h"
    bits.write_text(bits.read_text() + "#define WIDGET_HAS_COPY 1\n")
    second = invoke(*args)
    assert "old.c:7:" in second.stdout and "old.c:13:" not in second.stdout, second.stdout
    # widget_late.h did not exist: its appearance (in the -I folder) is a change too.
    (tree / "drivers" / "widget" / "include" / "widget_late.h").write_text("#define WIDGET_LATE\n")
    third = invoke(*args)
    assert "old.c:13:" in third.stdout, third.stdout
    uncached = invoke(*args[:-3], "--no-cache", str(core))
    assert third.stdout.splitlines()[:-1] == uncached.stdout.splitlines()[:-1]
    # Unchanged inputs: the next run is served from the cache (nothing parsed).
    fourth = invoke(*args[:-1], "--statistics", str(core))
    assert "from the cache:  1 " in fourth.stdout + fourth.stderr, fourth.stdout + fourth.stderr
