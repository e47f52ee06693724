"""The driver model's facts about state a hard-IRQ handler shares (kmodlint.driver.sharing): what
is atomic, which side updates how, and what orders the two, on small drivers."""
from __future__ import annotations

from kmodlint.driver import driver_of
from kmodlint.driver.sharing import BALANCE_DOWN, BALANCE_UP, BITS, DEPTH, TAKE
from kmodlint.facts import AccessKind, extract
from kmodlint.folder import FolderIndex
from kmodlint.source import SourceFile

# A platform driver: `snd_irq` is the hard-IRQ handler, `snd_work` a work item, `snd_ioctl` a
# system call; @HANDLER@, @WORK@, ... are filled in by each test.
DRIVER = """
struct snd_cmd {
	unsigned int flags;
	struct list_head node;
};

struct snd_priv {
	void __iomem *base;
	spinlock_t lock;
	wait_queue_head_t wq;
	struct work_struct work;
	struct list_head queue;
	@FIELDS@
};

static irqreturn_t snd_irq(int irq, void *dev_id)
{
	struct snd_priv *p = dev_id;
	struct snd_cmd *cmd = p->current_cmd;

	@HANDLER@
	return IRQ_HANDLED;
}

static void snd_work(struct work_struct *work)
{
	struct snd_priv *p = container_of(work, struct snd_priv, work);
	unsigned int v;

	@WORK@
}

static long snd_ioctl(struct file *file, unsigned int cmd_nr, unsigned long arg)
{
	struct snd_priv *p = file->private_data;
	struct snd_cmd *cmd = kzalloc(sizeof(*cmd), GFP_KERNEL);
	unsigned long irqflags;
	unsigned int v;

	@IOCTL@
	return 0;
}

static const struct file_operations snd_fops = { .unlocked_ioctl = snd_ioctl };

static int snd_probe(struct platform_device *pdev)
{
	struct snd_priv *p = devm_kzalloc(&pdev->dev, sizeof(*p), GFP_KERNEL);

	INIT_WORK(&p->work, snd_work);
	@REGISTER@
	return 0;
}

static struct platform_driver snd_driver = { .probe = snd_probe };
"""
REQUEST = "return devm_request_irq(&pdev->dev, 5, snd_irq, 0, \"snd\", p);"


def shared(handler: str, work: str = "", ioctl: str = "", fields: str = "unsigned int events;",
           register: str = REQUEST, more: str = "") -> dict:
    """The file's SharedStates by variable or field name."""
    code = DRIVER
    for slot, text in (("HANDLER", handler), ("WORK", work), ("IOCTL", ioctl), ("FIELDS", fields),
                       ("REGISTER", register)):
        code = code.replace(f"@{slot}@", text)
    facts = extract(SourceFile("drv.c", (code + more).encode()))
    driver = driver_of(FolderIndex({"drv.c": facts}))
    return {state.key.access.name: state for state in driver.sharing.irq_shared("drv.c", facts)}


def losses(state) -> dict:
    """{function: how it loses the handler's update} of the other side's unprotected accesses."""
    return {other.access.function: other.loses for other in state.others if other.loses}


def test_bits_changed_on_both_sides_are_lost():
    state = shared("p->events |= 1;", work="p->events &= ~1;")["events"]
    assert state.operators == {"|="} and state.gathers and state.lock is None
    assert losses(state) == {"snd_work": BITS}
    assert [o.live for o in state.others] == [True], "work runs while the device interrupts"


def test_counting_up_and_down_is_a_balance_but_up_on_both_sides_is_statistics():
    assert losses(shared("p->events++;", work="p->events -= 2;")["events"]) == {"snd_work": BALANCE_UP}
    assert losses(shared("p->events--;", ioctl="p->events += 1;")["events"]) == {"snd_ioctl": BALANCE_DOWN}
    counted = shared("p->events++;", work="p->events++;", ioctl="p->events += 4;")["events"]
    assert {o.access.function for o in counted.others} == {"snd_work", "snd_ioctl"}, "unprotected all the same"
    assert losses(counted) == {}, "both sides count up: statistics, no update lost"


def test_read_then_reset_takes_what_the_handler_gathered_but_reset_then_read_starts_a_round():
    taken = shared("p->events |= 2;", work="v = p->events;\n\tp->events = 0;")["events"]
    assert losses(taken) == {"snd_work": TAKE}
    selftest = shared("p->events |= 2;", ioctl="p->events = 0;\n\twritel(1, p->base);\n\tmsleep(10);\n"
                                              "\tv = p->events;\n\tp->events = 0;")["events"]
    assert [o.access.kind for o in selftest.others] == [AccessKind.WRITE, AccessKind.READ, AccessKind.WRITE]
    assert losses(selftest) == {}, "reset before the read: an interrupt self-test"


def test_a_value_composed_in_the_handler_is_not_an_update():
    composed = shared("p->events = readl(p->base);\n\tif (p->events & 4)\n\t\tp->events |= 8;",
                      work="v = p->events;\n\tp->events = 0;")
    assert "events" not in composed, "x = a; x |= b; stores a new value: nothing of the handler's to lose"


def test_a_handler_that_also_stores_a_whole_value_does_not_gather():
    ack = """
static void snd_ack(struct snd_priv *p)
{
	p->events = 0;
}
"""
    state = shared("p->events |= 2;\n\tif (readl(p->base))\n\t\tsnd_ack(p);",
                   work="v = p->events;\n\tp->events = 0;", more=ack)["events"]
    assert {w.access.function for w in state.writes} == {"snd_irq", "snd_ack"}
    assert [w.access.function for w in state.updates] == ["snd_irq"] and not state.gathers
    assert losses(state) == {"snd_work": TAKE}, "the classification; whether to report is the rule's"
    assert shared("p->events |= 2;", work="v = p->events;\n\tp->events = 0;")["events"].gathers


def test_volatile_is_not_atomic_and_atomic_t_is():
    states = shared("p->done |= 1;\n\tp->count++;", work="p->done &= ~1;\n\tp->count--;",
                    fields="volatile int done;\n\tatomic_t count;")
    assert not states["done"].atomic, "volatile orders nothing and makes no update atomic"
    assert states["count"].atomic


def test_write_once_makes_that_access_atomic_not_the_variable():
    state = shared("p->events |= 1;", work="WRITE_ONCE(p->events, 0);", ioctl="p->events &= ~1;")["events"]
    assert {o.access.function for o in state.others} == {"snd_ioctl"}, "the WRITE_ONCE side is marked"
    assert losses(state) == {"snd_ioctl": BITS}
    marked_handler = shared("WRITE_ONCE(p->events, p->events | 1);", ioctl="p->events &= ~1;")
    assert "events" not in marked_handler, "the handler's update goes through an accessor"


def test_an_update_before_the_handlers_lock_publishes_the_object():
    state = shared("spin_lock(&p->lock);\n\tcmd->flags |= 1;\n\tspin_unlock(&p->lock);",
                   ioctl="cmd->flags |= 2;\n\tspin_lock_irqsave(&p->lock, irqflags);\n"
                         "\tlist_add(&cmd->node, &p->queue);\n\tspin_unlock_irqrestore(&p->lock, irqflags);",
                   fields="struct snd_cmd *current_cmd;")["flags"]
    assert state.lock is not None and state.lock.name == "lock"
    (other,) = state.others
    assert other.loses == BITS and other.published_later and other.asynchronous
    unpublished = shared("spin_lock(&p->lock);\n\tcmd->flags |= 1;\n\tspin_unlock(&p->lock);",
                         ioctl="cmd->flags |= 2;\n\tlist_add(&cmd->node, &p->queue);",
                         fields="struct snd_cmd *current_cmd;")["flags"]
    assert [o.published_later for o in unpublished.others] == [False]


def test_a_word_a_wait_condition_tests_is_a_handshake():
    state = shared("p->events |= 1;\n\twake_up(&p->wq);",
                   ioctl="p->events &= ~1;\n\twait_event(p->wq, p->events & 1);")["events"]
    assert state.tested_in_wait
    assert not shared("p->events |= 1;", ioctl="p->events &= ~1;")["events"].tested_in_wait


def test_work_only_the_handler_schedules_is_handed_off():
    state = shared("p->events |= 1;\n\tschedule_work(&p->work);", work="p->events &= ~1;")["events"]
    assert [o.handed_off for o in state.others] == [True]
    also_from_ioctl = shared("p->events |= 1;\n\tschedule_work(&p->work);", work="p->events &= ~1;",
                             ioctl="schedule_work(&p->work);")["events"]
    assert [o.handed_off for o in also_from_ioctl.others] == [False], "the ioctl queues it at any time"


def test_a_thread_fn_without_oneshot_resets_what_the_hard_half_stored():
    thread = """
static irqreturn_t snd_thread(int irq, void *dev_id)
{
	struct snd_priv *p = dev_id;
	unsigned int status = p->events;

	p->events = 0;
	return IRQ_HANDLED;
}
"""
    register = 'return devm_request_threaded_irq(&pdev->dev, 5, snd_irq, snd_thread, {flags}, "snd", p);'
    state = shared("p->events = readl(p->base);", register=register.format(flags="0"), more=thread)["events"]
    assert [(o.access.function, o.access.kind, o.thread_fn_resets) for o in state.others] == \
        [("snd_thread", AccessKind.READ, False), ("snd_thread", AccessKind.WRITE, True)]
    assert [o.loses for o in state.others] == ["", ""], "the handler stores: no update of its own to lose"
    oneshot = shared("p->events = readl(p->base);", register=register.format(flags="IRQF_ONESHOT"),
                     more=thread)["events"]
    assert oneshot.others == [], "IRQF_ONESHOT keeps the line masked while the thread_fn runs"


def test_barriers_on_both_sides_order_the_accesses():
    ordered = shared("p->events |= 1;\n\tsmp_wmb();", work="smp_rmb();\n\tp->events &= ~1;")["events"]
    assert ordered.ordered_by_barriers
    one_side = shared("p->events |= 1;\n\tsmp_wmb();", work="p->events &= ~1;")["events"]
    assert not one_side.ordered_by_barriers, "a write barrier alone orders nothing for the reader"


def test_a_locked_or_setup_access_is_not_an_other_side_access():
    state = shared("p->events |= 1;", ioctl="spin_lock_irqsave(&p->lock, irqflags);\n\tp->events &= ~1;\n"
                                            "\tspin_unlock_irqrestore(&p->lock, irqflags);",
                   register="p->events = 0;\n\t" + REQUEST)["events"]
    assert state.others == [], "locked in the ioctl; before the IRQ is requested in probe"


def test_entry_points_run_at_any_time_and_helpers_named_for_setup_do_not_overlap():
    helpers = """
static void snd_clear(struct snd_priv *p)
{
	p->events &= ~1;
}

static void snd_reset_events(struct snd_priv *p)
{
	p->events &= ~2;
}
"""
    state = shared("p->events |= 3;", ioctl="snd_clear(p);\n\tsnd_reset_events(p);", work="p->events &= ~4;",
                   more=helpers)["events"]
    facts = {o.access.function: (o.asynchronous, o.live) for o in state.others}
    assert facts == {"snd_work": (True, True), "snd_clear": (False, True), "snd_reset_events": (False, False)}


def test_a_static_variable_is_the_files_own_and_a_kernel_structs_field_is_another_owners():
    states = shared("snd_pending |= 1;\n\tstruct sk_buff *skb = p->skb;\n\tskb->mark |= 1;",
                    work="snd_pending &= ~1;\n\tstruct sk_buff *skb = p->skb;\n\tskb->mark &= ~1;",
                    more="static unsigned long snd_pending;\n")
    assert states["snd_pending"].key.owner == "drv.c" and not states["snd_pending"].kernel_struct
    assert losses(states["snd_pending"]) == {"snd_work": BITS}
    assert states["mark"].key.owner == "" and states["mark"].kernel_struct, "no file of the folder defines sk_buff"
    assert not shared("p->events |= 1;", work="p->events &= ~1;")["events"].kernel_struct


COUNTS = """
struct snd_counts {
	unsigned int overruns;
	unsigned int underruns;
};
"""


def test_a_copy_out_and_a_memset_of_a_struct_pointer_read_and_reset_each_field():
    handler = "struct snd_counts *c = p->counts;\n\n\tc->overruns++;\n\tc->underruns++;"
    fields = "struct snd_counts *counts;"
    copy_then_clear = "struct snd_counts *c = p->counts;\n\n\tif (copy_to_user((void __user *)arg, c, sizeof(*c)))\n" \
                      "\t\treturn -EFAULT;\n\tmemset(c, 0, sizeof(*c));"
    states = shared(handler, ioctl=copy_then_clear, fields=fields, more=COUNTS)
    for name in ("overruns", "underruns"):
        assert [o.access.kind for o in states[name].others] == [AccessKind.READ, AccessKind.WRITE]
        assert losses(states[name]) == {"snd_ioctl": TAKE}, "every field the handler counts is taken"
    clear_then_copy = "struct snd_counts *c = p->counts;\n\n\tmemset(c, 0, sizeof(*c));\n" \
                      "\treturn copy_to_user((void __user *)arg, c, sizeof(*c));"
    assert losses(shared(handler, ioctl=clear_then_copy, fields=fields, more=COUNTS)["overruns"]) == {}, \
        "cleared first: a new round"
    locked = "struct snd_counts *c = p->counts;\n\tstruct snd_counts snap;\n\n\tspin_lock_irqsave(&p->lock, irqflags);\n" \
             "\tsnap = *c;\n\tmemset(c, 0, sizeof(*c));\n\tspin_unlock_irqrestore(&p->lock, irqflags);"
    assert shared(handler, ioctl=locked, fields=fields, more=COUNTS)["overruns"].others == []
    # A memset of a buffer of another type, or of a field's address, is not the counters' reset.
    other_type = "unsigned int *c = &p->counts->overruns;\n\n\tv = *c;\n\tmemset(c, 0, sizeof(*c));"
    assert shared(handler, ioctl=other_type, fields=fields, more=COUNTS)["overruns"].others == []


def test_a_flag_stored_beside_disable_irq_nosync_then_tested_before_disable_irq_mirrors_the_depth():
    handler = "disable_irq_nosync(irq);\n\tp->armed = false;"
    fields = "bool armed;"
    state = shared(handler, ioctl="if (p->armed) {\n\t\tdisable_irq(5);\n\t\tp->armed = false;\n\t}",
                   fields=fields)["armed"]
    assert state.mirrors_disable and not state.gathers
    assert losses(state) == {"snd_ioctl": DEPTH}
    # Re-enabling only: while the flag says disabled the line is off and the handler cannot run.
    reenable = shared(handler, ioctl="if (!p->armed) {\n\t\tp->armed = true;\n\t\tenable_irq(5);\n\t}",
                      fields=fields)["armed"]
    assert losses(reenable) == {}
    # A status the handler stores without disabling its line is not kept for this.
    status = shared("p->armed = false;", ioctl="if (p->armed) {\n\t\tdisable_irq(5);\n\t\tp->armed = false;\n\t}",
                    fields=fields)
    assert "armed" not in status
    # With the handler's own lock, a fix is not "take it there" (disable_irq() sleeps): not this shape.
    locked = shared("spin_lock(&p->lock);\n\tdisable_irq_nosync(irq);\n\tp->armed = false;\n\tspin_unlock(&p->lock);",
                    ioctl="if (p->armed) {\n\t\tdisable_irq(5);\n\t\tp->armed = false;\n\t}", fields=fields)["armed"]
    assert locked.mirrors_disable and losses(locked) == {}


def test_a_function_that_takes_the_handlers_lock_for_the_state_knows_the_lock():
    handler = "spin_lock(&p->lock);\n\tp->events |= 1;\n\tspin_unlock(&p->lock);"
    slipped = shared(handler, work="spin_lock_irq(&p->lock);\n\tp->events |= 2;\n\tspin_unlock_irq(&p->lock);\n"
                                   "\tp->events |= 4;")["events"]
    (other,) = slipped.others
    assert other.loses == BITS and other.locks_it_elsewhere
    # The lock taken for another field, then the word changed: no sign the lock covers the word.
    other_field = shared(handler, work="spin_lock_irq(&p->lock);\n\tlist_del_init(&p->queue);\n"
                                       "\tspin_unlock_irq(&p->lock);\n\tp->events |= 4;")["events"]
    assert [o.locks_it_elsewhere for o in other_field.others] == [False]
