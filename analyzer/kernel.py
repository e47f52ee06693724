"""What kmodlint knows about kernel APIs, as tables: easy to read, easy to extend."""
from __future__ import annotations

from .facts.records import LockKind

# The newest kernel release the API tables (rules/removed_kernel_api.py, ...) were checked
# against: out of a kernel tree, without --kernel-version, code is judged as built for it.
NEWEST_KNOWN_KERNEL = "6.12"

# IRQ registration: callee -> (index of the hard-IRQ handler, index of the thread_fn or -1).
# The thread_fn of a threaded IRQ runs in a kernel thread, not in hard-IRQ context.
IRQ_REGISTRATION = {
    "request_irq": (1, -1),
    "request_threaded_irq": (1, 2),
    "request_any_context_irq": (1, -1),
    "request_percpu_irq": (1, -1),
    "request_nmi": (1, -1),
    "devm_request_irq": (2, -1),
    "devm_request_threaded_irq": (2, 3),
    "devm_request_any_context_irq": (2, -1),
    "pci_request_irq": (2, 3),
    "request_percpu_nmi": (1, -1),
    "devm_request_percpu_irq": (2, -1),
}


def function_argument(text: str) -> str:
    """`&handler` and `handler` name the same function."""
    text = text.strip()
    return text[1:].strip() if text.startswith("&") else text
IRQ_RELEASE = frozenset({"free_irq", "devm_free_irq", "free_percpu_irq"})

# Lock acquire -> (region kind, the release that ends it). Regions pair an acquire
# with the next release of the same lock expression in the same function.
LOCKS: dict[str, tuple[LockKind, str]] = {}
for _prefix in ("spin", "raw_spin", "read", "write"):
    LOCKS[f"{_prefix}_lock"] = (LockKind.SPIN, f"{_prefix}_unlock")
    LOCKS[f"{_prefix}_lock_bh"] = (LockKind.SPIN_BH, f"{_prefix}_unlock_bh")
    LOCKS[f"{_prefix}_lock_irq"] = (LockKind.SPIN_IRQ, f"{_prefix}_unlock_irq")
    LOCKS[f"{_prefix}_lock_irqsave"] = (LockKind.SPIN_IRQSAVE, f"{_prefix}_unlock_irqrestore")
LOCKS["spin_trylock"] = (LockKind.SPIN, "spin_unlock")
LOCKS["spin_lock_nested"] = (LockKind.SPIN, "spin_unlock")
LOCKS["spin_lock_irqsave_nested"] = (LockKind.SPIN_IRQSAVE, "spin_unlock_irqrestore")
# The serial core's wrappers around port->lock (Linux 6.7+).
LOCKS["uart_port_lock"] = (LockKind.SPIN, "uart_port_unlock")
LOCKS["uart_port_lock_irq"] = (LockKind.SPIN_IRQ, "uart_port_unlock_irq")
LOCKS["uart_port_lock_irqsave"] = (LockKind.SPIN_IRQSAVE, "uart_port_unlock_irqrestore")
LOCKS["mutex_lock"] = (LockKind.MUTEX, "mutex_unlock")
LOCKS["mutex_lock_interruptible"] = (LockKind.MUTEX, "mutex_unlock")
# Interrupts off on this CPU, or this IRQ line masked: the handler cannot run meanwhile.
LOCKS["local_irq_save"] = (LockKind.IRQ_OFF, "local_irq_restore")
LOCKS["local_irq_disable"] = (LockKind.IRQ_OFF, "local_irq_enable")
LOCKS["disable_irq"] = (LockKind.IRQ_MASKED, "enable_irq")
LOCKS["disable_irq_nosync"] = (LockKind.IRQ_MASKED, "enable_irq")
# Lock guards of <linux/cleanup.h>: `guard(spinlock_irqsave)(&lock);` holds to the end of the block.
GUARD_KINDS: dict[str, LockKind] = {
    "spinlock": LockKind.SPIN, "spinlock_irq": LockKind.SPIN_IRQ, "spinlock_irqsave": LockKind.SPIN_IRQSAVE,
    "spinlock_bh": LockKind.SPIN_BH, "raw_spinlock": LockKind.SPIN, "raw_spinlock_irq": LockKind.SPIN_IRQ,
    "raw_spinlock_irqsave": LockKind.SPIN_IRQSAVE, "mutex": LockKind.MUTEX,
    "irqsave": LockKind.IRQ_OFF, "irq": LockKind.IRQ_OFF,
    "read_lock": LockKind.SPIN, "write_lock": LockKind.SPIN, "read_lock_irqsave": LockKind.SPIN_IRQSAVE,
    "write_lock_irqsave": LockKind.SPIN_IRQSAVE,
}
SPIN_KINDS = frozenset({LockKind.SPIN, LockKind.SPIN_BH, LockKind.SPIN_IRQ, LockKind.SPIN_IRQSAVE})

# Accessors that make a plain shared variable safe, or are atomic by themselves.
ATOMIC_ACCESSOR_PREFIXES = ("atomic_", "atomic64_", "atomic_long_", "refcount_", "local_", "this_cpu_")
ATOMIC_ACCESSORS = frozenset({
    "READ_ONCE", "WRITE_ONCE", "smp_load_acquire", "smp_store_release", "set_bit", "clear_bit",
    "change_bit", "test_bit", "test_and_set_bit", "test_and_clear_bit", "test_and_change_bit",
    "__set_bit", "__clear_bit", "cmpxchg", "xchg", "try_cmpxchg", "data_race", "set_mask_bits",
})
ATOMIC_TYPES = frozenset({"atomic_t", "atomic64_t", "atomic_long_t", "refcount_t", "local_t",
                          "spinlock_t", "raw_spinlock_t", "struct mutex", "wait_queue_head_t",
                          "struct completion", "struct work_struct", "struct delayed_work", "struct tasklet_struct",
                          "struct timer_list", "struct list_head", "struct kref", "seqlock_t", "seqcount_t"})


def is_atomic_accessor(callee: str) -> bool:
    return callee in ATOMIC_ACCESSORS or callee.startswith(ATOMIC_ACCESSOR_PREFIXES)


WAIT_EVENT_PREFIX = "wait_event"

# Waiting for the handler: it calls complete(), process context sleeps until then.
# complete()/wait_for_completion() order everything the handler wrote before the
# wakeup, and what was set up before the hardware was started cannot race with
# it. (wait_event*() is not among these: its condition is a shared variable read
# while the handler writes it.)
HANDSHAKE_WAIT_PREFIXES = ("wait_for_completion", "readl_poll_timeout", "readx_poll_timeout",
                           "read_poll_timeout", "regmap_read_poll_timeout")

# Callbacks a subsystem calls with a lock held that the IRQ side takes too:
# struct -> fields whose functions run under it (the serial core holds port->lock).
# The kernel's logging calls: a value passed to one is printed, not used (a driver's own
# wrappers, `#define foo_info(fmt, ...) v4l2_info(...)`, are resolved through its macros).
LOG_CALLS = frozenset({
    "printk", "pr_emerg", "pr_alert", "pr_crit", "pr_err", "pr_warn", "pr_warning", "pr_notice", "pr_info",
    "pr_cont", "pr_debug", "pr_devel", "pr_err_ratelimited", "pr_warn_ratelimited", "pr_info_ratelimited",
    "pr_err_once", "pr_warn_once", "pr_info_once", "dev_emerg", "dev_alert", "dev_crit", "dev_err", "dev_warn",
    "dev_notice", "dev_info", "dev_dbg", "dev_vdbg", "dev_printk", "dev_err_ratelimited", "dev_warn_ratelimited",
    "dev_info_ratelimited", "dev_dbg_ratelimited", "dev_err_once", "dev_warn_once", "dev_info_once",
    "netdev_emerg", "netdev_alert", "netdev_crit", "netdev_err", "netdev_warn", "netdev_notice", "netdev_info",
    "netdev_dbg", "netif_err", "netif_warn", "netif_info", "netif_dbg", "v4l2_err", "v4l2_warn", "v4l2_info",
    "v4l2_dbg", "v4l_err", "v4l_warn", "v4l_info", "v4l_dbg", "dprintk", "drm_err", "drm_warn", "drm_info",
    "drm_dbg", "DRM_ERROR", "DRM_INFO", "DRM_DEBUG", "DRM_DEBUG_DRIVER", "DRM_DEBUG_KMS", "ata_port_info",
    "ata_port_err", "ata_port_warn", "ata_dev_info", "ata_dev_err", "ata_dev_warn", "shost_printk",
    "sdev_printk", "scmd_printk", "wiphy_err", "wiphy_warn", "wiphy_info", "wiphy_dbg", "trace_printk",
})

CALLED_LOCKED = {
    "uart_ops": frozenset({"start_tx", "stop_tx", "stop_rx", "set_mctrl", "enable_ms", "start_rx",
                           "throttle", "unthrottle", "flush_buffer"}),
}

# Methods a subsystem calls from a kernel thread of its own: struct -> fields (usbatm runs the
# heavy firmware init of its minidrivers in a kthread).
CALLED_IN_THREAD = {
    "usbatm_driver": frozenset({"heavy_init"}),
}

# Driver structs whose probe and remove the generic rule (a `*_driver` struct's probe/remove/
# shutdown member, at any depth) misses: named otherwise, or in a struct whose type does not end
# in `_driver`. Struct type -> member path (dotted, as StructInit.members() gives it) -> the
# entry point's kind ("probe" or "remove", kmodlint.driver.contexts.ContextKind values).
DRIVER_ENTRY_MEMBERS = {
    # struct acpi_driver embeds struct acpi_device_ops: `.ops = { .add = foo_add, .remove = ... }`
    "acpi_driver": {"ops.add": "probe", "ops.remove": "remove"},
    # an NTB client's struct ntb_client_ops (include/linux/ntb.h)
    "ntb_client": {"ops.probe": "probe", "ops.remove": "remove"},
    # struct auxiliary_driver embedded by a vendor's wrapper (mlx4, Intel IIDC)
    "mlx4_adrv": {"adrv.probe": "probe", "adrv.remove": "remove", "adrv.shutdown": "remove"},
    "iidc_auxiliary_drv": {"adrv.probe": "probe", "adrv.remove": "remove", "adrv.shutdown": "remove"},
}

# Functions registered to run asynchronously, concurrently with everything else:
# callee -> index of the callback argument.
ASYNC_CALLBACKS = {
    "INIT_WORK": 1, "INIT_DELAYED_WORK": 1, "INIT_WORK_ONSTACK": 1, "INIT_DEFERRABLE_WORK": 1,
    "timer_setup": 1, "setup_timer": 1, "tasklet_init": 1, "tasklet_setup": 1,
    "kthread_run": 0, "kthread_create": 0, "request_threaded_irq": 2, "devm_request_threaded_irq": 3,
}
