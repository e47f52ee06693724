"""What decides, before any parse, which files a rule reads: the trigger search and the IRQ
rules' folder admission. Each may only save work: it must never turn away a file the rule
would report on."""
from __future__ import annotations

import dataclasses
import os
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from kmodlint.triggers import TriggerSearch
from kmodlint.rules import by_id
from kmodlint.driver.admission import defines_registered_handler, registered_handler_names

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures-kmod"
IRQ_RULES = ("unlocked-shared-flag", "spin-lock-irq-in-handler")


def _all_trigger_words() -> list[bytes]:
    from kmodlint.rules import all_rules

    return sorted({w for rule in all_rules() for w in rule.trigger_words} | {b"kmodlint:"})


WORDS = _all_trigger_words()
SEARCH = TriggerSearch(WORDS)


def test_trigger_search_groups_words_by_shared_parts():
    """Fewer top-level searches than words, or the tree saves nothing: `_user` and `_irq` hold several."""
    parts = {node.part for node in SEARCH.roots}
    assert {b"_user", b"_irq"} <= parts
    assert len(SEARCH.roots) < len(WORDS) * 2 // 3


def test_trigger_search_finds_what_a_plain_search_finds_in_the_fixtures():
    for path in sorted(FIXTURES.rglob("*.[ch]")):
        data = path.read_bytes()
        assert SEARCH.present(data) == {w for w in WORDS if w in data}, path


# Pieces of trigger words and their shared parts, glued in any order: the shapes where a part
# is present and the word is not (`_user` of `xx_user`), a word is split, or words overlap.
_PIECES = sorted({w[i:j] for w in WORDS for i in range(0, len(w), 3) for j in (i + 4, len(w)) if j <= len(w)}
                 | set(WORDS) | {b" ", b"\n", b"_", b"(", b"\xe9"})


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=12))
def test_trigger_search_finds_what_a_plain_search_finds(pieces):
    data = b"".join(pieces)
    assert SEARCH.present(data) == {w for w in WORDS if w in data}


# --- IRQ folder admission -----------------------------------------------------------------------

def test_handler_names_are_the_handler_argument_of_each_registration():
    probe = (b"static int foo_probe(struct foo *foo)\n{\n"
             b"\tret = request_irq(foo->irq, foo_isr, IRQF_SHARED, \"foo, bar (x)\", foo);\n"
             b"\tret = devm_request_irq(dev, irq, &bar_isr, 0, dev_name(dev), foo);\n"
             b"\tret = devm_request_threaded_irq(dev, irq, NULL, baz_thread, IRQF_ONESHOT, \"baz\", foo);\n"
             b"\tret = request_threaded_irq(irq, /* hard, first */ qux_hard, qux_thread, 0, \"qux\", foo);\n"
             b"\tret = my_request_irq(foo, not_a_handler);\n"
             b"\treturn pci_request_irq(pdev, 0, (irq_handler_t)cast_isr, NULL, foo, \"x\");\n}\n")
    assert registered_handler_names([probe]) == {b"foo_isr", b"bar_isr", b"qux_hard", b"irq_handler_t",
                                                 b"cast_isr"}
    assert registered_handler_names([b"int x;\n", b"request_firmware(&fw, name, dev);\n"]) == set()


def test_a_registration_it_cannot_split_admits_every_file():
    odd = b"\trequest_irq(irq,\n#ifdef CONFIG_FOO\n\t\tfoo_isr,\n#else\n\t\tbar_isr,\n#endif\n\t\t0, \"x\", d);\n"
    assert registered_handler_names([odd]) is None
    assert defines_registered_handler([odd])(b"int unrelated(void) { return 0; }\n")


def test_only_a_definition_of_a_registered_handler_is_admitted():
    definition = b"static irqreturn_t foo_isr(int irq, void *data)\n{\n\treturn IRQ_HANDLED;\n}\n"
    admits = defines_registered_handler([b"return request_irq(irq, foo_isr, 0, \"foo\", priv);", definition])
    assert admits(b"static irqreturn_t foo_isr(int irq, void *data)\n{\n\treturn IRQ_HANDLED;\n}\n")
    assert admits(b"irqreturn_t foo_isr(int irq, void *data) /* hard IRQ; no sleep */\n{\n}\n")
    assert admits(b"irqreturn_t\nfoo_isr (int irq, void *data __maybe_unused)\n{\n}\n")
    assert not admits(b"irqreturn_t foo_isr(int irq, void *data);\n")  # a prototype, in a header
    assert not admits(b"static irqreturn_t other_isr(int irq, void *data)\n{\n\treturn foo_isr(irq, data);\n}\n")
    assert not admits(b"irqreturn_t foo_isr_helper(int irq)\n{\n}\n")  # another name


def _run(folder: Path, rules):
    from kmodlint.config import Config
    from kmodlint.engine import run

    cwd = os.getcwd()
    os.chdir(folder)
    try:
        return run(["."], rules, Config(), {r.id for r in rules})[0]
    finally:
        os.chdir(cwd)


def test_irq_folder_admission_turns_away_no_finding_of_the_fixtures():
    """Run without their folder admission, the IRQ rules find nothing in a file the admission turns
    away, and the admission turns away some fixture files (it is not vacuous)."""
    turned_away = 0
    for rule_id in IRQ_RULES:
        rule = by_id()[rule_id]
        unfiltered = dataclasses.replace(rule, folder_admits=None)
        for folder in sorted({p.parent for p in FIXTURES.rglob("*.[ch]")}):
            files = sorted(folder.glob("*.[ch]"))
            test = defines_registered_handler([p.read_bytes() for p in files])
            own = [f for f in _run(folder, [unfiltered]).findings if "/" not in f.path]  # not a subfolder's
            for finding in own:
                assert test((folder / finding.path).read_bytes()), (rule_id, folder, finding)
            assert [f for f in _run(folder, [rule]).findings if "/" not in f.path] == own, (rule_id, folder)
            turned_away += sum(not test(p.read_bytes()) for p in files if b"irqreturn_t" in p.read_bytes()
                               or b"_lock_irq" in p.read_bytes())
    assert turned_away


def test_a_handler_registered_by_a_sibling_is_still_read_there(tmp_path):
    """The file that registers the handler holds no definition and is not admitted, but it is
    parsed for the file that is: the registration is what makes the handler a hard-IRQ one."""
    (tmp_path / "foo_irq.c").write_text(
        "#include \"foo.h\"\n\nirqreturn_t foo_isr(int irq, void *data)\n{\n\tstruct foo *foo = data;\n\n"
        "\tfoo->events |= 1;\n\treturn IRQ_HANDLED;\n}\n\n"
        "static ssize_t foo_write(struct file *file, const char __user *buf, size_t len, loff_t *ppos)\n{\n"
        "\tstruct foo *foo = file->private_data;\n\n\tfoo->events &= ~1UL;\n\treturn len;\n}\n\n"
        "static const struct file_operations foo_fops = {\n\t.write = foo_write,\n};\n")
    (tmp_path / "foo_main.c").write_text(
        "#include \"foo.h\"\n\nint foo_probe(struct foo *foo)\n{\n"
        "\treturn request_irq(foo->irq, foo_isr, 0, \"foo\", foo);\n}\n")
    (tmp_path / "foo.h").write_text("struct foo {\n\tint irq;\n\tunsigned long events;\n};\n"
                                    "irqreturn_t foo_isr(int irq, void *data);\n")
    (tmp_path / "foo_regs.h").write_text("struct foo_regs {\n\tu32 status;\n};\n#define FOO_IRQ_ACK 1\n")
    result = _run(tmp_path, [by_id()["unlocked-shared-flag"]])
    assert [(f.path, f.span.line) for f in result.findings] == [("foo_irq.c", 7)]
    # foo.h is parsed only once the check asks where struct foo is defined; foo_regs.h never.
    assert (result.files_parsed, result.files_skipped) == (3, 1)


def test_debugfs_mmap_admission_needs_mmap_in_the_folder(tmp_path):
    """debugfs-mmap-ignored parses a debugfs file only when its folder mentions mmap (or it hands
    debugfs a known kernel fops): the finding needs a .mmap the folder index can see."""
    rule = by_id()["debugfs-mmap-ignored"]
    create = (b"static int foo_debugfs(struct foo *foo)\n{\n"
              b"\tdebugfs_create_file(\"ring\", 0400, foo->dir, foo, &ring_fops);\n\treturn 0;\n}\n")
    (tmp_path / "debugfs.c").write_bytes(create)
    (tmp_path / "fops.c").write_bytes(b"const struct file_operations ring_fops = {\n\t.read = ring_read,\n};\n")
    result = _run(tmp_path, [rule])
    assert (result.files_parsed, result.findings) == (0, [])
    (tmp_path / "fops.c").write_bytes(b"const struct file_operations ring_fops = {\n\t.read = ring_read,\n"
                                      b"\t.mmap = ring_mmap,\n};\n")
    result = _run(tmp_path, [rule])
    assert [(f.path, f.span.line) for f in result.findings] == [("debugfs.c", 3)]
    relay = create.replace(b"&ring_fops", b"&relay_file_operations")
    assert rule.folder_admits([relay])(relay) and not rule.folder_admits([create])(create)


def test_debugfs_mmap_admission_turns_away_no_finding_of_the_fixtures():
    rule = by_id()["debugfs-mmap-ignored"]
    unfiltered = dataclasses.replace(rule, folder_admits=None)
    for folder in sorted({p.parent for p in FIXTURES.rglob("*.[ch]")}):
        own = [f for f in _run(folder, [unfiltered]).findings if "/" not in f.path]
        assert [f for f in _run(folder, [rule]).findings if "/" not in f.path] == own, folder


def test_copy_user_rules_need_a_call_of_one_of_their_functions():
    """`get_user_pages(` holds the word get_user and calls none of the family: not parsed for them;
    a call split by a comment, a `__` variant and a macro's body that calls one are."""
    from kmodlint.config import Config
    from kmodlint.engine import Analyzer

    rules = [by_id()[i] for i in ("unchecked-copy-user", "copy-user-negative-check", "copy-user-wrong-errno")]
    analyzer = Analyzer(rules, Config(), {r.id for r in rules})

    def admitted(data: bytes) -> bool:
        return bool(analyzer._relevant_rules(data))

    assert not admitted(b"npages = get_user_pages(addr, n, FOLL_WRITE, pages);\n")
    assert not admitted(b"static void put_user_page_list(struct page **p);\n")
    assert admitted(b"if (get_user /* the flag */ (flag, argp))\n\treturn -EFAULT;\n")
    assert admitted(b"n = __copy_from_user_inatomic(dst, src, len);\n")
    assert admitted(b"#define FETCH(x, p) get_user(x, p)\n")


def test_a_handler_registered_through_the_drivers_own_wrapper_is_admitted():
    """`foo_setup_irq(priv, foo_isr)` whose body passes its parameter on: the registration names a
    parameter no file defines, so a file defining an irqreturn_t function the folder passes on may
    hold the handler."""
    wrapper = (b"int foo_setup_irq(struct foo *priv, irq_handler_t handler)\n{\n"
               b"\treturn devm_request_irq(priv->dev, priv->irq, handler, 0, \"foo\", priv);\n}\n")
    handler = b"static irqreturn_t foo_isr(int irq, void *data)\n{\n\treturn IRQ_HANDLED;\n}\n"
    probe = b"int foo_probe(struct foo *priv)\n{\n\treturn foo_setup_irq(priv, foo_isr);\n}\n"
    admits = defines_registered_handler([wrapper, handler, probe])
    assert admits(handler)
    assert not admits(b"static int foo_probe(struct device *dev)\n{\n\treturn 0;\n}\n")
    direct = defines_registered_handler([b"request_irq(irq, bar_isr, 0, \"bar\", p);",
                                         b"irqreturn_t bar_isr(int irq, void *d)\n{\n}\n"])
    assert not direct(handler)  # every registered name is defined: no wrapper, only bar_isr's file


def test_with_a_wrapper_only_a_handler_the_folder_passes_on_is_admitted():
    """Behind a wrapper (or a function pointer) the handler is a function the folder passes or stores:
    an irqreturn_t function that is only ever called (a demux helper of another driver of the folder)
    is not one; a macro that defines handlers, whose names the bytes do not show, is admitted."""
    wrapper = (b"int foo_setup_irq(struct foo *priv, irq_handler_t handler)\n{\n"
               b"\treturn devm_request_irq(priv->dev, priv->irq, handler, 0, \"foo\", priv);\n}\n")
    passed = (b"/* foo_isr() acks the line */\nstatic irqreturn_t\nfoo_isr(int irq, void *data)\n{\n"
              b"\treturn IRQ_HANDLED;\n}\n\nint foo_probe(struct foo *priv)\n{\n"
              b"\treturn foo_setup_irq(priv, foo_isr);\n}\n")
    stored = (b"static irqreturn_t bar_isr(int irq, void *data)\n{\n\treturn IRQ_HANDLED;\n}\n"
              b"static const struct foo_ops bar_ops = {\n\t.irq_handler = bar_isr,\n};\n")
    called = (b"static irqreturn_t baz_demux(int irq, void *data)\n{\n\treturn IRQ_HANDLED;\n}\n"
              b"static irqreturn_t baz_thread(int irq, void *data)\n{\n\treturn baz_demux (irq, data);\n}\n")
    macro = b"#define FOO_ISR(n) \\\nstatic irqreturn_t n##_isr(int irq, void *d) { return IRQ_NONE; }\nFOO_ISR(qux)\n"
    admits = defines_registered_handler([wrapper, passed, stored, called, macro])
    assert admits(passed) and admits(stored) and admits(macro)
    assert not admits(called)


# --- selection independence ---------------------------------------------------------------------

def _write_status_driver(folder: Path) -> None:
    """An IRQ handler counts events; a function of its file reads then resets the counts (for the
    user, not only for a log line), and is
    called only from a sibling's ioctl ops table (a log_status method: a system call). That sibling
    holds no IRQ word, but a user copy that unchecked-copy-user parses it for."""
    (folder / "bar.h").write_text(
        "struct bar {\n\tint irq;\n\tunsigned int irq_count;\n\tunsigned int irq_none;\n};\n"
        "irqreturn_t bar_isr(int irq, void *data);\nvoid bar_irq_log_status(struct bar *bar, unsigned int *counts);\n")
    (folder / "bar_irq.c").write_text(
        "#include \"bar.h\"\n\nirqreturn_t bar_isr(int irq, void *data)\n{\n\tstruct bar *bar = data;\n\n"
        "\tif (!(readl(bar->regs) & 1)) {\n\t\tbar->irq_none++;\n\t\treturn IRQ_NONE;\n\t}\n"
        "\tbar->irq_count++;\n\treturn IRQ_HANDLED;\n}\n\n"
        "void bar_irq_log_status(struct bar *bar, unsigned int *counts)\n{\n"
        "\tcounts[0] = bar->irq_count;\n\tcounts[1] = bar->irq_none;\n"
        "\tbar->irq_count = 0;\n\tbar->irq_none = 0;\n}\n")
    (folder / "bar_main.c").write_text(
        "#include \"bar.h\"\n\nint bar_probe(struct bar *bar)\n{\n"
        "\treturn request_irq(bar->irq, bar_isr, IRQF_SHARED, \"bar\", bar);\n}\n")
    (folder / "bar_v4l2.c").write_text(
        "#include \"bar.h\"\n\nstatic int bar_log_status(struct file *file, void *fh)\n{\n"
        "\tstruct bar *bar = video_drvdata(file);\n\tunsigned int counts[2];\n\n\tbar_irq_log_status(bar, counts);\n"
        "\treturn copy_to_user(fh, counts, sizeof(counts)) ? -EFAULT : 0;\n}\n\n"
        "static int bar_s_ctrl(struct file *file, void *fh, struct bar_ctrl __user *uctrl)\n{\n"
        "\tstruct bar_ctrl ctrl;\n\n\tif (copy_from_user(&ctrl, uctrl, sizeof(ctrl)))\n\t\treturn -EFAULT;\n"
        "\treturn 0;\n}\n\n"
        "static const struct v4l2_ioctl_ops bar_ioctl_ops = {\n"
        "\t.vidioc_log_status = bar_log_status,\n\t.vidioc_s_ctrl = bar_s_ctrl,\n};\n")


def test_a_rules_findings_do_not_depend_on_the_other_rules_selected(tmp_path):
    """unlocked-shared-flag's finding in bar_irq.c needs the context of bar_irq_log_status(), which
    only bar_v4l2.c's ops table gives. Selected alone, the rule must read that sibling itself: what
    another rule makes the engine parse must neither add a finding nor take one away."""
    _write_status_driver(tmp_path)
    usf = by_id()["unlocked-shared-flag"]
    alone = _run(tmp_path, [usf]).findings
    together = [f for f in _run(tmp_path, [usf, by_id()["unchecked-copy-user"]]).findings if f.rule_id == usf.id]
    assert [(f.path, f.span.line, f.message) for f in alone] == [(f.path, f.span.line, f.message) for f in together]
    assert [(f.path, f.span.line) for f in alone] == [("bar_irq.c", 8)]


def test_rules_that_admit_alike_judge_each_file_once(tmp_path):
    """spin-lock-irq-in-handler and unlocked-shared-flag share their folder admission: it is built
    once per folder and each file is judged once for both, and each still gets its findings."""
    built, judged = [], []

    def counting(folder_data):
        built.append(len(folder_data))
        admits = defines_registered_handler(folder_data)

        def judge(data):
            judged.append(data)
            return admits(data)
        return judge

    (tmp_path / "foo_irq.c").write_text(
        "irqreturn_t foo_isr(int irq, void *data)\n{\n\tstruct foo *foo = data;\n\n"
        "\tfoo->events |= 1;\n\treturn IRQ_HANDLED;\n}\n\n"
        "static ssize_t foo_write(struct file *file, const char __user *buf, size_t len, loff_t *ppos)\n{\n"
        "\tstruct foo *foo = file->private_data;\n\n\tfoo->events &= ~1UL;\n\treturn len;\n}\n\n"
        "static const struct file_operations foo_fops = {\n\t.write = foo_write,\n};\n\n"
        "int foo_probe(struct foo *foo)\n{\n\tspin_lock_irq(&foo->lock);\n\tfoo->irq = 3;\n"
        "\tspin_unlock_irq(&foo->lock);\n\treturn request_irq(foo->irq, foo_isr, 0, \"foo\", foo);\n}\n")
    (tmp_path / "foo_other.c").write_text(
        "irqreturn_t bar_isr(int irq, void *data)\n{\n\tstruct foo *foo = data;\n\n"
        "\tspin_lock_irq(&foo->lock);\n\tspin_unlock_irq(&foo->lock);\n\treturn IRQ_NONE;\n}\n")
    (tmp_path / "foo.h").write_text("struct foo {\n\tspinlock_t lock;\n\tint irq;\n\tunsigned long events;\n};\n")
    rules = [dataclasses.replace(by_id()[rule_id], folder_admits=counting)
             for rule_id in ("spin-lock-irq-in-handler", "unlocked-shared-flag")]
    alone = _run(tmp_path, [by_id()["unlocked-shared-flag"]])
    built.clear()
    result = _run(tmp_path, rules)
    assert built == [3]
    assert sorted(judged) == sorted(set(judged)) and len(judged) == 2  # the two .c files, each once for both rules
    assert [(f.rule_id, f.span.line) for f in result.findings] == [(f.rule_id, f.span.line) for f in alone.findings]
    assert [f.span.line for f in result.findings if f.rule_id == "unlocked-shared-flag"] == [5]
