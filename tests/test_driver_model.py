"""The driver model's call graph and contexts: what rules ask of them (kmodlint.driver)."""
from __future__ import annotations

from kmodlint.driver import FunctionRef, driver_of
from kmodlint.driver.contexts import HARDIRQ, PROBE, REMOVE
from kmodlint.errors import failure_propagates
from kmodlint.facts import extract
from kmodlint.flow import Value, ValueKind
from kmodlint.folder import FolderIndex
from kmodlint.source import SourceFile


def model(**files: str):
    return driver_of(FolderIndex({f"{name}.c": extract(SourceFile(f"{name}.c", code.encode()))
                                  for name, code in files.items()}))


FAILED = Value(ValueKind.ERRNO, "-ENODEV")


def test_a_helper_failure_propagates_only_through_callers_that_fail():
    driver = model(drv="""
static int dbg_init(struct priv *p) { return setup(p); }
static int dbg_other(struct priv *p) { return setup(p); }
static int probe(struct platform_device *pdev)
{
	int ret = dbg_init(priv);
	if (ret)
		dev_warn(&pdev->dev, "no debugfs\\n");
	ret = dbg_other(priv);
	if (ret)
		goto fail;
	return 0;
fail:
	return ret;
}
static struct platform_driver d = { .probe = probe };
""")
    assert not failure_propagates(driver, FunctionRef("drv.c", "dbg_init"), FAILED)
    assert failure_propagates(driver, FunctionRef("drv.c", "dbg_other"), FAILED), "probe fails, and the kernel calls it"


def test_an_include_path_or_a_message_is_not_a_mention_of_a_function():
    driver = model(a='#include "dbg_init.h"\nvoid go(void) { if (dbg_init()) pr_warn("dbg_init failed\\n"); }\n',
                   b="int dbg_init(void) { return 0; }\nint hooked(void) { return 0; }\nint (*hook)(void) = hooked;\n",
                   c="static int other(void) { return 0; }\nvoid run(void) { register_cb(other); }\n")
    assert not driver.graph.named_not_called(FunctionRef("b.c", "dbg_init"))
    assert driver.graph.named_not_called(FunctionRef("b.c", "hooked")), "stored in a pointer"
    assert driver.graph.named_not_called(FunctionRef("c.c", "other")), "passed as a callback"


def test_functions_called_only_from_a_root():
    driver = model(drv="""
static void reply(void) { }
static void shared(void) { }
static void input(struct sk_buff *skb) { reply(); shared(); }
static void timer_fn(struct timer_list *t) { shared(); }
void exported(void) { }
static void rx(struct sk_buff *skb) { exported(); }
""")
    side = driver.graph.called_only_from({FunctionRef("drv.c", "input"), FunctionRef("drv.c", "rx")})
    assert {ref.name for ref in side} == {"input", "rx", "reply"}


def test_thread_tasks_and_code_that_runs_only_in_threads():
    driver = model(drv="""
static void fill(struct priv *p) { p->worker = current; }
static int loop(void *data) { fill(data); return 0; }
static long ioctl(struct file *f, unsigned int cmd, unsigned long arg) { fill(f->private_data); return 0; }
static int work_only(void *data) { return 0; }
static int start(struct priv *p)
{
	p->thread = kthread_run(loop, p, "loop");
	kthread_run(work_only, p, "w");
	return 0;
}
static const struct file_operations fops = { .unlocked_ioctl = ioctl };
""")
    contexts = driver.contexts
    assert [(r.path, r.call.function, r.call.assigned_to) for r in contexts.thread_starts()] == \
        [("drv.c", "start", "p->thread")], "the second thread's task is not kept"
    assert contexts.only_in_threads(FunctionRef("drv.c", "loop"))
    assert contexts.only_in_threads(FunctionRef("drv.c", "work_only"))
    assert not contexts.only_in_threads(FunctionRef("drv.c", "fill")), "also reached from a system call"
    assert not contexts.only_in_threads(FunctionRef("drv.c", "start")), "reached from nothing known"


def test_reached_only_from_some_entry_points_agrees_with_walking_from_all_the_others():
    """Contexts._only_from answers from per-function entry labels capped at _LABEL_CAP; on random
    call graphs (entry points past the cap included) it must equal the plain definition: reached
    from the roots and from no entry point but the roots and `besides`."""
    import random
    from types import SimpleNamespace

    from kmodlint.driver.callgraph import CallGraph
    from kmodlint.driver.contexts import _LABEL_CAP, Contexts

    rng = random.Random(11)
    saturated = 0
    for _ in range(300):
        refs = [FunctionRef("a.c", f"f{i}") for i in range(rng.randint(2, 48))]
        graph = SimpleNamespace(callees={r: set(rng.sample(refs, rng.randint(0, min(3, len(refs))))) for r in refs})
        graph.reachable = lambda roots, through_pointers=False, graph=graph: CallGraph.reachable(graph, roots)
        entries = set(rng.sample(refs, rng.randint(1, min(len(refs), 2 * _LABEL_CAP))))
        contexts = object.__new__(Contexts)
        contexts.graph, contexts.entry_points, contexts._labels = graph, entries, None
        roots = set(rng.sample(sorted(entries), rng.randint(1, min(3, len(entries)))))
        besides = set(rng.sample(refs, rng.randint(0, min(2, len(refs)))))
        expected = set(graph.reachable(roots)) - set(graph.reachable(entries - roots - besides))
        assert contexts._only_from(roots, besides) == expected
        saturated += any(len(label) >= _LABEL_CAP for label in contexts._entry_labels().values())
    assert saturated > 10  # the cap was reached, and the answers were still exact


def test_a_probe_set_in_a_member_of_a_driver_struct_is_an_entry_point():
    driver = model(drv="""
static int ed_probe(struct device *dev) { return 0; }
static int ed_remove(struct device *dev) { return 0; }
static int hw_probe(void) { return 0; }
static struct eisa_driver ed = { .id_table = ids, .driver = { .name = "ed", .probe = ed_probe, .remove = ed_remove } };
static const struct board_info board = { .hw = { .probe = hw_probe } };
""")
    found = {(r.kind, r.function.name, r.member) for r in driver.contexts.registrations}
    assert (PROBE, "ed_probe", "driver.probe") in found and (REMOVE, "ed_remove", "driver.remove") in found
    assert not any(name == "hw_probe" for _, name, _ in found), "a board description is not a driver"


def test_a_bus_whose_probe_has_another_name_in_a_member_registers_it():
    driver = model(drv="""
static int pad_add(struct acpi_device *adev) { return 0; }
static void pad_remove(struct acpi_device *adev) { }
static void pad_notify(struct acpi_device *adev, u32 event) { }
static int tp_probe(struct ntb_client *client, struct ntb_dev *ntb) { return 0; }
static void tp_free(struct ntb_client *client, struct ntb_dev *ntb) { }
static int list_add_entry(struct foo *f) { return 0; }
static struct acpi_driver pad_driver = { .name = "pad", .ids = pad_ids,
    .ops = { .add = pad_add, .remove = pad_remove, .notify = pad_notify } };
static struct ntb_client tp_client = { .ops.probe = tp_probe, .ops.remove = tp_free };
static const struct foo_table table = { .ops = { .add = list_add_entry } };
""")
    found = {(r.kind, r.function.name, r.member) for r in driver.contexts.registrations}
    assert {(PROBE, "pad_add", "ops.add"), (REMOVE, "pad_remove", "ops.remove"),
            (PROBE, "tp_probe", "ops.probe"), (REMOVE, "tp_free", "ops.remove")} <= found
    assert len([r for r in driver.contexts.registrations if r.function.name == "pad_remove"]) == 1
    named = {name for _, name, _ in found}
    assert "pad_notify" not in named, "an ACPI notify handler is not a probe or a remove"
    assert "list_add_entry" not in named, "an .ops.add outside an acpi_driver is not a probe"


def test_a_call_through_a_nested_ops_member_is_followed_into_hard_irq_context():
    code = """
struct xc_irq_ops { void (*ack)(struct xc_priv *priv); };
struct xc_ops { struct xc_irq_ops irq; void (*ack)(struct xc_priv *priv); };
struct xc_priv { const struct xc_ops *ops; int count; };
struct xc_chip { struct xc_ops ops; int id; };
static void xc_ack(struct xc_priv *priv) { priv->count++; }
static const struct xc_ops xc_v1_ops = { .irq = { .ack = xc_ack } };
static irqreturn_t xc_isr(int irq, void *data)
{
    struct xc_priv *priv = data;
    priv->ops->irq.ack(priv);
    return IRQ_HANDLED;
}
static void xc_poll(struct xc_priv *priv) { priv->ops->ack(priv); }
static int xc_probe(struct platform_device *pdev) { return request_irq(1, xc_isr, 0, "xc", NULL); }
"""
    driver = model(drv=code)
    isr, ack = FunctionRef("drv.c", "xc_isr"), FunctionRef("drv.c", "xc_ack")
    assert driver.graph.pointer_callees(isr) == {ack}
    assert driver.contexts.hard_irq_root(ack) == isr
    assert driver.graph.pointer_callees(FunctionRef("drv.c", "xc_poll")) == set(), \
        "xc_v1_ops sets irq.ack, not the ack of struct xc_ops itself"
    # An ops table inside a bigger struct: `.ops = { .irq.ack = ... }` of a struct xc_chip is a
    # second function in the same slot, and which of the two runs is not known.
    variants = model(drv=code + "static struct xc_chip xc_chip0 = { .ops = { .irq.ack = xc_chip_ack } };\n"
                                "static void xc_chip_ack(struct xc_priv *priv) { }\n")
    assert variants.graph.pointer_callees(isr) == set()
    chip = model(drv=code.replace("{ .irq = { .ack = xc_ack } }", "{ .ack = xc_ack }")
                 + "static struct xc_chip xc_chip0 = { .ops = { .irq.ack = xc_chip_ack } };\n"
                   "static void xc_chip_ack(struct xc_priv *priv) { }\n")
    assert chip.graph.pointer_callees(isr) == {FunctionRef("drv.c", "xc_chip_ack")}


def test_a_handler_stored_in_a_nested_member_is_registered_by_the_call_that_reads_it():
    driver = model(core="""
int tmr_of_irq_init(struct tmr_of_irq *of_irq, void *clkevt)
{
    return request_irq(of_irq->irq, of_irq->handler, IRQF_TIMER, "tmr", clkevt);
}
""", soc="""
static irqreturn_t soc_timer_interrupt(int irq, void *dev_id) { return IRQ_HANDLED; }
static int soc_timer_set_next(unsigned long delta, struct clock_event_device *evt) { return 0; }
static struct tmr_of to = {
    .clkevt = { .set_next_event = soc_timer_set_next },
    .of_irq = { .handler = soc_timer_interrupt, .flags = IRQF_TIMER },
};
""")
    hard = {r.function.name for r in driver.contexts.registrations if r.kind is HARDIRQ}
    assert hard == {"soc_timer_interrupt"}, "the other nested member is no handler"
