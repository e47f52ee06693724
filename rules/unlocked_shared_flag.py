"""State shared between a hard-IRQ handler and the rest of the driver, with no lock."""
from __future__ import annotations

from analyzer import kernel
from analyzer.facts import reachable
from analyzer.rule import Rule

RULE = Rule(
    id="unlocked-shared-flag",
    title="Variable shared between an IRQ handler and process context without a lock or atomic",
    severity="warning",
    tags=("concurrency", "correctness", "irq"),
    precision="medium",
    triggers=(b"request_irq", b"request_threaded_irq", b"request_any_context_irq", b"irqreturn_t"),
    # The shared variable may be defined and used in any other file of the driver.
    folder_triggers=(b"static", b"extern", b"struct"),
    needs=("accesses",),
    help="""
Finds a file-scope variable, or a field of a driver struct reached through a
pointer of that struct type, that a hard-IRQ handler writes (the handler given
to request_irq/devm_request_irq/request_threaded_irq/..., and the static
functions it calls) and that the rest of the driver (fops, ioctl, read/write,
probe/remove, work items, the thread_fn of a threaded IRQ) reads or writes,
where neither side holds a spinlock, the variable is not atomic_t/atomic64_t/
refcount_t (`volatile` is no exemption), and the accesses do not go through
READ_ONCE/WRITE_ONCE, atomic_*(), set_bit/test_bit/clear_bit or
smp_load_acquire/smp_store_release.

Not reported: accesses between local_irq_save()/local_irq_restore() or
disable_irq()/enable_irq(), before the handler is registered or after
free_irq(), in a static function only ever called with a lock held, and a
local or parameter that shadows the variable.

**Why:** the handler can run between any two instructions of process context,
on this CPU or another. A read-modify-write (`count++`, `flags |= X`) in both
contexts loses updates; two variables written together can be seen half
updated; and the compiler may cache, tear or re-order plain accesses.

**Fix:** a spinlock taken with `spin_lock_irqsave()` in process context and
`spin_lock()` in the handler (never `spin_lock_irq()` in the handler: its
unlock re-enables interrupts), or make the variable `atomic_t`. For the single
flag set in the handler and waited for with `wait_event*()`/`wake_up*()`
(reported as a note), the wait/wake functions give the barriers, but
`WRITE_ONCE()`/`READ_ONCE()` (or atomic_t) state the intent, and anything
more than one flag needs the lock:

```c
spin_lock_irqsave(&priv->lock, flags);   /* process context */
priv->ready = false;
spin_unlock_irqrestore(&priv->lock, flags);

spin_lock(&priv->lock);                  /* in the handler */
priv->ready = true;
spin_unlock(&priv->lock);
```
""",
)

IRQ_SIDE_LOCKS = kernel.SPIN_KINDS | {"irq_off"}
PROCESS_SIDE_LOCKS = kernel.SPIN_KINDS | {"irq_off", "irq_masked"}


def _registered_handlers(folder):
    """Hard-IRQ handler names registered anywhere in the folder, and thread_fns."""
    hard, threads = {}, set()
    for path, facts in folder.files.items():
        for call in facts.calls_to(*kernel.IRQ_REGISTRATION):
            handler_index, thread_index = kernel.IRQ_REGISTRATION[call.callee]
            if handler_index < len(call.args) and call.args[handler_index].isidentifier():
                hard.setdefault(call.args[handler_index], []).append((path, call))
            if 0 <= thread_index < len(call.args):
                threads.add(call.args[thread_index])
    return hard, threads


def _held_by_callers(facts, function: str, kinds, seen=frozenset()) -> bool:
    """Is a static `function` only ever called with one of the lock `kinds` held?"""
    defined = facts.function(function)
    callers = facts.callers(function)
    if defined is None or not defined.static or not callers or function in seen:
        return False
    return all(any(r.kind in kinds for r in facts.regions_at(c.function, c.start_byte))
               or _held_by_callers(facts, c.function, kinds, seen | {function}) for c in callers)


def _protected(access, facts, kinds, registrations=()) -> bool:
    if any(r.kind in kinds for r in facts.regions_at(access.function, access.start_byte)):
        return True
    if _held_by_callers(facts, access.function, kinds):
        return True
    for call in registrations:  # before the handler exists
        if call.function == access.function and access.start_byte < call.start_byte:
            return True
    for call in facts.calls_to(*kernel.IRQ_RELEASE):  # after it is gone
        if call.function == access.function and call.end_byte <= access.start_byte:
            return True
    return False


def _is_atomic_type(key: str, facts, folder) -> bool:
    if key.startswith("struct "):
        struct, _, field = key[len("struct "):].rpartition(".")
        for other in [facts, *folder.files.values()]:
            definition = other.structs.get(struct)
            if definition is not None:
                field_type = definition.field_type(field) or ""
                return field_type in kernel.ATOMIC_TYPES or "atomic" in field_type
        return False
    variable = facts.global_var(key)
    return variable is not None and (variable.type in kernel.ATOMIC_TYPES or "atomic" in variable.type)


def _key_scope(key: str, path: str, facts) -> str:
    """A static variable is its file's own; everything else is shared by the folder."""
    variable = facts.global_var(key)
    return f"{path}::{key}" if variable is not None and variable.static else key


def _contexts(facts, hard):
    irq_roots = {f.name for f in facts.functions if f.name in hard}
    irq = reachable(facts, irq_roots)
    process = reachable(facts, {f.name for f in facts.functions if f.name not in irq})
    return irq, process


@RULE.check
def check(ctx):
    hard, threads = _registered_handlers(ctx.folder)
    if not hard:
        return
    facts = ctx.facts
    irq, _ = _contexts(facts, hard)
    if not irq:
        return
    registrations = [call for regs in hard.values() for _, call in regs]
    # Unprotected writes on the IRQ side, per variable.
    irq_writes: dict[str, list] = {}
    for access in facts.accesses:
        if access.function in irq and access.kind != "read" and not access.accessor \
                and not _protected(access, facts, IRQ_SIDE_LOCKS):
            irq_writes.setdefault(_key_scope(access.key, ctx.source.path, facts), []).append(access)
    if not irq_writes:
        return
    # Unprotected accesses everywhere else in the folder.
    other: dict[str, list] = {}
    for path, other_facts in sorted(ctx.folder.files.items()):
        other_irq, process = _contexts(other_facts, hard)
        file_registrations = [call for call in registrations if call in other_facts.calls]
        for access in other_facts.accesses:
            if access.function not in process or access.function in hard or access.accessor:
                continue
            if _protected(access, other_facts, PROCESS_SIDE_LOCKS, file_registrations):
                continue
            other.setdefault(_key_scope(access.key, path, other_facts), []).append((path, access))
    writes_per_handler: dict[str, set] = {}
    for key, writes in irq_writes.items():
        for write in writes:
            writes_per_handler.setdefault(write.function, set()).add(key)
    for key, writes in irq_writes.items():
        if key not in other or _is_atomic_type(key.rpartition("::")[2], facts, ctx.folder):
            continue
        first = min(writes, key=lambda a: a.start_byte)
        accesses = other[key]
        name = key.rpartition("::")[2]
        single_flag = (
            all(a.kind == "write" for a in writes)
            and all(a.kind == "write" or a.in_wait_condition for _, a in accesses)
            and any(a.in_wait_condition for _, a in accesses)
            and all(len(writes_per_handler[w.function]) == 1 for w in writes)
        )
        related = [ctx.related(a, f"{a.kind} in {a.function}(), outside the handler, without a lock", path)
                   for path, a in accesses[:4]]
        where = ", ".join(sorted({f"{a.function}()" for _, a in accesses})[:3])
        if single_flag:
            yield ctx.finding(
                first,
                f"'{name}' is set in IRQ handler {first.function}() and waited for with wait_event*() in "
                f"{where}: the wait/wake functions order the accesses, but use WRITE_ONCE()/READ_ONCE() or "
                f"atomic_t to say so, and take a lock once more than this one flag is shared",
                severity="note", related=related,
            )
            continue
        rmw = any(a.kind == "rmw" for a in writes) and any(a.kind == "rmw" for _, a in accesses)
        what = "read-modified-written in both contexts" if rmw else "written in the handler and used in " + where
        yield ctx.finding(
            first,
            f"'{name}' is shared between IRQ handler {first.function}() and {where} with no lock or atomic "
            f"access ({what}); protect it with a spinlock (spin_lock_irqsave() in process context, "
            f"spin_lock() in the handler) or make it atomic_t",
            related=related,
        )
