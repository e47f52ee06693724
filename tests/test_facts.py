"""The fact model: what rules read about a file must match the code's shape."""
from __future__ import annotations

import pytest

from kmodlint.facts import AccessKey, AccessKind, ExitKind, LockKind, TestKind, UsageKind, extract
from kmodlint.folder import FolderIndex
from kmodlint.source import SourceFile


def facts_of(code: str, extras=frozenset()):
    return extract(SourceFile("drv.c", code.encode()), frozenset(extras))


def call(facts, callee, nth=0):
    return facts.calls_to(callee)[nth]


@pytest.mark.parametrize("statement, usage", [
    ("copy_to_user(u, k, n);", UsageKind.DISCARDED),
    ("(void)copy_to_user(u, k, n);", UsageKind.VOID_CAST),
    ("return copy_to_user(u, k, n);", UsageKind.RETURNED),
    ("if (copy_to_user(u, k, n)) return -EFAULT;", UsageKind.TESTED),
    ("n -= copy_to_user(u, k, n);", UsageKind.ACCUMULATED),
    ("foo(copy_to_user(u, k, n));", UsageKind.ARGUMENT),
    ("x = 1 + copy_to_user(u, k, n);", UsageKind.EXPRESSION),
])
def test_call_usage(statement, usage):
    facts = facts_of(f"long f(void) {{ long n, x; {statement} return 0; }}")
    assert call(facts, "copy_to_user").usage is usage


def test_a_misspelt_or_textual_kind_fails_loudly_instead_of_never_matching():
    """A kind is a member of its enum: a rule asking for a member that does not exist, or still
    comparing with the text the field used to hold, stops with an error instead of matching nothing."""
    facts = facts_of("static int flag;\nirqreturn_t h(int irq, void *d) { flag++; (void)copy_to_user(u, k, n); }",
                     extras={"accesses"})
    copy = call(facts, "copy_to_user")
    assert copy.usage is UsageKind.VOID_CAST and copy.usage.ignored
    with pytest.raises(AttributeError):
        copy.usage is UsageKind.VOIDCAST
    with pytest.raises(TypeError, match="UsageKind.VOID_CAST compared with the text 'void-cast'"):
        copy.usage == "void-cast"
    with pytest.raises(TypeError):
        copy.usage in ("discarded", "void-cast")
    [access] = facts.accesses
    assert access.kind is AccessKind.RMW and access.kind != AccessKind.WRITE
    assert f"{access.kind} in {access.function}()" == "rmw in h()", "messages read the word"
    with pytest.raises(AttributeError):
        access.kind is AccessKind.RWM
    with pytest.raises(TypeError):
        access.kind != "write"
    with pytest.raises(TypeError):
        access.kind in {"write", "rmw"}  # a set of the old words, too


def test_assigned_result_followed_to_its_test_and_failure_branch():
    facts = facts_of("""
long f(void __user *u)
{
	int ret = copy_from_user(&k, u, 4);
	if (ret) {
		ret = -EINVAL;
		goto out;
	}
out:
	return ret;
}""")
    copy = call(facts, "copy_from_user")
    assert copy.usage is UsageKind.ASSIGNED and copy.target == "ret" and copy.result_read
    assert copy.test.kind is TestKind.BRANCH and copy.test.via == "ret"
    assert [(e.kind, e.text) for e in copy.test.failure] == [(ExitKind.ASSIGN, "-EINVAL")]


def test_overwrite_only_counts_on_the_same_path():
    switch = facts_of("""
long f(int cmd, int __user *p)
{
	int ret;
	switch (cmd) {
	case 1: ret = put_user(1, p); break;
	case 2: ret = -ENOTTY; break;
	}
	return ret;
}""")
    assert call(switch, "put_user").result_read
    straight = facts_of("long f(int __user *p) { int ret; ret = put_user(1, p); ret = 0; return ret; }")
    assert not call(straight, "put_user").result_read


def test_negated_test_uses_the_else_branch_and_comparisons_are_kept():
    facts = facts_of("""
long f(void __user *u)
{
	if (!copy_from_user(&k, u, 4)) ok(); else return -EIO;
	if (copy_to_user(u, &k, 4) < 0) return -EFAULT;
	return 0;
}""")
    assert [e.text for e in call(facts, "copy_from_user").test.failure] == ["-EIO"]
    compare = call(facts, "copy_to_user").test
    assert (compare.kind, compare.compare_op, compare.compare_value) == (TestKind.COMPARE, "<", "0")


def test_struct_initializer_fields_under_ifdef():
    facts = facts_of("""
static const struct file_operations fops = {
	.read = r,
#ifdef CONFIG_MMU
	.mmap = m,
#endif
};""")
    init = facts.struct_inits[0]
    assert (init.struct, init.name, init.static) == ("file_operations", "fops", True)
    assert init.field("mmap") == "m" and init.field("read") == "r"


def test_lock_regions_pair_acquire_and_release_and_know_guards():
    facts = facts_of("""
static irqreturn_t h(int irq, void *d)
{
	struct foo *f = d;
	unsigned long flags;
	spin_lock_irqsave(&f->lock, flags);
	f->a = 1;
	spin_unlock_irqrestore(&f->lock, flags);
	scoped_guard(spinlock, &f->lock) {
		f->b = 1;
	}
	guard(mutex)(&f->m);
	f->c = 1;
	return IRQ_HANDLED;
}""")
    kinds = sorted((r.kind, r.span.line) for r in facts.lock_regions)
    assert kinds == [(LockKind.MUTEX, 12), (LockKind.SPIN, 9), (LockKind.SPIN_IRQSAVE, 6)]


def test_accesses_resolve_fields_by_type_and_skip_shadowing_locals():
    facts = facts_of("""
struct dev { int ready; };
static int flag;
static irqreturn_t h(int irq, void *id)
{
	struct dev *d = id;
	d->ready = 1;
	flag++;
	return IRQ_HANDLED;
}
static long ioctl(struct file *f, unsigned int cmd, unsigned long flag)
{
	return flag;
}
static ssize_t rd(struct file *f)
{
	wait_event_interruptible(wq, READ_ONCE(flag));
	return flag;
}""", extras={"accesses"})
    seen = {(a.key, a.function, a.kind, a.accessor) for a in facts.accesses}
    assert ("struct dev.ready", "h", AccessKind.WRITE, "") in seen
    assert ("flag", "h", AccessKind.RMW, "") in seen
    assert ("flag", "rd", AccessKind.READ, "READ_ONCE") in seen
    assert ("flag", "rd", AccessKind.READ, "") in seen
    assert not any(a.function == "ioctl" for a in facts.accesses), "the parameter shadows the global"
    # The key's parts, for a rule that needs them, without parsing its text.
    assert {(a.key.struct, a.key.name) for a in facts.accesses} == {("dev", "ready"), ("", "flag")}


def test_folder_index_respects_static_linkage():
    own = facts_of("static const struct file_operations fops = { .read = r };")
    other = extract(SourceFile("b.c", b"const struct file_operations fops = { .mmap = m };"))
    hidden = extract(SourceFile("c.c", b"static const struct file_operations priv = { .mmap = m };"))
    index = FolderIndex({"drv.c": own, "b.c": other, "c.c": hidden})
    assert index.struct_init("fops", "drv.c")[0] == "drv.c", "a file's own definition wins"
    assert index.struct_init("fops", "x.c")[0] == "b.c"
    assert index.struct_init("priv", "x.c") is None, "static symbols stay in their file"


def test_parameters_keep_their_annotations_as_written():
    facts = facts_of("static ssize_t r(struct file *f, char __user *buf, size_t n) { return 0; }\n"
                     "static ssize_t k(struct file *f, __user char *buf,\n\t\tsize_t n) { return 0; }\n")
    buffer, count = facts.function("r").params[1:]
    assert (buffer.type, buffer.text) == ("char *", "char __user *buf")
    assert (buffer.span.line, buffer.span.column, buffer.span.end_column) == (1, 34, 50)
    assert count.text == "size_t n"
    leading = facts.function("k").params[1]  # masked to `       char *buf`: the node starts at `char`
    assert (leading.text, leading.span.line, leading.span.column) == ("__user char *buf", 2, 34)


def test_facts_read_on_demand_equal_facts_extracted_with_the_parse():
    """Families not asked for are extracted on first read, from the same tree, with the same result;
    pickled facts are plain data (every family, no syntax tree)."""
    import pickle
    from dataclasses import fields

    code = """
static int shared;
struct dev { int ready; };
static irqreturn_t h(int irq, void *data)
{
	struct dev *d = data;
	d->ready = 1;
	shared++;
	spin_lock(&lock);
	if (copy_to_user(u, &k, 4) < 0)
		return -EINVAL;
	spin_unlock(&lock);
	return IRQ_HANDLED;
}
static const struct file_operations fops = { .read = r };
#define DROP(x) do { x; } while (0)
"""
    everything = frozenset(f.name for f in fields(extract(SourceFile("drv.c", b""))) if f.name not in
                           ("path", "has_parse_errors", "suppressions"))
    eager = facts_of(code, everything)
    lazy = facts_of(code)
    for name in sorted(everything):
        assert getattr(lazy, name) == getattr(eager, name), name
    copy = call(lazy, "copy_to_user")
    assert (copy.usage, copy.test.compare_op, copy.args) == (UsageKind.TESTED, "<", ("u", "&k", "4"))
    restored = pickle.loads(pickle.dumps(lazy))
    assert restored.calls == lazy.calls and restored.accesses == lazy.accesses
    assert lazy.extractor is not None and restored.extractor is None
    assert restored.accesses and all(type(a.key) is AccessKey for a in restored.accesses)
    # Kinds come back as the members themselves (compared with `is`), not as copies or text.
    assert call(restored, "copy_to_user").usage is UsageKind.TESTED
    assert call(restored, "copy_to_user").test.kind is TestKind.COMPARE
    assert {a.kind for a in restored.accesses} == {AccessKind.WRITE, AccessKind.RMW}
    assert all(type(c.usage) is UsageKind for c in restored.calls)


def test_every_fact_attribute_belongs_to_one_family():
    """Rule.needs names FileFacts attributes: each one is extracted by exactly one Family, and a
    family asked for by name (or as a Family) comes with the parse."""
    from dataclasses import fields

    from kmodlint.facts import ATTRIBUTES, Family, FileFacts, family_of

    data = {f.name for f in fields(FileFacts)} - {"path", "has_parse_errors", "suppressions"}
    assert ATTRIBUTES == data
    assert sorted(a for family in Family for a in family.containers) == sorted(data)
    assert family_of("locals") is family_of("globals") is Family.DECLARATIONS
    code = "static int g; void f(void) { int l = 1; g = l; }"
    for extras in ({"declarations"}, {Family.DECLARATIONS}, {"locals"}):
        facts = facts_of(code, extras)
        assert "globals" in facts.__dict__ and "locals" in facts.__dict__ and "calls" not in facts.__dict__, extras


def test_struct_initializer_members_of_members():
    facts = facts_of("""
static struct eisa_driver ed = {
	.id_table = ids,
	.driver = {
		.name = "ed",
		.probe = ed_probe,
		.pm = { .suspend = ed_suspend },
	},
	.drv.remove = ed_remove,
	.ops[0] = first,
	.hooks = { { .probe = positional } },
};""")
    init = facts.struct_inits[0]
    assert init.field("driver").startswith("{") and init.field("ops") == "first"
    assert init.field("drv") is None, "a designator chain sets a member of drv, not drv"
    assert init.nested == (("driver.name", '"ed"'), ("driver.probe", "ed_probe"),
                           ("driver.pm", "{ .suspend = ed_suspend }"), ("driver.pm.suspend", "ed_suspend"),
                           ("drv.remove", "ed_remove"))
    assert dict(init.members())["driver.probe"] == "ed_probe"


def test_file_scope_invocations_without_semicolon():
    facts = facts_of("""#pragma once
static int a_init(void) { return 0; }
/* module_init(in_a_comment) */
#define REG(f) module_init(f)
module_init(a_init)
module_exit( a_exit() ) /* old */
MODULE_ALIAS("x,y")
late_initcall(b_init);
""")
    found = [(i.name, i.args, i.span.line) for i in facts.invocations]
    assert found == [("module_init", ("a_init",), 5), ("module_exit", ("a_exit()",), 6), ("MODULE_ALIAS", ('"x,y"',), 7)]
    assert facts.invocations[1].end_byte - facts.invocations[1].start_byte == len("module_exit( a_exit() )")
    assert [c.callee for c in facts.calls] == ["late_initcall"], "with its `;` it is a call, not an invocation"
