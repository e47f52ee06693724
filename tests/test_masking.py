"""kmodlint.source.mask(): kernel macro shapes become plain C of the same length.

For each shape: (a) the masked bytes keep the length and every newline, (b) the
masked snippet parses without an ERROR/MISSING node while the raw one has one
(where tree-sitter-c fails on the raw text), and (c) a call next to (or inside)
the rewritten text is still found by the facts at its original line and column,
with its callee and arguments read from the original text.
"""
from __future__ import annotations

import pytest
import tree_sitter
import tree_sitter_c

from kmodlint.facts import extract
from kmodlint.source import SourceFile, mask

_PARSER = tree_sitter.Parser(tree_sitter.Language(tree_sitter_c.language()))


def has_error(data: bytes) -> bool:
    return _PARSER.parse(data).root_node.has_error


def newlines(data: bytes) -> list[int]:
    return [i for i, byte in enumerate(data) if byte == 0x0A]


def position(data: bytes, offset: int) -> tuple[int, int]:
    line_start = data.rfind(b"\n", 0, offset) + 1
    return data.count(b"\n", 0, offset) + 1, offset - line_start + 1


def check(raw: str, *calls: str, raw_error: bool = True) -> bytes:
    """Assert (a), (b) and (c) for `raw`; `calls` are `callee(` texts whose first
    occurrence must be reported as a call at its original position."""
    data = raw.encode()
    masked = mask(data)
    assert len(masked) == len(data)
    assert newlines(masked) == newlines(data)
    assert not has_error(masked), masked.decode()
    assert has_error(data) == raw_error
    facts = extract(SourceFile("t.c", data))
    for text in calls:
        callee = text.split("(")[0]
        offset = data.index(text.encode())
        found = [c for c in facts.calls if c.callee == callee and c.start_byte == offset]
        assert found, f"{callee} not found as a call at byte {offset}: {[c.callee for c in facts.calls]}"
        line, column = position(data, offset)
        assert (found[0].span.line, found[0].span.column) == (line, column)
    return masked


# ---------------------------------------------------------------- annotations


def test_word_annotations_are_blanked():
    masked = check(
        "static int __init __must_check setup(char __user *buf, void __iomem *regs)\n"
        "{\n"
        "\treturn copy_from_user(kbuf, buf, 4);\n"
        "}\n"
        "static struct ops ops __ro_after_init = { .x = 1 };\n"
        "struct hdr { u8 a; u32 b; } __packed ____cacheline_aligned;\n",
        "copy_from_user(",
    )
    assert b"__user" not in masked and b"__init" not in masked
    facts = extract(SourceFile("t.c", masked))
    assert facts.function("setup") is not None


def test_annotations_with_arguments_are_blanked():
    check(
        "struct ring {\n"
        "\tint n;\n"
        "\tu64 stamp __aligned(sizeof(u64));\n"
        "\tstruct item items[] __counted_by(n);\n"
        "};\n"
        "static void report(const char *fmt, ...) __printf(1,\n  2);\n"
        "void run(void)\n"
        "{\n"
        "\tchar *buf __free(kfree) = kzalloc(16, GFP_KERNEL);\n"
        "}\n",
        "kzalloc(",
    )


def test_plain_word_annotations_are_blanked():
    check(
        "static noinline_for_stack int heavy(void)\n"
        "{\n"
        "\treturn request_irq(1, handler, 0, \"x\", NULL);\n"
        "}\n"
        "asmlinkage void notrace entry(void) { send_sig(SIGKILL, current, 0); }\n",
        "request_irq(", "send_sig(",
    )


def test_attribute_after_an_array_declarator_is_blanked():
    check(
        "static u8 table[4] __attribute__ ((aligned(4)));\n"
        "void f(void)\n{\n\tu8 hdr[4] __attribute__((aligned(4)));\n\tspin_lock(&l);\n}\n",
        "spin_lock(",
    )


def test_a_name_that_only_contains_an_annotation_is_kept():
    data = b"int my__init = 1; int x__user; void f(void) { my__init++; }\n"
    assert mask(data) == data


# ---------------------------------------------------------------- loops


def test_iterator_macro_with_a_block_becomes_a_while():
    masked = check(
        "void drain(struct list_head *head)\n"
        "{\n"
        "\tstruct item *pos, *n;\n"
        "\n"
        "\tlist_for_each_entry_safe(pos, n, head, node) {\n"
        "\t\tlist_del(&pos->node);\n"
        "\t\tkfree(pos);\n"
        "\t}\n"
        "}\n",
        "list_del(", "kfree(",
    )
    assert b"while" in masked
    facts = extract(SourceFile("t.c", masked))
    kfree = [c for c in facts.calls if c.callee == "kfree"][0]
    assert kfree.function == "drain"  # the body stays inside its function


def test_iterator_macro_with_a_single_statement_body():
    check(
        "void scan(unsigned long mask)\n"
        "{\n"
        "\tint bit;\n"
        "\tfor_each_set_bit(bit, &mask, 32)\n"
        "\t\tenable_irq(bit);\n"
        "\thash_for_each_possible(table, obj, node, key)\n"
        "\t\tif (obj->key == key)\n"
        "\t\t\treturn;\n"
        "}\n",
        "enable_irq(",
    )


def test_other_block_macros_become_loops():
    check(
        "void f(struct sk_buff_head *q)\n"
        "{\n"
        "\tstruct sk_buff *skb, *tmp;\n"
        "\tskb_queue_walk_safe(q, skb, tmp) {\n"
        "\t\tkfree_skb(skb);\n"
        "\t}\n"
        "\tscoped_guard(spinlock_irqsave, &lock) {\n"
        "\t\tcount++;\n"
        "\t}\n"
        "}\n",
        "kfree_skb(",
    )


def test_a_real_function_with_for_each_in_its_name_stays_a_call():
    raw = (
        "int probe_all(void)\n"
        "{\n"
        "\tint ret;\n"
        "\tbus_for_each_dev(&pci_bus_type, NULL, NULL, probe_one);\n"
        "\tret = device_for_each_child(dev, NULL, check);\n"
        "\treturn idr_for_each(&idr, cb, NULL);\n"
        "}\n"
    )
    masked = check(raw, "bus_for_each_dev(", "device_for_each_child(", "idr_for_each(", raw_error=False)
    assert masked == raw.encode()


def test_an_iterator_definition_is_left_alone():
    raw = "#define for_each_thing(t, list) \\\n\tfor ((t) = (list); (t); (t) = (t)->next)\n"
    assert mask(raw.encode()) == raw.encode()


# ---------------------------------------------------------------- types as arguments


def test_type_arguments_of_macros():
    check(
        "static void done(struct work_struct *work)\n"
        "{\n"
        "\tstruct ctx *ctx = container_of(work, struct ctx, work);\n"
        "\tstruct item *it = list_first_entry(&ctx->list, const struct item, node);\n"
        "\tsize_t n = min_t(unsigned int, ctx->len, 16);\n"
        "\tif (ctx->ready)\n"
        "\t\tvirtio_cread(vdev, struct virtio_cfg,\n"
        "\t\t\t     vendor, &vendor);\n"
        "\tcopy_to_user(ctx->ubuf, it, n);\n"
        "}\n",
        "container_of(", "list_first_entry(", "min_t(", "virtio_cread(", "copy_to_user(",
    )
    facts = extract(SourceFile("t.c", b"void f(void) { p = container_of(w, struct ctx, work); }\n"))
    call = facts.calls_to("container_of")[0]
    assert call.args == ("w", "struct ctx", "work")  # read from the original text
    facts = extract(SourceFile("t.c", b"void f(void) { n = min_t(unsigned long, a, b); }\n"))
    assert facts.calls_to("min_t")[0].args == ("unsigned long", "a", "b")


def test_type_arguments_leave_declarations_alone():
    raw = (
        "int handler(struct device *, unsigned int);\n"
        "static int (*hook)(const struct item *, int);\n"
        "static int probe(struct device *dev, unsigned int flags)\n"
        "{\n"
        "\treturn sizeof(struct item) + (int)(unsigned long)dev + offsetof(struct item, node);\n"
        "}\n"
    )
    assert mask(raw.encode()) == raw.encode()
    facts = extract(SourceFile("t.c", raw.encode()))
    assert [p.type for p in facts.function("probe").params] == ["struct device *", "unsigned int"]


def test_per_cpu_declaration_with_a_type_argument():
    check("DEFINE_PER_CPU(struct stats *, cpu_stats);\nstatic DEFINE_PER_CPU(struct stats, local);\n"
          "void f(void) { free_irq(1, NULL); }\n", "free_irq(")


def test_typeof_of_an_expression():
    check(
        "void f(struct s *p, long v)\n"
        "{\n"
        "\ttypeof(p->count) old = p->count;\n"
        "\tp->count = (typeof(p->count))v;\n"
        "\tp->size = offsetof(typeof(*p), data) + copy_from_user(p->data, ubuf, v);\n"
        "}\n",
        "copy_from_user(",
    )


def test_offsetof_with_a_nested_member():
    check(
        "void f(struct req *r)\n"
        "{\n"
        "\tr->len = offsetof(struct req, u.write.data) + offsetof(struct req, slots[r->n]);\n"
        "\tdebugfs_create_file(\"x\", 0400, NULL, r, &fops);\n"
        "}\n",
        "debugfs_create_file(",
    )


# ---------------------------------------------------------------- GNU syntax


def test_case_ranges():
    check(
        "int classify(int c)\n"
        "{\n"
        "\tswitch (c) {\n"
        "\tcase 'a' ... 'z':\n"
        "\t\treturn 1;\n"
        "\tcase 0 ... 9:\n"
        "\t\treturn send_sig(SIGTERM, current, 0);\n"
        "\t}\n"
        "\treturn 0;\n"
        "}\n",
        "send_sig(",
    )


def test_designated_ranges_already_parse_and_stay():
    raw = "static int table[16] = { [0 ... 7] = 1, [8 ... 15] = 2 };\n"
    assert mask(raw.encode()) == raw.encode()
    check(raw, raw_error=False)


def test_named_variadic_macro_parameters():
    check(
        "#define dbg(dev, fmt, args...) dev_dbg(dev, fmt, ##args)\n"
        "#define err(fmt, ...) pr_err(fmt, ##__VA_ARGS__)\n"
        "void f(void) { netlink_kernel_create(&init_net, 31, &cfg); }\n",
        "netlink_kernel_create(",
    )


def test_comment_inside_a_define_body():
    check(
        "#define ENTRY(id) \\\n"
        "\t{ .id = id, /* the id */ \\\n"
        "\t  .name = #id }\n"
        "#define LIMIT 10 /* max */ \n"
        "void f(void) { request_irq(1, h, 0, \"x\", NULL); }\n",
        "request_irq(",
    )


# ---------------------------------------------------------------- preprocessor inside code


def test_conditional_inside_an_initializer():
    check(
        "static const struct file_operations fops = {\n"
        "\t.owner = THIS_MODULE,\n"
        "#ifdef CONFIG_COMPAT\n"
        "\t.compat_ioctl = dev_compat_ioctl,\n"
        "#endif\n"
        "\t.read = dev_read,\n"
        "};\n"
        "void f(void) { copy_from_user(a, b, 1); }\n",
        "copy_from_user(",
    )


def test_conditional_inside_an_if_else_chain_and_a_condition():
    check(
        "int f(int a, int b)\n"
        "{\n"
        "\tif (a == 1)\n"
        "\t\tspin_lock(&l1);\n"
        "#ifdef CONFIG_X\n"
        "\telse if (a == 2)\n"
        "\t\tspin_lock(&l2);\n"
        "#endif\n"
        "\telse\n"
        "\t\tspin_lock(&l3);\n"
        "\tif (a\n"
        "#ifdef CONFIG_Y\n"
        "\t    || b\n"
        "#endif\n"
        "\t    )\n"
        "\t\treturn copy_to_user(p, q, 1);\n"
        "\treturn 0;\n"
        "}\n",
        "spin_lock(&l2", "spin_lock(&l3", "copy_to_user(",
    )


def test_conditional_inside_a_string_concatenation():
    check(
        "void show(char *buf)\n"
        "{\n"
        "\tsysfs_emit(buf,\n"
        "\t\t   \"a %d\\n\"\n"
        "#ifdef CONFIG_B\n"
        "\t\t   \"b %d\\n\"\n"
        "#endif\n"
        "\t\t   \"c %d\\n\", 1, 2, 3);\n"
        "}\n",
        "sysfs_emit(",
    )


def test_conditionals_between_statements_are_kept():
    raw = (
        "void f(void)\n"
        "{\n"
        "\ta();\n"
        "#ifdef CONFIG_X\n"
        "\tb();\n"
        "#endif\n"
        "}\n"
        "#ifdef CONFIG_Y\n"
        "static int y;\n"
        "#endif\n"
    )
    assert mask(raw.encode()) == raw.encode()


# ---------------------------------------------------------------- file-scope macros


def test_file_scope_declaration_macros_already_parse():
    raw = (
        "static DEFINE_MUTEX(lock);\n"
        "static DEFINE_SPINLOCK(slock);\n"
        "static DECLARE_WAIT_QUEUE_HEAD(wq);\n"
        "module_param(debug, int, 0644);\n"
        "MODULE_PARM_DESC(debug, \"debug level\");\n"
        "DEFINE_SHOW_ATTRIBUTE(stats);\n"
        "int exported(void) { return 0; }\n"
        "EXPORT_SYMBOL_GPL(exported);\n"
        "MODULE_LICENSE(\"GPL\");\n"
        "MODULE_AUTHOR(\"me\");\n"
    )
    assert mask(raw.encode()) == raw.encode()
    check(raw, "EXPORT_SYMBOL_GPL(", "module_param(", raw_error=False)


def test_static_declaration_macro_with_several_arguments():
    check(
        "static DEVICE_ATTR(state, 0444, state_show, NULL);\n"
        "static SENSOR_DEVICE_ATTR_RO(temp1_input, temp, 0);\n"
        "static IIO_CONST_ATTR_SAMP_FREQ_AVAIL(\"100 200\");\n"
        "static ssize_t state_show(struct device *d, struct device_attribute *a, char *buf)\n"
        "{\n"
        "\treturn sysfs_emit(buf, \"%d\\n\", 1);\n"
        "}\n",
        "DEVICE_ATTR(", "SENSOR_DEVICE_ATTR_RO(", "sysfs_emit(",
    )


def test_declare_macros_among_struct_fields():
    check(
        "struct dev_state {\n"
        "\tDECLARE_BITMAP(flags, NR_FLAGS);\n"
        "\tDECLARE_HASHTABLE(table, 4);\n"
        "\tint count;\n"
        "\tDECLARE_FLEX_ARRAY(u8, data);\n"
        "};\n"
        "void f(void) { DECLARE_BITMAP(mask, 64); bitmap_zero(mask, 64); }\n",
        "bitmap_zero(",
    )


def test_pm_ops_macros_without_commas():
    check(
        "static const struct dev_pm_ops pm = {\n"
        "\tSET_SYSTEM_SLEEP_PM_OPS(dev_suspend, dev_resume)\n"
        "\tSET_RUNTIME_PM_OPS(rt_suspend, rt_resume, NULL)\n"
        "\t.prepare = dev_prepare,\n"
        "};\n"
        "void f(void) { free_irq(1, NULL); }\n",
        "free_irq(",
    )


def test_invocation_without_semicolon_at_file_scope():
    masked = check(
        "static int __init drv_init(void) { return 0; }\n"
        "module_init(drv_init)\n"
        "\n"
        "static void __exit drv_exit(void)\n"
        "{\n"
        "\tplatform_driver_unregister(&drv);\n"
        "}\n"
        "module_exit(drv_exit)\n"
        "MODULE_LICENSE(\"GPL\");\n",
        "platform_driver_unregister(",
    )
    facts = extract(SourceFile("t.c", masked))
    assert facts.function("drv_exit").static  # the next definition is intact


# ---------------------------------------------------------------- strings


def test_log_level_and_string_macros_in_a_concatenation():
    check(
        "#define DRV_NAME \"drv\"\n"
        "void f(void)\n"
        "{\n"
        "\tprintk(KERN_ERR DRV_NAME \": failed\\n\");\n"
        "\tpr_info(\"limit is \" __stringify(LIMIT) \"\\n\");\n"
        "}\n"
        "MODULE_PARM_DESC(nowayout, \"(default=\"\n\t__MODULE_STRING(WATCHDOG_NOWAYOUT) \")\");\n",
        "printk(", "pr_info(", "MODULE_PARM_DESC(",
    )


def test_common_kernel_statements_already_parse():
    raw = (
        "int f(int x)\n"
        "{\n"
        "\tswitch (x) {\n"
        "\tcase 1:\n"
        "\t\tx++;\n"
        "\t\tfallthrough;\n"
        "\tcase 2:\n"
        "\t\tif (likely(x) && unlikely(!x))\n"
        "\t\t\treturn 1;\n"
        "\t}\n"
        "\tasm volatile(\"nop\" ::: \"memory\");\n"
        "\treturn _Generic(x, int: 1, default: 0) + WARN_ON(x > 3);\n"
        "}\n"
    )
    assert mask(raw.encode()) == raw.encode()
    check(raw, "likely(", "WARN_ON(", raw_error=False)


# ---------------------------------------------------------------- invariants


SHAPES = [
    b"char __user *p; void __iomem *r __aligned(8);\n",
    b"list_for_each_entry(p, h, n) {\r\n\tx();\r\n}\r\n",
    b"x = container_of(p,\n\tstruct s,\n\tm);\n",
    b"static struct a b = {\n#if A\n .x = 1,\n#else\n .x = 2,\n#endif\n};\n",
    b"#if defined(A) && \\\n    defined(B)\nint x;\n#endif\n",
    b"\xff\xfe __init \x00 bytes",
    b"",
]


@pytest.mark.parametrize("data", SHAPES)
def test_length_and_newlines_are_kept(data):
    masked = mask(data)
    assert len(masked) == len(data)
    assert newlines(masked) == newlines(data)
    assert [i for i, b in enumerate(masked) if b == 0x0D] == [i for i, b in enumerate(data) if b == 0x0D]
