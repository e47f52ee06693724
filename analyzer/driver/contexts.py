"""Entry points by kind, the execution context of every function, and registration order.

An entry point is a function the kernel calls: the handler given to
request_irq() (hard-IRQ context), the thread_fn of a threaded IRQ, a tasklet
or timer (softirq), a work item, a kernel thread, a file_operations/proc_ops
method (a system call), a driver's probe/remove. A registration through the
driver's own wrapper (`foo_setup_irq(priv, foo_isr)` whose body passes its
parameter to devm_request_irq()) registers the caller's argument: wrappers are
followed to any depth. A function runs in the contexts of the entry points it
is reached from (calls through the driver's ops tables included for hard-IRQ
context, where a wrong guess costs most).
"""
from __future__ import annotations

from dataclasses import dataclass

from kmodlint import kernel
from kmodlint.facts import FactKind, UsageKind

from .callgraph import CallGraph, FunctionRef, function_name_of


class ContextKind(FactKind):
    """The kind of entry point a registration makes of a function (Registration.kind), which
    tells the context its code runs in."""

    HARDIRQ = "hardirq"  # a hard-IRQ handler (or an hrtimer)
    IRQ_THREAD = "irq-thread"  # the thread_fn of a threaded IRQ
    SOFTIRQ = "softirq"  # a tasklet, a timer, a NAPI poll
    WORK = "work"  # a work item
    KTHREAD = "kthread"  # a kernel thread's function
    SYSCALL = "syscall"  # a method of an ops table a system call reaches
    PROBE = "probe"
    REMOVE = "remove"


HARDIRQ, IRQ_THREAD, SOFTIRQ, WORK, KTHREAD, SYSCALL, PROBE, REMOVE = ContextKind
# Contexts whose code runs in a kernel thread (no signals unless the thread asks for them).
THREAD_KINDS = frozenset({IRQ_THREAD, WORK, KTHREAD})

# callee -> ((argument index, kind), ...): the calls that hand a function to the kernel.
REGISTRATIONS: dict[str, tuple[tuple[int, ContextKind], ...]] = {}
for _name, (_hard, _thread) in kernel.IRQ_REGISTRATION.items():
    REGISTRATIONS[_name] = ((_hard, HARDIRQ),) + (((_thread, IRQ_THREAD),) if _thread >= 0 else ())
for _name, _index in kernel.ASYNC_CALLBACKS.items():
    if _name not in kernel.IRQ_REGISTRATION:
        _kind = SOFTIRQ if _name.startswith(("timer_", "setup_timer", "tasklet_")) else \
            KTHREAD if _name.startswith("kthread_") else WORK
        REGISTRATIONS[_name] = ((_index, _kind),)
REGISTRATIONS.update({
    "kthread_create_on_node": ((0, KTHREAD),), "kthread_run_on_cpu": ((0, KTHREAD),),
    "kthread_create_on_cpu": ((0, KTHREAD),), "kthread_init_work": ((1, KTHREAD),),
    "kthread_init_delayed_work": ((1, KTHREAD),), "INIT_RCU_WORK": ((1, WORK),),
    "devm_work_autocancel": ((2, WORK),), "devm_delayed_work_autocancel": ((2, WORK),),
    "tasklet_hrtimer_init": ((1, SOFTIRQ),), "hrtimer_setup": ((1, HARDIRQ),),
    # NAPI poll functions run in softirq context, concurrently with the hard handler on another CPU.
    "netif_napi_add": ((1, SOFTIRQ),), "netif_napi_add_weight": ((1, SOFTIRQ),),
    "netif_napi_add_tx": ((1, SOFTIRQ),), "netif_napi_add_tx_weight": ((1, SOFTIRQ),),
    "netif_napi_add_config": ((1, SOFTIRQ),),
})
# Contexts whose code runs while the device interrupts (not setup).
LIVE_KINDS = frozenset({SYSCALL, WORK, KTHREAD, SOFTIRQ, IRQ_THREAD})
# What masks a handler's own line until the deferred work unmasks it.
MASKING = ("disable_irq_nosync", "disable_irq")
# Entry points remembered per function (Contexts._entry_labels): more than the roots of any
# "reached only from these" question in practice (a handler, its thread and its deferred work).
_LABEL_CAP = 16
# What a handler calls to run deferred code: the callee -> the argument naming the deferred item.
SCHEDULES = {"tasklet_schedule": 0, "tasklet_hi_schedule": 0, "schedule_work": 0, "queue_work": 1,
             "schedule_delayed_work": 0, "queue_delayed_work": 1, "kthread_queue_work": 1,
             "mod_delayed_work": 1, "wake_up_process": 0, "mod_timer": 0, "add_timer": 0,
             "hrtimer_start": 0, "napi_schedule": 0, "__napi_schedule": 0, "napi_schedule_irqoff": 0}
_STRUCT_KINDS = {"file_operations": SYSCALL, "proc_ops": SYSCALL}
# A method of another ops table (net_device_ops, ethtool_ops, v4l2_ioctl_ops, ...) is a system call
# the subsystem passes on, while the device is live, unless it is one that starts or stops it.
_SETUP_METHODS = ("open", "close", "init", "uninit", "probe", "remove", "release", "start", "stop", "setup",
                  "shutdown", "suspend", "resume", "startup", "enable", "disable", "attach", "detach",
                  "prepare", "unprepare", "power", "reset", "free", "alloc", "exit", "destroy", "create")
_DRIVER_FIELDS = {"probe": PROBE, "remove": REMOVE, "remove_new": REMOVE, "shutdown": REMOVE}
# The probe/remove members the generic rule misses, bus by bus (kmodlint.kernel).
_DRIVER_ENTRY_MEMBERS = {struct: {member: ContextKind(kind) for member, kind in members.items()}
                         for struct, members in kernel.DRIVER_ENTRY_MEMBERS.items()}


@dataclass(frozen=True)
class Registration:
    """One call that hands `function` to the kernel as a `kind` entry point."""

    kind: ContextKind
    function: FunctionRef
    site: FunctionRef  # the function making the call
    call: object  # the Call (the outermost one when through wrappers)
    path: str  # the file of the call
    partner: FunctionRef | None = None  # the other half of a threaded IRQ registration
    oneshot: bool = False  # the IRQ line stays masked while the thread_fn runs
    member: str = ""  # for a struct initializer: the member holding the function ("probe", "driver.probe")


def _item_name(argument: str) -> str:
    """`&priv->rx_tasklet` -> rx_tasklet: what ties a schedule call to its registration."""
    text = argument.strip().lstrip("&").strip()
    for separator in ("->", "."):
        text = text.rpartition(separator)[2]
    return text.strip(" )")


class Contexts:
    def __init__(self, graph: CallGraph):
        self.graph = graph
        self.registrations: list[Registration] = []
        self.deferred_items: dict[FunctionRef, set[str]] = {}  # function -> work/tasklet names it is registered on
        folder = graph.folder
        # (wrapper function, parameter index, kind, site of the innermost registration)
        todo = []
        for path, facts in folder.files.items():
            for call in facts.calls_to(*REGISTRATIONS):
                todo.append((path, call, REGISTRATIONS[call.callee], call))
        seen_wrappers: set[tuple[FunctionRef, int, str]] = set()
        while todo:
            path, call, positions, outer = todo.pop()
            site = FunctionRef(path, call.function)
            found = {}
            for index, kind in positions:
                if index >= len(call.args):
                    continue
                name = function_name_of(call.args[index])
                ref = graph.resolve(name, path) if name else None
                if ref is not None:
                    found[kind] = ref
                    continue
                stored = graph.stored_in(call.args[index]) if not name else set()
                if stored:  # `ha->isp_ops->intr_handler`: every function the driver stores there
                    for target in sorted(stored):
                        self.registrations.append(Registration(kind, target, site, outer, path))
                    continue
                definition = graph.definition(site) if call.function else None
                params = [p.name for p in definition.params] if definition is not None else []
                if name and name in params:  # the driver's own wrapper: its callers register
                    wrapper = (site, params.index(name), kind)
                    if wrapper not in seen_wrappers:
                        seen_wrappers.add(wrapper)
                        for caller, wrapped in graph.callers(site):
                            todo.append((caller.path, wrapped, ((params.index(name), kind),), wrapped))
            flags = " ".join(call.args)
            if IRQ_THREAD in found and "IRQF_ONESHOT" not in flags:
                flags += " " + graph.function_text(site)  # `irqflags |= IRQF_ONESHOT;` before the call
            hard, thread = found.get(HARDIRQ), found.get(IRQ_THREAD)
            hard_named = any(kind == HARDIRQ and index < len(call.args) and function_name_of(call.args[index])
                             for index, kind in positions)
            for kind, ref in found.items():
                partner = thread if kind == HARDIRQ else hard if kind == IRQ_THREAD else None
                oneshot = kind == IRQ_THREAD and ("IRQF_ONESHOT" in flags or not hard_named)
                self.registrations.append(Registration(kind, ref, site, outer, path, partner, oneshot))
                if kind in (SOFTIRQ, WORK, KTHREAD) and positions[0][0] > 0 and call.args:
                    self.deferred_items.setdefault(ref, set()).add(_item_name(call.args[0]))
        for path, facts in folder.files.items():
            for init in facts.struct_inits:
                kind = _STRUCT_KINDS.get(init.struct)
                entries = _DRIVER_ENTRY_MEMBERS.get(init.struct, {})
                for key, value in init.fields:
                    field_kind = kind or entries.get(key) \
                        or (KTHREAD if key in kernel.CALLED_IN_THREAD.get(init.struct, ()) else None) \
                        or (_DRIVER_FIELDS.get(key) if init.struct.endswith("_driver") else None) \
                        or (SYSCALL if init.struct.endswith("_ops") and not any(w in key for w in _SETUP_METHODS)
                            else None)
                    name = function_name_of(value)
                    ref = graph.resolve(name, path) if name and field_kind else None
                    if ref is not None:
                        self.registrations.append(Registration(field_kind, ref, FunctionRef(path, ""), init, path,
                                                               member=key))
                if init.struct.endswith("_driver") or entries:
                    # A probe set in a member of the driver struct: the struct device_driver a bus
                    # driver embeds (`.driver = { .probe = foo_probe }` of an eisa_driver, an
                    # fsi_driver's `.drv`), a bus driver a wrapper embeds (a uvc_driver's usb_driver),
                    # or a bus's own ops (an acpi_driver's `.ops.add`: kernel.DRIVER_ENTRY_MEMBERS).
                    generic = init.struct.endswith("_driver")
                    for key, value in init.nested:
                        field_kind = entries.get(key) or (_DRIVER_FIELDS.get(key.rpartition(".")[2]) if generic else None)
                        name = function_name_of(value) if field_kind else None
                        ref = graph.resolve(name, path) if name else None
                        if ref is not None:
                            self.registrations.append(Registration(field_kind, ref, FunctionRef(path, ""), init,
                                                                   path, member=key))
        self.entry_points = {r.function for r in self.registrations}
        # Methods a subsystem calls with its own lock held (the serial core's port lock).
        self.called_locked = {ref for path, facts in folder.files.items() for init in facts.struct_inits
                              if init.struct in kernel.CALLED_LOCKED for key, value in init.fields
                              if key in kernel.CALLED_LOCKED[init.struct]
                              for ref in [graph.resolve(function_name_of(value), path)] if ref is not None}
        self.roots: dict[str, set[FunctionRef]] = {}
        for registration in self.registrations:
            self.roots.setdefault(registration.kind, set()).add(registration.function)
        self._sides = self._live = None
        self._masked: dict[FunctionRef, set] = {}
        self._handed: dict[FunctionRef, set] = {}
        self._outside_scheduled: set | None = None
        self._labels: dict | None = None
        self._irq_registrations: list | None = None
        self._by_function: dict | None = None
        self._by_partner: dict | None = None
        self.reached: dict[str, dict[FunctionRef, FunctionRef]] = {
            kind: graph.reachable(roots, through_pointers=kind == HARDIRQ) for kind, roots in self.roots.items()}

    # -- what runs where

    def hard_irq_root(self, ref: FunctionRef) -> FunctionRef | None:
        """The registered hard-IRQ handler `ref` is reached from (itself when it is one), or None."""
        return self.reached.get(HARDIRQ, {}).get(ref)

    def kinds(self, ref: FunctionRef) -> set[ContextKind]:
        return {kind for kind, reached in self.reached.items() if ref in reached}

    def irq_registrations(self) -> list[Registration]:
        if self._irq_registrations is None:  # asked per shared field: once per folder
            self._irq_registrations = [r for r in self.registrations if r.kind in (HARDIRQ, IRQ_THREAD)]
        return self._irq_registrations

    def _registered(self, function: FunctionRef) -> list[Registration]:
        """The registrations of `function` (indexed once: asked per handler of a large folder)."""
        if self._by_function is None:
            self._by_function = {}
            for registration in self.registrations:
                self._by_function.setdefault(registration.function, []).append(registration)
        return self._by_function.get(function, [])

    def _partnered(self, handler: FunctionRef) -> list[Registration]:
        """The registrations whose partner (the other half of a threaded IRQ) is `handler`."""
        if self._by_partner is None:
            self._by_partner = {}
            for registration in self.registrations:
                if registration.partner is not None:
                    self._by_partner.setdefault(registration.partner, []).append(registration)
        return self._by_partner.get(handler, [])

    def hard_handlers(self) -> set[FunctionRef]:
        return set(self.roots.get(HARDIRQ, ()))

    def deferred_from(self, handler: FunctionRef) -> set[FunctionRef]:
        """The entry points `handler` hands its work to: the thread_fn of its own threaded
        registration, and the tasklets/work items/threads it schedules or wakes. They run
        after it, on what it leaves them (and, for a oneshot thread, with the line masked)."""
        found = {r.partner for r in self._registered(handler) if r.kind == HARDIRQ and r.partner}
        scheduled = set()
        for ref in self.graph.reachable({handler}):
            facts = self.graph.folder.files.get(ref.path)
            if facts is None:
                continue
            for call in facts.calls_to(*SCHEDULES):
                if call.function == ref.name and SCHEDULES[call.callee] < len(call.args):
                    scheduled.add(_item_name(call.args[SCHEDULES[call.callee]]))
        found |= {ref for ref, items in self.deferred_items.items() if items & scheduled}
        return found

    # -- who runs with whom (for the rules about state the handler shares)

    def _only_from(self, roots: set, besides: set = frozenset()) -> set:
        """The functions reached from `roots` and from no other entry point (but `besides`)."""
        allowed = (set(roots) | set(besides)) & self.entry_points
        if len(allowed) >= _LABEL_CAP:  # more than the labels say: the whole walk
            others = self.graph.reachable(self.entry_points - allowed)
            return set(self.graph.reachable(roots)) - set(others)
        labels = self._entry_labels()
        return {ref for ref in self.graph.reachable(roots) if labels.get(ref, frozenset()) <= allowed}

    def _entry_labels(self) -> dict:
        """function -> the entry points that reach it, up to _LABEL_CAP of them (a function with
        more is reached from more than any `_only_from` question allows). Asked per handler,
        "reached from no other entry point" would walk the whole folder each time; with the
        labels it is a look-up. A walk from an entry point stops at a function that already has
        the cap: the entry points that gave it those went on through it, so everything below it
        has the cap too, and a label under the cap is exact."""
        if self._labels is None:
            labels: dict = {}
            for entry in sorted(self.entry_points):
                todo = [entry]
                while todo:
                    ref = todo.pop()
                    label = labels.setdefault(ref, set())
                    if entry in label or len(label) >= _LABEL_CAP:
                        continue
                    label.add(entry)
                    todo.extend(self.graph.callees.get(ref, ()))
            self._labels = labels
        return self._labels

    def sides(self) -> tuple[dict, set]:
        """({function: its handler} of the functions that run only in hard-IRQ context, the
        functions that run only outside it). A handler also called from a poll function is still
        a handler; a helper of both sides is on neither (its callers' locking decides)."""
        if self._sides is None:
            irq = self.reached.get(HARDIRQ, {})
            hard = self.hard_handlers()
            every = {FunctionRef(path, f.name) for path, facts in self.graph.folder.files.items() for f in facts.functions}
            outside = self.graph.reachable(every - set(irq))
            self._sides = ({ref: root for ref, root in irq.items() if ref in hard or ref not in outside},
                           set(outside) - set(irq))
        return self._sides

    def live(self, ref: FunctionRef, direct: bool = True) -> bool:
        """Does `ref` run while the device interrupts: a system call, work, a timer, NAPI, a thread
        (the entry point itself, or with `direct` False anything it calls), and nothing probe or
        remove also reach (setup runs before the device is started)?"""
        if self._live is None:
            setup = self.graph.reachable({r.function for r in self.registrations if r.kind in (PROBE, REMOVE)})
            entries = {r.function for r in self.registrations if r.kind in LIVE_KINDS} - set(setup)
            self._live = (entries, set(self.graph.reachable(entries)) - set(setup))
        return ref in self._live[0 if direct else 1]

    def masked_while(self, handler: FunctionRef) -> set:
        """The functions that run only while `handler`'s line is masked: its oneshot thread_fn, and
        the work it schedules after disable_irq_nosync() (which unmasks when done)."""
        if handler not in self._masked:
            roots = {r.function for r in self._partnered(handler) if r.kind == IRQ_THREAD and r.oneshot}
            files = self.graph.folder.files
            if any(c.function == ref.name for ref in self.graph.reachable({handler}) if ref.path in files
                   for c in files[ref.path].calls_to(*MASKING)):
                roots |= self.deferred_from(handler)
            self._masked[handler] = self._only_from(roots, {handler})
        return self._masked[handler]

    def woken_by(self, handler: FunctionRef) -> set:
        """The functions that run only in `handler`'s own thread_fn (woken by IRQ_WAKE_THREAD)."""
        return self._only_from({r.partner for r in self._registered(handler) if r.partner},
                               {handler})

    def handed_off_by(self, handler: FunctionRef) -> set:
        """The functions that run only as the tasklets, work, timers and NAPI polls `handler`
        schedules, and that nothing outside hard-IRQ context schedules too (a service task a
        timer also queues runs whenever the timer says): they run on what it stored before
        scheduling them. (Its thread_fn is not among them: without IRQF_ONESHOT the handler
        runs again while the thread reads.)"""
        if handler not in self._handed:
            partners = {r.partner for r in self._registered(handler)}
            self._handed[handler] = self._only_from(self.deferred_from(handler) - partners, {handler}) \
                - self._scheduled_outside_irq()
        return self._handed[handler]

    def _scheduled_outside_irq(self) -> set:
        """What the tasklets, work and timers scheduled from outside hard-IRQ context reach."""
        if self._outside_scheduled is None:
            irq, _ = self.sides()
            items = set()
            for path, facts in self.graph.folder.files.items():
                for call in facts.calls_to(*SCHEDULES):
                    index = SCHEDULES[call.callee]
                    if FunctionRef(path, call.function) not in irq and index < len(call.args):
                        items.add((path, _item_name(call.args[index])))
            # Matched by name within a file: the drivers of one folder share names (`done_task`).
            roots = {ref for ref, names in self.deferred_items.items() if any((ref.path, name) in items for name in names)}
            self._outside_scheduled = set(self.graph.reachable(roots))
        return self._outside_scheduled

    def asynchronous(self) -> set:
        """The entry points that run at any time, whatever a subsystem is doing: work, timers,
        tasklets, NAPI polls, kernel threads, thread_fns, and a user's system calls
        (file_operations, proc_ops)."""
        return set().union(*(self.roots.get(kind, ()) for kind in (WORK, SOFTIRQ, KTHREAD, IRQ_THREAD))) | {
            r.function for r in self.registrations
            if r.kind == SYSCALL and getattr(r.call, "struct", "") in ("file_operations", "proc_ops")}

    # -- kernel threads

    def only_in_threads(self, ref: FunctionRef) -> bool:
        """Does `ref` run only in kernel threads: reached from a kthread, work item or IRQ thread entry
        point and from no other kind (there `current` is the driver's own kernel thread)?"""
        kinds = self.kinds(ref)
        return bool(kinds) and kinds <= THREAD_KINDS

    def thread_starts(self) -> list[Registration]:
        """The calls that start a kernel thread of the driver and keep its task: kthread_run(),
        kthread_create() (or the driver's own wrapper of them) whose result is assigned (`priv->thread =
        kthread_run(...)`); Registration.call is that Call, Registration.path its file."""
        return [r for r in self.registrations
                if r.kind == KTHREAD and getattr(r.call, "usage", None) is UsageKind.ASSIGNED]
