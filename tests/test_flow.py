"""The control-flow model: what a function returns when a call fails, read from the syntax tree."""
from __future__ import annotations

import pytest

from kmodlint.errors import Verdict, failure_exits, is_error
from kmodlint.facts import extract
from kmodlint.flow import Outcome, OutcomeKind, Value, ValueKind, flow_at, flow_of
from kmodlint.macros import dropped_calls, resolve, shape
from kmodlint.source import SourceFile

COUNT = Value(ValueKind.FAULT, "count")
ERRNO = Value(ValueKind.ERRNO, "-EFAULT")


def outcomes(code: str, callee: str, fault: Value = COUNT, nth: int = 0):
    source = SourceFile("drv.c", code.encode())
    facts = extract(source)
    call = facts.calls_to(callee)[nth]
    flow = flow_of(facts, source, call.function)
    return [(o.kind, o.value.kind if o.value else None, o.value.text if o.value else None, o.labels)
            for o in flow.on_failure(call.start_byte, call.end_byte, fault)]


def test_count_kept_in_a_variable_reaches_the_label_return():
    code = """
static ssize_t rd(struct file *f, char __user *u, size_t n, loff_t *p)
{
	ssize_t ret;
	ret = copy_to_user(u, buf, n);
	if (ret)
		goto out;
	ret = n;
out:
	unlock();
	return ret;
}"""
    assert outcomes(code, "copy_to_user") == [(OutcomeKind.RETURN, ValueKind.FAULT, "count", ("out",))]


def test_errno_set_before_the_goto_is_the_value_returned():
    code = """
static int f(void __user *u)
{
	int rc = 0;
	if (unlikely(copy_from_user(&x, u, 4))) {
		rc = -ENODATA;
		goto out;
	}
	rc = apply(&x);
out:
	kfree(p);
	return rc;
}"""
    assert outcomes(code, "copy_from_user") == [(OutcomeKind.RETURN, ValueKind.ERRNO, "-ENODATA", ("out",))]


def test_preset_before_a_loop_is_returned_after_break():
    code = """
static long f(void __user *u)
{
	long ret = -EINVAL;
	int i;
	for (i = 0; i < 4; i++) {
		if (get_user(v[i], (u32 __user *)u + i))
			break;
	}
	return ret;
}"""
    assert outcomes(code, "get_user", ERRNO) == [(OutcomeKind.RETURN, ValueKind.ERRNO, "-EINVAL", ())]


@pytest.mark.parametrize("condition, taken", [
    ("!arg || copy_from_user(&x, arg, 4)", True),
    ("copy_from_user(&x, arg, 4) != 0", True),
    ("copy_from_user(&x, arg, 4) == 0", False),
    ("!copy_from_user(&x, arg, 4)", False),
    ("unlikely(copy_from_user(&x, arg, 4))", True),
    ("copy_from_user(&x, arg, 4) < 0", False),  # a count is never negative
])
def test_conditions_are_decided_from_the_failed_call(condition, taken):
    code = f"""
static int f(void __user *arg)
{{
	if ({condition})
		return -EINVAL;
	return 7;
}}"""
    expected = (ValueKind.ERRNO, "-EINVAL") if taken else (ValueKind.INT, "7")
    assert [o[1:3] for o in outcomes(code, "copy_from_user")] == [expected]


def test_negative_and_zero_tests_of_an_errno_result():
    code = """
static int f(void __user *arg)
{
	int err = get_user(v, (int __user *)arg);
	if (err < 0)
		return -EIO;
	return 0;
}"""
    assert [o[1:3] for o in outcomes(code, "get_user", ERRNO)] == [(ValueKind.ERRNO, "-EIO")]


def test_an_undecidable_branch_forks():
    code = """
static int f(void __user *arg)
{
	int ret;
	if (copy_from_user(&x, arg, 4)) {
		if (verbose)
			ret = -EIO;
		else
			ret = -EFAULT;
		return ret;
	}
	return 0;
}"""
    assert sorted(o[2] for o in outcomes(code, "copy_from_user")) == ["-EFAULT", "-EIO"]


def test_switch_case_falls_through_and_break_leaves_the_switch():
    code = """
static int f(int cmd, void __user *arg)
{
	int ret = -ENOTTY;
	switch (cmd) {
	case 1:
		if (copy_from_user(&x, arg, 4))
			break;
	case 2:
		ret = 0;
		break;
	}
	return ret;
}"""
    assert [o[2] for o in outcomes(code, "copy_from_user")] == ["-ENOTTY"]


def test_a_result_no_path_reads_decides_nothing():
    code = """
static int f(void __user *arg)
{
	MACRO(copy_from_user(&x, arg, 4));
	return 0;
}"""
    assert outcomes(code, "copy_from_user") == [(OutcomeKind.UNKNOWN, None, None, ())]


def test_is_err_and_null_tests_follow_the_value():
    source = SourceFile("drv.c", b"""
static int f(void)
{
	struct foo *p = NULL;
	if (IS_ERR_OR_NULL(p))
		return -ENOMEM;
	return 0;
}""")
    facts = extract(source)
    (outcome,) = flow_of(facts, source, "f").returns()
    assert (outcome.value.kind, outcome.value.text) == (ValueKind.ERRNO, "-ENOMEM")


def test_a_label_reached_only_by_gotos_has_the_errno_of_every_goto():
    source = SourceFile("drv.c", b"""
SYSCALL_DEFINE2(peek, int, len, void __user *, buf)
{
	int err = -EPERM;
	if (!capable(CAP_SYS_ADMIN))
		goto error;
	err = -EIO;
	if (read_hw())
		goto error;
	return put_user(v, (u32 __user *)buf);
error:
	put_user(-1, (u32 __user *)buf);
	return err;
}""")
    facts = extract(source)
    call = facts.calls_to("put_user")[1]
    (outcome,) = flow_at(facts, source, call.start_byte).after_call(call.start_byte, call.end_byte)
    assert outcome.value.kind is ValueKind.ERRNO


@pytest.mark.parametrize("before_label, only_gotos", [
    ("if (mode > 2)\n\t\treturn 1;\n\telse\n\t\treturn 2;", True),  # both arms leave: no way in but the gotos
    ("{\n\t\tlog_mode(mode);\n\t\treturn 1;\n\t}", True),  # a block ending in a return
    ("if (mode > 2)\n\t\treturn 1;", False),  # the false arm falls into the label
    ("return 1;\n\t/* the retry is below */", True),
    ("log_mode(mode);", False),
])
def test_a_label_is_fallen_into_when_the_graph_has_a_way_in_other_than_a_goto(before_label, only_gotos):
    code = f"""
static long f(void __user *u, int mode)
{{
	int ret = 0;
	if (mode) {{
		ret = -EIO;
		goto retry;
	}}
	{before_label}
retry:
	if (copy_from_user(buf, u, 4))
		return ret;
	return 0;
}}"""
    # Reached only by the goto, `ret` is its -EIO; fallen into, it is unknown (0 or -EIO).
    expected = (ValueKind.ERRNO, "-EIO") if only_gotos else (ValueKind.UNKNOWN, "ret")
    assert [o[1:3] for o in outcomes(code, "copy_from_user")] == [expected]


def test_failure_exits_judge_success_from_a_write_handler():
    source = SourceFile("drv.c", b"""
static ssize_t wr(struct file *file, const char __user *ubuf, size_t count, loff_t *ppos)
{
	if (copy_from_user(buf, ubuf, 4))
		return count;
	return count;
}""")
    facts = extract(source)
    (exit_,) = failure_exits(facts, source, facts.calls_to("copy_from_user")[0], COUNT)
    assert exit_.verdict is Verdict.SUCCESS


def test_value_and_outcome_kinds_are_members_and_text_comparisons_fail_loudly():
    code = """
static long f(void __user *u)
{
	if (copy_from_user(buf, u, 4))
		return -EINVAL;
	return 0;
}"""
    source = SourceFile("drv.c", code.encode())
    facts = extract(source)
    (call,) = facts.calls_to("copy_from_user")
    (outcome,) = flow_of(facts, source, "f").on_failure(call.start_byte, call.end_byte, COUNT)
    assert outcome.kind is OutcomeKind.RETURN and outcome.value.kind is ValueKind.ERRNO
    assert f"{outcome.kind} {outcome.value.kind}" == "return errno", "messages read the word"
    with pytest.raises(TypeError, match="ValueKind.ERRNO compared with the text 'errno'"):
        outcome.value.kind == "errno"
    with pytest.raises(TypeError):
        outcome.value.kind in ("errno", "fault")
    with pytest.raises(TypeError):
        outcome.kind != "return"
    with pytest.raises(TypeError):
        Value(ValueKind.ERRNO, "-EINVAL") == Value("errno", "-EINVAL")  # a Value built with the old text
    with pytest.raises(AttributeError):
        ValueKind.ERRORNO


def test_macro_shapes():
    assert shape(("n", "f"), "{ while (n--) { wait(); f; } }").statement_params == frozenset({1})
    assert shape(("x",), "do { if (x) return -EFAULT; } while (0)").statement_params == frozenset()
    (call,) = shape(("v", "p"), "get_user(v, p)").calls
    assert call.is_value and not call.dropped
    (call,) = shape(("v", "p"), "(void)get_user(v, p)").calls
    assert call.dropped and not call.is_value
    (call,) = shape(("v", "p"), "({ get_user(v, p); 0; })").calls
    assert call.dropped


def test_wrapper_macros_resolve_across_tables():
    class M:
        def __init__(self, name, params, body):
            self.name, self.params, self.body = name, params, body
    low = {"__rd": M("__rd", ("v", "p"), "get_user(v, p)")}
    top = {"rd": M("rd", ("v", "p"), "__rd(v, p)"), "push": M("push", ("v", "p"), "do { __rd(v, p); } while (0)")}
    tables = [("a.h", top), ("b.h", low)]
    callee, chain = resolve("rd", tables, frozenset({"get_user"}))
    assert callee == "get_user" and [path for path, _ in chain] == ["a.h", "b.h"]
    assert dropped_calls("push", tables, frozenset({"get_user"}))[0] == "get_user"
    assert dropped_calls("rd", tables, frozenset({"get_user"})) is None


def test_guard_and_scoped_guard_blocks_are_followed():
    code = """
static long f(struct dev *d, void __user *arg)
{
	guard(mutex)(&d->lock);
	scoped_guard(spinlock_irqsave, &d->slock) {
		if (copy_from_user(&d->cfg, arg, sizeof(d->cfg)))
			return -EIO;
	}
	return 0;
}"""
    assert [o[1:3] for o in outcomes(code, "copy_from_user")] == [(ValueKind.ERRNO, "-EIO")]


def test_the_statements_on_the_failure_path_are_listed():
    source = SourceFile("drv.c", b"""
static int f(void __user *arg)
{
	int ret;
	if (copy_from_user(&x, arg, 4)) {
		ret = -EFAULT;
		goto out;
	}
	ret = 0;
out:
	unlock();
	return ret;
}""")
    facts = extract(source)
    call = facts.calls_to("copy_from_user")[0]
    (outcome,) = flow_of(facts, source, "f").on_failure(call.start_byte, call.end_byte, COUNT)
    assert [s.line for s in outcome.statements] == [5, 6, 7, 10, 11, 12]


# -- paths from a call's result, for the resource rules

def _flow_and_calls(code: str):
    source = SourceFile("drv.c", code.encode())
    facts = extract(source)
    return source, facts


LADDER = """
static int __init f(void)
{
	int ret;

	ret = alloc_chrdev_region(&devt, 0, 1, "f");
	if (ret < 0)
		return ret;
	ret = cdev_add(&cdev, devt, 1);
	if (ret)
		goto out_region;
	cls = class_create("f");
	if (IS_ERR(cls)) {
		ret = PTR_ERR(cls);
		goto out_cdev;
	}
	ret = probe_hw();
	if (ret < 0)
		goto out_region;
	return 0;

out_cdev:
	cdev_del(&cdev);
out_region:
	unregister_chrdev_region(devt, 1);
	return ret;
}"""


def test_success_paths_that_skip_the_release_are_the_leaks():
    source, facts = _flow_and_calls(LADDER)
    flow = flow_of(facts, source, "f")
    (add,) = facts.calls_to("cdev_add")
    unless = frozenset(c.start_byte for c in facts.calls_to("cdev_del"))
    outcomes = flow.on_result(add.start_byte, add.end_byte, Value(ValueKind.INT, "0"), unless=unless)
    # Only the late `goto out_region` skips cdev_del(); the class failure goes through it, success returns 0.
    leaving = [(o.labels, o.value.kind, o.jumps[0].line if o.jumps else None) for o in outcomes if o.kind is OutcomeKind.RETURN]
    assert sorted(leaving, key=str) == sorted([((), ValueKind.INT, None), (("out_region",), ValueKind.NEGATIVE, 19)], key=str)


def test_a_failed_test_of_an_unknown_result_says_what_it_holds():
    source, facts = _flow_and_calls(LADDER)
    flow = flow_of(facts, source, "f")
    (alloc,) = facts.calls_to("alloc_chrdev_region")
    kinds = {(o.labels, o.value.kind if o.value else None) for o in flow.on_result(alloc.start_byte, alloc.end_byte,
                                                                                     Value(ValueKind.INT, "0"))}
    # `if (ret)` after cdev_add: nonzero; IS_ERR(cls): PTR_ERR of an ERR_PTR; `if (ret < 0)` of the success: not taken.
    assert (("out_region",), ValueKind.NONZERO) in kinds and (("out_cdev",), ValueKind.ERRPTR) in kinds
    assert ((), ValueKind.NEGATIVE) not in kinds and (("out_region",), ValueKind.NEGATIVE) in kinds


def test_a_release_under_a_test_of_its_own_counts_and_a_pointer_field_keeps_its_value():
    source, facts = _flow_and_calls("""
static int f(struct foo *priv)
{
	int ret;

	priv->cls = class_create("f");
	if (IS_ERR(priv->cls))
		return PTR_ERR(priv->cls);
	ret = setup(priv);
	if (ret)
		goto out;
	return 0;
out:
	if (priv->have_class)
		class_destroy(priv->cls);
	return ret;
}""")
    flow = flow_of(facts, source, "f")
    (create,) = facts.calls_to("class_create")
    (destroy,) = facts.calls_to("class_destroy")
    outcomes = flow.on_result(create.start_byte, create.end_byte, Value(ValueKind.VALID), unless=frozenset({destroy.start_byte}))
    assert [(o.kind, o.value.kind) for o in outcomes] == [(OutcomeKind.RETURN, ValueKind.INT)]  # only the success return
    all_paths = flow.on_result(create.start_byte, create.end_byte, Value(ValueKind.VALID))
    assert [flow.ran(o, destroy.start_byte) for o in all_paths if o.labels] == [True, False]


def test_a_dropped_result_still_has_paths_and_a_retry_is_unknown():
    source, facts = _flow_and_calls("""
static int f(void)
{
	int err = -EIO;
again:
	register_chrdev_region(devt, 1, "f");
	if (busy())
		goto again;
	if (!ready())
		return dev_err_probe(dev, err, "not ready");
	return 0;
}""")
    flow = flow_of(facts, source, "f")
    (call,) = facts.calls_to("register_chrdev_region")
    assert flow.on_result(call.start_byte, call.end_byte, Value(ValueKind.INT, "0")) == [Outcome(OutcomeKind.UNKNOWN)]
    outcomes = flow.on_result(call.start_byte, call.end_byte, Value(ValueKind.INT, "0"), consulted=False)
    assert sorted((o.kind, o.value.text if o.value else None) for o in outcomes) == \
        [(OutcomeKind.RETURN, "-EIO"), (OutcomeKind.RETURN, "0"), (OutcomeKind.UNKNOWN, None)]


REACH = """
static void f(struct dev *d)
{
	int i;

	rcu_read_lock();
	for (i = 0; i < 4; i++) {
		t = lookup(i);
		if (t)
			break;
	}
	if (!t) {
		rcu_read_unlock();
		return;
	} else {
		rcu_read_unlock();
	}
	use(t);
	{
		guard(rcu)();
		peek(t);
	}
	late(t);
}"""


def test_reaches_leaves_loops_and_stops_at_returns():
    source, facts = _flow_and_calls(REACH)
    flow = flow_of(facts, source, "f")
    lookup, = facts.calls_to("lookup")
    first_unlock, second_unlock = facts.calls_to("rcu_read_unlock")
    use, = facts.calls_to("use")
    assert flow.reaches(lookup.start_byte, use.start_byte)  # out of the loop at its end or by break
    assert not flow.reaches(first_unlock.start_byte, use.start_byte)  # returns first
    assert flow.reaches(second_unlock.start_byte, use.start_byte)
    assert not flow.reaches(use.start_byte, lookup.start_byte)  # no way back up
    assert flow.loop_of(lookup.start_byte) is not None and flow.loop_of(use.start_byte) is None


def test_a_guard_lasts_to_the_end_of_its_block():
    source, facts = _flow_and_calls(REACH)
    flow = flow_of(facts, source, "f")
    guard = facts.calls_to("guard")[0]
    peek, = facts.calls_to("peek")
    late, = facts.calls_to("late")
    block = flow.block_of(guard.start_byte)
    assert block.start_byte < peek.start_byte < block.end_byte < late.start_byte
    assert flow.reaches(block.end_byte - 1, late.start_byte) and not flow.reaches(block.end_byte - 1, peek.start_byte)


def test_occurrences_and_scoped_guards_come_from_the_tree():
    source, facts = _flow_and_calls("""
static void f(struct dev *d)
{
	struct task_struct *t = NULL;

	scoped_guard(rcu) {
		t = pid_task(d->pid, PIDTYPE_PID);
	}
	/* t is not used in a comment */
	if (t && d -> task != t)
		wake_up_process(t);
}""")
    flow = flow_of(facts, source, "f")
    (argument, block), = flow.scoped_guards()
    assert argument == "rcu" and flow.text(block).startswith("{ t = pid_task")
    lines = [source.position(n.start_byte)[0] for n in flow.occurrences("t", block.end_byte)]
    assert lines == [10, 10, 11]
    assert [source.position(n.start_byte)[0] for n in flow.occurrences("d->task")] == [10]


@pytest.mark.parametrize("returned, value, expected", [
    ("int", Value(ValueKind.NONZERO), True),
    ("struct device *", Value(ValueKind.NONZERO), False),
    ("bool", Value(ValueKind.NONZERO), False),
    ("int", Value(ValueKind.INT, "-1"), True),
    ("int", Value(ValueKind.INT, "0"), False),
    ("struct class *", Value(ValueKind.ERRPTR), True),
    ("int", Value(ValueKind.UNKNOWN, "ret"), False),
])
def test_is_error_follows_the_kernel_convention(returned, value, expected):
    source, facts = _flow_and_calls(f"static {returned} f(void)\n{{\n\treturn 0;\n}}\n")
    assert is_error(value, facts.function("f")) is expected


def failure_outcomes(code: str, callee: str, fault: Value = Value(ValueKind.ERRNO, "-ENODEV")):
    source = SourceFile("drv.c", code.encode())
    facts = extract(source)
    call = facts.calls_to(callee)[0]
    flow = flow_of(facts, source, call.function)
    return flow, flow.on_failure(call.start_byte, call.end_byte, fault)


def test_a_test_that_bails_out_decides_the_exit_and_one_that_carries_on_does_not():
    code = """
static int f(struct priv *priv)
{
	int ret;
	priv->dir = debugfs_create_dir("x", NULL);
	if (IS_ERR(priv->dir))
		dev_warn(priv->dev, "no debugfs\\n");
	if (!priv->regs)
		return -EINVAL;
	priv->sub = debugfs_create_dir("y", priv->dir);
	if (unlikely(IS_ERR(priv->sub))) {
		ret = PTR_ERR(priv->sub);
		goto out;
	}
	return 0;
out:
	return ret;
}"""
    flow, first = failure_outcomes(code, "debugfs_create_dir")
    # The warning completes its branch: the -EINVAL below is not the failure's doing.
    assert [(o.value.text, o.decided) for o in first if o.kind is OutcomeKind.RETURN] == [
        ("-EINVAL", ()), ("priv->sub", ()), ("0", ())]
    source = SourceFile("drv.c", code.encode())
    facts = extract(source)
    second = facts.calls_to("debugfs_create_dir")[1]
    flow = flow_of(facts, source, second.function)
    [taken] = flow.on_failure(second.start_byte, second.end_byte, Value(ValueKind.ERRNO, "-ENODEV"))
    assert (taken.value.kind, taken.value.failed, taken.labels, taken.expression) == (ValueKind.ERRNO, True, ("out",), "ret")
    assert taken.decided[0].line == 11 and flow.callees_in(taken.decided[0]) == {"unlikely", "IS_ERR"}
    assert flow.label_line("out") == 16


def test_a_member_forgets_the_failed_value_when_set_again():
    code = """
static int f(struct priv *priv)
{
	priv->dir = debugfs_create_dir("x", NULL);
	priv->dir = NULL;
	if (IS_ERR(priv->dir))
		return -ENOMEM;
	return 0;
}"""
    _, found = failure_outcomes(code, "debugfs_create_dir")
    assert [(o.value.text, o.decided) for o in found] == [("-ENOMEM", ()), ("0", ())], "no longer known: both ways"


def test_dev_err_probe_returns_its_error():
    code = """
static int probe(struct device *dev)
{
	int ret = setup(dev);
	if (ret)
		return dev_err_probe(dev, ret, "setup\\n");
	return 0;
}"""
    _, found = failure_outcomes(code, "setup")
    assert [(o.value.kind, o.value.failed) for o in found if o.decided] == [(ValueKind.ERRNO, True)]


def test_names_an_argument_reads_one_step_back():
    code = """
static void f(struct priv *priv, struct sk_buff *skb)
{
	u32 peer = READ_ONCE(g_peer);
	u32 pid = NETLINK_CB(skb).portid;
	g_saved = pid;
	nlmsg_unicast(sk, skb, peer);
	kill_pid(priv->task_pid, SIGUSR1, 1);
}"""
    source = SourceFile("drv.c", code.encode())
    facts = extract(source)
    flow = flow_of(facts, source, "f")
    send = facts.calls_to("nlmsg_unicast")[0]
    assert flow.argument_names(send.start_byte, send.end_byte, 2) == {"peer", "READ_ONCE", "g_peer"}
    kill = facts.calls_to("kill_pid")[0]
    assert flow.member_of(flow.argument(kill.start_byte, kill.end_byte, 0)) == "task_pid"
    assert flow.member_of(flow.argument(send.start_byte, send.end_byte, 2)) == ""
    [store] = [a for a in facts.assignments if a.name == "g_saved"]
    node = flow.node_of(source.offset(store.span.line, store.span.column),
                        source.offset(store.span.end_line, store.span.end_column), "assignment_expression")
    assert ("NETLINK_CB", "portid") in flow.value_members(node.child_by_field_name("right"))


def test_what_an_expression_designates_and_what_a_call_is_assigned_to():
    code = """
static int f(struct priv *priv)
{
	struct task_struct *t = kthread_run(loop, priv, "loop");
	priv->nl_sk = netlink_kernel_create(&init_net, 31, &cfg);
	netlink_unicast(READ_ONCE(priv->nl_sk), skb, (u32)peer, 0);
	kill_pid(pids[0], SIGUSR1, 1);
	return PTR_ERR_OR_ZERO(kthread_run(loop, priv, "again"));
}"""
    source = SourceFile("drv.c", code.encode())
    facts = extract(source)
    flow = flow_of(facts, source, "f")
    first, again = facts.calls_to("kthread_run")
    assert flow.text(flow.assigned_node(first.start_byte, first.end_byte)) == "t"
    assert flow.assigned_node(again.start_byte, again.end_byte) is None
    create = facts.calls_to("netlink_kernel_create")[0]
    assert flow.name_of(flow.assigned_node(create.start_byte, create.end_byte)) == "nl_sk"
    send = facts.calls_to("netlink_unicast")[0]
    assert [flow.name_of(flow.argument(send.start_byte, send.end_byte, i)) for i in (0, 2)] == ["nl_sk", "peer"]
    kill = facts.calls_to("kill_pid")[0]
    assert flow.name_of(flow.argument(kill.start_byte, kill.end_byte, 0)) == "", "an array element is not a name"


def test_a_question_past_the_statement_bound_is_unknown_and_logged(tmp_path, monkeypatch):
    from kmodlint import flow as flow_module
    log = tmp_path / "caps.log"
    monkeypatch.setattr(flow_module, "_CAP_LOG", str(log))
    steps = "\n".join(f"\tpoke(dev, {i});" for i in range(flow_module._MAX_STEPS + 10))
    code = f"""
static ssize_t wr(struct file *f, const char __user *u, size_t n, loff_t *p)
{{
	unsigned long left = copy_from_user(buf, u, n);
{steps}
	if (left)
		return -EFAULT;
	return n;
}}
static ssize_t rd(struct file *f, char __user *u, size_t n, loff_t *p)
{{
	if (copy_to_user(u, buf, n))
		return -EFAULT;
	return n;
}}"""
    assert outcomes(code, "copy_from_user") == [(OutcomeKind.UNKNOWN, None, None, ())], "cut short: nothing known"
    assert outcomes(code, "copy_to_user") == [(OutcomeKind.RETURN, ValueKind.ERRNO, "-EFAULT", ())]
    lines = log.read_text().splitlines()
    assert lines == ["question ? 0 drv.c wr", "steps ? 0 drv.c wr", "question ? 0 drv.c rd"]
